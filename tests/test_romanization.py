"""The romanization rule kind: English romanisations of Russian, Central-Asian and Caucasian names (Torobaev,
Kobakhidze) are flagged with their Duden/dpa German form; German words, German-form names, English words, Chinese
and Japanese names stay silent. Sentences are our own; the name pairs are public facts (German press spellings)."""

from __future__ import annotations

import pytest

from tqcheck.checks.romanization import (
    _ANY_FEATURE,
    german_form,
    is_hepburn,
    is_pinyin,
    judge,
    romanized_evidence,
    words_to_locate,
)
from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine
from tqcheck.model import Severity

# name_translit is pinned to a small map here, so that the tests hold whatever names the pack's map learns.
RULE = """
rules:
  - id: name_translit
    kind: transliteration
    severity: warning
    category: Fluency/Spelling
    message: "„{match}“ ist die englische Umschrift; deutsche Medien schreiben „{german}“."
    fix: safe
    map: {Tokayev: Tokajew, Lavrov: Lawrow, Tashkent: Taschkent}
  - id: name_romanization
    kind: romanization
    severity: warning
    category: Fluency/Spelling
    message: "„{match}“ sieht nach englischer Umschrift aus ({why}); deutsch eher „{german}“."
    fix: unsafe
    min_evidence: 2
    warn_evidence: 3
    allow: [Fakhrov]
"""


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    path = tmp_path_factory.mktemp("rom") / "rules.yaml"
    path.write_text(RULE, encoding="utf-8")
    return load_config(path)


def findings(config, text: str) -> list:
    return [f for f in Engine(config).check(Document("<test>", text)) if f.rule == "name_romanization"]


@pytest.mark.parametrize(
    ("english", "german"),
    [
        ("Torobaev", "Torobajew"),
        ("Amanbaev", "Amanbajew"),
        ("Garibashvili", "Garibaschwili"),
        ("Saakashvili", "Saakaschwili"),
        ("Kobakhidze", "Kobachidse"),
        ("Shevardnadze", "Schewardnadse"),
        ("Aripov", "Aripow"),
        ("Bayramov", "Bajramow"),
        ("Aliyeva", "Alijewa"),
        ("Aliyevs", "Alijews"),
        ("Ruzakhunov", "Rusachunow"),
        ("Yerlan", "Jerlan"),
        ("Grigorovich", "Grigorowitsch"),
        ("Kashagan", "Kaschagan"),
        ("Karachaganak", "Karatschaganak"),
        ("Shingis", "Schingis"),
        ("Araghchi", "Araghtschi"),
        ("Mirziyoyev", "Mirsijojew"),
        ("Nazarbayev", "Nasarbajew"),
        ("Khrushchev", "Chruschtschow"),
        ("Gorbachev", "Gorbatschow"),
        ("Japarov", "Dschaparow"),
        ("Ganjavi", "Gandschawi"),
        ("Musabekov", "Mussabekow"),
        ("Kuznetsov", "Kusnezow"),
        ("Donetsk", "Donezk"),
        ("Zakharova", "Sacharowa"),
        ("Pashinyan", "Paschinjan"),
        ("Yanukovych", "Janukowytsch"),
        ("Dostoevsky", "Dostojewski"),
        ("Dmitriy", "Dmitri"),
        ("Zelenskyy", "Selenskyj"),
        ("Fyodor", "Fjodor"),
        ("Aleksandr", "Alexandr"),
        ("Khorasan", "Chorasan"),
        ("Kiev", "Kiew"),
        ("TOROBAEV", "TOROBAJEW"),
    ],
)
def test_german_form_of_real_names(english: str, german: str) -> None:
    assert german_form(english) == german


@pytest.mark.parametrize("word", ["Tokajew", "Schawkat", "Kobachidse", "Irkutsk", "Dnipro"])
def test_german_form_is_none_when_nothing_changes(word: str) -> None:
    assert german_form(word) is None


def test_sibilant_ev_offers_both_readings() -> None:
    """-чёв is written -ev in English like -чев: Gorbatschow first (Duden ё after ч), the -ew form as alternative."""
    verdict = judge("Pugachev")
    assert verdict is not None
    assert (verdict.german, verdict.alternatives) == ("Pugatschow", ("Pugatschew",))


