"""Applying fixes: safe ones with ``--fix``, all with ``--unsafe-fixes``; ``--diff`` shows them without writing.

Fixes never overlap (the earlier one wins, the rest wait for the next run) and are applied to the text as it
was read, so line endings, encoding and BOM survive; the write itself is atomic (textio.write_atomic).
:func:`converge` applies them until nothing changes, and drops a fix whose replacement its own rule flags
again (``\\g<0>\\g<0>`` would otherwise double the match on every pass and every run).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from .model import Finding


def applicable(findings: list[Finding], unsafe: bool) -> list[Finding]:
    out = []
    last_end = -1
    for f in sorted(
        (f for f in findings if f.fix is not None and (f.fix.safe or unsafe)),
        key=lambda f: (f.fix.start, f.fix.end),
    ):
        if f.fix.start < last_end:
            continue
        out.append(f)
        last_end = max(f.fix.end, f.fix.start + 1 if f.fix.end == f.fix.start else f.fix.end)
    return out


def apply(text: str, findings: list[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Return the fixed text and the number of fixes applied."""
    fixed, placed = _apply(text, findings, unsafe)
    return fixed, len(placed)


def _apply(text: str, findings: list[Finding], unsafe: bool) -> tuple[str, list[tuple[Finding, int, int]]]:
    """The fixed text, and each applied fix's finding with where its replacement now stands in that text."""
    chosen = applicable(findings, unsafe)
    parts = []
    pos = 0
    out_len = 0
    placed: list[tuple[Finding, int, int]] = []
    for f in chosen:
        fx = f.fix
        if text[fx.start : fx.end] == fx.replacement:
            continue
        before = text[pos : fx.start]
        parts.append(before)
        parts.append(fx.replacement)
        out_len += len(before)
        placed.append((f, out_len, out_len + len(fx.replacement)))
        out_len += len(fx.replacement)
        pos = fx.end
    parts.append(text[pos:])
    return "".join(parts), placed


def _fix_key(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.match, f.fix.replacement if f.fix is not None else "")


def _renewed(placed: list[tuple[Finding, int, int]], again: list[Finding]) -> list[Finding]:
    """The applied fixes whose own rule flags their replacement again: a finding of the same rule overlapping
    the replaced span (for a deletion, spanning the point where text was taken out)."""
    by_rule: dict[str, list[Finding]] = {}
    for g in again:
        by_rule.setdefault(g.rule, []).append(g)
    out = []
    for f, start, end in placed:
        for g in by_rule.get(f.rule, ()):
            hit = g.start < end and g.end > start if end > start else g.start < start < g.end
            if hit:
                out.append(f)
                break
    return out


def converge(
    text: str,
    findings: list[Finding],
    recheck: Callable[[str], list[Finding]],
    *,
    unsafe: bool = False,
    passes: int = 10,
) -> tuple[str, int, list[Finding]]:
    """Apply fixes until nothing changes (one fix can expose another: "€5.Minister" → "5 Euro.Minister" →
    "5 Euro. Minister"), in memory, so the file is written once and a second ``--fix`` finds nothing.

    ``recheck(text)`` gives the findings of a text. A fix whose replacement its own rule flags again (the pack's
    examples are tested for this, a project's rules are not) is dropped, everywhere in the file, and the fixing
    starts over without it. Returns the text, the number of fixes applied and the findings whose fix was dropped
    (one per rule, flagged text and replacement).
    """
    dropped: dict[tuple[str, str, str], Finding] = {}
    for _ in range(passes + 1):  # each start-over drops at least one more fix
        current, total, renewed = text, 0, []
        live = [f for f in findings if _fix_key(f) not in dropped]
        for _ in range(passes):
            fixed, placed = _apply(current, live, unsafe)
            if not placed or fixed == current:
                break
            again = recheck(fixed)
            renewed = _renewed(placed, again)
            if renewed:
                break
            total += len(placed)
            current = fixed
            live = [f for f in again if _fix_key(f) not in dropped]
        if not renewed:
            return current, total, list(dropped.values())
        for f in renewed:
            dropped.setdefault(_fix_key(f), f)
    return text, 0, list(dropped.values())  # never settled: write nothing


def _lines(text: str) -> list[str]:
    """Lines as patch tools count them: split after each "\\n" only (str.splitlines also splits at U+2028, form
    feeds and lone CRs, which would make hunks patch cannot find), each line keeping its ending."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(path: str, before: str, after: str) -> str:
    """A patch ``patch -p1`` and ``git apply`` accept. difflib leaves the last line of a file without a final
    newline as it is, which runs it into the next diff line ("corrupt patch"); the marker line of GNU diff
    (``\\ No newline at end of file``) after it says the line really ends there."""
    out = []
    for line in difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    ):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + NO_NEWLINE)
    return "".join(out)
