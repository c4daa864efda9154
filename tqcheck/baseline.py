"""Baselines: record today's findings of a large archive so the gate fails only on new ones.

A finding is identified by (file, rule, flagged text), not by line, so edits above it do not make it "new";
repeated identical findings are counted, and only that many are forgiven.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from .model import Finding


def _norm_path(path: str) -> str:
    """One spelling per file, so ``./a.txt``, ``a.txt`` and ``/abs/cwd/a.txt`` share baseline entries: CI and
    pre-commit pass paths differently from the editor who wrote the baseline."""
    if path in ("", "-"):
        return path
    p = os.path.normpath(path)
    if os.path.isabs(p):
        try:
            rel = os.path.relpath(p)
        except ValueError:  # another drive on Windows
            rel = p
        if not rel.startswith(".."):
            p = rel
    return p.replace("\\", "/")


def _key(f: Finding) -> tuple[str, str, str]:
    return (_norm_path(f.file), f.rule, f.match)


def write(path: Path, findings: list[Finding]) -> int:
    counts = Counter(_key(f) for f in findings)
    entries = [{"file": k[0], "rule": k[1], "match": k[2], "count": n} for k, n in sorted(counts.items())]
    data = json.dumps({"version": 1, "findings": entries}, ensure_ascii=False, indent=2) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(data, encoding="utf-8")
    tmp.replace(path)
    return len(findings)


class BaselineError(Exception):
    pass


def load(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a tqcheck baseline ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a tqcheck baseline (expected version 1 with a findings list)")
    out: Counter = Counter()
    for e in data["findings"]:
        try:
            out[(_norm_path(str(e["file"])), str(e["rule"]), str(e["match"]))] += int(e.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: malformed entry {e!r}") from None
    return out


def filter_new(findings: list[Finding], known: Counter) -> list[Finding]:
    left = Counter(known)
    out = []
    for f in findings:
        k = _key(f)
        if left[k] > 0:
            left[k] -= 1
            continue
        out.append(f)
    return out
