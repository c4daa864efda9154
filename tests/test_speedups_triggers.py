"""The lexicon's trigger index against its plain definition: the paragraphs whose lower-cased text contains a
trigger (``in``), a space standing for any run of whitespace. The index may over-report paragraphs, never miss one.
Split from the speed-shortcut tests by subject; the other subjects are in the sibling test_speedups_*.py files."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checks import triggers
from tqcheck.checks.triggers import TriggerIndex
from tqcheck.config import load_config
from tqcheck.document import Document

from .conftest import FIXTURES

_CFG = load_config(None)

WORDS = [
    "der",
    "Außenminister",
    "sagte,",
    "dass",
    "am",
    "2.",
    "Januar",
    "in",
    "2024",
    "„Zitat“",
    "EU-Chef",
    "-",
    "a.m.",
]


def _paragraphs_containing(doc: Document, needle: str) -> set[int]:
    low = doc.text.lower()
    return {k for k, (s, e) in enumerate(doc.paragraphs) if needle in low[s:e]}


@contextmanager
def _needle_search(how: str):
    """``automaton``: pyahocorasick's one pass (the default); ``find``: one str.find per needle (the fallback)."""
    saved = triggers._automaton
    if how == "find":
        triggers._automaton = lambda needles: None
    try:
        yield
    finally:
        triggers._automaton = saved


@pytest.mark.parametrize("how", ["automaton", "find"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paras=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=20, max_size=40),
    data=st.data(),
)
def test_trigger_index_never_misses_a_paragraph(how, paras, data):
    """Triggers cut from the text at random (inside words, across spaces) and made-up ones. The texts are short,
    so the index is forced past its short-text shortcut (SMALL_TEXT) to test the vocabulary path."""
    text = "\n".join(" ".join(p) for p in paras) + "\n"
    doc = Document("<t>", text)
    start = data.draw(st.integers(0, len(text) - 2))
    cut = text[start : start + data.draw(st.integers(1, 14))].lower()
    made_up = " ".join(data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))).lower()
    triggers = [t for t in (cut, made_up, " " + made_up, made_up + " ") if "\n" not in t]
    with _no_short_text_shortcut(), _needle_search(how):
        index = TriggerIndex(doc, [*triggers, "qx" + made_up])
    assert not index.small
    for trigger in triggers:
        where = index.where(trigger)  # None: "scan everything", always sound
        assert where is None or _paragraphs_containing(doc, trigger) <= where, trigger
    assert index.where("qx" + made_up) == set()  # in no token at all: no paragraph is scanned


@contextmanager
def _no_short_text_shortcut():
    saved = triggers.SMALL_TEXT
    triggers.SMALL_TEXT = 0
    try:
        yield
    finally:
        triggers.SMALL_TEXT = saved


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paras=st.lists(
        st.lists(st.sampled_from(WORDS + ["12:30", "A-B", "ΟΔΟΣ", "Ms.", "MS"]), min_size=1, max_size=12),
        min_size=20,
        max_size=30,
    ),
    data=st.data(),
)
def test_scanned_triggers_never_miss_a_paragraph(paras, data):
    """With every trigger past the token cap, each is scanned: one without letters in the text itself, one with
    letters through every token holding its pieces. Neither may miss a paragraph that holds the trigger."""
    text = "\n".join(" ".join(p) for p in paras) + "\n"
    doc = Document("<t>", text)
    start = data.draw(st.integers(0, len(text) - 2))
    cut = text[start : start + data.draw(st.integers(1, 6))].lower()
    wanted = [t for t in (cut, ":", " - ", "ms", "12:3", "οδος", " ab", "-b ") if "\n" not in t]
    saved = triggers.TOKEN_CAP
    triggers.TOKEN_CAP = 0
    try:
        with _no_short_text_shortcut():
            index = TriggerIndex(doc, wanted)
    finally:
        triggers.TOKEN_CAP = saved
    assert not index.small
    for trigger in wanted:
        where = index.where(trigger)
        assert where is None or _paragraphs_containing(doc, trigger) <= where, trigger
    assert index._folded is None  # the lower-cased text was never made


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aBΣσς İ-.\n")), min_size=1, max_size=30), st.data())
def test_a_folded_slice_is_that_slice_of_the_folded_text(text, data):
    """A window lower-cased alone is the same slice of the lower-cased text (a capital sigma, whose form depends
    on its neighbours, takes the whole text); where lower-casing changes the text's length, the window's own
    lower-cased form if that keeps its length, else None."""
    doc = Document("<t>", text)
    index = TriggerIndex(doc, [])
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    got = index.folded_slice(start, end)
    whole = text.lower()
    if len(whole) == len(text):
        assert got == whole[start:end]
    else:
        piece = text[start:end]
        assert got is None or (got == piece.lower() and len(got) == len(piece) and "Σ" not in piece)


