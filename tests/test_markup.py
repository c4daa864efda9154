"""Markdown/HTML masking: prose is checked, markup is not, and every offset still points into the file on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tqcheck.config import load_config
from tqcheck.engine import Engine
from tqcheck.markup import kind_of, prepare
from tqcheck.runner import load_document
from tqcheck.textio import read_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _visible(text: str, path: str = "a.md") -> str:
    """The masked text with runs of blanks collapsed, for readable assertions."""
    return " ".join(prepare(text, path).text.split())


def _assert_shape(original: str, masked: str) -> None:
    assert len(masked) == len(original)
    for a, b in zip(original, masked):  # masking only ever turns characters into spaces; breaks stay put
        assert b == a or (b == " " and a not in "\r\n")


@pytest.mark.parametrize(
    ("path", "kind"),
    [("a.md", "markdown"), ("A.MARKDOWN", "markdown"), ("x/b.html", "html"), ("b.htm", "html"), ("c.txt", "text")],
)
def test_kind_from_suffix(path: str, kind: str) -> None:
    assert kind_of(path) == kind
    assert prepare("Text.", path).kind == kind


def test_plain_text_is_untouched() -> None:
    text = "Laut [NORTLEU](https://x.org) `code` <b>fett</b> https://example.org\n"
    p = prepare(text, "a.txt")
    assert p.text == text and p.directives is None


@pytest.mark.parametrize(
    ("source", "kept", "gone"),
    [
        ("---\nautor: Pressendienst\n---\nProsa hier.\n", ["Prosa hier."], ["autor", "Pressendienst", "---"]),
        ("---\ntitle: Pressendienst\n---\nProsa hier.\n", ["Pressendienst Prosa hier."], ["title", "---"]),
        ("+++\ntitle = 'X'\n+++\nProsa.\n", ["X Prosa."], ["title", "'"]),
        ("Prosa.\n\n```python\nprint('Pressendienst')\n```\nWeiter.\n", ["Prosa.", "Weiter."], ["print", "```"]),
        ("Prosa.\n\n~~~~\nPressendienst\n~~~~\n", ["Prosa."], ["Pressendienst"]),
        ("Prosa.\n\n    eingerückter Code\n\nWeiter.\n", ["Prosa.", "Weiter."], ["eingerückter"]),
        ("Ein `Pressendienst` und ``a ` b`` hier.\n", ["Ein", "und", "hier."], ["Pressendienst", "`"]),
        ('Laut [Nurtleu](https://ex.org/a_(b) "Titel") heute.\n', ["Laut Nurtleu heute."], ["https", "Titel"]),
        ('Ein [Link][quelle] hier.\n\n[quelle]: https://ex.org "T"\n', ["Ein Link hier."], ["quelle", "https"]),
        ("Bild ![Alt Text](bild.png) da.\n", ["Bild Alt Text da."], ["![", "bild"]),  # alt text is prose
        ("Siehe https://ex.org/Pressendienst?x=1. Dann.\n", ["Siehe . Dann."], ["Pressendienst"]),
        ("Auch www.example.org/x und mail@example.org.\n", ["Auch und ."], ["example"]),
        ('Ein <span class="a>b">Wort</span> &nbsp; hier.\n', ["Ein Wort hier."], ["span", "nbsp"]),
        ("Vor <!-- Kommentar\nüber Zeilen --> nach.\n", ["Vor nach."], ["Kommentar"]),
        ("Fußnote[^1].\n\n[^1]: Die Fußnote ist Prosa.\n", ["Fußnote", "Die Fußnote ist Prosa."], ["^1"]),
        ("<script>\nvar s = 'Pressendienst';\n</script>\nProsa.\n", ["Prosa."], ["var", "script"]),
    ],
)
def test_markdown_masks_non_prose(source: str, kept: list[str], gone: list[str]) -> None:
    masked = prepare(source, "a.md").text
    _assert_shape(source, masked)
    visible = " ".join(masked.split())
    for k in kept:
        assert k in visible, visible
    for g in gone:
        assert g not in visible, visible


def test_markdown_list_continuation_is_prose_not_code() -> None:
    src = "- Punkt eins\n\n    Fortsetzung des Punkts\n"
    assert "Fortsetzung des Punkts" in _visible(src)


def test_unclosed_front_matter_is_a_thematic_break() -> None:
    assert "Prosa" in _visible("---\nProsa ohne Ende\n")


def test_directive_inside_code_is_not_a_directive() -> None:
    src = "```\n<!-- tqcheck: ignore -->\n```\n\nAuch `<!-- tqcheck: off -->` nicht.\n"
    assert prepare(src, "a.md").directives is None


def test_html_masks_tags_script_style_comments_entities() -> None:
    src = (
        "<!DOCTYPE html>\n<head><style>p.Pressendienst { color: red }</style>\n"
        "<script>var a = '<p>Pressendienst</p>';</script></head>\n"
        '<p class="x">Der <a href="https://ex.org/Pressendienst">Bericht</a>&nbsp;kam.</p>\n'
        "<!-- Notiz: Pressendienst --><p>Er sprach über <code>Pressendienst</code>.</p>\n"
    )
    p = prepare(src, "a.html")
    _assert_shape(src, p.text)
    visible = " ".join(p.text.split())
    assert visible == "Der Bericht kam. Er sprach über ."
    assert prepare(src, "a.htm").text == p.text


def test_crlf_files_keep_line_structure() -> None:
    src = "---\r\ntitle: x\r\n---\r\nProsa `Code`.\r\n\r\n```\r\nPressendienst\r\n```\r\n"
    p = prepare(src, "a.md")
    _assert_shape(src, p.text)
    assert " ".join(p.text.split()) == "x Prosa ."  # the title is prose (the headline)


def _check(path: Path) -> list:
    cfg = load_config()
    doc = load_document(str(path), read_text(path))
    return Engine(cfg).check(doc)


def test_markdown_fixture_findings_point_into_the_original_file() -> None:
    path = FIXTURES / "markdown" / "kuwait-treffen.md"
    findings = _check(path)
    raw_lines = path.read_text(encoding="utf-8").splitlines()
    rules = {f.rule for f in findings}
    assert {"lex_ministerentnahme", "lex_pressendienst"} <= rules
    for f in findings:
        assert f.match, f
        line = raw_lines[f.line - 1]
        assert line[f.column - 1 : f.column - 1 + len(f.match)] == f.match
    # URLs, image address, code, other front matter keys, reference definition: none of their "Pressendienst" or
    # "NORTLEU" is reported; the headline (title:) and the image's alt text are prose (issue 15).
    press = [f for f in findings if f.rule == "lex_pressendienst"]
    assert [f.line for f in press] == [2, 10, 15]
    assert not any("NORTLEU" in f.match for f in findings)
    # the directive silenced the quoted Mineraleinlagen
    assert "ff_mineral_einlagen" not in rules


def test_html_fixture() -> None:
    findings = _check(FIXTURES / "markdown" / "kuwait-treffen.html")
    by_rule = {(f.rule, f.line) for f in findings}
    assert ("lex_ministerentnahme", 10) in by_rule
    assert ("lex_pressendienst", 10) in by_rule  # the link text is prose
    assert ("ff_mineral_einlagen", 12) not in by_rule  # <!-- tqcheck: ignore Accuracy --> (category)
    assert ("ff_mineral_einlagen", 13) in by_rule  # closing </p> ended that paragraph
    assert not any(f.line in (5, 6) for f in findings)  # style, script


def test_masking_is_fast_enough_on_large_articles() -> None:
    para = "Laut [Nurtleu](https://ex.org/x) sagte `x` der <b>Minister</b> etwas. " * 40
    src = ("\n\n".join([para] * 200)) + "\n"
    masked = prepare(src, "big.md").text
    assert len(masked) == len(src)
    assert not re.search(r"https|<b>|`", masked)
