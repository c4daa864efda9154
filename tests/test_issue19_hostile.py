"""Issue 19, hostile and careless input: writes (reports, baselines, fixes), tracebacks and terminal safety.

Each test drives the real command line (its own process, as a user or CI would) unless the hazard can only be
timed from inside (an edit that lands while a fix is being written). Resource-ish tests carry their own
``timeout`` or rlimit, so a regression fails fast instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck import baseline as baseline_mod
from tqcheck.model import Finding, Severity
from tqcheck.textio import InputError, read_text, write_atomic

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"
ARTICLE = "Berichtete der Pressendienst des Ministeriums am Montag.\n"  # one safe fix (lex_pressendienst)
FIXED = "Berichtete der Pressedienst des Ministeriums am Montag.\n"


def tq(*args: str | bytes, cwd: Path, timeout: float = 120, preexec=None) -> subprocess.CompletedProcess:
    """The CLI in its own process, not a TTY, no project configuration unless the test writes one."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1", COLUMNS="100")
    return subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "-j", "1", *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        timeout=timeout,
        preexec_fn=preexec,
    )


def err(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.decode("utf-8", "replace")


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in err(proc), err(proc)


def leftovers(d: Path) -> list[str]:
    """Temporary files a write may have left behind (ours are dot-files ending in .tqcheck-tmp; the old scheme
    was ``<name>.tmp``)."""
    return sorted(p.name for p in d.iterdir() if p.name.endswith((".tmp", ".tqcheck-tmp")) and not p.is_symlink())


# ------------------------------------------------------------------ 10: temp files of -o and --write-baseline
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_symlink_at_the_temp_name_is_never_written_through(tmp_path: Path, option: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "out.json.tmp").symlink_to(victim)
    proc = tq("--no-config", "-f", "json", option, "out.json", "a.txt", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode in (0, 1), err(proc)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (tmp_path / "out.json.tmp").is_symlink()
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert leftovers(tmp_path) == []


def _small_file_limit() -> None:
    """A 'full disk' for the child: files may grow to 500 bytes (Python ignores SIGXFSZ, so the write fails
    with EFBIG instead of killing the process)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (500, 500))


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_full_disk_leaves_no_temp_file_and_says_so_in_one_line(tmp_path: Path, option: str) -> None:
    (tmp_path / "a.txt").write_bytes(FIXTURE.read_bytes())
    proc = tq("--no-config", "-f", "json", option, "out.json", "a.txt", cwd=tmp_path, preexec=_small_file_limit)
    no_traceback(proc)
    assert proc.returncode == 2, err(proc)
    lines = err(proc).strip().splitlines()
    assert len(lines) == 1 and "out.json" in lines[0] and "cannot write" in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# ------------------------------------------------------------------ 11: an edit while --fix writes
def test_an_edit_landing_while_the_fix_is_written_is_kept(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    original = read_text(path)
    real_fsync = os.fsync
    calls = []

    def fsync_while_the_editor_appends(fd: int) -> None:
        if not calls:  # the first fsync is the temporary file's: the editor saves just then
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("Ein neuer Absatz.\n")
        calls.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_while_the_editor_appends)
    with pytest.raises(InputError, match="changed on disk during the run; not overwritten"):
        write_atomic(path, FIXED, original)
    assert path.read_text(encoding="utf-8") == ARTICLE + "Ein neuer Absatz.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


# ------------------------------------------------------------------ 12: read-only files, hard links, links out
def test_fix_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0o444)
    proc = tq("--no-config", "--fix", "a.txt", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2, err(proc)
    assert "a.txt: not fixed: read-only file" in err(proc)
    assert path.read_text(encoding="utf-8") == ARTICLE
    assert path.stat().st_mode & 0o777 == 0o444


def test_fix_refuses_a_hard_linked_file_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    twin = tmp_path / "other" / "twin.txt"
    os.link(path, twin)
    proc = tq("--no-config", "--fix", "a.txt", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2, err(proc)
    assert "a.txt: not fixed: it has 2 hard links" in err(proc)
    assert path.read_text(encoding="utf-8") == ARTICLE
    assert os.path.samefile(path, twin)


def test_a_walk_never_follows_a_link_out_of_the_checked_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    (tree / "link.txt").symlink_to(outside)
    (tree / "own.txt").write_text(ARTICLE, encoding="utf-8")
    (tree / "inner.txt").symlink_to("own.txt")  # a link inside the tree is fine (and checked once)
    proc = tq("--no-config", "--fix", "tree", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2, err(proc)
    assert outside.read_text(encoding="utf-8") == ARTICLE
    assert "tree/link.txt: symbolic link to a file outside tree" in err(proc)
    assert (tree / "own.txt").read_text(encoding="utf-8") == FIXED  # the other files are still checked and fixed


# ------------------------------------------------------------------ 13: a fix that re-creates its own match
GROWING_RULE = r"""
rules:
  - id: x_growing
    kind: lexicon
    severity: error
    category: Other
    message: "„{match}“ doubled"
    pattern: "Zqx"
    suggest: ["\\g<0>\\g<0>"]
    fix: safe
"""


def test_a_fix_that_recreates_its_match_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(GROWING_RULE, encoding="utf-8")
    path = tmp_path / "a.txt"
    text = "Der Zqx kam. " + ARTICLE
    path.write_text(text, encoding="utf-8")
    for _ in range(2):
        proc = tq("--fix", "--select", "x_growing,lex_pressendienst", "a.txt", cwd=tmp_path, timeout=60)
        no_traceback(proc)
        assert path.read_text(encoding="utf-8") == "Der Zqx kam. " + FIXED  # the other fix still applied
        assert "x_growing" in err(proc) and "re-creates" in err(proc), err(proc)


# ------------------------------------------------------------------ 15: a file name that is not UTF-8
@pytest.fixture
def bad_name(tmp_path: Path) -> bytes:
    name = b"bad\xff.txt"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write(FIXTURE.read_bytes())
    return name


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines", "sarif", "github", "junit", "gitlab"])
def test_a_non_utf8_name_is_reported_visibly_in_every_format(tmp_path: Path, bad_name: bytes, fmt: str) -> None:
    proc = tq("--no-config", "-f", fmt, bad_name, cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1, err(proc)
    text = proc.stdout.decode("utf-8")  # strict: no raw 0xFF byte
    if fmt in ("json", "json-lines", "sarif", "gitlab"):
        data = [json.loads(line) for line in text.splitlines()] if fmt == "json-lines" else json.loads(text)
        names = set(strings(data))
        assert "bad\\xff.txt" in names or "bad%5Cxff.txt" in names, sorted(names)[:20]
    else:
        assert "bad\\xff.txt" in text, text[:500]


def strings(data: object):
    """Every string in a parsed JSON document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from strings(v)


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_non_utf8_name_can_be_written_to_a_report_and_a_baseline(
    tmp_path: Path, bad_name: bytes, option: str
) -> None:
    proc = tq("--no-config", "-f", "json", option, "x.json", bad_name, cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode in (0, 1), err(proc)
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert "bad\\xff.txt" in set(strings(data))
    assert leftovers(tmp_path) == []
    if option == "--write-baseline":
        again = tq("--no-config", "--baseline", "x.json", bad_name, cwd=tmp_path)
        assert again.returncode == 0, err(again) + again.stdout.decode("utf-8")


# ------------------------------------------------------------------ 16: hostile baseline files
@pytest.mark.parametrize(
    "body",
    [
        '{"version": 1, "findings": [{"file": "a.txt", "rule": "r", "match": "m", "count": Infinity}]}',
        '{"version": 1, "findings": [{"file": "a.txt", "rule": "r", "match": "m", "count": NaN}]}',
        '{"version": 1, "findings": [{"file": "a.txt", "rule": "r", "match": "m", "count": ' + "9" * 100_000 + "}]}",
        '{"version": 1, "findings": [{"file": "a.txt", "rule": "r", "match": "m", "count": 1e999}]}',
        '{"version": 1, "findings": [{"file": "a.txt", "rule": "r", "match": "m", "count": true}]}',
        '{"version": 1, "findings": [' + "[" * 100_000 + "]" * 100_000 + "]}",
    ],
    ids=["infinity", "nan", "100000-digits", "1e999", "bool", "deep"],
)
def test_a_hostile_baseline_is_a_one_line_error(tmp_path: Path, body: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "base.json").write_text(body, encoding="utf-8")
    proc = tq("--no-config", "--baseline", "base.json", "a.txt", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2, err(proc)
    lines = err(proc).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqcheck: base.json: "), lines
    assert len(lines[0]) < 300


def test_a_failed_rule_is_never_baselined(tmp_path: Path) -> None:
    failed = Finding(rule="tq_rule_failed", severity=Severity.ERROR, category="Other", message="m", start=0, end=0)
    failed.file = "a.txt"
    normal = Finding(rule="lex_x", severity=Severity.ERROR, category="Other", message="m", start=0, end=3)
    normal.file, normal.match = "a.txt", "abc"
    path = tmp_path / "base.json"
    assert baseline_mod.write(path, [failed, normal]) == 1
    rules = [e["rule"] for e in json.loads(path.read_text(encoding="utf-8"))["findings"]]
    assert rules == ["lex_x"]
    # a hand-edited baseline that lists it anyway does not forgive it either
    path.write_text(
        json.dumps({"version": 1, "findings": [{"file": "a.txt", "rule": "tq_rule_failed", "match": "", "count": 5}]}),
        encoding="utf-8",
    )
    assert baseline_mod.filter_new([failed], baseline_mod.load(path)) == [failed]


# ------------------------------------------------------------------ 17: a very deep tree
def test_a_tree_1000_levels_deep_is_walked(tmp_path: Path) -> None:
    (tmp_path / "top.txt").write_text(ARTICLE, encoding="utf-8")
    levels = [str(tmp_path)]
    for _ in range(1000):  # os.makedirs and shutil.rmtree recurse per level too: build and remove by hand
        levels.append(os.path.join(levels[-1], "d"))
        os.mkdir(levels[-1])
    bottom = os.path.join(levels[-1], "bottom.txt")
    with open(bottom, "w", encoding="utf-8") as fh:
        fh.write(ARTICLE)
    try:
        proc = tq("--no-config", "-f", "concise", ".", cwd=tmp_path, timeout=60)
    finally:
        os.unlink(bottom)
        for level in reversed(levels[1:]):
            os.rmdir(level)
    no_traceback(proc)
    assert proc.returncode == 1, err(proc)
    out = proc.stdout.decode("utf-8")
    assert "top.txt:1:16: lex_pressendienst" in out
    assert "/d/bottom.txt:1:16: lex_pressendienst" in out
    assert "in 2 file(s)" in out


# ------------------------------------------------------------------ 19: raw escapes to the terminal
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;https://evil.example/\x1b\\Klick\x1b]8;;\x1b\\"
CONTROL_RULE = r"""
rules:
  - id: x_controls
    kind: lexicon
    severity: error
    category: Other
    message: "„{match}“ flagged"
    pattern: "Zqx\\S+"
    suggest: ["{match}!"]
"""


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    (tmp_path / "rules.yaml").write_text(CONTROL_RULE, encoding="utf-8")
    text = f"Zqx{ESCAPES}\x01\ufffe\x9b ende.\nDer Pressendienst {ESCAPES} berichtete.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "evil\x1b[31m\nforged.txt:9:9: x_fake [error] pwned.txt").write_text(text, encoding="utf-8")
    return tmp_path


BAD_CHARS = ["\x1b", "\x07", "\x01", "\ufffe", "\x9b"]


@pytest.mark.parametrize("fmt", ["full", "concise", "github", "statistics", "show-files"])
def test_no_control_character_reaches_the_terminal(hostile_dir: Path, fmt: str) -> None:
    args = {"statistics": ["--statistics", "-f", "concise"], "show-files": ["--show-files"]}.get(fmt, ["-f", fmt])
    proc = tq(*args, "--select", "x_controls,lex_pressendienst", ".", cwd=hostile_dir)
    no_traceback(proc)
    assert proc.returncode == (0 if fmt == "show-files" else 1), err(proc)
    out = proc.stdout.decode("utf-8")
    for ch in BAD_CHARS:
        assert ch not in out, (fmt, repr(ch), out)
        assert ch not in err(proc), (fmt, repr(ch))
    if fmt != "statistics":
        assert "\\x1b" in out or "^[" in out, out
    if fmt == "concise":  # every line is a finding of a real file, or the summary
        for line in out.splitlines()[:-1]:
            assert line.startswith(("a.txt:", "evil\\x1b[31m\\nforged.txt:9:9: x_fake [error] pwned.txt:")), line
        assert not any(line.startswith("forged.txt") for line in out.splitlines())


# ------------------------------------------------------------------ 14: the pre-commit entry's split
@pytest.mark.parametrize(
    ("argv", "options", "files"),
    [
        (["--fail-on", "warning", "--output-file=README.md", "a.txt"], ["--fail-on", "warning"], None),
        (["--config", "rules.yaml", "a.txt"], ["--config", "rules.yaml"], ["a.txt"]),  # an existing value
        (["-c", "rules.yaml", "a.txt"], ["-c", "rules.yaml"], ["a.txt"]),
        (["-qfjson", "a.txt"], ["-qfjson"], ["a.txt"]),
        (["--quiet", "--", "a.txt"], ["--quiet"], ["a.txt"]),  # a user who already ends args with --
        (["-", "--", "-o"], [], ["./-", "--", "-o"]),  # staged names that look like options or stdin
        (["rules", "a.txt"], [], ["rules", "a.txt"]),
    ],
)
def test_the_hook_splits_user_args_from_staged_names(
    tmp_path: Path, monkeypatch, argv: list[str], options: list[str], files: list[str] | None
) -> None:
    from tqcheck.hook import split

    monkeypatch.chdir(tmp_path)
    staged = {"a.txt", "rules.yaml", "--output-file=README.md", "-", "--", "-o", "rules"}
    for name in staged:
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    if argv[:2] == ["--quiet", "--"]:
        (tmp_path / "--").unlink()
    expected = files if files is not None else argv[len(options) :]
    assert split(argv) == (options, expected)
