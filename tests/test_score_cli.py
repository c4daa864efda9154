"""``tqcheck score`` must print the numbers sacrebleu's own command line prints for the same files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.scoring import score_command

SCORE = Path(__file__).resolve().parent.parent / "fixtures" / "pairs" / "score"
HYP, REF = SCORE / "hyp", SCORE / "ref"


def sacrebleu_cli(ref: Path, hyp: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "-w", "4"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out)
    names = {"BLEU": "bleu", "chrF2": "chrf", "TER": "ter"}
    return {names[d["name"]]: float(d["score"]) for d in data} | {
        "sig_" + names[d["name"]]: d["signature"] for d in data
    }


def tq_score(capsys, hyp: Path, ref: Path, fmt: str = "json") -> tuple[int, str]:
    code = score_command(hyp, ref, fmt)
    return code, capsys.readouterr().out


@pytest.mark.parametrize("name", ["kuwait.txt", "budget.txt"])
def test_file_pair_matches_sacrebleu_cli(capsys, name):
    code, out = tq_score(capsys, HYP / name, REF / name)
    assert code == 0
    ours = json.loads(out)
    theirs = sacrebleu_cli(REF / name, HYP / name)
    for metric in ("bleu", "chrf", "ter"):
        assert ours["corpus"][metric] == pytest.approx(theirs[metric], abs=1e-4)
        assert ours["files"][0][metric] == pytest.approx(theirs[metric], abs=1e-4)
        assert ours["corpus"]["signature"][metric] == theirs["sig_" + metric]


def test_folder_pairs_by_name_and_corpus_is_concatenation(capsys, tmp_path):
    code, out = tq_score(capsys, HYP, REF)
    assert code == 0
    ours = json.loads(out)
    assert [f["file"] for f in ours["files"]] == ["budget.txt", "kuwait.txt"]
    assert ours["skipped"] == ["extra.txt"]
    cat_h, cat_r = tmp_path / "h.txt", tmp_path / "r.txt"
    cat_h.write_text(
        "".join((HYP / n).read_text(encoding="utf-8") for n in ("budget.txt", "kuwait.txt")), encoding="utf-8"
    )
    cat_r.write_text(
        "".join((REF / n).read_text(encoding="utf-8") for n in ("budget.txt", "kuwait.txt")), encoding="utf-8"
    )
    theirs = sacrebleu_cli(cat_r, cat_h)
    for metric in ("bleu", "chrf", "ter"):
        assert ours["corpus"][metric] == pytest.approx(theirs[metric], abs=1e-4)
    assert ours["corpus"]["segments"] == 9


def test_folder_against_one_reference(capsys, tmp_path):
    (tmp_path / "sys1.txt").write_text((HYP / "budget.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "sys2.txt").write_text((REF / "budget.txt").read_text(encoding="utf-8"), encoding="utf-8")
    code, out = tq_score(capsys, tmp_path, REF / "budget.txt")
    assert code == 0
    files = {f["file"]: f for f in json.loads(out)["files"]}
    assert files["sys2.txt"]["bleu"] == pytest.approx(100.0)
    assert files["sys1.txt"]["chrf"] < 100


def test_tsv_and_full_formats(capsys):
    code, out = tq_score(capsys, HYP, REF, "tsv")
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert code == 0 and rows[0] == ["file", "segments", "bleu", "chrf", "ter"] and rows[-1][0] == "(corpus)"
    code, out = tq_score(capsys, HYP, REF, "full")
    assert code == 0 and "corpus" in out and "nrefs:1" in out


def test_errors_exit_2(capsys, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("Nur eine Zeile.\n", encoding="utf-8")
    assert score_command(short, REF / "budget.txt", "json") == 2
    assert "lines" in capsys.readouterr().err
    assert score_command(HYP / "budget.txt", REF / "budget.txt", "xml") == 2
    assert score_command(tmp_path / "missing.txt", REF / "budget.txt", "json") == 2


def test_cli_dispatch():
    out = subprocess.run(
        [sys.executable, "-c", "from tqcheck.cli import main; main()", "score", str(HYP), str(REF), "-f", "tsv"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("file\tsegments")
