"""The CI output formats (json-lines, sarif, github, junit, gitlab) against ``--format json`` as the reference.

Two runs feed every test: the real Kuwait fixture through the real engine, and a hand-made run whose article
text, file names, messages, suggestions, fixes, notes, errors and scores are hostile (quotes, ``<>&``, CR/LF,
``%``, commas, colons, control characters, ``::error`` injection attempts, emoji). Each format is parsed back
and must carry exactly the findings json carries (as a multiset, so a dropped duplicate fails too).
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from tqcheck.document import Document
from tqcheck.engine import Engine, FileResult, place
from tqcheck.model import Finding, Fix, Severity
from tqcheck.report import FORMATS, Run, render
from tqcheck.report import github as github_mod
from tqcheck.report import gitlab as gitlab_mod
from tqcheck.runner import Options, resolve_config, run_checks

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CI_FORMATS = ["json-lines", "sarif", "github", "junit", "gitlab"]

HOSTILE_PATH = 'Redaktion/Bericht, Teil 1: "Öl" & <Gas> 100%.txt'
ERROR_PATH = "kaputt,datei:1.txt"
CLEAN_PATH = "sauber.txt"
INJECTION = "::error file=evil.txt,line=1::pwned"
HOSTILE_TEXT = (
    'Präsident Tokayev sagte: "Wir <lieben> & schätzen Kuwait" – 100 % sicher, oder: nicht?\n'
    f"{INJECTION}\n"
    "Zeile mit %0A::warning::injiziert und %25 und\r\n"
    "Steuerzeichen \x1b[31mrot\x1b[0m \x07 \x0b \x0c \x00 \x85 \u2028 Ende 🙂👍🏽 Ministerentnahme.\n"
    "##[error]alt ::add-mask::geheim, Tokayev &amp; <![CDATA[x]]> ]]>\n"
)
HOSTILE_SCORES = {
    "bleu": 12.5,
    "chrf": 40.25,
    "ter": 80.0,
    "signature": "nrefs:1|case:mixed|eff:no|tok:13a",
    "weakest": [{"line": 2, "chrf": 10.0, "hyp": "::error::x\n<&>\x1b", "ref": 'a "b" c'}],
}
ERROR_MESSAGE = "cannot decode: byte 0xff\n::error file=a::b %0A <&>"


@contextmanager
def _chdir(path: Path):
    """contextlib.chdir is 3.11+; the project supports 3.10."""
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def config():
    return resolve_config(Options(no_config=True))


@pytest.fixture(scope="module")
def kuwait_run(config) -> Run:
    with _chdir(ROOT):
        results = run_checks(config, Options(paths=["fixtures/article-kuwait.txt"], no_config=True))
    assert results and results[0].error is None and results[0].findings, "the fixture must produce findings"
    return Run(results=results, config=config, signature="test-signature")


def _handmade(text: str) -> list[Finding]:
    """Findings whose messages, suggestions and fixes quote the hostile text; offsets found by search."""

    def span(needle: str, nth: int = 0) -> tuple[int, int]:
        pos = -1
        for _ in range(nth + 1):
            pos = text.index(needle, pos + 1)
        return pos, pos + len(needle)

    controls = "\x1b[31mrot\x1b[0m \x07 \x0b \x0c \x00 \x85 \u2028"
    specs = [
        (
            "name_translit",
            Severity.WARNING,
            "„Tokayev“ ist die englische Umschrift",
            span("Tokayev"),
            ["Tokajew"],
            "Tokajew",
            True,
        ),
        (
            "name_translit",
            Severity.WARNING,
            "„Tokayev“ ist die englische Umschrift",
            span("Tokayev", 1),
            ["Tokajew"],
            "Tokajew",
            True,
        ),
        (
            "lex_ministerentnahme",
            Severity.ERROR,
            f'Zitat: „{INJECTION}“\n::error::second line, 100% sicher, a:b <x> & "q"',
            span(INJECTION),
            ["a,b:c", "x\n::notice::y"],
            "::error::fix\nmore",
            False,
        ),
        (
            "x_hostile,rule:1",
            Severity.INFO,
            "über Zeilen: %0A %25 \r\n::warning::z",
            span("und %25 und\r\nSteuerzeichen"),
            [],
            None,
            False,
        ),
        ("case_allcaps_name", Severity.WARNING, f"Steuerzeichen: {controls}", span(controls), [], None, False),
        ("num_claim", Severity.INFO, "Emoji „🙂👍🏽“ zählt in Codepunkten", span("🙂👍🏽"), [], None, False),
        ("tq_rule_failed", Severity.ERROR, 'rule x failed: <boom> & "quoted" ]]>', (0, 0), [], None, False),
        ("q_xml", Severity.WARNING, "CDATA-Ende „]]>“ im Text", span("<![CDATA[x]]> ]]>"), [], None, False),
    ]
    findings = []
    for rule, severity, message, (start, end), suggestions, replacement, safe in specs:
        fix = None if replacement is None else Fix(start, end, replacement, safe)
        findings.append(Finding(rule, severity, "Other", message, start, end, suggestions=list(suggestions), fix=fix))
    return findings


def _hostile_run(config, *, prefix: str = "", with_engine: bool = True) -> Run:
    text = prefix + HOSTILE_TEXT
    doc = Document(HOSTILE_PATH, text)
    findings = _handmade(text)
    place(findings, doc)
    if with_engine:
        findings.extend(Engine(config).check(doc))
    findings.sort(key=Finding.sort_key)
    clean = Document(CLEAN_PATH, "Ein sauberer Satz.\n")
    results = [
        FileResult(
            path=HOSTILE_PATH,
            findings=findings,
            document=doc,
            notes=["legacy encoding cp1252\n::error::note, a:b"],
            scores=dict(HOSTILE_SCORES),
        ),
        FileResult(path=ERROR_PATH, error=ERROR_MESSAGE),
        FileResult(path=CLEAN_PATH, findings=[], document=clean),
    ]
    return Run(results=results, config=config, signature='sig "with" <xml> & ::colons::')


@pytest.fixture(scope="module")
def hostile_run(config) -> Run:
    return _hostile_run(config)


@pytest.fixture(params=["kuwait", "hostile"])
def any_run(request, kuwait_run, hostile_run) -> Run:
    return kuwait_run if request.param == "kuwait" else hostile_run


# ---------------------------------------------------------------------------------------------- parsers
def _json_findings(run: Run) -> list[dict]:
    return json.loads(render("json", run))["findings"]


def _key(d: dict) -> tuple:
    return (d["rule"], d["file"], d["line"], d["column"])


def _unescape_data(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(value: str) -> str:
    return _unescape_data(value.replace("%3A", ":").replace("%2C", ","))


GITHUB_LINE = re.compile(
    r"^::(?P<cmd>error|warning|notice)"
    r"(?: (?P<props>[A-Za-z]+=[^,:\r\n]*(?:,[A-Za-z]+=[^,:\r\n]*)*))?"
    r"::(?P<data>[^\r\n]*)$"
)


def _github_commands(text: str) -> list[tuple[str, dict, str]]:
    assert text == "" or text.endswith("\n")
    out = []
    for line in text.split("\n")[:-1]:
        m = GITHUB_LINE.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = {}
        if m["props"]:
            for part in m["props"].split(","):
                key, _, value = part.partition("=")
                props[key] = _unescape_property(value)
        out.append((m["cmd"], props, _unescape_data(m["data"])))
    return out


JUNIT_LINE = re.compile(r"^(\d+):(\d+) (\S+) \[(error|warning|info)\] ")


def _carried(fmt: str, run: Run) -> Counter:
    """(rule, file, line, column) of every finding as the given format reports it."""
    text = render(fmt, run)
    keys: list[tuple] = []
    if fmt == "json-lines":
        for line in text.splitlines():
            obj = json.loads(line)
            if "type" not in obj:
                keys.append(_key(obj))
    elif fmt == "sarif":
        for r in json.loads(text)["runs"][0]["results"]:
            loc = r["locations"][0]["physicalLocation"]
            region = loc["region"]
            keys.append(
                (r["ruleId"], unquote(loc["artifactLocation"]["uri"]), region["startLine"], region["startColumn"])
            )
    elif fmt == "github":
        for _cmd, props, _data in _github_commands(text):
            if "title" in props and "line" in props and props["title"] != "tqcheck reference scores":
                col = int(props["col"]) if "col" in props else _column_of(run, props)
                keys.append((props["title"], props["file"], int(props["line"]), col))
    elif fmt == "junit":
        for case in ET.fromstring(text.encode("utf-8")).iter("testcase"):
            for child in case:
                if child.tag in ("failure", "system-out"):
                    for line in (child.text or "").splitlines():
                        m = JUNIT_LINE.match(line)
                        if m:
                            keys.append((m[3], case.get("name"), int(m[1]), int(m[2])))
    elif fmt == "gitlab":
        for issue in json.loads(text):
            if issue["check_name"] not in (gitlab_mod.INPUT_ERROR, gitlab_mod.SCORES):
                begin = issue["location"]["positions"]["begin"]
                keys.append((issue["check_name"], issue["location"]["path"], begin["line"], begin["column"]))
    return Counter(keys)


def _column_of(run: Run, props: dict) -> int:
    """Multi-line annotations carry no column in GitHub's syntax; take it from the unique json finding."""
    cols = {
        f.column
        for f in run.findings
        if (f.rule, f.file, f.line) == (props["title"], props["file"], int(props["line"])) and f.end_line != f.line
    }
    assert len(cols) == 1
    return cols.pop()


