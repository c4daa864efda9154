"""The document's and the markup layer's shortcuts against their plain definitions: paragraphs are the stripped
non-blank lines, line starts follow every line break, sentences are the splitter's per paragraph, quotations are
those a whole-text scan finds, directive lines are those a walk over every line finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck import markup
from tqcheck.document import Document


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
    """``Document.sentences`` (a paragraph with no inner sentence punctuation taken whole) against the plain
    definition: ``split_sentences`` run over each paragraph."""
    from tqcheck.segment import split_sentences

    doc = Document("<t>", "\n".join(" ".join(p) for p in paras))
    expected = [span for s, e in doc.paragraphs for span in split_sentences(doc.text, s, e)]
    assert doc.sentences == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab .\t\r\n\x0b\x0c\x1c\x85\u2028\u00a0„")), max_size=60))
def test_paragraphs_are_the_stripped_non_blank_lines(text):
    """``Document.paragraphs`` (one regex pass, or split and strip) against the plain definition: every non-blank
    line of ``doc.lines`` without its leading and trailing whitespace, for every kind of line break and space."""
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
    """``Document.quote_spans`` (the quotation pattern tried only where „ or » opens) against the plain definition:
    ``re.finditer`` of the quotation pattern over the whole text."""
    whole = [m.span() for m in re.finditer(r"„[^„“\n]*“|»[^»«\n]*«", text)]
    assert Document("<t>", text).quote_spans == whole
