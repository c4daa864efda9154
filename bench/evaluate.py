"""Measure tqcheck's rules against the mqm-dev set: false alarms on human translations, precision and recall on MT.

Run by hand (not part of the test suite, the data is not in the repository)::

    python bench/evaluate.py [--data DIR] [--json OUT] [--select ID ...] [--ignore ID ...] [--with-source] [--markdown]

Why these figures: a rule is worth shipping only if it stays quiet on professional German (``clean/``, refC/refD;
target ≤ 1.0 warning-or-error findings per 1,000 words) and, when it fires on MT output (``mt/``), mostly lands
on spans that expert MQM raters also marked (target ≥ 50% for every rule with ≥ 10 warning-or-error findings).

Conventions (kept here so the numbers can be reproduced and argued with):

* Rules: the whole default pack, i.e. the default selection plus ``--extend-select ALL``, so house-style rules that
  are off by default are measured too; the ``on`` column says which rules run by default. ``--select`` replaces
  the selection (as the CLI option does), ``--ignore`` removes rules.
* Words: the ``words`` column of each folder's ``manifest.tsv`` (whitespace-separated tokens); a file missing from
  the manifest falls back to the same whitespace count.
* warn+: severity warning or error. Info findings (e.g. ``num_claim``) are reported but never count against the
  targets.
* Overlap: a finding is cut into one piece per line it touches (line and in-line offsets come from
  ``Document.lines``, the engine's own line model); a piece overlaps an annotation on the same file and line if the
  half-open ranges intersect. A zero-length annotation at ``p`` is overlapped if ``start <= p <= end``; a
  zero-length finding at ``p`` overlaps an annotation with ``start <= p < end``.
* Only target-side annotations count: ``side == "source"`` spans carry offsets into the English line, so they can
  neither confirm a German finding nor be caught by one (their number is reported).
* clean/: findings overlapping a span in ``clean/ref_annotations.jsonl`` are *discounted*: the raters agree the
  reference is wrong there, so the finding is not a false alarm. The budget uses the remaining ("net") count.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "mqm-dev"
DEFAULT_JSON = REPO / "bench" / "out" / "evaluate.json"

CLEAN_BUDGET = 1.0  # warn+ findings per 1,000 words on clean/, after discounting rater-marked spans
MIN_PRECISION = 0.5  # share of a rule's warn+ findings on mt/ that overlap an annotated span ...
MIN_FINDINGS = 10  # ... for rules with at least this many warn+ findings on mt/
CLEAN_SHARE = 0.25  # a rule using a quarter of the clean budget on its own is marked, so noise is easy to spot
REQUIRED_CATEGORIES = (
    "Accuracy/Untranslated text",
    "Fluency/Spelling",
    "Fluency/Inconsistency",
    "Locale convention/Currency format",
    "Fluency/Punctuation",
)

# (file, line) -> list of (start, end, annotation index)
AnnIndex = dict[tuple[str, int], list[tuple[int, int, int]]]


# ---------------------------------------------------------------------------------------------------- data loading
def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """file -> manifest row; empty if the folder has no manifest (the word count then falls back)."""
    path = folder / "manifest.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def read_annotations(path: Path) -> tuple[list[dict[str, Any]], AnnIndex, int]:
    """Target-side annotations, their (file, line) index, and how many source-side ones were left out."""
    anns: list[dict[str, Any]] = []
    index: AnnIndex = defaultdict(list)
    skipped = 0
    if not path.is_file():
        return anns, index, skipped
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            row = json.loads(raw)
            if row.get("side", "target") != "target":
                skipped += 1
                continue
            idx = len(anns)
            anns.append(row)
            index[(row["file"], int(row["line"]))].append((int(row["start"]), int(row["end"]), idx))
    return anns, index, skipped


def german_files(folder: Path) -> list[Path]:
    """The German texts of a folder: every ``*.txt`` (manifests and annotations are .tsv/.jsonl)."""
    return sorted(p for p in folder.glob("*.txt") if p.is_file())


# ---------------------------------------------------------------------------------------------------- overlap
def line_pieces(
    start: int, end: int, line_starts: list[int], lines: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """Cut a finding ``[start, end)`` into (line number 1-based, in-line start, in-line end) per line it touches.

    A finding that ends exactly at the start of a later line does not touch that line.
    """
    first = bisect_right(line_starts, start) - 1
    if end <= start:
        ls, _ = lines[first]
        return [(first + 1, start - ls, start - ls)]
    last = bisect_right(line_starts, end - 1) - 1
    out = []
    for i in range(first, last + 1):
        ls, le = lines[i]
        s = max(start, ls) - ls
        e = min(end, le) - ls
        if e < s:  # the finding only covers this line's line break
            continue
        out.append((i + 1, s, e))
    return out


def overlapping(file: str, pieces: list[tuple[int, int, int]], index: AnnIndex) -> set[int]:
    """Indices of the annotations that some piece of the finding overlaps (rules in the module docstring)."""
    hits: set[int] = set()
    for line, s, e in pieces:
        for a_start, a_end, idx in index.get((file, line), ()):
            if a_start == a_end:
                ok = s <= a_start <= e
            elif s == e:
                ok = a_start <= s < a_end
            else:
                ok = a_start < e and s < a_end
            if ok:
                hits.add(idx)
    return hits


# ---------------------------------------------------------------------------------------------------- accumulation
@dataclass
class RuleStats:
    """Counts for one rule; clean_* on the human references, mt_* on machine output."""

    rule: str
    severity: str
    category: str
    default_on: bool
    clean: int = 0
    clean_warn: int = 0
    clean_discounted: int = 0  # all severities
    clean_warn_discounted: int = 0
    mt: int = 0
    mt_hits: int = 0
    mt_warn: int = 0
    mt_warn_hits: int = 0

    @property
    def family(self) -> str:
        return self.rule.split("_", 1)[0]


@dataclass
class Totals:
    clean_words: int = 0
    mt_words: int = 0
    clean_files: int = 0
    mt_files: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    """Run the engine once over clean/ and mt/ and return every figure the tables print (also the JSON)."""
    from tqcheck.config import ConfigError
    from tqcheck.engine import Engine
    from tqcheck.model import Severity
    from tqcheck.runner import Options, load_document, resolve_config
    from tqcheck.textio import InputError, read_text

    data: Path = args.data
    clean_dir, mt_dir, pairs_dir = data / "clean", data / "mt", data / "pairs"
    for d in (clean_dir, mt_dir):
        if not d.is_dir():
            sys.exit(f"evaluate: {d} not found; is --data the mqm-dev folder (with clean/, mt/, pairs/)?")

    try:
        default_cfg = resolve_config(Options(no_config=True))
        if args.select:
            opts = Options(no_config=True, select=args.select, ignore=args.ignore or [])
        else:
            opts = Options(no_config=True, extend_select=["ALL"], ignore=args.ignore or [])
        cfg = resolve_config(opts)
    except ConfigError as exc:
        sys.exit(f"evaluate: {exc}")
    default_ids = {r.id for r in default_cfg.selected()}
    engine = Engine(cfg)  # built once: rules compile once for all ~550 files
    stats: dict[str, RuleStats] = {}
    for spec in cfg.selected():
        stats[spec.id] = RuleStats(spec.id, str(spec.severity), spec.category, spec.id in default_ids)

    ref_anns, ref_index, ref_skipped = read_annotations(clean_dir / "ref_annotations.jsonl")
    mt_anns, mt_index, mt_skipped = read_annotations(mt_dir / "annotations.jsonl")
    caught_any: set[int] = set()
    caught_warn: set[int] = set()
    caught_default: set[int] = set()
    totals = Totals()
    sources: dict[str, Any] = {}
    source_missing = 0
    notes: list[str] = []

    def source_for(row: dict[str, str] | None) -> Any:
        nonlocal source_missing
        if not args.with_source:
            return None
        name = (row or {}).get("source_file", "")
        if not name:
            source_missing += 1
            return None
        if name not in sources:
            path = pairs_dir / name
            try:
                sources[name] = load_document(str(path), read_text(path))
            except (InputError, OSError):
                sources[name] = None
        if sources[name] is None:
            source_missing += 1
        return sources[name]

    for part, folder, index in (("clean", clean_dir, ref_index), ("mt", mt_dir, mt_index)):
        manifest = read_manifest(folder)
        for path in german_files(folder):
            row = manifest.get(path.name)
            try:
                decoded = read_text(path)
            except InputError as exc:
                notes.append(f"{part}/{path.name}: {exc}")
                continue
            doc = load_document(str(path), decoded)
            words = int(row["words"]) if row and row.get("words", "").isdigit() else len(decoded.text.split())
            if part == "clean":
                totals.clean_words += words
                totals.clean_files += 1
            else:
                totals.mt_words += words
                totals.mt_files += 1
            line_starts, lines = doc.line_starts, doc.lines
            for f in engine.check(doc, source=source_for(row)):
                st = stats.get(f.rule)
                if st is None:  # e.g. tq_rule_failed: a rule crashed; still worth a row
                    st = stats[f.rule] = RuleStats(f.rule, str(f.severity), f.category, False)
                    notes.append(f"{part}/{path.name}: {f.message}")
                warn = f.severity >= Severity.WARNING
                hits = overlapping(path.name, line_pieces(f.start, f.end, line_starts, lines), index)
                if part == "clean":
                    st.clean += 1
                    st.clean_warn += warn
                    st.clean_discounted += bool(hits)
                    st.clean_warn_discounted += bool(hits) and warn
                else:
                    st.mt += 1
                    st.mt_hits += bool(hits)
                    st.mt_warn += warn
                    st.mt_warn_hits += bool(hits) and warn
                    caught_any |= hits
                    if warn:
                        caught_warn |= hits
                        if st.default_on:
                            caught_default |= hits
                totals.findings.append(
                    {
                        "part": part,
                        "file": path.name,
                        "line": f.line,
                        "column": f.column,
                        "rule": f.rule,
                        "severity": str(f.severity),
                        "match": f.match,
                        "annotated": sorted({(ref_anns if part == "clean" else mt_anns)[i]["category"] for i in hits}),
                    }
                )

    return summarise(
        args,
        stats,
        totals,
        mt_anns,
        caught_any,
        caught_warn,
        caught_default,
        {
            "ref_annotations_target": len(ref_anns),
            "ref_annotations_source_side_skipped": ref_skipped,
            "mt_annotations_target": len(mt_anns),
            "mt_annotations_source_side_skipped": mt_skipped,
            "sources_missing": source_missing if args.with_source else None,
            "notes": notes,
            "rules_measured": len(cfg.selected()),
            "rules_default_on": sorted(default_ids & set(stats)),
        },
    )


def per_1k(n: int, words: int) -> float:
    return 1000.0 * n / words if words else 0.0


def ratio(n: int, d: int) -> float | None:
    return n / d if d else None


def rule_flags(st: RuleStats, clean_words: int) -> list[str]:
    """Which targets a rule misses: P<50 (precision on mt/), CLEAN (alone over budget), clean (≥ ¼ of budget)."""
    flags = []
    if st.mt_warn >= MIN_FINDINGS and st.mt_warn_hits < MIN_PRECISION * st.mt_warn:
        flags.append("P<50")
    net = per_1k(st.clean_warn - st.clean_warn_discounted, clean_words)
    if net > CLEAN_BUDGET:
        flags.append("CLEAN")
    elif net >= CLEAN_SHARE * CLEAN_BUDGET:
        flags.append("clean")
    return flags


def summarise(
    args: argparse.Namespace,
    stats: dict[str, RuleStats],
    totals: Totals,
    mt_anns: list[dict[str, Any]],
    caught_any: set[int],
    caught_warn: set[int],
    caught_default: set[int],
    meta: dict[str, Any],
) -> dict[str, Any]:
    cw, mw = totals.clean_words, totals.mt_words
    rules = []
    for st in stats.values():
        rules.append(
            {
                "rule": st.rule,
                "family": st.family,
                "severity": st.severity,
                "category": st.category,
                "default_on": st.default_on,
                "clean": st.clean,
                "clean_per_1k": per_1k(st.clean, cw),
                "clean_warn": st.clean_warn,
                "clean_discounted": st.clean_discounted,
                "clean_warn_discounted": st.clean_warn_discounted,
                "clean_warn_net": st.clean_warn - st.clean_warn_discounted,
                "clean_warn_net_per_1k": per_1k(st.clean_warn - st.clean_warn_discounted, cw),
                "mt": st.mt,
                "mt_per_1k": per_1k(st.mt, mw),
                "mt_hits": st.mt_hits,
                "mt_precision": ratio(st.mt_hits, st.mt),
                "mt_warn": st.mt_warn,
                "mt_warn_hits": st.mt_warn_hits,
                "mt_warn_precision": ratio(st.mt_warn_hits, st.mt_warn),
                "flags": rule_flags(st, cw),
            }
        )

    def total(sel: list[RuleStats]) -> dict[str, Any]:
        clean_warn = sum(s.clean_warn for s in sel)
        clean_disc = sum(s.clean_warn_discounted for s in sel)
        mt_all = sum(s.mt for s in sel)
        mt_hits = sum(s.mt_hits for s in sel)
        mt_warn = sum(s.mt_warn for s in sel)
        mt_warn_hits = sum(s.mt_warn_hits for s in sel)
        net = per_1k(clean_warn - clean_disc, cw)
        return {
            "rules": len(sel),
            "clean_findings": sum(s.clean for s in sel),
            "clean_warn": clean_warn,
            "clean_warn_discounted": clean_disc,
            "clean_warn_per_1k_raw": per_1k(clean_warn, cw),
            "clean_warn_per_1k_net": net,
            "clean_target_met": net <= CLEAN_BUDGET,
            "mt_findings": mt_all,
            "mt_hits": mt_hits,
            "mt_precision": ratio(mt_hits, mt_all),
            "mt_warn": mt_warn,
            "mt_warn_hits": mt_warn_hits,
            "mt_warn_precision": ratio(mt_warn_hits, mt_warn),
            "rules_missing_precision_target": [
                s.rule for s in sel if s.mt_warn >= MIN_FINDINGS and s.mt_warn_hits < MIN_PRECISION * s.mt_warn
            ],
        }

    all_stats = list(stats.values())
    totals_out = {
        "all_measured": total(all_stats),
        "default_on": total([s for s in all_stats if s.default_on]),
    }

    by_cat: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(mt_anns):
        by_cat[a["category"]].append(i)
    recall = []
    order = list(REQUIRED_CATEGORIES) + [c for c, _ in Counter(a["category"] for a in mt_anns).most_common()]
    for cat in dict.fromkeys(order):
        idxs = by_cat.get(cat, [])
        n = len(idxs)
        recall.append(
            {
                "category": cat,
                "spans": n,
                "major": sum(mt_anns[i]["severity"] == "Major" for i in idxs),
                "caught_any": sum(i in caught_any for i in idxs),
                "caught_warn": sum(i in caught_warn for i in idxs),
                "caught_warn_default_on": sum(i in caught_default for i in idxs),
                "recall_any": ratio(sum(i in caught_any for i in idxs), n),
                "recall_warn": ratio(sum(i in caught_warn for i in idxs), n),
            }
        )
    n_all = len(mt_anns)
    recall.append(
        {
            "category": "(all)",
            "spans": n_all,
            "major": sum(a["severity"] == "Major" for a in mt_anns),
            "caught_any": len(caught_any),
            "caught_warn": len(caught_warn),
            "caught_warn_default_on": len(caught_default),
            "recall_any": ratio(len(caught_any), n_all),
            "recall_warn": ratio(len(caught_warn), n_all),
        }
    )

    fams: dict[str, list[RuleStats]] = defaultdict(list)
    for st in all_stats:
        fams[st.family].append(st)
    families = []
    for fam, sel in sorted(fams.items()):
        t = total(sel)
        families.append(
            {
                "family": fam,
                "rules": len(sel),
                "default_on": sum(s.default_on for s in sel),
                "clean_warn_net": t["clean_warn"] - t["clean_warn_discounted"],
                "clean_warn_net_per_1k": t["clean_warn_per_1k_net"],
                "mt_findings": t["mt_findings"],
                "mt_warn": t["mt_warn"],
                "mt_precision": t["mt_precision"],
                "mt_warn_precision": t["mt_warn_precision"],
            }
        )

    return {
        "data": str(args.data),
        "with_source": bool(args.with_source),
        "select": args.select,
        "ignore": args.ignore,
        "words": {"clean": cw, "mt": mw},
        "files": {"clean": totals.clean_files, "mt": totals.mt_files},
        "targets": {
            "clean_warn_per_1k_max": CLEAN_BUDGET,
            "rule_min_precision": MIN_PRECISION,
            "rule_min_warn_findings": MIN_FINDINGS,
        },
        "meta": meta,
        "rules": rules,
        "totals": totals_out,
        "recall": recall,
        "families": families,
        "findings": totals.findings,
    }


# ---------------------------------------------------------------------------------------------------- printing
def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def table(headers: list[str], rows: list[list[Any]], markdown: bool, right: set[int] | None = None) -> str:
    """Plain aligned text for the terminal, or a GitHub markdown table to paste into README.md."""
    right = right if right is not None else set(range(1, len(headers)))
    cells = [[str(c) for c in r] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
        lines += ["| " + " | ".join(r) + " |" for r in cells]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    def fmt(r: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()

    return "\n".join([fmt(headers), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells])


def render(res: dict[str, Any], markdown: bool, elapsed: float) -> str:
    out: list[str] = []
    w = res["words"]
    meta = res["meta"]
    out.append(
        f"mqm-dev: {res['files']['clean']} clean files ({w['clean']:,} words), {res['files']['mt']} mt files "
        f"({w['mt']:,} words); {meta['rules_measured']} rules measured, {len(meta['rules_default_on'])} on by default; "
        f"source={'yes' if res['with_source'] else 'no'}"
    )
    out.append(
        f"annotations (target side): {meta['mt_annotations_target']} mt, {meta['ref_annotations_target']} clean "
        f"(source-side spans skipped: {meta['mt_annotations_source_side_skipped']} mt, "
        f"{meta['ref_annotations_source_side_skipped']} clean)"
    )
    if res["with_source"] and meta["sources_missing"]:
        out.append(f"warning: no English source for {meta['sources_missing']} files")
    for n in meta["notes"][:10]:
        out.append(f"note: {n}")

    out.append(
        "\n1. Per rule (clean = refC/refD, mt = 13 systems; warn+ = warning or error; disc = findings of any severity "
        "on a rater-marked span, not counted in net; prec = share of findings on an annotated span)"
    )
    rows = []
    for r in sorted(res["rules"], key=lambda r: (r["family"], r["rule"])):
        rows.append(
            [
                r["rule"],
                "on" if r["default_on"] else "off",
                r["severity"],
                r["clean"],
                f"{r['clean_per_1k']:.2f}",
                r["clean_warn"],
                r["clean_discounted"],
                r["clean_warn_net"],
                f"{r['clean_warn_net_per_1k']:.2f}",
                r["mt"],
                r["mt_warn"],
                r["mt_hits"],
                pct(r["mt_precision"]),
                r["mt_warn_hits"],
                pct(r["mt_warn_precision"]),
                " ".join(r["flags"]),
            ]
        )
    out.append(
        table(
            [
                "rule",
                "on",
                "sev",
                "clean",
                "/1k",
                "warn+",
                "disc",
                "net warn+",
                "net/1k",
                "mt",
                "warn+",
                "hits",
                "prec",
                "warn+ hits",
                "prec warn+",
                "flag",
            ],
            rows,
            markdown,
            right=set(range(3, 15)),
        )
    )
    out.append(
        f"flags: P<50 = ≥{MIN_FINDINGS} warn+ findings on mt/ and <{MIN_PRECISION:.0%} on annotated spans; "
        f"CLEAN = alone over {CLEAN_BUDGET} net warn+/1k on clean/; clean = ≥{CLEAN_SHARE * CLEAN_BUDGET:.2f}/1k"
    )

    out.append("\n2. Totals")
    trows = []
    for name, t in res["totals"].items():
        trows.append(
            [
                name,
                t["rules"],
                t["clean_warn"],
                t["clean_warn_discounted"],
                f"{t['clean_warn_per_1k_raw']:.2f}",
                f"{t['clean_warn_per_1k_net']:.2f}",
                "ok" if t["clean_target_met"] else "MISS",
                t["mt_findings"],
                pct(t["mt_precision"]),
                t["mt_warn"],
                pct(t["mt_warn_precision"]),
                ",".join(t["rules_missing_precision_target"]) or "-",
            ]
        )
    out.append(
        table(
            [
                "rules",
                "n",
                "clean warn+",
                "disc",
                "raw/1k",
                f"net/1k (≤{CLEAN_BUDGET})",
                "target",
                "mt all",
                "prec",
                "mt warn+",
                "prec warn+",
                "rules <50%",
            ],
            trows,
            markdown,
            right=set(range(1, 11)),
        )
    )

    out.append("\n3. Recall on mt/ per annotation category (share of target-side spans overlapped by a finding)")
    rrows = [
        [
            r["category"],
            r["spans"],
            r["major"],
            r["caught_any"],
            pct(r["recall_any"]),
            r["caught_warn"],
            pct(r["recall_warn"]),
            r["caught_warn_default_on"],
        ]
        for r in res["recall"]
    ]
    out.append(
        table(
            ["category", "spans", "major", "any", "recall", "warn+", "recall warn+", "warn+ default"], rrows, markdown
        )
    )

    out.append("\n4. Per rule family (clean: net warn+ per 1,000 words; mt: share of findings on annotated spans)")
    frows = [
        [
            f["family"],
            f"{f['rules']} ({f['default_on']} on)",
            f["clean_warn_net"],
            f"{f['clean_warn_net_per_1k']:.2f}",
            f["mt_findings"],
            pct(f["mt_precision"]),
            f["mt_warn"],
            pct(f["mt_warn_precision"]),
        ]
        for f in res["families"]
    ]
    out.append(
        table(
            [
                "family",
                "rules",
                "clean net warn+",
                "per 1k words",
                "mt findings",
                "mt precision",
                "mt warn+",
                "prec warn+",
            ],
            frows,
            markdown,
        )
    )
    out.append(f"\nelapsed {elapsed:.1f}s")
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"mqm-dev folder (default {DEFAULT_DATA})")
    p.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"write the result here (default {DEFAULT_JSON})")
    p.add_argument("--select", nargs="+", help="measure only these rules, prefixes or categories (like the CLI)")
    p.add_argument("--ignore", nargs="+", help="leave out these rules, prefixes or categories")
    p.add_argument("--with-source", action="store_true", help="pass the English source from pairs/ to the engine")
    p.add_argument("--markdown", action="store_true", help="print the tables as markdown (for README.md)")
    args = p.parse_args(argv)
    # Accept both `--select a b` and `--select a,b` (the CLI's comma form).
    for key in ("select", "ignore"):
        val = getattr(args, key)
        if val:
            setattr(args, key, [s for v in val for s in v.split(",") if s.strip()])
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.data.is_dir():
        sys.exit(
            f"evaluate: data folder {args.data} not found. Pass --data DIR pointing at mqm-dev "
            "(the folder with clean/, mt/ and pairs/)."
        )
    if str(REPO) not in sys.path:  # run from a checkout even when tqcheck is not installed
        sys.path.insert(0, str(REPO))
    t0 = time.perf_counter()
    res = evaluate(args)
    elapsed = time.perf_counter() - t0
    res["elapsed_seconds"] = round(elapsed, 2)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(render(res, args.markdown, elapsed))
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
