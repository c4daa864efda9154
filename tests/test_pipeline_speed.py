"""The pipeline's speed structures answer as the plain ways they replace: sentence and paragraph passes over the
paragraph texts, the one-file sort key, merging findings on one span by neighbours, and dropping duplicates."""

from __future__ import annotations

import random

from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import PLACE_KEY, SORT_KEY, Engine, place
from tqcheck.model import Finding, Fix, Severity
from tqcheck.report import _merge_by_count, merge_same_place
from tqcheck.segment import CLOSING, SENTENCE_END, split_sentences

from .conftest import FIXTURES

ARTICLE = (FIXTURES / "article-kuwait.txt").read_text(encoding="utf-8")

# Our own lines, each an edge of sentence and paragraph structure: ordinals and abbreviations inside, quotations
# and brackets closing a paragraph, punctuation only at the end, several sentences, odd whitespace inside a line.
OWN = """Am 16. April traf Dr. Müller den Minister.
„Wir kommen wieder“, sagte er.
Er fragte: „Warum?“
Die Sitzung endet.“ Dann ging er.
Sie kam (spät).
  Eingerückt und mit Leerzeichen am Ende.\t

Zwei Sätze. Hier der zweite!
Ohne Punkt am Ende
…
Zeile\u2028mit Trenner. Und mehr.
Ein Wort\x0bmit vertikalem Tab.
"""


def _sentences_by_marks(doc: Document) -> list[tuple[int, int]]:
    """Sentences as found before the paragraph-text passes: each paragraph whose first punctuation mark lies
    before its closing run is split; the others are one sentence."""
    text = doc.text
    closers = set(SENTENCE_END + CLOSING)
    out: list[tuple[int, int]] = []
    for s, e in doc.paragraphs:
        tail = e
        while tail > s and text[tail - 1] in closers:
            tail -= 1
        if any(text.find(mark, s, tail) >= 0 for mark in SENTENCE_END):
            out.extend(split_sentences(text, s, e))
        else:
            out.append((s, e))
    return out


def _texts() -> list[str]:
    rnd = random.Random(15)
    alphabet = "ab Ä.!?…\"'”“»«’)]\n\r \u2028\x0b„Dr 16 Mai"
    noise = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80))) for _ in range(400)]
    return [ARTICLE, OWN, OWN.replace("\n", "\r\n"), ARTICLE.replace("\n", "\r"), "", "\n\n", *noise]


def test_sentences_are_those_of_the_punctuation_test_per_paragraph() -> None:
    for text in _texts():
        doc = Document("<t>", text)
        assert doc.sentences == _sentences_by_marks(doc), repr(text[:60])
    own = Document("<t>", OWN)
    got = [OWN[s:e] for s, e in own.sentences]
    assert "Am 16. April traf Dr. Müller den Minister." in got  # ordinal and title inside: one sentence
    assert "Zwei Sätze." in got and "Hier der zweite!" in got
    assert "Ohne Punkt am Ende" in got


def test_paragraph_texts_and_tokens_are_the_paragraphs_sliced_and_split() -> None:
    for text in _texts():
        doc = Document("<t>", text)
        spans = doc.paragraphs
        assert doc._paragraph_texts == [text[s:e] for s, e in spans]
        assert all(t == t.strip() and t for t in doc._paragraph_texts)
        assert doc.paragraph_tokens == [text[s:e].split() for s, e in spans]
        assert list(doc.token_types) == list(dict.fromkeys(text.split()))
    own = Document("<t>", OWN)
    assert own._paragraph_texts[5] == "Eingerückt und mit Leerzeichen am Ende."
    assert own.paragraph_tokens[0][:3] == ["Am", "16.", "April"]


def _finding(rule: str, start: int, end: int, *, severity: Severity = Severity.INFO, **kw) -> Finding:
    return Finding(
        rule=rule, severity=severity, category="Other", message=f"{rule} {start}", start=start, end=end, **kw
    )


def _shared_spans() -> list[Finding]:
    """Findings on the article's words, several rules on some spans (the tool's own and empty ones among them)."""
    rnd = random.Random(6)
    out = []
    for i in range(300):
        start = rnd.randrange(0, 400, 4)
        end = start + rnd.choice([0, 3, 3, 5])
        rule = rnd.choice(["name_variants", "case_allcaps_name", "untr_sentence", "q_english", "tq_rule_failed"])
        sev = rnd.choice(list(Severity))
        fix = Fix(start, end, "x", safe=rnd.random() < 0.5) if rnd.random() < 0.3 else None
        extra = {"entity": i} if rnd.random() < 0.3 else {}
        out.append(_finding(rule, start, end, severity=sev, fix=fix, extra=extra, suggestions=["y"] * (i % 2)))
        out[-1].message += f" #{i}"
    return out


