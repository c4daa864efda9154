"""``--format concise``: ``path:line:col: RULE [severity] message``, one finding per line (grep- and editor-friendly).

After the findings: ``path: scores: BLEU … (signature), chrF2 …, TER …`` for each file checked against a
reference, then the summary line."""

from __future__ import annotations

from ..visible import visible
from . import Tally, pieces
from .scores import scores_line


def _one_line(text: str) -> str:
    """One line, shown: whitespace runs become one space, then control characters are escaped (never obeyed)."""
    return visible(" ".join(text.split()))


def not_read(n: int) -> str:
    """The summary's clause for inputs that could not be read (they are not counted as checked)."""
    return f"; {n} file could not be read" if n == 1 else f"; {n} files could not be read" if n else ""


def write(run, out) -> None:
    """The findings a file (or a piece of one) at a time, then the scores, then the summary, counted on the way."""
    # What follows the position repeats across findings (one rule, one wording, often one suggestion): written once
    # per distinct rule, severity, message and suggestions shown (2,000 articles: ~25,000 findings, a few hundred tails).
    tails: dict[tuple, str] = {}
    names: dict[str, str] = {}
    scores: list[str] = []
    tally = Tally()
    for res in run.results:
        tally.add_file(res)
        for findings in pieces(res):
            if findings:
                tally.add(findings)
                out.write("".join([_line(f, tails, names) for f in findings]))
        if res.scores:  # reference scores (--reference, or a partner file found by name)
            scores.append(f"{visible(res.path)}: scores: {scores_line(res.scores)}\n")
    out.write("".join(scores))
    if run.extra.get("no_summary"):  # --quiet: only what fails
        return
    s = tally.summary(run.config)
    bs = s["by_severity"]
    out.write(
        f"Found {s['findings']} finding(s) in {s['files']} file(s): "
        f"{bs['error']} error, {bs['warning']} warning, {bs['info']} info{not_read(s['files_with_errors'])}.\n"
    )


def _line(f, tails: dict[tuple, str], names: dict[str, str]) -> str:
    """One finding's line, its tail and file name made once (``tails``, ``names``)."""
    shown = f.suggestions[:3]
    related = f.extra.get("related") if f.extra else None
    key = (
        (f.rule, f.severity, f.message, *shown)
        if not related
        else (f.rule, f.severity, f.message, *shown, None, *related)
    )
    tail = tails.get(key)
    if tail is None:
        msg = _one_line(f.message)
        if related:  # the other rules that flagged this place (before the suggestions, which end the line)
            msg += " (auch " + ", ".join(map(_one_line, related)) + ")"
        if shown:
            msg += " → " + " | ".join(map(_one_line, shown))
        tail = tails[key] = f" {_one_line(f.rule)} [{f.severity}] {msg}"
    name = names.get(f.file)
    if name is None:  # a newline in a file name would forge a line of its own: shown escaped
        name = names[f.file] = visible(f.file)
    return f"{name}:{f.line}:{f.column}:{tail}\n"
