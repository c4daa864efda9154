"""Lazy access to the precomputed word lists in ``tqcheck/data`` (built by scripts/build_wordlists.py).

The German list holds ~335k casefolded word forms with their Zipf frequency (wordfreq, CC BY-SA 4.0), sorted
by UTF-8 bytes. It tells the name checks that "Handel" is a common noun and "Nurtleu" is not. Building a dict
of it would cost ~0.3 s per process, so lookups binary-search the decompressed bytes instead: one ~20 ms
decompression on first use, then microseconds per word.
"""

from __future__ import annotations

import bisect
import gzip
from functools import lru_cache
from importlib import resources


class SortedWordList:
    """``word<TAB>zipf*10`` lines sorted by bytes; looked up by bisection without splitting."""

    SPLIT_AFTER = 2000  # misses; then one split of the blob (~15 ms) makes each lookup a C-level bisect

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._cache: dict[str, float] = {}
        self._misses = 0
        self._lines: list[bytes] | None = None

    def get(self, word: str) -> float:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        key = word.encode("utf-8")
        self._misses += 1
        if self._lines is None and self._misses > self.SPLIT_AFTER:
            self._lines = self._blob.split(b"\n")
        if self._lines is not None:
            key += b"\t"  # tab sorts below every letter, so line order = word order
            i = bisect.bisect_left(self._lines, key)
            line = self._lines[i] if i < len(self._lines) else b""
            result = int(line[len(key) :]) / 10 if line.startswith(key) else 0.0
            if len(self._cache) < 200_000:
                self._cache[word] = result
            return result
        blob = self._blob
        lo, hi = 0, len(blob)
        result = 0.0
        while lo < hi:
            mid = (lo + hi) // 2
            start = blob.rfind(b"\n", 0, mid) + 1
            tab = blob.find(b"\t", start)
            end = blob.find(b"\n", tab)
            if end < 0:
                end = len(blob)
            cand = blob[start:tab]
            if cand == key:
                result = int(blob[tab + 1 : end]) / 10
                break
            if cand < key:
                lo = end + 1
            else:
                hi = start
        if len(self._cache) < 200_000:
            self._cache[word] = result
        return result

    def __contains__(self, word: str) -> bool:
        return self.get(word) > 0


def _load(name: str) -> SortedWordList:
    raw = resources.files("tqcheck").joinpath("data", name).read_bytes()
    return SortedWordList(gzip.decompress(raw) if name.endswith(".gz") else raw)


@lru_cache(maxsize=1)
def german() -> SortedWordList:
    return _load("de_words.txt")


class WordDict(dict):
    """A small list (``word<TAB>zipf*10`` lines) as a dict: 10,000 English-only words build in ~5 ms, and the
    language rules look up thousands of words per MB, where a bisection costs ~10 µs each."""

    def __init__(self, blob: bytes) -> None:
        super().__init__(
            (w, int(z) / 10) for w, _, z in (line.partition("\t") for line in blob.decode().split("\n")) if z
        )

    def get(self, word: str) -> float:  # type: ignore[override]  # same interface as SortedWordList
        return dict.get(self, word, 0.0)


@lru_cache(maxsize=1)
def english_only() -> WordDict:
    raw = resources.files("tqcheck").joinpath("data", "en_only_words.txt.gz").read_bytes()
    return WordDict(gzip.decompress(raw))


@lru_cache(maxsize=1)
def _common_tiers() -> tuple[frozenset[str], frozenset[str]]:
    """(forms with Zipf >= 3.0, forms with 2.5 <= Zipf < 3.0) from de_common.txt, derived from de_words.txt.

    ~90,000 forms load in ~10 ms; a membership test is then ~60 ns, against microseconds per bisection of the
    full list. The name checks ask this of ~20,000 forms per MB (compound splitting tries every split point).
    """
    text = resources.files("tqcheck").joinpath("data", "de_common.txt").read_text(encoding="utf-8")
    everyday, _, known = text.partition("\n\n")
    return frozenset(everyday.split("\n")), frozenset(known.split("\n")[:-1])


def everyday_de(word: str) -> bool:
    """``zipf_de(word) >= 3.0`` (an everyday German word form) without searching the full list."""
    return word.casefold() in _common_tiers()[0]


def known_de(word: str) -> bool:
    """``zipf_de(word) >= 2.5`` (a known German word form) without searching the full list."""
    folded = word.casefold()
    top, rest = _common_tiers()
    return folded in top or folded in rest


def zipf_de(word: str) -> float:
    """Zipf frequency of a German word form (0.0 when unknown): 3+ is an everyday word."""
    return german().get(word.casefold())


def zipf_en_only(word: str) -> float:
    """Zipf frequency in English of a word that is common in English but rare in German (else 0.0)."""
    return english_only().get(word.casefold())