@pytest.mark.parametrize(
    ("word", "feature"),
    [
        ("Torobaev", "ev"),
        ("Aripov", "ov"),
        ("Aliyeva", "yev"),
        ("Garibashvili", "shvili"),
        ("Kobakhidze", "dze"),
        ("Umutzhan", "zh"),
        ("Rakhmon", "kh"),
        ("Kashagan", "sh"),
        ("Araghchi", "ch"),
        ("Yerlan", "ye_initial"),
        ("Grigoryan", "yan"),
        ("Ivanova", "ova"),
    ],
)
def test_evidence_names_the_feature(word: str, feature: str) -> None:
    ev = romanized_evidence(word)
    assert feature in ev.features and ev.score >= 2


@pytest.mark.parametrize(
    "word",
    ["Schule", "Schwerin", "Tschechien", "Gorbatschow", "Tokajew", "Bajramow", "Mädchen", "Pflänzchen", "Dnipro"],
)
def test_german_spellings_carry_no_evidence(word: str) -> None:
    assert romanized_evidence(word).score == 0


@pytest.mark.parametrize(
    "word",
    [
        "Show",
        "Shell",
        "Sheriff",
        "Kashmir",
        "Khan",
        "Sheikh",
        "Shanghai",
        "Zhejiang",
        "Shenzhen",
        "Shinzo",
        "Kishida",
        "Onlineshop",
        "Ludwigshafen",
        "Rüsselsheim",
        "Gashahn",
        "Washington",
        "Marshall",
        "Casanova",
        "Moldova",
        "Wiltshire",
        "Mukherjee",
        "Krejcikova",
    ],
)
def test_established_english_chinese_japanese_and_german_words_are_silent(word: str) -> None:
    assert judge(word) is None


def test_pinyin_and_hepburn_are_recognised() -> None:
    assert is_pinyin("Zhejiang") and is_pinyin("Guangzhou")
    assert is_hepburn("Fukushima") and is_hepburn("Kishida")
    assert not is_pinyin("Kobakhidze") and not is_hepburn("Kashagan") and not is_pinyin("Kashagan")


def test_flags_every_occurrence_with_german_form(config) -> None:
    text = (
        "Der Energieminister Kyrgysstans, Bakyt Torobaev, eröffnete am Montag ein Kraftwerk.\n"
        "Torobaev sagte, das Werk liefere ab Herbst Strom. Später reiste Torobaev nach Osch.\n"
    )
    found = findings(config, text)
    assert [f.match for f in found] == ["Torobaev"] * 3
    f = found[0]
    assert f.severity == Severity.WARNING
    assert f.suggestions == ["Torobajew"]
    assert f.fix is not None and f.fix.replacement == "Torobajew" and not f.fix.safe
    assert "-ev" in f.message and "Torobajew" in f.message


def test_georgian_and_azerbaijani_names(config) -> None:
    text = (
        "In Tiflis empfing Regierungschef Irakli Kobakhidze den Gast aus Baku. "
        "Außenminister Jeyhun Bayramov lobte die Zusammenarbeit, Ex-Premier Garibashvili schwieg."
    )
    found = {f.match: f for f in findings(config, text)}
    assert {"Kobakhidze", "Bayramov", "Garibashvili"} <= found.keys()
    assert found["Kobakhidze"].suggestions == ["Kobachidse"]
    assert found["Garibashvili"].suggestions == ["Garibaschwili"]


def test_weak_evidence_is_info_and_needs_the_region(config) -> None:
    about_kazakhstan = "Das Ölfeld Kashagan im kasachischen Teil des Kaspischen Meeres fördert wieder."
    found = findings(config, about_kazakhstan)
    assert [(f.match, f.severity) for f in found] == [("Kashagan", Severity.INFO)]
    about_india = "Der Minister Ramesh Bhardwaj und Shivraj Patel besuchten Neu-Delhi und Lashkarpur."
    assert findings(config, about_india) == []


