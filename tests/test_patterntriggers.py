"""Triggers derived from a lexicon rule's pattern (``tqcheck.patterntriggers``) must be sound: every text the
pattern matches holds one of them, lower-cased, a space standing for any run of whitespace (else findings are
lost). The pack's derived triggers are precomputed (data/triggers.json) and its written ones checked by
scripts/build_pack.py."""

from __future__ import annotations

import importlib.util
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checks.lexicon import rule_triggers
from tqcheck.config import default_rules_path, load_config, load_yaml
from tqcheck.patterntriggers import covers, derive
from tqcheck.triggertable import TABLE, derived_triggers

from .conftest import ROOT


def _build_pack():
    spec = importlib.util.spec_from_file_location("build_pack", ROOT / "scripts" / "build_pack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _build_pack()
PACK = load_yaml(default_rules_path().read_text(encoding="utf-8"), "rules.yaml")

# Written triggers the parse tree cannot prove (each runs on into a look-ahead, or stands for a class too wide to
# expand: the Cyrillic block, a digit after a currency code); their rules' examples still check them.
UNPROVABLE = {
    "num_currency_code_glued",
    "p_missing_space_after_punct",
    "sp_space_hyphen_conj",
    "untr_en_editor_note",
    "untr_cyrillic",
}


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bPressendienst(?:es|s)?\b", ("pressendienst",)),  # optional endings add nothing
        (r"\b[Kk]asachstanisch\w*", ("kasachstanisch",)),  # a small class, cased: one lower-cased trigger
        (r"[äa]pfel", ("apfel", "äpfel")),  # a small class expands into alternatives
        (r",\s+dass\b", (" dass",)),  # whitespace reads as a space: the token starts with "dass"
        (r"(?:Januar|Februar|März)\s+\d{4}", ("februar ", "januar ", "märz ")),
        (r"(?i:foo)BAR", ("foobar",)),  # case flags do not matter: triggers are lower-cased
        (r"\d+", ()),  # nothing required: no triggers, the pattern runs over the whole text
        (r"x|\d", ()),  # one branch requires nothing
        (r"(?<=\bam\s)\d+\.", (".",)),  # look-arounds match no text: "am" is no trigger
    ],
)
def test_derived_triggers_of_simple_patterns(pattern, expected):
    assert derive(pattern) == expected


ATOMS = [
    "ab", "Ab", "ä", "[äa]", "[bB]", r"\s+", r"\s*", " ", r"\d", ".", "(?:ab|bä)", "z?", "(?:ab)+", r"\b",
    "(?=a)", "(?<!b)", "[^a]", "b*", "a{2}", "(?:A|b|)", r"\w+", "ß", "-",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    branches=st.lists(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=6), min_size=1, max_size=3),
    text=st.text(alphabet=st.sampled_from(list("aAbBäÄzß 1\n-\t")), max_size=40),
    ignore_case=st.booleans(),
)
def test_every_match_holds_a_derived_trigger(branches, text, ignore_case):
    """The definition: for any pattern built from literals, classes, whitespace, groups, alternatives, repeats and
    look-arounds, every non-empty match of it holds a derived trigger (lower-cased, whitespace as one space)."""
    pattern = "|".join("".join(b) for b in branches)
    triggers = derive(pattern)
    if not triggers:
        return
    for m in re.finditer(pattern, text, re.IGNORECASE if ignore_case else 0):
        if m.end() > m.start():
            assert any(t in _spaced(m.group()) for t in triggers), (pattern, m.group(), triggers)
    assert covers(pattern, list(triggers))  # the check of written triggers accepts the derived ones


def test_the_precomputed_table_is_fresh():
    """tqcheck/data/triggers.json must be rebuilt with rules.yaml (python scripts/build_pack.py)."""
    assert TABLE.read_text(encoding="utf-8") == BUILD.triggers_json(PACK), "stale: run `python scripts/build_pack.py`"


def test_written_and_derived_triggers_hold_every_example_match():
    """No rule's bad example has a match without one of the rule's triggers (written or derived), and every
    written list is proven sound from the pattern except the known few."""
    failures, unproven = BUILD.check_written(PACK)
    assert failures == []
    assert set(unproven) == UNPROVABLE


def test_rule_triggers_derive_unless_written_or_anchored():
    """A pattern rule without ``trigger`` gets the derived ones; ``trigger: []`` means none; a written list is kept;
    an anchored rule is not derived for; a ``terms`` rule's terms are its triggers."""
    pattern = r"\bPressendienst(?:es|s)?\b"
    assert rule_triggers({"pattern": pattern}) == ["pressendienst"]
    assert rule_triggers({"pattern": pattern, "trigger": []}) == []
    assert rule_triggers({"pattern": pattern, "trigger": ["Presse"]}) == ["presse"]
    assert rule_triggers({"pattern": r"\d+ Meilen", "anchor": "number"}) == []
    assert rule_triggers({"terms": ["Pressendienst"]}) == ["pressendienst"]


def test_the_pack_reads_its_triggers_from_the_table():
    """Each derived pack rule's triggers come from the table, and equal what deriving gives; a project pattern
    (not in the table) is derived on the spot."""
    cfg = load_config(None)
    derived = [s for s in cfg.rules.values() if s.kind == "lexicon" and s.params.get("pattern")]
    derived = [s for s in derived if "trigger" not in s.params and "anchor" not in s.params]
    assert len(derived) > 100
    for spec in derived:
        assert rule_triggers(spec.params) == list(derive(spec.params["pattern"])), spec.id
    assert r"\bMein(?:e|er)?\s+Projektwort\b" not in BUILD.triggers_table(PACK)
    assert derived_triggers(r"\bMein(?:e|er)?\s+Projektwort\b") == (" projektwort",)


def test_a_project_rule_gets_derived_triggers(tmp_path):
    """A rule in a project's rules.yaml writes no trigger either: the derived one windows it, and it still
    finds what it finds without triggers, in a text long enough for the trigger index."""
    from tqcheck.checks.analysis import DocumentAnalysis
    from tqcheck.document import Document
    from tqcheck.engine import Engine

    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - id: my_rule\n    kind: lexicon\n    severity: info\n    category: Style/Awkward\n"
        "    message: m\n    pattern: '\\bMein(?:e|er)?\\s+Projektwort\\b'\n",
        encoding="utf-8",
    )
    cfg = load_config(str(rules))
    spec = cfg.rules["my_rule"]
    check = Engine(cfg).check_for(spec)
    assert check.triggers == [" projektwort"]
    text = "\n".join(["Ein Absatz ohne das Wort, aber mit vielen anderen Wörtern darin."] * 800)
    text += "\nHier steht Meine Projektwort und dort Meiner\nProjektwort.\n"
    doc = Document("<t>", text)
    windowed = [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, cfg))]
    check.triggers = []
    assert windowed == [(f.start, f.end) for f in check.run(doc, DocumentAnalysis(doc, cfg))]
    assert len(windowed) == 2  # the one across the line break too: both lines hold a trigger, one window
