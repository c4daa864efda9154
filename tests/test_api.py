"""The Python API (issue 17, part 1): the README's example runs, the findings are the JSON report's, rules and
engines pickle and check the same in a worker process, huge texts are checked in pieces, and nothing
process-wide changes."""

from __future__ import annotations

import gc
import json
import os
import pickle
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import tqcheck

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = FIXTURES / "article-kuwait.txt"


def _cli_findings(*args: str) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "--isolated", "--format", "json", "--exit-zero", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["findings"]


def test_the_readme_example_runs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Python API.*?```python\n(.*?)```", text, re.S)
    assert block, "the README has no Python API example"
    assert len(block.group(1).strip().splitlines()) <= 12
    namespace: dict = {}
    old = Path.cwd()
    try:
        os.chdir(ROOT)  # the example names the fixture by its path in the repository
        exec(compile(block.group(1), "README.md", "exec"), namespace)
    finally:
        os.chdir(old)
    assert namespace["findings"] and namespace["report"]


@pytest.mark.parametrize("name", ["article-kuwait.txt", "markdown/kuwait-treffen.md", "markdown/kuwait-treffen.html"])
def test_check_file_gives_the_json_reports_findings(name: str) -> None:
    path = FIXTURES / name
    rel = str(path.relative_to(ROOT))
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        api_findings = [f.to_dict() for f in tqcheck.check_file(rel)]
    finally:
        os.chdir(old)
    assert api_findings == _cli_findings(rel)


def test_with_a_source_and_a_reference_too() -> None:
    pairs = FIXTURES / "pairs"
    de, en, ref = (str((pairs / f"kuwait.{k}.txt").relative_to(ROOT)) for k in ("de", "en", "ref"))
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        got = [f.to_dict() for f in tqcheck.check_file(de, source=en, reference=ref)]
    finally:
        os.chdir(old)
    assert got == _cli_findings(de, "--source", en, "--reference", ref)
    changed = tqcheck.check_text(
        "Das Unternehmen meldete am Montag einen Umsatz von 7 Millionen Euro.",
        source="The company reported revenue of 5 million euros on Monday.",
    )
    assert [f.rule for f in changed if f.rule.startswith("src_")] == ["src_numbers"]


def test_check_text_is_check_file_on_the_same_text() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    by_text = [f.to_dict() for f in tqcheck.check_text(text, path="a.txt")]
    by_file = [f.to_dict() for f in tqcheck.check_file(ARTICLE)]
    for f in by_file:
        f["file"] = "a.txt"
    assert by_text == by_file
    assert any(f["rule"] == "name_variants" for f in by_text)


def test_bytes_are_decoded_as_the_cli_decodes_a_file() -> None:
    text = "Die Ministerentnahme wurde verschoben.\n"
    assert [f.rule for f in tqcheck.check_text(text.encode("cp1252"))] == [f.rule for f in tqcheck.check_text(text)]


def test_load_rules_takes_the_command_lines_settings_and_refuses_unknown_ones(tmp_path) -> None:
    rules = tqcheck.load_rules(select=["lex_ministerentnahme"])
    assert [s.id for s in rules.config.selected()] == ["lex_ministerentnahme"]
    with pytest.raises(TypeError, match="colour"):
        tqcheck.load_rules(colour=True)
    project = tmp_path / "rules.yaml"
    project.write_text("settings:\n  accept: [Ministerentnahme]\n", encoding="utf-8")
    accepted = tqcheck.load_rules(project)
    assert not [f for f in tqcheck.check_text("Die Ministerentnahme.", rules=accepted) if f.rule.startswith("lex_")]


def _check_in_worker(rules: tqcheck.Rules, text: str) -> list[dict]:
    return [f.to_dict() for f in tqcheck.check_text(text, rules=rules)]


def test_rules_and_engines_pickle_and_check_the_same_in_a_worker_process() -> None:
    rules = tqcheck.load_rules(accept=["Kuwait"])
    text = ARTICLE.read_text(encoding="utf-8")
    here = _check_in_worker(rules, text)
    assert rules.engine.specs  # a used engine (compiled patterns, caches) still pickles: as its configuration
    again = pickle.loads(pickle.dumps(rules))
    assert again.config.accept == ["Kuwait"]
    engine = pickle.loads(pickle.dumps(rules.engine))
    assert [s.id for s in engine.specs] == [s.id for s in rules.engine.specs]
    with ProcessPoolExecutor(max_workers=1) as pool:
        there = pool.submit(_check_in_worker, rules, text).result(timeout=120)
    assert there == here


def test_a_huge_text_is_checked_in_pieces_as_on_the_command_line(tmp_path, monkeypatch) -> None:
    from tqcheck import chunks

    monkeypatch.setattr(chunks, "CHUNK_CHARS", 4_000)  # pieces from a few kilobytes on, as from 2 MB
    text = ARTICLE.read_text(encoding="utf-8") * 4
    calls: list[int] = []
    real = chunks.check_in_chunks

    def counting(engine, doc, pool=None, ahead=4):  # noqa: ANN001, ANN202
        calls.append(len(doc.text))
        return real(engine, doc, pool, ahead)

    monkeypatch.setattr(chunks, "check_in_chunks", counting)
    findings = tqcheck.check_text(text, path="big.txt")
    assert calls == [len(text)]
    assert len({f.line for f in findings}) > 10  # the findings of every copy, at their own lines


def test_the_api_leaves_the_garbage_collector_as_it_found_it() -> None:
    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    tqcheck.check_text(ARTICLE.read_text(encoding="utf-8"))
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before


def test_the_command_lines_runner_checks_through_the_api(monkeypatch) -> None:
    """One per-document core: the runner's ``check_one`` calls ``api.check_document`` (no copy of its own)."""
    from tqcheck import reading
    from tqcheck.engine import Engine
    from tqcheck.resolve import Options

    calls: list[str] = []
    real = reading.check_document

    def counting(engine, doc, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls.append(doc.path)
        return real(engine, doc, *args, **kwargs)

    monkeypatch.setattr(reading, "check_document", counting)
    assert real is tqcheck.check_document
    rules = tqcheck.load_rules()
    res = reading.check_one(Engine(rules.config), str(ARTICLE), Options(no_config=True))
    assert calls == [str(ARTICLE)]
    assert [f.to_dict() for f in res.findings] == [
        f.to_dict() for f in tqcheck.api.check_document(rules.engine, res.document)
    ]
