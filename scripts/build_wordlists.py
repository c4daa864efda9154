"""Build the compact word lists shipped in tqcheck/data/ from wordfreq (a dev-only dependency).

Why: wordfreq costs ~0.5 s and ~77 MB at first use (deps-probe §3); tqcheck needs only "how common is this
German word form" and "is this an English-only word", so we precompute both once and ship them as small
gzip'd text files that load lazily in a few milliseconds.

Run: pip install wordfreq && python scripts/build_wordlists.py
Data licence: wordfreq's word lists are CC BY-SA 4.0 (see tqcheck/data/NOTICE).
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tqcheck" / "data"


def zipf(freq: float) -> float:
    return math.log10(freq) + 9


def _write(path: Path, rows: list[str]) -> None:
    """Deterministic gzip (mtime 0): rebuilding the lists changes the file only when the words change."""
    data = ("\n".join(rows) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(data)


def common_tiers(rows: list[str]) -> str:
    """de_common.txt: the everyday forms (Zipf >= 3.0), a blank line, then the known ones (2.5 <= Zipf < 3.0).

    The name checks ask only "is this form at least that common?" for ~20,000 forms per MB; two sets answer in
    ~60 ns each, where a bisection of de_words.txt costs microseconds. Derived from de_words.txt alone (no
    wordfreq needed): ``python scripts/build_wordlists.py --common`` rewrites it after the list changes.
    """
    tiers: dict[bool, list[str]] = {True: [], False: []}
    for row in rows:
        word, _, z = row.rpartition("\t")
        if int(z) >= 25:
            tiers[int(z) >= 30].append(word)
    return "\n".join(tiers[True]) + "\n\n" + "\n".join(tiers[False]) + "\n"


def main() -> None:
    import wordfreq  # dev-only; not needed for --common

    de = wordfreq.get_frequency_dict("de", wordlist="large")
    en = wordfreq.get_frequency_dict("en", wordlist="large")
    rows = []
    for word, freq in de.items():
        z = zipf(freq)
        if z >= 1.5 and " " not in word:
            rows.append(f"{word}\t{round(z * 10)}")
    rows.sort()
    # Stored uncompressed: the wheel is a zip anyway, and skipping gzip saves ~20 ms on every cold start.
    (DATA / "de_words.txt").write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    (DATA / "de_common.txt").write_bytes(common_tiers(rows).encode("utf-8"))
    # English words that are common in English and rare in German: the tell-tale of untranslated text.
    en_only = []
    for word, freq in en.items():
        z_en = zipf(freq)
        if z_en < 3.5 or not word.isalpha() or len(word) < 2:
            continue
        z_de = zipf(de[word]) if word in de else 0.0
        if z_de < z_en - 1.0:
            en_only.append(f"{word}\t{round(z_en * 10)}")
    en_only.sort()
    _write(DATA / "en_only_words.txt.gz", en_only)
    print(len(rows), "German forms;", len(en_only), "English-only words")


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--common"]:
        rows = (DATA / "de_words.txt").read_text(encoding="utf-8").splitlines()
        (DATA / "de_common.txt").write_bytes(common_tiers(rows).encode("utf-8"))
    else:
        main()
