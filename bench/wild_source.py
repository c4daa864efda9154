"""What the source-aware rules add on real MT copy: wild-dev articles whose English counterpart is the source.

    python bench/wild_source.py [--set ../shared/data/wild-dev] [--args "..."] [--list] [--json out.json]

``../shared/data/wild-dev/en/`` holds an English counterpart for 35 of the 50 articles, but only some of them are
the text the German was translated from; the others are parallel reports of the same event, and source checks
on a parallel report are noise (every number and sentence the other outlet chose differently would be
"missing"). ``TRUE_SOURCES`` below lists the pairs that are a source, each with the reason, decided by reading
both sides; the rest are listed in ``PARALLEL`` with theirs.

The script runs tqcheck (``--format json --exit-zero --source-dir``) once over the German side of the true pairs,
locates the annotations on their lines and scores them as ``../shared/tools/score_wild.py`` does (its
``overlaps`` test is imported from there, so the two cannot drift): a finding of any severity catches a
medium/high annotation it overlaps; a warning+ finding is precise when it overlaps any annotation. Per source
rule (``src_*``) it prints the findings, the warning+ findings on annotations, the annotations they catch, and
the *new* ones: caught by that rule and by no finding of a rule that does not need the source. A finding as wide
as a sentence (a missing number, an omission) overlaps whatever else is annotated in that sentence, so the
table also gives the mean width and the catches that *point* at the annotation (the finding at most twice as
wide as the annotated text, or 20 characters wider). Exits 0 without measuring when ``../shared`` is absent (a
checkout outside the workspace).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEFAULT_SET = SHARED / "data" / "wild-dev"
SCORER = SHARED / "tools" / "score_wild.py"
SEVERE = {"error", "warning"}

# The pairs whose English is the text the German was made from (or the same text, for the A files the set's
# README names so). Decided by reading both sides: sentence order, quotations and figures agree throughout.
TRUE_SOURCES: dict[str, str] = {
    "A01": "README: English source (Europa Press English of the same dispatch)",
    "A02": "README: English source (Astana Times)",
    "A06": "README: English source",
    "A07": "README: the same text (English of the report the German renders)",
    "A08": "README: English source (24.kg English)",
    "A21": "README: English source (the outlet's own English page)",
    "A22": "README: English source",
    "B05": "Azertac dispatch in its English version: the German follows it sentence by sentence (TANAP, the 22nd "
    "World Petroleum Congress, the line of contact), the English only splits paragraphs more finely",
    "B06": "AzerNews via MENAFN: the German is a line-by-line translation (Nizami Ganjavi Center, 11th Global Baku "
    "Forum, the same four paragraphs); the German adds a rubric, headline and dateline",
    "B09": "1lurer.am English: same six paragraphs in the same order, the same names (Aripov, Heydar Aliyev "
    "Memorial Complex, Middle Corridor)",
    "B21": "caucasuswatch.de's own English page: same paragraphs, same quotations (Degnan, Hartzell, 2030)",
}
# English counterparts that are parallel reports, not sources: left out.
PARALLEL: dict[str, str] = {
    "B01": "TASS report on the parade (wreath-laying, the tomb's history); the German is a short TNW photo note",
    "B02": "Times of Central Asia's own report; the German is UzA's embassy text (different sentences, order)",
    "B03": "Kursiv report with figures (9 billion euros) the German does not have; different structure",
    "B07": "Lavrov's own remarks (mid.ru); the German is AzVision's report of Bayramov's statements",
    "B10": "TRT World report; the German renders the Turkish presidency's statement",
    "B11": "the Bundespräsident's English report; the German is RayHaber's Turkish-sourced piece",
    "B12": "Hurriyet Daily News report; the German renders a Turkish report (different quotations)",
    "B13": "anews report; the German comes from AA's Arabic service (different sentences)",
    "B15": "sb.by English, a different selection and order of quotations than belnovosti's German",
    "B16": "president.gov.by English and BelTA German: two renderings of one Russian release, loose (the "
    "quotations differ in wording and length, the German carries site boilerplate); not checked as a source",
    "B18": "BelTA English on the St Petersburg talks; the German is a Europa Press report of the same day",
    "B19": "Ukrainska Pravda/Yahoo report; the German renders a Ukrainian piece",
    "B20": "agenda.ge's own report; the German is the Georgian government release",
    "B23": "news.am English; the German is News Front's report (different quotations)",
    "B25": "Times of Central Asia's report; the German renders TASS",
}


def load_overlaps():
    """score_wild.py's overlap test, imported so that this script scores exactly as it does."""
    spec = importlib.util.spec_from_file_location("score_wild", SCORER)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod.overlaps, list(mod.TARGETED), list(mod.OTHER)


