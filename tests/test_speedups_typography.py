"""The doubled-word rule's shortcuts against their plain definitions: its pattern over the whole text, and each
token's ends (``_ends``) judged one by one."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checks.analysis import DocumentAnalysis
from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

from .caches import fresh_token_ends as _fresh_caches
from .test_speedups_language import SETTLE_WORDS

_CFG = load_config(None)

DOUBLE_BITS = [
    "und",
    "Und",
    "UND",
    "und,",
    "(und",
    "und)",
    "die",
    "Treffen",
    "treffen.",
    "İst",
    "ist",
    "ΣΟΦΟΣ",
    "σοφος",
]

DOUBLE_SEPS = [" ", "  ", "\n", "\n\n", " - ", "\t"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(DOUBLE_BITS), st.sampled_from(DOUBLE_SEPS)), min_size=1, max_size=40))
def test_doubled_words_are_those_the_whole_text_pattern_finds(parts):
    """The token shortcut against the plain pattern over the whole text (how the rule was first written)."""
    from tqcheck.checks.typography import _DOUBLED, GRAMMATICAL_DOUBLES

    text = "".join(w + sep for w, sep in parts)
    doc = Document("<t>", text)
    spec = _CFG.rules["p_doubled_word"]
    got = [(f.start, f.end) for f in Engine(_CFG).check_for(spec).run(doc, DocumentAnalysis(doc, _CFG))]
    allow = GRAMMATICAL_DOUBLES | {w.casefold() for w in spec.params.get("allow", [])}
    expected = [
        m.span()
        for m in _DOUBLED.finditer(text)
        if m.group(1).casefold() not in allow
        and "\n" not in m.group(2)
        and (m.group(1) == m.group(3) or m.group(1).casefold() == m.group(3).casefold())
    ]
    assert got == expected


_EDGES = ["", "„", "“", "(", "»", "'", ",", ".", ".“", "“,", ")", "’", "-", "2", "_", "…"]


def _empty_token_ends():
    """The doubled-word rule's token caches emptied and every token settled in bulk for a test, and restored
    afterwards (they live for the process): one helper for both test modules (imported at the top: importing a
    test module inside a Hypothesis test would define its @given tests there, a nested @given)."""
    return _fresh_caches(bulk=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_EDGES),
            st.sampled_from(SETTLE_WORDS + ["ΟΔΟΣ", "Σίσυφος", "İİ", "und", "Wir", "Straße", "s", ""]),
            st.sampled_from(_EDGES),
        ).map("".join)
        | st.text(alphabet=st.sampled_from(list("aZßΣİ.,„“'’()_2-")), min_size=1, max_size=6),
        min_size=1,
        max_size=30,
    )
)
def test_one_word_tokens_settled_in_bulk_get_the_ends_judged_one_by_one(tokens):
    """The doubled-word rule's bulk pass agrees with ``_ends`` token by token: bare words and words in opening or
    closing punctuation ("„Wir", "sagte,", "Welt.“"), final sigma and dotted i included."""
    from tqcheck.checks import typography

    tokens = [t for t in dict.fromkeys(tokens) if t.strip()]
    if not tokens:
        return
    with _empty_token_ends():
        typography._settle_one_word_tokens(tokens)
        tails, heads = dict(typography._TAIL), dict(typography._HEAD)
        assert set(tails) == set(heads) >= {t for t in tokens if t.isalpha() and "Σ" not in t and "İ" not in t}
        assert {t: (tails[t], heads[t]) for t in tails} == {t: typography._ends(t) for t in tails}


def test_words_in_punctuation_are_settled_in_bulk_too():
    """The bulk pass takes the tokens with punctuation at their edges as well (most of a text's new tokens), and
    that punctuation never holds a word character, so stripping it leaves the letters ``_ends`` would find."""
    from tqcheck.checks import typography

    assert not [c for c in typography._OPENERS + typography._CLOSERS if re.match(r"\w", c)]
    tokens = ["sagte,", "„Wir", "Welt.“", "„Wir“", "(EU)", "Regierungschef.", "«Oui»"]
    with _empty_token_ends():
        typography._settle_one_word_tokens(tokens)
        assert set(typography._TAIL) == set(typography._HEAD) == set(tokens)
        assert {t: (typography._TAIL[t], typography._HEAD[t]) for t in tokens} == {
            t: typography._ends(t) for t in tokens
        }


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZßé_²3٣.,„“-İΣ’")) | st.characters(), min_size=1, max_size=8))
def test_token_ends_are_the_letter_runs_at_its_edges(token):
    """``_ends`` skips the trailing-letters search when the last character is not alphanumeric; the result must be
    the letter runs at the token's edges that the two patterns find."""
    from tqcheck.checks import typography
    from tqcheck.checks.scan import LETTERS

    tail = typography._TRAILING_LETTERS.search(token)
    head = LETTERS.match(token)
    expected = (typography._fold(tail.group()) if tail else None, typography._fold(head.group()) if head else False)
    assert typography._ends(token) == expected
