"""Issue 15, item 13: the headline and teaser in Hugo/Jekyll front matter (title, description, summary) and the
alt text of Markdown images are prose: checked, with positions in the original file."""

from __future__ import annotations

from pathlib import Path

from tqcheck.config import load_config
from tqcheck.engine import Engine
from tqcheck.markup import prepare
from tqcheck.runner import load_document
from tqcheck.textio import read_text

YAML_FM = (
    "---\n"
    'title: "Der Pressendienst meldet ein Treffen"\n'
    "author: Pressendienst\n"
    "description: >-\n"
    "  Ein Teaser, den der\n"
    "  Pressendienst schrieb.\n"
    "summary: Kurz vom Pressendienst # ein Kommentar\n"
    "tags: [Pressendienst]\n"
    "---\n"
    "\n"
    "Der Text beginnt hier.\n"
    "\n"
    '![Foto vom Pressendienst](bilder/Pressendienst.jpg "Pressendienst")\n'
)
TOML_FM = "+++\ntitle = 'Pressendienst im Titel'\ndraft = true\n+++\nText.\n"


def _findings(tmp_path: Path, name: str, text: str) -> list:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    doc = load_document(str(p), read_text(p))
    return [f for f in Engine(load_config()).check(doc) if f.rule == "lex_pressendienst"]


def test_title_description_summary_and_alt_text_are_checked_in_place(tmp_path: Path) -> None:
    found = _findings(tmp_path, "a.md", YAML_FM)
    lines = YAML_FM.splitlines()
    assert [(f.line, f.column) for f in found] == [(2, 13), (6, 3), (7, 19), (13, 12)]
    for f in found:  # positions in the file as it is on disk
        assert lines[f.line - 1][f.column - 1 : f.end_column - 1] == "Pressendienst"


def test_other_keys_quotes_and_image_urls_are_not_prose() -> None:
    masked = prepare(YAML_FM, "a.md").text
    assert len(masked) == len(YAML_FM)
    visible = " ".join(masked.split())
    assert visible == (
        "Der Pressendienst meldet ein Treffen Ein Teaser, den der Pressendienst schrieb. Kurz vom Pressendienst "
        "Der Text beginnt hier. Foto vom Pressendienst"
    )


def test_toml_front_matter(tmp_path: Path) -> None:
    assert [(f.line, f.column) for f in _findings(tmp_path, "b.md", TOML_FM)] == [(2, 10)]
