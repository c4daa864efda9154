"""The language rules' shortcuts against their plain definitions: a walk over every word or sentence, each token
judged one by one, and langdetect's own n-gram table."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checks.analysis import DocumentAnalysis
from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

_CFG = load_config(None)

EN_BITS = [
    "Die",
    "Regierung",
    "sagte",
    "the",
    "talks",
    "will",
    "continue",
    "once",
    "in",
    "a",
    "lifetime",
    "Chance.",
    "It's",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(EN_BITS), min_size=1, max_size=10), min_size=1, max_size=25))
def test_english_candidates_are_those_a_walk_over_every_word_finds(paras):
    """``_candidate_sentences`` (found through the vocabulary) against the plain definition: a walk over every word
    of ``doc.words``, noting the sentences holding an English function word and those holding any English word."""
    from tqcheck.checks import language

    doc = Document("<t>", "\n".join(" ".join(p) for p in paras))
    with_function, with_english = set(), set()
    for s, _e, w in doc.words:  # the plain walk: every word of the text
        if language._may_be_english(w):
            if language._is_en_function(w):
                with_function.add(doc.sentence_index(s))
            if language._is_en_word(w):
                with_english.add(doc.sentence_index(s))
    got = language._candidate_sentences(doc, DocumentAnalysis(doc, _CFG))
    assert got == (sorted(with_function), sorted(with_english))


SETTLE_WORDS = ["the", "The", "THE", "once", "Once", "held", "Regierung", "Straße", "STRASSE", "in", "was", "İstanbul"]

SETTLE_WORDS += ["lifetime", "ministers", "Ministerentnahme", "it's", "don't", "ΣΟΦΊΑ", "Nurtleu", "meeting", "42"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "„", "(", "-"]),
            st.sampled_from(SETTLE_WORDS),
            st.sampled_from(["", ",", ".“", "-the", "’s", "2"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_tokens_settled_in_bulk_get_the_verdict_judged_one_by_one(parts):
    """The language rules' bulk pass (a big text's new tokens) agrees with judging each token alone."""
    from tqcheck.checks import language

    tokens = list(dict.fromkeys(a + w + b for a, w, b in parts))
    saved = dict(language._TOKEN_MAY_BE_ENGLISH), dict(language._MAY_BE_ENGLISH), language._BULK
    try:
        language._TOKEN_MAY_BE_ENGLISH.clear()
        language._MAY_BE_ENGLISH.clear()
        expected = {t: language._token_may_be_english(t) for t in tokens}
        language._TOKEN_MAY_BE_ENGLISH.clear()
        language._MAY_BE_ENGLISH.clear()
        language._BULK = 0
        language._settle_tokens(tokens)
        assert {t: language._TOKEN_MAY_BE_ENGLISH[t] for t in tokens} == expected
        assert len(language._TOKEN_MAY_BE_ENGLISH) == len(tokens)  # every token settled by the bulk pass
    finally:
        language._TOKEN_MAY_BE_ENGLISH.clear()
        language._TOKEN_MAY_BE_ENGLISH.update(saved[0])
        language._MAY_BE_ENGLISH.clear()
        language._MAY_BE_ENGLISH.update(saved[1])
        language._BULK = saved[2]


def test_packaged_langdetect_table_is_what_langdetect_builds():
    """The precomputed n-gram table (data/langdetect-table.bin) was built from the installed profiles (else run
    scripts/build_langdetect_table.py) and holds exactly langdetect's own table: the same n-grams in the same
    order, the same floats, and so the same probabilities for every sentence."""
    from langdetect import DetectorFactory

    from tqcheck.checks import language

    profiles = language.langdetect_profiles()
    table = language.load_langdetect_table(profiles)
    assert table is not None, "stale data/langdetect-table.bin: run scripts/build_langdetect_table.py"
    own = DetectorFactory()
    own.seed = 0
    own.load_json_profile([p.decode("utf-8") for p in profiles])
    langlist, rows = table
    assert langlist == own.langlist
    assert list(rows) == list(own.word_lang_prob_map)
    assert all(list(rows[k]) == own.word_lang_prob_map[k] for k in own.word_lang_prob_map)
    ours = language._detector_factory()
    for sentence in [
        "The talks will continue next month in Vienna, officials said.",
        "Die Gespräche werden im nächsten Monat in Wien fortgesetzt.",
        "Le ministre a déclaré que les négociations continueraient.",
        "Präsident Tokajew traf den Emir; the meeting was described as productive.",
    ]:
        a, b = ours.create(), own.create()
        a.append(sentence)
        b.append(sentence)
        assert [(p.lang, p.prob) for p in a.get_probabilities()] == [(p.lang, p.prob) for p in b.get_probabilities()]


def test_a_table_built_from_other_profiles_is_not_used():
    """Should langdetect's profiles change (an upgrade), the packaged table no longer matches their digest and
    langdetect builds its table itself."""
    from tqcheck.checks import language

    profiles = language.langdetect_profiles()
    changed = [profiles[0].replace(b'"n_words"', b'"n_words" ', 1), *profiles[1:]]
    assert language.load_langdetect_table(changed) is None
    assert language.load_langdetect_table(profiles[:-1]) is None


@pytest.mark.parametrize("min_run", [1, 2, 3])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(EN_BITS + ["don't", "lifetime,", "Regierungschef"]), max_size=9), max_size=12))
def test_english_runs_skip_only_sentences_that_cannot_hold_one(min_run, paras):
    """The english_words rule passes over a sentence with fewer than min_run English words after counting them;
    its findings are those of the walk over every candidate sentence's words."""
    from tqcheck.checks import language

    text = "\n".join(" ".join(p) for p in paras)
    spec = _CFG.rules["untr_words"]
    check = Engine(_CFG).check_for(spec)
    check.spec = type(spec)(**{**spec.__dict__, "params": {**spec.params, "min_run": min_run}})

    real = language._WORD

    class NeverFewer:  # findall says every sentence is full of English words: no sentence is skipped
        def __getattr__(self, name):
            return getattr(real, name)

        def findall(self, *args):
            return ["the"] * 100

    def found():
        doc = Document("<t>", text)
        return [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]

    got = found()
    language._WORD = NeverFewer()
    try:
        assert got == found()
    finally:
        language._WORD = real
