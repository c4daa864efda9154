"""Measure the source-aware rules and the reference scorer on mqm-dev (WMT21 en→de with expert MQM spans).

    python bench/evaluate_source.py [--data /work/shared/data/mqm-dev] [--json out.json]

1. Rules (src_*) over ``mt/`` with ``pairs/`` as sources:
   - precision: share of findings that overlap an annotated span of any category (same file and line, char
     ranges intersect; a zero-length annotation counts when it lies inside the finding), per rule. Target-side
     annotations are compared with the finding's target span, source-side ones (all Accuracy/Omission spans in
     this set) with its ``extra["source"]`` span;
   - recall per category: share of annotated spans some src_* finding overlaps, for Accuracy/Untranslated text,
     Accuracy/Mistranslation restricted to spans containing a digit or a rare capitalised word (a name), and
     Accuracy/Omission.
   Sentence-wide findings (missing numbers, copies, omissions, length) overlap more easily than token-wide ones;
   the report therefore also gives the mean finding width.
2. False alarms: findings per 1,000 words on ``clean/`` (human translations refC/refD with the same sources),
   and the same after discounting findings that overlap ``clean/ref_annotations.jsonl``.
3. Metric validity: each of the 13 systems is scored against refC (matched by document) with
   tqcheck.scoring; the system ranking by BLEU/chrF/TER is compared with the MQM ranking (penalty per segment:
   Major × 5 + Minor × 1, Neutral 0, as in Freitag et al. 2021) by Spearman's rho and Kendall's tau-b.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tqcheck import wordlists  # noqa: E402
from tqcheck.config import load_config  # noqa: E402
from tqcheck.document import Document  # noqa: E402
from tqcheck.engine import Engine  # noqa: E402
from tqcheck.scoring import corpus_scores, read_segments  # noqa: E402

SRC_RULES = ("src_numbers", "src_magnitude", "src_names", "src_copy", "src_omission", "src_length_ratio")


def load_engine() -> Engine:
    """The default pack (it carries the source rules), restricted to them."""
    cfg = load_config(None)
    cfg = replace(cfg, select=list(SRC_RULES))
    return Engine(cfg)


def read_manifest(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def read_annotations(path: Path) -> dict[tuple[str, int], list[dict]]:
    out: dict[tuple[str, int], list[dict]] = defaultdict(list)
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            a = json.loads(line)
            out[(a["file"], int(a["line"]))].append(a)
    return out


def finding_ranges(f) -> list[tuple[int, int, int]]:
    """(line, start, end) character ranges within lines (0-based, end exclusive) covered by a finding."""
    if f.line == f.end_line:
        return [(f.line, f.column - 1, max(f.end_column - 1, f.column - 1))]
    return (
        [(f.line, f.column - 1, 10**9)]
        + [(ln, 0, 10**9) for ln in range(f.line + 1, f.end_line)]
        + [(f.end_line, 0, f.end_column - 1)]
    )


def source_ranges(f) -> list[tuple[int, int, int]]:
    """The same for the finding's source span (omissions are annotated on the source side)."""
    src = f.extra.get("source")
    if not src:
        return []
    if src["line"] == src["end_line"]:
        return [(src["line"], src["column"] - 1, max(src["end_column"] - 1, src["column"] - 1))]
    return (
        [(src["line"], src["column"] - 1, 10**9)]
        + [(ln, 0, 10**9) for ln in range(src["line"] + 1, src["end_line"])]
        + [(src["end_line"], 0, src["end_column"] - 1)]
    )


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    if b_start == b_end:  # insertion point
        return a_start <= b_start <= a_end
    if a_start == a_end:
        return b_start <= a_start < b_end
    return a_start < b_end and b_start < a_end


def name_or_digit(text: str) -> bool:
    if re.search(r"\d", text):
        return True
    return any(w[0].isupper() and wordlists.zipf_de(w) < 3.0 for w in re.findall(r"[^\W\d_]{3,}", text))


def run_rules(engine: Engine, folder: Path, pairs: Path, rows: list[dict]):
    results = []
    for row in rows:
        tgt_path = folder / row["file"]
        src_path = pairs / row["source_file"]
        doc = Document(row["file"], tgt_path.read_text(encoding="utf-8"))
        src = Document(str(src_path), src_path.read_text(encoding="utf-8"))
        results.append((row, engine.check(doc, source=src)))
    return results


