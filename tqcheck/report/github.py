"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`` (warnings ``::warning``, info
``::notice``). The runner reads every stdout line that starts with ``::`` as a command, and the message quotes
article text, so escaping is a security matter, not cosmetics: with GitHub's documented escapes (data:
``%`` ``\\r`` ``\\n``; properties also ``:`` and ``,``) no article can end the line early and smuggle in its own
``::error``/``::add-mask`` command. Other control characters (ANSI escapes, NEL, line/paragraph separators) are
shown as escapes (``\\x1b``, by :func:`tqcheck.visible.visible`), because the log viewer and line-splitting tools
would otherwise act on them.
"""

from __future__ import annotations

from ..model import Finding, Severity
from ..visible import visible
from . import pieces
from .paths import display_path
from .scores import scores_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _clean(value: str) -> str:
    """Control characters shown, not obeyed; CR and LF stay for the percent-escaping that follows."""
    return visible(value, newlines=True)


def escape_data(value: str) -> str:
    """GitHub's escaping for the message after ``::``."""
    return _clean(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """GitHub's escaping for ``key=value`` properties: data escaping plus ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    """One workflow command line; properties in the given order, ``None`` values left out."""
    parts = [f"{key}={escape_property(str(value))}" for key, value in props.items() if value is not None]
    head = f"::{name} {','.join(parts)}" if parts else f"::{name}"
    return f"{head}::{escape_data(message)}"


def _finding(f: Finding) -> str:
    message = f.message
    if f.suggestions:
        message += " → " + " | ".join(f.suggestions[:3])
    same_line = f.end_line == f.line
    # GitHub rejects col/endColumn on annotations that span lines.
    return command(
        COMMANDS[f.severity],
        message,
        file=display_path(f.file),
        line=f.line,
        col=f.column if same_line else None,
        endLine=max(f.end_line, f.line),
        endColumn=f.end_column if same_line else None,
        title=f.rule,
    )


def _scores_text(scores: dict) -> str:
    """``Reference scores: BLEU 71.29 (nrefs:1|…), chrF2 83.69 (…), TER 18.60 (…)``: each metric with its
    sacrebleu signature, as sacrebleu prints them."""
    line = scores_line(scores)
    return "Reference scores: " + line if line else "Reference scores"


def write(run, out) -> None:
    """Commands only: anything else on stdout would just be log noise next to the annotations. The findings a
    file (or a piece of one) at a time, then each file's errors, notes and scores."""
    rest: list[str] = []
    for res in run.results:
        for findings in pieces(res):
            if findings:
                out.write("".join([_finding(f) + "\n" for f in findings]))
        path = display_path(res.path)
        if res.error:
            rest.append(command("error", res.error, file=path))
        for note in res.notes:
            rest.append(command("notice", note, file=path, title="tqcheck"))
        if res.scores:
            rest.append(command("notice", _scores_text(res.scores), file=path, title="tqcheck reference scores"))
    out.write("".join(line + "\n" for line in rest))
