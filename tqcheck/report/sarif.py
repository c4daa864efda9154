"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Choices that matter to consumers:

* ``tool.driver.rules`` lists every *selected* rule (plus any rule id that produced a finding without being in
  the pack, such as ``tq_rule_failed``), so the rule table is the same from run to run and a viewer can tell
  "rule ran, found nothing" from "rule did not run".
* ``run.columnKind`` is ``unicodeCodePoints`` because tqcheck counts columns in code points; end columns are
  exclusive, which is also SARIF's definition of ``endColumn``.
* Input errors are not results (nothing was checked) but ``toolExecutionNotifications``, and they make
  ``executionSuccessful`` false, so a CI consumer cannot mistake an unreadable article for a clean one.
* Artifact URIs are relative, forward-slashed and percent-encoded: article file names contain spaces, umlauts
  and commas, and SARIF requires a valid URI reference.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from .._version import __version__
from ..model import Finding, Severity
from ..visible import escape_surrogates
from . import pieces
from .paths import relative_path

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: relative to the working directory where possible, else a ``file:`` URI."""
    norm, inside = relative_path(escape_surrogates(path))  # an undecodable byte cannot be UTF-8 quoted
    if not inside:
        return Path(norm).as_uri()
    return quote(norm, safe="/-._~!$&'()*+,;=@")


def _text(value: str) -> dict:
    return {"text": value}


def _example_text(example) -> str:
    """rules.yaml examples are plain strings or ``{text, match, fix}`` mappings."""
    if isinstance(example, dict):
        return str(example.get("text", ""))
    return str(example)


def _help_text(spec) -> str:
    parts = [f"Message: {spec.message}"]
    if spec.description:
        parts.insert(0, spec.description)
    bad = [_example_text(e) for e in spec.examples.get("bad", []) or []]
    good = [_example_text(e) for e in spec.examples.get("good", []) or []]
    if bad:
        parts.append("Flagged:\n" + "\n".join(f"- {e}" for e in bad))
    if good:
        parts.append("Not flagged:\n" + "\n".join(f"- {e}" for e in good))
    return "\n\n".join(parts)


def _descriptor(spec) -> dict:
    """A reportingDescriptor for a rule from the configuration."""
    return {
        "id": spec.id,
        "name": spec.id,
        "shortDescription": _text(spec.description or spec.message),
        "fullDescription": _text(f"{spec.description}\n\n{spec.message}" if spec.description else spec.message),
        "help": _text(_help_text(spec)),
        "defaultConfiguration": {"level": LEVELS[spec.severity]},
        "properties": {"category": spec.category, "tags": [spec.category], "kind": spec.kind},
    }


def _synthetic_descriptor(finding: Finding) -> dict:
    """A descriptor for a finding whose rule is not in the pack (engine-made findings such as a failed rule)."""
    return {
        "id": finding.rule,
        "name": finding.rule,
        "shortDescription": _text(finding.rule),
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"category": finding.category, "tags": [finding.category]},
    }


def _region(line: int, column: int, end_line: int, end_column: int, snippet: str = "") -> dict:
    region = {
        "startLine": max(1, line),
        "startColumn": max(1, column),
        "endLine": max(1, end_line, line),
        "endColumn": max(1, end_column),
    }
    if snippet:
        region["snippet"] = _text(snippet)
    return region


def _fix(finding: Finding, document, uri: str) -> dict | None:
    fix = finding.fix
    if fix is None:
        return None
    if document is not None:
        line, col = document.line_col(fix.start)
        end_line, end_col = document.line_col(fix.end)
        deleted = _region(line, col, end_line, end_col)
    elif (fix.start, fix.end) == (finding.start, finding.end):
        deleted = _region(finding.line, finding.column, finding.end_line, finding.end_column)
    else:  # no text to place it in lines: character offsets are still exact (columnKind applies to them too)
        deleted = {"charOffset": fix.start, "charLength": max(0, fix.end - fix.start)}
    replacement: dict = {"deletedRegion": deleted}
    if fix.replacement:
        replacement["insertedContent"] = _text(fix.replacement)
    applicability = "safe" if fix.safe else "unsafe"
    return {
        "description": _text(f"Replace „{finding.match}“ with „{fix.replacement}“ ({applicability})"),
        "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [replacement]}],
        "properties": {"applicability": applicability},
    }


def _message(finding: Finding) -> str:
    if finding.suggestions:
        return f"{finding.message} → {' | '.join(finding.suggestions[:3])}"
    return finding.message


class _Log:
    """What the log states around its results, gathered while the results are written: the rule table (the
    selected rules, then any other rule id as its first finding comes), the artifacts, the notifications and the
    scores. Everything here is per rule or per file; the results themselves are written out as they come."""

    def __init__(self, run) -> None:
        self.config = run.config
        self.rules: list[dict] = []
        self.rule_index: dict[str, int] = {}
        for spec in run.config.selected():
            self.rule_index[spec.id] = len(self.rules)
            self.rules.append(_descriptor(spec))
        self.artifacts: list[dict] = []
        self.artifact_index: dict[str, int] = {}
        self.notifications: list[dict] = []
        self.scores: dict[str, dict] = {}
        self.failed = False

    def index(self, f: Finding) -> int:
        """The rule's index in the table, a rule not in the pack added as its first finding comes."""
        index = self.rule_index.get(f.rule)
        if index is None:
            index = self.rule_index[f.rule] = len(self.rules)
            spec = self.config.rules.get(f.rule)
            self.rules.append(_descriptor(spec) if spec is not None else _synthetic_descriptor(f))
        return index

    def file(self, res) -> dict:
        """The artifact location of ``res`` (added once per URI), its notifications and scores noted."""
        uri = artifact_uri(res.path)
        if uri not in self.artifact_index:
            self.artifact_index[uri] = len(self.artifacts)
            artifact: dict = {"location": {"uri": uri}}
            if res.document is not None:
                artifact["encoding"] = res.document.encoding
            self.artifacts.append(artifact)
        where = {"uri": uri, "index": self.artifact_index[uri]}
        if res.error:
            self.failed = True
            self.notifications.append(_notification("error", "input-error", res.error, where))
        for note in res.notes:
            self.notifications.append(_notification("note", "input-note", note, where))
        if res.scores:
            self.scores[uri] = res.scores
        return where

    def around(self, run, marker: str) -> list[str]:
        """The log as ``json.dumps(log, indent=2)`` writes it, cut where its ``results`` array goes."""
        sarif_run: dict = {
            "tool": {
                "driver": {
                    "name": "tqcheck",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": self.rules,
                }
            },
            "invocations": [{"executionSuccessful": not self.failed, "toolExecutionNotifications": self.notifications}],
            "artifacts": self.artifacts,
            "columnKind": "unicodeCodePoints",
            "results": marker,
            "properties": {"signature": run.signature, "failOn": str(run.config.fail_on)},
        }
        if self.scores:
            sarif_run["properties"]["scores"] = self.scores
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}
        return json.dumps(log, ensure_ascii=False, indent=2).split(json.dumps(marker), 1)


