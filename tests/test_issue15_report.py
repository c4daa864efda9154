"""Issue 15, item 14: the rich report speaks German throughout, and reads well at 80 columns: wrapped messages
indent under their finding, the places of a name line up, "…" only where text was left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tqcheck.report.terminal import window

from .test_issue15_helpers import FIXTURE, ROOT, out, run

ENGLISH_FRAME = re.compile(
    r"finding\(s\)|no findings|one name|spellings|Summary|Weakest|Reference scores|\bmetric\b|\bsignature\b|"
    r"translation|\breference\b|failing at|\berror\b|\bwarning\b|\binfo\b|\bline\b"
)


def _report(columns: int, path: Path = FIXTURE, cwd: Path | None = None) -> str:
    return out(run("-f", "full", "--isolated", str(path), cwd=cwd or ROOT, env={"COLUMNS": str(columns)}))


@pytest.mark.parametrize("columns", [80, 160])
def test_frame_is_german(columns: int) -> None:
    text = _report(columns)
    frame = "\n".join(ln for ln in text.splitlines() if not ln.startswith("    "))  # not the article's lines
    frame = re.sub(r"„[^“]*“|\b[a-z]+_[a-z_]+\b", "", frame)  # quoted article text and rule ids aside
    assert not ENGLISH_FRAME.search(frame), ENGLISH_FRAME.search(frame)
    for word in ("Befunde", "Fehler", "Warnung", "Hinweis", "Zahlen zum Prüfen", "Übersicht", "Schreibungen"):
        assert word in text
    assert text.rstrip().endswith("(Schwelle: Fehler).")


def test_reference_tables_are_german() -> None:
    text = _report(120, ROOT / "fixtures" / "pairs" / "kuwait.de.txt", ROOT / "fixtures" / "pairs")
    assert "Referenzwerte (sacrebleu)" in text and "Schwächste Sätze nach chrF" in text
    assert re.search(r"chrF2\s+│\s+\d+,\d\d", text)  # 83,69, not 83.69
    assert "Übersetzung" in text and "Referenz " in text


def test_80_columns_layout() -> None:
    lines = _report(80).splitlines()
    assert max(map(len, lines)) <= 80
    # a finding's head starts two columns in; everything that belongs to it (wrapped message, the article's
    # line, the suggestion) sits four columns in, under it
    heads = [i for i, ln in enumerate(lines) if re.match(r"  \d+:\d+ +(Fehler|Warnung|Hinweis) ", ln)]
    assert len(heads) >= 7
    for i in heads:
        j = i + 1
        while j < len(lines) and lines[j].startswith("    "):
            j += 1
        assert j > i + 1  # at least the article's line
    wrapped = [lines[i + 1] for i in heads if not lines[i + 1].lstrip().startswith(("…", "→"))]
    assert wrapped and all(ln.startswith("    ") and not ln.startswith("     ") for ln in wrapped)
    # the severities of all findings of the file stand in one column
    assert len({re.search(r"(Fehler|Warnung|Hinweis)", lines[i]).start() for i in heads}) == 1


def test_name_group_aligns() -> None:
    lines = _report(80).splitlines()
    places = [ln for ln in lines if re.match(r"    \d+:\d+ +(Attleu|NORTLEU|NurtleU|Norteu) ", ln)]
    assert len(places) == 6
    assert len({re.search(r"Attleu|NORTLEU|NurtleU|Norteu", ln).start() for ln in places}) == 1
    assert any(ln.startswith("    auch gemeldet von case_allcaps_name (5:6, 7:1)") for ln in lines)


def test_ellipses_only_where_text_was_cut() -> None:
    line = "Laut NORTLEU könnten koordinierte Maßnahmen zwischen den Regionen die Bindungen verbessern."
    assert window(line, 5, 12, 200) == (line[:5], "NORTLEU", line[12:], False, False)
    before, span, after, left, right = window(line, 5, 12, 40)
    assert not left and right and span == "NORTLEU" and len(before + span + after) <= 38
    assert line.startswith(before + span + after)
    before, span, after, left, right = window(line, len(line) - 11, len(line) - 1, 40)
    assert left and not right and (before + span + after).endswith("verbessern.")
    assert not before.startswith(" ")  # cut at a space, not inside a word where one is near