def test_german_and_english_sentences_stay_silent(config) -> None:
    text = (
        "Präsident Tokajew und Schawkat Mirsijojew trafen sich in Taschkent. "
        "Die Show im Shell-Gebäude begann mit einem Sheriff aus Texas; in Shanghai und Shenzhen wuchs die Wirtschaft. "
        "Scheich Mohammed bin Raschid und Imran Khan sprachen über Kaschmir. "
        "Der Onlineshop aus Ludwigshafen meldete Rekorde, die Schule in Schwerin schließt am Freitag."
    )
    assert findings(config, text) == []


def test_name_translit_map_entries_are_left_to_that_rule(config) -> None:
    found = Engine(config).check(Document("<test>", "Präsident Tokayev empfing Lavrov in Astana."))
    assert not [f for f in found if f.rule == "name_romanization"]
    assert {f.match for f in found if f.rule == "name_translit"} >= {"Tokayev", "Lavrov"}


def test_allow_list_and_english_quotes_and_urls(config) -> None:
    assert findings(config, "Der Sportminister Fakhrov eröffnete die Spiele in Baku.") == []
    quoted = "In Almaty lief der Film „The Road of Torobaev“ an; der Regisseur sprach von Heimat."
    assert findings(config, quoted) == []
    url = "In Almaty berichtete das Portal https://example.kz/Torobaev-interview über den Besuch."
    assert findings(config, url) == []
    german_quote = "In Almaty sagte er: „Torobaev hat das Werk eröffnet.“"
    assert [f.match for f in findings(config, german_quote)] == ["Torobaev"]


def test_czech_names_without_accents_are_not_russian(config) -> None:
    text = "In Prag gewann Petra Kvitova gegen Barbora Krejcikova in zwei Sätzen."
    assert findings(config, text) == []


def test_an_english_title_on_another_line_does_not_silence_the_name(config) -> None:
    """The English-quotation test reads the word's own line: a title quoted one paragraph earlier is no excuse."""
    text = "In Almaty lief der Film „The Road Home“ an.\nDanach eröffnete Torobaev die Messe „im Namen der Stadt“."
    assert [f.match for f in findings(config, text)] == ["Torobaev"]
    title_later = "Torobaev sprach in Almaty. Sein Lieblingsfilm heißt „The Road Home“."
    assert [f.match for f in findings(config, title_later)] == ["Torobaev"]


def test_weak_evidence_needs_the_region_in_a_long_text(config) -> None:
    """A lone sh (info) counts only in copy about the region; the region words are looked up in the text's
    distinct tokens once the text is long, with the same answer as in the text itself."""
    filler = "Der Ausschuss beriet am Dienstag über den Haushalt der Stadt und vertagte sich. " * 500
    weak = "Der Unternehmer Shamin eröffnete die Filiale."
    assert findings(config, filler + weak) == []
    assert [f.match for f in findings(config, filler + "In Kasachstan: " + weak)] == ["Shamin"]
    assert [f.match for f in findings(config, filler + "(Usbekistan) " + weak)] == ["Shamin"]
    assert findings(config, filler + "Die Prusso-Werke: " + weak) == []  # "Russ" inside a word is no region


def test_words_to_locate_are_the_flagged_candidates() -> None:
    """What the name index may locate up front for the rule: the candidates with a verdict, at the rule's
    evidence threshold; German names, German words and pinyin are not among them."""
    rare = ["Torobaev", "Tokajew", "Shenzhen", "Garibashvili", "Schneider", "Yerlan"]
    assert words_to_locate({"min_evidence": 2}, rare) == ["Torobaev", "Garibashvili", "Yerlan"]
    assert words_to_locate({"min_evidence": 3}, rare) == ["Torobaev", "Garibashvili"]


@pytest.mark.parametrize("word", ["Schmidt", "Bundesregierung", "Müller", "Tokajew", "Schawkat", "Wagner"])
def test_words_without_a_romanisation_letter_are_settled_by_one_search(word: str) -> None:
    assert _ANY_FEATURE.search(word.casefold()) is None
    assert judge(word, 1) is None and romanized_evidence(word).score == 0


@pytest.mark.parametrize("word", ["Torobaev", "Garibashvili", "Kobakhidze", "Yerlan", "Zhanna", "Gorbachev"])
def test_every_romanisation_passes_the_first_search(word: str) -> None:
    assert _ANY_FEATURE.search(word.casefold()) is not None
    assert romanized_evidence(word).score >= 2
