"""Hostile input shapes at growing sizes: time and peak memory of the whole CLI per shape, against input size.

    python bench/shapes.py [--sizes 250000,500000,1000000] [--only NAME] [--json OUT]

Each shape (issue 19: runs of letters without spaces, digit and punctuation runs, control characters, NFD text and
soft hyphens, a name spelt hundreds of ways, a line slow for a regex) is generated at each size after a short
German paragraph, written to a temporary file and checked by ``tqcheck --isolated --format json`` in a child
process; its wall time and peak RSS (``wait4``) are printed with the growth from the smallest to the largest size:
a time ratio near the size ratio is linear, its square would be quadratic. Also called by ``bench/fuzz.py stress
--only shapes``. Not part of the test suite (tests/test_hostile_runs.py holds the bounds that matter, under limits).
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

PROSE = "Das Ministerium meldete eine Ministerentnahme von 5,000 Tonnen. Der Minister Nurtleu sprach in Kuwait.\n"
ARTICLE = (Path(__file__).resolve().parent.parent / "fixtures" / "article-kuwait.txt").read_text(encoding="utf-8")


def _repeat(piece: str, n: int) -> str:
    return (piece * (n // len(piece) + 1))[:n]


def _variants(n: int) -> str:
    names = ("Nurtl" + a + b + c + "eu" for a, b, c in itertools.product("abdefghiklmnoprstuvwz", repeat=3))
    out, size = [], 0
    for v in names:
        line = f"Der Minister {v} sagte am Montag etwas.\n"
        out.append(line)
        size += len(line)
        if size >= n:
            break
    return "".join(out)


SHAPES: dict[str, Callable[[int], str]] = {
    "capital letters, no space": lambda n: "A" * n,
    "base64 blob": lambda n: base64.b64encode(random.Random(19).randbytes(n * 3 // 4)).decode(),
    "one word repeated, no space": lambda n: _repeat("MinisterMinister", n),
    "lower-case run": lambda n: _repeat("ministerium", n),
    "digits and commas (CSV row)": lambda n: _repeat("1,", n),
    "digits and dots": lambda n: _repeat("12.", n),
    "digits, dots and commas": lambda n: _repeat("12.,", n),
    "run of periods": lambda n: "." * n,
    "run of quotation marks": lambda n: _repeat("„“»«", n),
    "control characters": lambda n: _repeat("Text\x1b[2J\x07\x01\u202e\ufffe ", n),
    "NFD article": lambda n: unicodedata.normalize("NFD", _repeat(ARTICLE, n)),
    "soft hyphens in words": lambda n: _repeat("Minister\u00adentnahme und Presse\u00addienst. ", n),
    "a name spelt hundreds of ways": _variants,
    "one line slow for a regex": lambda n: _repeat("a" * 26 + "b\n", n),
}


def measure(text: str, tmp: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of the CLI on ``text``."""
    path = tmp / "input.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    cmd = [sys.executable, "-m", "tqcheck.cli", "--isolated", "--format", "json", "--exit-zero", str(path)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return took, usage.ru_maxrss / 1024, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="250000,500000,1000000", help="characters of the hostile part, ascending")
    ap.add_argument("--only", choices=sorted(SHAPES), help="one shape")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="tqcheck-shapes-") as tmp:
        base_t, base_m, _ = measure(PROSE, Path(tmp))
        print(f"{'prose alone':<34} {'':>9} {base_t:7.2f} s {base_m:7.0f} MB")
        for name, make in SHAPES.items():
            if args.only and name != args.only:
                continue
            runs = []
            for n in sizes:
                t, m, rc = measure(PROSE + make(n) + "\n", Path(tmp))
                runs.append((n, t, m, rc))
                print(f"{name:<34} {n:>9,} {t:7.2f} s {m:7.0f} MB  exit {rc}", flush=True)
            (n0, t0, _, _), (n1, t1, m1, _) = runs[0], runs[-1]
            # Net of the prose alone (start-up and the paragraph); below 0.2 s net the ratio is noise, not growth.
            net0, net1 = t0 - base_t, t1 - base_t
            growth = net1 / net0 if net0 > 0.2 else None
            per_mb = max(net1, 0.0) / (n1 / 1e6)
            shown = f"time x{growth:.1f}" if growth is not None else "time within start-up noise"
            print(f"  {'':<32} size x{n1 / n0:.0f}: {shown}, {per_mb:.1f} s per MB net, peak {m1:.0f} MB")
            rows.append({"shape": name, "runs": runs, "time_growth": growth, "s_per_mb": per_mb, "peak_mb": m1})
    if args.json:
        args.json.write_text(json.dumps({"prose_alone_s": base_t, "shapes": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
