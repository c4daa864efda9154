"""``--format full``: the rich report an editor reads, in German throughout (the findings are German, so is the
frame around them): per file, each finding with Zeile:Spalte, the line with the span highlighted, message and
suggestions; name variants grouped as one entity; numeric claims as a fact-checking table; reference scores; a
summary by rule and severity. Plain text (no colour codes) unless colour is on (see ``app.use_color``).

Laid out for the width it is given (the terminal's, ``COLUMNS``, else 80): a message too long for its line wraps
under the finding, four columns in; a line of article text is cut to a window around the flagged span at word
boundaries, with "…" only where text was actually left out.
"""

from __future__ import annotations

import io
import os
import sys
import textwrap
from collections import defaultdict

from ..model import Severity
from ..visible import visible
from .scores import score_rows

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
LABEL = {Severity.ERROR: "Fehler", Severity.WARNING: "Warnung", Severity.INFO: "Hinweis"}
PLURAL = {Severity.ERROR: "Fehler", Severity.WARNING: "Warnungen", Severity.INFO: "Hinweise"}
INDENT = "    "  # continuation lines, snippets and suggestions sit this far in, under their finding
MIN_WIDTH = 40
# Input errors as the German frame says them (the reasons come from the file layer, in English).
REASONS = {
    "no such file or directory": "Datei oder Verzeichnis nicht gefunden",
    "permission denied": "keine Leseberechtigung",
    "is a directory": "ist ein Verzeichnis",
    "symbolic link loop": "Schleife symbolischer Links",
    "broken symbolic link (its target does not exist)": "symbolischer Link ohne Ziel",
}


def report_width(env: dict[str, str] | None = None) -> int:
    """Columns to lay the report out in: ``COLUMNS`` when set, else the terminal of stdout (or of stderr, when
    stdout is piped into a pager), else 80. Never fewer than 40."""
    env = os.environ if env is None else env
    try:
        cols = int(env.get("COLUMNS", ""))
    except ValueError:
        cols = 0
    if cols <= 0:
        for stream in (sys.stdout, sys.stderr):
            try:
                cols = os.get_terminal_size(stream.fileno()).columns
                break
            except (AttributeError, ValueError, OSError):
                continue
    return max(MIN_WIDTH, cols or 80)


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _fmt(value: float, digits: int = 2) -> str:
    """A number as German copy writes it: 83,69."""
    from ..numformats import german_decimal

    return german_decimal(f"{value:.{digits}f}")


def window(line: str, start: int, end: int, room: int) -> tuple[str, str, str, bool, bool]:
    """Cut ``line`` to at most ``room`` characters around ``[start, end)``: (before, span, after, cut_left,
    cut_right). Context is split evenly and cut at spaces (a word is shown whole or not at all, unless it is all
    the context there is), and the span itself is shortened only when it alone is wider than the room."""
    span = line[start:end]
    if len(line) <= room:
        return line[:start], span, line[end:], False, False
    room -= 2  # the two ellipses this line may need
    if len(span) >= room:
        return "", span[: max(1, room - 1)] + "…", "", start > 0, False
    left_room = (room - len(span)) // 2
    right_room = room - len(span) - left_room
    if start < left_room:  # short text before the span: give the rest to the right
        right_room += left_room - start
        left_room = start
    elif len(line) - end < right_room:
        left_room += right_room - (len(line) - end)
        right_room = len(line) - end
    lo = start - left_room
    hi = end + right_room
    if lo > 0:  # start after a space: no half word after the "…"
        space = line.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(line) and line[hi] != " ":  # end before one
        space = line.rfind(" ", end, hi)
        hi = space if space >= end else hi
    return line[lo:start], span, line[end:hi].rstrip(), lo > 0, hi < len(line)


def render(run) -> str:
    """The full report of a run: each file's findings, claims table and scores, then the overview by rule and the
    summary line."""
    buf = io.StringIO()
    width = run.extra.get("width") or report_width()
    console = _console(buf, bool(run.color), width)
    claim_rules = {r.id for r in run.config.rules.values() if r.kind == "numeric_claims"}
    for res in run.results:
        _print_file(console, res, claim_rules, width)
    summary = run.summary()
    if summary["findings"] or run.statistics:
        _print_overview(console, run.findings)
    console.print(_summary_text(run, summary, width))
    out = buf.getvalue()
    return out if run.color else "\n".join(part.rstrip() for part in out.split("\n"))


def _console(buf: io.StringIO, color: bool, width: int):
    """A rich console writing into ``buf``: colour codes only when ``color``, no markup, emoji or highlighting
    (the findings are plain text and must print as they are)."""
    from rich.console import Console

    return Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        soft_wrap=False,
        emoji=False,
        markup=False,
    )