# ---------------------------------------------------------------------------------------------- all formats
def test_registry_names_resolve_to_these_modules(kuwait_run):
    for fmt in CI_FORMATS:
        assert FORMATS[fmt].module.startswith("tqcheck.report.")
        assert isinstance(render(fmt, kuwait_run), str)


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_every_format_carries_exactly_the_json_findings(fmt, any_run):
    expected = Counter(_key(d) for d in _json_findings(any_run))
    assert sum(expected.values()) == len(any_run.findings) > 0
    assert _carried(fmt, any_run) == expected


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_dropping_a_finding_is_noticed(fmt, kuwait_run):
    """Guard for the guard: the comparison above must fail when a format loses one finding."""
    res = kuwait_run.results[0]
    fewer = Run(
        results=[FileResult(path=res.path, findings=res.findings[1:], document=res.document)],
        config=kuwait_run.config,
    )
    expected = Counter(_key(d) for d in _json_findings(kuwait_run))
    assert _carried(fmt, fewer) != expected


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_empty_run_renders(fmt, config):
    text = render(fmt, Run(results=[], config=config))
    if fmt == "sarif":
        _validate_sarif(json.loads(text))
    elif fmt == "junit":
        assert ET.fromstring(text.encode()).find("testsuite").get("tests") == "0"
    elif fmt == "gitlab":
        assert json.loads(text) == []
    else:
        assert text == ""


