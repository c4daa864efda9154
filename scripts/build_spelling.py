"""Build tqcheck/data/de_eszett.txt, the ss/ß table of the spelling rules, from pyspellchecker's German list.

Why: the shipped word list (de_words.txt, from wordfreq) is casefolded, and casefolding turns ß into ss, so it
cannot tell "aßen" from "assen" or "Straße" from "Strasse". pyspellchecker's German dictionary (word counts from
OpenSubtitles, reformed spelling, ß kept) can. Loading it costs ~0.4 s and 80 MB, so the few thousand pairs that
matter are precomputed here: an ss-spelling whose ß-form is far more frequent (Swiss or typewriter spelling:
"assen", "Strasse", "gross") and a ß-spelling that the 1996 reform replaced ("daß", "muß", "Prozeß").

Run: pip install pyspellchecker && python scripts/build_spelling.py
Data licence: pyspellchecker is MIT-licensed, its German list included (see tqcheck/data/NOTICE).
"""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tqcheck" / "data"
OUT = DATA / "de_eszett.txt"
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


def main() -> None:
    rows = build()
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} pairs")


if __name__ == "__main__":
    main()
