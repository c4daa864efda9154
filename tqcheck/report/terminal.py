"""``--format full``: the rich report an editor reads: per file, each finding with line:column, the line with the
span highlighted, message and suggestions; name variants grouped as one entity; numeric claims as a
fact-checking table; a summary by rule and severity. Plain text (no colour codes) when not on a terminal.
"""

from __future__ import annotations

import io
import shutil
from collections import defaultdict

from ..model import Severity

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
LABEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
CONTEXT = 40  # characters of the line shown either side of a finding


def _snippet(line: str, col: int, end_col: int):
    from rich.text import Text

    start = col - 1
    end = max(start + 1, end_col - 1) if end_col > col else min(len(line), start + 1)
    lo = max(0, start - CONTEXT)
    hi = min(len(line), end + CONTEXT)
    t = Text("    ")
    if lo > 0:
        t.append("…", style="dim")
    t.append(line[lo:start], style="dim")
    t.append(line[start:end] or " ", style="bold reverse")
    t.append(line[end:hi], style="dim")
    if hi < len(line):
        t.append("…", style="dim")
    return t


def render(run) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    width = shutil.get_terminal_size((110, 24)).columns if run.color else 110
    console = Console(
        file=buf,
        force_terminal=bool(run.color),
        no_color=not run.color,
        width=width,
        highlight=False,
        soft_wrap=False,
    )
    for res in run.results:
        if res.error:
            console.print(Text(f"{res.path}: error: {res.error}", style="bold red"))
            continue
        for note in res.notes:
            console.print(Text(f"{res.path}: note: {note}", style="dim"))
        findings = res.findings
        console.rule(Text(f"{res.path}  ({len(findings)} finding(s))", style="bold"), align="left")
        if not findings:
            console.print(Text("  no findings", style="green"))
            continue
        doc = res.document
        entity_shown: set[str] = set()
        # every rule of the numeric_claims kind goes to the fact-checking table, not only the packaged one
        claim_rules = {r.id for r in run.config.rules.values() if r.kind == "numeric_claims"}
        claims = [f for f in findings if f.rule in claim_rules]
        for f in findings:
            if f.rule in claim_rules:
                continue
            if "entity" in f.extra:
                key = f.rule + "|" + f.extra["entity"]
                if key in entity_shown:
                    continue
                entity_shown.add(key)
                group = [g for g in findings if g.rule == f.rule and g.extra.get("entity") == f.extra["entity"]]
                _print_entity(console, group, doc)
                continue
            head = Text(f"  {f.line}:{f.column}  ")
            head.append(f"{LABEL[f.severity]:<7}", style=STYLE[f.severity])
            head.append(f" {f.rule}  ", style="bold")
            head.append(f.message)
            console.print(head)
            if doc is not None and f.line:
                console.print(
                    _snippet(doc.line_text(f.line), f.column, f.end_column if f.end_line == f.line else 10**9),
                    no_wrap=True,
                    overflow="ellipsis",
                )
            if f.suggestions:
                console.print(Text("    → " + " | ".join(f.suggestions[:4]), style="green"))
        if claims:
            table = Table(title="Zahlen zum Prüfen (numeric claims)", title_justify="left", show_lines=False)
            table.add_column("Zeile", justify="right")
            table.add_column("Angabe", style="bold")
            table.add_column("Kontext")
            for f in claims:
                table.add_row(str(f.line), f.extra.get("claim", f.match), f.extra.get("context", ""))
            console.print(table)
        if res.scores:
            _print_scores(console, res.scores)
    summary = run.summary()
    if summary["findings"] or run.statistics:
        table = Table(title="Summary", title_justify="left")
        table.add_column("rule")
        table.add_column("error", justify="right")
        table.add_column("warning", justify="right")
        table.add_column("info", justify="right")
        per: dict[str, dict[Severity, int]] = defaultdict(lambda: defaultdict(int))
        for f in run.findings:
            per[f.rule][f.severity] += 1
        for rule in sorted(per):
            row = per[rule]
            table.add_row(rule, *(str(row[s] or "") for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)))
        console.print(table)
    bs = summary["by_severity"]
    console.print(
        f"{summary['findings']} finding(s) in {summary['files']} file(s): {bs['error']} error, "
        f"{bs['warning']} warning, {bs['info']} info (failing at: {summary['fail_on']} and above)."
    )
    return buf.getvalue()


def _print_entity(console, group, doc) -> None:
    from rich.text import Text

    f = group[0]
    worst = max(g.severity for g in group)
    head = Text("  ")
    head.append(f"{LABEL[worst]:<7}", style=STYLE[worst])
    head.append(f" {f.rule}  ", style="bold")
    head.append(f"one name, {len(f.extra.get('spellings', []))} spellings: " + ", ".join(f.extra.get("spellings", [])))
    head.append(f"  → {f.extra['entity']}", style="green")
    console.print(head)
    for g in group:
        line = Text(f"    {g.line}:{g.column}  ")
        line.append(g.match, style="bold")
        if doc is not None:
            s = doc.line_text(g.line)
            lo = max(0, g.column - 1 - 30)
            line.append("   …" + s[lo : g.column - 1 + 40].replace("\n", " ") + "…", style="dim")
        console.print(line)


def _print_scores(console, scores: dict) -> None:
    """Document-level BLEU/chrF/TER with sacrebleu's signatures, then the five weakest sentences by chrF."""
    from rich.table import Table

    table = Table(title="Reference scores (sacrebleu)", title_justify="left")
    table.add_column("metric")
    table.add_column("score", justify="right")
    table.add_column("signature", style="dim")
    sigs = scores.get("signature") or {}
    for key, label in (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER")):
        if key in scores:
            sig = sigs.get(key, "") if isinstance(sigs, dict) else str(sigs)
            table.add_row(label, f"{scores[key]:.2f}", sig)
    console.print(table)
    weakest = scores.get("weakest") or []
    if weakest:
        wt = Table(title="Weakest sentences by chrF", title_justify="left", show_lines=True)
        wt.add_column("line", justify="right")
        wt.add_column("chrF", justify="right")
        wt.add_column("translation")
        wt.add_column("reference")
        for w in weakest:
            wt.add_row(str(w.get("line", "")), f"{w.get('chrf', 0):.1f}", w.get("hyp", ""), w.get("ref", ""))
        console.print(wt)