def locate(root: Path, ids: list[str]) -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
    """Annotations per file name with 0-based ``start``/``end`` on their line, as score_wild.py places them."""
    lines = {i + ".txt": (root / "de" / f"{i}.txt").read_text(encoding="utf-8").split("\n") for i in ids}
    anns: dict[str, list[dict]] = collections.defaultdict(list)
    for raw in (root / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
        x = json.loads(raw)
        name = x["id"] + ".txt"
        if name not in lines:
            continue
        s = lines[name][x["line"] - 1].find(x["text"])
        if s < 0:
            continue
        x["start"], x["end"] = s, s + len(x["text"])
        anns[name].append(x)
    return anns, lines


def run_checker(root: Path, ids: list[str], extra: str) -> list[dict]:
    """One tqcheck run over the German side; the sources come from a folder holding only the true pairs."""
    with tempfile.TemporaryDirectory() as tmp:
        for i in ids:
            (Path(tmp) / f"{i}.txt").symlink_to((root / "en" / f"{i}.txt").resolve())
        cmd = [sys.executable, "-m", "tqcheck.cli", "--format", "json", "--exit-zero", "--source-dir", tmp]
        cmd += [*shlex.split(extra), *(str(root / "de" / f"{i}.txt") for i in ids)]
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    try:
        return json.loads(p.stdout).get("findings", [])
    except json.JSONDecodeError:
        sys.exit(f"no JSON from tqcheck (exit {p.returncode}): {p.stderr.strip()[-400:]}")


def width(f: dict, lines: dict[str, list[str]]) -> int:
    """Characters a finding covers in its file (a multi-line finding: to the end of its first line and on)."""
    name = Path(f["file"]).name
    end_line, end_col = f.get("end_line", f["line"]), f.get("end_column", f["column"] + 1)
    if end_line == f["line"]:
        return end_col - f["column"]
    rows = lines[name]
    total = len(rows[f["line"] - 1]) - f["column"] + 1
    total += sum(len(rows[k - 1]) + 1 for k in range(f["line"] + 1, end_line))
    return total + end_col


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET, help="wild-dev folder (de/, en/, annotations.jsonl)")
    ap.add_argument("--args", default="", help="extra tqcheck arguments, e.g. --config FILE")
    ap.add_argument("--list", action="store_true", help="print every source finding, on or off an annotation")
    ap.add_argument("--json", type=Path, help="write the figures here")
    a = ap.parse_args(argv)
    if not (a.set / "annotations.jsonl").is_file() or not SCORER.is_file():
        print(f"wild_source: skipped, {a.set} or {SCORER} is absent")
        return 0
    overlaps, targeted, other = load_overlaps()
    ids = [i for i in TRUE_SOURCES if (a.set / "en" / f"{i}.txt").is_file() and (a.set / "de" / f"{i}.txt").is_file()]
    anns, lines = locate(a.set, ids)
    findings = run_checker(a.set, ids, a.args)
    by_file: dict[str, list[dict]] = collections.defaultdict(list)
    for f in findings:
        by_file[Path(f["file"]).name].append(f)

    def hits(f: dict, name: str) -> list[dict]:
        return [x for x in anns[name] if overlaps(f, x["line"], x["start"], x["end"])]

    def points(f: dict, x: dict) -> bool:
        n = len(x["text"])
        return width(f, lines) <= max(2 * n, n + 20)

    scored = [x for xs in anns.values() for x in xs if x["confidence"] != "low"]
    base_caught: set[int] = set()  # annotations some rule that does not need the source already catches
    for name, fs in by_file.items():
        for f in fs:
            if not f["rule"].startswith("src_"):
                base_caught.update(id(x) for x in hits(f, name) if x["confidence"] != "low")
    src_rules = sorted({f["rule"] for f in findings if f["rule"].startswith("src_")})
    rows = {}
    all_new: set[int] = set()
    new_cats: collections.Counter = collections.Counter()
    print(f"{len(ids)} true source pairs: {' '.join(ids)}")
    print(f"{len(scored)} medium/high annotations; rules without the source catch {len(base_caught)}")
    print(f"{'rule':18} {'findings':>8} {'warn+':>6} {'on ann.':>8} {'width':>6} {'catches':>8} {'point':>6} {'new':>4}"
          "  new by category")  # fmt: skip
    for rule in src_rules:
        fs = [(n, f) for n, xs in by_file.items() for f in xs if f["rule"] == rule]
        severe = [(n, f) for n, f in fs if f.get("severity") in SEVERE]
        on = [(n, f) for n, f in severe if hits(f, n)]
        caught = {id(x): x for n, f in fs for x in hits(f, n) if x["confidence"] != "low"}
        pointed = {id(x) for n, f in fs for x in hits(f, n) if x["confidence"] != "low" and points(f, x)}
        mean_width = sum(width(f, lines) for _, f in fs) / max(len(fs), 1)
        new = {k: x for k, x in caught.items() if k not in base_caught}
        cats = collections.Counter(x["category"] for x in new.values())
        for k, x in new.items():
            if k not in all_new:
                all_new.add(k)
                new_cats[x["category"]] += 1
        rows[rule] = {"findings": len(fs), "warning+": len(severe), "on_annotations": len(on),
                      "mean_width": round(mean_width, 1), "catches": len(caught), "pointed": len(pointed),
                      "new": len(new), "new_by_category": dict(cats)}  # fmt: skip
        print(f"{rule:18} {len(fs):8} {len(severe):6} {len(on):8} {mean_width:6.0f} {len(caught):8} "
              f"{len(pointed):6} {len(new):4}  " + ", ".join(f"{c} {n}" for c, n in cats.most_common()))  # fmt: skip
        if a.list:
            for n, f in fs:
                ln = lines[n][f["line"] - 1]
                span = ln[f["column"] - 1 : f.get("end_column", f["column"] + 1) - 1]
                tag = "ON " if hits(f, n) else "off"
                print(f"   {tag} {f['severity']:7} {n}:{f['line']} {span[:60]!r}  | {f['message'][:110]}")

    def recall(cats: list[str], caught: set[int]) -> tuple[int, int]:
        items = [x for x in scored if x["category"] in cats]
        return sum(1 for x in items if id(x) in caught), len(items)

    k0, t = recall(targeted, base_caught)
    k1, _ = recall(targeted, base_caught | all_new)
    m0, mt = recall(targeted + other, base_caught)
    m1, _ = recall(targeted + other, base_caught | all_new)
    severe_all = [(n, f) for n, xs in by_file.items() for f in xs if f.get("severity") in SEVERE]
    severe_base = [(n, f) for n, f in severe_all if not f["rule"].startswith("src_")]
    p0 = sum(1 for n, f in severe_base if hits(f, n)), len(severe_base)
    p1 = sum(1 for n, f in severe_all if hits(f, n)), len(severe_all)
    print(f"new annotations caught by the source rules: {len(all_new)} ("
          + ", ".join(f"{c} {n}" for c, n in new_cats.most_common()) + ")")  # fmt: skip
    print(f"targeted recall on these pairs: {k0}/{t} -> {k1}/{t}; all categories {m0}/{mt} -> {m1}/{mt}")
    print(f"precision (warning+): {p0[0]}/{p0[1]} -> {p1[0]}/{p1[1]}")
    if a.json:
        a.json.write_text(
            json.dumps({"pairs": ids, "rules": rows, "targeted_recall": [k0, k1, t], "recall_all": [m0, m1, mt],
                        "precision": [list(p0), list(p1)], "new_by_category": dict(new_cats)}, indent=1),
            encoding="utf-8",
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
