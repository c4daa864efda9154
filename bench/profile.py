"""Where the time goes on one big input: cProfile of the whole CLI path, aggregated by stage, plus per-rule times.

    python bench/profile.py                        # bench/corpus/1mb.txt
    python bench/profile.py bench/corpus/10mb.txt  # any file
    PYTHONPATH=/tmp/proto python bench/profile.py  # a scratch copy of tqcheck

Two passes in this one process:

1. ``cProfile`` around ``tqcheck.cli.main(["--jobs", "1", "--format", "json", FILE])`` with imports included, so
   start-up counts too. Each function's own time (tottime) goes to a stage by the file it lives in (tqcheck module,
   langdetect, rapidfuzz, yaml/typer, import machinery). Time spent in shared code (builtins, ``re``, ``regex``,
   ``json``, ``tqcheck/wordlists.py``, ``checks/base.py``, ``model.py``) is handed to the stages of its callers in
   proportion to what each caller spent there, so e.g. ``str.casefold`` called from names.py counts as name
   clustering. Profiling inflates pure-Python code more than C code: read the fractions, not the absolute seconds.
2. Without the profiler (warm, CPU time): document structure, then each rule's ``run`` timed alone, then placement and
   reporting, so one slow rule stands out even when several share a stage. Rules sharing a cache (the name rules)
   show the cost on the first of them.

Output: the tables on stdout; ``bench/out/profile.json`` and ``bench/out/profile.pstats`` (for snakeviz/pstats).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named profile.py (the brief's name) and cProfile imports the stdlib ``profile``: drop bench/ from
# the front of sys.path before that import, or cProfile would import this script instead.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse  # noqa: E402
import contextlib  # noqa: E402
import cProfile  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILE = REPO / "bench" / "corpus" / "1mb.txt"
OUT = REPO / "bench" / "out"

STAGES = (
    "language detection",
    "name clustering",
    "lexicon matching",
    "numbers",
    "typography",
    "document/segmentation",
    "engine (filter, place, sort)",
    "reporting",
    "config/startup",
    "other",
)
# tqcheck modules whose time belongs to whoever called them (shared helpers).
_SHARED_TQ = ("wordlists.py", "checks/base.py", "checks/__init__.py", "model.py")
_TQ_STAGE = (
    ("checks/language.py", "language detection"),
    ("checks/names.py", "name clustering"),
    ("checks/lexicon.py", "lexicon matching"),
    ("checks/triggers.py", "lexicon matching"),
    ("checks/numbers.py", "numbers"),
    ("checks/typography.py", "typography"),
    ("document.py", "document/segmentation"),
    ("segment.py", "document/segmentation"),
    ("markup.py", "document/segmentation"),
    ("textio.py", "document/segmentation"),
    ("files.py", "document/segmentation"),
    ("engine.py", "engine (filter, place, sort)"),
    ("report/", "reporting"),
)
_LIB_STAGE = (
    ("/langdetect/", "language detection"),
    ("/rapidfuzz/", "name clustering"),
    ("/yaml/", "config/startup"),
    ("/typer/", "config/startup"),
    ("/click/", "config/startup"),
    ("/rich/", "config/startup"),
    ("<frozen importlib", "config/startup"),
    ("/importlib/", "config/startup"),
)

Func = tuple[str, int, str]


def classify(func: Func) -> str | None:
    """The stage a function's own time belongs to, or None when its callers decide."""
    filename = func[0].replace("\\", "/")
    if "/tqcheck/" in filename:
        rel = filename.rsplit("/tqcheck/", 1)[1]
        if rel.endswith(_SHARED_TQ):
            return None
        for suffix, stage in _TQ_STAGE:
            if rel.startswith(suffix) or rel == suffix:
                return stage
        return "config/startup"  # cli, app, runner, config, __init__, …
    for part, stage in _LIB_STAGE:
        if part in filename:
            return stage
    return None


