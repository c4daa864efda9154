"""Scanning helpers shared by the rule kinds: find where a pattern can start without the regex engine trying every
position, and judge each distinct token or word once.

Python's ``re`` tests a character class position by position; ``str.find`` jumps to a given character (memchr),
and a ``map`` over a list of tokens stays in C, with no Python step per token. Each helper here returns exactly what
the plain scan would (the rules' tests hold them to it); they only skip the places where nothing can match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable
from itertools import compress, filterfalse, repeat
from operator import not_
from typing import TYPE_CHECKING, Any

from ..document import WORD, Document
from ..document import matches_at as matches_at  # re-exported: the rule kinds take scanning helpers from here
from ..document import positions_of as positions_of

if TYPE_CHECKING:
    from .analysis import DocumentAnalysis as Context

LETTERS = WORD  # the words of Document.words: maximal runs of letters


def true_positions(flags: list[bool]) -> list[int]:
    """Indices of the true entries of ``flags``. ``list.index`` scans in C without a call per entry; for sparse
    flags that is less work than ``compress(count(), flags)``, which advances ``count()`` once per entry."""
    out: list[int] = []
    i = -1
    try:
        while True:
            i = flags.index(True, i + 1)
            out.append(i)
    except ValueError:
        return out


# UTF-8 lead bytes of the code points from U+0640 on, except those of U+2000-U+2FFF (punctuation and symbols, the
# „“–… of German copy). Every non-ASCII decimal digit (\d) has one of them: the first is U+0660 (Arabic-Indic), and
# U+2000-U+2FFF holds none (Unicode 15; digit-like characters there, such as ² or ①, are not \d).
_MAYBE_DIGIT_LEAD = bytes(range(0xD9, 0xE2)) + bytes(range(0xE3, 0xF5))
_NOT_MAYBE_DIGIT_LEAD = bytes(b for b in range(256) if b not in _MAYBE_DIGIT_LEAD)
_DIGIT_RUN = re.compile(r"\d\d*")  # not \d+: only this form gets the regex engine's fast first-character scan


def digit_run_starts(text: str) -> list[int]:
    """Sorted offsets where a run of decimal digits (Unicode, as the regex class \\d) begins.

    German copy nearly always holds ASCII digits only; then ten ``str.find`` loops find them, each jumping from
    one digit to the next, rather than a regex scan that tests ``\\d`` at every position. Whether a non-ASCII digit
    may occur is told by the UTF-8 form (encode and ``bytes.translate``, two passes in C): no byte that starts such
    a character means ASCII digits only.
    """
    lead_bytes = text.encode("utf-8", "surrogatepass").translate(None, _NOT_MAYBE_DIGIT_LEAD)
    if lead_bytes:  # Arabic, Devanagari, CJK, full-width forms, …: let the regex engine decide what \d is
        return [m.start() for m in _DIGIT_RUN.finditer(text)]
    digits = "0123456789"
    return [i for i in positions_of(text, digits) if i == 0 or text[i - 1] not in digits]


LONGEST_NUMBER = 32  # characters: "1.000.000.000.000,00" has 20; a longer chain is data (a CSV row), not a number
_DIGITS = re.compile(r"\d+")


def outside_long_numbers(text: str, starts: list[int]) -> list[int]:
    """``starts`` (digit-run starts, ascending) without those of the chains of digit runs joined by dots and commas
    (up to three between two runs: "1,1,1,…", "12.,12.,…") longer than ``LONGEST_NUMBER``.

    Why: a rule's number pattern (``\\d+(?:[.,]\\d+)*``) tried at a start inside such a chain reads to its end
    before it fails, and it is tried at every start: time grows with the square of the chain. No number an editor
    verifies is that long, so nothing is tried there; an ordinary text has no such chain and keeps every start.
    """
    out: list[int] = []
    i, n = 0, len(starts)
    while i < n:
        j = i
        end = _DIGITS.match(text, starts[i]).end()  # type: ignore[union-attr]
        while j + 1 < n and starts[j + 1] - end <= 3 and not text[end : starts[j + 1]].strip(".,"):
            j += 1
            end = _DIGITS.match(text, starts[j]).end()  # type: ignore[union-attr]
        if end - starts[i] <= LONGEST_NUMBER:
            out.extend(starts[i : j + 1])
        i = j + 1
    return out


def number_starts(doc: Document, ctx: Context) -> list[int]:
    """Offsets where a number begins: a digit not preceded by a word character (where ``\\b\\d`` can match).

    Shared by the lexicon rules with ``anchor: number`` (``ctx.number_starts``); ``c.isalnum() or c == "_"`` is
    exactly ``re``'s ``\\w``.
    """
    return ctx.number_starts


def digit_starts(doc: Document, ctx: Context) -> list[int]:
    """``digit_run_starts`` of the document (``ctx.digit_starts``: ``anchor: digits`` and ``number_starts``)."""
    return ctx.digit_starts


def paragraphs_holding(doc: Document, tokens: Collection[str]) -> list[int]:
    """Indices (ascending) of the paragraphs whose whitespace tokens include one of ``tokens``: one set test per
    paragraph (``isdisjoint`` through ``map``: every token of the text is looked up once, with no Python step per
    token or paragraph), for the few tokens a rule found worth locating in the text's vocabulary."""
    per_paragraph = doc.paragraph_tokens
    if not tokens:
        return []
    wanted = tokens if isinstance(tokens, (set, frozenset)) else set(tokens)
    return list(compress(range(len(per_paragraph)), map(not_, map(wanted.isdisjoint, per_paragraph))))


