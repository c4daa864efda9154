"""Issue 15, item 4: with a reference, every format carries the scores and sacrebleu's signature in its own
idiom; none prints a Python dict repr; the rich report writes them as German copy does (83,69)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from .test_issue15_helpers import ROOT, out, run

PAIRS = ROOT / "fixtures" / "pairs"
SIG = re.compile(r"nrefs:1\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|version:\d")


@pytest.fixture(scope="module")
def scores() -> dict:
    proc = run("-f", "json", "--isolated", "kuwait.de.txt", cwd=PAIRS)
    return json.loads(out(proc))["scores"]["kuwait.de.txt"]


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines", "sarif", "github", "junit", "gitlab", "html"])
def test_every_format_shows_scores_and_signature(fmt: str, scores: dict) -> None:
    text = out(run("-f", fmt, "--isolated", "kuwait.de.txt", cwd=PAIRS, env={"COLUMNS": "200"}))
    assert "{'" not in text and "'bleu'" not in text  # no Python repr
    assert SIG.search(text.replace("\\|", "|")), text[-2000:]
    chrf = f"{scores['chrf']:.2f}"
    if fmt == "full":
        assert chrf.replace(".", ",") in text
    elif fmt == "html":  # the scores table, German decimals as in the rich report
        assert re.search(r"<td>chrF2</td><td class=\"num\">" + re.escape(chrf.replace(".", ",")) + "</td>", text)
    elif fmt in ("concise", "github", "gitlab"):
        assert f"chrF2 {chrf} (nrefs:1|case:mixed|eff:yes" in text
    elif fmt == "junit":
        root = ET.fromstring(text)
        props = {p.get("name"): p.get("value") for p in root.iter("property")}
        assert props["scores:kuwait.de.txt:chrf"] == str(scores["chrf"])
        assert props["scores:kuwait.de.txt:chrf:signature"].startswith("nrefs:1|case:mixed|eff:yes")
        assert f"chrF2: {chrf} (nrefs:1" in text


def test_concise_scores_line_is_no_finding_line() -> None:
    lines = out(run("--isolated", "kuwait.de.txt", cwd=PAIRS)).splitlines()
    scores_lines = [ln for ln in lines if ln.startswith("kuwait.de.txt: scores: BLEU ")]
    assert len(scores_lines) == 1 and lines[-1].startswith("Found ")
    assert not re.match(r"^[^:]+:\d+:\d+:", scores_lines[0])


def test_the_gate_message_writes_scores_as_german_copy_does() -> None:
    """The chrF gate finding is German text: 83,69 (Grenze: ≥ 90,5), never 83.69."""
    proc = run("-f", "json", "--isolated", "--min-chrf", "99.5", "kuwait.de.txt", cwd=PAIRS)
    gate = [f for f in json.loads(out(proc))["findings"] if f["rule"] == "ref_gate"]
    assert gate, "the gate did not fail"
    assert re.search(r"ist \d+,\d\d \(Grenze: ≥ 99,5\)", gate[0]["message"]), gate[0]["message"]