# ---------------------------------------------------------------------------------------------- sarif
def _validate_sarif(log: dict) -> None:
    # The schema file declares draft-04 ($schema); validate with the declared draft and with Draft 7 too.
    declared = jsonschema.validators.validator_for(SCHEMA)
    for validator_cls in {declared, jsonschema.Draft7Validator}:
        validator_cls.check_schema(SCHEMA)
        errors = sorted(validator_cls(SCHEMA).iter_errors(log), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-Fa-f]{2})*$")


def test_sarif_validates_and_matches_json(any_run):
    log = json.loads(render("sarif", any_run))
    _validate_sarif(log)
    sarif_run = log["runs"][0]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    assert sarif_run["tool"]["driver"]["name"] == "tqcheck"
    rules = sarif_run["tool"]["driver"]["rules"]
    got = []
    for r in sarif_run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        got.append((r["ruleId"], region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]))
    want = [(d["rule"], d["line"], d["column"], d["end_line"], d["end_column"]) for d in _json_findings(any_run)]
    assert got == want
    for r, f in zip(sarif_run["results"], any_run.findings):
        assert r["level"] == {"error": "error", "warning": "warning", "info": "note"}[str(f.severity)]
        assert r["properties"] == {"category": f.category, "suggestions": f.suggestions}
        assert r["message"]["text"].startswith(f.message)
        assert ("fixes" in r) == (f.fix is not None)
        if f.match:
            assert r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == f.match
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert URI_REFERENCE.match(uri) and unquote(uri) == f.file
    for spec in any_run.config.selected():
        assert any(d["id"] == spec.id for d in rules)
    for d in rules:
        spec = any_run.config.rules.get(d["id"])
        if spec is not None:
            assert d["properties"]["category"] == spec.category
            assert d["properties"]["tags"] == [spec.category]
            assert (
                d["defaultConfiguration"]["level"]
                == {"error": "error", "warning": "warning", "info": "note"}[str(spec.severity)]
            )