def evaluate_mt(engine: Engine, data: Path) -> dict:
    rows = read_manifest(data / "mt" / "manifest.tsv")
    ann = read_annotations(data / "mt" / "annotations.jsonl")
    t0 = time.perf_counter()
    results = run_rules(engine, data / "mt", data / "pairs", rows)
    elapsed = time.perf_counter() - t0
    per_rule: dict[str, Counter] = defaultdict(Counter)
    hit_keys: set[tuple] = set()
    widths: dict[str, list[int]] = defaultdict(list)
    examples: dict[str, list] = defaultdict(list)
    for row, findings in results:
        for f in findings:
            hit = False
            for side, ranges in (("target", finding_ranges(f)), ("source", source_ranges(f))):
                for line, s, e in ranges:
                    for a in ann.get((row["file"], line), []):
                        if a.get("side", "target") == side and overlaps(s, e, a["start"], a["end"]):
                            hit = True
                            hit_keys.add((row["file"], line, a["start"], a["end"], a["category"], a["rater"]))
            per_rule[f.rule]["findings"] += 1
            per_rule[f.rule]["hits"] += hit
            widths[f.rule].append(f.end - f.start)
            if len(examples[f.rule]) < 6:
                examples[f.rule].append({"file": row["file"], "line": f.line, "hit": hit, "message": f.message[:160]})
    precision = {
        r: {
            "findings": c["findings"],
            "overlapping": c["hits"],
            "precision": round(c["hits"] / c["findings"], 3) if c["findings"] else None,
            "mean_width": round(sum(widths[r]) / len(widths[r]), 1),
        }
        for r, c in sorted(per_rule.items())
    }
    total_f = sum(c["findings"] for c in per_rule.values())
    total_h = sum(c["hits"] for c in per_rule.values())
    recall = {}
    cats = {
        "Accuracy/Untranslated text": lambda a: True,
        "Accuracy/Mistranslation (digit or name)": lambda a: name_or_digit(a["text"]),
        "Accuracy/Omission": lambda a: True,
    }
    for label, keep in cats.items():
        cat = label.split(" (")[0]
        spans = [
            (file, line, a["start"], a["end"], a["category"], a["rater"])
            for (file, line), items in ann.items()
            for a in items
            if a["category"] == cat and keep(a)
        ]
        found = sum(1 for k in spans if k in hit_keys)
        recall[label] = {
            "annotated": len(spans),
            "found": found,
            "recall": round(found / len(spans), 3) if spans else None,
        }
    words = sum(int(r["words"]) for r in rows)
    return {
        "files": len(rows),
        "words": words,
        "seconds": round(elapsed, 2),
        "precision_by_rule": precision,
        "precision_all": round(total_h / total_f, 3) if total_f else None,
        "findings_all": total_f,
        "recall": recall,
        "examples": examples,
    }


def evaluate_clean(engine: Engine, data: Path) -> dict:
    rows = read_manifest(data / "clean" / "manifest.tsv")
    ann = read_annotations(data / "clean" / "ref_annotations.jsonl")
    results = run_rules(engine, data / "clean", data / "pairs", rows)
    words = sum(int(r["words"]) for r in rows)
    per_rule: Counter = Counter()
    discounted: Counter = Counter()
    examples = []
    for row, findings in results:
        for f in findings:
            per_rule[f.rule] += 1
            annotated = any(
                overlaps(s, e, a["start"], a["end"])
                for line, s, e in finding_ranges(f)
                for a in ann.get((row["file"], line), [])
            )
            if not annotated:
                discounted[f.rule] += 1
                if len(examples) < 15:
                    examples.append({"file": row["file"], "line": f.line, "rule": f.rule, "message": f.message[:160]})
    return {
        "files": len(rows),
        "words": words,
        "per_1000_words": round(1000 * sum(per_rule.values()) / words, 3),
        "per_1000_words_unannotated": round(1000 * sum(discounted.values()) / words, 3),
        "by_rule": dict(per_rule),
        "by_rule_unannotated": dict(discounted),
        "examples": examples,
    }


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: list[float], y: list[float]) -> float:
    rx, ry = _ranks(x), _ranks(y)
    n = len(x)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy)


