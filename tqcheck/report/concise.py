"""``--format concise``: ``path:line:col: RULE [severity] message``, one finding per line (grep- and editor-friendly)."""

from __future__ import annotations


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render(run) -> str:
    lines = []
    one_line: dict[str, str] = {}  # messages repeat across findings (one rule, one wording): flatten each once
    for f in run.findings:
        msg = one_line.get(f.message)
        if msg is None:
            msg = one_line[f.message] = _one_line(f.message)
        if f.suggestions:
            msg += " → " + " | ".join(_one_line(s) for s in f.suggestions[:3])
        lines.append(f"{f.file}:{f.line}:{f.column}: {f.rule} [{f.severity}] {msg}")
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
