"""Source ↔ target alignment: paragraphs (lines) first, then sentences within each paragraph pair.

Why length-based (Gale & Church 1993) and not embeddings: a translation's sentence lengths in characters track
the source's closely, the method needs no model and no download, and news copy keeps one paragraph per line,
so almost every decision is local. Alignments ("beads") may be 1-1, 1-2, 2-1, 1-0 and 0-1. The cost of a bead
is ``-log P(type) - log P(delta)`` where ``delta = (l_tgt - c·l_src) / sqrt(s²·l_src)`` is the normalised
length difference, ``c`` the document's own length ratio (German runs ~10–20 % longer than English) and
``s² = 6.8`` Gale & Church's variance. Unlike the original, 1-0 and 0-1 beads cost only their prior, so that a
long untranslated sentence shows up as 1-0 (an omission) instead of being hidden in a badly fitting 2-1 bead. The dynamic programme is *banded*: cell (i, j) is only visited when
``j`` lies within ``band`` of the diagonal ``i·m/n``, so a document of n sentences costs O(n·band), not O(n²).

Paragraphs: when both files have the same number of non-blank lines (the usual case for MT output), lines pair
up one to one. Otherwise the same banded DP aligns the lines by length, and sentences are aligned inside each
paragraph bead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .document import Document

# Prior probabilities of bead types (Gale & Church's table, 2-2 left out).
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2}
_PENALTY = {k: -math.log(v) for k, v in _PRIORS.items()}
_VARIANCE = 6.8
DEFAULT_BAND = 12


@dataclass(frozen=True)
class Bead:
    """One alignment unit: indices into the source and target sentence lists (either may be empty)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    para: int  # index of the paragraph bead it belongs to


def _norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _match_cost(ls: int, lt: int, ratio: float) -> float:
    """-log P(delta): two-sided tail probability of the normalised length difference."""
    if ls == 0 and lt == 0:
        return 0.0
    mean = (ls + lt / ratio) / 2.0
    delta = (lt - ls * ratio) / math.sqrt(max(mean, 1.0) * _VARIANCE)
    p = 2.0 * (1.0 - _norm_cdf(abs(delta)))
    return -math.log(max(p, 1e-12))


