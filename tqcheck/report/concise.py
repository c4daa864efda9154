"""``--format concise``: ``path:line:col: RULE [severity] message``, one finding per line (grep- and editor-friendly)."""

from __future__ import annotations


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render(run) -> str:
    lines = []
    # What follows the position repeats across findings (one rule, one wording, often one suggestion): written once
    # per distinct rule, severity, message and suggestions shown (2,000 articles: ~25,000 findings, ~50 ms → ~25).
    tails: dict[tuple, str] = {}
    for f in run.findings:
        shown = f.suggestions[:3]
        key = (f.rule, f.severity, f.message, *shown)
        tail = tails.get(key)
        if tail is None:
            msg = _one_line(f.message)
            if shown:
                msg += " → " + " | ".join(map(_one_line, shown))
            tail = tails[key] = f" {f.rule} [{f.severity}] {msg}"
        lines.append(f"{f.file}:{f.line}:{f.column}:{tail}")
    s = run.summary()
    if run.statistics:
        for rule, n in s["by_rule"].items():
            lines.append(f"{n:6d}\t{rule}")
    bs = s["by_severity"]
    lines.append(
        f"Found {s['findings']} finding(s) in {s['files']} file(s): "
        f"{bs['error']} error, {bs['warning']} warning, {bs['info']} info."
    )
    return "\n".join(lines) + "\n"
