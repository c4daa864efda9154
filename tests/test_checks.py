"""Each check family on real German: what it must flag, and legitimate German it must leave alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tqcheck.model import Severity
from tqcheck.segment import split_sentences

from .conftest import check_text


def loud(text: str, **kw):
    """Findings at warning or above from the whole default pack."""
    return [f for f in check_text(text, **kw) if f.severity >= Severity.WARNING]


def rules(findings):
    return sorted({f.rule for f in findings})


# ---------------------------------------------------------------- legitimate German stays quiet
@pytest.mark.parametrize(
    "text",
    [
        # "Billionen" in a correctly converted trillion
        "Die weltweiten Staatsschulden sind auf mehr als 300 Billionen US-Dollar gestiegen.",
        "Die Staatsschulden der USA liegen bei 34 Billionen Dollar.",
        "Kasachstan plant einen Haushalt von 20 Billionen Tenge.",
        # two people, similar names
        "Thomas Müller und Anna Möller leiten die Delegation. Müller sprach zuerst, Möller danach.",
        "Die Ministerin Maier traf Herrn Meier nicht; Maier reiste ab.",
        # grammatical "die die"
        "Die Maßnahmen, die die Regierung beschlossen hat, greifen ab Mai.",
        "Er glaubt, dass das Abkommen hält, und das, das er gestern sagte, gilt.",
        # German number and date formats
        "Am 16. April kamen mehr als 5.000 Menschen; die Inflation lag bei 2,5 Prozent.",
        "Die Sitzung beginnt um 14.30 Uhr; Artikel 2.5 der Satzung regelt das.",
        # proper names in English are not untranslated text
        "Kasachstan lädt im Mai zum Astana International Forum ein.",
        "Der FC Bayern spielt in der Champions League gegen Manchester United.",
        # datelines and acronyms are not casing artifacts
        "ASTANA – Die Delegation der EU und der GCC-Staaten traf die NATO-Vertreter.",
        "BERLIN (dpa) – Die Bundesregierung hat am Mittwoch den Haushalt beschlossen.",
    ],
)
def test_legitimate_german_is_not_flagged(text):
    assert loud(text) == [], [f"{f.rule}: {f.match}" for f in loud(text)]


# ---------------------------------------------------------------- lexicon
def test_lexicon_matches_inflected_forms_and_keeps_suffix_in_fix():
    fs = check_text("Ein Sprecher des Pressendienstes bestätigte die Ministerentnahmen.", select=["lex_"])
    got = {f.match: f for f in fs}
    assert got["Pressendienstes"].suggestions == ["Pressedienstes"]
    assert got["Pressendienstes"].fix.safe
    assert got["Ministerentnahmen"].suggestions == ["Ministertreffen"]


def test_eventuell_only_for_eventually_pattern():
    assert rules(check_text("Nach langen Gesprächen einigten sich eventuell beide Seiten.", select=["ff_eventuell"]))
    assert rules(check_text("Eventuell einigten sich beide Seiten nach langen Gesprächen.", select=["ff_eventuell"]))
    assert not check_text("Eventuell kommt der Minister morgen nach Berlin.", select=["ff_eventuell"])


def test_in_year_but_not_altitude():
    assert [f.match for f in check_text("Die Wirtschaft wuchs in 2023 kräftig.", select=["ang_in_year"])] == ["in 2023"]
    assert not check_text("Das Dorf liegt in 2000 Metern Höhe.", select=["ang_in_year"])


# ---------------------------------------------------------------- names
def test_transliteration_pair_in_one_article():
    fs = check_text("Präsident Tokayev traf Lawrow. Tokajew sagte später, Lavrov habe zugestimmt.")
    tr = [f for f in fs if f.rule == "name_translit"]
    assert [(f.match, f.suggestions[0]) for f in tr] == [("Tokayev", "Tokajew"), ("Lavrov", "Lawrow")]
    assert "auch „Tokajew“" in tr[0].message


def test_genitive_is_not_a_variant():
    text = "Minister Nurtleu reiste ab. Nurtleus Sprecher bestätigte die Reise. Nurtleu kehrt morgen zurück."
    assert not [f for f in check_text(text) if f.rule == "name_variants"]


def test_variant_with_genitive_suggests_inflected_canonical():
    text = "Minister Nurtleu reiste ab. Nurtleu sprach. Nortleus Sprecher bestätigte die Reise."
    fs = [f for f in check_text(text) if f.rule == "name_variants" and f.match == "Nortleus"]
    assert [(f.suggestions, f.severity) for f in fs] == [(["Nurtleus"], Severity.INFO)]


def test_two_transliterations_are_info_three_spellings_or_casing_are_warnings():
    two = "Die Provinz Belutschistan ist arm. In Baluchistan kam es zu Anschlägen."
    assert {f.severity for f in check_text(two) if f.rule == "name_variants"} == {Severity.INFO}
    three = "Nurtleu reiste ab. Dann sprach Nortleu. Später sagte Norteu, alles sei gut."
    # the occurrences not in the chosen spelling are warnings (the chosen one is shown at info)
    assert {f.severity for f in check_text(three) if f.rule == "name_variants" and f.suggestions} == {Severity.WARNING}
    caps = "Laut NORTLEU ist alles gut. Nortleu reiste danach ab."
    assert [(f.match, f.severity) for f in check_text(caps) if f.rule == "name_variants" and f.suggestions] == [
        ("NORTLEU", Severity.WARNING)
    ]
    glossary = "Die Provinz Belutschistan ist arm. In Baluchistan kam es zu Anschlägen."
    fs = [f for f in check_text(glossary, glossary=["Belutschistan"]) if f.rule == "name_variants"]
    assert [(f.match, f.severity, f.suggestions) for f in fs if f.severity >= Severity.WARNING] == [
        ("Baluchistan", Severity.WARNING, ["Belutschistan"])
    ]


def test_headline_in_caps_is_not_wire_casing():
    text = "KASACHSTAN UND KUWAIT VEREINBAREN PARTNERSCHAFT\n\nDie Delegation reiste am Montag ab."
    assert not [f for f in check_text(text) if f.rule.startswith("case_")]


# ---------------------------------------------------------------- numbers
def test_english_number_formats_and_fixes():
    fs = check_text("Mehr als 5,000 Menschen kamen, die Preise stiegen um 2.5 Prozent.", select=["num_en_"])
    assert [(f.match, f.suggestions[0]) for f in fs] == [("5,000", "5.000"), ("2.5", "2,5")]


def test_currency_symbol_before_amount():
    fs = check_text("Die Investitionen beliefen sich auf $46 billion.", select=["num_currency_prefix"])
    assert [(f.match, f.suggestions[0]) for f in fs] == [("$46 billion", "46 Milliarden US-Dollar")]
    fs = check_text("Das kostet €1.5 Mio. im Jahr.", select=["num_currency_prefix"])
    assert fs and fs[0].suggestions[0].startswith("1,5")


def test_percent_without_space():
    fs = check_text("Die Arbeitslosigkeit sank auf 5%.", select=["num_percent_space"])
    assert [f.match for f in fs] == ["5%"]
    assert not check_text("Die Arbeitslosigkeit sank auf 5 %.", select=["num_percent_space"])


def test_numeric_claims_list_with_context_but_not_dates():
    fs = check_text("Am 16. April meldete das Amt rund 3,2 Millionen Arbeitslose.", select=["num_claim"])
    assert [f.extra["claim"] for f in fs] == ["rund 3,2 Millionen Arbeitslose"]
    assert "meldete das Amt" in fs[0].extra["context"]


# ---------------------------------------------------------------- untranslated
def test_english_sentence_flagged_once():
    text = "Der Minister reiste ab. The talks were described as constructive by both delegations."
    fs = [f for f in check_text(text) if f.rule.startswith("untr_")]
    assert [(f.rule, f.match) for f in fs] == [
        ("untr_sentence", "The talks were described as constructive by both delegations.")
    ]


def test_english_words_inside_german_sentence():
    fs = check_text("Die Regierung nannte das Projekt eine once in a lifetime Chance.", select=["untr_words"])
    assert [f.match for f in fs] == ["once in a lifetime"]


# ---------------------------------------------------------------- typography
def test_quotes_english_straight_and_unpaired():
    fs = check_text("Er sagte: “Wir kommen.” Sie sagte: „Wir auch.")
    got = {(f.rule, f.match) for f in fs}
    assert ("q_english", "“Wir kommen.”") in got
    assert ("q_unpaired", "„") in got


def test_straight_quotes_follow_house_style(default_config):
    import copy

    text = 'Er sagte: "Wir kommen."'
    assert [f.suggestions[0] for f in check_text(text, select=["q_straight"])] == ["„", "“"]
    cfg = copy.deepcopy(default_config)
    cfg = replace(cfg, quotes="straight")
    assert not check_text(text, cfg, select=["q_straight"])


def test_doubled_word_and_double_hyphen():
    fs = check_text("Das Treffen fand in in Kuwait statt -- so der Sprecher.")
    got = {(f.rule, f.match.strip()) for f in fs}
    assert ("p_doubled_word", "in in") in got
    assert ("p_double_hyphen", "--") in got


# ---------------------------------------------------------------- segmentation
def test_sentence_splitter_keeps_abbreviations_and_dates_together():
    text = "Am 16. April kostete das 46 Bio. US-Dollar. Dr. Meier sagte „Nein.“ Danach z. B. nichts."
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["Am 16. April kostete das 46 Bio. US-Dollar.", "Dr. Meier sagte „Nein.“", "Danach z. B. nichts."]


def test_english_sentence_with_few_function_words_is_one_error():
    text = "Tokajew reiste nach Astana. The talks will continue next month in Astana."
    fs = [f for f in check_text(text) if f.rule.startswith("untr_")]
    assert [(f.rule, f.severity) for f in fs] == [("untr_sentence", Severity.ERROR)]


def test_variant_suggests_the_german_transliteration_over_the_frequent_english_one():
    text = "Tokayev reiste ab. Tokayev sprach. Später sagte Tokajew, alles sei gut."
    fs = [f for f in check_text(text) if f.rule == "name_variants" and f.suggestions]
    assert {f.suggestions[0] for f in fs} == {"Tokajew"}


def test_title_case_headline():
    assert [
        f.rule
        for f in check_text("Kasachstan Und Usbekistan Unterzeichnen Abkommen Über Wasser")
        if f.rule == "ang_title_case"
    ] == ["ang_title_case"]
