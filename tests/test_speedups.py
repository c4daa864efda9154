"""Speed shortcuts must never change a finding: the trigger index may only over-report paragraphs, an anchored
pattern finds exactly what scanning finds, directive lines are found wherever they are, and sentences are those
the splitter gives paragraph by paragraph."""

from __future__ import annotations

import contextlib
import re
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck import markup
from tqcheck.checks import triggers
from tqcheck.checks.analysis import DocumentAnalysis
from tqcheck.checks.scan import number_starts
from tqcheck.checks.triggers import TriggerIndex
from tqcheck.config import ConfigError, load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

from .conftest import FIXTURES

_CFG = load_config(None)
_ANCHORED = [spec for spec in _CFG.rules.values() if spec.kind == "lexicon" and spec.params.get("anchor")]

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


@pytest.mark.parametrize("digits", ["0123456789", "٠١٢٣٤٥٦٧٨٩"])
def test_number_starts_are_where_a_word_boundary_precedes_a_digit(digits):
    base = "Am 3. Mai kamen 5,000 Menschen; A380 und x_7 nicht, (12) und 2024 schon.\n"
    text = (base + base.translate(str.maketrans("0123456789", digits))) * 12
    doc = Document("<t>", text)
    expected = [m.start() for m in re.finditer(r"\b\d", text)]
    assert number_starts(doc, DocumentAnalysis(doc, _CFG)) == expected


def _number_heavy_text() -> str:
    parts = []
    for spec in _ANCHORED:
        for kind in ("bad", "good"):
            for ex in (spec.examples or {}).get(kind, []) or []:
                parts.append(ex if isinstance(ex, str) else ex["text"])
    parts += ["um 10AM und 11 PM, 3rd 21st 1,5 Meilen (2,4 km) 70 °F 5 ft 10 lbs 9 a.m. ET 12:30 p. m. PST A4th"]
    parts += ["Termin ab12:30, dann x18:40 und 7:15 oder 123:45"]  # times glued to a word: no number starts there
    # trigger-anchored rules: triggers inside words, in other cases, at line ends and next to other triggers
    parts += ["im April 16, 2024 und am Monday 5 oder am\nTuesday, ob UK-Chef im UK, Herrn Frau Müller - seit - x"]
    parts += ["HERR Frauke Herrmann, Aprilscherz; Sept. 5 und Sep. 9, das UK\n - Dec. 3 Jänner 12"]
    return "\n".join(parts * 3)


@pytest.mark.parametrize("spec", _ANCHORED, ids=lambda s: s.id)
def test_anchored_rule_finds_exactly_what_scanning_finds(spec):
    assert _ANCHORED, "the pack has number-anchored rules"
    check = Engine(_CFG).check_for(spec)
    # whole text, and (index forced) the windows of the rule's triggers; with an İ, whose lower-case form is two
    # characters, the lower-cased text no longer lines up with the text
    for shortcut, prefix in ((True, ""), (False, ""), (True, "İstanbul. "), (False, "In İstanbul, 3. Mai: ")):
        doc = Document("<t>", prefix + _number_heavy_text())
        check.anchor = spec.params["anchor"]
        with contextlib.nullcontext() if shortcut else _no_short_text_shortcut():
            anchored = [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]
            check.anchor = None
            scanned = [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]
        assert anchored == scanned
        assert anchored, f"{spec.id}: the test text should exercise the rule"


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ("    pattern: '\\d+'\n    anchor: word\n", "anchor"),
        ("    pattern: 'x'\n    max_line: 0\n", "max_line"),
        ("    pattern: 'x'\n    anchor: trigger\n", "trigger"),
    ],
)
def test_speed_keys_are_validated(tmp_path, extra, named):
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "rules:\n  - id: my_rule\n    kind: lexicon\n    severity: info\n    category: Style/Awkward\n    message: m\n"
        + extra,
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=named):
        load_config(str(bad))


