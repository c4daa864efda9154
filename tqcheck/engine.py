"""Run the selected rules over documents and turn their raw findings into the final list.

Policy lives here, not in the checks: which rules run (selection), which findings are dropped (accepted words,
per-path ignores, inline directives), and the positions every reporter shows. Rules are compiled once per run
(``Engine.__init__``), so checking 2,000 files does not recompile 100 patterns 2,000 times.
"""

from __future__ import annotations

import fnmatch
import re
from bisect import bisect_right
from operator import attrgetter

from .checks import KIND_NEEDS, KINDS
from .checks.analysis import DocumentAnalysis, RunAnalysis
from .checks.base import Check
from .config import Config, RuleSpec, selector_matches
from .document import Document, reader_form
from .model import RULE_FAILED, FileResult, Finding, Fix, Severity
from .process import exit_code

__all__ = ["Engine", "FileResult", "exit_code", "place", "PLACE_KEY", "RULE_FAILED", "SORT_KEY"]

# Finding.sort_key as a C-level key: sorting a 10 MB archive's ~45,000 findings calls it once per finding.
SORT_KEY = attrgetter("file", "start", "end", "rule", "message")
_DEDUPE_KEY = attrgetter("rule", "start", "end", "message")  # one finding per rule, span and message
# SORT_KEY without the file, for the findings of one document (their file is one): the same order, and sorting
# compares the offsets first with the integer fast path rather than the file names, equal every time.
PLACE_KEY = attrgetter("start", "end", "rule", "message")


class Engine:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.analysis = RunAnalysis(config)  # what every document of the run shares
        self.specs: list[RuleSpec] = self.analysis.selected
        self._built: dict[str, Check] = {}
        self._accept = _Accepted(config.accept)

    def __reduce__(self) -> tuple:
        """An engine pickles as its configuration: compiled patterns and caches are built again where it lands
        (worker processes, cluster workers)."""
        return (Engine, (self.config,))

    def check(
        self,
        doc: Document,
        source: Document | None = None,
        reference: Document | None = None,
        *,
        placed: bool = True,
    ) -> list[Finding]:
        """The document's findings, filtered; with ``placed`` also given line:column and sorted (a caller that
        checks a piece of a larger text places them against the whole text itself, once)."""
        ctx = DocumentAnalysis(doc, self.analysis, source, reference)
        ignored_here = self._ignored_for_path(doc.path)
        raw = self._raw_findings(doc, ctx, ignored_here)
        if doc.view_map is not None:  # checked on the reader's view: offsets, quotes and fixes of the original
            to_original(raw, doc)
        if doc.raw is not doc.masked:  # Markdown or HTML: markup was blanked out for the checks
            raw = off_markup(raw, doc)
        findings = self._kept(raw, doc)
        directives = doc.meta.get("directives")
        if directives is not None:
            findings.extend(directives.unused_findings(self.config, self._enabled_ids() - ignored_here))
        if placed:
            place(findings, doc)
            findings.sort(key=PLACE_KEY)
        return findings

    def _raw_findings(self, doc: Document, ctx: DocumentAnalysis, ignored: set[str]) -> list[Finding]:
        """Every selected rule's findings on ``doc``, in rule order; a rule that raises gives one
        ``tq_rule_failed`` error instead (one broken rule must not stop the gate)."""
        source, reference = ctx.source, ctx.reference
        raw: list[Finding] = []
        for spec in self.specs:
            if spec.id in ignored:
                continue
            needs = KIND_NEEDS.get(spec.kind, frozenset())
            if ("source" in needs and source is None) or ("reference" in needs and reference is None):
                continue
            try:
                raw.extend(self.check_for(spec).run(doc, ctx))
            except Exception as exc:
                raw.append(
                    Finding(
                        rule=RULE_FAILED,
                        severity=Severity.ERROR,
                        category="Other",
                        message=f"rule {spec.id} failed on this file: {exc}",
                        start=0,
                        end=0,
                    )
                )
        return raw

    def _kept(self, raw: list[Finding], doc: Document) -> list[Finding]:
        """``raw`` without accepted words, findings an inline directive suppresses, and duplicates (one finding
        per rule, span and message: the first stays, in order)."""
        directives = doc.meta.get("directives")
        accept = self._accept if self.config.accept else None  # most runs accept nothing: no call per finding
        if accept is None and directives is None:
            # Only duplicates to drop: map and dict.fromkeys over the ~4,000 findings per MB instead of a Python
            # loop building a key each; one pass when there are none (the usual case).
            unique = dict.fromkeys(map(_DEDUPE_KEY, raw))
            if len(unique) == len(raw):
                return raw
            first = dict(zip(reversed(list(map(_DEDUPE_KEY, raw))), reversed(raw)))
            return list(map(first.__getitem__, unique))
        findings = []
        seen = set()
        viewed = doc.view_map is not None  # offsets are the original's: an accepted word is judged as read
        for f in raw:
            if accept is not None and f.rule != RULE_FAILED and accept(_flagged(f, doc, viewed)):
                continue
            if directives is not None and f.rule != RULE_FAILED and directives.suppresses(f):
                continue
            key = _DEDUPE_KEY(f)
            if key in seen:
                continue
            seen.add(key)
            findings.append(f)
        return findings

    def check_for(self, spec: RuleSpec) -> Check:
        """The rule's check, built on first use: a rule that never runs never imports its kind."""
        check = self._built.get(spec.id)
        if check is None:
            check = self._built[spec.id] = KINDS[spec.kind](spec, self.config)
        return check

    @property
    def checks(self) -> list[tuple[RuleSpec, Check]]:
        """All selected rules with their checks (builds every one; for tools and tests, not the hot path)."""
        return [(spec, self.check_for(spec)) for spec in self.specs]

    def _enabled_ids(self) -> set[str]:
        return {spec.id for spec in self.specs}

    def _ignored_for_path(self, path: str) -> set[str]:
        out: set[str] = set()
        if not self.config.per_file_ignores:
            return out
        norm = path.replace("\\", "/")
        for glob, selectors in self.config.per_file_ignores.items():
            if fnmatch.fnmatch(norm, glob) or fnmatch.fnmatch(norm.rsplit("/", 1)[-1], glob):
                for spec in self.specs:
                    if any(selector_matches(s, spec) for s in selectors):
                        out.add(spec.id)
        return out


