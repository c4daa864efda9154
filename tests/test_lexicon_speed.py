"""The trigger index's shortcuts answer as the plain searches do: needles found per token (kept across texts)
equal those found in the hay, and a trigger none of whose pieces occurs is settled as absent without a scan."""

from __future__ import annotations

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
