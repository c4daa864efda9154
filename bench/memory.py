"""Peak memory and time of one huge input per report format (issue 19, item 4).

Inputs of 10, 50 and 200 MB are made by repeating ``bench/corpus/10mb.txt`` (``python bench/corpus.py`` builds it)
into a temporary directory (never committed), then ``tqcheck --isolated --jobs 1 --format FMT --exit-zero FILE``
runs once per format and size with stdout to /dev/null; its peak RSS is the child's ``ru_maxrss`` (``os.wait4``),
its time the wall clock. ``--checkout DIR`` times another checkout's tqcheck (``PYTHONPATH=DIR``, ``python -P``),
for a before/after. A run is killed after ``--timeout`` seconds.

    python bench/memory.py                       # all formats, 10 and 50 MB (~15 min)
    python bench/memory.py --sizes 200 --formats json,sarif
    python bench/memory.py --checkout /tmp/main  # the same against another checkout
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus" / "10mb.txt"
FORMATS = ["concise", "json", "json-lines", "sarif", "junit", "gitlab", "github"]
MAIN = "import sys; from tqcheck.cli import main; sys.argv[0] = 'tqcheck'; main()"


def make_input(size_mb: int, folder: Path) -> Path:
    """``size_mb`` MB of news copy: the 10 MB corpus file repeated (and cut at a line end)."""
    path = folder / f"{size_mb}mb.txt"
    if path.exists():
        return path
    text = CORPUS.read_bytes()
    want = size_mb * 1_000_000
    with open(path, "wb") as out:
        written = 0
        while written + len(text) <= want:
            out.write(text)
            written += len(text)
        rest = text[: want - written]
        out.write(rest[: rest.rfind(b"\n") + 1])
    return path


def run(checkout: Path, fmt: str, path: Path, timeout: float) -> tuple[float, int] | None:
    """(seconds, peak RSS in MB) of one run, or None when it failed or timed out."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    cmd = [sys.executable, "-P", "-c", MAIN, "--isolated", "--jobs", "1", "--format", fmt, "--exit-zero", str(path)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return None
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        print(f"  {fmt}: exit {os.waitstatus_to_exitcode(status)}: {proc.stderr.read().decode()[-300:]}")
        return None
    return seconds, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,50", help="input sizes in MB (comma-separated)")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the tqcheck checkout to run")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is missing: run python bench/corpus.py")
    folder = Path(tempfile.gettempdir()) / "tqcheck-bench-memory"
    folder.mkdir(exist_ok=True)
    print(f"checkout {args.checkout}")
    print(f"{'size':>6}  {'format':<10}  {'time s':>7}  {'peak MB':>8}")
    for size in map(int, args.sizes.split(",")):
        path = make_input(size, folder)
        for fmt in args.formats.split(","):
            got = run(args.checkout, fmt, path, args.timeout)
            shown = "failed" if got is None else f"{got[0]:7.1f}  {got[1]:8d}"
            print(f"{size:>4} MB  {fmt:<10}  {shown}", flush=True)


if __name__ == "__main__":
    main()
