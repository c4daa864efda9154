#!/usr/bin/env python3
"""Measure tqcheck on real machine-translated news: the wild-dev set (../shared/data/wild-dev), per category and
per rule family.

Why a script of our own beside ``../shared/tools/score_wild.py``: that tool gives the figures per annotation
category (its numbers are the ones the targets are stated in, and this script calls it for them); the README's
precision table also needs them per rule family (which family finds what, and how often a family's warning
falls on an annotation), which only a second pass over the same findings gives. The overlap test is the tool's:
a finding counts for an annotation when it overlaps the annotated text on its line; precision counts warning and
error findings on any annotation (annotations are not exhaustive, so it is a lower bound); recall counts medium and
high annotations of the targeted categories overlapped by a finding of any severity.

    python bench/wild.py                    # the default pack
    python bench/wild.py --args "--config my.yaml" --markdown
    python bench/wild.py --json bench/out/wild.json

Needs ../shared/data/wild-dev next to this checkout (not redistributed here); exits 0 with a note when absent.
"""

from __future__ import annotations

import argparse
import collections
import json
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data" / "wild-dev"
TOOL = ROOT.parent / "shared" / "tools" / "score_wild.py"
TARGETED = [
    "name-variant", "transliteration", "number-format", "magnitude", "quotes-apostrophe", "untranslated",
    "false-friend", "spelling", "casing",
]  # fmt: skip
SEVERE = {"error", "warning"}


def family(rule: str) -> str:
    """A rule's family is its id prefix (``ff_mineral_einlagen`` → ``ff_``), as in the README's tables."""
    return rule.split("_", 1)[0] + "_" if "_" in rule else rule


def overlaps(f: dict, line: int, start: int, end: int) -> bool:
    """The tool's overlap test: the finding covers part of the annotated text on its line."""
    if not (f["line"] <= line <= f.get("end_line", f["line"])):
        return False
    fs = f["column"] - 1 if f["line"] == line else 0
    fe = f.get("end_column", f["column"] + 1) - 1 if f.get("end_line", f["line"]) == line else 10**9
    return fs < end and start < fe


def run(data: Path, args: str) -> dict:
    files = sorted((data / "de").glob("*.txt"))
    cli = [sys.executable, "-c", "from tqcheck.cli import main; main()"]
    cmd = [*cli, "--format", "json", "--exit-zero", *shlex.split(args), *map(str, files)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    findings = json.loads(out.stdout)["findings"]
    by_file = collections.defaultdict(list)
    for f in findings:
        by_file[Path(f["file"]).name].append(f)
    lines = {p.name: p.read_text(encoding="utf-8").split("\n") for p in files}
    anns = collections.defaultdict(list)
    for raw in (data / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
        x = json.loads(raw)
        name = x["id"] + ".txt"
        s = lines[name][x["line"] - 1].find(x["text"])
        if s >= 0:
            x["start"], x["end"] = s, s + len(x["text"])
            anns[name].append(x)
    fam: dict[str, dict] = collections.defaultdict(lambda: {"warn": 0, "warn_on": 0, "all": 0, "caught": set()})
    for name, fs in by_file.items():
        for f in fs:
            st = fam[family(f["rule"])]
            st["all"] += 1
            on = [x for x in anns[name] if overlaps(f, x["line"], x["start"], x["end"])]
            if f["severity"] in SEVERE:
                st["warn"] += 1
                st["warn_on"] += bool(on)
            for x in on:
                if x["category"] in TARGETED and x["confidence"] != "low":
                    st["caught"].add((name, x["line"], x["start"], x["text"]))
    targeted = [(n, x) for n, xs in anns.items() for x in xs if x["category"] in TARGETED and x["confidence"] != "low"]
    caught_any = set().union(*(st["caught"] for st in fam.values())) if fam else set()
    per_cat = {}
    for cat in TARGETED:
        items = [(n, x) for n, x in targeted if x["category"] == cat]
        got = sum((n, x["line"], x["start"], x["text"]) in caught_any for n, x in items)
        per_cat[cat] = [got, len(items)]
    warn = sum(st["warn"] for st in fam.values())
    warn_on = sum(st["warn_on"] for st in fam.values())
    return {
        "precision": warn_on / max(warn, 1),
        "warning_findings": warn,
        "targeted_recall": len(caught_any) / max(len(targeted), 1),
        "caught": len(caught_any),
        "targeted": len(targeted),
        "categories": per_cat,
        "families": {
            k: {"findings": v["all"], "warning": v["warn"], "warning_on": v["warn_on"], "caught": len(v["caught"])}
            for k, v in sorted(fam.items())
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--args", default="", help="extra tqcheck arguments")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--markdown", action="store_true", help="the per-family table as markdown (README)")
    a = ap.parse_args()
    data = Path(a.data)
    if not (data / "annotations.jsonl").is_file():
        print(f"wild-dev not found at {data}: nothing to measure")
        return 0
    if TOOL.is_file():  # the figures the targets are stated in, from the tool itself
        subprocess.run([sys.executable, str(TOOL), "--set", str(data), "--cmd", f"{sys.executable} -c 'from tqcheck.cli import main; main()'", "--args", a.args], cwd=ROOT)  # fmt: skip
    r = run(data, a.args)
    print(f"\nper family (wild-dev): precision of warning+ {100 * r['precision']:.0f}% of {r['warning_findings']}, "
          f"targeted recall {r['caught']}/{r['targeted']} = {100 * r['targeted_recall']:.0f}%")  # fmt: skip
    if a.markdown:
        print("\n| family | findings | warning+ | warning+ on annotations | targeted annotations found |")
        print("|---|---:|---:|---:|---:|")
    for k, v in r["families"].items():
        p = f"{100 * v['warning_on'] / v['warning']:.0f}%" if v["warning"] else "–"
        if a.markdown:
            print(f"| `{k}` | {v['findings']} | {v['warning']} | {p} | {v['caught']} |")
        else:
            print(f"  {k:8} findings {v['findings']:4}  warning+ {v['warning']:3} on annotations {p:>4}  "
                  f"found {v['caught']:3}")  # fmt: skip
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(r, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
