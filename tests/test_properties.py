"""Properties of the whole pipeline over arbitrary input (hypothesis): nothing raises, every span is inside the
text and matches it, line:column agrees with the offsets, and --fix is idempotent and touches only flagged
spans. Budgets are modest for CI; bench/fuzz.py runs the same properties with a large budget."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import RULE_FAILED, Engine
from tqcheck.fixes import applicable
from tqcheck.fixes import apply as apply_fixes
from tqcheck.textio import InputError, decode_bytes

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_CFG = load_config(None)
_ENGINE = Engine(_CFG)


def _example_texts() -> list[str]:
    out = []
    for spec in _CFG.rules.values():
        for ex in (spec.examples or {}).get("bad", []) or []:
            text = ex if isinstance(ex, str) else ex.get("text") or ""
            if text:
                out.append(text)
    return out


FRAGMENTS = _example_texts() + [
    'Er sagte "Hallo" und und ging -- weg.',
    "Präsident Tokayev traf NORTLEU in Astana; Nurtleu und Nortleu sprachen.",
    "Die Kosten: $46 billion, 5,000 Menschen, 2.5 Prozent, 12%.",
    "„Warum?“, fragte er. “So” nicht´s.",
    "\u200b",
    "\u00a0",
    "\ufeff",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\x1b",
    "…",
    "ß",
]
# Text that looks like copy: rule examples, artifacts and invisible characters mixed with arbitrary Unicode.
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=25).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map(" ".join),
)


def independent_line_col(raw: str, offset: int) -> tuple[int, int]:
    """line:column recomputed from scratch: CRLF, CR and LF each end a line; columns in code points, 1-based."""
    line, start, i = 1, 0, 0
    while i < offset:
        ch = raw[i]
        if ch == "\r" and i + 1 < len(raw) and raw[i + 1] == "\n":
            if i + 1 >= offset:  # offset between \r and \n: still on this line
                break
            i += 1
        if ch in "\r\n":
            line += 1
            start = i + 1
        i += 1
    return line, offset - start + 1


@PROFILE
@given(st.binary(max_size=2000))
def test_decode_bytes_raises_only_input_error(data):
    try:
        dec = decode_bytes(data)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert isinstance(dec.text, str)
        assert "\x00" not in dec.text


@PROFILE
@given(TEXTS)
def test_check_never_raises_and_spans_are_exact(text):
    doc = Document("t.txt", text)
    findings = _ENGINE.check(doc)
    failed = [f.message for f in findings if f.rule == RULE_FAILED]
    assert not failed, failed
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), f
        assert doc.raw[f.start : f.end] == f.match, f
        assert (f.line, f.column) == independent_line_col(text, f.start), f
        assert (f.end_line, f.end_column) == independent_line_col(text, f.end), f
        if f.fix is not None:
            assert f.start <= f.fix.start <= f.fix.end <= f.end, f"{f.rule}: fix outside the flagged span"


@PROFILE
@given(TEXTS)
def test_fix_changes_only_flagged_spans_and_is_idempotent(text):
    findings = _ENGINE.check(Document("t.txt", text))
    chosen = applicable(findings, unsafe=True)
    fixed, n = apply_fixes(text, findings, unsafe=True)
    # outside the applied fixes, every character is kept, in order
    pos = 0
    out = []
    for f in chosen:
        out.append(text[pos : f.fix.start])
        out.append(f.fix.replacement)
        pos = f.fix.end
    out.append(text[pos:])
    assert fixed == "".join(out)
    # Idempotence: fixing, re-checking and fixing again must settle. One pass is not always enough: a fix can
    # create new text another rule flags (num_currency_prefix turns "€5.Minister" into "5 Euro.Minister", which
    # p_missing_space_after_punct then fixes), and overlapping fixes wait for the next run. It must converge.
    current = fixed
    for _ in range(5):
        again = _ENGINE.check(Document("t.txt", current))
        nxt, n2 = apply_fixes(current, again, unsafe=True)
        if nxt == current:
            break
        current = nxt
    else:
        raise AssertionError(
            f"fixes do not converge; still fixing: {sorted({f.rule for f in applicable(again, True)})}"
        )


@pytest.mark.parametrize(
    "text",
    ["", " ", "\r\n\r\n", "\u200b" * 50, "a" * 10000, "." * 5000, "„" * 300],
    ids=["empty", "space", "blank-lines", "zwsp", "one-long-word", "dots", "open-quotes"],
)
def test_degenerate_texts(text):
    doc = Document("t.txt", text)
    for f in _ENGINE.check(doc):
        assert f.rule != RULE_FAILED and doc.raw[f.start : f.end] == f.match


@PROFILE
@given(st.text(alphabet=st.sampled_from(list("ab \r\n\u2028")), max_size=40), st.data())
def test_place_gives_line_col_of_both_offsets(text, data):
    """``engine.place`` (one loop, the end found without a search when on the start's line) agrees with
    ``Document.line_col`` for any span: multi-line, ending at a line start, after a CR, or clamped at the ends."""
    from tqcheck.engine import place
    from tqcheck.model import Finding, Severity

    doc = Document("t.txt", text)
    spans = data.draw(st.lists(st.tuples(st.integers(-2, len(text) + 2), st.integers(0, 8)), max_size=8))
    findings = [Finding("r", Severity.INFO, "c", "m", s, s + n) for s, n in spans]
    place(findings, doc)
    for f in findings:
        assert (f.line, f.column) == doc.line_col(f.start)
        assert (f.end_line, f.end_column) == doc.line_col(f.end)
        assert f.file == "t.txt"