def _flagged(f: Finding, doc: Document, viewed: bool) -> str:
    """The text a finding flags, for the accepted words: as the reader sees it."""
    if not viewed:
        return f.match or doc.text[f.start : f.end]
    return reader_form(f.match or doc.raw[f.start : f.end])


def to_original(findings: list[Finding], doc: Document) -> None:
    """Take findings on a document's view (``doc.view_map``) back to the original text: their spans and their
    fixes' spans (a fix over a removed soft hyphen replaces it too), and the quoted ``match`` where it was the
    view's text (a rule's own match, such as a name, stays)."""
    span = doc.view_map.span
    text, raw = doc.text, doc.raw
    for f in findings:
        start, end = span(f.start, f.end)
        if f.match == text[f.start : f.end]:
            f.match = raw[start:end]
        f.start, f.end = start, end
        fix = f.fix
        if fix is not None:
            f.fix = Fix(*span(fix.start, fix.end), fix.replacement, fix.safe)


def off_markup(findings: list[Finding], doc: Document) -> list[Finding]:
    """The findings that are about prose, with fixes that never write over markup.

    Markup (a link's ``](url)``, a tag, front matter) is blanked with spaces for the checks, and those spaces are
    not the author's: a finding that begins or ends on one ("space before punctuation" where a link's target was)
    is about the masking, and is dropped; a fix whose span holds any blanked character would overwrite the markup
    ("[Heimbüro](http://x)." becoming "[Heimbüro."), so the finding keeps its place and message but loses its fix.
    """
    raw, masked = doc.raw, doc.masked
    out = []
    for f in findings:
        s, e = f.start, f.end
        if e > s and f.rule != RULE_FAILED and (raw[s] != masked[s] or raw[e - 1] != masked[e - 1]):
            continue
        fix = f.fix
        if fix is not None and raw[fix.start : fix.end] != masked[fix.start : fix.end]:
            f.fix = None
        out.append(f)
    return out


def place(findings: list[Finding], doc: Document) -> None:
    """Fill file, line and column (1-based, code points, end exclusive) from the offsets, as ``doc.line_col``
    gives them: in one loop with the line table bound once (a megabyte has ~4,000 findings; a ``line_col`` call
    per offset would clamp the offset and look up the table anew each time), and a finding's end found without a
    second search when it ends on the line it starts on (nearly all do)."""
    starts = doc.line_starts
    last = len(starts) - 1
    raw = doc.raw
    size = len(raw)
    path = doc.path
    for f in findings:
        s = max(0, min(f.start, size))
        e = max(0, min(f.end, size))
        i = bisect_right(starts, s) - 1
        j = i if s <= e and (i == last or e < starts[i + 1]) else bisect_right(starts, e) - 1
        f.file = path
        f.line, f.column, f.end_line, f.end_column = i + 1, s - starts[i] + 1, j + 1, e - starts[j] + 1
        if not f.match:
            f.match = raw[f.start : f.end]


class _Accepted:
    """Accepted words and names ("right for this house"): a finding whose flagged text is one is dropped. An entry
    may be a literal (case-sensitive) or ``/regex/``. A class, not a closure, so that an engine pickles."""

    def __init__(self, words: list[str]) -> None:
        self.literals = {w for w in words if not (len(w) > 1 and w.startswith("/") and w.endswith("/"))}
        self.patterns = [re.compile(w[1:-1]) for w in words if len(w) > 1 and w.startswith("/") and w.endswith("/")]

    def __call__(self, text: str) -> bool:
        if not self.literals and not self.patterns:
            return False
        t = text.strip()
        if t in self.literals:
            return True
        return any(p.fullmatch(t) for p in self.patterns)