def by_stage(stats: pstats.Stats) -> tuple[dict[str, float], dict[str, list[tuple[float, str]]]]:
    """Own time per stage, attributing shared code to its callers (weights memoised; cycles cut)."""
    raw = stats.stats  # type: ignore[attr-defined]
    memo: dict[Func, dict[str, float]] = {}
    visiting: set[Func] = set()

    def weights(func: Func) -> dict[str, float]:
        if func in memo:
            return memo[func]
        stage = classify(func)
        if stage is not None:
            memo[func] = {stage: 1.0}
            return memo[func]
        if func in visiting or func not in raw:
            return {}
        visiting.add(func)
        callers = raw[func][4]
        shares = {c: v[2] for c, v in callers.items()}  # own time of func spent on behalf of each caller
        total = sum(shares.values())
        if total <= 0:
            shares = {c: v[3] or v[1] for c, v in callers.items()}
            total = sum(shares.values())
        out: dict[str, float] = defaultdict(float)
        for caller, share in shares.items():
            for st, w in weights(caller).items():
                out[st] += w * share / total
        visiting.discard(func)
        norm = sum(out.values())
        memo[func] = {k: v / norm for k, v in out.items()} if norm > 0 else {"other": 1.0}
        return memo[func]

    totals: dict[str, float] = defaultdict(float)
    top: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for func, (_cc, _nc, tt, _ct, _callers) in raw.items():
        for st, w in weights(func).items():
            totals[st] += tt * w
            if tt * w > 0.002:
                top[st].append((tt * w, _label(func)))
    for st in top:
        top[st].sort(reverse=True)
    return dict(totals), top


def _label(func: Func) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    short = filename.replace("\\", "/")
    for marker in ("/tqcheck/", "/site-packages/", "/lib/python3"):
        if marker in short:
            short = short.rsplit(marker, 1)[1]
            break
    return f"{short}:{line}({name})"


def profile_cli(path: Path) -> pstats.Stats:
    """Pass 1: the whole CLI path in this process, imports included."""
    prof = cProfile.Profile()
    sink = io.StringIO()
    prof.enable()
    try:
        with contextlib.redirect_stdout(sink):
            from tqcheck.cli import main

            main(["--jobs", "1", "--format", "json", str(path)])
    except SystemExit:
        pass
    finally:
        prof.disable()
    return pstats.Stats(prof)