def align_lengths(
    src_lens: Sequence[int],
    tgt_lens: Sequence[int],
    ratio: float = 1.0,
    band: int = DEFAULT_BAND,
    stats: dict | None = None,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Banded Gale–Church DP over two length sequences; returns beads as (source indices, target indices).

    ``stats``, when given, receives ``cells``: how many DP cells were filled (the band keeps it O(n·band)).
    """
    n, m = len(src_lens), len(tgt_lens)
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    band = max(band, abs(n - m) + 2)
    inf = float("inf")
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}

    def in_band(i: int, j: int) -> bool:
        return abs(j - i * m / n) <= band

    for i in range(n + 1):
        centre = i * m / n
        lo = max(0, int(centre - band))
        hi = min(m, int(centre + band) + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best = inf
            step = (0, 0)
            for (di, dj), pen in _PENALTY.items():
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = cost.get((pi, pj))
                if prev is None or not in_band(pi, pj):
                    continue
                ls = sum(src_lens[pi:i])
                lt = sum(tgt_lens[pj:j])
                # 1-0 and 0-1 cost their prior only: charging the length of a dropped sentence, as the
                # original does, makes a long omission cheaper to hide inside a 2-1 bead than to show.
                c = prev + pen + (_match_cost(ls, lt, ratio) if di and dj else 0.0)
                if c < best:
                    best, step = c, (di, dj)
            if best < inf:
                cost[(i, j)] = best
                back[(i, j)] = step
    if stats is not None:
        stats["cells"] = len(cost)
    beads = []
    i, j = n, m
    if (i, j) not in back:  # the band excluded the corner (cannot happen with the widening above)
        return [((k,), (k,)) for k in range(min(n, m))]
    while i > 0 or j > 0:
        di, dj = back[(i, j)]
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


@dataclass
class Alignment:
    """Sentence beads between a source and a target document, plus helpers to read them."""

    source: Document
    target: Document
    beads: list[Bead]
    ratio: float

    def src_span(self, bead: Bead) -> tuple[int, int] | None:
        return _span(self.source.sentences, bead.src)

    def tgt_span(self, bead: Bead) -> tuple[int, int] | None:
        return _span(self.target.sentences, bead.tgt)

    def src_text(self, bead: Bead) -> str:
        sp = self.src_span(bead)
        return self.source.text[sp[0] : sp[1]] if sp else ""

    def tgt_text(self, bead: Bead) -> str:
        sp = self.tgt_span(bead)
        return self.target.text[sp[0] : sp[1]] if sp else ""

    def pairs(self):
        """``(bead, source span, target span)`` for every bead with text on both sides."""
        for bead in self.beads:
            sp, tp = self.src_span(bead), self.tgt_span(bead)
            if sp and tp:
                yield bead, sp, tp

    def nearest_tgt_span(self, index: int) -> tuple[int, int]:
        """A target place for a bead without target text: the previous (else next) target sentence."""
        for k in list(range(index - 1, -1, -1)) + list(range(index + 1, len(self.beads))):
            sp = self.tgt_span(self.beads[k])
            if sp:
                return sp
        return (0, 0)


def _span(sentences: list[tuple[int, int]], idx: tuple[int, ...]) -> tuple[int, int] | None:
    if not idx:
        return None
    return (sentences[idx[0]][0], sentences[idx[-1]][1])


def _sentences_by_paragraph(doc: Document) -> list[list[int]]:
    """Sentence indices of each paragraph, in one linear pass (both lists are in text order)."""
    out: list[list[int]] = [[] for _ in doc.paragraphs]
    p = 0
    paras = doc.paragraphs
    for k, (a, _) in enumerate(doc.sentences):
        while p < len(paras) - 1 and a >= paras[p][1]:
            p += 1
        if paras:
            out[p].append(k)
    return out


def text_length(text: str) -> int:
    return len(" ".join(text.split()))


def align(source: Document, target: Document, band: int = DEFAULT_BAND) -> Alignment:
    """Align two documents: paragraphs (lines) first, then sentences inside each paragraph pair."""
    src_paras, tgt_paras = source.paragraphs, target.paragraphs
    src_total = sum(text_length(source.text[a:b]) for a, b in src_paras) or 1
    tgt_total = sum(text_length(target.text[a:b]) for a, b in tgt_paras) or 1
    # clamped: an omission must not talk the expected ratio down far enough to hide itself
    ratio = min(max(tgt_total / src_total, 0.9), 1.4)
    if len(src_paras) == len(tgt_paras):
        para_beads = [((k,), (k,)) for k in range(len(src_paras))]
    else:
        para_beads = align_lengths(
            [text_length(source.text[a:b]) for a, b in src_paras],
            [text_length(target.text[a:b]) for a, b in tgt_paras],
            ratio,
            band,
        )
    beads: list[Bead] = []
    src_by_para, tgt_by_para = _sentences_by_paragraph(source), _sentences_by_paragraph(target)
    for p, (sp, tp) in enumerate(para_beads):
        s_idx = [k for i in sp for k in src_by_para[i]]
        t_idx = [k for i in tp for k in tgt_by_para[i]]
        if len(s_idx) == 1 and len(t_idx) == 1:
            beads.append(Bead((s_idx[0],), (t_idx[0],), p))
            continue
        s_lens = [text_length(source.text[slice(*source.sentences[k])]) for k in s_idx]
        t_lens = [text_length(target.text[slice(*target.sentences[k])]) for k in t_idx]
        for bs, bt in align_lengths(s_lens, t_lens, ratio, band):
            beads.append(Bead(tuple(s_idx[i] for i in bs), tuple(t_idx[j] for j in bt), p))
    return Alignment(source, target, beads, ratio)
