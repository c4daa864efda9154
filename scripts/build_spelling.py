"""Build the spelling rules' data: tqcheck/data/de_eszett.txt, the ss/ß table, from pyspellchecker's German list;
tqcheck/data/de_near.txt, the neighbour index of the everyday words, from tqcheck/data/de_common.txt; and
tqcheck/data/de_rare.bloom, a filter of the rare forms of tqcheck/data/de_words.txt.

Why: the shipped word list (de_words.txt, from wordfreq) is casefolded, and casefolding turns ß into ss, so it
cannot tell "aßen" from "assen" or "Straße" from "Strasse". pyspellchecker's German dictionary (word counts from
OpenSubtitles, reformed spelling, ß kept) can. Loading it costs ~0.4 s and 80 MB, so the few thousand pairs that
matter are precomputed here: an ss-spelling whose ß-form is far more frequent (Swiss or typewriter spelling:
"assen", "Strasse", "gross") and a ß-spelling that the 1996 reform replaced ("daß", "muß", "Prozeß").

The neighbour index serves the spelling rules' search for the everyday word one edit from an unknown long word
(spelling._Lexicon.nearest): every such word shares the unknown word's first or its last three letters (for six
letters, but one swap) and has its length give or take one, so the index lists the everyday words of 5+ letters
by length and first three letters ("9 abg") and by length and last three ("9~ung"). Reading the groups is a
fraction of what grouping the 35,000 words in each process would cost.

The rare-form filter serves the compound splitter, which asks the word list about every prefix and suffix of an
unknown word: the tier sets (de_common.txt) answer for the forms of Zipf >= 2.5, and the rest used to be a
bisection of the whole list each, four in five of them for a string that is no word at all. The filter is a Bloom
filter of the forms below Zipf 2.5: a string it rejects is not in the list, one it passes is looked up (one in a
hundred non-words passes). Two bit positions per form, from CRC-32 (zlib, in C): crc32(form) and crc32 of the
form followed by the byte 1, each masked to the filter's size in bits (a power of two, read from the file's).

Run: pip install pyspellchecker && python scripts/build_spelling.py   (all three files)
     python scripts/build_spelling.py derived                         (the index and the filter only)
Data licence: pyspellchecker is MIT-licensed, its German list included; the everyday words are wordfreq's
(CC BY-SA 4.0). See tqcheck/data/NOTICE.
"""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tqcheck" / "data"
OUT = DATA / "de_eszett.txt"
NEAR = DATA / "de_near.txt"
RARE = DATA / "de_rare.bloom"
RARE_FILTER_BITS = 22  # a 2**22-bit (512 KB) filter: ~1 % of non-words pass for the ~245,000 rare forms
RARE_BELOW = 25  # Zipf * 10 in de_words.txt: the forms the tier sets of de_common.txt do not hold
NEAR_MIN = 5  # letters: the index serves words of 6+ letters, whose neighbours have 5+ (spelling._BUCKET_MIN)
MIN_RIGHT = 50  # the right spelling is in the list (50 is its floor: the maintainers' added words)
RATIO = 10  # the right spelling at least this many times as frequent as the wrong one (if that occurs)
MIN_RIGHT_VS_SEEN = 200  # ... and this frequent itself, when the wrong one occurs too
MIN_ZIPF = 3.0  # an everyday word in the shipped list (wordfreq: casefolded, so ß and ss alike)
_WORD = re.compile(r"[a-zäöüß]{3,}")


# Where the old rules wrote ß for ss: after a short (single) vowel, at the end or before t (daß, mußte, läßt). An
# ss before another consonant or after a diphthong is mostly two s of two parts (Kleidungsstück, ausstellen).
_OLD_SS = re.compile(r"(?<=[^aeiouäöü][aeiouäöü])ss(?=$|t)")


