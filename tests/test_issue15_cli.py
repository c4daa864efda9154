"""Issue 15, items 10 and 11: version and help as users expect them (Ruff, clig.dev), suggestions for mistyped
rule ids, --statistics with only the counts, --diff's exit status, --jobs, --exclude, --output-format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tqcheck import __version__

from .test_issue15_helpers import FIXTURE, err, out, run


@pytest.mark.parametrize("args", [("--version",), ("-V",), ("version",)])
def test_version(tmp_path: Path, args: tuple) -> None:
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 0 and out(proc) == f"tqcheck {__version__}\n"


def test_help_lists_the_subcommands(tmp_path: Path) -> None:
    for flag in ("--help", "-h"):
        text = out(run(flag, cwd=tmp_path))
        assert "tqcheck rules" in text and "tqcheck score" in text and "tqcheck version" in text
        assert "--output-format" in text and "--isolated" in text and "--show-settings" in text


@pytest.mark.parametrize(
    "args",
    [("rules", "-h"), ("rules", "list", "-h"), ("rules", "explain", "-h"), ("rules", "test", "-h"), ("score", "-h")],
)
def test_h_works_on_every_subcommand(tmp_path: Path, args: tuple) -> None:
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 0, err(proc)
    assert out(proc).startswith("Usage: tqcheck ")


@pytest.mark.parametrize("args", [("--explain", "name_variant"), ("rules", "explain", "name_variant")])
def test_explain_suggests_the_closest_rule(tmp_path: Path, args: tuple) -> None:
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert "unknown rule 'name_variant' (did you mean 'name_variants'?)" in err(proc)


def test_select_suggests_the_closest_rule(tmp_path: Path) -> None:
    proc = run("--select", "name_varaints", str(FIXTURE), cwd=tmp_path)
    assert proc.returncode == 2 and "(did you mean 'name_variants'?)" in err(proc)


def test_user_rule_one_edit_from_a_pack_id_says_did_you_mean(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text("rules:\n  - id: name_variant\n    severity: info\n", encoding="utf-8")
    proc = run(str(FIXTURE), cwd=tmp_path)
    assert proc.returncode == 2
    assert "did you mean 'name_variants'" in err(proc) and "missing 'kind'" not in err(proc)
    (tmp_path / "rules.yaml").write_text("rules:\n  - id: house_rule\n    severity: info\n", encoding="utf-8")
    assert "missing 'kind'" in err(run(str(FIXTURE), cwd=tmp_path))  # a new rule, far from every pack id


def test_statistics_prints_only_the_counts(tmp_path: Path) -> None:
    proc = run("--isolated", "--statistics", str(FIXTURE), cwd=tmp_path)
    lines = out(proc).splitlines()
    assert proc.returncode == 1  # the exit status is the check's
    assert lines and all(re.fullmatch(r"\s*\d+\t\w+\t\[(error|warning|info)\]\t[\w /-]+", ln) for ln in lines), lines
    assert lines[0].split("\t")[:3] == ["     6", "name_variants", "[warning]"]  # most frequent first
    data = json.loads(out(run("--isolated", "--statistics", "-f", "json", str(FIXTURE), cwd=tmp_path)))
    assert data[0] == {"rule": "name_variants", "count": 6, "severity": "warning", "category": "Fluency/Inconsistency"}


def test_diff_exit_status(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(FIXTURE.read_bytes())
    (tmp_path / "clean.txt").write_text("Das Treffen fand am Dienstag statt.\n", encoding="utf-8")
    assert run("--isolated", "--diff", "a.txt", cwd=tmp_path).returncode == 1
    clean = run("--isolated", "--diff", "clean.txt", cwd=tmp_path)
    assert clean.returncode == 0 and out(clean) == ""


def test_jobs(tmp_path: Path) -> None:
    for bad in ("-1", "-4"):
        proc = run("--isolated", "--jobs", bad, str(FIXTURE), cwd=tmp_path)
        assert proc.returncode == 2 and "--jobs" in err(proc) and out(proc) == ""
    zero = run("--isolated", "--jobs", "0", str(FIXTURE), cwd=tmp_path)  # 0: one process per core, as Ruff
    assert zero.returncode == 1 and out(zero) == out(run("--isolated", "-j", "1", str(FIXTURE), cwd=tmp_path))


def test_exclude_and_extend_exclude(tmp_path: Path) -> None:
    for rel in ("a.txt", "archiv/b.txt", "entwurf/c.txt"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text("Der Pressendienst meldete es.\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("settings:\n  exclude: [archiv]\n", encoding="utf-8")

    def files(*args: str) -> list[str]:
        return out(run("--show-files", *args, ".", cwd=tmp_path)).splitlines()

    assert files() == ["a.txt", "entwurf/c.txt"]
    assert files("--extend-exclude", "entwurf") == ["a.txt"]
    assert files("--exclude", "entwurf") == ["a.txt", "archiv/b.txt"]  # replaces the settings' list
    checked = run("--exclude", "*.txt", "--extend-exclude", "x", ".", cwd=tmp_path)
    assert checked.returncode == 0 and "in 0 file(s)" in out(checked)


def test_output_format_is_an_alias_of_format(tmp_path: Path) -> None:
    a = run("--isolated", "--output-format", "json", str(FIXTURE), cwd=tmp_path)
    b = run("--isolated", "--format", "json", str(FIXTURE), cwd=tmp_path)
    assert a.returncode == b.returncode == 1 and out(a) == out(b)
    assert json.loads(out(a))["version"] == 1
