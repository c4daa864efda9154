"""Lexicon rules' shortcuts against their plain definition, the rule's pattern run over the whole text
(``re.finditer``): anchored at numbers, digits, lines or triggers, windowed to short lines; and the offset helpers
they use (number starts, ``positions_of``)."""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checks.analysis import DocumentAnalysis
from tqcheck.checks.scan import number_starts
from tqcheck.config import ConfigError, load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

from .test_speedups_triggers import _no_short_text_shortcut

_CFG = load_config(None)

_ANCHORED = [spec for spec in _CFG.rules.values() if spec.kind == "lexicon" and spec.params.get("anchor")]


@pytest.mark.parametrize("digits", ["0123456789", "٠١٢٣٤٥٦٧٨٩"])
def test_number_starts_are_where_a_word_boundary_precedes_a_digit(digits):
    """``number_starts`` against the plain definition: the offsets of ``re.finditer(r"\\b\\d")`` over the whole
    text, for ASCII and Arabic-Indic digits."""
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
    """An anchored rule (tried only at numbers, digits, lines or its triggers) against the plain definition: the
    same rule without its anchor, its pattern scanned over the text or its trigger windows; short and long paths,
    and a text whose lower-cased form does not line up with it."""
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
    """The speed keys (``anchor``, ``max_line``, ``anchor: trigger`` without triggers) are checked on load like any
    other key: a wrong value is a configuration error naming the key, never a silently slower or wrong rule."""
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "rules:\n  - id: my_rule\n    kind: lexicon\n    severity: info\n    category: Style/Awkward\n    message: m\n"
        + extra,
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=named):
        load_config(str(bad))


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
    """A headline rule windowed to its short lines (``max_line``) against the plain definition: the same rule
    without ``max_line``, its pattern over the whole text, with every kind of line break."""
    spec = _CFG.rules["ang_title_case"]
    assert spec.params.get("max_line")
    doc = Document("<t>", "".join(line + brk for line, brk in lines))
    check = Engine(_CFG).check_for(spec)
    windowed = [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]
    check.max_line = None
    assert windowed == [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]


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
