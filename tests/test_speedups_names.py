"""The name rules' shortcuts against their plain definitions: the rule's pattern (``finditer``) and one pass over
the whole text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checks.analysis import DocumentAnalysis
from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

_CFG = load_config(None)

TRANSLIT_BITS = ["Tokayev", "Tokayev's", "Tokayevs", "Tokayeva", "Nazarbayev’s", "xTokayev", "Tokayevx", "Tokajew"]


@pytest.mark.parametrize("by_word", [True, False])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(TRANSLIT_BITS), st.sampled_from([" ", "-", "\n", ", "])), max_size=12))
def test_transliteration_finds_exactly_what_its_pattern_finds(by_word, parts):
    """Both shortcuts of the transliteration rule (offsets from the shared word index, or a search without the
    leading look-behind) give the matches of the rule's own pattern run over the whole text."""
    text = "".join(w + sep for w, sep in parts)
    check = Engine(_CFG).check_for(_CFG.rules["name_translit"])
    check._by_word = by_word
    doc = Document("<t>", text)
    got = [m.span() for m in check._matches(doc, DocumentAnalysis(doc, _CFG))]
    assert got == [m.span() for m in check.pattern.finditer(text)]


_NAME_TOKENS = [
    "Nurtleu", "Nurtleus", "Nurtleu,", "„Nurtleu“", "Nurtleu-Sprecher", "EU-Nurtleu", "NURTLEU", "xNurtleu",
    "Nurtleu1", "Nurtleu’s", "Astana.", "Astanas", "(Astana)", "Tokajew", "Tokayev:", "der", "sagte", "2024",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paras=st.lists(st.lists(st.sampled_from(_NAME_TOKENS), min_size=1, max_size=10), min_size=1, max_size=30),
    seps=st.lists(st.sampled_from([" ", "  ", "\t", "\u00a0"]), min_size=1, max_size=4),
    words=st.lists(
        st.sampled_from(["Nurtleu", "Nurtleus", "NURTLEU", "Astana", "Tokajew", "Tokayev", "Sprecher"]),
        min_size=1,
        max_size=5,
        unique=True,
    ),
)
def test_words_located_through_the_vocabulary_are_those_a_whole_text_pass_finds(paras, seps, words):
    """A long text's words are located only in the paragraphs whose tokens can hold them (found on the vocabulary):
    the offsets must be those one pass over the whole text gives. The texts are short, so the length threshold is
    lowered to send them that way."""
    from tqcheck.checks import nameindex as names

    text = "\n".join(seps[k % len(seps)].join(p) for k, p in enumerate(paras)) + "\n"
    doc = Document("<t>", text)
    whole = names._locate_words(text, words)
    saved = names._DEDUPLICATE_FROM
    names._DEDUPLICATE_FROM = 0
    try:
        assert names._locate_words(text, words, doc, DocumentAnalysis(doc, _CFG)) == whole
    finally:
        names._DEDUPLICATE_FROM = saved
