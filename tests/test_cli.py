"""Command-line conventions (modelled on Ruff): selection, exit codes, output, rule docs, stdin, project config."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"
CONCISE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>\S+) \[(?P<sev>error|warning|info)\] .+$")


def tqcheck(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", *args], cwd=cwd, input=stdin, capture_output=True, env=env, timeout=120
    )


def findings(proc: subprocess.CompletedProcess) -> list[dict]:
    rows = []
    for line in proc.stdout.decode("utf-8").splitlines():
        m = CONCISE.match(line)
        if m:
            rows.append(m.groupdict() | {"text": line})
    return rows


def rules(proc: subprocess.CompletedProcess) -> set[str]:
    return {f["rule"] for f in findings(proc)}


@pytest.fixture(scope="module")
def plain() -> list[dict]:
    """The fixture's findings with default settings; other tests compare against these (the rule pack grows)."""
    return findings(tqcheck(str(FIXTURE), cwd=ROOT / "tests"))


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_bytes(FIXTURE.read_bytes())
    return tmp_path


def test_default_is_concise_when_not_a_tty(cwd: Path) -> None:
    proc = tqcheck("article.txt", cwd=cwd)
    assert proc.returncode == 1
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) > 10 and all(CONCISE.match(line) for line in lines[:-1])
    assert re.fullmatch(r"Found \d+ finding\(s\) in 1 file\(s\): \d+ error, \d+ warning, \d+ info\.", lines[-1])
    assert lines[-1].startswith(f"Found {len(lines) - 1} finding(s)")
    assert proc.stderr == b""


@pytest.mark.parametrize(
    ("option", "selector", "expected"),
    [
        ("--select", "lex_pressendienst", {"lex_pressendienst"}),
        ("--select", "lex_", {"lex_pressendienst", "lex_ministerentnahme"}),
        ("--select", "Fluency/Spelling", {"lex_pressendienst", "case_allcaps_name", "case_internal_capital"}),
        ("--select", "Locale convention,num_magnitude", {"num_magnitude"}),
        ("--select", "Accuracy", {"lex_ministerentnahme", "ff_mineral_einlagen", "num_magnitude"}),
    ],
)
def test_select_by_id_prefix_category(cwd: Path, option: str, selector: str, expected: set[str]) -> None:
    assert rules(tqcheck(option, selector, "article.txt", cwd=cwd)) == expected


def test_ignore_by_id_prefix_category(cwd: Path) -> None:
    everything = rules(tqcheck("article.txt", cwd=cwd))
    # name_variants reports the places the casing rules flag too (one finding per place); without it, they speak
    casing = {"case_allcaps_name", "case_internal_capital"}
    assert not casing & everything
    assert (
        rules(tqcheck("--ignore", "name_variants", "article.txt", cwd=cwd)) == everything - {"name_variants"} | casing
    )
    assert rules(tqcheck("--ignore", "case_", "article.txt", cwd=cwd)) == everything - {
        "case_allcaps_name",
        "case_internal_capital",
    }
    no_verification = rules(tqcheck("--ignore", "Verification", "article.txt", cwd=cwd))
    assert "num_claim" not in no_verification and "name_variants" in no_verification


def test_extend_select_adds_to_the_selection(cwd: Path) -> None:
    proc = tqcheck("--select", "lex_pressendienst", "--extend-select", "ff_", "article.txt", cwd=cwd)
    assert rules(proc) == {"lex_pressendienst", "ff_mineral_einlagen", "ff_beratungsrat"}


def test_fail_on_thresholds(cwd: Path) -> None:
    warnings_only = ("--select", "name_variants", "article.txt")
    assert tqcheck(*warnings_only, cwd=cwd).returncode == 0  # default fail_on: error
    assert tqcheck("--fail-on", "warning", *warnings_only, cwd=cwd).returncode == 1
    info_only = ("--select", "num_claim", "article.txt")
    assert tqcheck("--fail-on", "warning", *info_only, cwd=cwd).returncode == 0
    assert tqcheck("--fail-on", "info", *info_only, cwd=cwd).returncode == 1
    bad = tqcheck("--fail-on", "fatal", "article.txt", cwd=cwd)
    assert bad.returncode == 2 and len(bad.stderr.decode().strip().splitlines()) == 1


def test_exit_zero(cwd: Path, plain: list[dict]) -> None:
    proc = tqcheck("--exit-zero", "article.txt", cwd=cwd)
    assert proc.returncode == 0 and len(findings(proc)) == len(plain)


def test_statistics(cwd: Path, plain: list[dict]) -> None:
    text = tqcheck("--statistics", "article.txt", cwd=cwd).stdout.decode("utf-8")
    for rule in ("name_variants", "lex_pressendienst"):
        n = sum(1 for f in plain if f["rule"] == rule)
        assert re.search(rf"^\s*{n}\t{rule}\t\[", text, re.M), text
    assert sum(1 for f in plain if f["rule"] == "name_variants") == 6


def test_quiet_prints_only_failing_findings(cwd: Path, plain: list[dict]) -> None:
    proc = tqcheck("-q", "article.txt", cwd=cwd)
    lines = proc.stdout.decode("utf-8").splitlines()
    assert proc.returncode == 1
    errors = [f for f in plain if f["sev"] == "error"]
    assert len(lines) == len(errors) >= 3 and all("[error]" in line for line in lines)


def test_list_rules_and_rules_list(cwd: Path) -> None:
    a = tqcheck("--list-rules", cwd=cwd)
    b = tqcheck("rules", "list", cwd=cwd)
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout
    text = a.stdout.decode("utf-8")
    assert text.splitlines()[0].split()[:2] == ["rule", "sel"]
    assert re.search(r"^lex_pressendienst\s+on\s+error\s+Fluency/Spelling", text, re.M)