@pytest.mark.parametrize(
    "text",
    [
        "Ein [Einschub] im Text.\r\n  [tqcheck: disable lex_pressendienst]\r\nDer Pressendienst.\r\n"
        "<!-- tqcheck: enable -->\n[TQCHECK: disable] trailing\r[tqcheck:disable]",
        "Kein Hinweis [hier] und <!-- auch keiner -->\n\n",
        "\n".join(["Absatz ohne Klammern."] * 30 + ["<!--tqcheck: disable-->"]),
    ],
)
def test_directive_lines_are_those_a_walk_over_every_line_finds(text):
    """The shortcut (only lines holding "[" or "<!--") against the plain walk over all lines."""
    expected = [
        (s + m.start("all"), s + m.end("all"))
        for s, _e, body in markup._lines(text)
        if (m := markup._TEXT_DIRECTIVE_LINE.fullmatch(body))
    ]
    masked, found = markup._mask_text(text)
    assert [(d.start, d.end) for d in found] == expected
    assert len(masked) == len(text)
    assert all(masked[a:b].strip() == "" for a, b in expected)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[<!-\r\n a")), max_size=40))
def test_lines_with_directive_marks_are_the_lines_holding_one(text):
    r"""The lines found from each "[" and "<!--" (line breaks searched only within the line) are exactly the lines
    of ``_lines`` that hold one, with \r, \n and \r\n breaks mixed."""
    expected = [(s, e, body) for s, e, body in markup._lines(text) if "[" in body or "<!--" in body]
    assert markup._lines_with_directive_marks(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\r\n")), max_size=16), st.data())
def test_a_directive_line_is_bounded_by_the_nearest_breaks(text, data):
    r"""``line_bounds`` (the \r search starting after the last \n) gives the line the plain definition gives: from
    after the last \r or \n before ``pos`` to the first one at or after it."""
    from tqcheck.directives import line_bounds

    pos = data.draw(st.integers(0, len(text)))
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    end = min([i for i in (text.find("\n", pos), text.find("\r", pos)) if i >= 0], default=len(text))
    assert line_bounds(text, pos) == (start, end)


SENTENCE_BITS = [
    "Er kam.",
    "Dr. Meier",
    "am 16. April",
    "2.5 Mio.",
    "„Warum?“",
    "fragte er",
    "Ende…",
    "(so.)",
    "x",
    " ",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(SENTENCE_BITS), max_size=6), min_size=1, max_size=30))
def test_sentences_are_what_the_splitter_gives_per_paragraph(paras):
    from tqcheck.segment import split_sentences

    doc = Document("<t>", "\n".join(" ".join(p) for p in paras))
    expected = [span for s, e in doc.paragraphs for span in split_sentences(doc.text, s, e)]
    assert doc.sentences == expected


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


TITLE_LINES = [
    "Kasachstan Und Usbekistan Unterzeichnen Abkommen Über Wasser",
    "Minister Nimmt An Treffen Mit Dem Golfrat Teil.",
    "Der Verein Für Die Rechte Der Bürger sagte Und schwieg, dann ging er Über die Brücke und noch viel weiter, "
    "weil es Mit Dem Wetter Und Den Straßen so war wie immer Zur Zeit Im Land.",
    "Kurz",
    "",
]
_HEADLINE = "Minister Nimmt An Treffen Mit Dem Golfrat Teil"
TITLE_LINES += [
    (_HEADLINE + " Wasser" * 20)[:n].rstrip() + "x" * (n - len((_HEADLINE + " Wasser" * 20)[:n].rstrip()))
    for n in (160, 161)
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(TITLE_LINES), st.sampled_from(["\n", "\r\n", "\r", "\n\n"])), max_size=12))
def test_max_line_rule_finds_exactly_what_scanning_finds(lines):
    spec = _CFG.rules["ang_title_case"]
    assert spec.params.get("max_line")
    doc = Document("<t>", "".join(line + brk for line, brk in lines))
    check = Engine(_CFG).check_for(spec)
    windowed = [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]
    check.max_line = None
    assert windowed == [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab .\t\r\n\x0b\x0c\x1c\x85\u2028\u00a0„")), max_size=60))
def test_paragraphs_are_the_stripped_non_blank_lines(text):
    doc = Document("<t>", text)
    expected = []
    for s, e in doc.lines:
        seg = text[s:e]
        if seg.strip():
            expected.append((s + len(seg) - len(seg.lstrip()), e - (len(seg) - len(seg.rstrip()))))
    assert doc.paragraphs == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\r\n\u2028 ")), max_size=40))
def test_line_starts_follow_every_line_break_with_or_without_cr(text):
    """The str.find shortcut (no \\r in the text) and the regex path agree with a walk over the characters."""
    expected, i = [0], 0
    while i < len(text):
        if text[i] == "\r":
            i += 2 if text[i + 1 : i + 2] == "\n" else 1
            expected.append(i)
        elif text[i] == "\n":
            i += 1
            expected.append(i)
        else:
            i += 1
    assert Document("<t>", text).line_starts == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("a „“»«\n")), max_size=40))
def test_quote_spans_are_what_a_whole_text_scan_finds(text):
    whole = [m.span() for m in re.finditer(r"„[^„“\n]*“|»[^»«\n]*«", text)]
    assert Document("<t>", text).quote_spans == whole


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


_EDGES = ["", "„", "“", "(", "»", "'", ",", ".", ".“", "“,", ")", "’", "-", "2", "_", "…"]


