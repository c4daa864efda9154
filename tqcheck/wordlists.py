"""Lazy access to the precomputed word lists in ``tqcheck/data`` (built by scripts/build_wordlists.py).

The German list holds ~335k casefolded word forms with their Zipf frequency (wordfreq, CC BY-SA 4.0), sorted
by UTF-8 bytes. It tells the name checks that "Handel" is a common noun and "Nurtleu" is not. Building a dict
of it would make ~335k entries in every process, so lookups binary-search the decompressed bytes instead: one
decompression on first use, then a bisection per word.
"""

from __future__ import annotations

import bisect
import gzip
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

# No German word form in the lists, and no name, is longer than this; a longer run of letters (a base64 blob, a
# line of "AAAA…") is no word, and no check looks inside it for words. It also bounds what a cached verdict costs:
# at most CACHE_WORDS words of at most this length.
LONGEST_WORD = 64
CACHE_WORDS = 200_000


class SortedWordList:
    """``word<TAB>zipf*10`` lines sorted by bytes; looked up by bisection without splitting."""

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._cache: dict[str, float] = {}
        self._misses = 0
        self._lines: list[bytes] | None = None
        # A lookup by bisecting the bytes takes a Python step (rfind, find, compare) per halving; splitting the
        # blob into lines once makes each later one a C-level bisect of the list. Split once the misses have cost
        # about what the split costs (one miss per 2,400 bytes, from the timings in bench/README.md):
        # ~2,000 misses for the German list (4.7 MB), ~50 for the English-only one (120 KB).
        self.split_after = len(blob) // 2400

    def get(self, word: str) -> float:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        key = word.encode("utf-8")
        self._misses += 1
        if self._lines is None and self._misses > self.split_after:
            self._lines = self._blob.split(b"\n")
        if self._lines is not None:
            key += b"\t"  # tab sorts below every letter, so line order = word order
            i = bisect.bisect_left(self._lines, key)
            line = self._lines[i] if i < len(self._lines) else b""
            result = int(line[len(key) :]) / 10 if line.startswith(key) else 0.0
            if len(self._cache) < CACHE_WORDS and len(word) <= LONGEST_WORD:
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
        if len(self._cache) < CACHE_WORDS and len(word) <= LONGEST_WORD:
            self._cache[word] = result
        return result

    def __contains__(self, word: str) -> bool:
        return self.get(word) > 0

    def words(self) -> list[str]:
        """Every word of the list, in its order (for a caller that wants them all, as a set)."""
        return self._blob.decode("utf-8").split()[::2]  # words and frequencies alternate


def _load(name: str) -> SortedWordList:
    raw = resources.files("tqcheck").joinpath("data", name).read_bytes()
    return SortedWordList(gzip.decompress(raw) if name.endswith(".gz") else raw)


@lru_cache(maxsize=1)
def german() -> SortedWordList:
    return _load("de_words.txt")


@lru_cache(maxsize=1)
def english_only() -> SortedWordList:
    return _load("en_only_words.txt.gz")


_TIERS: tuple[frozenset[str], frozenset[str]] | None = None


def load_common_tiers() -> None:
    """Load de_common.txt: (forms with Zipf >= 3.0, forms with 2.5 <= Zipf < 3.0), derived from de_words.txt.

    ~90,000 forms take ~10 MB once loaded; a membership test is then one set lookup, against a bisection of the
    full list in Python. Worth it for a big text (the name checks ask ~20,000 forms per MB, as compound splitting
    tries every split point), not for one article: callers load the sets when a large batch is coming, and
    ``everyday_de``/``known_de`` answer from whichever is loaded, with the same result.
    """
    global _TIERS
    if _TIERS is None:
        # Bytes, cut into the two tiers before decoding: text mode would also scan for \r\n, and a few Greek or
        # Cyrillic forms make the decoded whole a two-byte string, which costs more to partition.
        raw = resources.files("tqcheck").joinpath("data", "de_common.txt").read_bytes()
        everyday, _, known = raw.partition(b"\n\n")
        _TIERS = (frozenset(everyday.decode("utf-8").split("\n")), frozenset(known.decode("utf-8").split("\n")[:-1]))


def everyday_de(word: str) -> bool:
    """``zipf_de(word) >= 3.0``: an everyday German word form."""
    if _TIERS is None:
        return zipf_de(word) >= 3.0
    return word.casefold() in _TIERS[0]


def known_de(word: str) -> bool:
    """``zipf_de(word) >= 2.5``: a known German word form."""
    if _TIERS is None:
        return zipf_de(word) >= 2.5
    folded = word.casefold()
    return folded in _TIERS[0] or folded in _TIERS[1]


def folded_tests() -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """``everyday_de`` and ``known_de`` for words that are already casefolded: plain set lookups once the tiers are
    loaded (compound splitting asks ~10 substrings per word, all casefolded already: a casefold per ask would be
    wasted)."""
    if _TIERS is None:
        return everyday_de, known_de
    everyday, rarer = _TIERS  # Zipf >= 3.0, and 2.5 <= Zipf < 3.0
    return everyday.__contains__, lambda w: w in everyday or w in rarer


def zipf_de(word: str) -> float:
    """Zipf frequency of a German word form (0.0 when unknown): 3+ is an everyday word."""
    return german().get(word.casefold())


def zipf_en_only(word: str) -> float:
    """Zipf frequency in English of a word that is common in English but rare in German (else 0.0)."""
    return english_only().get(word.casefold())
