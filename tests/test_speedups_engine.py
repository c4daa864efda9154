"""The engine's and the finding model's shortcuts against their plain definitions: the loop over every finding,
``Finding.sort_key``, and keyword construction of a finding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

_CFG = load_config(None)


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
