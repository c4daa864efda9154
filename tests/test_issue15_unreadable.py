"""Issue 15, item 7: a file that could not be read is not counted as checked, and the summary says so."""

from __future__ import annotations

import json
from pathlib import Path

from .test_issue15_helpers import FIXTURE, err, out, run


def test_missing_file_is_not_a_checked_file(tmp_path: Path) -> None:
    proc = run("--isolated", "nope.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert out(proc).splitlines()[-1] == (
        "Found 0 finding(s) in 0 file(s): 0 error, 0 warning, 0 info; 1 file could not be read."
    )
    assert "nope.txt: no such file or directory" in err(proc)


def test_one_read_one_not(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(FIXTURE.read_bytes())
    proc = run("--isolated", "a.txt", "nope.txt", "gone.txt", cwd=tmp_path)
    assert proc.returncode == 2
    last = out(proc).splitlines()[-1]
    assert " in 1 file(s): " in last and last.endswith("; 2 files could not be read.")
    data = json.loads(out(run("--isolated", "-f", "json", "a.txt", "nope.txt", cwd=tmp_path)))
    assert data["summary"]["files"] == 1 and data["summary"]["files_with_errors"] == 1


def test_full_report_says_it_in_german(tmp_path: Path) -> None:
    text = out(run("--isolated", "-f", "full", "nope.txt", cwd=tmp_path, env={"COLUMNS": "160"}))
    assert "nope.txt: nicht lesbar: Datei oder Verzeichnis nicht gefunden" in text
    assert text.rstrip().endswith(
        "0 Befunde in 0 Dateien: 0 Fehler, 0 Warnungen, 0 Hinweise (Schwelle: Fehler); 1 Datei konnte nicht gelesen werden."
    )
