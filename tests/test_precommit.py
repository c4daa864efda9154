"""The real pre-commit integration: this checkout's .pre-commit-hooks.yaml, installed by pre-commit itself.

pre-commit installs a ``language: python`` hook with ``pip install .`` of the hook repository into its own
virtualenv, so this test needs the package's dependencies from the package index (or the local wheel cache) and
takes ~20 s per install; it is marked ``slow`` but runs in a plain ``pytest``. Deselect with ``-m "not slow"``.

The hook repository is a snapshot of this checkout's *working tree* (tracked and untracked-but-not-ignored
files) committed into a temporary git repository: ``pre-commit try-repo`` on the checkout itself would only see
committed files plus modified tracked ones, so an uncommitted .pre-commit-hooks.yaml would not be tested.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"
CLEAN = "Das Treffen der Außenminister fand am Dienstag in Kuwait statt.\n"

pytestmark = pytest.mark.slow

pytest.importorskip("pre_commit")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)


def _git(*args: str, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    base = [
        "git",
        "-c",
        "user.name=tqcheck tests",
        "-c",
        "user.email=tests@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    return subprocess.run([*base, *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
        HOME=str(tmp_path / "home"),  # no global git config or hooks from the machine running the tests
        GIT_CONFIG_NOSYSTEM="1",
        PYTHONIOENCODING="utf-8",
    )
    (tmp_path / "home").mkdir(exist_ok=True)
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's working tree; returns (path, commit)."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    dest = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    assert (dest / ".pre-commit-hooks.yaml").is_file()
    _git("init", "-q", cwd=dest)
    _git("add", "-A", cwd=dest)
    _git("commit", "-q", "-m", "snapshot", cwd=dest)
    sha = _git("rev-parse", "HEAD", cwd=dest).stdout.strip()
    return dest, sha


@pytest.fixture
def work(tmp_path: Path) -> Path:
    repo = tmp_path / "newsroom"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    return repo


def test_try_repo_runs_the_published_hook(hook_repo: tuple[Path, str], work: Path, tmp_path: Path) -> None:
    (work / "artikel.txt").write_bytes(FIXTURE.read_bytes())
    (work / "notes.py").write_text("x = 'Pressendienst'\n", encoding="utf-8")  # not an article: not passed
    _git("add", ".", cwd=work)
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo[0]), "tqcheck", "--all-files"],
        cwd=work,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "tqcheck (MT artifacts in German copy)" in output and "Failed" in output
    assert "artikel.txt:5:226: lex_pressendienst [error]" in output
    assert re.search(r"Found \d+ finding\(s\) in 1 file\(s\): 3 error", output)
    assert "notes.py" not in output


def test_commit_hook_passes_clean_article_and_blocks_the_fixture(
    hook_repo: tuple[Path, str], work: Path, tmp_path: Path
) -> None:
    repo_path, sha = hook_repo
    env = _env(tmp_path)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: tqcheck\n",
        encoding="utf-8",
    )
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=work, env=env, check=True, capture_output=True)

    (work / "clean.md").write_text("# Kuwait\n\n" + CLEAN, encoding="utf-8")
    _git("add", ".", cwd=work, env=env)
    ok = _git("commit", "-m", "clean article", cwd=work, env=env, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout + ok.stderr

    (work / "kuwait.txt").write_bytes(FIXTURE.read_bytes())
    _git("add", "kuwait.txt", cwd=work, env=env)
    blocked = _git("commit", "-m", "MT article", cwd=work, env=env, check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "kuwait.txt:4:169: lex_ministerentnahme [error]" in output
    assert "clean.md" not in output.split("Failed", 1)[-1]  # only the staged file is checked
    assert _git("log", "--format=%s", cwd=work, env=env).stdout.split() == ["clean", "article"]


def test_a_staged_name_never_acts_as_an_option(hook_repo: tuple[Path, str], work: Path, tmp_path: Path) -> None:
    """A staged ``--output-file=README.md`` is checked as a file, not obeyed (it overwrote README.md through the
    hook: pre-commit appends names right after ``args:``), while the user's own ``args:`` still apply."""
    repo_path, sha = hook_repo
    env = _env(tmp_path)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: tqcheck\n"
        "        args: [--fail-on, warning, --select, name_variants]\n",
        encoding="utf-8",
    )
    readme = "# Kuwait\n\n" + CLEAN
    (work / "README.md").write_text(readme, encoding="utf-8")
    (work / "--output-file=README.md").write_bytes(FIXTURE.read_bytes())
    _git("add", "--", ".", cwd=work, env=env)
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = proc.stdout + proc.stderr
    assert (work / "README.md").read_text(encoding="utf-8") == readme, output
    assert proc.returncode == 1, output  # the user's --fail-on warning: name_variants is a warning
    assert "--output-file=README.md:4:119: name_variants [warning]" in output
    assert "lex_ministerentnahme" not in output  # the user's --select applies
    assert re.search(r"Found \d+ finding\(s\) in 2 file\(s\)", output)