def test_explain_shows_examples(cwd: Path) -> None:
    proc = tqcheck("--explain", "lex_pressendienst", cwd=cwd)
    text = proc.stdout.decode("utf-8")
    assert proc.returncode == 0
    assert text.startswith("lex_pressendienst  (lexicon, error, Fluency/Spelling)")
    assert "flagged:" in text and "berichtete der Pressendienst des Ministeriums." in text
    assert "not flagged:" in text and "berichtete der Pressedienst des Ministeriums." in text
    assert tqcheck("rules", "explain", "lex_pressendienst", cwd=cwd).stdout == proc.stdout
    unknown = tqcheck("--explain", "lex_nope", cwd=cwd)
    assert unknown.returncode == 2 and b"unknown rule" in unknown.stderr


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_selector_is_a_one_line_usage_error(cwd: Path, option: str) -> None:
    proc = tqcheck(option, "lex_presendienst", "article.txt", cwd=cwd)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8").strip().splitlines()
    assert len(err) == 1 and "lex_presendienst" in err[0] and err[0].startswith("tqcheck: ")
    assert proc.stdout == b""


def test_stdin(cwd: Path, plain: list[dict]) -> None:
    proc = tqcheck("-", cwd=cwd, stdin=FIXTURE.read_bytes())
    assert proc.returncode == 1
    rows = findings(proc)
    assert len(rows) == len(plain) and {r["file"] for r in rows} == {"-"}
    named = tqcheck(
        "--stdin-filename", "artikel.md", "-", cwd=cwd, stdin=b"Der `Pressendienst` und der Pressendienst.\n"
    )
    assert [(r["file"], r["col"]) for r in findings(named)] == [("artikel.md", "29")]


def test_several_files(cwd: Path, plain: list[dict]) -> None:
    (cwd / "clean.txt").write_text("Das Treffen fand am Dienstag in Kuwait statt.\n", encoding="utf-8")
    (cwd / "b.md").write_text("Der Pressendienst meldete es.\n", encoding="utf-8")
    proc = tqcheck("article.txt", "clean.txt", "b.md", cwd=cwd)
    files = [r["file"] for r in findings(proc)]
    assert set(files) == {"article.txt", "b.md"}
    assert files == sorted(files, key=["article.txt", "b.md"].index)  # in argument order
    assert proc.stdout.decode().splitlines()[-1].startswith(f"Found {len(plain) + 1} finding(s) in 3 file(s)")


def test_missing_file_is_exit_2_with_the_reason(cwd: Path, plain: list[dict]) -> None:
    proc = tqcheck("article.txt", "nope.txt", cwd=cwd)
    assert proc.returncode == 2
    assert "nope.txt" in proc.stderr.decode() and len(findings(proc)) == len(plain)


def test_project_rules_yaml_in_cwd(cwd: Path) -> None:
    (cwd / "rules.yaml").write_text(
        "version: 1\n"
        "settings:\n"
        '  glossary: ["Murat Nurtleu"]\n'
        "rules:\n"
        "  - id: num_claim\n"
        "    enabled: false\n"
        "  - id: lex_pressendienst\n"
        "    severity: warning\n",
        encoding="utf-8",
    )
    proc = tqcheck("article.txt", cwd=cwd)
    rows = findings(proc)
    assert "num_claim" not in {r["rule"] for r in rows}
    assert [r["sev"] for r in rows if r["rule"] == "lex_pressendienst"] == ["warning"]
    names = [r for r in rows if r["rule"] == "name_variants"]
    assert len(names) == 6
    assert all(r["text"].endswith("→ Nurtleu") for r in names), [r["text"] for r in names]
    # --no-config ignores it; --config points elsewhere
    assert "num_claim" in rules(tqcheck("--no-config", "article.txt", cwd=cwd))


def test_broken_project_config_names_file_and_line(cwd: Path) -> None:
    (cwd / "rules.yaml").write_text("rules:\n  - id: lex_pressendienst\n    severty: warning\n", encoding="utf-8")
    proc = tqcheck("article.txt", cwd=cwd)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8").strip()
    assert len(err.splitlines()) == 1 and "rules.yaml" in err and "severity" in err


def test_unknown_format_is_usage_error(cwd: Path) -> None:
    proc = tqcheck("--format", "xml", "article.txt", cwd=cwd)
    assert proc.returncode == 2 and b"unknown format" in proc.stderr


def test_output_file_that_is_not_a_regular_file_is_written_through(tmp_path):
    """``-o /dev/null`` or a FIFO must be written to, never replaced by a renamed temporary file."""
    import threading

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", str(FIXTURE), "--no-config", "-f", "json", "-o", str(fifo)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    reader.join(timeout=30)
    assert proc.returncode == 1, proc.stderr
    assert fifo.is_fifo()
    assert b'"version": 1' in received[0]


def test_progress_bar_only_on_a_terminal(tmp_path):
    """Long runs show progress on a terminal's standard error, and nothing of it reaches a pipe or CI log."""
    import pty

    folder = tmp_path / "archive"
    folder.mkdir()
    for i in range(210):
        (folder / f"a{i:03d}.txt").write_text("Der Minister reiste am Montag nach Kuwait.\n", encoding="utf-8")
    piped = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", str(folder), "--no-config", "-j", "1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert piped.returncode == 0 and "checking" not in piped.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tqcheck.cli", str(folder), "--no-config", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=tmp_path,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(master)
    assert proc.returncode == 0
    assert b"checking" in seen


def test_rules_subcommand_alone_lists_rules(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "rules"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^lex_pressendienst\s+on\s+error\s+Fluency/Spelling", proc.stdout, re.M)
