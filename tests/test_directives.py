"""Inline directives: ignore (next paragraph), off/on (region), ignore-file; unused ones are reported."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tqcheck import fixes
from tqcheck.config import Config, load_config
from tqcheck.directives import UNUSED_RULE, split_selectors
from tqcheck.engine import Engine
from tqcheck.model import Finding
from tqcheck.runner import load_document
from tqcheck.textio import Decoded

ROOT = Path(__file__).resolve().parent.parent

BAD = "Dann berichtete der Pressendienst des Ministeriums."  # lex_pressendienst (error, Fluency/Spelling)
CLEAN = "Das Treffen fand in Kuwait statt."


def directive_config(**settings) -> Config:
    """The default pack, which carries ``tq_unused_directive``."""
    cfg = load_config()
    assert UNUSED_RULE in cfg.rules
    return replace(cfg, **settings)


def check(text: str, path: str = "a.txt", cfg: Config | None = None) -> list[Finding]:
    doc = load_document(path, Decoded(text, "utf-8"))
    return Engine(cfg or directive_config()).check(doc)


def rules_at(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in findings if f.rule != "num_claim"]


# ------------------------------------------------------------------------------------------------ plain text
def test_text_bracket_line_ignores_only_the_next_line() -> None:
    text = f"[tqcheck: ignore lex_pressendienst]\n{BAD}\n{BAD}\n"
    assert rules_at(check(text)) == [("lex_pressendienst", 3)]


def test_text_comment_line_works_too_and_skips_blank_lines() -> None:
    text = f"<!-- tqcheck: ignore lex_pressendienst -->\n\n{BAD}\n"
    assert rules_at(check(text)) == []


def test_text_directive_line_is_not_prose() -> None:
    doc = load_document("a.txt", Decoded("[tqcheck: ignore Pressendienst, lex_]\nText.\n", "utf-8"))
    assert doc.text.startswith(" " * 30) and doc.raw.startswith("[tqcheck:")


def test_text_bracket_inside_a_sentence_is_not_a_directive() -> None:
    text = f"Er sagte [tqcheck: ignore lex_pressendienst] und {BAD}\n"
    assert ("lex_pressendienst", 1) in rules_at(check(text))


# ------------------------------------------------------------------------------------------------- Markdown
def test_markdown_ignore_covers_the_next_paragraph_up_to_the_blank_line() -> None:
    text = f"<!-- tqcheck: ignore lex_pressendienst -->\n{BAD}\n{BAD}\n\n{BAD}\n"
    assert rules_at(check(text, "a.md")) == [("lex_pressendienst", 5)]


def test_markdown_stacked_directives_apply_to_the_same_paragraph() -> None:
    text = f"<!-- tqcheck: ignore lex_pressendienst -->\n<!-- tqcheck: ignore ff_ -->\n{BAD} Mineraleinlagen.\n"
    assert rules_at(check(text, "a.md")) == []


@pytest.mark.parametrize("selector", ["", "lex_pressendienst", "lex_", "Fluency/Spelling", "fluency", "ALL"])
def test_selectors_id_prefix_category_and_blanket(selector: str) -> None:
    text = f"<!-- tqcheck: ignore {selector} -->\n{BAD}\n"
    assert rules_at(check(text, "a.md")) == []


def test_reason_after_double_dash_is_ignored() -> None:
    text = f"<!-- tqcheck: ignore lex_pressendienst -- so im Original -->\n{BAD}\n"
    assert rules_at(check(text, "a.md")) == []


def test_off_on_region() -> None:
    text = f"{BAD}\n\n<!-- tqcheck: off -->\n\n{BAD}\n\n{BAD}\n\n<!-- tqcheck: on -->\n\n{BAD}\n"
    assert [line for _, line in rules_at(check(text, "a.md"))] == [1, 11]


def test_off_with_rules_and_matching_on() -> None:
    text = (
        f"<!-- tqcheck: off lex_, Accuracy -->\n{BAD} Mineraleinlagen.\n<!-- tqcheck: on lex_, Accuracy -->\n"
        f"{BAD} Mineraleinlagen.\n"
    )
    assert sorted(rules_at(check(text, "a.md"))) == [("ff_mineral_einlagen", 4), ("lex_pressendienst", 4)]


def test_off_without_on_runs_to_the_end() -> None:
    text = f"[tqcheck: off lex_pressendienst]\n{BAD}\n\n\n{BAD}\n"
    assert rules_at(check(text)) == []


def test_ignore_file_anywhere() -> None:
    text = f"{BAD}\n{BAD}\n<!-- tqcheck: ignore-file lex_pressendienst -->\n"
    assert rules_at(check(text, "a.md")) == []


def test_other_rules_still_reported_in_a_suppressed_paragraph() -> None:
    text = f"<!-- tqcheck: ignore lex_pressendienst -->\n{BAD} Die Mineraleinlagen.\n"
    assert rules_at(check(text, "a.md")) == [("ff_mineral_einlagen", 2)]


# --------------------------------------------------------------------------------------------- unused ones
def _unused(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == UNUSED_RULE]


def test_unused_directive_is_reported_at_the_directive() -> None:
    text = f"{CLEAN}\n\n  <!-- tqcheck: ignore lex_pressendienst -->\n{CLEAN}\n"
    (f,) = _unused(check(text, "a.md"))
    assert (f.line, f.column) == (3, 3)
    assert f.match == "<!-- tqcheck: ignore lex_pressendienst -->"
    assert "lex_pressendienst" in f.message and str(f.severity) == "warning" and f.category == "Other"


def test_only_the_unused_selector_is_named() -> None:
    text = f"[tqcheck: ignore lex_pressendienst, ff_mineral_einlagen]\n{BAD}\n"
    (f,) = _unused(check(text))
    assert "ff_mineral_einlagen" in f.message and "lex_pressendienst" not in f.message


def test_blanket_unused() -> None:
    assert len(_unused(check(f"[tqcheck: ignore]\n{CLEAN}\n"))) == 1


def test_directive_at_the_end_with_nothing_after_it_is_unused() -> None:
    assert len(_unused(check(f"{BAD}\n<!-- tqcheck: ignore -->\n", "a.md"))) == 1


def test_unknown_rule_is_reported_with_a_hint() -> None:
    (f,) = _unused(check(f"[tqcheck: ignore lex_presendienst]\n{BAD}\n"))
    assert "unknown rule" in f.message and "lex_presendienst" in f.message and "lex_pressendienst" in f.message
    assert ("lex_pressendienst", 2) in rules_at(check(f"[tqcheck: ignore lex_presendienst]\n{BAD}\n"))


def test_unknown_verb_and_stray_on() -> None:
    found = _unused(check(f"[tqcheck: ignroe lex_pressendienst]\n{BAD}\n[tqcheck: on]\n"))
    assert [f.line for f in found] == [1, 3]
    assert "ignroe" in found[0].message


def test_off_region_that_suppressed_nothing() -> None:
    found = _unused(check(f"[tqcheck: off lex_]\n{CLEAN}\n[tqcheck: on]\n"))
    assert [f.line for f in found] == [1]


def test_not_reported_when_the_rule_is_not_selected() -> None:
    cfg = directive_config(ignore=[UNUSED_RULE])
    assert _unused(check(f"[tqcheck: ignore]\n{CLEAN}\n", cfg=cfg)) == []


def test_directive_for_a_rule_not_selected_this_run_is_left_alone() -> None:
    cfg = directive_config(ignore=["lex_pressendienst"])
    assert _unused(check(f"[tqcheck: ignore lex_pressendienst]\n{BAD}\n", cfg=cfg)) == []


def test_unused_directive_findings_can_themselves_be_silenced() -> None:
    text = f"[tqcheck: ignore-file tq_unused_directive]\n[tqcheck: ignore lex_]\n{CLEAN}\n"
    assert _unused(check(text)) == []


def test_unused_directive_fix_removes_the_line() -> None:
    text = f"{CLEAN}\r\n[tqcheck: ignore lex_pressendienst]\r\n{CLEAN}\r\n"
    (f,) = _unused(check(text))
    assert f.fix is not None and not f.fix.safe
    fixed, n = fixes.apply(text, [f], unsafe=True)
    assert (fixed, n) == (f"{CLEAN}\r\n{CLEAN}\r\n", 1)
    assert fixes.apply(text, [f], unsafe=False) == (text, 0)


def test_fresh_state_per_document() -> None:
    """Usage is recorded on the document's own directives; checking another document starts clean."""
    cfg = directive_config()
    engine = Engine(cfg)
    used = load_document("a.txt", Decoded(f"[tqcheck: ignore lex_]\n{BAD}\n", "utf-8"))
    idle = load_document("b.txt", Decoded(f"[tqcheck: ignore lex_]\n{CLEAN}\n", "utf-8"))
    assert _unused(engine.check(used)) == []
    assert len(_unused(engine.check(idle))) == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("lex_a, lex_b", ("lex_a", "lex_b")),
        ("lex_a lex_b", ("lex_a", "lex_b")),
        ("Locale convention, Accuracy/Untranslated text", ("Locale convention", "Accuracy/Untranslated text")),
        (" , ", ()),
    ],
)
def test_split_selectors(args: str, expected: tuple[str, ...]) -> None:
    assert split_selectors(args) == expected


def test_staged_rule_examples() -> None:
    """bad examples are flagged, good ones are not (run with the full pack: usage needs the other rules)."""
    cfg = directive_config()
    spec = cfg.rules[UNUSED_RULE]
    assert spec.kind == "directive"
    for text in spec.examples["bad"]:
        assert _unused(check(text, cfg=cfg)), text
    for text in spec.examples["good"]:
        assert not _unused(check(text, cfg=cfg)), text


def test_unused_directive_check_run_is_empty() -> None:
    from tqcheck.checks import KINDS
    from tqcheck.checks.analysis import DocumentAnalysis

    cfg = directive_config()
    check_obj = KINDS["directive"](cfg.rules[UNUSED_RULE], cfg)
    doc = load_document("a.txt", Decoded("[tqcheck: ignore]\nText.\n", "utf-8"))
    assert list(check_obj.run(doc, DocumentAnalysis(doc, cfg))) == []