def test_sarif_fixes_errors_and_scores(kuwait_run, hostile_run):
    assert json.loads(render("sarif", kuwait_run))["runs"][0]["invocations"][0]["executionSuccessful"] is True
    sarif_run = json.loads(render("sarif", hostile_run))["runs"][0]
    invocation = sarif_run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert [n["message"]["text"] for n in errors] == [ERROR_MESSAGE]
    assert unquote(errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == ERROR_PATH
    assert list(sarif_run["properties"]["scores"].values()) == [HOSTILE_SCORES]
    first = next(r for r in sarif_run["results"] if r["ruleId"] == "name_translit" and r.get("fixes"))
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert {k: replacement["deletedRegion"][k] for k in ("startLine", "startColumn", "endLine", "endColumn")} == {
        k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")
    }
    assert replacement["insertedContent"]["text"] == "Tokajew"
    assert first["fixes"][0]["properties"]["applicability"] == "safe"
    # a rule that is not in the pack still gets a descriptor
    assert any(d["id"] == "x_hostile,rule:1" for d in sarif_run["tool"]["driver"]["rules"])


def test_sarif_columns_are_code_points(hostile_run):
    sarif_run = json.loads(render("sarif", hostile_run))["runs"][0]
    emoji = next(r for r in sarif_run["results"] if r["ruleId"] == "num_claim" and "Emoji" in r["message"]["text"])
    region = emoji["locations"][0]["physicalLocation"]["region"]
    # three code points (smiley, thumbs up, skin tone); UTF-16 would count six
    assert region["endColumn"] - region["startColumn"] == len("🙂👍🏽") == 3


# ---------------------------------------------------------------------------------------------- github
def test_github_lines_follow_the_documented_syntax(any_run):
    text = render("github", any_run)
    commands = _github_commands(text)
    expected_lines = len(any_run.findings) + sum(bool(r.error) + len(r.notes) + bool(r.scores) for r in any_run.results)
    assert len(commands) == expected_lines
    for (cmd, props, _data), f in zip(commands, any_run.findings):
        assert cmd == {"error": "error", "warning": "warning", "info": "notice"}[str(f.severity)]
        assert list(props)[:3] == ["file", "line", "col"] or f.end_line != f.line
        assert props["file"] == f.file and props["title"] == f.rule


def test_github_article_text_cannot_inject_commands(hostile_run):
    text = render("github", hostile_run)
    for bad in ("\r", "\x1b", "\x00", "\x85", "\u2028", "\u2029"):
        assert bad not in text
    for line in text.split("\n")[:-1]:
        assert GITHUB_LINE.match(line)
        assert not line.startswith(("::error file=evil", "::add-mask", "::warning::injiziert", "##[error]"))
    commands = _github_commands(text)
    injected = next(data for _c, props, data in commands if props.get("title") == "lex_ministerentnahme")
    assert INJECTION in injected and "\n::error::second line, 100% sicher, a:b" in injected
    assert "x\n::notice::y" in injected  # suggestions survive, escaped
    error = next((props, data) for cmd, props, data in commands if cmd == "error" and "title" not in props)
    assert error == ({"file": ERROR_PATH}, ERROR_MESSAGE)
    assert any(props.get("file") == HOSTILE_PATH for _c, props, _d in commands)
    assert any("chrF2 40.25" in data for _c, _p, data in commands)


def test_github_escaping_helpers():
    assert github_mod.escape_data("100%\r\n::x, a:b") == "100%25%0D%0A::x, a:b"
    assert github_mod.escape_property("100%\r\n::x, a:b") == "100%25%0D%0A%3A%3Ax%2C a%3Ab"


# ---------------------------------------------------------------------------------------------- junit
def test_junit_structure_and_failures(any_run):
    root = ET.fromstring(render("junit", any_run).encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name") == "tqcheck"
    suite = suites[0]
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.path for r in any_run.results]
    fail_on = any_run.config.fail_on
    for case, res in zip(cases, any_run.results):
        assert case.get("classname") == "tqcheck"
        failing = [f for f in res.findings if f.severity >= fail_on]
        failure = case.find("failure")
        assert (failure is not None) == bool(failing)
        if failing:
            assert failure.get("message").startswith(f"{len(failing)} finding(s)")
            assert len([ln for ln in failure.text.splitlines() if JUNIT_LINE.match(ln)]) == len(failing)
        assert (case.find("error") is not None) == bool(res.error)
    n_fail = sum(1 for r in any_run.results if any(f.severity >= fail_on for f in r.findings))
    n_err = sum(1 for r in any_run.results if r.error)
    for element in (root, suite):
        assert element.get("tests") == str(len(any_run.results))
        assert element.get("failures") == str(n_fail)
        assert element.get("errors") == str(n_err)


def test_junit_escapes_hostile_text_and_carries_scores(hostile_run):
    text = render("junit", hostile_run)
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    root = ET.fromstring(text.encode("utf-8"))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {HOSTILE_PATH, ERROR_PATH, CLEAN_PATH}
    assert cases[ERROR_PATH].find("error").text == ERROR_MESSAGE
    assert cases[CLEAN_PATH].find("failure") is None
    failure = cases[HOSTILE_PATH].find("failure").text
    assert INJECTION in failure and 'rule x failed: <boom> & "quoted" ]]>' in failure
    out = cases[HOSTILE_PATH].find("system-out").text
    assert "chrF2: 40.25" in out and "Reference scores" in out
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props[f"scores:{HOSTILE_PATH}:chrf"] == "40.25"
    assert props["signature"] == hostile_run.signature


# ---------------------------------------------------------------------------------------------- gitlab
def test_gitlab_fingerprints_unique_and_stable(any_run):
    first = json.loads(render("gitlab", any_run))
    second = json.loads(render("gitlab", any_run))
    prints = [i["fingerprint"] for i in first]
    assert len(prints) == len(set(prints))
    assert prints == [i["fingerprint"] for i in second]
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for issue, f in zip(first, any_run.findings):
        assert issue["check_name"] == f.rule and issue["severity"] == severities[str(f.severity)]
        assert issue["location"]["lines"]["begin"] == f.line and issue["description"].startswith(f.message)
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])


