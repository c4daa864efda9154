"""``--format gitlab``: a GitLab Code Quality report (a JSON array of Code Climate-style issues).

GitLab compares the report of a merge request with the one of its target branch by ``fingerprint``: equal
fingerprints are "the same issue", new ones are shown as introduced. Editors add and remove lines in articles all
the time, so a line-based fingerprint would report every finding below an edit as new. The fingerprint here is
the SHA-256 of path, rule, flagged text and the occurrence index of that (path, rule, text) triple in the file;
it survives edits elsewhere and stays unique when the same word is flagged twice (GitLab keeps only the first
issue of a duplicated fingerprint).

Reference scores have no field of their own in the format: they are carried as one ``info`` issue per file
(``tq_reference_scores``, fingerprinted by path alone, so a merge request shows it changed only when the file
is new), its description the metrics with sacrebleu's signatures.
"""

from __future__ import annotations

import hashlib
import json

from ..model import Finding, Severity
from . import pieces
from .paths import display_path
from .scores import scores_line

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
INPUT_ERROR = "tq_input_error"
SCORES = "tq_reference_scores"


def fingerprint(path: str, rule: str, text: str, occurrence: int) -> str:
    """Stable across runs and line shifts; NUL-separated so that no two field splits hash alike."""
    key = "\0".join((display_path(path), rule, text, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, in order. Findings without flagged text (engine notices) use the message."""
    return _fingerprints(findings, {})


def _fingerprints(findings: list[Finding], seen: dict[tuple[str, str, str], int]) -> list[str]:
    """:func:`fingerprints`, counting occurrences in ``seen`` (kept across the pieces of a run)."""
    out = []
    for f in findings:
        text = f.match or f.message
        key = (display_path(f.file), f.rule, text)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out.append(fingerprint(f.file, f.rule, text, occurrence))
    return out


def _issue(f: Finding, fp: str) -> dict:
    description = f.message
    if f.suggestions:
        description += " → " + " | ".join(f.suggestions[:3])
    return {
        "type": "issue",
        "description": description,
        "check_name": f.rule,
        "fingerprint": fp,
        "severity": SEVERITIES[f.severity],
        "location": {
            "path": display_path(f.file),
            "lines": {"begin": max(1, f.line), "end": max(1, f.end_line, f.line)},
            # Extra to GitLab's minimum (it reads ``lines``); columns help other Code Climate consumers.
            "positions": {
                "begin": {"line": max(1, f.line), "column": max(1, f.column)},
                "end": {"line": max(1, f.end_line, f.line), "column": max(1, f.end_column)},
            },
        },
    }


def write(run, out) -> None:
    """All findings, plus one ``critical`` issue per unreadable input so the widget does not look clean: the
    array ``json.dumps(issues, indent=2)`` writes, an issue at a time as the findings come."""
    seen: dict[tuple[str, str, str], int] = {}
    rest: list[dict] = []
    first = True
    for res in run.results:
        for findings in pieces(res):
            if findings:
                items = [_item(_issue(f, fp)) for f, fp in zip(findings, _fingerprints(findings, seen))]
                out.write(("[\n  " if first else ",\n  ") + ",\n  ".join(items))
                first = False
        if res.error:
            rest.append(
                {
                    "type": "issue",
                    "description": res.error,
                    "check_name": INPUT_ERROR,
                    "fingerprint": fingerprint(res.path, INPUT_ERROR, res.error, 0),
                    "severity": "critical",
                    "location": {"path": display_path(res.path), "lines": {"begin": 1}},
                }
            )
        if res.scores:
            rest.append(
                {
                    "type": "issue",
                    "description": "Reference scores: " + scores_line(res.scores),
                    "check_name": SCORES,
                    "fingerprint": fingerprint(res.path, SCORES, "", 0),
                    "severity": "info",
                    "location": {"path": display_path(res.path), "lines": {"begin": 1}},
                }
            )
    if rest:
        out.write(("[\n  " if first else ",\n  ") + ",\n  ".join(map(_item, rest)))
        first = False
    out.write("[]\n" if first else "\n]\n")


def _item(issue: dict) -> str:
    """One issue as it stands in the array (``json.dumps(issues, indent=2)``: one level in)."""
    return json.dumps(issue, ensure_ascii=False, indent=2).replace("\n", "\n  ")
