"""Baselines: record today's findings of a large archive so the gate fails only on new ones.

A finding is identified by (file, rule, flagged text), not by line, so edits above it do not make it "new";
repeated identical findings are counted, and only that many are forgiven.

A baseline is input like any other: a hostile or broken one (``Infinity``, a 100,000-digit count, nesting deep
enough to exhaust the parser's recursion) is a one-line error naming the file, never a traceback. A finding
that says a rule failed (``tq_rule_failed``) is never recorded nor forgiven: baselining it would let every later
run pass while the rule never runs.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from .model import RULE_FAILED, Finding
from .textio import InputError, read_regular, replace_file
from .visible import escape_surrogates

MAX_COUNT = 10**9  # more repeats of one finding than any archive has: a count above it is not a real baseline


def _norm_path(path: str, backslashes: bool = True) -> str:
    """One spelling per file, so ``./a.txt``, ``a.txt`` and ``/abs/cwd/a.txt`` share baseline entries: CI and
    pre-commit pass paths differently from the editor who wrote the baseline. ``backslashes``: also read ``\\``
    as a separator (paths from Windows); off for names read back from a baseline, which were normalised when it
    was written and may hold the backslash of an escaped undecodable byte (``bad\\xff.txt``)."""
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
    return p.replace("\\", "/") if backslashes else p


def _key(f: Finding) -> tuple[str, str, str]:
    """The file as reports name it (an undecodable byte as ``\\xff``, which UTF-8 JSON can hold; escaped after
    the separators are normalised, so its backslash stays), rule, text."""
    return (escape_surrogates(_norm_path(f.file)), f.rule, f.match)


def write(path: Path, findings: list[Finding]) -> int:
    """Record ``findings`` (but failed rules) in ``path`` atomically; the number recorded. OSError on failure,
    with no temporary file left behind."""
    counts = Counter(_key(f) for f in findings if f.rule != RULE_FAILED)
    entries = [{"file": k[0], "rule": k[1], "match": k[2], "count": n} for k, n in sorted(counts.items())]
    data = json.dumps({"version": 1, "findings": entries}, ensure_ascii=False, indent=2) + "\n"
    replace_file(path, data.encode("utf-8", "backslashreplace"))
    return sum(counts.values())


class BaselineError(Exception):
    pass


def _no_constant(name: str) -> object:
    """``json.loads`` accepts ``NaN`` and ``Infinity``, which are not JSON: refuse them."""
    raise ValueError(f"{name} is not a JSON number")


def _short(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters: the error names the entry, not all 100,000 digits of it."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load(path: Path) -> Counter:
    """The baseline's counts by key; BaselineError (one line naming ``path``) for anything that is not one. Read
    as an article is (a regular file, size-capped, not binary), so ``--baseline /dev/zero`` or a FIFO is refused
    at once instead of filling memory or hanging."""
    try:
        data = json.loads(read_regular(path).decode("utf-8"), parse_constant=_no_constant)
    except InputError as exc:  # missing, a FIFO or a device (``/dev/zero``), too large, binary
        reason = str(exc)
        raise BaselineError(
            f"{path}: no such baseline file" if reason == "no such file or directory" else f"{path}: {reason}"
        ) from None
    except RecursionError:
        raise BaselineError(f"{path}: not a tqcheck baseline (nested too deeply)") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError and int digit limits are ValueErrors
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
        raise BaselineError(f"{path}: not a tqcheck baseline ({reason})") from None
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a tqcheck baseline (expected version 1 with a findings list)")
    out: Counter = Counter()
    for e in data["findings"]:
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("file", "rule", "match")):
            raise BaselineError(f"{path}: malformed entry {_short(e)} (file, rule and match must be strings)")
        count = e.get("count", 1)
        if type(count) is not int or not 0 <= count <= MAX_COUNT:
            raise BaselineError(f"{path}: malformed entry {_short(e)} (count must be a whole number 0-{MAX_COUNT})")
        out[(escape_surrogates(_norm_path(e["file"], backslashes=False)), e["rule"], e["match"])] += count
    return out


def filter_new(findings: list[Finding], known: Counter) -> list[Finding]:
    left = Counter(known)
    out = []
    for f in findings:
        k = _key(f)
        if left[k] > 0 and f.rule != RULE_FAILED:
            left[k] -= 1
            continue
        out.append(f)
    return out
