"""Prove a speed change changed nothing else: the findings on a fixed set of texts, before and after.

    python bench/golden.py save      # record bench/out/golden.json from the current code
    python bench/golden.py compare   # run again, list every finding that appeared, vanished or changed

The texts: ``bench/corpus/1mb.txt`` (built if missing), every ``*.txt`` under ``../shared/data/mqm-dev/clean`` and
``mt`` when that data is present, and the project's own fixtures. Each finding is compared by rule, offsets,
severity, message, suggestions and fix, so an optimisation that moves, rewords or drops a single finding shows up.
Exit status: 0 identical, 1 differences, 2 nothing recorded yet.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data" / "mqm-dev"
OUT = REPO / "bench" / "out" / "golden.json"


def texts() -> list[Path]:
    """The files compared, in a fixed order."""
    big = REPO / "bench" / "corpus" / "1mb.txt"
    if not big.exists():
        sys.path.insert(0, str(REPO / "bench"))
        import corpus

        corpus.build()
    out = [big]
    for sub in ("clean", "mt"):
        out.extend(sorted((SHARED / sub).glob("*.txt")))
    out.extend(sorted(p for p in (REPO / "fixtures").rglob("*") if p.suffix in {".txt", ".md"}))
    return out


def findings_of(paths: list[Path]) -> dict[str, list[list]]:
    """Every file's findings through the same path as the CLI (``check_one``), default pack, no project config."""
    from tqcheck.engine import Engine
    from tqcheck.runner import Options, check_one, resolve_config

    opts = Options(paths=[str(p) for p in paths], no_config=True, jobs=1)
    engine = Engine(resolve_config(opts))
    out: dict[str, list[list]] = {}
    for p in paths:
        res = check_one(engine, str(p), opts)
        key = str(p.relative_to(REPO.parent)) if p.is_relative_to(REPO.parent) else str(p)
        out[key] = [
            [
                f.rule,
                f.start,
                f.end,
                int(f.severity),
                f.message,
                list(f.suggestions),
                None if f.fix is None else [f.fix.start, f.fix.end, f.fix.replacement, f.fix.safe],
            ]
            for f in res.findings
        ]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="compare findings before and after a change")
    ap.add_argument("mode", choices=("save", "compare"))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    now = findings_of(texts())
    total = sum(len(v) for v in now.values())
    if args.mode == "save":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(now, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"golden: {total} findings in {len(now)} files saved to {args.out}")
        return 0
    if not args.out.exists():
        print(f"golden: nothing recorded at {args.out}; run `python bench/golden.py save` first", file=sys.stderr)
        return 2
    before = json.loads(args.out.read_text(encoding="utf-8"))
    diffs = 0
    for name in sorted(set(before) | set(now)):
        old = {json.dumps(f, ensure_ascii=False) for f in before.get(name, [])}
        new = {json.dumps(f, ensure_ascii=False) for f in now.get(name, [])}
        for sign, items in (("-", old - new), ("+", new - old)):
            for item in sorted(items):
                diffs += 1
                if diffs <= 40:
                    print(f"{sign} {name}: {item}")
    print(f"golden: {total} findings in {len(now)} files; {diffs} difference(s)")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