def per_rule(path: Path) -> list[tuple[str, float]]:
    """Pass 2 (no profiler, warm): document structure, each rule alone, placement, reporting."""
    from tqcheck.checks import KIND_NEEDS
    from tqcheck.checks.analysis import DocumentAnalysis
    from tqcheck.engine import Engine, FileResult, place
    from tqcheck.report import Run, render
    from tqcheck.runner import Options, load_document, read_input, resolve_config, signature

    rows: list[tuple[str, float]] = []
    import gc

    from tqcheck.process import FEWER_GC_PASSES

    gc.set_threshold(*FEWER_GC_PASSES)  # as the console script does: else collector pauses land on random rules

    def timed(label: str, fn):  # noqa: ANN001, ANN202 - tiny local helper
        t0 = time.process_time()  # CPU time: steadier than wall time when the machine is shared
        value = fn()
        rows.append((label, time.process_time() - t0))
        return value

    cfg = timed("config", lambda: resolve_config(Options(paths=[str(path)], jobs=1)))
    engine = timed("engine init (compile rules)", lambda: Engine(cfg))
    shown, decoded = timed("read + decode", lambda: read_input(str(path)))
    doc = timed("load document", lambda: load_document(shown, decoded))
    timed("doc.line_starts", lambda: doc.line_starts)
    timed("doc.paragraphs", lambda: doc.paragraphs)
    timed("doc.sentences", lambda: doc.sentences)
    timed("doc.paragraph_tokens", lambda: doc.paragraph_tokens)
    timed("doc.token_types", lambda: doc.token_types)
    timed("doc.quote_spans", lambda: doc.quote_spans)
    ctx = DocumentAnalysis(doc, engine.analysis)
    findings = []
    for spec, check in engine.checks:
        if KIND_NEEDS.get(spec.kind):  # source/reference rules: no pair given here, the engine skips them too
            continue
        findings.extend(timed(f"rule {spec.id} ({spec.kind})", lambda c=check: list(c.run(doc, ctx))))

    def finish() -> None:
        place(findings, doc)
        findings.sort(key=lambda f: f.sort_key())

    timed("place + sort findings", finish)
    res = FileResult(path=shown, document=doc, findings=findings)
    timed("render json", lambda: render("json", Run(results=[res], config=cfg, signature=signature(cfg))))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="profile tqcheck on one file, by stage and by rule")
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    ap.add_argument("--top", type=int, default=3, help="functions shown per stage")
    ap.add_argument("--out", type=Path, default=OUT / "profile.json")
    ap.add_argument(
        "--repo",
        type=Path,
        default=None,
        help="working directory, whose rules.yaml is the project config (default: the tree of the tqcheck imported)",
    )
    args = ap.parse_args(argv)
    args.file = args.file.resolve()
    args.out = args.out.resolve()
    # Run where the tqcheck under test lives: a rules.yaml in the current directory is merged over the default pack,
    # so profiling a scratch copy from this checkout would otherwise mix in this checkout's rules.
    spec = importlib.util.find_spec("tqcheck")
    if spec is None or spec.origin is None:
        raise SystemExit("bench/profile.py: tqcheck is not importable (pip install -e . or set PYTHONPATH)")
    os.chdir(args.repo or Path(spec.origin).parent.parent)
    if args.file == DEFAULT_FILE and not DEFAULT_FILE.exists():
        sys.path.append(str(REPO / "bench"))
        import corpus

        corpus.build()
    size = args.file.stat().st_size

    t0 = time.perf_counter()
    stats = profile_cli(args.file)
    wall = time.perf_counter() - t0
    totals, top = by_stage(stats)
    total = sum(totals.values()) or 1.0
    import tqcheck

    print(f"cProfile of `tqcheck --jobs 1 --format json {args.file.name}` ({size:,} bytes), tqcheck from")
    print(f"{Path(tqcheck.__file__).parent}, cwd {Path.cwd()}; profiled wall {wall:.2f} s, own time {total:.2f} s\n")
    print(f"{'stage':30s} {'s':>7s} {'share':>6s}  top functions (own time, s)")
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    for st, t in ranked:
        tops = "; ".join(f"{lbl} {v:.2f}" for v, lbl in top.get(st, [])[: args.top])
        print(f"{st:30s} {t:7.2f} {t / total:6.1%}  {tops}")

    rows = per_rule(args.file)
    rule_total = sum(t for _, t in rows)
    print(f"\nwarm, no profiler, CPU time: {rule_total:.2f} s in total ({size / 1e6 / rule_total:.2f} MB/s)")
    print(f"{'step':52s} {'cpu ms':>9s} {'share':>6s}")
    for label, t in sorted(rows, key=lambda r: -r[1]):
        if t >= 0.001 or label.startswith("doc."):
            print(f"{label:52s} {t * 1000:9.1f} {t / rule_total:6.1%}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    stats.dump_stats(str(args.out.with_suffix(".pstats")))
    args.out.write_text(
        json.dumps(
            {
                "file": str(args.file),
                "bytes": size,
                "profiled_wall_s": wall,
                "stages_s": dict(ranked),
                "stage_share": {k: v / total for k, v in ranked},
                "stage_top": {k: [[lbl, v] for v, lbl in vs[:10]] for k, vs in top.items()},
                "warm_steps_cpu_s": dict(rows),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {args.out} and {args.out.with_suffix('.pstats')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
