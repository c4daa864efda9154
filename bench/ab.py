"""Before/after on a noisy machine: two checkouts of tqcheck timed in rotation, in the same minutes.

    git worktree add /tmp/before <commit>          # the "before" checkout (any tqcheck tree works)
    python bench/ab.py /tmp/before                 # before = /tmp/before, after = this checkout
    python bench/ab.py /tmp/before --runs 5 --only 1mb 10mb

Why: on this 2-core VM the same command varies by 10-35% from one minute to the next (bench/README.md), so a
figure from run.py today and one from last week do not say which code is faster. Here each case runs before,
after, before, after, ... (one warm-up round first), so both sides see the same machine, and the table gives
medians and the after/before ratio per case. Hunspell runs in the same session for the x-Hunspell figures.

Each side runs as ``python -c "from tqcheck.cli import main; main()"`` from a neutral directory (no project
rules.yaml) with PYTHONPATH set to its checkout, the way the console script runs (so without interpreter
teardown), timed by run.py's ``measure``. Both trees are byte-compiled first (run.py's ``precompile``). Output: a table on stdout, samples in
bench/out/ab.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/ is not a package: its scripts sit side by side)
import run  # noqa: E402

CORPUS = corpus.OUT


def cases(corpus: Path) -> dict[str, tuple[list[str], int]]:
    """Case name -> (tqcheck arguments, default number of runs)."""
    return {
        "article": ([str(REPO / "fixtures" / "article-kuwait.txt")], 7),
        "1mb": (["--jobs", "1", "--format", "json", str(corpus / "1mb.txt")], 7),
        "10mb": (["--jobs", "1", "--format", "json", str(corpus / "10mb.txt")], 3),
        "10mb all cores": (["--format", "json", str(corpus / "10mb.txt")], 3),
        "files jobs 1": (["--jobs", "1", "--format", "concise", str(corpus / "articles")], 3),
        "files jobs 2": (["--jobs", "2", "--format", "concise", str(corpus / "articles")], 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="a checkout of tqcheck (its directory holds tqcheck/)")
    ap.add_argument("--after", type=Path, default=REPO, help="default: this checkout")
    ap.add_argument("--runs", type=int, help="runs per case and side (default: 7 small, 3 large)")
    ap.add_argument("--only", nargs="*", help="case names (article 1mb 10mb '10mb all cores' ...)")
    ap.add_argument("--no-hunspell", action="store_true")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run (default 600)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "ab.json")
    args = ap.parse_args()
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    for name, tree in sides.items():
        if not (tree / "tqcheck" / "__init__.py").exists():
            ap.error(f"{name}: {tree} holds no tqcheck/")
        run.precompile(tree)  # as run.py does: the tree's own tqcheck, byte-compiled once
    corpus.build()
    chosen = {k: v for k, v in cases(CORPUS).items() if not args.only or k in args.only}
    neutral = Path(tempfile.mkdtemp(prefix="tqcheck-ab-"))  # no rules.yaml here: both sides use their own pack
    samples: dict[str, dict[str, list[float]]] = {}
    try:
        for name, (tq_args, default_runs) in chosen.items():
            runs = args.runs or default_runs
            for i in range(runs + 1):  # round 0 warms the page cache and is not counted
                for side, tree in sides.items():
                    env = dict(os.environ, PYTHONPATH=str(tree))
                    cmd = [sys.executable, "-c", "from tqcheck.cli import main; main()", *tq_args]
                    t = run.measure(cmd, cwd=neutral, timeout=args.timeout, env=env).wall
                    if i and t is not None:  # a run over --timeout is left out
                        samples.setdefault(name, {}).setdefault(side, []).append(t)
            med = {s: statistics.median(v) for s, v in samples[name].items()}
            print(f"  {name:16s} before {med['before']:.3f} s  after {med['after']:.3f} s", file=sys.stderr)
        hunspell = shutil.which("hunspell")
        if hunspell and not args.no_hunspell:
            for size, runs in (("1mb", 5), ("10mb", 3)):
                if any(k.startswith(size) for k in chosen):
                    cmd = [hunspell, "-d", "de_DE", "-i", "utf-8", "-l"]
                    path = CORPUS / f"{size}.txt"
                    walls = [run.measure(cmd, cwd=neutral, timeout=args.timeout, stdin=path).wall for _ in range(runs)]
                    samples[f"hunspell {size}"] = {"-": [t for t in walls if t is not None]}
    finally:
        shutil.rmtree(neutral, ignore_errors=True)
    print(f"{'case':16s} | {'before':>9s} | {'after':>9s} | after/before | x Hunspell before / after")
    for name in chosen:
        b, a = (statistics.median(samples[name][s]) for s in ("before", "after"))
        hs = samples.get(f"hunspell {name.split()[0]}", {}).get("-") if name.startswith(("1mb", "10mb")) else None
        x = f"{statistics.median(hs) / b:.2f}x / {statistics.median(hs) / a:.2f}x" if hs else ""
        print(f"{name:16s} | {b:8.3f}s | {a:8.3f}s | {a / b:12.2f} | {x}")
    if "files jobs 1" in samples and "files jobs 2" in samples:
        for side in sides:
            ratio = statistics.median(samples["files jobs 1"][side]) / statistics.median(samples["files jobs 2"][side])
            print(f"--jobs 2 speed-up on 2,000 files, {side}: {ratio:.2f}x")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"sides": {k: str(v) for k, v in sides.items()}, "samples": samples}, indent=1))
    print(f"samples: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
