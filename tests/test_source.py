"""Source-aware rules (issue 4): alignment, numbers, names, copies, omissions, pairing.

The rules are part of the default pack (rules.yaml); the tests load it through an empty project rules.yaml,
as a user's run would.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tqcheck.align import align, align_lengths
from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine
from tqcheck.model import Severity

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "pairs"


@pytest.fixture(scope="module")
def engine(rules_file) -> Engine:
    cfg = load_config(rules_file)
    cfg = replace(cfg, select=["src_"])
    return Engine(cfg)


def run(engine: Engine, src: str, tgt: str, rule: str | None = None):
    findings = engine.check(Document("article.de.txt", tgt), source=Document("article.en.txt", src))
    return [f for f in findings if rule is None or f.rule == rule]


# ------------------------------------------------------------------ numbers: correct conversions stay silent

SILENT = [
    ("The company will cut 5,000 jobs.", "Das Unternehmen streicht 5.000 Stellen."),
    ("The deposits are worth $46 billion.", "Die Vorkommen sind 46 Milliarden US-Dollar wert."),
    ("The deposits are worth $46 billion.", "Die Vorkommen sind 46 Mrd. Dollar wert."),
    ("Prices rose 2.5 percent in March.", "Die Preise stiegen im März um 2,5 Prozent."),
    ("Prices rose 2.5% in March.", "Die Preise stiegen im März um 2,5 %."),
    ("The emir arrived on April 16.", "Der Emir traf am 16. April ein."),
    ("Global debt reached $300 trillion.", "Die weltweiten Schulden erreichten 300 Billionen US-Dollar."),
    ("About 1.5 million people live there.", "Dort leben etwa 1,5 Millionen Menschen."),
    (
        "Twelve companies signed, police said at 8 p.m.",
        "Zwölf Unternehmen unterzeichneten, teilte die Polizei um 20 Uhr mit.",
    ),
    ("Three ministers and 12 advisers attended.", "Drei Minister und zwölf Berater nahmen teil."),
    ("Damages of between £3million and £8million.", "Schadenersatz von 3 bis 8 Millionen Pfund."),
    ("The tower is 161 feet tall.", "Der Turm ist 49 Meter hoch."),
    ("Cases approached 14 lakh.", "Die Zahl der Fälle näherte sich 1,4 Millionen."),
    ("It was the 1960s after 9/11 and COVID-19.", "Es waren die sechziger Jahre nach dem 11. September und Corona."),
    ("In 2018, according to its 2018 results.", "Im Jahr 2018, laut den Ergebnissen."),
]


@pytest.mark.parametrize("src,tgt", SILENT)
def test_correct_conversions_are_silent(engine, src, tgt):
    assert [f.message for f in run(engine, src, tgt) if f.severity > Severity.INFO] == []


def test_billion_rendered_as_billionen_is_an_error(engine):
    found = run(engine, "The deposits are worth $46 billion.", "Die Vorkommen sind 46 Billionen US-Dollar wert.")
    mag = [f for f in found if f.rule == "src_magnitude"]
    assert len(mag) == 1 and mag[0].severity == Severity.ERROR
    assert mag[0].match == "46 Billionen"
    assert mag[0].extra["source"]["text"] == "$46 billion"
    assert "$46 billion" in mag[0].message
    assert not [f for f in found if f.rule == "src_numbers"]  # one finding, not also "changed"


def test_trillion_rendered_as_billionen_is_silent(engine):
    assert (
        run(engine, "Global debt hit $300 trillion.", "Die weltweiten Schulden erreichten 300 Billionen Dollar.") == []
    )


def test_dropped_number_reports_both_positions(engine):
    src = "Headline here\nThe company said it would cut 5,000 jobs by 2023.\n"
    tgt = "Überschrift hier\nDas Unternehmen kündigte an, bis 2023 Stellen abzubauen.\n"
    found = run(engine, src, tgt, "src_numbers")
    assert len(found) == 1
    f = found[0]
    assert f.line == 2 and f.column == 1  # the aligned target sentence
    assert f.extra["source"] == {
        "file": "article.en.txt",
        "line": 2,
        "column": 31,
        "end_line": 2,
        "end_column": 36,
        "text": "5,000",
    }
    assert "5,000" in f.message and f.severity == Severity.ERROR


def test_changed_number(engine):
    found = run(engine, "Police said 12 people were injured.", "Die Polizei sagte, 21 Menschen seien verletzt worden.")
    assert [(f.rule, f.match, f.extra["number_issue"]) for f in found] == [("src_numbers", "21", "changed")]
    assert "12" in found[0].message


def test_extra_number_is_info(engine):
    found = run(engine, "Police said people were injured.", "Die Polizei sagte, 30 Menschen seien verletzt worden.")
    assert [(f.match, f.severity) for f in found] == [("30", Severity.INFO)]


def test_number_moved_to_neighbouring_sentence_is_not_missing(engine):
    src = "The minister arrived on Monday. He signed 14 agreements worth $2 billion."
    tgt = "Der Minister traf am Montag ein und unterzeichnete 14 Abkommen. Sie sind 2 Milliarden Dollar wert."
    assert [f for f in run(engine, src, tgt) if f.severity > Severity.INFO] == []


# ------------------------------------------------------------------ names


def test_house_transliteration_is_silent_and_near_miss_is_flagged(engine):
    src = "President Kassym-Jomart Tokayev met the emir on Monday."
    assert run(engine, src, "Präsident Kassym-Jomart Tokajew traf am Montag den Emir.", "src_names") == []
    assert run(engine, src, "Präsident Kassym-Jomart Tokayev traf am Montag den Emir.", "src_names") == []
    found = run(engine, src, "Präsident Kassym-Jomart Tokajev traf am Montag den Emir.", "src_names")
    assert [f.match for f in found] == ["Tokajev"]
    assert "Tokayev" in found[0].message and "Tokajew" in found[0].message
    assert found[0].extra["source"]["text"] == "Tokayev"


def test_names_precision_guards(engine):
    # established German spellings, accents dropped, derived forms, a deliberate German transliteration
    pairs = [
        ("Talks were held in Tehran on Monday.", "Die Gespräche fanden am Montag in Teheran statt."),
        ("He met Joao Lourenço in Luanda.", "Er traf Joao Lourenco in Luanda."),
        ("The protests by Angolans continued.", "Die Proteste von Angolanern gingen weiter."),
        ("The attack happened in Baluchistan province.", "Der Anschlag ereignete sich in der Provinz Belutschistan."),
    ]
    for src, tgt in pairs:
        assert run(engine, src, tgt, "src_names") == [], tgt


def test_translit_map_from_config_is_used(rules_file):
    cfg = load_config(rules_file)
    cfg = replace(cfg, select=["src_names"])
    cfg.rules["name_translit"].params["map"]["Zelensky"] = "Selenskyj"
    eng = Engine(cfg)
    src = "On Friday President Zelensky spoke."
    assert run(eng, src, "Am Freitag sprach Präsident Selenskyj.", "src_names") == []
    assert [f.match for f in run(eng, src, "Am Freitag sprach Präsident Selenskyi.", "src_names")] == ["Selenskyi"]


# ------------------------------------------------------------------ names at the same place (issue 14)

WRONG_NAME_AT_PLACE = [
    # after the same first name
    ("On Monday deputy minister Aigerim Sarsenova opened the plant.", "Am Montag eröffnete Vizeministerin Aigerim Tulegenowa das Werk.", "Tulegenowa"),
    # after the same title, the first name dropped
    ("Later Governor Baktybek Omurzakov visited the dam.", "Später besuchte Gouverneur Dschumabajew den Staudamm.", "Dschumabajew"),
    # before the same surname: a wrong first name
    ("The report was signed by Nurlan Abdrakhmanov on Friday.", "Den Bericht unterzeichnete am Freitag Yerbol Abdrachmanow.", "Yerbol"),
    # first letters agree but the spellings are too far apart for the near-miss test
    ("On Tuesday Annegret Kallweit arrived in Baku.", "Am Dienstag traf Annegret Kellerbach in Baku ein.", "Kellerbach"),
]  # fmt: skip


@pytest.mark.parametrize("src,tgt,wrong", WRONG_NAME_AT_PLACE)
def test_another_name_at_the_names_place_is_flagged(engine, src, tgt, wrong):
    found = run(engine, src, tgt, "src_names")
    assert [f.match for f in found] == [wrong]
    assert found[0].severity == Severity.WARNING and found[0].extra.get("name_place") is True


def test_name_at_place_reports_the_source_name(engine):
    src = "On Monday deputy minister Aigerim Sarsenova opened the plant."
    found = run(engine, src, "Am Montag eröffnete Vizeministerin Aigerim Tulegenowa das Werk.", "src_names")
    assert "Sarsenova" in found[0].message and found[0].extra["source"]["text"] == "Sarsenova"


NAME_AT_PLACE_SILENT = [
    # German transliterations the y/zh/kh tables do not produce: j → sch/dsch, v → w, y → i, kh → ch
    ("On Monday Sadyr Japarov met the emir.", "Am Montag traf Sadyr Schaparow den Emir."),
    ("On Monday President Sadyr Japarov met the emir.", "Am Montag traf Präsident Sadyr Dschaparow den Emir."),
    ("The governor, Vasily Anokhin, spoke.", "Der Gouverneur Wassili Anochin sprach."),
    ("Later Prime Minister Irakli Kobakhidze spoke.", "Später sprach Ministerpräsident Irakli Kobachidse."),
    # two people with one first name, in the other order
    ("Later Aigerim Sarsenova and Aigerim Tulegenova spoke.", "Später sprachen Aigerim Tulegenowa und Aigerim Sarsenowa."),
    # the name inflected, or given in full where the source has the title only
    ("Later Aigerim Sarsenova spoke.", "Später sprach Aigerim Sarsenovas Stellvertreterin."),
    ("Yesterday President Tokayev spoke.", "Gestern sprach Präsident Kassym-Schomart Tokajew."),
    # a common word after the first name (the name itself dropped): not a name at all
    ("On Monday Aigerim Sarsenova said the plant would open.", "Am Montag sagte Aigerim, das Werk werde eröffnet."),
    # a vowel variant (same consonants), and a rank followed by initials
    ("They said Seljuk Turkic rulers built the fort.", "Sie sagten, Seldschuk-türkische Herrscher hätten die Festung gebaut."),
    ("Later the Ottoman Sultan Suleiman spoke.", "Später sprach der osmanische Sultan Süleyman."),
    ("Air Vice Marshal KT Menon and Navy Chief Admiral Anil Kumar attended.", "Der Vizechef des Luftwaffenstabs KT Menon und Admiral Anil Kumar nahmen teil."),
    # the same title before another person's name in the same sentence
    ("President Erdogan received President Ilham Aliyev.", "Präsident Erdogan empfing Präsident Ilham Alijew."),
]  # fmt: skip


@pytest.mark.parametrize("src,tgt", NAME_AT_PLACE_SILENT)
def test_spellings_and_other_names_at_the_place_are_silent(engine, src, tgt):
    assert run(engine, src, tgt, "src_names") == [], tgt


# ------------------------------------------------------------------ dates across the pair (issue 14)

WRONG_MONTH = [
    ("The talks took place on January 4.", "Die Gespräche fanden am 4. Dezember statt.", "4. Dezember", "January 4"),
    ("The talks took place on 4 January 2024.", "Die Gespräche fanden am 4. März 2024 statt.", "4. März 2024", "4 January 2024"),
    ("The talks took place on the 4th of June.", "Die Gespräche fanden am 4 Juli statt.", "4 Juli", "4th of June"),
    ("The law was passed in March 2021.", "Das Gesetz wurde im Mai 2021 verabschiedet.", "Mai 2021", "March 2021"),
    ("The law was passed on Sept. 12.", "Das Gesetz wurde am 12.10. verabschiedet.", "12.10.", "Sept. 12"),
]  # fmt: skip


@pytest.mark.parametrize("src,tgt,match,src_text", WRONG_MONTH)
def test_wrong_month_is_a_date_error(engine, src, tgt, match, src_text):
    found = run(engine, src, tgt, "src_numbers")
    assert [(f.match, f.extra["number_issue"]) for f in found] == [(match, "date")]
    assert found[0].severity == Severity.ERROR and found[0].extra["source"]["text"] == src_text
    assert "anderer Monat" in found[0].message


def test_date_in_the_neighbouring_sentence(engine):
    src = "Baku, July 9\nThe presidents met in Istanbul and dined together."
    tgt = "Am 9. Juni trafen sich die Präsidenten in Istanbul und aßen gemeinsam zu Abend."
    assert [f.match for f in run(engine, src, tgt, "src_numbers") if f.severity > Severity.INFO] == ["9. Juni"]


DATES_SILENT = [
    ("The talks took place on January 4.", "Die Gespräche fanden am 4. Januar statt."),
    ("The talks took place on Jan. 4, 2024.", "Die Gespräche fanden am 04.01.2024 statt."),
    ("It ran from December 28 to January 4.", "Es lief vom 28. Dezember bis zum 4. Januar."),
    ("It was signed on January 4 and ratified on December 4.", "Es wurde am 4. Januar unterzeichnet und am 4. Dezember ratifiziert."),
    # a different day as well: a different date, left to the number check
    ("The talks took place on January 4.", "Die Gespräche fanden am 4. Januar und am 7. März statt."),
    # a page stamp the translation drops or rewrites
    ("2024-03-13 10:45\nThe minister arrived on Wednesday.", "Der Minister traf am Mittwoch ein."),
    ("2024-03-13\nThe minister arrived on Wednesday.", "13. März 2024\nDer Minister traf am Mittwoch ein."),
    # the verbs may and march are no months
    ("Prices may rise 4 percent.", "Die Preise könnten im Juni um 4 Prozent steigen."),
]  # fmt: skip


@pytest.mark.parametrize("src,tgt", DATES_SILENT)
def test_dates_rendered_right_are_silent(engine, src, tgt):
    assert [f.message for f in run(engine, src, tgt, "src_numbers") if f.severity > Severity.INFO] == [], tgt


def test_rendered_stamp_with_another_month_is_flagged(engine):
    found = run(engine, "2024-03-13\nThe minister arrived.", "13. Mai 2024\nDer Minister traf ein.", "src_numbers")
    assert [(f.match, f.extra["number_issue"]) for f in found] == [("13. Mai 2024", "date")]


# ------------------------------------------------------------------ copy, omission, length


def test_copied_english_sentence_is_flagged(engine):
    src = "The minister arrived on Monday. He said the talks had been very productive."
    tgt = "Der Minister traf am Montag ein. He said the talks had been very productive."
    found = run(engine, src, tgt, "src_copy")
    assert len(found) == 1 and found[0].match == "He said the talks had been very productive."
    assert found[0].extra["chrf"] >= 70 and found[0].extra["source"]["column"] == 33


def test_names_only_line_is_not_a_copy(engine):
    line = "Kassym-Jomart Tokayev, Mukhtar Tileuberdi, Astana, Kuwait City"
    assert run(engine, line, line, "src_copy") == []


def test_omitted_sentence(engine):
    src = (
        "The minister arrived in Kuwait on Monday. He held talks with the emir about investment in mining and "
        "energy projects. He left on Tuesday."
    )
    tgt = "Der Minister traf am Montag in Kuwait ein. Er reiste am Dienstag ab."
    found = run(engine, src, tgt, "src_omission")
    assert len(found) == 1
    assert found[0].extra["source"]["text"].startswith("He held talks")
    assert "He held talks" in found[0].message


def test_length_ratio(engine):
    src = "The minister, who arrived on Monday with a large delegation of business leaders, held talks with the emir."
    assert [f.rule for f in run(engine, src, "Der Minister führte Gespräche.", "src_length_ratio")] == [
        "src_length_ratio"
    ]


def test_rule_examples_pass(rules_file):
    from tqcheck.examples import check_examples

    cfg = load_config(rules_file)
    ids = [rid for rid in cfg.rules if rid.startswith(("src_", "ref_"))]
    assert len(ids) >= 6
    for rid in ids:
        assert check_examples(cfg.rules[rid], cfg) == []


# ------------------------------------------------------------------ alignment


def test_gale_church_beads():
    # 1-1, 2-1 (two short source sentences merged), 1-1, 1-2 (one split); 1-0 is in test_omitted_sentence
    beads = align_lengths([40, 30, 35, 120, 200], [45, 72, 135, 110, 115], ratio=1.1)
    assert beads == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3, 4))]
    assert align_lengths([50, 300, 40], [55, 45], ratio=1.1) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_alignment_pairs_paragraphs_then_sentences():
    src = Document("s", "Title\nOne short. Two short ones here.\nThird paragraph is here.\n")
    tgt = Document("t", "Titel\nEins kurz und zwei kurze hier.\nDer dritte Absatz steht hier.\n")
    al = align(src, tgt)
    assert [(b.src, b.tgt) for b in al.beads] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_alignment_is_banded_not_quadratic():
    para = "The minister arrived on Monday. He held talks with the emir. They signed 14 agreements."
    de = "Der Minister traf am Montag ein. Er führte Gespräche mit dem Emir. Sie unterzeichneten 14 Abkommen."
    n = 3000
    src = Document("s", "\n".join([para] * n))
    tgt = Document("t", "\n".join([de] * (n - 3)))  # different line counts: the paragraph DP runs too
    al = align(src, tgt)
    assert sum(len(b.src) for b in al.beads) == len(src.sentences)
    # the work is counted, not timed: a banded DP fills O(n·band) cells, a full table n·m
    src_lens = [len(para)] * (3 * n)
    tgt_lens = [len(de)] * (3 * n - 9)
    stats: dict = {}
    align_lengths(src_lens, tgt_lens, ratio=1.1, stats=stats)
    assert stats["cells"] < 0.01 * len(src_lens) * len(tgt_lens)


# ------------------------------------------------------------------ pairing and laziness


def test_pairing_convention_and_partner_files_not_checked(rules_file, tmp_path):
    from tqcheck.runner import Options, resolve_config, run_checks

    for name in ("kuwait.de.txt", "kuwait.en.txt", "kuwait.ref.txt"):
        (tmp_path / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "kuwait.de.txt").write_text(
        (FIXTURES / "kuwait.de.txt").read_text(encoding="utf-8").replace("46 Milliarden", "46 Billionen"),
        encoding="utf-8",
    )
    opts = Options(paths=[str(tmp_path)], config_path=str(rules_file), jobs=1)
    results = run_checks(resolve_config(opts), opts)
    assert [Path(r.path).name for r in results] == ["kuwait.de.txt"]
    assert [f.rule for f in results[0].findings if f.rule.startswith("src_")] == ["src_magnitude"]
    assert results[0].scores and {"bleu", "chrf", "ter", "signature", "weakest"} <= set(results[0].scores)


def test_source_dir_pairing(rules_file, tmp_path):
    from tqcheck.runner import Options, check_one, resolve_config

    (tmp_path / "de").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "de" / "a.txt").write_text("Die Polizei sagte, 21 Menschen seien verletzt worden.\n", encoding="utf-8")
    (tmp_path / "en" / "a.txt").write_text("Police said 12 people were injured.\n", encoding="utf-8")
    opts = Options(config_path=str(rules_file), source_dir=str(tmp_path / "en"))
    cfg = resolve_config(opts)
    res = check_one(Engine(cfg), str(tmp_path / "de" / "a.txt"), opts)
    assert any(f.rule == "src_numbers" and f.match == "21" for f in res.findings)


def test_source_rules_do_not_import_sacrebleu_without_copy_rule(rules_file):
    code = (
        "import dataclasses, sys, yaml\n"
        "from tqcheck.config import load_config\n"
        "from tqcheck.engine import Engine\n"
        "from tqcheck.document import Document\n"
        f"cfg = dataclasses.replace(load_config({str(rules_file)!r}), select=['src_numbers', 'src_names', 'src_omission'])\n"
        "Engine(cfg).check(Document('t', 'Es sind 5.000.'), source=Document('s', 'It is 5,000.'))\n"
        "assert 'sacrebleu' not in sys.modules, 'sacrebleu imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_source_span_in_json_and_sarif(tmp_path):
    """Both positions reach the machine formats: JSON ``source`` and SARIF ``relatedLocations``."""
    import json

    import jsonschema

    src = tmp_path / "a.en.txt"
    tgt = tmp_path / "a.de.txt"
    src.write_text("Sales rose 12 percent last year, the company said.\n", encoding="utf-8")
    tgt.write_text(
        "Der Umsatz stieg im vergangenen Jahr um 21 Prozent, teilte das Unternehmen mit.\n", encoding="utf-8"
    )
    out = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", str(tgt), "--no-config", "-f", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    data = json.loads(out.stdout)
    changed = [f for f in data["findings"] if f["rule"] == "src_numbers"]
    assert changed and changed[0]["source"]["text"] == "12" and changed[0]["source"]["line"] == 1
    sarif = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", str(tgt), "--no-config", "-f", "sarif"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    doc = json.loads(sarif.stdout)
    schema = json.loads((ROOT / "tests" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    related = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "src_numbers"][0]["relatedLocations"]
    assert related[0]["physicalLocation"]["region"]["snippet"]["text"] == "12"
