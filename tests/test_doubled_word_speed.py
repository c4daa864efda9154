"""The doubled-word rule's token keys (``typography._key``): one value per token, compared by identity with the
next token's, must find every place the whole-text pattern matches, compounds ("EU-Abkommen Abkommen") included."""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checks import typography
from tqcheck.checks.analysis import DocumentAnalysis
from tqcheck.checks.scan import LETTERS
from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

from .caches import fresh_token_ends as _fresh_caches

_CFG = load_config(None)


def _findings(text: str) -> list[str]:
    check = Engine(_CFG).check_for(_CFG.rules["p_doubled_word"])
    doc = Document("<t>", text)
    return [text[f.start : f.end] for f in check.run(doc, DocumentAnalysis(doc, _CFG))]


def _plain(text: str) -> list[tuple[int, int]]:
    """What the rule finds with its pattern run over the whole text (how it was first written)."""
    spec = _CFG.rules["p_doubled_word"]
    allow = typography.GRAMMATICAL_DOUBLES | {w.casefold() for w in spec.params.get("allow", [])}
    return [
        m.span()
        for m in typography._DOUBLED.finditer(text)
        if m.group(1).casefold() not in allow
        and "\n" not in m.group(2)
        and (m.group(1) == m.group(3) or m.group(1).casefold() == m.group(3).casefold())
    ]


def test_a_word_repeated_around_a_compound_is_flagged():
    """The compound's first word is its key; its last word is looked up on its own, both ways."""
    for bulk in (True, False):
        with _fresh_caches(bulk):
            assert _findings("Die Gespräche über das EU-Abkommen Abkommen wurden fortgesetzt.") == ["Abkommen Abkommen"]
            assert _findings("Die Minister der EU EU-Kommission trafen sich in Brüssel.") == ["EU EU"]
            assert _findings("Der Nord-Süd Süd-Korridor wurde eröffnet.") == ["Süd Süd"]
            assert _findings("Das Treffen der EU-Kommission fand in Brüssel statt.") == []
            assert _findings("Das „Treffen Treffen“ in Kuwait, sagte er, und und danach.") == [
                "Treffen Treffen",
                "und und",
            ]
            assert _findings("Die Regierung sagte, die die Lage prüfe.") == []


COMPOUND_BITS = [
    "EU",
    "eu",
    "EU-Abkommen",
    "Abkommen",
    "abkommen.",
    "Nord-Süd",
    "Süd",
    "süd-Ost",
    "„Wir",
    "wir“",
    "(und",
    "und)",
    "Und",
    "–",
    ".",
    "2020",
    "„2020“",
    "Treffen",
    "treffen,",
    "A-B-A",
    "a",
    "İst-ist",
    "ist",
    "ΣΟΦΟΣ-σοφος",
    "σοφος",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.booleans(),
    st.lists(
        st.tuples(st.sampled_from(COMPOUND_BITS), st.sampled_from([" ", "  ", "\n", "\t", " - "])),
        min_size=1,
        max_size=30,
    ),
)
def test_the_keys_find_what_the_whole_text_pattern_finds(bulk, parts):
    """Compounds next to words and to each other, punctuation at either edge, tokens without words, pairs across
    a line: the findings are those of the plain pattern, the caches filled in bulk or one by one."""
    text = "".join(w + sep for w, sep in parts)
    with _fresh_caches(bulk):
        check = Engine(_CFG).check_for(_CFG.rules["p_doubled_word"])
        doc = Document("<t>", text)
        got = [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]
    assert got == _plain(text)


def test_equal_words_get_the_same_key_object():
    """``operator.is_`` decides key equality: equal words from different tokens are one (interned) object."""
    with _fresh_caches(bulk=False):
        keys = [typography._KEY["".join(t)] for t in (["Tref", "fen"], ["„Treffen"], ["treffen,"], ["TREFFEN"])]
    assert all(k is keys[0] for k in keys) and keys[0] == sys.intern("treffen")
    assert typography._KEY["EU-Abkommen"] is typography._COMPOUND
    assert typography._KEY["„2020“"] == "„2020“"


def test_a_folded_word_still_starts_with_a_letter():
    """The pair filter drops keys that do not start with a letter (tokens without a word at their edges): a
    word's folded form must start with a letter, for every letter of Unicode."""
    letters = [c for c in map(chr, range(sys.maxunicode + 1)) if LETTERS.fullmatch(c)]
    assert len(letters) > 100_000
    assert not [c for c in letters if not LETTERS.match(typography._fold(c))]
