"""Baselines: adopt tqcheck on an archive with known findings; the gate then fails only on new ones."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck import baseline
from tqcheck.model import Finding, Severity

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"


def tqcheck(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", *args], cwd=cwd, capture_output=True, env=env, timeout=120
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_bytes(FIXTURE.read_bytes())
    assert tqcheck("article.txt", cwd=tmp_path).returncode == 1  # the fixture fails the gate today
    proc = tqcheck("--write-baseline", "baseline.json", "article.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    n = len(tqcheck("article.txt", cwd=tmp_path).stdout.splitlines()) - 1
    assert f"wrote {n} finding(s) to baseline baseline.json".encode() in proc.stderr
    return tmp_path


def _edit(path: Path, change) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_baseline_file_is_stable_json(repo: Path) -> None:
    data = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries = data["findings"]
    assert {"file", "rule", "match", "count"} == set(entries[0])
    assert {"file": "article.txt", "rule": "lex_pressendienst", "match": "Pressendienst", "count": 1} in entries
    assert entries == sorted(entries, key=lambda e: (e["file"], e["rule"], e["match"]))
    written = int(
        re.search(rb"wrote (\d+) finding", tqcheck("--write-baseline", "b2.json", "article.txt", cwd=repo).stderr)[1]
    )
    assert sum(e["count"] for e in entries) == written > 10


def test_baselined_findings_do_not_fail(repo: Path) -> None:
    proc = tqcheck("--baseline", "baseline.json", "article.txt", cwd=repo)
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == "Found 0 finding(s) in 1 file(s): 0 error, 0 warning, 0 info."


def test_robust_to_inserted_lines_and_path_spelling(repo: Path) -> None:
    _edit(repo / "article.txt", lambda t: "Neue Einleitung.\n\nNoch ein Absatz ohne Fehler.\n\n" + t)
    for path in ("article.txt", "./article.txt", str(repo / "article.txt")):
        proc = tqcheck("--baseline", "baseline.json", path, cwd=repo)
        assert proc.returncode == 0, (path, proc.stdout)


def test_new_artifact_fails_and_is_the_only_one_reported(repo: Path) -> None:
    _edit(repo / "article.txt", lambda t: t + "\nDie Ministerentnahmen sollen jährlich stattfinden.\n")
    proc = tqcheck("--baseline", "baseline.json", "article.txt", cwd=repo)
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 2 and "lex_ministerentnahme" in lines[0] and "Ministerentnahmen" in lines[0]
    assert lines[0].startswith("article.txt:13:")


def test_a_second_identical_artifact_is_new(repo: Path) -> None:
    """Counts matter: one known „Pressendienst“ does not forgive a second one."""
    _edit(repo / "article.txt", lambda t: t + "\nDer Pressendienst schwieg.\n")
    proc = tqcheck("--baseline", "baseline.json", "article.txt", cwd=repo)
    assert proc.returncode == 1
    assert proc.stdout.decode().count("lex_pressendienst") == 1


def test_fixed_findings_just_disappear(repo: Path) -> None:
    _edit(repo / "article.txt", lambda t: t.replace("Pressendienst", "Pressedienst"))
    assert tqcheck("--baseline", "baseline.json", "article.txt", cwd=repo).returncode == 0


def test_bad_baseline_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    for name in ("bad.json", "missing.json"):
        proc = tqcheck("--baseline", name, "a.txt", cwd=tmp_path)
        assert proc.returncode == 2
        assert len(proc.stderr.decode().strip().splitlines()) == 1


def _f(file: str, rule: str = "r", match: str = "m") -> Finding:
    return Finding(
        rule=rule, severity=Severity.ERROR, category="Other", message="x", start=0, end=1, file=file, match=match
    )


def test_filter_new_counts_and_path_normalisation(tmp_path: Path) -> None:
    target = tmp_path / "b.json"
    baseline.write(target, [_f("./x/a.txt"), _f("x/a.txt"), _f("x\\b.txt")])
    known = baseline.load(target)
    assert known[("x/a.txt", "r", "m")] == 2
    new = baseline.filter_new([_f("x/a.txt"), _f("x/./a.txt"), _f("x/a.txt"), _f("x/b.txt")], known)
    assert [f.file for f in new] == ["x/a.txt"]


@pytest.mark.parametrize(
    "content",
    ['{"version": 2, "findings": []}', '{"version": 1, "findings": [{"file": "a"}]}', "[]", "\xff"],
)
def test_load_rejects_foreign_files(tmp_path: Path, content: str) -> None:
    p = tmp_path / "b.json"
    p.write_text(content, encoding="latin-1")
    with pytest.raises(baseline.BaselineError):
        baseline.load(p)
