"""Hostile and careless input that once blew up time or memory (issue 19, items 1, 2 and 9): long runs of letters
without a space, chains of digits joined by commas or dots, and a name spelt hundreds of ways.

Each shape runs in a child process under a memory limit and a timeout, so a regression fails fast instead of
hanging the suite or the machine; each also checks that the ordinary text beside the hostile part is still checked.
"""

from __future__ import annotations

import base64
import itertools
import json
import random
import resource
import subprocess
import sys

import pytest

from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

MEMORY_LIMIT = 2 * 1024**3  # bytes of address space for the child; the broken versions needed 5-10 GB
PROSE = "Das Ministerium meldete eine Ministerentnahme von 5,000 Tonnen.\n"  # two findings an editor must see


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _check(tmp_path, text: str, timeout: float = 60) -> list[dict]:
    """The findings of ``tqcheck --isolated --format json`` on ``text``, run under the limits."""
    path = tmp_path / "input.txt"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "--isolated", "--format", "json", "--exit-zero", str(path)],
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limited,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return json.loads(proc.stdout)["findings"]


def _prose_still_checked(findings: list[dict]) -> None:
    rules = {f["rule"] for f in findings if f["line"] == 1}
    assert "lex_ministerentnahme" in rules, rules
    assert any(r.startswith("num_") for r in rules), rules


RUNS = {
    "capitals": "A" * 300_000,
    "base64": base64.b64encode(random.Random(19).randbytes(750_000)).decode(),
    "repeated word": "MinisterMinister" * 19_000,
    "lower case": "ministerium" * 27_000,
}


@pytest.mark.parametrize("shape", sorted(RUNS))
def test_a_long_run_without_spaces_is_checked_in_bounded_time_and_memory(tmp_path, shape: str) -> None:
    """No word is 300,000 letters long: such a run is not split into candidate compounds or names, and the
    verdict caches hold words of a word's length only (it took minutes and gigabytes: every suffix was looked up
    and kept)."""
    _prose_still_checked(_check(tmp_path, PROSE + RUNS[shape] + "\n"))


@pytest.mark.parametrize("separator", [",", ".", ".,", ",,"])
def test_a_chain_of_digits_is_checked_in_bounded_time(tmp_path, separator: str) -> None:
    """A CSV row of numbers after an article (each number pattern read the whole chain from every number in it:
    minutes for 110 KB)."""
    chain = separator.join(["12"] * (110_000 // (len(separator) + 2)))
    findings = _check(tmp_path, PROSE + chain + "\n")
    _prose_still_checked(findings)


def test_a_number_keeps_its_findings_beside_a_chain(tmp_path) -> None:
    """The chain is passed over, the numbers around it are not."""
    text = PROSE + ",".join(["1"] * 1000) + "\nDie Firma meldete 2.5 Millionen Dollar.\n"
    findings = _check(tmp_path, text)
    assert any(f["line"] == 3 and f["match"].startswith("2.5") for f in findings), findings


def _variants(n: int) -> str:
    names = ["Nurtl" + a + b + "eu" for a, b in itertools.product("abdefghiklmnoprstuvwz", repeat=2)][:n]
    return "".join(f"Der Minister {v} sagte am Montag etwas.\n" for v in names)


def test_a_name_spelt_hundreds_of_ways_gives_messages_of_bounded_length() -> None:
    """Every occurrence's message names the spellings: the first few and the count of the others (listing all made
    the report grow with the square of the text: 1.9 MB of JSON for 18 KB). The entity keeps the full list."""
    engine = Engine(load_config(None))
    findings = [f for f in engine.check(Document("a.txt", _variants(400))) if f.rule == "name_variants"]
    assert len(findings) >= 300
    assert all(len(f.message) < 300 for f in findings), max(len(f.message) for f in findings)
    assert any("weitere" in f.message for f in findings)
    assert max(len(f.extra["spellings"]) for f in findings) >= 300


def test_the_name_variant_report_grows_linearly() -> None:
    engine = Engine(load_config(None))

    def size(n: int) -> int:
        return sum(len(f.message) for f in engine.check(Document("a.txt", _variants(n))))

    assert size(400) < 2.5 * size(200)  # twice the text, about twice the report (the square would be four times)


SLOW_RULE = """\
rules:
  - id: x_slow
    kind: lexicon
    pattern: '(a|aa)+$'
    {where}
    message: slow
    severity: warning
    category: Fluency/Grammar
"""


@pytest.mark.parametrize("where", ["anchor: line", "unless: '(a|aa)+$'\n    trigger: ['a']"])
def test_a_slow_project_rule_stops_after_one_budget_per_document(tmp_path, where: str) -> None:
    """A pattern slow on each of a thousand lines (each try under the old per-call limit of a second) stops after
    one budget for the rule and the document: one tq_rule_failed finding, and the other rules still report."""
    if where.startswith("unless"):
        where = where.replace("(a|aa)+$", "^(a|aa)+$")
        (tmp_path / "rules.yaml").write_text(SLOW_RULE.replace("'(a|aa)+$'", "'a'").format(where=where))
    else:
        (tmp_path / "rules.yaml").write_text(SLOW_RULE.format(where=where))
    (tmp_path / "a.txt").write_text(PROSE + ("a" * 26 + "b\n") * 1000, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", "--format", "json", "a.txt"],
        capture_output=True,
        timeout=60,
        preexec_fn=_limited,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr.decode(errors="replace")
    findings = json.loads(proc.stdout)["findings"]
    failed = [f for f in findings if f["rule"] == "tq_rule_failed"]
    assert len(failed) == 1 and "x_slow" in failed[0]["message"], failed
    _prose_still_checked(findings)