_RESULT_INDENT = "\n        "  # a result's depth in the log: $schema/runs/[run]/results/[result]


def write(run, out) -> None:
    """The log as one JSON document (one ``run``), byte for byte what ``json.dumps(log, indent=2)`` writes. The rule
    table, the invocation's success and the artifacts come before the results in the log and depend on every file,
    so the results go to a temporary file as they come (each finding is made into its result and dropped) and are
    copied into place once the rest is known."""
    import tempfile
    import uuid

    log = _Log(run)
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass") as spool:
        count = 0
        for res in run.results:
            where = log.file(res)
            for findings in pieces(res):
                if not findings:
                    continue
                items = [
                    json.dumps(_result(f, log.index(f), where, res.document), ensure_ascii=False, indent=2)
                    for f in findings
                ]
                spool.write(_spooled(items, count))
                count += len(items)
        head, tail = log.around(run, f"results-{uuid.uuid4().hex}")
        out.write(head)
        if count:
            out.write("[")
            spool.seek(0)
            while block := spool.read(1 << 20):
                out.write(block)
            out.write("\n      ]")
        else:
            out.write("[]")
        out.write(tail + "\n")


def _spooled(items: list[str], before: int) -> str:
    """Results (each ``json.dumps(result, indent=2)``) as they stand in the log's ``results`` array, after
    ``before`` others."""
    text = ",".join(_RESULT_INDENT + item.replace("\n", _RESULT_INDENT) for item in items)
    return "," + text if before else text


def _notification(level: str, descriptor: str, text: str, where: dict) -> dict:
    return {
        "level": level,
        "descriptor": {"id": descriptor},
        "message": _text(text),
        "locations": [{"physicalLocation": {"artifactLocation": dict(where)}}],
    }


def _result(f: Finding, index: int, where: dict, document) -> dict:
    result: dict = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": _text(_message(f)),
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": dict(where),
                    "region": _region(f.line, f.column, f.end_line, f.end_column, f.match),
                }
            }
        ],
        "properties": {"category": f.category, "suggestions": list(f.suggestions)},
    }
    src = f.extra.get("source")
    if src:  # source-aware findings: the span in the source file, so a reviewer sees both sides
        result["relatedLocations"] = [
            {
                "id": 1,
                "message": {"text": "source"},
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(str(src["file"]))},
                    "region": _region(src["line"], src["column"], src["end_line"], src["end_column"], src["text"]),
                },
            }
        ]
    fix = _fix(f, document, where["uri"])
    if fix is not None:
        result["fixes"] = [fix]
    return result
