"""Human-readable rule listings: ``tqcheck --list-rules`` and ``tqcheck --explain RULE``."""

from __future__ import annotations

from .config import Config


def list_rules_text(cfg: Config) -> str:
    selected = {r.id for r in cfg.selected()}
    rows = []
    for r in sorted(cfg.rules.values(), key=lambda r: r.id):
        state = "on " if r.id in selected else "off"
        desc = (r.description or r.message).splitlines()[0]
        rows.append(f"{r.id:<34} {state} {str(r.severity):<7} {r.category:<38} {desc}")
    header = f"{'rule':<34} sel {'severity':<7} {'category':<38} description"
    return header + "\n" + "\n".join(rows) + "\n"


def explain_rule(cfg: Config, rule_id: str) -> str | None:
    r = cfg.rules.get(rule_id)
    if r is None:
        return None
    lines = [
        f"{r.id}  ({r.kind}, {r.severity}, {r.category})",
        "",
        r.description or r.message,
        "",
        f"message: {r.message}",
    ]
    if r.suggest:
        lines.append("suggests: " + " | ".join(r.suggest))
    if r.fix:
        lines.append(f"fix: {r.fix}")
    ex = r.examples or {}
    for label in ("bad", "good"):
        items = ex.get(label) or []
        if items:
            lines.append("")
            lines.append("flagged:" if label == "bad" else "not flagged:")
            for e in items:
                text = e if isinstance(e, str) else (e.get("text") or e.get("tgt") or "")
                if isinstance(e, dict) and e.get("src"):
                    text = f"{text}   [source: {e['src']}]"
                lines.append(f"  - {text}")
    lines.append("")
    lines.append(f"defined in: {r.origin}")
    return "\n".join(lines) + "\n"
