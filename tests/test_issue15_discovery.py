"""Issue 15, item 8: configuration discovery as Ruff does it. The closest rules.yaml (else .tqcheck.yaml, else
tqcheck.yaml) in the checked file's folder or above it, stopping at the repository root; --config and
--isolated/--no-config beat it; --show-settings says which file applies; --show-files lists the inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.config import clear_discovery_cache, find_project_config

from .test_issue15_helpers import FIXTURE, out, run

GLOSSARY = 'settings:\n  glossary: ["Murat Nurtleu"]\n'


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    """tmp/proj (a git repository, its rules.yaml holds the house glossary) with proj/articles/a.txt."""
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "articles" / "a.txt").write_bytes(FIXTURE.read_bytes())
    (root / "rules.yaml").write_text(GLOSSARY, encoding="utf-8")
    return root


def _uses_glossary(proc) -> bool:
    return "Glossar: „Nurtleu“" in out(proc)


def test_found_from_a_subfolder(proj: Path) -> None:
    assert _uses_glossary(run("--select", "name_variants", "a.txt", cwd=proj / "articles"))


def test_found_from_the_file_not_the_working_directory(proj: Path) -> None:
    assert _uses_glossary(run("--select", "name_variants", "proj/articles/a.txt", cwd=proj.parent))
    assert _uses_glossary(run("--select", "name_variants", "proj/articles", cwd=proj.parent))


def test_isolated_and_no_config_ignore_it(proj: Path) -> None:
    for flag in ("--isolated", "--no-config"):
        assert not _uses_glossary(run(flag, "--select", "name_variants", "a.txt", cwd=proj / "articles"))


def test_config_beats_discovery(proj: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text('settings:\n  glossary: ["Murat Attleu"]\n', encoding="utf-8")
    proc = run("--config", str(other), "--select", "name_variants", "a.txt", cwd=proj / "articles")
    assert "Glossar: „Attleu“" in out(proc)


def test_search_stops_at_the_repository_root(proj: Path) -> None:
    (proj / "rules.yaml").unlink()
    (proj.parent / "rules.yaml").write_text("settings:\n  select: [nope_no_such_rule]\n", encoding="utf-8")
    proc = run("--select", "name_variants", "a.txt", cwd=proj / "articles")
    assert proc.returncode == 0, proc.stderr  # the broken file above the repository is never read
    assert "name_variants" in out(proc) and not _uses_glossary(proc)


def test_closest_wins_and_each_file_gets_its_own(proj: Path) -> None:
    sub = proj / "articles" / "sport"
    sub.mkdir()
    (sub / "b.txt").write_bytes(FIXTURE.read_bytes())
    (sub / "tqcheck.yaml").write_text('settings:\n  glossary: ["Murat Norteu"]\n', encoding="utf-8")
    proc = run("--select", "name_variants", "a.txt", "sport/b.txt", cwd=proj / "articles")
    lines = out(proc).splitlines()
    assert all("„Nurtleu“" in ln for ln in lines if ln.startswith("a.txt:"))
    assert all("„Norteu“" in ln for ln in lines if ln.startswith("sport/b.txt:"))
    assert any(ln.startswith("sport/b.txt:") for ln in lines)


def test_dotted_and_plain_names_are_found_in_that_order(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a").mkdir()
    assert find_project_config(tmp_path / "a") is None
    clear_discovery_cache()  # each command-line run starts afresh; a long-lived process may ask again
    (tmp_path / "tqcheck.yaml").write_text("settings: {}\n", encoding="utf-8")
    assert find_project_config(tmp_path / "a") == tmp_path / "tqcheck.yaml"
    clear_discovery_cache()
    (tmp_path / "a" / "rules.yaml").write_text("settings: {}\n", encoding="utf-8")
    assert find_project_config(tmp_path / "a") == tmp_path / "a" / "rules.yaml"


def test_show_settings_names_the_file(proj: Path) -> None:
    proc = run("--show-settings", "a.txt", cwd=proj / "articles")
    text = out(proc)
    assert proc.returncode == 0
    assert f"configuration file: {proj / 'rules.yaml'} (the closest above a.txt)" in text
    assert "glossary:           Murat Nurtleu" in text
    isolated = out(run("--show-settings", "--isolated", "a.txt", cwd=proj / "articles"))
    assert "configuration file: none (the default pack only, --isolated)" in isolated


def test_show_files_lists_what_would_be_checked(proj: Path) -> None:
    (proj / "articles" / "b.md").write_text("Text.\n", encoding="utf-8")
    (proj / "articles" / "bild.png").write_bytes(b"\x89PNG")
    proc = run("--show-files", ".", cwd=proj / "articles")
    assert proc.returncode == 0
    assert out(proc).splitlines() == ["a.txt", "b.md"]
