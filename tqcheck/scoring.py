"""Reference metrics with sacrebleu: document scores for ``tqcheck --reference`` and the ``tqcheck score`` command.

sacrebleu is imported inside the functions, never at module level, so a plain check run does not pay for its
import (deps-probe §6). Files are read exactly as the sacrebleu command line reads them (UTF-8, one
segment per line, trailing whitespace stripped, blank lines kept as empty segments), so ``tqcheck score`` and
``sacrebleu REF -i HYP -m bleu chrf ter`` print the same numbers; tests/test_score_cli.py holds us to that.

``tqcheck score HYP REF`` pairs files as follows (the first rule that applies):

- HYP file, REF file: one pair.
- HYP folder, REF folder: every file of HYP with a file of the same name in REF (others are listed and skipped).
- HYP folder, REF file: every file of HYP against that one reference (several systems, one reference).
- HYP file, REF folder: the file of the same name in REF.

The corpus score is the score of all pairs' lines concatenated (what sacrebleu gives for the concatenated
files), not an average of file scores.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .document import Document

FORMATS = ("full", "json", "tsv")
WEAKEST = 5


def read_segments(path: Path) -> list[str]:
    """Lines as sacrebleu's command line reads them (UTF-8, split at line feeds only, trailing space stripped),
    from a file read as an article is (:func:`tqcheck.textio.read_regular`: a regular file, size-capped, not
    binary); ScoreError naming ``path`` otherwise."""
    from .textio import InputError, read_regular

    try:
        text = read_regular(path).decode("utf-8")
    except InputError as exc:
        raise ScoreError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ScoreError(f"{path}: not valid UTF-8 (byte offset {exc.start})") from None
    if not text:
        return []
    return [line.rstrip() for line in (text[:-1] if text.endswith("\n") else text).split("\n")]


def _metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER

    return BLEU(), CHRF(), TER()


def corpus_scores(hyps: list[str], refs: list[str]) -> dict:
    """Corpus BLEU, chrF and TER with default sacrebleu settings, and each metric's signature."""
    bleu, chrf, ter = _metrics()
    out: dict = {"signature": {}}
    for name, metric in (("bleu", bleu), ("chrf", chrf), ("ter", ter)):
        res = metric.corpus_score(hyps, [refs])
        out[name] = round(float(res.score), 4)
        out["signature"][name] = str(metric.get_signature())
    return out


# ---------------------------------------------------------------------------------------------- documents


def _doc_lines(doc: Document) -> list[str]:
    lines = [doc.line_text(i + 1).rstrip() for i in range(len(doc.lines))]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def document_scores(doc: Document, reference: Document) -> dict:
    """Scores of one article against its reference, plus the weakest sentences by sentence-level chrF.

    Line-aligned when both have the same number of lines (the usual case); otherwise the sentences are
    aligned by length (:mod:`tqcheck.align`) and each bead is one segment, so a merged or split line does not
    shift every later segment against the wrong reference.
    """
    cached = doc.meta.get("scores")
    if cached and cached.get("_reference") == reference.path:
        return cached
    hyp_lines, ref_lines = _doc_lines(doc), _doc_lines(reference)
    segments: list[tuple[int, str, str]] = []  # (hyp line, hyp, ref)
    if len(hyp_lines) == len(ref_lines):
        segments = [(i + 1, h, r) for i, (h, r) in enumerate(zip(hyp_lines, ref_lines))]
        aligned_by = "lines"
    else:
        from .align import align

        al = align(reference, doc)
        for bead in al.beads:
            sp = al.tgt_span(bead)
            at = sp[0] if sp else al.nearest_tgt_span(al.beads.index(bead))[0]
            line = doc.view_line_col(at)[0]
            segments.append((line, " ".join(al.tgt_text(bead).split()), " ".join(al.src_text(bead).split())))
        aligned_by = "sentences"
    hyps = [h for _, h, _ in segments]
    refs = [r for _, _, r in segments]
    scores = corpus_scores(hyps, refs)
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    per = []
    for line, h, r in segments:
        if not h.strip() and not r.strip():
            continue
        per.append({"line": line, "chrf": round(float(chrf.sentence_score(h, [r]).score), 2), "hyp": h, "ref": r})
    per.sort(key=lambda x: (x["chrf"], x["line"]))
    scores["weakest"] = per[:WEAKEST]
    scores["aligned_by"] = aligned_by
    scores["_reference"] = reference.path
    doc.meta["scores"] = scores
    return scores


def public_scores(scores: dict) -> dict:
    """The scores without internal keys (what FileResult.scores and JSON output carry)."""
    return {k: v for k, v in scores.items() if not k.startswith("_")}


# ---------------------------------------------------------------------------------------------- command


