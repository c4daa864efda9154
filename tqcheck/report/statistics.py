"""``--statistics``: only the counts per rule, as ``ruff check --statistics`` prints them, instead of the report.

A text table (count, rule, severity, category) for every format but the JSON ones, which get a JSON list of
``{"rule", "count", "severity", "category"}`` objects, most frequent first, so a script can read it as it reads
``--format json``. Input errors still go to standard error and still make the exit code 2.
"""

from __future__ import annotations

import json
from collections import Counter


def _rows(run) -> list[tuple[str, int, str, str]]:
    """(rule, count, worst severity, category), most frequent first, then by rule id."""
    counts: Counter[str] = Counter()
    worst: dict[str, object] = {}
    category: dict[str, str] = {}
    for f in run.findings:
        counts[f.rule] += 1
        if f.rule not in worst or f.severity > worst[f.rule]:
            worst[f.rule] = f.severity
        category.setdefault(f.rule, f.category)
    return [
        (rule, n, str(worst[rule]), category[rule])
        for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def render_statistics(run, fmt: str) -> str:
    rows = _rows(run)
    if fmt in ("json", "json-lines"):
        data = [{"rule": r, "count": n, "severity": s, "category": c} for r, n, s, c in rows]
        if fmt == "json-lines":
            return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in data)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    from ..visible import visible  # a project's rule ids and categories are text from its rules.yaml

    return "".join(f"{n:6d}\t{visible(rule)}\t[{sev}]\t{visible(cat)}\n" for rule, n, sev, cat in rows)
