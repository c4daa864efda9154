"""Name variants beyond rare garbled names: diacritics, exonyms, known names, and what may be suggested.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import re

import pytest

from tqcheck.checks.nameindex import well_cased
from tqcheck.model import Severity

from .conftest import FIXTURES, check_text


def _variants(text: str, **kw):
    return [f for f in check_text(text, **kw) if f.rule == "name_variants"]


def test_diacritics_mixed_is_a_variant_and_dpa_form_is_suggested():
    text = "Präsident Erdoğan reiste nach Baku. Dort sagte Erdogan, die Gespräche seien gut. Erdoğans Sprecher nickte."
    fs = _variants(text)
    warned = {(f.match, tuple(f.suggestions)) for f in fs if f.severity == Severity.WARNING}
    assert warned == {("Erdoğan", ("Erdogan",)), ("Erdoğans", ("Erdogans",))}
    assert [f.severity for f in fs if f.match == "Erdogan"] == [Severity.INFO]


def test_non_turkish_diacritics_keep_their_accent():
    fs = _variants("Viktor Orbán reiste nach Brüssel. Orban sagte dort wenig.")
    assert [(f.match, f.suggestions) for f in fs if f.severity == Severity.WARNING] == [("Orban", ["Orbán"])]


@pytest.mark.parametrize(
    "text",
    [
        "Präsident Erdoğan reiste nach Baku. Dort sagte Erdoğan, die Türkei stehe bereit.",
        "Der Ministerpräsident Binali Yildirim sprach. Yildirim sagte, er sei zufrieden.",
        "Händel komponierte viel. Der Handel mit Noten blühte.",  # German umlauts are letters, not diacritics
    ],
)
def test_consistent_spellings_stay_silent(text):
    assert _variants(text) == []


def test_exonyms_mixed_in_one_article():
    text = (
        "Lukaschenko regiert Belarus seit 1994. Die weißrussischen Behörden meldeten Proteste. "
        "Die belarussische Opposition lebt im Exil."
    )
    fs = _variants(text)
    warned = [(f.match, f.suggestions) for f in fs if f.severity == Severity.WARNING]
    assert warned == [("weißrussischen", ["belarussischen"])]


def test_exonym_used_alone_is_silent():
    assert _variants("In Weißrussland gab es Proteste. Die weißrussische Polizei griff ein.") == []


def test_exonym_majority_wins_when_the_house_form_is_absent():
    text = "Kirgisistan wählt. In Kirgisistan ist es kalt. Kirgisiens Präsident reiste ab."
    fs = _variants(text)
    assert [(f.match, f.suggestions) for f in fs if f.severity == Severity.WARNING] == [
        ("Kirgisiens", ["Kirgisistans"])
    ]


def test_house_exonyms_are_configurable(tmp_path):
    from tqcheck.config import load_config

    cfg = tmp_path / "rules.yaml"
    cfg.write_text('rules:\n  - id: name_variants\n    exonyms: ["Dschidda = Jeddah"]\n', encoding="utf-8")
    config = load_config(str(cfg))
    fs = _variants("Der Gipfel in Dschidda begann. In Jeddah landete der Emir.", config=config)
    assert [(f.match, f.suggestions) for f in fs if f.severity == Severity.WARNING] == [("Jeddah", ["Dschidda"])]


def test_a_known_name_spelt_two_ways_is_a_warning():
    # Tokajew is in the house transliteration table: two spellings of a head of state are never just "plausible".
    fs = _variants("Präsident Tokajew empfing den Emir. Später sagte Tokajev, man sei einig.")
    assert {f.match: f.severity for f in fs}["Tokajev"] == Severity.WARNING


def test_two_plausible_spellings_of_an_unknown_name_stay_info():
    fs = _variants("Die Provinz Baluchistan ist arm. In Belutschistan gibt es Proteste und Baluchistan bleibt arm.")
    assert fs and all(f.severity == Severity.INFO for f in fs)


def test_suggestions_are_spellings_the_article_holds():
    """Never a spelling that occurs nowhere: the seed's NORTLEU/NurtleU tie gives no suggestion at all."""
    text = (FIXTURES / "article-kuwait.txt").read_text(encoding="utf-8")
    fs = _variants(text)
    assert len(fs) == 6
    assert all(f.suggestions == [] and f.fix is None for f in fs)
    assert all("Glossar" in f.message for f in fs)
    casing = [f for f in check_text(text) if f.rule.startswith("case_")]
    assert casing and all(f.fix is None for f in casing)


def test_majority_spelling_is_suggested_as_written():
    text = "Minister Nurtleu reiste ab. Nurtleu sprach. Danach sagte NORTLEU etwas, und Nortleu schwieg."
    fs = _variants(text)
    suggested = {s for f in fs for s in f.suggestions}
    assert suggested == {"Nurtleu"}
    for s in suggested:
        assert re.search(rf"\b{s}\b", text)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Nurtleu", True), ("Al-Thani", True), ("O’Neill", True), ("NORTLEU", False), ("NurtleU", False), ("x", False)],
)
def test_well_cased(word, expected):
    assert well_cased(word) is expected


def test_transliteration_inside_an_english_name_is_no_safe_fix():
    """Issue 15, item 5: --fix once wrote "Taschkent International Investment Forum"."""
    text = "Das Tashkent International Investment Forum beginnt. In Tashkent regnet es."
    fs = [f for f in check_text(text) if f.rule == "name_translit"]
    assert [(f.match, f.fix.safe) for f in fs] == [("Tashkent", False), ("Tashkent", True)]
    assert "englischen Eigennamen" in fs[0].message


def test_fix_leaves_an_english_proper_name_whole(tmp_path):
    import subprocess
    import sys

    p = tmp_path / "a.txt"
    p.write_text("Das Tashkent International Investment Forum beginnt. In Tashkent regnet es.\n", encoding="utf-8")
    subprocess.run([sys.executable, "-c", "from tqcheck.cli import main; main()", "--fix", str(p)], capture_output=True)
    assert p.read_text(encoding="utf-8") == (
        "Das Tashkent International Investment Forum beginnt. In Taschkent regnet es.\n"
    )


def test_an_english_proper_name_keeps_its_exonym():
    text = "Die Türkei investiert. Der Türkiye Wealth Fund kauft Anteile."
    assert [f for f in _variants(text) if f.severity == Severity.WARNING] == []
    mixed = "Die Türkei investiert. Die Türkiye kauft Anteile."
    assert [(f.match, f.suggestions) for f in _variants(mixed) if f.severity == Severity.WARNING] == [
        ("Türkiye", ["Türkei"])
    ]
