"""Reporters: one module per output format, each a ``render(run) -> str`` over the same :class:`Run`; the machine
formats also ``write(run, out)``, the report written to ``out`` file by file as the results come (:func:`write`).

:data:`FORMATS` is the one list of formats: the command line's choices, its ``--format`` help and what a run keeps
for a format all derive from it. A new format is its module (``render(run) -> str``) plus one line there. Modules
are resolved lazily by name so that ``--format json`` never imports rich, and this package imports only the
finding model, so the command line can read the list at start-up for nothing.
"""

from __future__ import annotations

import importlib
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import compress, islice
from operator import attrgetter, eq, le
from typing import TYPE_CHECKING, TextIO

from ..model import FileResult, Finding, Severity
from ..visible import escape_surrogates

if TYPE_CHECKING:
    from ..config import Config

_SEVERITY = attrgetter("severity")
_RULE = attrgetter("rule")


class Format:
    """One output format: the module that renders it (imported only when the format is used), and whether it
    shows a file's text (source lines, fix positions), for which the checked text is kept. A plain class: a
    NamedTuple's generated code would cost every start more than the eight entries are worth."""

    __slots__ = ("module", "shows_text", "streams")

    def __init__(self, module: str, *, shows_text: bool = False, streams: bool = True) -> None:
        self.module = module
        self.shows_text = shows_text
        self.streams = streams  # its module has write(run, out): the report written as the files are checked

    def __repr__(self) -> str:
        return f"Format({self.module!r}, shows_text={self.shows_text}, streams={self.streams})"


FORMATS: dict[str, Format] = {
    "full": Format("tqcheck.report.terminal", shows_text=True, streams=False),
    "concise": Format("tqcheck.report.concise"),
    "json": Format("tqcheck.report.json_"),
    "json-lines": Format("tqcheck.report.json_lines"),
    "sarif": Format("tqcheck.report.sarif", shows_text=True),
    "github": Format("tqcheck.report.github"),
    "junit": Format("tqcheck.report.junit"),
    "gitlab": Format("tqcheck.report.gitlab"),
    "html": Format("tqcheck.report.html", shows_text=True, streams=False),
}


@dataclass
class Run:
    """Everything a reporter may show: per-file results, the config, and a run signature.

    For :func:`write` ``results`` may be any iterable (a generator: each file checked as the report reaches it),
    iterated once; a result's findings may come piece by piece (:func:`pieces`)."""

    results: Iterable[FileResult]
    config: Config
    signature: str = ""
    statistics: bool = False
    color: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def summary(self) -> dict:
        tally = Tally()
        for r in self.results:
            tally.add_file(r)
            tally.add(r.findings)
        return tally.summary(self.config)


