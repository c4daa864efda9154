"""The trigger index's shortcuts answer as the plain searches do: needles found per token (kept across texts)
equal those found in the hay, and a trigger none of whose pieces occurs is settled as absent without a scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tqcheck.checks import triggers
from tqcheck.checks.lexicon import rule_triggers
from tqcheck.checks.triggers import TriggerIndex
from tqcheck.config import load_config
from tqcheck.document import Document

from .conftest import FIXTURES

_CFG = load_config(None)
_PACK = frozenset(t for s in _CFG.selected() if s.kind == "lexicon" for t in rule_triggers(s.params))


def _long_text() -> str:
    """The fixtures' German copy, repeated past the index's small-text bound."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")))
    return "\n\n".join([text] * (triggers.SMALL_TEXT // len(text) + 2))


def _hay(doc: Document) -> tuple[str, str]:
    cased = "\n" + "\n".join(doc.token_types) + "\n"
    return cased.lower(), cased


def test_tokens_per_type_equal_the_hay_search_on_new_and_known_tokens() -> None:
    extra = frozenset({"e", "qqq", "sagte dass", " - ", "der "})  # a common, an absent, a multi-piece trigger
    plan = triggers._plan(_PACK | extra)
    plan.seen.clear()
    first = Document("<a>", _long_text())
    second = Document("<b>", "Die Außenministerin sagte dass die EU-Kommission tagte.\n\n" + first.text[:5000])
    for doc in (first, second):  # the second text's tokens are mostly known: answered from plan.seen
        hay, cased = _hay(doc)
        assert triggers._tokens_in_types(plan, doc.token_types, hay, cased) == triggers._tokens_by_needle(
            hay, cased, plan.needles
        )
    hay, cased = _hay(second)
    found = triggers._tokens_in_types(plan, second.token_types, hay, cased)
    assert found["e"] is None and found["qqq"] == set() and "sagte" in found["sagte\n"]


def test_absent_and_present_triggers_in_a_long_text() -> None:
    doc = Document("<t>", _long_text() + "\n\nEr sagte dass der Gipfel endete.")
    index = TriggerIndex(doc, [*_PACK, "qxqxq", "sagte dass"])
    assert not index.small
    assert index.where("qxqxq") == frozenset()
    last = len(doc.paragraphs) - 1
    where = index.where("sagte dass")
    assert where is None or last in where
    # A trigger the index was not built for is still looked up in the text.
    assert index.where("gipfel endete") is None or last in index.where("gipfel endete")
    assert index.where("zzqzzq") == set()
    low = doc.text.lower()
    for trigger in ("qxqxq", "sagte dass"):
        where = index.where(trigger)
        if where is not None:
            assert {k for k, (s, e) in enumerate(doc.paragraphs) if trigger in " ".join(low[s:e].split())} <= where


def _pack_long_doc() -> Document:
    """The fixtures and every pack rule's examples, bad and good, one per paragraph: a long text in which each
    trigger-anchored rule has something to find."""
    examples = [
        text["text"] if isinstance(text, dict) else text
        for spec in _CFG.rules.values()
        if spec.kind == "lexicon"
        for text in (*spec.examples.get("bad", []), *spec.examples.get("good", []))
    ]
    return Document("<t>", _long_text() + "\n\n" + "\n\n".join(examples) + "\n  - Ende  \n")


def test_trigger_starts_from_the_index_are_every_occurrence_of_a_trigger() -> None:
    from tqcheck.checks.analysis import DocumentAnalysis
    from tqcheck.document import positions_of
    from tqcheck.engine import Engine

    doc = _pack_long_doc()
    ctx = DocumentAnalysis(doc, _CFG)
    index = ctx.trigger_index
    assert not index.small
    engine = Engine(_CFG)
    low = doc.text.lower()
    assert len(low) == len(doc.text)
    anchored = [s for s in _CFG.selected() if s.kind == "lexicon" and s.params.get("anchor") == "trigger"]
    assert anchored
    indexed = 0
    for spec in anchored:
        check = engine.check_for(spec)
        starts = check._indexed_trigger_starts(doc, index)
        if starts is not None:
            assert starts == positions_of(low, check.triggers), spec.id
            indexed += bool(starts)
    assert indexed >= len(anchored) // 2  # most rules' triggers are in few paragraphs: found through the index


def test_trigger_anchored_rules_find_what_their_scan_finds_in_a_long_text() -> None:
    from tqcheck.checks.analysis import DocumentAnalysis
    from tqcheck.checks.lexicon import LexiconCheck
    from tqcheck.engine import Engine

    doc = _pack_long_doc()
    engine = Engine(_CFG)
    anchored = [s for s in _CFG.selected() if s.kind == "lexicon" and s.params.get("anchor") == "trigger"]
    found_any = False
    for spec in anchored:
        check = engine.check_for(spec)
        fast = [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, _CFG))]
        plain = LexiconCheck(spec, _CFG)
        plain.anchor = None  # the pattern over every window, as without an anchor
        slow = [(f.start, f.end) for f in plain.run(doc, DocumentAnalysis(doc, _CFG))]
        assert fast == slow, spec.id
        found_any |= bool(fast)
    assert found_any


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab 1.\n", max_size=40),
    st.sampled_from([r"a+", r"a*", r"\d\.?", r"(?<=a)b*", r"a b|b", r"(?m)^a?"]),
    st.lists(st.integers(0, 41), max_size=30),
    st.integers(0, 41),
)
def test_matches_tried_at_are_those_of_matches_at(text: str, source: str, starts: list[int], end: int) -> None:
    import re

    from tqcheck.checks.scan import matches_at, matches_tried_at

    pattern = re.compile(source)
    end = min(end, len(text))
    starts = sorted({i for i in starts if i <= end})  # offsets in the window, as the lexicon passes them
    want = [(m.start(), m.end()) for m in matches_at(pattern, text, starts, end)]
    assert [(m.start(), m.end()) for m in matches_tried_at(pattern, text, starts, end)] == want


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\r", max_size=40), st.sampled_from([None, 1, 3]))
def test_line_table_is_the_lines_between_line_breaks(text: str, max_line: int | None) -> None:
    from tqcheck.checks.analysis import DocumentAnalysis
    from tqcheck.engine import Engine

    check = Engine(_CFG).check_for(_CFG.rules["ang_title_case"])
    check.max_line = max_line
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    want = list(zip([0, *(i + 1 for i in breaks)], [*breaks, len(text)]))
    if max_line:
        want = [(a, b) for a, b in want if b - a <= max_line]
    doc = Document("<t>", text)
    assert check._lines(doc, DocumentAnalysis(doc, _CFG)) == want