def paragraphs_of(token_indices: Iterable[int], ends: list[int]) -> list[int]:
    """The paragraphs (sorted, distinct) holding the given indices into all of ``doc.paragraph_tokens`` in one
    list, ``ends`` being the running token count at each paragraph's end (so ``bisect_right(ends, j)`` is the
    paragraph of token ``j``)."""
    return sorted({bisect_right(ends, j) for j in token_indices})


def paragraph_runs(doc: Document, paragraphs: Iterable[int]) -> list[tuple[int, int]]:
    """The spans of the runs of consecutive paragraphs among ``paragraphs`` (ascending indices, distinct), from the
    first one's start to the last one's end: one search per run rather than per paragraph."""
    spans = doc.paragraphs
    runs: list[tuple[int, int]] = []
    last = -2
    for k in paragraphs:
        if k == last + 1:
            runs[-1] = (runs[-1][0], spans[k][1])
        else:
            runs.append(spans[k])
        last = k
    return runs


def region_matches(doc: Document, paragraphs: list[int]) -> list[re.Match[str]]:
    """The matches of ``LETTERS`` in the given paragraphs (sorted indices): the words of ``doc.words`` there,
    without building ``doc.words`` (a tuple per word of the text), one regex pass per run of consecutive
    paragraphs. A word never crosses a paragraph's edge (paragraphs end at their last non-space character), so the
    words are the same.
    Match objects, not tuples: callers read every word (``map(re.Match.group, ...)``) but the offsets of a few."""
    text = doc.text
    out: list[re.Match[str]] = []
    for start, end in paragraph_runs(doc, paragraphs):
        out.extend(LETTERS.finditer(text, start, end))
    return out


class WordCache(dict):
    """A verdict per word (``judge(word)``), kept for the whole process, for ``map`` passes over the words.

    ``list(map(cache.__getitem__, words))`` stays in C for every word judged before (news copy repeats its
    vocabulary, within an article and across files) and calls ``judge`` once per new word, through
    ``__missing__``. The verdict must depend on the word alone. Emptied when it holds ``limit`` words.
    """

    def __init__(self, judge: Callable[[str], Any], limit: int = 200_000) -> None:
        super().__init__()
        self.judge = judge
        self.limit = limit

    def __missing__(self, word: str) -> Any:
        if len(self) >= self.limit:
            self.clear()
        verdict = self[word] = self.judge(word)
        return verdict

    def new_in_bulk(self, words: Collection[str], minimum: int, *others: WordCache) -> list[str]:
        """The ``words`` not judged yet, when at least ``minimum`` are new and this cache (and ``others``, filled
        alongside) has room for them all; else []. For a caller that judges a big text's new words in bulk
        (``map`` and set operations over them all) instead of one ``judge`` call each, and leaves an article's
        few to ``__missing__``."""
        if len(words) < minimum:  # an article: the new words are fewer still
            return []
        new = list(filterfalse(self.__contains__, words))
        if len(new) < minimum or len(new) > min(c.limit - len(c) for c in (self, *others)):
            return []
        return new


def matches_tried_at(pattern: re.Pattern[str], text: str, starts: Iterable[int], end: int) -> list[re.Match[str]]:
    """What ``matches_at(pattern, text, starts, end)`` yields, for a standard-library pattern, as a list; every
    start at most ``end``, and ``end`` at most ``len(text)`` (so a match found at a start begins there).

    The pattern is tried at every start in one ``map`` (C calls, no Python step per start: an anchored rule
    tries ~2,000 numbers per MB and most find nothing); a match that begins inside the one before is dropped
    afterwards, as ``matches_at`` skips such starts (a match at a start does not depend on the matches before).
    """
    out: list[re.Match[str]] = []
    pos = 0
    for m in filter(None, map(pattern.match, repeat(text), starts, repeat(end))):
        start = m.start()
        if start < pos:
            continue
        out.append(m)
        end_ = m.end()
        pos = end_ if end_ > start else start + 1
    return out
