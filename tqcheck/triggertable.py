"""The packaged pack's derived triggers (data/triggers.json, written by scripts/build_pack.py), by pattern.

A lexicon rule's triggers are derived from its pattern (``patterntriggers``); the pack's are derived when the pack
is built, so a start reads one small table instead of parsing ~200 patterns, and imports the derivation only for
a pattern the table does not hold (a project's own rule, a pack pattern a project overrides, a stale table).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "triggers.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, list[str]]:
    """data/triggers.json, read once; empty when absent or unreadable (every pattern is then derived)."""
    try:
        loaded = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


@lru_cache(maxsize=1024)
def derived_triggers(pattern: str) -> tuple[str, ...]:
    """The triggers derived from ``pattern``: from the pack's table when it holds the pattern, else derived now."""
    known = _table().get(pattern)
    if known is not None:
        return tuple(known)
    from .patterntriggers import derive

    return derive(pattern)
