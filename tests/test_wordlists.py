"""The shipped word lists agree with each other: de_common.txt is derived from de_words.txt, and the set lookups
the name checks use answer exactly what the full list answers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tqcheck import wordlists

from .conftest import ROOT

DATA = ROOT / "tqcheck" / "data"


def _build_script():
    spec = importlib.util.spec_from_file_location("build_wordlists", ROOT / "scripts" / "build_wordlists.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_common_tiers_file_is_derived_from_the_full_list():
    rows = (DATA / "de_words.txt").read_text(encoding="utf-8").splitlines()
    expected = _build_script().common_tiers(rows)
    assert (DATA / "de_common.txt").read_text(encoding="utf-8") == expected, (
        "de_common.txt is stale: run `python scripts/build_wordlists.py --common`"
    )


def test_common_tiers_load_as_the_file_reads():
    """The tiers are cut at the blank line before decoding (faster); they must be the file's two blocks of lines."""
    everyday, _, known = (DATA / "de_common.txt").read_text(encoding="utf-8").partition("\n\n")
    saved = wordlists._TIERS
    try:
        wordlists._TIERS = None
        wordlists.load_common_tiers()
        assert wordlists._TIERS == (frozenset(everyday.splitlines()), frozenset(known.splitlines()))
        assert any(ord(c) > 255 for w in wordlists._TIERS[0] | wordlists._TIERS[1] for c in w)  # two-byte forms too
    finally:
        wordlists._TIERS = saved


def test_set_lookups_agree_with_the_full_list():
    words = ["Haus", "haus", "Regierung", "Nurtleu", "Tokajew", "Sonderberater", "kreditnehmern", "Straße", "STRASSE"]
    rows = Path(DATA / "de_words.txt").read_text(encoding="utf-8").splitlines()[::997]  # a spread of real forms
    words += [r.partition("\t")[0] for r in rows]
    answers = [(wordlists.everyday_de(w), wordlists.known_de(w)) for w in words]  # whichever way is loaded
    wordlists.load_common_tiers()
    for w, before in zip(words, answers):
        z = wordlists.zipf_de(w)
        assert wordlists.everyday_de(w) == (z >= 3.0), w
        assert wordlists.known_de(w) == (z >= 2.5), w
        assert before == (z >= 3.0, z >= 2.5), w


def test_english_only_lookups_answer_what_the_file_says():
    """Both lookup paths of the English-only list (bisecting the bytes, then, after ~50 misses, the split lines)
    against a plain parse of the file."""
    import gzip

    blob = gzip.decompress((DATA / "en_only_words.txt.gz").read_bytes())
    expected = {w: int(z) / 10 for w, _, z in (line.partition("\t") for line in blob.decode().splitlines())}
    words = list(expected)[::101] + ["Haus", "once", "ONCE", "zzz"]
    fresh = wordlists.SortedWordList(blob)
    for w in words:  # more than split_after misses: both paths are taken
        assert fresh.get(w.casefold()) == expected.get(w.casefold(), 0.0), w
        assert wordlists.zipf_en_only(w) == expected.get(w.casefold(), 0.0), w
    assert len(words) > fresh.split_after and fresh._lines is not None
    assert wordlists.zipf_en_only("lifetime") > 0 and wordlists.zipf_en_only("Regierung") == 0
    assert fresh.words() == list(expected)  # every word, in file order (the language rules' bulk pass uses them)


def _is_compound_by_the_definition(word: str) -> bool:
    """is_compound spelled out: some split into an everyday head (perhaps inflected, at least 4 letters) and a
    known modifier of at least 3 letters once a linking element is removed; frequencies from the full list."""
    n = len(word)
    if n < 8:
        return False
    for i in range(3, n - 3):
        head, mod = word[i:], word[:i]
        heads = [head] + [head[: -len(e)] for e in ("n", "en", "s", "es", "e", "ern", "er") if head.endswith(e)]
        if not any(len(h) >= 4 and wordlists.zipf_de(h) >= 3.0 for h in heads):
            continue
        for fuge in ("", "s", "es", "n", "en", "er", "e"):
            if (
                mod.endswith(fuge)
                and len(mod) - len(fuge) >= 3
                and wordlists.zipf_de(mod[: len(mod) - len(fuge)]) >= 2.5
            ):
                return True
    return False


def test_compound_splitting_answers_the_same_with_either_lookup():
    from tqcheck.checks.nameindex import is_compound

    words = ["sonderberater", "quarantänezeit", "kreditnehmern", "nurtleu", "tokajew", "Regierungssprecher"]
    words += ["ministertreffen", "pressedienstes", "bundesländern", "abcdefghij", "Außenministerin", "wahlkampfes"]
    rows = Path(DATA / "de_words.txt").read_text(encoding="utf-8").splitlines()[::499]
    words += [r.partition("\t")[0] for r in rows if len(r.partition("\t")[0]) >= 8]
    expected = [_is_compound_by_the_definition(w) for w in words]
    assert any(expected) and not all(expected)
    saved = wordlists._TIERS
    try:
        wordlists._TIERS = None  # the bisection path, as for a single article
        assert [is_compound(w) for w in words] == expected
        wordlists.load_common_tiers()  # the set path, as for a big text
        assert [is_compound(w) for w in words] == expected
    finally:
        wordlists._TIERS = saved
