"""Untranslated English names, notes and abbreviations (untr_*), and casing from sentence structure (case_*).

The rules are in the default pack; every sentence here was written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

OURS = [
    "case_sentence_lower_start",
    "case_stray_capital",
    "case_lower_noun",
    "case_fixed_phrases",
    "case_fixed_names",
    "untr_en_org_foreign",
    "untr_en_org_name",
    "untr_news_agency",
    "untr_memorandum",
    "untr_en_river",
    "untr_en_meeting",
    "untr_en_editor_note",
    "untr_en_abbrev",
    "untr_cyrillic",
    "untr_en_titles_more",
    "untr_en_loan_lower",
]


@pytest.fixture(scope="module")
def config():
    cfg = load_config(None)
    assert all(r in cfg.rules for r in OURS), sorted(set(OURS) - set(cfg.rules))
    return cfg


def found(config, text: str, rule: str) -> list[str]:
    """The matches of one rule on ``text``."""
    config = replace(config, select=[rule])
    return [f.match for f in Engine(config).check(Document("<test>", text)) if f.rule == rule]


# ---------------------------------------------------------------- sentence starts in lower case
@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Beide Seiten trafen sich in Brüssel. am Vorabend hatten sie telefoniert.", "am"),
        ("Das Treffen endete.\nam Vorabend hatten beide Seiten vereinbart, weiterzuverhandeln.", "am"),
        ("usbekistan baut Wasserkraftwerke aus\n\nTASCHKENT – Die Regierung plant neue Anlagen.", "usbekistan"),
        ("ASTANA – am Montag empfing der Präsident den Emir.", "am"),
    ],
)
def test_lower_case_sentence_start_is_flagged(config, text, match):
    assert found(config, text, "case_sentence_lower_start") == [match]


@pytest.mark.parametrize(
    "text",
    [
        "Die Preise stiegen z. B. in Astana um ca. drei Prozent bzw. um vier Prozent in Almaty.",
        "Das Forum findet am 5. und 6. Juni statt; Papst Benedikt XVI. und König Charles III. sandten Grüße.",
        "Bipasha Mukherjee aus Kirkland, Wash. sagte, sie warte seit Mai.",
        "Der Antrag (vgl. Nr. 4) wurde u. a. von J. Smith gestellt.",
        # a hard-wrapped paragraph continues in lower case after a line without a full stop
        "Der Präsident reiste nach Kuwait, wo er\nmit dem Emir über Investitionen sprach.",
        # agency marks and brand names begin in lower case
        "Berlin, 5. Juni.\ndpa meldet, dass eBay und iPhone-Hersteller betroffen sind.",
        "„Warum?“, fragte er. „Weil es nötig ist.“",
    ],
)
def test_legitimate_lower_case_after_full_stops_is_quiet(config, text):
    assert found(config, text, "case_sentence_lower_start") == []


def test_lost_initial_umlaut_gets_it_back(config):
    config = replace(config, select=["case_lower_noun"])
    (f,) = Engine(config).check(Document("<t>", "Die nderung des Gesetzes tritt am Montag in Kraft."))
    assert f.match == "nderung" and f.suggestions == ["Änderung"]


# ---------------------------------------------------------------- capitals inside a sentence
@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Die Bedeutung der Gasversorgung wurde hervorgehoben Auf dem Gipfel hieß es, man sei einig.", "Auf"),
        ("Am Treffen nahmen der Berater des Präsidenten und Auch der Chefberater teil.", "Auch"),
        ("Er reiste Nach Kuwait und traf den Emir.", "Nach"),
    ],
)
def test_capitalised_function_word_mid_sentence_is_flagged(config, text, match):
    assert found(config, text, "case_stray_capital") == [match]


@pytest.mark.parametrize(
    "text",
    [
        "Das war ein klares Aus für die Pläne; das Für und Wider wurde abgewogen.",
        "Laut Die Welt und Die Zeit stimmte auch Die Linke zu.",
        "Ich danke Ihnen, dass Sie gekommen sind, und hoffe, dass Sie wiederkommen.",
        "Sie wohnten im Hotel Am Markt und sahen den Film Die Blechtrommel.",
        "Der Minister reiste ab. Auf dem Gipfel hieß es, man sei einig.",
    ],
)
def test_capitals_that_belong_are_quiet(config, text):
    assert found(config, text, "case_stray_capital") == []


# ---------------------------------------------------------------- nouns in lower case
def test_lower_case_nouns_are_flagged(config):
    text = "Die regierung beschloss Maßnahmen zur unterstützung der Bauern, teilte der pressedienst mit."
    assert found(config, text, "case_lower_noun") == ["regierung", "unterstützung", "pressedienst"]


def test_participles_and_english_are_not_lower_case_nouns(config):
    text = (
        "Die Verhandlungen sind gelungen; die Menschen, die gezwungen wurden, waren jung. "
        "The nation voted; read the information online. Details unter #digitalisierung."
    )
    assert found(config, text, "case_lower_noun") == []


def test_set_phrases_and_fixed_names(config):
    assert found(config, "Die Region legt sehr viel wert auf die Partnerschaft.", "case_fixed_phrases") == [
        "sehr viel wert auf"
    ]
    assert found(config, "Das Haus ist viel wert, auf dem Markt erzielt es viel.", "case_fixed_phrases") == []
    text = "Er legte am Grab des unbekannten Soldaten einen Kranz nieder; die Lage im nahen Osten ist gespannt."
    assert found(config, text, "case_fixed_names") == ["unbekannten Soldaten", "nahen Osten"]
    assert found(config, "Er malte ein rotes Kreuz auf einen weißen Haus-Entwurf.", "case_fixed_names") == []


# ---------------------------------------------------------------- English names of institutions
@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Er unterzeichnete ein Abkommen mit der Asian Development Bank (ADB).", "Asian Development Bank"),
        ("Der Special State Fund hat beschlossen, die Mittel umzuleiten.", "Special State Fund"),
        ("Kasachstan ist Mitglied der Shanghai Cooperation Organization.", "Shanghai Cooperation Organization"),
        ("Laut Eurasian Development Bank wächst die Wirtschaft.", "Eurasian Development Bank"),
    ],
)
def test_foreign_institution_names_are_warnings(config, text, match):
    assert found(config, text, "untr_en_org_foreign") == [match]


@pytest.mark.parametrize(
    "text",
    [
        "Kasachstan lädt im Mai zum Astana International Forum ein.",
        "Die Financial Times und das Wall Street Journal berichteten über die Champions League.",
        "Die Deutsche Bank und die Europäische Zentralbank schwiegen; das System Union bleibt.",
        "Der Film „Asian Development Bank“ lief im Kino; Biden hielt die State of the Union.",
        "Die Federal Election Commission prüft die Spenden.",
    ],
)
def test_established_or_domestic_names_are_not_foreign_warnings(config, text):
    assert found(config, text, "untr_en_org_foreign") == []


def test_other_english_institution_names_are_info(config):
    text = "Die ADB gibt im Rahmen der Multi-Sector Activities Support Facility 22 Millionen US-Dollar."
    config = replace(config, select=["untr_en_org_name"])
    (f,) = Engine(config).check(Document("<t>", text))
    assert f.match == "Multi-Sector Activities Support Facility" and f.severity.name == "INFO"
    assert found(config, "Die Federal Election Commission prüft die Spenden.", "untr_en_org_name") == [
        "Federal Election Commission"
    ]
    assert found(config, "Die Deutsche Bank und die Hamburg Messe Group schwiegen.", "untr_en_org_name") == []


@pytest.mark.parametrize(
    ("rule", "text", "match"),
    [
        ("untr_news_agency", "Das sagte er der Emirates News Agency (WAM).", "Emirates News Agency"),
        ("untr_news_agency", "Die Anadolu Agency verbreitet die Meldungen.", "Anadolu Agency"),
        ("untr_memorandum", "Sie unterzeichneten ein Memorandum of Understanding.", "Memorandum of Understanding"),
        ("untr_en_river", "Am Ufer des Amu Darya River wird gebaut.", "Amu Darya River"),
        ("untr_en_meeting", "Beim Annual Meeting der Bank in Samarkand sprach er.", "Annual Meeting"),
        ("untr_en_editor_note", "Der Minister (Murat Nurtleu – ed.) sprach.", "– ed."),
        ("untr_en_abbrev", "Das Kambarata-1 HPP soll bald Strom liefern.", "HPP"),
        ("untr_en_abbrev", "Der russische FM Lawrow reiste an.", "FM"),
        ("untr_cyrillic", "Der Kanal Пул Первого berichtete darüber.", "Пул Первого"),
        ("untr_en_titles_more", "UN Secretary-General Guterres sprach.", "Secretary-General"),
        ("untr_en_loan_lower", "Das Video steht auf der website des Ministeriums.", "website"),
    ],
)
def test_english_leftovers_are_flagged(config, rule, text, match):
    assert found(config, text, rule) == [match]


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (
            "untr_news_agency",
            "Das sagte er der staatlichen Nachrichtenagentur WAM; die EPA (Environmental Protection Agency) schwieg.",
        ),
        ("untr_en_river", "Das Flugzeug landete im Hudson River; der Syrdarja führt Hochwasser."),
        ("untr_en_meeting", "Das Meeting dauerte eine Stunde."),
        ("untr_en_editor_note", "Der Minister (Murat Nurtleu – Anm. d. Red.) sprach; Red. und Hrsg. schwiegen."),
        ("untr_en_abbrev", "Radio Astana sendet auf FM 104,5; die Werte für PM10 stiegen; die CHP protestierte."),
        ("untr_cyrillic", "Der Kanal „Pul Perwogo“ berichtete darüber.\n• Русский"),
        ("untr_en_loan_lower", "Read the statement on our website. Die Website ist online."),
    ],
)
def test_german_and_established_forms_are_quiet(config, rule, text):
    assert found(config, text, rule) == []


# ---------------------------------------------------------------- the shared token pass
def test_token_pass_finds_the_paragraphs_a_plain_scan_finds(config):
    """The token modes' paragraphs (one pass over the paragraphs in chunks, first tokens paired with the paragraph
    before) are those a plain scan over every token and the one before it finds, in a text of several chunks."""
    from itertools import chain

    from tqcheck.checks import sentence_case as sc
    from tqcheck.checks.analysis import DocumentAnalysis

    paragraphs = [
        "regierung und opposition streiten weiter",  # a noun token opens the text
        "Die Bedeutung der Gasversorgung wurde hervorgehoben Auf dem Gipfel hieß es, man sei einig.",
        "Kasachstan und Katar vertiefen Zusammenarbeit",  # a headline: no full stop before the next paragraph
        "Die Delegation reiste ab. Der Minister sprach mit der Asian Development Bank über Kredite.",
        "Er unterzeichnete den Vertrag mit der Development",  # the head opens the next paragraph
        "Bank in Manila; der pressedienst teilte mit, die unterstützung laufe.",
        "Am Treffen nahmen der Berater und Auch der Chefberater teil.",
        "Das Treffen endete am Abend.",
        "Union",
        "Der Special State Fund schwieg; laut Die Welt war das ein klares Aus.",
        "und Auch die Opposition schwieg.",  # the pair right after the first token
    ]
    order = [0, 7, 4, 1, 8, 5, 2, 9, 10, 6, 3, 10]  # after a headline, a paragraph of a head only, a lower-case end
    text = "\n".join(paragraphs[k] for k in order * 60)  # past two chunks of paragraphs
    doc = Document("<t>", text)
    ctx = DocumentAnalysis(doc, config)
    flat = list(chain.from_iterable([(k, t) for t in tokens] for k, tokens in enumerate(doc.paragraph_tokens)))
    for mode, (wanted, before) in sc._PAIRS.items():
        plain = sorted({k for j, (k, t) in enumerate(flat) if j and t in wanted and before[flat[j - 1][1]]})
        assert plain and sc._paragraphs(doc, ctx, mode) == plain
    plain = sorted({k for k, t in flat if sc._noun_token(t)})
    assert 0 in plain and sc._paragraphs(doc, ctx, "lower_noun") == plain
    assert sc._first_tokens(doc, ctx) == [tokens[0] for tokens in doc.paragraph_tokens]
