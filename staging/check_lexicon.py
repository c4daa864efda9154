"""Measure the staged lexicon rule pack: examples, false alarms on human references, precision on MT output.

Why a separate script: the staged rules are not yet in rules.yaml, so they are merged over the default pack as a
user config (the same path a project's rules.yaml takes), and every rule is measured on the WMT21 MQM dev set
before its severity is fixed (policy: >= 10 warning/error hits on mt/ need >= 50 % on annotated spans).

Usage:
    python staging/check_lexicon.py                 # table for all staged rules
    python staging/check_lexicon.py --show ID ...   # list the hits of some rules (on/off span, clean/mt)
    python staging/check_lexicon.py --pattern RE    # try a raw regex over the corpora before writing a rule
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import regex
import yaml

from tqcheck.config import Config, load_config
from tqcheck.document import Document
from tqcheck.engine import Engine
from tqcheck.examples import check_examples

HERE = Path(__file__).resolve().parent
STAGED = HERE / "lexicon_rules.yaml"
DATA = Path("/work/shared/data/mqm-dev")

Spans = dict[tuple[str, int], list[tuple[int, int]]]


def load_spans(path: Path) -> Spans:
    """Annotated error spans per (file, 1-based line)."""
    spans: Spans = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            a = json.loads(raw)
            spans[(a["file"], a["line"])].append((a["start"], a["end"]))
    return spans


def overlaps(spans: Spans, file: str, line: int, s: int, e: int) -> bool:
    """A hit counts as on-span if it overlaps an annotation (zero-length annotations: touching counts)."""
    for a, b in spans.get((file, line), []):
        if a == b and s <= a <= e:
            return True
        if s < b and a < e:
            return True
    return False


def load_docs(folder: Path) -> list[Document]:
    return [Document(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def staged_config() -> tuple[Config, list[str]]:
    """Default pack + the staged list, merged as a user config file."""
    rules = yaml.safe_load(STAGED.read_text(encoding="utf-8")) or []
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as fh:
        yaml.safe_dump({"rules": rules}, fh, allow_unicode=True, sort_keys=False)
    cfg = load_config(fh.name)
    return cfg, [r["id"] for r in rules]


def run(cfg: Config, ids: list[str], docs: list[Document]) -> dict[str, list]:
    cfg.select = list(ids)
    engine = Engine(cfg)
    hits: dict[str, list] = defaultdict(list)
    for doc in docs:
        for f in engine.check(doc):
            hits[f.rule].append((doc, f))
    return hits


def line_offsets(doc: Document, f) -> tuple[int, int, int]:
    line, col = doc.line_col(f.start)
    s = col - 1
    return line, s, s + (f.end - f.start)


def try_pattern(pattern: str, clean: list[Document], mt: list[Document], mt_spans: Spans, ref_spans: Spans) -> None:
    rx = regex.compile(pattern, regex.V0)
    for name, docs, spans in (("clean", clean, ref_spans), ("mt", mt, mt_spans)):
        n = on = 0
        for doc in docs:
            for ln, (ls, le) in enumerate(doc.lines, 1):
                line = doc.text[ls:le]
                for m in rx.finditer(line):
                    n += 1
                    hit = overlaps(spans, doc.path, ln, m.start(), m.end())
                    on += hit
                    print(
                        f"{name:5} {'ON ' if hit else 'off'} {doc.path[7:40]:33} …{line[max(0, m.start() - 40) : m.end() + 30]}…"
                    )
        print(f"== {name}: {n} hits, {on} on span")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", nargs="*", default=None)
    ap.add_argument("--pattern")
    args = ap.parse_args()
    clean, mt = load_docs(DATA / "clean"), load_docs(DATA / "mt")
    ref_spans, mt_spans = load_spans(DATA / "clean/ref_annotations.jsonl"), load_spans(DATA / "mt/annotations.jsonl")
    if args.pattern:
        try_pattern(args.pattern, clean, mt, mt_spans, ref_spans)
        return 0
    cfg, ids = staged_config()
    failures = [msg for rid in ids for msg in check_examples(cfg.rules[rid], cfg)]
    for msg in failures:
        print("EXAMPLE FAIL:", msg)
    t0 = time.perf_counter()
    chits = run(cfg, ids, clean)
    mhits = run(cfg, ids, mt)
    elapsed = time.perf_counter() - t0
    if args.show is not None:
        for rid in args.show or ids:
            for name, hits, spans in (("clean", chits, ref_spans), ("mt", mhits, mt_spans)):
                for doc, f in hits.get(rid, []):
                    ln, s, e = line_offsets(doc, f)
                    on = overlaps(spans, doc.path, ln, s, e)
                    text = doc.line_text(ln)
                    print(
                        f"{rid} {name:5} {'ON ' if on else 'off'} {doc.path[7:40]:33} …{text[max(0, s - 50) : e + 30]}…"
                    )
        return 0
    words_clean = sum(d.word_count for d in clean)
    print(f"rules {len(ids)}, example failures {len(failures)}, clean words {words_clean}, run {elapsed:.1f}s")
    print("| rule id | severity | mt hits | mt on-span % | clean hits (on ref span) |")
    print("|---|---|---:|---:|---:|")
    tot = [0, 0, 0, 0]
    for rid in ids:
        spec = cfg.rules[rid]
        mh = mhits.get(rid, [])
        on = sum(overlaps(mt_spans, d.path, *line_offsets(d, f)) for d, f in mh)
        ch = chits.get(rid, [])
        con = sum(overlaps(ref_spans, d.path, *line_offsets(d, f)) for d, f in ch)
        pct = f"{100 * on / len(mh):.0f}" if mh else "–"
        flag = ""
        if spec.severity.value >= 1 and len(mh) >= 10 and on / len(mh) < 0.5:
            flag = "  <-- POLICY"
        if spec.severity.value >= 1 and len(ch) - con > 2:
            flag += "  <-- CLEAN"
        print(f"| {rid} | {spec.severity} | {len(mh)} | {pct} | {len(ch)} ({con}) |{flag}")
        tot = [tot[0] + len(mh), tot[1] + on, tot[2] + len(ch), tot[3] + con]
    pct = f"{100 * tot[1] / tot[0]:.0f}" if tot[0] else "–"
    print(f"| **total** | | {tot[0]} | {pct} | {tot[2]} ({tot[3]}) |")
    print(f"clean false alarms per 1,000 words: {1000 * (tot[2] - tot[3]) / words_clean:.3f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
