"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure, CircleCI).

One ``<testcase>`` per checked article, so the test report reads like an editorial checklist: an article
*fails* when it has a finding at or above ``fail_on`` (the same rule as the exit code) and *errors* when it
could not be read. Findings below the threshold are not failures but are still listed in ``<system-out>``.

Built with :mod:`xml.etree.ElementTree` (never by string concatenation) because messages quote article text;
characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are stripped first,
since no escaping can represent them and one of them would make the whole report unparsable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import Finding
from . import pieces
from .scores import score_rows

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(value: object) -> str:
    return _ILLEGAL_XML.sub("", str(value))


def _one_line(text: str) -> str:
    return " ".join(_xml(text).split())


def _finding_line(f: Finding) -> str:
    line = f"{f.line}:{f.column} {f.rule} [{f.severity}] {_one_line(f.message)}"
    if f.suggestions:
        line += " → " + " | ".join(_one_line(s) for s in f.suggestions[:3])
    return line


def _scores_lines(scores: dict) -> list[str]:
    lines = ["Reference scores:"]
    for _key, label, value, sig in score_rows(scores):
        lines.append(f"  {label}: {value:.2f}" + (f" ({_one_line(sig)})" if sig else ""))
    for seg in scores.get("weakest") or []:
        if isinstance(seg, dict):
            chrf = seg.get("chrf")
            shown = f"{chrf:.2f}" if isinstance(chrf, (int, float)) else "?"
            lines.append(f"  weakest line {seg.get('line', '?')} (chrF {shown}): {_one_line(str(seg.get('hyp', '')))}")
    return lines


def _add_property(parent: ET.Element, name: str, value: object) -> None:
    ET.SubElement(parent, "property", name=_xml(name), value=_xml(value))


def write(run, out) -> None:
    """``<testsuites>`` with a single ``<testsuite name="tqcheck">``; counts are per article, not per finding.

    The counts stand on the suite, before its test cases, so each case is written to a temporary file as its file
    comes (a case holds that file's findings as text) and copied into place at the end: what
    ``ET.indent`` and ``ET.tostring`` make of the whole tree, byte for byte."""
    import tempfile
    import uuid

    fail_on = run.config.fail_on
    props = ET.Element("properties")
    _add_property(props, "signature", run.signature)
    _add_property(props, "fail_on", fail_on)
    tests = failures = errors = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass") as spool:
        for res in run.results:
            case, failed = _case(res, fail_on, props)
            tests += 1
            failures += failed
            errors += bool(res.error)
            ET.indent(case, level=2)
            case.tail = None
            spool.write(_CASE_INDENT + ET.tostring(case, encoding="unicode"))
        marker = f"cases-{uuid.uuid4().hex}"
        suites = ET.Element("testsuites", name="tqcheck")
        suite = ET.SubElement(suites, "testsuite", name="tqcheck")
        suite.append(props)
        if tests:
            ET.SubElement(suite, marker)
        for element in (suites, suite):
            element.set("tests", str(tests))
            element.set("failures", str(failures))
            element.set("errors", str(errors))
        suite.set("skipped", "0")
        ET.indent(suites)
        text = ET.tostring(suites, encoding="unicode")
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not tests:
            out.write(text + "\n")
            return
        head, tail = text.split(f"{_CASE_INDENT}<{marker} />", 1)
        out.write(head)
        spool.seek(0)
        while block := spool.read(1 << 20):
            out.write(block)
        out.write(tail + "\n")


_CASE_INDENT = "\n    "  # a test case's place in the tree: testsuites/testsuite/testcase


def _case(res, fail_on, props: ET.Element) -> tuple[ET.Element, bool]:
    """One article's ``<testcase>`` (its scores also as the suite's ``props``), and whether it fails."""
    case = ET.Element("testcase", classname="tqcheck", name=_xml(res.path), file=_xml(res.path))
    out: list[str] = []
    if res.error:
        error = ET.SubElement(case, "error", message=_one_line(res.error), type="input-error")
        error.text = _xml(res.error)
    failing: list[str] = []
    others: list[str] = []
    for findings in pieces(res):
        for f in findings:
            (failing if f.severity >= fail_on else others).append(_finding_line(f))
    if failing:
        failure = ET.SubElement(
            case,
            "failure",
            message=f"{len(failing)} finding(s) at or above {fail_on}",
            type="tqcheck",
        )
        failure.text = "\n".join(failing)
    if others:
        out.append(f"{len(others)} finding(s) below {fail_on}:")
        out.extend(others)
    for note in res.notes:
        out.append(f"note: {_one_line(note)}")
    if res.scores:
        out.extend(_scores_lines(res.scores))
        for key, _label, value, sig in score_rows(res.scores):
            _add_property(props, f"scores:{res.path}:{key}", value)
            if sig:
                _add_property(props, f"scores:{res.path}:{key}:signature", sig)
    if out:
        ET.SubElement(case, "system-out").text = "\n".join(out)
    return case, bool(failing)
