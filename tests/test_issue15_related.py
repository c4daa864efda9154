"""Issue 15, item 6: one place, one finding. Rules that flag exactly the same span are reported once, by the
rule that says most, with the others named in it (JSON ``related``); the checks themselves still see both, so
--fix, baselines and --select work per rule as before."""

from __future__ import annotations

import json
from pathlib import Path

from tqcheck.model import Finding, Severity
from tqcheck.report import merge_same_place

from .test_issue15_helpers import FIXTURE, out, run


def test_fixture_reports_each_name_place_once(tmp_path: Path) -> None:
    proc = run("--format", "json", "--isolated", str(FIXTURE), cwd=tmp_path)
    data = json.loads(out(proc))
    places = [(f["line"], f["column"], f["end_column"]) for f in data["findings"]]
    assert len(places) == len(set(places)), "two findings at one place"
    nortleu = [f for f in data["findings"] if f["match"] == "NORTLEU"]
    assert [f["rule"] for f in nortleu] == ["name_variants", "name_variants"]
    assert all(f["related"] == ["case_allcaps_name"] for f in nortleu)
    nurtleu = [f for f in data["findings"] if f["match"] == "NurtleU"]
    assert all(f["related"] == ["case_internal_capital"] for f in nurtleu)
    assert "related" not in next(f for f in data["findings"] if f["rule"] == "lex_pressendienst")
    assert data["summary"]["by_rule"].get("case_allcaps_name") is None


def test_concise_names_the_other_rule(tmp_path: Path) -> None:
    text = out(run("--isolated", str(FIXTURE), cwd=tmp_path))
    line = next(ln for ln in text.splitlines() if ":5:6:" in ln)
    assert " name_variants [warning] " in line and line.endswith("(auch case_allcaps_name)")
    assert not any(":5:6: case_allcaps_name" in ln for ln in text.splitlines())


def test_selecting_one_rule_still_reports_it(tmp_path: Path) -> None:
    text = out(run("--isolated", "--select", "case_allcaps_name", str(FIXTURE), cwd=tmp_path))
    assert text.count(" case_allcaps_name [warning] ") == 2 and "auch" not in text


def test_untranslated_sentence_copied_from_the_source_is_one_finding(tmp_path: Path) -> None:
    (tmp_path / "a.de.txt").write_text(
        "Die Regierung tagte am Montag in Berlin.\nThe minister said the talks had been very productive and useful.\n",
        encoding="utf-8",
    )
    (tmp_path / "a.en.txt").write_text(
        "The government met on Monday in Berlin.\nThe minister said the talks had been very productive and useful.\n",
        encoding="utf-8",
    )
    data = json.loads(out(run("--format", "json", "--isolated", "--source", "a.en.txt", "a.de.txt", cwd=tmp_path)))
    line2 = [f for f in data["findings"] if f["line"] == 2 and f["column"] == 1]
    assert len(line2) == 1
    assert line2[0]["rule"] == "src_copy" and line2[0]["related"] == ["untr_sentence"]  # the one with the source
    assert "source" in line2[0]


def _f(rule: str, sev: Severity, start: int, end: int, **extra) -> Finding:
    f = Finding(rule, sev, "Other", rule, start, end)
    f.extra.update(extra)
    return f


def test_merge_prefers_severity_then_what_says_most_and_keeps_order() -> None:
    a = _f("a", Severity.INFO, 0, 5)
    b = _f("b", Severity.ERROR, 0, 5)
    c = _f("c", Severity.WARNING, 7, 9)
    d = _f("d", Severity.WARNING, 7, 9, entity="X")
    e = _f("e", Severity.WARNING, 7, 10)  # another span: its own place
    merged = merge_same_place([a, b, c, d, e], {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4})
    assert [f.rule for f in merged] == ["b", "d", "e"]
    assert b.extra["related"] == ["a"] and d.extra["related"] == ["c"] and "related" not in e.extra
    assert merge_same_place([a, e], {}) == [a, e]