@pytest.mark.parametrize("how", ["automaton", "find"])
def test_trigger_index_on_real_text_matches_a_plain_search(how):
    """The index over a real article against the plain definition: the paragraphs whose lower-cased text holds the
    trigger (``in``); a superset allowed, exactness for a rare word, nothing for an absent one."""
    text = (FIXTURES / "article-kuwait.txt").read_text(encoding="utf-8")
    doc = Document("<t>", "\n\n".join([text] * 5))  # enough paragraphs for the index (not the short-text path)
    wanted = ["ministerentnahme", "minister", "nurtleu", " dass", "in 20", "kuwait ", "xyzzy", "mineraleinlagen"]
    with _no_short_text_shortcut(), _needle_search(how):
        index = TriggerIndex(doc, wanted)
    assert not index.small
    for t in wanted:
        where = index.where(t)
        truth = _paragraphs_containing(doc, t)
        assert where is None or truth <= where, t
    assert index.where("xyzzy") == set()
    assert index.where("ministerentnahme") == _paragraphs_containing(doc, "ministerentnahme")


@pytest.mark.parametrize("how", ["automaton", "find"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paras=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), min_size=1, max_size=6), data=st.data())
def test_short_text_presence_is_a_plain_substring_test(how, paras, data):
    """A short text answers "does any trigger occur?" from one pass for the index's triggers, and from the text
    for others (a rule outside the selection): the answer is always what ``in`` says on the lower-cased text with
    each run of whitespace as one space (a trigger's space stands for any whitespace, as the patterns' ``\\s+``)."""
    text = "\n".join(data.draw(st.sampled_from([" ", "  ", "\t", " \n "])).join(p) for p in paras)
    folded = re.sub(r"\s+", " ", text.lower())
    doc = Document("<t>", text)

    def trigger():
        start = data.draw(st.integers(0, max(0, len(text) - 1)))
        return data.draw(st.sampled_from([folded[start : start + data.draw(st.integers(1, 8))], "qx", "", " ", "dass"]))

    built_for = [trigger() for _ in range(data.draw(st.integers(0, 5)))]
    with _needle_search(how):
        index = TriggerIndex(doc, built_for)
        assert index.small
        for _ in range(4):
            asked = [trigger() for _ in range(data.draw(st.integers(0, 3)))]
            assert index.any_present(asked) == any(t in folded for t in asked), (built_for, asked)


def test_both_needle_searches_find_the_same_tokens_for_the_whole_pack():
    """The automaton and the per-needle search agree on every needle of the default pack, over real text."""
    from tqcheck.checks.lexicon import rule_triggers

    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")))
    doc = Document("<t>", text)
    cased = "\n" + "\n".join(doc.token_types) + "\n"
    hay = cased.lower()
    needles = {
        n for s in _CFG.selected() if s.kind == "lexicon" for t in rule_triggers(s.params) for n in triggers._needles(t)
    }
    needles |= {":", "e", "\nder\n", "in\n", "qqq"}  # common and absent ones: the cap and the empty answer
    with _needle_search("automaton"):
        fast = triggers._tokens_by_needle(hay, cased, needles)
    with _needle_search("find"):
        plain = triggers._tokens_by_needle(hay, cased, needles)
    assert fast == plain
    assert fast["e"] is None and fast["qqq"] == set() and any(fast.values())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB \t\n\r\u00a0\u2028\x1c")), max_size=30))
def test_spaced_text_has_each_whitespace_run_as_one_space(text):
    """``TriggerIndex.spaced`` (split and join) is the lower-cased text with every run of whitespace, at the ends
    too, replaced by one space: what a regex substitution of ``\\s+`` gives."""
    assert TriggerIndex(Document("<t>", text), []).spaced == re.sub(r"\s+", " ", text.lower())
