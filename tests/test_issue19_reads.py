"""Issue 19, hostile and careless input, the reading side: every file tqcheck reads besides articles (rules.yaml,
baselines, ``score`` inputs) and standard input get the article's checks; ``--jobs`` is capped; YAML aliases
cannot amplify a small rules.yaml into gigabytes; message templates are plain; configuration errors quote only
short excerpts, and a discovered rules.yaml linking out of its repository is not read.

Each test drives the real command line in its own process, under a ``timeout`` and, where memory is the hazard,
an address-space limit, so a regression fails fast instead of hanging or swapping the suite.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ARTICLE = "Berichtete der Pressendienst des Ministeriums am Montag.\n"  # one finding (lex_pressendienst)
CLEAN = "Ein ruhiger Satz ohne Auffälligkeiten.\n"
MEMORY = 1536 * 1024 * 1024  # address space for a child: a run that reads /dev/zero to the end cannot fit


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def tq(
    *args: str, cwd: Path, timeout: float = 60, stdin=None, jobs: bool = True, code: str | None = None
) -> subprocess.CompletedProcess:
    """The CLI (or ``code`` run as a script) in its own process with limited memory, no TTY."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1", COLUMNS="100")
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "tqcheck.cli", *(["-j", "1"] * jobs)]
    return subprocess.run(
        [*cmd, *args],
        cwd=cwd,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        env=env,
        timeout=timeout,
        preexec_fn=_limit_memory,
    )


def err_lines(proc: subprocess.CompletedProcess) -> list[str]:
    text = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    return [line for line in text.splitlines() if line.strip()]


