"""Reporters: one module per output format, each a ``render(run) -> str`` over the same :class:`Run`.

Resolved lazily by name so that ``--format json`` never imports rich.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter

from ..config import Config
from ..engine import FileResult
from ..model import Finding, Severity

_SEVERITY = attrgetter("severity")
_RULE = attrgetter("rule")

FORMATS = {
    "full": "tqcheck.report.terminal",
    "concise": "tqcheck.report.concise",
    "json": "tqcheck.report.json_",
    "json-lines": "tqcheck.report.json_lines",
    "sarif": "tqcheck.report.sarif",
    "github": "tqcheck.report.github",
    "junit": "tqcheck.report.junit",
    "gitlab": "tqcheck.report.gitlab",
}


@dataclass
class Run:
    """Everything a reporter may show: per-file results, the config, and a run signature."""

    results: list[FileResult]
    config: Config
    signature: str = ""
    statistics: bool = False
    color: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def summary(self) -> dict:
        findings = self.findings  # a property that gathers every file's findings: gather once
        # Counted in C (a 10 MB archive has ~45,000 findings): per severity, then per rule.
        per_severity = Counter(map(_SEVERITY, findings))
        counts = {str(s): per_severity[s] for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        by_rule = Counter(map(_RULE, findings))
        unreadable = sum(1 for r in self.results if r.error)
        return {
            "files": len(self.results) - unreadable,  # checked: a file that could not be read was not
            "files_with_errors": unreadable,
            "findings": len(findings),
            "by_severity": counts,
            "by_rule": dict(sorted(by_rule.items())),
            "fail_on": str(self.config.fail_on),
        }


_SPAN = attrgetter("start", "end")


def _rank(f: Finding, order: dict[str, int]) -> tuple:
    """Which of several findings at one place is reported: the most severe, then the one that says most (a
    safe fix, the source span, a name group, any fix, suggestions), then the rule that comes first in the pack."""
    return (
        -f.severity,
        not (f.fix is not None and f.fix.safe),
        "source" not in f.extra,
        "entity" not in f.extra,
        f.fix is None,
        not f.suggestions,
        order.get(f.rule, len(order)),
    )


def merge_same_place(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    """One finding per place, as Ruff never reports one violation twice: findings of different rules on exactly
    the same span ("NORTLEU": wire capitals and a name spelt four ways; an English sentence: copied from the source
    and untranslated) become the highest-ranked one, with the others' rule ids in ``extra["related"]`` (JSON:
    ``related``). Findings keep their order; most places have one finding, so most runs copy the list only."""
    counts = Counter(map(_SPAN, findings))
    if len(counts) == len(findings):
        return findings
    groups: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        if counts[f.start, f.end] > 1 and f.end > f.start and not f.rule.startswith("tq_"):
            groups.setdefault((f.start, f.end), []).append(f)
    drop: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        best = min(group, key=lambda f: _rank(f, order))
        others = [f.rule for f in group if f.rule != best.rule]
        best.extra["related"] = list(dict.fromkeys([*best.extra.get("related", []), *others]))
        drop.update(id(f) for f in group if f is not best)
    return [f for f in findings if id(f) not in drop]


def render(fmt: str, run: Run) -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(run)