def test_gitlab_fingerprints_survive_line_shifts(config):
    before = _hostile_run(config, with_engine=False)
    after = _hostile_run(config, prefix="Neue erste Zeile.\nUnd noch eine.\n", with_engine=False)
    assert [f.line + 2 for f in before.findings if f.rule != "tq_rule_failed"] == [
        f.line for f in after.findings if f.rule != "tq_rule_failed"
    ]
    assert gitlab_mod.fingerprints(before.findings) == gitlab_mod.fingerprints(after.findings)
    issues = json.loads(render("gitlab", before))
    assert [i for i in issues if i["check_name"] == gitlab_mod.INPUT_ERROR][0]["location"]["path"] == ERROR_PATH


# ---------------------------------------------------------------------------------------------- json-lines
def test_json_lines_one_object_per_line(any_run):
    text = render("json-lines", any_run)
    assert text.count("\n") == len(text.splitlines())  # no U+2028/NEL breaking a record for splitlines() users
    objects = [json.loads(line) for line in text.splitlines()]
    findings = [o for o in objects if "type" not in o]
    assert findings == _json_findings(any_run)
    assert all(list(o) == list(f.to_dict()) for o, f in zip(findings, any_run.findings))
    scores = [o for o in objects if o.get("type") == "scores"]
    assert scores == [{"type": "scores", "file": r.path, "scores": r.scores} for r in any_run.results if r.scores]
    errors = [o for o in objects if o.get("type") == "error"]
    assert errors == [{"type": "error", "file": r.path, "message": r.error} for r in any_run.results if r.error]


def test_json_finding_lines_are_the_encoded_dicts_byte_for_byte():
    """The report writes each finding directly (speed); it must be exactly json.dumps of Finding.to_dict()."""
    import copy
    import json

    from tqcheck.model import Finding, Fix, Severity
    from tqcheck.report import json_

    from .conftest import FIXTURES, check_text

    findings = check_text((FIXTURES / "article-kuwait.txt").read_text(encoding="utf-8"))
    odd = Finding(
        rule="x_odd",
        severity=Severity.WARNING,
        category='Fluency/"Quoted"\\',
        message="Zeile\nmit\t„Anführung“ \u2028 und \x00",
        start=0,
        end=1,
        suggestions=['"a"', "b\\c", "ß\u200b"],
        fix=Fix(0, 1, "„x“\n", safe=True),
        match="\x7f",
    )
    odd.file, odd.line, odd.column, odd.end_line, odd.end_column = 'dir/"file".txt', 3, 4, 5, 6
    said: dict = {}  # as render() passes them: repeated rule/message parts and repeated
    ends: dict = {}  # suggestion/match/fix parts come from them the second time
    unsafe = copy.copy(odd)  # the odd one with its fix unsafe: the same match and suggestions, another ending
    unsafe.fix = Fix(0, 1, "„x“\n", safe=False)
    for f in [*findings, odd, unsafe, *findings]:
        line = json_._finding_line(f, json_._str(f.file), said, ends)
        assert line == json.dumps(f.to_dict(), ensure_ascii=False)
        assert json.loads(line) == f.to_dict()
        assert line == json_._finding_line(f, json_._str(f.file))
    assert any(f.fix is not None for f in findings) and any(f.fix is None for f in findings)
    assert len(said) < len(findings)  # some findings share what they say
    assert len(ends) < len(findings)  # and how they end