def _empty_token_ends():
    """The doubled-word rule's token caches emptied and every token settled in bulk for a test, and restored
    afterwards (they live for the process): one helper for both test modules."""
    from .caches import fresh_token_ends

    return fresh_token_ends(bulk=True)


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


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab. \n")), max_size=40),
    st.lists(st.text(alphabet=st.sampled_from(list("ab.")), min_size=1, max_size=3), min_size=1, max_size=4),
    st.integers(0, 45),
    st.integers(0, 45),
)
def test_positions_of_are_where_a_needle_begins_in_the_range(text, needles, start, end):
    """``positions_of`` (str.find loops; the sentence marks, digits, quotes and trigger anchors use it) against a
    walk over every offset: sorted, distinct, starting in [start, end), an occurrence may run past ``end``."""
    from tqcheck.document import positions_of

    expected = [i for i in range(start, min(end, len(text))) if any(text.startswith(n, i) for n in needles)]
    assert positions_of(text, needles, start, end) == expected
    assert positions_of(text, needles) == [i for i in range(len(text)) if any(text.startswith(n, i) for n in needles)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB \t\n\r\u00a0\u2028\x1c")), max_size=30))
def test_spaced_text_has_each_whitespace_run_as_one_space(text):
    """``TriggerIndex.spaced`` (split and join) is the lower-cased text with every run of whitespace, at the ends
    too, replaced by one space: what a regex substitution of ``\\s+`` gives."""
    assert TriggerIndex(Document("<t>", text), []).spaced == re.sub(r"\s+", " ", text.lower())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["r1", "r2"]), st.integers(0, 3), st.integers(0, 2), st.sampled_from(["a", "b"])),
        max_size=25,
    ),
    st.booleans(),
)
def test_engine_keeps_the_first_of_each_duplicate_in_order(items, with_directives):
    """The engine drops a finding that repeats an earlier one's rule, span and message, keeping the first (its
    suggestions, severity and fix) in order, whether it takes the C-speed path or, with directives, the loop."""
    from tqcheck.checks.base import Check
    from tqcheck.model import Finding, Severity

    raw = [
        Finding(rule=r, severity=Severity.INFO, category="c", message=m, start=s, end=s + n, suggestions=[str(i)])
        for i, (r, s, n, m) in enumerate(items)
    ]

    class Emit(Check):
        def run(self, doc, ctx):
            return raw

    engine = Engine(_CFG)
    spec = next(iter(_CFG.rules.values()))
    engine.specs = [spec]
    engine._built[spec.id] = Emit(spec, _CFG)
    doc = Document("<t>", "x" * 10)
    if with_directives:  # directives that silence nothing: the engine takes its loop instead

        class Silent:
            def suppresses(self, finding):
                return False

            def unused_findings(self, config, enabled_rule_ids):
                return []

        doc.meta["directives"] = Silent()
    got = engine.check(doc, placed=False)
    expected, seen = [], set()
    for f in raw:
        if (f.rule, f.start, f.end, f.message) not in seen:
            seen.add((f.rule, f.start, f.end, f.message))
            expected.append(f)
    assert [id(f) for f in got] == [id(f) for f in expected]


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


def test_the_c_level_sort_key_is_the_findings_sort_key():
    """Findings are sorted with ``engine.SORT_KEY`` (attrgetter, no Python call per finding); it must stay the
    tuple ``Finding.sort_key`` documents, so every reporter's order is the one the model defines."""
    from tqcheck.engine import SORT_KEY
    from tqcheck.model import Finding, Severity

    findings = [
        Finding(rule=r, severity=Severity.INFO, category="c", message=m, start=s, end=e, file=f)
        for f in ("b.txt", "a.txt")
        for r, m, s, e in (("r2", "x", 3, 5), ("r1", "y", 3, 5), ("r1", "x", 3, 4), ("r1", "x", 0, 9))
    ]
    assert [SORT_KEY(f) for f in findings] == [f.sort_key() for f in findings]
    assert sorted(findings, key=SORT_KEY) == sorted(findings, key=Finding.sort_key)


def test_the_finding_helper_fills_each_field_by_name():
    """``Check.finding`` builds findings positionally (faster than keywords): every value must land in the field
    of its name, with the fix applicable as the rule says."""
    from tqcheck.checks.base import Check
    from tqcheck.model import Severity

    spec = _CFG.rules["date_en_ordinal_suffix"]  # a safe fix, and "{match}" in its message
    assert spec.fix == "safe" and "{match}" in spec.message
    doc = Document("<t>", "Ein Text mit 16th darin.")
    f = Check(spec, _CFG).finding(doc, 13, 17, suggestions=["16."], fix="16.")
    assert (f.rule, f.severity, f.category) == (spec.id, spec.severity, spec.category)
    assert f.message == spec.message.format(match="16th") and f.match == "16th"
    assert (f.start, f.end, f.suggestions) == (13, 17, ["16."])
    assert (f.fix.start, f.fix.end, f.fix.replacement, f.fix.safe) == (13, 17, "16.", True)
    assert (f.file, f.line, f.column, f.end_line, f.end_column, f.extra) == ("", 0, 0, 0, 0, {})
    info = Check(spec, _CFG).finding(doc, 0, 3, severity=Severity.INFO)
    assert info.severity == Severity.INFO and info.fix is None and info.suggestions == list(spec.suggest)


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
