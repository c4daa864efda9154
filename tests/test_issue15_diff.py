"""Issue 15, item 1: ``--diff`` prints a patch that ``git apply`` and ``patch`` accept, also for a file whose
last line has no final newline and is changed, and exits 1 when there is something to apply (item 11)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tqcheck.fixes import unified_diff

from .test_issue15_helpers import out, run

# The safe fix (lex_pressendienst) is on the last line, and the file does not end in a newline.
NO_FINAL_NEWLINE = "Der Minister reiste ab.\nDas meldete der Pressendienst des Ministeriums."


def _repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_of_a_file_without_final_newline_applies_with_git(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    article = repo / "artikel.txt"
    article.write_text(NO_FINAL_NEWLINE, encoding="utf-8")
    proc = run("--diff", "--isolated", "artikel.txt", cwd=repo)
    patch = out(proc)
    assert proc.returncode == 1, proc.stderr  # there is a fix to apply
    assert patch.count("\\ No newline at end of file\n") == 2  # after the removed and after the added line
    assert article.read_text(encoding="utf-8") == NO_FINAL_NEWLINE  # --diff writes nothing
    (repo / "fix.patch").write_text(patch, encoding="utf-8")
    check = subprocess.run(["git", "apply", "--check", "fix.patch"], cwd=repo, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", "fix.patch"], cwd=repo, check=True)
    assert article.read_text(encoding="utf-8") == NO_FINAL_NEWLINE.replace("Pressendienst", "Pressedienst")
    again = run("--diff", "--isolated", "artikel.txt", cwd=repo)
    assert again.returncode == 0 and out(again) == ""  # nothing left to apply: exit 0, as ruff --diff


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch is not installed")
def test_diff_applies_with_patch(tmp_path: Path) -> None:
    article = tmp_path / "artikel.txt"
    article.write_text(NO_FINAL_NEWLINE, encoding="utf-8")
    patch = out(run("--diff", "--isolated", "artikel.txt", cwd=tmp_path))
    done = subprocess.run(["patch", "-p1"], cwd=tmp_path, input=patch, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert article.read_text(encoding="utf-8").endswith("Pressedienst des Ministeriums.")


def test_unified_diff_splits_lines_as_patch_tools_do() -> None:
    # U+2028 and a form feed are no line breaks for patch or git: a hunk split there would not apply
    before = "Eins\u2028zwei\x0cdrei Pressendienst\nvier\n"
    after = before.replace("Pressendienst", "Pressedienst")
    diff = unified_diff("a.txt", before, after)
    assert "-Eins\u2028zwei\x0cdrei Pressendienst\n+Eins\u2028zwei\x0cdrei Pressedienst\n" in diff
    assert "No newline" not in diff
    assert unified_diff("a.txt", "a\nb", "a\nc").endswith(
        "-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
    )
