"""Issue 19, item 20: text in decomposed form (NFD) and with invisible break characters (soft hyphens) is checked
as the reader sees it, and every finding points at the original characters.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tqcheck import chunks
from tqcheck.config import load_config
from tqcheck.document import Document, build_view, needs_view, reader_form
from tqcheck.engine import Engine
from tqcheck.reading import check_one
from tqcheck.resolve import Options

from .conftest import check_text

ARTICLE = (
    "Das Heimbüro der Beratungsräte wurde eröffnet.\n"
    "Die Ministerentnahme war umstritten, sagte Außenminister Jürgen Müller.\n"
    "Präsident Erdoğan reiste nach Baku. Dort sagte Erdogan, die Gespräche seien gut.\n"
    "Später hieß es, das Heimbüro sei überfüllt.\n"
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def tq(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "-j", "1", "--isolated", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _what(findings) -> list[tuple]:
    return [(f.rule, f.severity, f.message, tuple(f.suggestions)) for f in findings]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and code-point column, counted directly (the expected value, not the engine's)."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def test_an_nfd_article_gets_the_findings_of_its_nfc_form_at_its_own_positions() -> None:
    decomposed = nfd(ARTICLE)
    assert decomposed != ARTICLE
    want = check_text(ARTICLE)
    got = check_text(decomposed)
    assert {"calque_heimbuero", "ff_beratungsrat", "lex_ministerentnahme", "name_variants"} <= {f.rule for f in want}
    assert _what(got) == _what(want)
    for f in got:
        assert reader_form(f.match) in ARTICLE
        assert f.match == decomposed[f.start : f.end]
        assert (f.line, f.column) == _line_col(decomposed, f.start)
        assert (f.end_line, f.end_column) == _line_col(decomposed, f.end)


def test_a_soft_hyphen_inside_a_word_is_read_through_and_quoted() -> None:
    text = "Die Minister\u00adentnahme war umstritten.\n"
    (f,) = [f for f in check_text(text) if f.rule == "lex_ministerentnahme"]
    (g,) = [f for f in check_text(text.replace("\u00ad", "")) if f.rule == "lex_ministerentnahme"]
    assert (f.message, f.suggestions) == (g.message, g.suggestions)
    assert f.match == "Minister\u00adentnahme" == text[f.start : f.end]
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 5, 1, 22)


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060"])
def test_zero_width_space_and_word_joiner_inside_a_word_are_read_through(invisible: str) -> None:
    text = f"Die Minister{invisible}entnahme war umstritten.\n"
    assert [f.match for f in check_text(text) if f.rule == "lex_ministerentnahme"] == [f"Minister{invisible}entnahme"]


def test_spans_next_to_a_removed_soft_hyphen_map_to_the_right_side() -> None:
    raw = "Minister\u00adentnahme"
    doc = Document("<t>", raw)
    assert doc.text == "Ministerentnahme"
    assert raw[slice(*doc.to_raw(0, 8))] == "Minister"  # ends just before the soft hyphen
    assert raw[slice(*doc.to_raw(8, 16))] == "entnahme"  # starts just after it
    assert raw[slice(*doc.to_raw(0, 16))] == raw  # spans it
    assert doc.to_raw(8, 8)[0] == doc.to_raw(8, 8)[1]  # an empty span stays empty
    assert doc.to_view(9) == doc.to_view(8) == 8 and doc.to_view(17) == 16  # and back, for a placed finding
    assert doc.view_line_col(8) == (1, 10)  # a check's offset placed in the original (source spans, scores)


@pytest.mark.parametrize(
    "text",
    [
        ARTICLE,
        nfd(ARTICLE),
        "Minister\u00ad\u00adentnahme a\u00ad\u0308 u\u0308\u0301 \u1100\u1161\u11a8 e\u0301\u00ad",
        "\u00ad",
        nfd("Äußerst ä") + "\u2060",
    ],
)
def test_the_view_is_the_reader_form_and_maps_every_offset_into_the_original(text: str) -> None:
    view, vmap = build_view(text)
    assert view == reader_form(text)
    assert needs_view(text) == (view != text)
    prev = 0
    for v in range(len(view) + 1):
        s, e = vmap.start(v), vmap.end(v)
        assert 0 <= e <= len(text) and 0 <= s <= len(text) and s >= prev  # in range, monotone
        prev = s
        assert view[:v].startswith(reader_form(text[:s]))  # a span starts at or before its characters
        assert reader_form(text[:e]).startswith(view[:v])  # and ends at or after them


def test_a_name_spelt_once_nfd_once_nfc_is_one_spelling() -> None:
    text = f"Der Tennisspieler Đoković siegte. Danach sagte {nfd('Đoković')}, er sei müde. Đoković lachte."
    assert [f.match for f in check_text(text) if f.rule == "name_variants"] == []


def test_fix_writes_into_the_original_keeping_every_other_character(tmp_path: Path) -> None:
    original = nfd("Das Heimbüro öffnet. Die ") + "Minister\u00adentnahme" + nfd(" war schön.\n")
    path = tmp_path / "a.txt"
    path.write_text(original, encoding="utf-8")
    proc = tq(
        "--fix",
        "--unsafe-fixes",
        "--exit-zero",
        "--select",
        "calque_heimbuero,lex_ministerentnahme",
        "a.txt",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    want = original.replace(nfd("Heimbüro"), "Innenministerium").replace("Minister\u00adentnahme", "Ministertreffen")
    assert path.read_text(encoding="utf-8") == want


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_report_columns_are_code_points_of_the_original(tmp_path: Path, fmt: str) -> None:
    text = nfd("Später hieß es, das Heimbüro sei voll.\n") + "Die Minister\u00adentnahme blieb.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    proc = tq(
        "--format", fmt, "--exit-zero", "--select", "calque_heimbuero,lex_ministerentnahme", "a.txt", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    if fmt == "json":
        places = [(f["line"], f["column"], f["end_line"], f["end_column"]) for f in data["findings"]]
    else:
        regions = [r["locations"][0]["physicalLocation"]["region"] for r in data["runs"][0]["results"]]
        places = [(r["startLine"], r["startColumn"], r["endLine"], r["endColumn"]) for r in regions]
    i = text.index(nfd("Heimbüro"))
    j = text.index("Minister\u00adentnahme")
    want = [
        (*_line_col(text, i), *_line_col(text, i + len(nfd("Heimbüro")))),
        (*_line_col(text, j), *_line_col(text, j + len("Minister\u00adentnahme"))),
    ]
    assert sorted(places) == want


def test_pieces_of_a_huge_nfd_input_place_right(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = (
        nfd("Das Heimbüro der Beratungsräte wurde eröffnet. Die ") + "Minister\u00adentnahme" + nfd(" war schön.\n\n")
    )
    text = body * 60
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    cfg = load_config(None)
    from dataclasses import replace

    engine = Engine(replace(cfg, select=["calque_heimbuero", "lex_ministerentnahme", "ff_beratungsrat"]))
    whole = engine.check(Document(str(path), text))
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1000)
    res = check_one(engine, str(path), Options(paths=[str(path)]))
    assert len(whole) == 180
    assert [(f.rule, f.line, f.column, f.end_column, f.match) for f in res.findings] == [
        (f.rule, f.line, f.column, f.end_column, f.match) for f in whole
    ]
    assert all(f.match == text[f.start : f.end] for f in res.findings)
    assert "text" not in vars(res.document)  # each piece made its own view; the whole one was never needed
    assert not set(vars(Document("<t>", "Heimbüro"))) & {"text", "view_map"}  # nor any before it is read


def test_a_source_span_on_an_nfd_source_quotes_and_places_the_original() -> None:
    from tqcheck.checks.source import source_extra

    raw = nfd("Der Außenminister Jürgen Müller sprach.\nMüller sagte nichts.\n")
    src = Document("<source>", raw)
    v = src.text.index("Müller", 40)  # an offset into the checked (NFC) text, as the source checks give
    extra = source_extra(src, v, v + len("Müller"))
    r = raw.index(nfd("Müller"), raw.index("\n"))
    assert extra["text"] == raw[r : r + len(nfd("Müller"))]
    assert (extra["line"], extra["column"], extra["end_column"]) == (2, 1, 1 + len(nfd("Müller")))


def test_an_inline_directive_in_an_nfd_markdown_file_covers_its_own_paragraph(tmp_path: Path) -> None:
    text = nfd(
        "Über das Heimbüro wurde viel gesprochen, sagte Jürgen Müller über Äpfel.\n\n"
        "<!-- tqcheck: ignore calque_heimbuero -->\nDas Heimbüro öffnet.\n\nDas Heimbüro schließt später.\n"
    )
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    proc = tq(
        "--format", "json", "--exit-zero", "--select", "calque_heimbuero,tq_unused_directive", "a.md", cwd=tmp_path
    )
    found = json.loads(proc.stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [
        ("calque_heimbuero", 1, 11),
        ("calque_heimbuero", 6, 5),
    ]
