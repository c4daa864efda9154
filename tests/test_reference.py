"""Reference scores on a checked file and the ref_gate rule (--min-chrf / --min-bleu / --max-ter)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tqcheck.document import Document
from tqcheck.engine import exit_code
from tqcheck.runner import Options, resolve_config, run_checks
from tqcheck.scoring import corpus_scores, document_scores, read_segments

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "pairs"


def _doc(path: Path) -> Document:
    return Document(str(path), path.read_text(encoding="utf-8"))


def test_document_scores_line_aligned_equal_corpus_scores():
    hyp, ref = FIXTURES / "kuwait.de.txt", FIXTURES / "kuwait.ref.txt"
    scores = document_scores(_doc(hyp), _doc(ref))
    direct = corpus_scores(read_segments(hyp), read_segments(ref))
    for metric in ("bleu", "chrf", "ter"):
        assert scores[metric] == pytest.approx(direct[metric])
    assert scores["aligned_by"] == "lines"
    weakest = scores["weakest"]
    assert len(weakest) == 5 and [w["chrf"] for w in weakest] == sorted(w["chrf"] for w in weakest)
    assert set(weakest[0]) == {"line", "chrf", "hyp", "ref"}
    assert scores["signature"]["chrf"].startswith("nrefs:1|case:mixed")


def test_document_scores_realign_when_lines_differ():
    ref = _doc(FIXTURES / "kuwait.ref.txt")
    lines = (FIXTURES / "kuwait.de.txt").read_text(encoding="utf-8").splitlines()
    merged = Document("hyp", "\n".join([lines[0], lines[1] + " " + lines[2]] + lines[3:]) + "\n")
    scores = document_scores(merged, ref)
    assert scores["aligned_by"] == "sentences"
    assert scores["chrf"] > 70  # the merge did not shift every later line against the wrong reference


def _run(rules_file, **kw):
    opts = Options(
        paths=[str(FIXTURES / "kuwait.de.txt")],
        config_path=str(rules_file),
        reference=str(FIXTURES / "kuwait.ref.txt"),
        source=str(FIXTURES / "kuwait.en.txt"),
        jobs=1,
        **kw,
    )
    cfg = resolve_config(opts)
    return cfg, run_checks(cfg, opts)


def test_scores_attached_and_no_gate_no_finding(rules_file):
    cfg, results = _run(rules_file)
    (res,) = results
    assert set(res.scores) >= {"bleu", "chrf", "ter", "signature", "weakest"}
    assert not any(k.startswith("_") for k in res.scores)
    assert not [f for f in res.findings if f.rule == "ref_gate"]
    assert exit_code(results, cfg.fail_on) == 0


def test_gates_fail_the_run(rules_file):
    cfg, results = _run(rules_file, min_chrf=95.0, min_bleu=10.0, max_ter=5.0)
    gates = [f for f in results[0].findings if f.rule == "ref_gate"]
    assert sorted(f.message.split()[0] for f in gates) == ["TER", "chrF"]
    assert exit_code(results, cfg.fail_on) == 1


def test_gate_from_settings(rules_file, tmp_path):
    data = yaml.safe_load(rules_file.read_text(encoding="utf-8"))
    data["settings"] = {"min_bleu": 99}
    cfg_file = tmp_path / "rules.yaml"
    cfg_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cfg, results = _run(cfg_file)
    assert [f.message.split()[0] for f in results[0].findings if f.rule == "ref_gate"] == ["BLEU"]