def _outcome(findings: list[Finding]) -> list[tuple]:
    return [(f.message, tuple(f.extra.get("related", ()))) for f in findings]


def test_merging_sorted_findings_by_neighbours_equals_counting_every_span() -> None:
    order = {"case_allcaps_name": 0, "name_variants": 1, "q_english": 2, "untr_sentence": 3}
    made = _shared_spans()
    a = sorted(made, key=PLACE_KEY)
    b = sorted(_shared_spans(), key=PLACE_KEY)
    by_neighbours = merge_same_place(a, order)
    by_count = _merge_by_count(b, [(f.start, f.end) for f in b], order)
    assert _outcome(by_neighbours) == _outcome(by_count)
    assert len(by_neighbours) < len(a)  # some were merged
    assert any(f.extra.get("related") for f in by_neighbours)
    assert all(f.rule != "tq_rule_failed" or "related" not in f.extra for f in by_neighbours)
    spans = [(f.start, f.end) for f in by_neighbours if f.end > f.start and not f.rule.startswith("tq_")]
    assert len(spans) == len(set(spans))  # one finding per place
    shuffled = _shared_spans()
    random.Random(3).shuffle(shuffled)  # not sorted: counted, as the count of every span merges them
    copy = _shared_spans()
    random.Random(3).shuffle(copy)
    merged = merge_same_place(shuffled, order)
    assert _outcome(merged) == _outcome(_merge_by_count(copy, [(f.start, f.end) for f in copy], order))
    assert len(merged) == len(by_neighbours)


def test_one_file_sort_key_orders_as_the_full_key() -> None:
    doc = Document("dir/a.txt", ARTICLE)
    findings = Engine(load_config(None)).check(doc, placed=False)
    assert len(findings) > 10
    random.Random(2).shuffle(findings)
    place(findings, doc)
    assert sorted(findings, key=PLACE_KEY) == sorted(findings, key=SORT_KEY)


def test_duplicates_dropped_keep_the_first_of_each() -> None:
    """A rule that yields one finding twice is reported once; without duplicates the findings pass as they are."""
    cfg = load_config(None)
    engine = Engine(cfg)
    text = "Herr Müller sagte, dass er „komme“. Herr Müller sagte es zweimal."
    once = engine.check(Document("<t>", text))
    spec = next(s for s in engine.specs if s.id == once[0].rule)
    check = engine.check_for(spec)
    run = check.run
    check.run = lambda doc, ctx: [*run(doc, ctx), *run(doc, ctx)]  # every finding of this rule twice
    try:
        twice = engine.check(Document("<t>", text))
    finally:
        check.run = run
    keys = [(f.rule, f.start, f.end, f.message) for f in twice]
    assert keys == [(f.rule, f.start, f.end, f.message) for f in once]
    assert [f.suggestions for f in twice] == [f.suggestions for f in once]


def test_a_huge_text_checked_in_pieces_keeps_its_directives(tmp_path) -> None:  # noqa: ANN001 - pytest's path
    """Pieces after the first are shifted to whole-file offsets before the file's directives are applied: an
    ignore-file directive silences its rule in every piece, and nothing else changes."""
    from tqcheck.runner import CHUNK_CHARS, Options, check_one

    engine = Engine(load_config(None))
    rule = engine.check(Document("<t>", ARTICLE))[0].rule
    body = ARTICLE * (CHUNK_CHARS // len(ARTICLE) + 2)
    quiet, plain = tmp_path / "quiet.txt", tmp_path / "plain.txt"
    directive = f"[tqcheck: ignore-file {rule}]"
    quiet.write_text(f"{directive}\n\n{body}", encoding="utf-8")
    plain.write_text(f"{'x' * len(directive)}\n\n{body}", encoding="utf-8")
    opts = Options(no_config=True, jobs=1, documents=False)
    silenced = check_one(engine, str(quiet), opts).findings
    shown = check_one(engine, str(plain), opts).findings
    assert sum(f.rule == rule for f in shown) > 2 and not any(f.rule == rule for f in silenced)
    late = [f for f in shown if f.start > CHUNK_CHARS and f.rule != rule]
    assert late  # findings in later pieces, placed in the whole file
    kept = {(f.rule, f.line, f.column) for f in silenced}
    assert {(f.rule, f.line, f.column) for f in shown if f.rule != rule} <= kept | {(f.rule, 1, 1) for f in shown}
