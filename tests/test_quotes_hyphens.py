"""Issue 14 items 3 and 4: foreign quotation conventions, hyphens and compounds, on German news copy.

The quotation rules are typography modes (tqcheck/checks/typography.py); the hyphen and compound rules are lexicon
patterns, all in the default pack. Every sentence here was written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

QUOTE_RULES = ["q_guillemets", "q_guillemets_house", "q_space_inside", "q_mismatched", "q_nested", "q_single_straight"]
HYPHEN_RULES = [
    "sp_hyphen_space_compound",
    "sp_space_before_hyphen",
    "sp_space_hyphen_conj",
    "p_missing_space_before_paren",
    "sp_us_open_compound",
    "sp_acronym_open_compound",
    "sp_name_open_compound",
    "sp_fugen_s_hyphen",
    "sp_fugen_s_tag",
    "p_low_comma_genitive",
    "p_low_comma_apostrophe",
]


def _config(quotes: str = "german"):
    cfg = load_config(None)
    assert all(r in cfg.rules for r in QUOTE_RULES + HYPHEN_RULES)
    cfg = replace(cfg, quotes=quotes)
    return cfg


def found(text: str, rules: list[str], quotes: str = "german") -> list[tuple[str, str]]:
    """(rule, flagged text) of the selected rules on ``text`` under the given house style."""
    cfg = _config(quotes)
    cfg = replace(cfg, select=rules)
    return [(f.rule, f.match) for f in Engine(cfg).check(Document("<test>", text))]


def suggestions(text: str, rule: str, quotes: str = "german") -> list[list[str]]:
    cfg = _config(quotes)
    cfg = replace(cfg, select=[rule])
    return [f.suggestions for f in Engine(cfg).check(Document("<test>", text))]


# ---------------------------------------------------------------- guillemets and the house style
RUSSIAN_COPY = "Lukaschenko sagte, dass «alle angesprochenen Fragen geklärt sind», ohne Einzelheiten zu nennen."
BOOK_COPY = "Lukaschenko sagte, dass »alle angesprochenen Fragen geklärt sind«, ohne Einzelheiten zu nennen."
GERMAN_COPY = "Lukaschenko sagte, dass „alle angesprochenen Fragen geklärt sind“, ohne Einzelheiten zu nennen."


def test_russian_guillemets_are_a_warning_in_a_german_house():
    assert found(RUSSIAN_COPY, ["q_guillemets"]) == [("q_guillemets", "«"), ("q_guillemets", "»")]
    assert suggestions(RUSSIAN_COPY, "q_guillemets") == [["„"], ["“"]]


def test_swiss_house_writes_guillemets_that_point_outwards():
    assert found(RUSSIAN_COPY, QUOTE_RULES, quotes="swiss") == []
    # ... and »…« is the wrong way round there
    assert found(BOOK_COPY, ["q_guillemets"], quotes="swiss") == [("q_guillemets", "»"), ("q_guillemets", "«")]
    assert suggestions(BOOK_COPY, "q_guillemets", quotes="swiss") == [["«"], ["»"]]


def test_guillemets_house_writes_them_pointing_inwards():
    assert found(BOOK_COPY, QUOTE_RULES, quotes="guillemets") == []
    assert suggestions(RUSSIAN_COPY, "q_guillemets", quotes="guillemets") == [["»"], ["«"]]


def test_book_guillemets_in_a_german_house_are_info_only():
    cfg = _config()
    cfg = replace(cfg, select=["q_guillemets", "q_guillemets_house"])
    got = Engine(cfg).check(Document("<test>", BOOK_COPY))
    assert [(f.rule, f.severity.name) for f in got] == [("q_guillemets_house", "INFO")] * 2


def test_german_quotes_are_left_alone():
    assert found(GERMAN_COPY, QUOTE_RULES) == []
    assert found("„Wir kommen“, sagte er, „und wir bleiben.“ Dann ging er.", QUOTE_RULES) == []


def test_a_lone_guillemet_gets_an_unsafe_fix_and_a_pair_a_safe_one():
    cfg = _config()
    cfg = replace(cfg, select=["q_guillemets"])
    lone = Engine(cfg).check(
        Document("<test>", "«Wir haben mit Präsident Alijew vereinbart, dass es bald ein Treffen gibt.")
    )
    assert [(f.match, f.fix.safe) for f in lone] == [("«", False)]
    pair = Engine(cfg).check(Document("<test>", RUSSIAN_COPY))
    assert all(f.fix.safe for f in pair)


def test_guillemets_inside_a_quotation_become_single_marks():
    text = "„Sie nannten die Operation «Vergeltung»“, hieß es aus Baku."
    assert suggestions(text, "q_guillemets") == [["‚"], ["‘"]]


# ---------------------------------------------------------------- spaces, mixed marks, nesting, single quotes
def test_space_inside_quotation_marks():
    text = "im Rahmen der Initiative «Grünes Zentralasien », die"
    assert ("q_space_inside", " »") in found(text, ["q_space_inside"], quotes="swiss")
    assert found("Er sagte: „ Wir kommen.“", ["q_space_inside"]) == [("q_space_inside", "„ ")]
    # a „ that closes an upside-down English pair is not an opening mark followed by a space
    assert found("Sie nannte ihn “bedauerlich„ und ging.", ["q_space_inside"]) == []


def test_quotation_closed_with_another_kind_of_mark():
    text = '«Die Parteien bleiben diesen Vereinbarungen treu " - sagte er während der Sitzung.'
    got = found(text, ["q_guillemets", "q_mismatched"])
    assert ("q_guillemets", "«") in got and ("q_mismatched", '"') in got
    assert found("Er sagte: “Wir kommen.“", ["q_mismatched"]) == [("q_mismatched", "“")]
    # „…" is an autocorrect slip (q_straight's business), not a foreign convention
    assert found('„Ich kann das verstehen", sagte er.', ["q_mismatched"]) == []


def test_quote_inside_a_quote_needs_single_marks():
    text = "„Ich erzähle ihm von den „Wünschen“ des Gouverneurs der Region Primorje.“"
    assert found(text, ["q_nested"]) == [("q_nested", "„Wünschen“")]
    assert suggestions(text, "q_nested") == [["‚Wünschen‘"]]
    assert found("„Ich erzähle ihm von den ‚Wünschen‘ des Gouverneurs.“", ["q_nested"]) == []
    assert found("Er sprach von „Wünschen“ und „Forderungen“.", ["q_nested"]) == []


def test_straight_single_quotes_as_quotation_marks():
    assert found("Die Partnerschaft beruhe auf 'starkem Vertrauen'.", ["q_single_straight"]) == [
        ("q_single_straight", "'starkem Vertrauen'")
    ]
    assert suggestions("„Das Projekt 'Mittlerer Korridor' ist wichtig“, sagte er.", "q_single_straight") == [
        ["‚Mittlerer Korridor‘"]
    ]
    assert found("Wie geht's? Klaus' Auto steht vor McDonald's, so war's.", ["q_single_straight"]) == []
    assert found("Die Partnerschaft beruhe auf 'starkem Vertrauen'.", ["q_single_straight"], quotes="straight") == []


# Paragraphs of our own copy, each with a quotation a mode reports or one it must leave alone; the shortcut that
# pairs marks only in notable paragraphs must find exactly what pairing every paragraph finds.
MIXED_COPY = "\n".join(
    [
        '„Wir sind bereit“, sagte der Minister. "Die Gespräche laufen", fügte er hinzu.',
        "„Ich erzähle ihm von den „Wünschen“ des Gouverneurs.“ Danach „schwieg“ er.",
        '"Er sprach von „Reformen“ im Land", hieß es in Taschkent.',
        "Er sagte: „ Wir kommen.“ Und dann: „Gut .“",
        "Sie nannte ihn “bedauerlich„ und ging; er nannte es “fair“.",
        'Das Werk ist 12" breit, „sagte“ der Ingenieur, „und 30 cm tief“.',
        "Lukaschenko sagte, dass «alle Fragen geklärt sind», ohne Einzelheiten.",
        "Der Roman »Krieg und Frieden« erschien 1869, die „Neuausgabe“ 2020.",
        "„Der Zug fährt ab, und",
        "„wir steigen ein“, sagte sie.",
        "Die Partnerschaft beruhe auf 'starkem Vertrauen', hieß es im „Kommuniqué 'Zukunft' der Regierung“.",
        'Ein Welt"Wort und ein "Wort", ein „Wort"; dazu "alles“ und (»so«).',
    ]
)


@pytest.mark.parametrize("quotes", ["german", "guillemets", "swiss", "straight"])
def test_notable_paragraphs_find_what_pairing_every_paragraph_finds(monkeypatch, quotes):
    from tqcheck.checks import typography

    rules = [*QUOTE_RULES, "q_straight", "q_english", "q_unpaired"]
    shortcut = found(MIXED_COPY, rules, quotes)
    monkeypatch.setattr(typography, "_notable_paragraphs", lambda doc, ctx: list(range(len(doc.paragraphs))))
    assert found(MIXED_COPY, rules, quotes) == shortcut
    assert shortcut  # the copy gives every mode something to look at


def test_clean_german_and_straight_quotations_are_not_notable():
    from tqcheck.checks import typography
    from tqcheck.checks.analysis import DocumentAnalysis

    def notable(text: str) -> list[int]:
        doc = Document("<test>", text)
        return typography._notable_paragraphs(doc, DocumentAnalysis(doc, _config()))

    assert notable('„Wir sind bereit“, sagte er. "Gut", sagte sie. Das Rohr misst 12".') == []
    assert notable("„Der Zug fährt ab, und\n„wir steigen ein“, sagte sie.") == []  # re-opened in each paragraph
    assert notable("Er sprach.\n„Ich erzähle von den „Wünschen“ des Gouverneurs.“") == [1]  # nested
    assert notable("Er sagte: „ Wir kommen.“") == [0]  # a space inside
    assert notable("Er sagte: “Wir kommen.“") == [0]  # a “ that opens
    assert notable("Er sagte, dass «alle Fragen geklärt sind».") == [0]  # guillemets


def test_low_single_mark_for_an_apostrophe():
    assert found("Putin‚s Sprecher Peskow äußerte sich.", HYPHEN_RULES) == [("p_low_comma_genitive", "Putin‚s")]
    assert suggestions("Putin‚s Sprecher", "p_low_comma_genitive") == [["Putins"]]
    assert found("Wie geht‚s weiter?", HYPHEN_RULES) == [("p_low_comma_apostrophe", "geht‚s")]
    assert found("Er nannte es ‚stabil‘, sagte er.", HYPHEN_RULES) == []


# ---------------------------------------------------------------- hyphens
@pytest.mark.parametrize(
    "text",
    [
        "Die Ein- und Ausfuhr stieg im Mai.",
        "Die Export- sowie Importzahlen sanken.",
        "Die Staats- bzw. Regierungschefs trafen sich in Astana.",
        "Vor- oder Nachteile sieht die Regierung nicht.",
        "Klima-, Energie- und Verkehrspolitik",
        "weder Import- noch Exportquoten",
        "Sicherheitsrichtlinien und -regeln",
        "Die Temperatur fiel auf -5 Grad.",
        "Die Lage – so der Minister – sei stabil.",
        "Das Treffen im Format Zentralasien-EU fand in Astana statt.",
    ],
)
def test_legitimate_hyphens_are_quiet(text):
    assert found(text, HYPHEN_RULES) == []


@pytest.mark.parametrize(
    ("text", "rule", "match"),
    [
        ("Der Rücktritt des Amts- Trägers kam überraschend.", "sp_hyphen_space_compound", "- "),
        ("meldete die Nachrichten- Agentur Kazinform", "sp_hyphen_space_compound", "- "),
        ("das Gipfeltreffen Zentralasien -EU in Samarkand", "sp_space_before_hyphen", " -"),
        ("Der Kreml -Kopf versicherte das.", "sp_space_before_hyphen", " -"),
        ("eine Invasion der Belarus -Armee", "sp_space_before_hyphen", " -"),
        ("Die Staats -und Regierungschefs trafen sich.", "sp_space_hyphen_conj", " -"),
        ("die Vereinigten Arabischen Emirate(VAE) und Ägypten", "p_missing_space_before_paren", "e("),
    ],
)
def test_misplaced_spaces_at_hyphens(text, rule, match):
    assert (rule, match) in found(text, HYPHEN_RULES)


def test_dateline_hyphen_is_not_taken_for_a_compound():
    assert found("Moskau- Die Regierung teilte mit, dass", ["sp_hyphen_space_compound"]) == []


# ---------------------------------------------------------------- compounds with names and abbreviations
@pytest.mark.parametrize(
    ("text", "match", "fix"),
    [
        ("Der Preis stieg auf 80 US Dollar je Barrel.", "US Dollar", "US-Dollar"),
        ("Der EU Kommissar reiste nach Astana.", "EU Kommissar", "EU-Kommissar"),
        ("berichtete der Akorda Pressedienst am Montag", "der Akorda Pressedienst", "der Akorda-Pressedienst"),
        ("Der Dubai Herrscher empfing die Delegation.", "Der Dubai Herrscher", "Der Dubai-Herrscher"),
        (
            "dass auch das XI. Globale Baku Forum erfolgreich sein werde",
            "das XI. Globale Baku Forum",
            "das XI. Globale Baku-Forum",
        ),
        ("Eine Bundestag-Delegation reiste nach Baku.", "Bundestag-Delegation", "Bundestags-Delegation"),
        ("Die Bundestagdelegation reiste nach Baku.", "Bundestagdelegation", "Bundestagsdelegation"),
    ],
)
def test_open_compounds_with_names(text, match, fix):
    cfg = _config()
    cfg = replace(cfg, select=HYPHEN_RULES)
    got = {f.match: f.suggestions for f in Engine(cfg).check(Document("<test>", text))}
    assert match in got, got
    assert got[match][0] == fix


@pytest.mark.parametrize(
    "text",
    [
        "weil Kasachstan Abkommen mit Usbekistan unterzeichnete",
        "Kasachstan lädt im Mai zum Astana International Forum ein.",
        "dass die Türkei Truppen entsendet",
        "Am nächsten Tag entsandten die Staaten am Golf Vertreter nach Doha.",
        "Er besuchte das Natural History Museum in London.",
        "Um in der EU Kommissar zu werden, braucht man Rückhalt.",
        "Sie gewann die US Open im Vorjahr.",
        "Ob die Nato Soldaten entsendet, blieb unklar.",
        "Der Montag-Termin fiel aus.",
        "Das Baku-Forum und das Nizami-Ganjavi-Zentrum luden ein.",
    ],
)
def test_legitimate_sequences_of_names_and_nouns_are_quiet(text):
    assert found(text, HYPHEN_RULES) == []
