"""Issue 15, item 12: the pre-commit snippets name a release that exists. The version in pyproject.toml, the
package's __version__, every ``rev:`` in the README, docs/ci-snippets.md and .pre-commit-hooks.yaml, and a git
tag ``v<version>`` in this repository are all the same."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import tqcheck

from .test_issue15_helpers import ROOT


def _version() -> str:
    m = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert m, "no version in pyproject.toml"
    return m.group(1)


def test_version_is_one_everywhere() -> None:
    assert tqcheck.__version__ == _version()


@pytest.mark.parametrize("path", ["README.md", "docs/ci-snippets.md", ".pre-commit-hooks.yaml"])
def test_every_snippet_uses_the_release_tag(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    revs = re.findall(r"^\s*#?\s*rev:\s*(\S+)", text, re.M)
    assert revs, f"no pre-commit snippet in {path}"
    assert set(revs) == {f"v{_version()}"}, (path, revs)


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_the_tag_exists() -> None:
    tag = f"v{_version()}"
    tags = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not tags:
        pytest.skip("this clone holds no tags at all (a CI clone of one branch): nothing to hold the snippets to")
    proc = subprocess.run(["git", "rev-parse", "-q", "--verify", f"refs/tags/{tag}"], cwd=ROOT, capture_output=True)
    assert proc.returncode == 0, f"the snippets say rev: {tag}, but there is no tag {tag} (git tag {tag})"
    hooks = subprocess.run(["git", "show", f"{tag}:.pre-commit-hooks.yaml"], cwd=ROOT, capture_output=True)
    assert hooks.returncode == 0 and b"id: tqcheck" in hooks.stdout  # pre-commit can install the hook from it
