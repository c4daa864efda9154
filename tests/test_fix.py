"""--fix, --diff and --unsafe-fixes through the real command line, on copies of the fixture in tmp_path.

What an editor relies on: only safe fixes without --unsafe-fixes, --diff never writes, the file keeps its
encoding, BOM and line endings, and a second --fix run changes nothing.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"


def tqcheck(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (own process, not a TTY, project rules.yaml looked up in ``cwd``)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )


def out(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.decode("utf-8")


def err(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.decode("utf-8")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "article.txt"
    p.write_bytes(FIXTURE.read_bytes())
    return p


def test_diff_prints_and_writes_nothing(article: Path) -> None:
    before = article.read_bytes()
    proc = tqcheck("--diff", article.name, cwd=article.parent)
    assert proc.returncode == 1, err(proc)  # as ruff --diff: 1 when there are fixes to apply
    text = out(proc)
    assert text.startswith(f"--- a/{article.name}\n+++ b/{article.name}\n")
    assert "-Laut NORTLEU" in text and "berichtete der Pressendienst" in text
    assert "+Laut NORTLEU" in text and "berichtete der Pressedienst des" in text
    assert "Ministertreffen" not in text  # unsafe: not without --unsafe-fixes
    assert article.read_bytes() == before


def test_diff_with_unsafe_fixes_shows_them_and_still_writes_nothing(article: Path) -> None:
    before = article.read_bytes()
    proc = tqcheck("--diff", "--unsafe-fixes", article.name, cwd=article.parent)
    assert proc.returncode == 1
    assert "+ASTANA" in out(proc) and "Ministertreffen" in out(proc)
    assert article.read_bytes() == before


def test_fix_applies_safe_fixes_only_and_is_idempotent(article: Path) -> None:
    proc = tqcheck("--fix", article.name, cwd=article.parent)
    assert re.search(r"applied [1-9]\d* fix\(es\)", err(proc)), err(proc)
    fixed = article.read_text(encoding="utf-8")
    assert "Pressedienst des Ministeriums" in fixed and "Pressendienst" not in fixed
    assert "Ministerentnahme" in fixed and "NORTLEU" in fixed  # unsafe fixes left alone
    assert proc.returncode == 1  # the remaining errors still fail the gate
    assert "lex_pressendienst" not in out(proc)  # the report is of the fixed file
    once = article.read_bytes()
    again = tqcheck("--fix", article.name, cwd=article.parent)
    assert article.read_bytes() == once
    assert "applied 0 fix(es)" in err(again)
    assert tqcheck("--diff", article.name, cwd=article.parent).stdout == b""


def test_unsafe_fixes(article: Path) -> None:
    proc = tqcheck("--fix", "--unsafe-fixes", article.name, cwd=article.parent)
    fixed = article.read_text(encoding="utf-8")
    assert "Ministertreffen" in fixed and "Ministerentnahme" not in fixed
    # No spelling of the name prevails (NORTLEU and NurtleU twice each, Attleu and Norteu once) and no glossary
    # or source says which is right: --unsafe-fixes writes in no spelling the article does not hold.
    assert "NORTLEU" in fixed and "NurtleU" in fixed and "Nortleu" not in fixed and "Nurtleu" not in fixed
    assert "Pressedienst" in fixed
    assert "applied" in err(proc)
    once = article.read_bytes()
    tqcheck("--fix", "--unsafe-fixes", article.name, cwd=article.parent)
    assert article.read_bytes() == once


def test_glossary_makes_name_fixes_safe(article: Path) -> None:
    proc = tqcheck("--fix", "--glossary", "Murat Nurtleu", article.name, cwd=article.parent)
    assert proc.returncode in (0, 1), err(proc)
    fixed = article.read_text(encoding="utf-8")
    for variant in ("Attleu", "NORTLEU", "NurtleU", "Norteu"):
        assert variant not in fixed, variant
    assert fixed.count("Nurtleu") == 6
    assert "Ministerentnahme" in fixed  # still unsafe


def test_german_quotes_apostrophes_and_doubled_words(tmp_path: Path) -> None:
    p = tmp_path / "quotes.txt"
    p.write_text('Er sagte: "Wir kommen morgen." Sie sagte: “Gut so.” Wie geht´s und und weiter?\n', encoding="utf-8")
    tqcheck("--fix", p.name, cwd=tmp_path)
    assert (
        p.read_text(encoding="utf-8") == "Er sagte: „Wir kommen morgen.“ Sie sagte: „Gut so.“ Wie geht’s und weiter?\n"
    )


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16-le", b"\xff\xfe")],
)
def test_fix_keeps_encoding_bom_and_crlf(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("\n", "\r\n")
    p = tmp_path / "article.txt"
    p.write_bytes(bom + text.encode(encoding))
    p.chmod(0o640)
    proc = tqcheck("--fix", p.name, cwd=tmp_path)
    assert "applied 1 fix(es)" in err(proc), err(proc)
    data = p.read_bytes()
    assert data.startswith(bom)
    fixed = data[len(bom) :].decode(encoding)
    assert fixed == text.replace("Pressendienst", "Pressedienst")
    assert fixed.count("\r\n") == text.count("\r\n") and "\n" not in fixed.replace("\r\n", "")
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert not list(tmp_path.glob("*.tqcheck-tmp"))


def test_fix_in_markdown_leaves_code_and_urls_alone(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(
        "Der Pressendienst meldete es ([Quelle](https://ex.org/Pressendienst)).\n\n"
        "```\nPressendienst\n```\n\nAuch `Pressendienst` bleibt.\n",
        encoding="utf-8",
    )
    tqcheck("--fix", p.name, cwd=tmp_path)
    assert p.read_text(encoding="utf-8") == (
        "Der Pressedienst meldete es ([Quelle](https://ex.org/Pressendienst)).\n\n"
        "```\nPressendienst\n```\n\nAuch `Pressendienst` bleibt.\n"
    )


def test_fix_on_stdin_writes_nothing(tmp_path: Path) -> None:
    proc = tqcheck("--fix", "-", cwd=tmp_path, stdin=FIXTURE.read_bytes())
    assert proc.returncode == 1
    assert "lex_pressendienst" in out(proc)
    assert list(tmp_path.iterdir()) == []


def test_several_files_fixed_in_one_run(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(FIXTURE.read_bytes())
    b.write_text("Der Pressendienst und und der Pressendienst.\n", encoding="utf-8")
    proc = tqcheck("--fix", "a.txt", "b.txt", cwd=tmp_path)
    assert "applied 4 fix(es)" in err(proc)
    assert b.read_text(encoding="utf-8") == "Der Pressedienst und der Pressedienst.\n"