class ScoreError(Exception):
    """A usage or input problem of ``tqcheck score``; one line, exit 2."""


@dataclass
class Pair:
    name: str
    hyp: Path
    ref: Path


def pair_files(hyp: Path, ref: Path) -> tuple[list[Pair], list[str]]:
    """Pairs to score and the names of hypothesis files skipped for want of a reference."""
    if not hyp.exists():
        raise ScoreError(f"{hyp}: no such file or folder")
    if not ref.exists():
        raise ScoreError(f"{ref}: no such file or folder")
    for p in (hyp, ref):  # a device or a named pipe: neither a file to read nor a folder to list
        if not p.is_file() and not p.is_dir():
            raise ScoreError(f"{p}: not a regular file or folder")
    if hyp.is_file():
        if ref.is_dir():
            cand = ref / hyp.name
            if not cand.is_file():
                raise ScoreError(f"{ref}: no file named {hyp.name}")
            return [Pair(hyp.name, hyp, cand)], []
        return [Pair(hyp.name, hyp, ref)], []
    files = sorted(p for p in hyp.iterdir() if p.is_file() and not p.name.startswith("."))
    if ref.is_file():
        return [Pair(p.name, p, ref) for p in files if p.resolve() != ref.resolve()], []
    pairs, skipped = [], []
    for p in files:
        cand = ref / p.name
        if cand.is_file():
            pairs.append(Pair(p.name, p, cand))
        else:
            skipped.append(p.name)
    if not pairs:
        raise ScoreError(f"no file of {hyp} has a namesake in {ref}")
    return pairs, skipped


def score_pairs(pairs: list[Pair]) -> dict:
    """Per-file and corpus scores for the pairs (line counts must match, as sacrebleu requires)."""
    all_h: list[str] = []
    all_r: list[str] = []
    files = []
    for p in pairs:
        h, r = read_segments(p.hyp), read_segments(p.ref)
        if len(h) != len(r):
            raise ScoreError(f"{p.hyp}: {len(h)} lines but the reference {p.ref} has {len(r)}")
        sc = corpus_scores(h, r)
        files.append({"file": p.name, "hyp": str(p.hyp), "ref": str(p.ref), "segments": len(h), **sc})
        all_h.extend(h)
        all_r.extend(r)
    corpus = corpus_scores(all_h, all_r)
    corpus["segments"] = len(all_h)
    return {"corpus": corpus, "files": files}


def _render_full(result: dict, skipped: list[str]) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=False)
    table = Table(title="Reference scores (sacrebleu)", title_justify="left")
    for col, just in (("file", "left"), ("segments", "right"), ("BLEU", "right"), ("chrF", "right"), ("TER", "right")):
        table.add_column(col, justify=just)
    for f in result["files"]:
        table.add_row(f["file"], str(f["segments"]), f"{f['bleu']:.2f}", f"{f['chrf']:.2f}", f"{f['ter']:.2f}")
    c = result["corpus"]
    table.add_section()
    table.add_row("corpus", str(c["segments"]), f"{c['bleu']:.2f}", f"{c['chrf']:.2f}", f"{c['ter']:.2f}")
    console.print(table)
    for name, sig in c["signature"].items():
        console.print(f"{name}: {sig}")
    for s in skipped:
        console.print(f"skipped (no reference): {s}")
    return buf.getvalue()


def _render_tsv(result: dict) -> str:
    rows = ["file\tsegments\tbleu\tchrf\tter"]
    for f in result["files"]:
        rows.append(f"{f['file']}\t{f['segments']}\t{f['bleu']:.4f}\t{f['chrf']:.4f}\t{f['ter']:.4f}")
    c = result["corpus"]
    rows.append(f"(corpus)\t{c['segments']}\t{c['bleu']:.4f}\t{c['chrf']:.4f}\t{c['ter']:.4f}")
    return "\n".join(rows) + "\n"


def score_command(hyp: Path, ref: Path, fmt: str) -> int:
    """``tqcheck score``: 0 when scored, 2 on a usage or input error."""
    if fmt not in FORMATS:
        print(f"tqcheck: unknown format {fmt!r} (choose from {', '.join(FORMATS)})", file=sys.stderr)
        return 2
    try:
        pairs, skipped = pair_files(Path(hyp), Path(ref))
        result = score_pairs(pairs)
    except ScoreError as exc:
        print(f"tqcheck: {exc}", file=sys.stderr)
        return 2
    if fmt == "json":
        result["skipped"] = skipped
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "tsv":
        sys.stdout.write(_render_tsv(result))
        for s in skipped:
            print(f"tqcheck: skipped (no reference): {s}", file=sys.stderr)
    else:
        sys.stdout.write(_render_full(result, skipped))
    return 0
