"""Huge inputs are checked in pieces (bounded memory); positions must be those of the whole file."""

from __future__ import annotations

from dataclasses import replace

from tqcheck import chunks, process, runner
from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

PARAGRAPH = (
    "Der Pressendienst meldete am 16. April, mehr als 5,000 Menschen hätten an der Ministerentnahme teilgenommen.\n"
    "Die Preise stiegen um 2.5 Prozent, sagte der Sprecher in Kuwait.\n\n"
)


def _local_rules():
    cfg = load_config(None)
    cfg = replace(cfg, select=["lex_", "num_en_", "ff_", "p_"])
    return Engine(cfg)


def test_chunked_findings_equal_whole_file_findings(monkeypatch):
    text = PARAGRAPH * 60 + "Ein letzter Satz mit Mineraleinlagen.\n"
    engine = _local_rules()
    whole = engine.check(Document("big.txt", text))
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 2_000)
    pieces = runner.check_in_chunks(engine, Document("big.txt", text))
    key = [(f.rule, f.start, f.end, f.line, f.column, f.end_line, f.end_column, f.match, f.fix) for f in whole]
    assert [(f.rule, f.start, f.end, f.line, f.column, f.end_line, f.end_column, f.match, f.fix) for f in pieces] == key
    assert sum(f.fix is not None and f.start > 10_000 for f in pieces) > 10  # fixes in later pieces, shifted too
    assert any(f.match == "Mineraleinlagen" and f.line == 181 for f in pieces)
    for f in pieces:
        assert text[f.start : f.end] == f.match


def test_chunks_cut_at_line_breaks_and_cover_everything():
    text = ("Zeile eins.\nZeile zwei.\n\n" * 500) + "x" * 5000
    spans = runner._chunks(text, 1_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    lined = len(text) - 5000  # before the one long line, every cut falls after a line break
    assert all(text[e - 1] == "\n" for _, e in spans if e <= lined)


def test_pieces_checked_in_worker_processes_give_the_same_findings(monkeypatch, tmp_path):
    """--jobs 2 on one huge input: its pieces go to worker processes; the report is the one --jobs 1 gives."""
    path = tmp_path / "dump.txt"
    path.write_text(PARAGRAPH * 120 + "Ein letzter Satz mit Mineraleinlagen.\n", encoding="utf-8")
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 4_000)  # workers are forked: they see the same setting
    cfg = load_config(None)
    cfg = replace(cfg, select=["lex_", "num_en_", "ff_", "p_"])

    def run(jobs):
        (res,) = runner.run_checks(cfg, runner.Options(paths=[str(path)], jobs=jobs, progress=False))
        return [(f.rule, f.start, f.end, f.line, f.column, f.message, f.match) for f in res.findings]

    serial = run(1)
    assert len(serial) > 100
    assert run(2) == serial


def test_a_run_freezes_what_it_keeps_and_unfreezes_it_at_the_end(monkeypatch, tmp_path):
    """Under the process policy (tqcheck.process.checking, which the console script enters for good), run_checks
    moves each file's and piece's results out of the collector's reach while it runs; leaving the policy leaves
    the collector as it was found: nothing frozen afterwards, and objects someone else froze stay frozen."""
    import gc

    path = tmp_path / "dump.txt"
    path.write_text(PARAGRAPH * 60, encoding="utf-8")
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 2_000)
    cfg = load_config(None)
    cfg = replace(cfg, select=["lex_", "num_en_"])
    seen = []
    real_check = Engine.check

    def check(self, doc, *args, **kwargs):
        seen.append(gc.get_freeze_count())
        return real_check(self, doc, *args, **kwargs)

    monkeypatch.setattr(Engine, "check", check)
    threshold = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with process.checking():
        runner.run_checks(cfg, runner.Options(paths=[str(path)], jobs=1, progress=False))
    assert len(seen) > 3 and seen[0] == 0 and seen[-1] > 0  # later pieces ran with the earlier results frozen
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold

    gc.freeze()  # a pre-fork server's frozen objects: not ours to unfreeze, and nothing more is frozen
    try:
        before = gc.get_freeze_count()
        seen.clear()
        with process.checking():
            runner.run_checks(cfg, runner.Options(paths=[str(path)], jobs=1, progress=False))
        assert set(seen) == {before} and gc.get_freeze_count() == before
    finally:
        gc.unfreeze()


def test_checked_texts_are_kept_only_when_asked(monkeypatch, tmp_path):
    """Without ``documents`` each file's text goes once it is checked (in the process and from --jobs workers);
    the findings are the same. The CLI keeps texts for the formats that show them and for --fix/--diff."""
    from tqcheck import app

    for i in range(10):
        (tmp_path / f"a{i}.txt").write_text(PARAGRAPH * 3, encoding="utf-8")
    cfg = load_config(None)

    def run(jobs, documents):
        opts = runner.Options(paths=[str(tmp_path)], jobs=jobs, progress=False, documents=documents)
        results = runner.run_checks(cfg, opts)
        return [r.document is not None for r in results], [
            [(f.rule, f.start, f.message) for f in r.findings] for r in results
        ]

    kept, with_texts = run(1, True)
    assert all(kept) and any(with_texts)
    for jobs in (1, 2):
        kept, without = run(jobs, False)
        assert not any(kept) and without == with_texts

    asked = []
    monkeypatch.setattr(app, "run_checks", lambda cfg, opts: asked.append(opts.documents) or [])
    monkeypatch.setattr(app, "iter_checks", lambda cfg, opts, **_: asked.append(opts.documents) or iter(()))  # streamed
    for fmt, fix, expected in (
        ("json", False, False),
        ("concise", False, False),
        ("sarif", False, True),
        ("full", False, True),
        ("json", True, True),
    ):
        app.execute(cfg, runner.Options(paths=[str(tmp_path)]), fmt=fmt, fix=fix)
        assert asked.pop() is expected, (fmt, fix)


def test_checking_a_file_leaves_no_reference_cycles(tmp_path):
    """A run freezes what it keeps as it goes (see test above), so cyclic garbage made while checking would stay
    until the run ends; checking makes none (a recursive closure, for one, made a cycle per file)."""
    import gc

    from .conftest import FIXTURES

    article = tmp_path / "a.txt"
    article.write_text((FIXTURES / "article-kuwait.txt").read_text(encoding="utf-8") + PARAGRAPH, encoding="utf-8")
    cfg = load_config(None)
    engine = Engine(cfg)
    for documents in (False, True):
        opts = runner.Options(paths=[str(article)], documents=documents)
        runner.check_one(engine, str(article), opts)  # first use: caches, compiled patterns
        gc.collect()
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            results = [runner.check_one(engine, str(article), opts) for _ in range(3)]
            assert all(r.findings for r in results)
            del results
            assert gc.collect() == 0
        finally:
            if was_enabled:
                gc.enable()