def _print_file(console, res, claim_rules: set[str], width: int) -> None:
    """One file: why it could not be read, or its notes, a rule with the count, each finding (a name's variants
    as one entity), the numeric claims as a table and the reference scores."""
    from rich.text import Text

    if res.error:
        reason = REASONS.get(res.error, res.error)
        console.print(Text(visible(f"{res.path}: nicht lesbar: {reason}"), style="bold red"))
        return
    for note in res.notes:
        console.print(Text(visible(f"{res.path}: Hinweis: {note}"), style="dim"))
    findings = res.findings
    head = f"{visible(res.path)} ({plural(len(findings), 'Befund', 'Befunde')})"
    console.rule(Text(head, style="bold"), align="left")
    if not findings:
        console.print(Text("  keine Befunde", style="green"))
    doc = res.document
    entity_shown: set[str] = set()
    # every rule of the numeric_claims kind goes to the fact-checking table, not only the packaged one
    claims = [f for f in findings if f.rule in claim_rules]
    pos_w = max((len(f"{f.line}:{f.column}") for f in findings if f.rule not in claim_rules), default=0)
    for f in findings:
        if f.rule in claim_rules:
            continue
        if "entity" in f.extra:
            key = f.rule + "|" + f.extra["entity"]
            if key in entity_shown:
                continue
            entity_shown.add(key)
            group = [g for g in findings if g.rule == f.rule and g.extra.get("entity") == f.extra["entity"]]
            _print_entity(console, group, doc, width)
            continue
        _print_finding(console, f, doc, width, pos_w)
    if claims:
        _print_claims(console, claims, width)
    if res.scores:
        _print_scores(console, res.scores, width)


def _print_claims(console, claims: list, width: int) -> None:
    """The numeric claims of a file as the fact-checking table: line, claim, context."""
    from rich.table import Table

    table = Table(title="Zahlen zum Prüfen", title_justify="left", width=min(width, 160), expand=False)
    table.add_column("Zeile", justify="right", no_wrap=True)
    table.add_column("Angabe", style="bold", ratio=1)
    table.add_column("Kontext", ratio=3)
    for f in claims:
        table.add_row(str(f.line), _flat(f.extra.get("claim", f.match)), _flat(f.extra.get("context", "")))
    console.print(table)


def _print_overview(console, findings: list) -> None:
    """The findings of the run counted by rule and severity, rules in order."""
    from rich.table import Table

    table = Table(title="Übersicht", title_justify="left")
    table.add_column("Regel")
    for s in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        table.add_column(PLURAL[s], justify="right")
    per: dict[str, dict[Severity, int]] = defaultdict(lambda: defaultdict(int))
    for f in findings:
        per[f.rule][f.severity] += 1
    for rule in sorted(per):
        row = per[rule]
        table.add_row(visible(rule), *(str(row[s] or "") for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)))
    console.print(table)