class Tally:
    """The summary's counts, kept as the report is written: a streamed report's summary comes after findings
    that are gone by then. Counted in C per file or piece (a 10 MB archive has ~45,000 findings)."""

    __slots__ = ("files", "unreadable", "findings", "per_severity", "by_rule")

    def __init__(self) -> None:
        self.files = self.unreadable = self.findings = 0
        self.per_severity: Counter = Counter()
        self.by_rule: Counter = Counter()

    def add_file(self, res: FileResult) -> None:
        """One input: checked, or (with an error) not read."""
        if res.error:
            self.unreadable += 1
        else:
            self.files += 1

    def add(self, findings: list[Finding]) -> None:
        """Findings of a file (or of one piece of it)."""
        self.findings += len(findings)
        self.per_severity.update(map(_SEVERITY, findings))
        self.by_rule.update(map(_RULE, findings))

    def summary(self, config: Config) -> dict:
        per_severity = self.per_severity
        return {
            "files": self.files,  # checked: a file that could not be read was not
            "files_with_errors": self.unreadable,
            "findings": self.findings,
            "by_severity": {str(s): per_severity[s] for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
            "by_rule": dict(sorted(self.by_rule.items())),
            "fail_on": str(config.fail_on),
        }


def pieces(res: FileResult) -> Iterable[list[Finding]]:
    """A result's findings as lists, in report order: one list, or the pieces of a result that has a ``source``
    (``tqcheck.chunks.StreamedResult``: a huge input's findings checked as the report is written)."""
    source = getattr(res, "source", None)
    return (res.findings,) if source is None else source


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
    ``related``). Findings keep their order; most places have one finding, so most runs copy the list only.

    A file's findings come sorted by place, so findings on one span stand next to each other: two C-level
    comparisons of neighbouring spans (sorted? equal?) find them, and only they are looked at in Python (a 10 MB
    archive has ~48,000 findings, ~1,400 spans of them shared). Findings in another order are grouped by a count
    of every span instead; both ways give the same result."""
    spans = list(map(_SPAN, findings))
    following = islice(spans, 1, None)
    if not all(map(le, spans, following)):
        return _merge_by_count(findings, spans, order)
    repeats = list(compress(range(1, len(spans)), map(eq, spans, islice(spans, 1, None))))  # same as the one before
    if not repeats:
        return findings
    groups: list[list[int]] = []
    previous = -2
    for i in repeats:
        if i != previous + 1:
            groups.append([i - 1])
        groups[-1].append(i)
        previous = i
    return _merge_groups(findings, groups, order)


def _merge_by_count(findings: list[Finding], spans: list[tuple[int, int]], order: dict[str, int]) -> list[Finding]:
    """``merge_same_place`` for findings in any order: a span is shared when it is counted more than once."""
    counts = Counter(spans)
    if len(counts) == len(findings):
        return findings
    groups: dict[tuple[int, int], list[int]] = {}
    for i, span in enumerate(spans):
        if counts[span] > 1:
            groups.setdefault(span, []).append(i)
    return _merge_groups(findings, list(groups.values()), order)


def _merge_groups(findings: list[Finding], groups: list[list[int]], order: dict[str, int]) -> list[Finding]:
    """Each group (the indices of the findings on one span, in order) reported by its highest-ranked finding,
    naming the other rules; empty spans and the tool's own findings (``tq_``) are never merged."""
    keep = [True] * len(findings)
    for group in groups:
        members = [i for i in group if findings[i].end > findings[i].start and not findings[i].rule.startswith("tq_")]
        if len(members) < 2:
            continue
        best = min(members, key=lambda i: _rank(findings[i], order))
        winner = findings[best]
        others = [findings[i].rule for i in members if findings[i].rule != winner.rule]
        winner.extra["related"] = list(dict.fromkeys([*winner.extra.get("related", []), *others]))
        for i in members:
            keep[i] = i == best
    return list(compress(findings, keep))


def name_files_visibly(run: Run) -> None:
    """Name each file with undecodable bytes (``bad\\xff.txt``, held as lone surrogates) as ``bad\\xff.txt`` in
    its result and findings, for every format at once: no format can write a lone surrogate as UTF-8 (SARIF's URI
    quoting raised, JSON went out with a raw 0xFF byte). Nearly every run has no such name: one search per file."""
    for res in run.results:
        _name_visibly(res)


def _name_visibly(res: FileResult) -> FileResult:
    """:func:`name_files_visibly` for one result (a streamed result's findings renamed as they come)."""
    if res.error:  # may name a path too ("symbolic link to a file outside <root>")
        res.error = escape_surrogates(res.error)
    if res.notes:
        res.notes = [escape_surrogates(note) for note in res.notes]
    shown = escape_surrogates(res.path)
    if shown == res.path:
        return res
    old, res.path = res.path, shown
    if getattr(res, "source", None) is not None:
        res.source = _renamed(res.source, old, shown)
        return res
    for f in res.findings:
        if f.file == old:
            f.file = shown
    return res


def _renamed(source: Iterable[list[Finding]], old: str, shown: str) -> Iterator[list[Finding]]:
    for piece in source:
        for f in piece:
            if f.file == old:
                f.file = shown
        yield piece


def render(fmt: str, run: Run) -> str:
    """The whole report as one string (the machine formats: what :func:`write` writes, collected)."""
    module = importlib.import_module(FORMATS[fmt].module)
    if FORMATS[fmt].streams:
        out = io.StringIO()
        write(fmt, run, out)
        return out.getvalue()
    name_files_visibly(run)
    return module.render(run)


def write(fmt: str, run: Run, out: TextIO) -> None:
    """Write the report to ``out``. The machine formats (those that ``stream``) write each file's findings as its
    result comes from ``run.results`` and keep only what their format states at the end (counts, the rule table,
    input errors), so memory does not grow with the findings; the others render one string."""
    module = importlib.import_module(FORMATS[fmt].module)
    if not FORMATS[fmt].streams:
        name_files_visibly(run)
        out.write(module.render(run))
        return
    module.write(replace(run, results=map(_name_visibly, run.results)), out)
