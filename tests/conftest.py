"""Shared fixtures: the repository root, the default configuration, a helper to check a text."""

from __future__ import annotations

import codecs
from dataclasses import replace
from pathlib import Path

import pytest

from tqcheck.config import load_config
from tqcheck.document import Document
from tqcheck.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
# (byte-order mark, encoding) pairs every article may come in; UTF-32 only where reading, not fixing, is tested
BOM_ENCODINGS = [
    (b"", "utf-8"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def default_config():
    return load_config(None)


@pytest.fixture(scope="session")
def engine(default_config):
    return Engine(default_config)


def check_text(text: str, config=None, *, select: list[str] | None = None, glossary: list[str] | None = None):
    """Run the default pack (or a selection) over ``text`` and return the findings."""
    cfg = config or load_config(None)
    if select is not None:
        cfg = replace(cfg, select=select)
    if glossary:
        cfg = replace(cfg, glossary=list(glossary))
    return Engine(cfg).check(Document("<test>", text))


@pytest.fixture(scope="session")
def rules_file(tmp_path_factory) -> Path:
    """An empty project rules.yaml: the run loads the default pack through it, as a user's run would."""
    path = tmp_path_factory.mktemp("cfg") / "rules.yaml"
    path.write_text("rules: []\n", encoding="utf-8")
    return path