def _summary_text(run, summary: dict, width: int):
    """The closing line: findings and files, counts by severity, the failing threshold, unreadable files."""
    from rich.text import Text

    bs = summary["by_severity"]
    counts = ", ".join(
        plural(bs[str(s)], LABEL[s], PLURAL[s]) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    line = (
        f"{plural(summary['findings'], 'Befund', 'Befunde')} in {plural(summary['files'], 'Datei', 'Dateien')}: "
        f"{counts} (Schwelle: {LABEL[run.config.fail_on]})"
    )
    unread = summary["files_with_errors"]
    if unread:
        line += "; " + (
            "1 Datei konnte nicht gelesen werden" if unread == 1 else f"{unread} Dateien konnten nicht gelesen werden"
        )
    return Text("\n".join(textwrap.wrap(line + ".", width=width, subsequent_indent="  ")))


def _flat(text: str) -> str:
    """Untrusted text (a message quoting the article, a suggestion, a cell) for one line of the report:
    whitespace runs as one space (as wrapping treats them anyway), terminal commands shown, never obeyed."""
    return visible(" ".join(text.split()))


def _wrapped(head_len: int, message: str, width: int) -> list[str]:
    """``message`` in lines: the first continues the head (``head_len`` columns), the rest sit at INDENT."""
    first_room = max(10, width - head_len)
    words = message.split()
    first: list[str] = []
    used = 0
    while words and used + len(words[0]) + (1 if first else 0) <= first_room:
        used += len(words[0]) + (1 if first else 0)
        first.append(words.pop(0))
    if not first and words and head_len <= len(INDENT):  # one word wider than the line: let it overflow
        first.append(words.pop(0))
    rest = textwrap.wrap(" ".join(words), width=width - len(INDENT), break_on_hyphens=False) if words else []
    return [" ".join(first), *rest]


def _print_finding(console, f, doc, width: int, pos_w: int = 0) -> None:
    from rich.text import Text

    head = Text(f"  {f'{f.line}:{f.column}':<{pos_w}}  ")
    head.append(f"{LABEL[f.severity]:<7}", style=STYLE[f.severity])
    head.append(f"  {visible(f.rule)}  ", style="bold")
    related = f.extra.get("related")
    message = _flat(f.message + (f" (auch {', '.join(related)})" if related else ""))
    lines = _wrapped(len(head.plain), message, width)
    if lines[0]:
        head.append(lines[0])
    else:  # nothing fits after the head: the message starts on the next line
        head.rstrip()
    console.print(head, no_wrap=True, overflow="ignore", crop=False)
    for cont in lines[1:]:
        console.print(Text(INDENT + cont), no_wrap=True, overflow="ignore", crop=False)
    if doc is not None and f.line:
        line = doc.line_text(f.line).rstrip("\r\n")
        start = f.column - 1
        end = f.end_column - 1 if f.end_line == f.line else len(line)
        end = max(start + 1, end) if start < len(line) else start
        console.print(_snippet(line, start, end, width), no_wrap=True, overflow="ignore", crop=False)
    if f.suggestions:
        arrow = Text(INDENT + "→ " + " | ".join(map(_flat, f.suggestions[:4])), style="green")
        console.print(arrow, no_wrap=True, overflow="ignore", crop=False)


def _snippet(line: str, start: int, end: int, width: int):
    from rich.text import Text

    before, span, after, cut_left, cut_right = window(line, start, end, width - len(INDENT))
    t = Text(INDENT)
    if cut_left:
        t.append("…", style="dim")
    t.append(visible(before), style="dim")
    t.append(visible(span) or " ", style="bold reverse")
    t.append(visible(after), style="dim")
    if cut_right:
        t.append("…", style="dim")
    return t


def _print_entity(console, group, doc, width: int) -> None:
    """One name spelt several ways: a head line, then every place, the columns aligned across the group."""
    from rich.text import Text

    f = group[0]
    worst = max(g.severity for g in group)
    spellings = f.extra.get("spellings", [])
    head = Text("  ")
    head.append(f"{LABEL[worst]:<7}", style=STYLE[worst])
    head.append(f"  {visible(f.rule)}  ", style="bold")
    message = _flat(f"ein Name, {len(spellings)} Schreibungen: " + ", ".join(spellings))
    lines = _wrapped(len(head.plain), message, width)
    head.append(lines[0])
    console.print(head, no_wrap=True, overflow="ignore", crop=False)
    for cont in lines[1:]:
        console.print(Text(INDENT + cont), no_wrap=True, overflow="ignore", crop=False)
    if f.suggestions:
        console.print(Text(INDENT + "→ " + " | ".join(map(_flat, f.suggestions[:4])), style="green"))
    pos_w = max(len(f"{g.line}:{g.column}") for g in group)
    match_w = max(len(_flat(g.match)) for g in group)
    for g in group:
        row = Text(f"{INDENT}{g.line}:{g.column}".ljust(len(INDENT) + pos_w) + "  ")
        row.append(_flat(g.match).ljust(match_w), style="bold")
        if doc is not None and g.line:
            line = doc.line_text(g.line).rstrip("\r\n")
            start = g.column - 1
            end = g.end_column - 1 if g.end_line == g.line else len(line)
            room = width - len(row.plain) - 2
            if room >= 20:
                before, span, after, cut_left, cut_right = window(line, start, end, room)
                row.append("  " + ("…" if cut_left else "") + visible(before), style="dim")
                row.append(visible(span), style="dim underline")
                row.append(visible(after) + ("…" if cut_right else ""), style="dim")
        console.print(row, no_wrap=True, overflow="ignore", crop=False)
    also: dict[str, list[str]] = {}  # other rules that flagged the same places, reported here once
    for g in group:
        for rule in g.extra.get("related", ()):
            also.setdefault(rule, []).append(f"{g.line}:{g.column}")
    if also:
        text = "auch gemeldet von " + "; ".join(
            f"{visible(rule)} ({', '.join(places)})" for rule, places in also.items()
        )
        for part in textwrap.wrap(text, width=width - len(INDENT)):
            console.print(Text(INDENT + part, style="dim"), no_wrap=True, overflow="ignore", crop=False)


def _print_scores(console, scores: dict, width: int) -> None:
    """Document-level BLEU/chrF/TER with sacrebleu's signatures, then the five weakest sentences by chrF."""
    from rich.table import Table

    table = Table(title="Referenzwerte (sacrebleu)", title_justify="left")
    table.add_column("Maß")
    table.add_column("Wert", justify="right")
    table.add_column("Signatur", style="dim", overflow="fold")
    for _key, label, value, sig in score_rows(scores):
        table.add_row(label, _fmt(value), visible(sig))
    console.print(table)
    weakest = scores.get("weakest") or []
    if weakest:
        wt = Table(title="Schwächste Sätze nach chrF", title_justify="left", show_lines=True)
        wt.add_column("Zeile", justify="right", no_wrap=True)
        wt.add_column("chrF", justify="right", no_wrap=True)
        wt.add_column("Übersetzung", ratio=1)
        wt.add_column("Referenz", ratio=1)
        for w in weakest:
            wt.add_row(
                str(w.get("line", "")), _fmt(w.get("chrf", 0), 1), _flat(w.get("hyp", "")), _flat(w.get("ref", ""))
            )
        console.print(wt)
