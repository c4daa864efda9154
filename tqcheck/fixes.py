"""Applying fixes: safe ones with ``--fix``, all with ``--unsafe-fixes``; ``--diff`` shows them without writing.

Fixes never overlap (the earlier one wins, the rest wait for the next run) and are applied to the text as it
was read, so line endings, encoding and BOM survive; the write itself is atomic (textio.write_atomic).
"""

from __future__ import annotations

import difflib

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
    chosen = applicable(findings, unsafe)
    parts = []
    pos = 0
    n = 0
    for f in chosen:
        fx = f.fix
        if text[fx.start : fx.end] == fx.replacement:
            continue
        parts.append(text[pos : fx.start])
        parts.append(fx.replacement)
        pos = fx.end
        n += 1
    parts.append(text[pos:])
    return "".join(parts), n


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