def _variants(word: str, old: str, new: str) -> list[str]:
    """Every spelling of ``word`` with some (at least one) of its ``old`` replaced by ``new``; an ss becomes ß
    only where the pre-1996 rules wrote one (daß, mußte, Rußland; never "außagen")."""
    if old == "ss":
        parts = _OLD_SS.split(word)
    else:
        parts = word.split(old)
    if len(parts) < 2:
        return []
    out = []
    for choice in product((old, new), repeat=len(parts) - 1):
        if new not in choice:
            continue
        out.append(parts[0] + "".join(c + p for c, p in zip(choice, parts[1:], strict=True)))
    return out


def build() -> list[str]:
    """Rows ``wrong<TAB>right<TAB>flag``: flag ``c`` when the wrong form never occurs at all (not even as a
    name such as the town of Assen), so that a capitalised occurrence is flagged too; else ``l`` (lower case
    only)."""
    import sys

    from spellchecker import SpellChecker

    sys.path.insert(0, str(DATA.parent.parent))
    from tqcheck import wordlists

    counts = SpellChecker(language="de").word_frequency.dictionary
    rows: dict[str, str] = {}
    for right, n in counts.items():
        if n < MIN_RIGHT or not _WORD.fullmatch(right) or wordlists.zipf_de(right) < MIN_ZIPF:
            continue  # compounds are judged by their head at run time: the table holds everyday words
        if "ß" in right:  # aßen -> assen (a spelling without ß)
            for wrong in _variants(right, "ß", "ss"):
                m = counts.get(wrong, 0)
                if m == 0 or (n >= MIN_RIGHT_VS_SEEN and m * RATIO <= n):
                    rows[wrong] = f"{wrong}\t{right}\t{'c' if m == 0 else 'l'}"
        if "ss" in right:  # dass -> daß (the pre-1996 spelling)
            for wrong in _variants(right, "ss", "ß"):
                m = counts.get(wrong, 0)
                if (m == 0 or (n >= MIN_RIGHT_VS_SEEN and m * RATIO <= n)) and wrong not in rows:
                    rows[wrong] = f"{wrong}\t{right}\t{'c' if m == 0 else 'l'}"
    return [rows[k] for k in sorted(rows)]


def near_index(everyday: list[str]) -> dict[str, list[str]]:
    """Everyday words of ``NEAR_MIN``+ letters by length and first three letters ("9 abg"), and by length, "~" and last
    three: the grouping spelling._Lexicon._bucket_index reads (word order within a group is not significant)."""
    index: dict[str, list[str]] = {}
    for e in sorted(everyday):
        n = len(e)
        if n >= NEAR_MIN:
            index.setdefault(f"{n} {e[:3]}", []).append(e)
            index.setdefault(f"{n}~{e[-3:]}", []).append(e)
    return index


def build_near() -> list[str]:
    """Rows ``key<TAB>word word ...`` of the neighbour index, from the everyday tier of de_common.txt."""
    raw = (DATA / "de_common.txt").read_bytes()
    everyday = raw.partition(b"\n\n")[0].decode("utf-8").split("\n")
    assert not any(c in e for e in everyday for c in " \t"), "a separator inside a word"
    return [f"{key}\t{' '.join(words)}" for key, words in sorted(near_index(everyday).items())]


def build_rare_filter() -> bytes:
    """The Bloom filter of the forms of de_words.txt below Zipf 2.5 (see the module docstring)."""
    import zlib

    mask = (1 << RARE_FILTER_BITS) - 1
    bits = bytearray(1 << (RARE_FILTER_BITS - 3))
    for line in (DATA / "de_words.txt").read_bytes().split(b"\n"):
        form, _, zipf = line.partition(b"\t")
        if form and int(zipf) < RARE_BELOW:
            h = zlib.crc32(form)
            for i in (h & mask, zlib.crc32(b"\x01", h) & mask):
                bits[i >> 3] |= 1 << (i & 7)
    return bytes(bits)


def main() -> None:
    import sys

    if sys.argv[1:] != ["derived"]:
        rows = build()
        OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{OUT}: {len(rows)} pairs")
    rows = build_near()
    NEAR.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{NEAR}: {len(rows)} groups")
    RARE.write_bytes(build_rare_filter())
    print(f"{RARE}: {1 << RARE_FILTER_BITS} bits")


if __name__ == "__main__":
    main()
