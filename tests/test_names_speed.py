"""The name index's speed structures give the answers of the plain ways they replace (tqcheck/checks/names.py).

- the diacritic pairs and exonym sets are located in the index's one pass, not a second pass per document;
- an exonym table judges a word by one lookup of its casefolded form, as the ending-by-ending search did;
- what the configuration's rules will ask for is worked out once per configuration, kept on it.
"""

from __future__ import annotations

import pytest

from tqcheck.checks import nameindex, names
from tqcheck.checks.analysis import DocumentAnalysis, RunAnalysis
from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

ARTICLE = (
    "ANKARA – Präsident Recep Tayyip Erdoğan hat am Montag in Ankara die neue Regierung vorgestellt.\n"
    "Erdogan sagte, die Türkei werde ihre Beziehungen zu Weißrussland ausbauen.\n"
    "Der Außenminister von Belarus wird im Mai erwartet; belarussische Diplomaten bestätigten den Termin.\n"
    "Erdoğans Sprecher nannte das Treffen mit der weißrussischen Delegation wichtig.\n"
)


def _reference_lookup(table: names._ExonymTable, word: str) -> tuple[tuple[int, int, int], str] | None:
    """The ending-by-ending search the forms table replaces."""
    f = word.casefold()
    for end in table._ENDINGS:
        if end and not f.endswith(end):
            continue
        hit = table._stem.get(f[: len(f) - len(end)] if end else f)
        if hit is not None:
            return hit, word[len(word) - len(end) :] if end else ""
    return None


@pytest.fixture(scope="module")
def config():
    return load_config(None)


def _pack_table(config) -> names._ExonymTable:
    return names._ExonymTable(config.rules["name_variants"].params.get("exonyms", []))


def test_forms_table_answers_as_the_ending_search(config) -> None:
    table = _pack_table(config)
    words = ["Weißrussland", "Weißrusslands", "weißrussischen", "Belarus", "belarussischer", "Kirgisistans", "Katar"]
    words += ["WEISSRUSSLAND", "Weissrusslandes", "Kiew", "Kyiv", "Kiewer", "Berlin", "Handel", "Bel", "Kirgisien"]
    for spelling in table._stem:
        for end in table._ENDINGS:
            words += [spelling + end, (spelling + end).capitalize()]
    for w in words:
        got = table._forms.get(w.casefold())
        want = _reference_lookup(table, w)
        assert (None if got is None else (got[0], w[len(w) - got[1] :] if got[1] else "")) == want, w


def test_exonym_and_diacritic_words_are_located_in_the_one_pass(config, monkeypatch) -> None:
    calls: list[int] = []
    locate = nameindex._locate_words

    def counting(text, words, doc=None, ctx=None):  # noqa: ANN001, ANN202
        calls.append(len(words))
        return locate(text, words, doc, ctx)

    monkeypatch.setattr(nameindex, "_locate_words", counting)
    doc = Document("a.txt", ARTICLE)
    findings = Engine(config).check(doc)
    flagged = {ARTICLE[f.start : f.end] for f in findings if f.rule == "name_variants"}
    assert {"Erdoğan", "Erdogan", "Weißrussland", "Belarus"} <= flagged
    assert len(calls) == 1


def test_groups_found_by_the_index_are_those_the_table_finds(config) -> None:
    doc = Document("a.txt", ARTICLE)
    ctx = DocumentAnalysis(doc, config)
    index = ctx.name_index
    table = _pack_table(config)
    key = names._exonym_key(config.rules["name_variants"].params)
    assert [g.suggest for g in index.exonym_groups[key]] == [g.suggest for g in table.groups(index.types)]
    assert [g.suggest for g in index.diacritic_groups] == [g.suggest for g in names._diacritic_groups(index.types)]
    assert any("Erdogan" in g.suggest for g in index.diacritic_groups)


def test_prefetch_is_kept_per_configuration(config) -> None:
    run = RunAnalysis(config)
    first = run.name_prefetch
    assert run.name_prefetch is first
    doc = Document("a.txt", ARTICLE)
    assert DocumentAnalysis(doc, run).run.name_prefetch is first  # every document of the run shares it
    other = RunAnalysis(load_config(None))
    assert other.name_prefetch is not first
    assert other.name_prefetch.translit_words == first.translit_words


def test_a_check_with_other_exonyms_than_the_configuration_finds_its_own(config) -> None:
    """A rule built with groups the configuration does not hold (API use) still reports its sets."""
    spec = config.rules["name_variants"]
    from dataclasses import replace

    custom = replace(spec, params={**spec.params, "exonyms": ["Tiflis = Tbilissi"]})
    check = names.NameVariantsCheck(custom, config)
    text = "In Tiflis begann am Montag der Gipfel. Die Delegation reiste am Abend aus Tbilissi ab.\n"
    doc = Document("b.txt", text)
    found = {text[f.start : f.end] for f in check.run(doc, DocumentAnalysis(doc, config))}
    assert found == {"Tiflis", "Tbilissi"}