def kendall_tau_b(x: list[float], y: list[float]) -> float:
    conc = disc = tx = ty = 0
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif dx * dy > 0:
                conc += 1
            else:
                disc += 1
    return (conc - disc) / (((conc + disc + tx) * (conc + disc + ty)) ** 0.5)


def evaluate_systems(data: Path, ref_name: str = "refC") -> dict:
    rows = read_manifest(data / "mt" / "manifest.tsv")
    ann = read_annotations(data / "mt" / "annotations.jsonl")
    clean = {
        r["doc"]: r["file"] for r in read_manifest(data / "clean" / "manifest.tsv") if r["translation"] == ref_name
    }
    by_sys: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_sys[r["system"]].append(r)
    penalty = {"Major": 5, "Minor": 1}
    table = []
    for system, files in sorted(by_sys.items()):
        hyps: list[str] = []
        refs: list[str] = []
        mqm = 0
        segs = 0
        for r in files:
            if r["doc"] not in clean:
                continue
            h = read_segments(data / "mt" / r["file"])
            ref = read_segments(data / "clean" / clean[r["doc"]])
            if len(h) != len(ref):
                continue
            hyps += h
            refs += ref
            segs += len(h)
            for (file, _line), items in ann.items():
                if file == r["file"]:
                    mqm += sum(penalty.get(a["severity"], 0) for a in items)
        sc = corpus_scores(hyps, refs)
        table.append({"system": system, "docs": len(files), "segments": segs, "bleu": sc["bleu"], "chrf": sc["chrf"],
                      "ter": sc["ter"], "mqm_per_segment": round(mqm / max(segs, 1), 3)})  # fmt: skip
    mqm_quality = [-t["mqm_per_segment"] for t in table]  # higher is better
    corr = {}
    for metric, sign in (("bleu", 1), ("chrf", 1), ("ter", -1)):
        vals = [sign * t[metric] for t in table]
        corr[metric] = {
            "spearman": round(spearman(vals, mqm_quality), 3),
            "kendall_tau_b": round(kendall_tau_b(vals, mqm_quality), 3),
        }
    return {"reference": ref_name, "systems": table, "correlation_with_mqm": corr, "signature": sc["signature"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data/mqm-dev")
    ap.add_argument("--json", help="also write the full report here")
    args = ap.parse_args()
    data = Path(args.data)
    engine = load_engine()
    report = {"mt": evaluate_mt(engine, data), "clean": evaluate_clean(engine, data), "systems": evaluate_systems(data)}
    mt, clean, systems = report["mt"], report["clean"], report["systems"]
    print(f"mt/: {mt['files']} files, {mt['words']} words, {mt['seconds']} s, {mt['findings_all']} findings, "
          f"precision (any annotated span) {mt['precision_all']}")  # fmt: skip
    for rule, p in mt["precision_by_rule"].items():
        print(f"  {rule:18} findings {p['findings']:5}  overlapping {p['overlapping']:5}  precision {p['precision']}  "
              f"mean width {p['mean_width']}")  # fmt: skip
    for cat, r in mt["recall"].items():
        print(f"  recall {cat:42} {r['found']:4}/{r['annotated']:<4} = {r['recall']}")
    print(f"clean/: {clean['files']} files, {clean['words']} words, {clean['per_1000_words']} findings/1000 words "
          f"({clean['per_1000_words_unannotated']} not overlapping ref_annotations); by rule {clean['by_rule']}")  # fmt: skip
    print(f"systems vs {systems['reference']}:")
    for t in sorted(systems["systems"], key=lambda t: t["mqm_per_segment"]):
        print(f"  {t['system']:15} BLEU {t['bleu']:6.2f}  chrF {t['chrf']:6.2f}  TER {t['ter']:6.2f}  "
              f"MQM/segment {t['mqm_per_segment']:.3f}")  # fmt: skip
    for metric, c in systems["correlation_with_mqm"].items():
        print(f"  {metric}: Spearman {c['spearman']}, Kendall tau-b {c['kendall_tau_b']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
