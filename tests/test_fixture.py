"""The user's own article: exactly the findings the issue expects, exit code 1."""

from __future__ import annotations

import json
import subprocess
import sys

from tqcheck.model import Severity

from .conftest import FIXTURES, check_text

ARTICLE = FIXTURES / "article-kuwait.txt"


def _findings(glossary=None):
    return check_text(ARTICLE.read_text(encoding="utf-8"), glossary=glossary)


def _at(findings, rule):
    return [(f.line, f.match) for f in findings if f.rule == rule]


def test_lexicon_errors_with_suggestions():
    fs = _findings()
    by_match = {f.match: f for f in fs if f.rule.startswith(("lex_", "ff_")) and f.severity == Severity.ERROR}
    assert by_match["Ministerentnahme"].line == 4
    assert "Ministertreffen" in by_match["Ministerentnahme"].suggestions
    assert by_match["Pressendienst"].line == 5
    assert by_match["Pressendienst"].suggestions[0] == "Pressedienst"
    assert by_match["Mineraleinlagen"].line == 8
    assert {"Mineralvorkommen", "Lagerstätten"} <= set(by_match["Mineraleinlagen"].suggestions)


def test_name_variants_at_every_place():
    fs = _findings()
    assert _at(fs, "name_variants") == [
        (4, "Attleu"),
        (5, "NORTLEU"),
        (7, "NORTLEU"),
        (8, "NurtleU"),
        (10, "NurtleU"),
        (11, "Norteu"),
    ]
    msg = next(f.message for f in fs if f.rule == "name_variants")
    for spelling in ("Attleu", "NORTLEU", "NurtleU", "Norteu"):
        assert spelling in msg


def test_glossary_spelling_is_suggested_everywhere():
    fs = _findings(glossary=["Murat Nurtleu"])
    variants = [f for f in fs if f.rule == "name_variants"]
    assert len(variants) == 6
    assert all(f.suggestions == ["Nurtleu"] for f in variants)


def test_casing_flags_wire_caps_but_not_dateline_or_acronyms():
    fs = _findings()
    assert _at(fs, "case_allcaps_name") == [(5, "NORTLEU"), (7, "NORTLEU")]
    assert _at(fs, "case_internal_capital") == [(8, "NurtleU"), (10, "NurtleU")]
    flagged = {f.match for f in fs}
    assert "ASTANA" not in flagged and "GCC" not in flagged


def test_numbers_magnitude_warning_and_no_format_finding():
    fs = _findings()
    mags = [f for f in fs if f.rule == "num_magnitude"]
    assert [(f.line, f.match, f.severity) for f in mags] == [(8, "46 Billionen US-Dollar", Severity.WARNING)]
    assert not [f for f in fs if f.rule in ("num_en_thousands", "num_en_decimal") and "5.000" in f.match]
    claims = {f.extra["claim"] for f in fs if f.rule == "num_claim"}
    assert {"mehr als 46 Billionen US-Dollar", "mehr als 5.000 Mineraleinlagen"} <= claims


def test_nothing_else_at_warning_or_error():
    fs = _findings()
    expected_rules = {
        "lex_ministerentnahme",
        "lex_pressendienst",
        "ff_mineral_einlagen",
        "name_variants",
        "case_allcaps_name",
        "case_internal_capital",
        "num_magnitude",
    }
    loud = {f.rule for f in fs if f.severity >= Severity.WARNING}
    assert loud == expected_rules
    soft = {f.match: f.severity for f in fs if f.rule in ("ff_beratungsrat", "calque_agroindustriell")}
    assert soft == {"Beratungsrat": Severity.INFO, "agroindustrielle Komplex": Severity.INFO}


def test_cli_exit_code_and_json_shape(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", str(ARTICLE), "--format", "json", "--no-config"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["version"] == 1
    keys = {
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "category",
        "message",
        "suggestions",
    }
    assert data["findings"] and all(keys <= set(f) for f in data["findings"])
    first = next(f for f in data["findings"] if f["rule"] == "lex_ministerentnahme")
    line = ARTICLE.read_text(encoding="utf-8").splitlines()[first["line"] - 1]
    assert line[first["column"] - 1 : first["end_column"] - 1] == "Ministerentnahme"
    assert data["summary"]["by_severity"]["error"] == 3


def test_checking_one_article_imports_no_heavy_module(tmp_path):
    """The pre-commit case (one article, cold start) stays cheap: none of the modules that only some inputs need is
    imported for a plain German article. ``regex`` (~15 ms) only for the few pack rules ``re`` cannot express,
    langdetect only for sentences that look English, sacrebleu only with a reference, rich and PyYAML not for
    ``--format json`` without a project rules.yaml."""
    code = (
        "import sys\n"
        "from tqcheck.cli import main\n"
        "try:\n"
        f"    main(['--format', 'json', {str(FIXTURES / 'article-kuwait.txt')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'regex', 'langdetect', 'sacrebleu', 'rich', 'yaml'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["findings"]  # it did check the article


def test_a_phrase_broken_across_lines_is_found_in_an_article():
    """Hard-wrapped copy breaks lines anywhere: "sagte" at a line's end and "dass" at the next line's start are one
    phrase for p_comma_dass (its pattern allows any whitespace). The rule's trigger " dass" must count as present,
    whether or not the article also holds " dass" elsewhere."""
    wrapped = "Der Minister sagte\ndass die Gespräche weitergehen.\n"
    also = wrapped + "Er betonte, dass nichts entschieden sei.\n"
    for text in (wrapped, also):
        found = [f for f in check_text(text, select=["p_comma_dass"])]
        assert [f.match for f in found] == ["sagte\ndass"], text
