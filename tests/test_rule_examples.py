"""Every rule in rules.yaml carries bad and good examples; one parametrised test runs them all."""

from __future__ import annotations

import pytest

from tqcheck.config import load_config
from tqcheck.examples import check_examples

CONFIG = load_config(None)
RULES = sorted(CONFIG.rules.values(), key=lambda r: r.id)


@pytest.mark.parametrize("spec", RULES, ids=[r.id for r in RULES])
def test_rule_examples(spec):
    failures = check_examples(spec, CONFIG)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("spec", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_bad_and_good_examples(spec):
    examples = spec.examples or {}
    assert examples.get("bad"), f"{spec.id} has no bad example"
    assert examples.get("good"), f"{spec.id} has no good example"


def test_rule_ids_are_unique_and_prefixed():
    import yaml

    from tqcheck.config import default_rules_path

    raw = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    ids = [r["id"] for r in raw["rules"]]
    assert len(ids) == len(set(ids))
    for rid in ids:
        assert "_" in rid, f"{rid} lacks a family prefix"


def test_rules_declaring_fixes_produce_them():
    """Ruff's FIX_AVAILABILITY habit: a bad example with ``fix`` needs a rule with ``fix:`` and vice versa."""
    for spec in RULES:
        wants_fix = any(isinstance(e, dict) and "fix" in e for e in spec.examples.get("bad", []))
        if wants_fix:
            assert spec.fix in ("safe", "unsafe"), f"{spec.id}: examples show a fix but the rule declares none"


def test_default_pack_validates_strictly():
    """At run time the packaged pack skips per-kind validation (start-up cost); here every key, type and
    regular expression of it is validated exactly like a project's rules.yaml."""
    strict = load_config(None, strict_defaults=True)
    assert set(strict.rules) == set(CONFIG.rules)
    for rid, spec in strict.rules.items():
        assert spec.params == CONFIG.rules[rid].params, rid


def test_kind_needs_registry_matches_the_classes():
    """The engine decides from KIND_NEEDS (without importing a kind) whether a rule can run; each class
    declares NEEDS too, for readers. They must agree."""
    from tqcheck.checks import KIND_NEEDS, KINDS

    for name in KINDS:
        assert KINDS[name].NEEDS == KIND_NEEDS.get(name, frozenset()), name


# Pack patterns the standard library's ``re`` cannot compile (a look-behind of unbounded width); they make the
# lexicon import the ``regex`` module (~15 ms), so they are kept to rare trigger words.
NEEDS_REGEX_MODULE = {
    "ff_eventuell",
    "ff_gymnasium_gym",
    "ff_hochschule_high_school",
    "ff_praeservativ_preservative",
    "ff_warenhaus_warehouse",
    "unit_imperial",
}


def test_pack_patterns_compile_with_the_standard_library_re():
    """A look-behind over alternatives of different lengths is written as one look-behind per length, which ``re``
    compiles (``(?<=\\b(?:am|bis)\\s)`` as ``(?:(?<=\\bam\\s)|(?<=\\bbis\\s))``): the pack then needs ``regex``
    only for the few rules named above, and a checked article usually never imports it."""
    import re

    needs = set()
    for spec in RULES:
        for key in ("pattern", "context", "unless", "unless_before"):
            source = spec.params.get(key)
            if spec.kind == "lexicon" and source:
                try:
                    re.compile(source, re.IGNORECASE if spec.params.get("ignore_case") else 0)
                except re.error:
                    needs.add(spec.id)
    assert needs == NEEDS_REGEX_MODULE


def _triggered(spec) -> bool:
    from tqcheck.checks.triggers import rule_triggers

    return spec.kind == "lexicon" and not spec.params.get("terms") and bool(rule_triggers(spec.params))


@pytest.mark.parametrize("spec", [r for r in RULES if _triggered(r)], ids=lambda r: r.id)
def test_every_match_holds_a_trigger_whatever_the_whitespace(spec):
    """A rule runs only where one of its triggers occurs (written in rules.yaml or derived from its pattern), a
    space in a trigger standing for any run of whitespace.
    So a trigger must begin inside every match of its pattern once whitespace runs are single spaces (it may run on
    past the match's end, into what a look-ahead requires: "," + letter for a comma glued to a word): checked on
    the bad examples as written and hard-wrapped (newlines), double-spaced and with no-break spaces."""
    import re

    from tqcheck.engine import Engine

    check = Engine(CONFIG).check_for(spec)
    check._compile()
    for example in spec.examples.get("bad", []):
        text = example if isinstance(example, str) else example["text"]
        for variant in (text, text.replace(" ", "\n"), text.replace(" ", "  "), text.replace(" ", "\u00a0")):
            for m in check.pattern.finditer(variant):
                inside = len(re.sub(r"\s+", " ", m.group(0).lower()))
                onward = re.sub(r"\s+", " ", variant[m.start() :].lower())
                assert any(onward.startswith(t, i) for t in check.triggers for i in range(inside)), (spec.id, m[0])