def one_error(proc: subprocess.CompletedProcess, *needles: str, limit: int = 400) -> str:
    """Exit 2 and exactly one short line on standard error holding each of ``needles``."""
    lines = err_lines(proc)
    assert proc.returncode == 2, (proc.returncode, lines)
    assert len(lines) == 1, lines
    assert len(lines[0]) <= limit, len(lines[0])
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def rule(message: str = "m", extra: str = "") -> str:
    return (
        textwrap.dedent(
            f"""\
        rules:
          - id: p_probe
            kind: lexicon
            severity: error
            category: Style/Awkward
            message: {message!r}
            terms: ["Pressendienst"]
        """
        )
        + extra
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the repository root: discovery stops here
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    return tmp_path


# ------------------------------------------------------------------ 5: unbounded reads
def test_standard_input_from_dev_zero_is_refused_at_once(work: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = tq("-", cwd=work, stdin=zero, timeout=30)
    one_error(proc, "-:", "UTF-16")


def test_standard_input_is_capped_while_it_is_read(work: Path) -> None:
    """An endless stream of German text: the cap (lowered to 1 MB for the test) ends the read, not the stream."""
    code = "import sys, tqcheck.textio as t; t.MAX_BYTES = 1 << 20; from tqcheck.cli import main; main()"
    with subprocess.Popen(["yes", "Ein Satz ohne Ende."], stdout=subprocess.PIPE) as endless:
        try:
            proc = tq("--isolated", "-j", "1", "-", cwd=work, stdin=endless.stdout, timeout=30, code=code)
        finally:
            endless.kill()
    one_error(proc, "-:", "input too large (more than 1048576 bytes)")


@pytest.mark.parametrize("option", ["--config", "--baseline"])
@pytest.mark.parametrize(("node", "reason"), [("/dev/zero", "not a regular file (device)"), ("fifo", "named pipe")])
def test_config_and_baseline_must_be_regular_files(work: Path, option: str, node: str, reason: str) -> None:
    proc = tq(option, node, "a.txt", cwd=work, timeout=30)
    one_error(proc, f"{node}: ", reason)


@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_binary_config_and_baseline_are_refused(work: Path, option: str) -> None:
    (work / "bin").write_bytes(b"settings: {}\n\x00\x01\x02" * 10)
    one_error(tq(option, "bin", "a.txt", cwd=work, timeout=30), "bin: binary file (NUL byte at offset 13)")


@pytest.mark.parametrize(
    ("args", "size"),
    [
        (["--config", "big", "a.txt"], 17 * 1024 * 1024),
        (["--baseline", "big", "a.txt"], 257 * 1024 * 1024),
        (["score", "a.txt", "big"], 257 * 1024 * 1024),
    ],
)
def test_an_oversized_file_is_refused_before_it_is_read(work: Path, args: list[str], size: int) -> None:
    with (work / "big").open("wb") as fh:
        fh.truncate(size)  # sparse: nothing on disk
    one_error(tq(*args, cwd=work, timeout=30, jobs=args[0] != "score"), f"big: file too large ({size} bytes")


@pytest.mark.parametrize(
    ("hyp", "ref", "named"),
    [("/dev/zero", "h.txt", "/dev/zero"), ("h.txt", "/dev/zero", "/dev/zero"), ("h.txt", "fifo", "fifo")],
)
def test_score_refuses_devices_and_pipes(work: Path, hyp: str, ref: str, named: str) -> None:
    (work / "h.txt").write_text(CLEAN, encoding="utf-8")
    one_error(tq("score", hyp, ref, cwd=work, timeout=30, jobs=False), f"{named}: not a regular file")


def test_score_names_the_unreadable_reference_not_the_hypothesis(work: Path) -> None:
    (work / "h.txt").write_text(CLEAN, encoding="utf-8")
    (work / "r.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    line = one_error(tq("score", "h.txt", "r.txt", cwd=work, timeout=30, jobs=False), "r.txt: binary file (PNG")
    assert "h.txt" not in line


def test_score_reads_lines_as_before(work: Path) -> None:
    (work / "h.txt").write_text("Ein Satz.  \nZwei Sätze\r\n", encoding="utf-8")
    (work / "r.txt").write_text("Ein Satz.\nZwei Sätze.\n", encoding="utf-8")
    proc = tq("score", "h.txt", "r.txt", "-f", "tsv", cwd=work, timeout=60, jobs=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines()[1].split("\t")[:2] == ["h.txt", "2"]


# ------------------------------------------------------------------ 6: --jobs
POOL_PROBE = """
import concurrent.futures, sys
class Probe:
    def __init__(self, max_workers=None, **kw):
        print("max_workers", max_workers, flush=True)
        raise SystemExit(0)
concurrent.futures.ProcessPoolExecutor = Probe
from tqcheck.cli import main
main()
"""


def test_jobs_beyond_the_cores_and_files_start_no_more_processes(work: Path) -> None:
    for i in range(10):
        (work / f"f{i}.txt").write_text(CLEAN, encoding="utf-8")
    names = [f"f{i}.txt" for i in range(10)]
    proc = tq("--isolated", "--jobs", "10000", *names, cwd=work, timeout=60, code=POOL_PROBE)
    out = proc.stdout.decode()
    assert "max_workers" in out, (out, proc.stderr)
    workers = int(out.split("max_workers", 1)[1].split()[0])
    assert 1 <= workers <= min(10, os.cpu_count() or 1), workers


@pytest.mark.parametrize("value", ["-1", "-10000"])
def test_a_negative_jobs_is_a_usage_error(work: Path, value: str) -> None:
    one_error(tq("--jobs", value, "a.txt", cwd=work, timeout=30, jobs=False), "--jobs must be a positive number")


# ------------------------------------------------------------------ 7: YAML aliases
def test_an_alias_bomb_is_refused_while_loading(work: Path) -> None:
    anchored = "x" * 100_000
    bomb = rule().replace('terms: ["Pressendienst"]', f"terms: [&a {anchored}" + ", *a" * 50_000 + "]")
    (work / "rules.yaml").write_text(bomb, encoding="utf-8")
    assert (work / "rules.yaml").stat().st_size < 400_000
    proc = tq("a.txt", cwd=work, timeout=60)
    one_error(proc, "rules.yaml:", "aliases expand it beyond")


def test_a_nested_alias_bomb_is_refused(work: Path) -> None:
    levels = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, 9):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    (work / "rules.yaml").write_text("settings:\n  x:\n" + "".join(f"    {x}\n" for x in levels), encoding="utf-8")
    one_error(tq("a.txt", cwd=work, timeout=60), "rules.yaml:", "aliases expand it beyond")


def test_modest_aliases_still_load(work: Path) -> None:
    second = rule("m2").replace("p_probe", "p_probe_two").replace('["Pressendienst"]', "*t").split("\n", 1)[1]
    text = rule().replace('["Pressendienst"]', "&t [Pressendienst]") + second
    (work / "rules.yaml").write_text(text, encoding="utf-8")
    proc = tq("--select", "p_probe,p_probe_two", "a.txt", cwd=work, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert b"p_probe_two" in proc.stdout and b"p_probe " in proc.stdout.replace(b"]", b" ")


# ------------------------------------------------------------------ 8: message templates
@pytest.mark.parametrize(
    ("message", "why"),
    [
        ("{match:>20000000}", "may not have a format spec"),
        ("{match!r}", "may not have a format spec or conversion"),
        ("{match.__class__.__init__.__globals__}", "unknown field '{match.__class__.__init__.__globals__}'"),
        ("{match[0]}", "unknown field"),
        ("{}", "unknown field '{}'"),
        ("{secret}", "unknown field '{secret}'"),
        ("a } b", "Single '}'"),
    ],
)
def test_a_message_template_is_plain_or_refused_at_load(work: Path, message: str, why: str) -> None:
    (work / "rules.yaml").write_text(rule(message), encoding="utf-8")
    proc = tq("a.txt", cwd=work, timeout=60)
    one_error(proc, "rules.yaml:6:", "rule 'p_probe': 'message': ", why)


def test_a_plain_template_still_fills_the_match(work: Path) -> None:
    (work / "rules.yaml").write_text(rule("„{match}“ {{sic}}"), encoding="utf-8")
    proc = tq("--select", "p_probe", "-f", "concise", "a.txt", cwd=work, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "„Pressendienst“ {sic}" in proc.stdout.decode()


# ------------------------------------------------------------------ 18: config files, links, excerpts
def test_a_discovered_rules_yaml_linking_out_of_the_repository_is_not_read(work: Path, tmp_path_factory) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "shadow"
    secret.write_text("root_hash_7f3a9c: x\n", encoding="utf-8")
    (work / "rules.yaml").symlink_to(secret)
    line = one_error(tq("a.txt", cwd=work, timeout=60), "rules.yaml: symbolic link to a file outside the repository")
    assert "root_hash" not in line


def test_a_linked_rules_yaml_inside_the_repository_is_followed(work: Path) -> None:
    (work / "house").mkdir()
    (work / "house" / "rules.yaml").write_text(rule(), encoding="utf-8")
    (work / "rules.yaml").symlink_to(Path("house") / "rules.yaml")
    proc = tq("--select", "p_probe", "a.txt", cwd=work, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert b"p_probe" in proc.stdout


def test_a_directory_named_rules_yaml_is_an_error_and_the_other_files_are_checked(work: Path) -> None:
    (work / "sub").mkdir()
    (work / "sub" / "rules.yaml").mkdir()
    (work / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    proc = tq("-f", "concise", "a.txt", "sub/b.txt", cwd=work, timeout=60)
    one_error(proc, "sub/b.txt:", "rules.yaml: is a directory")
    assert b"a.txt:1:" in proc.stdout  # the other file is still checked


def test_a_broken_rules_yaml_further_down_fails_only_its_files(work: Path) -> None:
    (work / "sub").mkdir()
    (work / "sub" / "rules.yaml").write_text("rules: [\n", encoding="utf-8")
    (work / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    proc = tq("-f", "concise", "a.txt", "sub/b.txt", cwd=work, timeout=60)
    one_error(proc, "sub/b.txt:", "rules.yaml:2:1: invalid YAML")
    assert b"a.txt:1:" in proc.stdout


def test_show_settings_for_a_file_under_a_broken_config_is_one_line(work: Path) -> None:
    (work / "sub").mkdir()
    (work / "sub" / "rules.yaml").mkdir()
    (work / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    one_error(tq("--show-settings", "sub/b.txt", cwd=work, timeout=60), "rules.yaml: is a directory")


@pytest.mark.parametrize(
    "text",
    [
        "version: " + "9" * 100_000 + "\n",
        "settings:\n  min_chrf: " + "9" * 100_000 + "\n",
        "rules:\n  - id: " + "9" * 100_000 + "\n",
        "x" * 1000 + "\x1b[2J: 1\n",
        "settings:\n  select: ['" + "\u202e" + "b" * 100_000 + "']\n",
    ],
)
def test_config_errors_quote_a_short_escaped_excerpt(work: Path, text: str) -> None:
    (work / "rules.yaml").write_text(text, encoding="utf-8")
    line = one_error(tq("a.txt", cwd=work, timeout=60), "rules.yaml:", limit=400)
    assert "\u202e" not in line and "\x1b" not in line
