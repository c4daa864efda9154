"""The finding model every check produces and every reporter reads.

Checks deal only in character offsets into the decoded text; line and column are derived once, here and in
:mod:`tqcheck.document`, so every output format agrees on positions (1-based, columns in code points,
end exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import IntEnum
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # a FileResult may hold its checked text; the model imports no other module of tqcheck
    from .document import Document


# The finding of a rule that raised on a file: an error, never baselined or forgiven (the rule did not run).
RULE_FAILED = "tq_rule_failed"


class Severity(IntEnum):
    """Ordered so that ``finding.severity >= fail_on`` decides the exit code."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None

    def __str__(self) -> str:
        return _SEVERITY_NAMES[self]  # reports print it once per finding; Enum.name is a slow descriptor


_SEVERITY_NAMES = {s: s.name.lower() for s in Severity}


class Fix(NamedTuple):
    """A replacement of ``text[start:end]`` by ``replacement``; ``safe`` fixes are applied by ``--fix``.

    Immutable, as a frozen dataclass would be, but built by a NamedTuple's C constructor rather than a generated
    ``__init__``: a megabyte of news copy yields ~2,000 fixes, and a huge input's are made again once shifted to
    whole-file offsets."""

    start: int
    end: int
    replacement: str
    safe: bool = False


@dataclass(slots=True)
class Finding:
    """One problem at one place. ``start``/``end`` are offsets into the document text (end exclusive)."""

    rule: str
    severity: Severity
    category: str
    message: str
    start: int
    end: int
    suggestions: list[str] = field(default_factory=list)
    fix: Fix | None = None
    # Filled in by the engine once the document is known.
    file: str = ""
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    match: str = ""
    # Free-form extras for reporters (entity group, numeric claim context, source span, ...).
    extra: dict = field(default_factory=dict)

    def sort_key(self) -> tuple:
        return (self.file, self.start, self.end, self.rule, self.message)

    def __reduce__(self) -> tuple:
        """Pickle as the constructor's arguments: findings cross process boundaries by the thousand (--jobs),
        and this is ~40% faster both ways than the dataclass's default state dictionary."""
        return (Finding, _FIELDS(self))

    def to_dict(self) -> dict:
        """The stable JSON shape (``--format json``); other tools consume it, so only ever add keys.

        Source-aware findings add ``"source"``: the span in the source file (file, line, column, end_line,
        end_column, text), so a reviewer sees both sides. A finding that stands for several rules' findings at
        one place adds ``"related"``: the other rules' ids.
        """
        out = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": str(self.severity),
            "category": self.category,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "match": self.match,
            "fix": (
                None
                if self.fix is None
                else {
                    "replacement": self.fix.replacement,
                    "applicability": "safe" if self.fix.safe else "unsafe",
                }
            ),
        }
        if "source" in self.extra:
            out["source"] = dict(self.extra["source"])
        if self.extra.get("related"):  # other rules that flagged exactly this place (reported once, here)
            out["related"] = list(self.extra["related"])
        return out


_FIELDS = attrgetter(*(f.name for f in fields(Finding)))


@dataclass
class FileResult:
    """What checking one input gave: its findings (or a one-line input error), notes for the user, reference
    scores, and the checked text when it is kept (``Options.documents``). Reporters read it; the engine and the
    runner make it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    error: str | None = None  # input error: one line, exit 2
    notes: list[str] = field(default_factory=list)  # said to the user (e.g. legacy encoding)
    scores: dict | None = None  # reference metrics, when a reference was given
    fail_on: Severity | None = None  # the threshold of the configuration that checked it (None: the run's)
