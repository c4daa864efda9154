"""``--format json``: one object ``{"version": 1, "findings": [...], "summary": {...}}``. Stable: add keys only."""

from __future__ import annotations

import json


def render(run) -> str:
    doc = {
        "version": 1,
        "signature": run.signature,
        "findings": [f.to_dict() for f in run.findings],
        "errors": [{"file": r.path, "message": r.error} for r in run.results if r.error],
        "summary": run.summary(),
    }
    scores = {r.path: r.scores for r in run.results if r.scores}
    if scores:
        doc["scores"] = scores
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
