"""Issue 19, item 4: big inputs. The machine formats are written as the files are checked, a huge input's findings
a piece at a time, so memory does not grow with the findings of the run; the report is byte for byte the one
rendered from every result at once, and ``-o`` stays atomic.

The memory cases run the command line in a child process under ``RLIMIT_AS`` and a timeout. They cut the input
into small pieces (``chunks.CHUNK_CHARS``) so that a few megabytes give many pieces, the case where keeping every
piece's findings (as the old report did) dominates: bench/memory.py measures the real sizes."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tqcheck import app, chunks, runner
from tqcheck.report import FORMATS, Run, render
from tqcheck.runner import Options, resolve_config, run_checks, signature

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "fixtures" / "article-kuwait.txt").read_text(encoding="utf-8")
STREAMED = [name for name, f in FORMATS.items() if f.streams]


def _dense_text(size: int) -> str:
    """Lines full of findings (straight quotes with fixes, Billionen, numeric claims), ``size`` characters."""
    rnd = random.Random(19)
    words = ["Haus", "Auto", "Regierung", "Minister", "Stadt", "Bericht", "Kuwait", "Wasser"]
    lines, n = [], 0
    while n < size:
        line = " ".join(f'"{rnd.choice(words)}" {rnd.randrange(1000, 99999)} Billionen' for _ in range(6)) + ".\n"
        lines.append(line)
        n += len(line)
    return "".join(lines)


def _whole(cfg, opts: Options, fmt: str, quiet: bool) -> str:
    """The report as it was made before it was streamed: every result checked first, then one string."""
    opts = replace(opts, documents=FORMATS[fmt].shows_text)
    results = run_checks(cfg, opts)
    app._to_report(results, {rid: i for i, rid in enumerate(cfg.rules)}, None, cfg.fail_on if quiet else None)
    text = render(fmt, Run(results=results, config=cfg, signature=signature(cfg), color=False))
    if quiet and fmt == "concise":
        text = "".join(line + "\n" for line in text.splitlines()[:-1])
    return text


@pytest.mark.parametrize("fmt", STREAMED)
def test_streamed_report_is_the_whole_report(tmp_path, monkeypatch, fmt):
    """A huge input (here: over a lowered CHUNK_CHARS, so its pieces are streamed), an article, a partner pair
    with scores and an unreadable input: the report written as they are checked, to stdout and to ``-o``, is the
    one rendered from all results at once, byte for byte, with the same exit code; also with ``--quiet``."""
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 3000)
    huge = tmp_path / "archive.txt"
    huge.write_text((ARTICLE.rstrip("\n") + "\n\n") * 6 + _dense_text(4000), encoding="utf-8")
    assert len(chunks._chunks(huge.read_text(encoding="utf-8"), 1500)) > 10
    paths = [str(huge), "fixtures/article-kuwait.txt", "fixtures/pairs", str(tmp_path / "missing.txt")]
    monkeypatch.chdir(ROOT)
    seen_streamed = []
    real = chunks.iter_in_chunks

    def spy(*args, **kwargs):
        seen_streamed.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(chunks, "iter_in_chunks", spy)
    for quiet in (False, True):
        opts = Options(paths=paths, no_config=True, jobs=1, progress=False)
        cfg = resolve_config(opts)
        expected = _whole(cfg, opts, fmt, quiet)
        out = tmp_path / f"report-{quiet}.{fmt}"
        seen_streamed.clear()
        code = app.execute(cfg, opts, fmt=fmt, output_file=out, quiet=quiet)
        assert seen_streamed, "the huge input was not streamed a piece at a time"
        assert out.read_bytes() == expected.encode("utf-8", "backslashreplace")
        assert code == 2  # the missing input
        assert not list(tmp_path.glob("*.tqcheck-tmp"))


def test_streamed_pieces_are_the_whole_files_findings(monkeypatch):
    """iter_in_chunks' pieces, joined, are check_in_chunks' findings, in its order (findings at a piece's end are
    held back and sorted with the next piece's)."""
    from tqcheck.engine import Engine
    from tqcheck.markup import load_document
    from tqcheck.textio import Decoded

    monkeypatch.setattr(chunks, "CHUNK_CHARS", 2000)
    cfg = resolve_config(Options(no_config=True))
    text = (ARTICLE.rstrip("\n") + "\n\n") * 3 + _dense_text(3000)
    doc = load_document("x.txt", Decoded(text, "utf-8"))
    whole = chunks.check_in_chunks(Engine(cfg), doc)
    doc = load_document("x.txt", Decoded(text, "utf-8"))
    pieces = list(chunks.iter_in_chunks(Engine(cfg), doc))
    assert len(pieces) > 3
    joined = [f for piece in pieces for f in piece]
    assert [f.to_dict() for f in joined] == [f.to_dict() for f in whole]


_CHILD = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import tqcheck.chunks
tqcheck.chunks.CHUNK_CHARS = 100_000  # many pieces from a few megabytes (see the module docstring)
from tqcheck.cli import main
try:
    main(sys.argv[2:])
finally:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking (pytest) process
    with open("/proc/self/status") as status:
        hwm = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    print(f"peak-rss-kb {hwm}", file=sys.stderr)
"""

LIMIT = 1536 * 1024 * 1024  # address space of the child: the old reports needed more RSS than this allows here
BOUND_MB = 250  # peak RSS: streamed, ~90 MB (json) and ~165 MB (sarif); the one-string report ~830 MB and more


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the child's VmHWM from /proc (Linux)")
@pytest.mark.parametrize(("fmt", "size"), [("json", 2_000_000), ("sarif", 1_000_000)])
def test_memory_does_not_grow_with_the_findings(tmp_path, fmt, size):
    """A dense input in many pieces (~120,000 findings per MB): the report streams, so the child's peak RSS stays
    under BOUND_MB; the one-string report kept every finding, its dict and its text at once (json: ~830 MB)."""
    path = tmp_path / "dense.txt"
    path.write_text(_dense_text(size), encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    args = ["--isolated", "--jobs", "1", "--format", fmt, "--exit-zero", "-o", str(out), str(path)]
    proc = subprocess.run(
        [sys.executable, "-P", "-c", _CHILD, str(LIMIT), *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    peak_mb = int(proc.stderr.rsplit("peak-rss-kb ", 1)[1]) // 1024
    assert peak_mb < BOUND_MB, f"peak RSS {peak_mb} MB"
    report = json.loads(out.read_text(encoding="utf-8"))
    count = report["summary"]["findings"] if fmt == "json" else len(report["runs"][0]["results"])
    assert count > 100_000 * size // 1_000_000


def test_interrupted_streamed_report_leaves_the_old_one(tmp_path, monkeypatch):
    """-o is replaced only by a whole report: a run that fails while the report is being written leaves the old
    file as it was and no temporary file."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "report.json"
    out.write_text("old report\n", encoding="utf-8")
    opts = Options(paths=["fixtures/article-kuwait.txt", "fixtures/pairs"], no_config=True, jobs=1, progress=False)
    cfg = resolve_config(opts)
    real = runner.check_one
    calls = []

    def failing_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "check_one", failing_second)
    with pytest.raises(KeyboardInterrupt):
        app.execute(cfg, opts, fmt="json", output_file=out)
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert sorted(os.listdir(tmp_path)) == ["report.json"]
