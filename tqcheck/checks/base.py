"""What every rule kind shares: the Check interface and helpers for building findings.

Checks are pure: they get a rule spec, the resolved config and a document, and yield findings with offsets.
They never print, read files or decide exit codes (the engine and the CLI do).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..config import Config, RuleSpec
from ..document import Document
from ..model import Finding, Fix
from .analysis import DocumentAnalysis

# What a check may know besides the document: the run's configuration, the source and reference documents, and
# the analysis the rules share (see tqcheck.checks.analysis).
Context = DocumentAnalysis


class Check:
    """Base class of a rule kind. ``PARAMS`` declares the kind's own rules.yaml keys and their types."""

    PARAMS: ClassVar[dict[str, Any]] = {}
    NEEDS: ClassVar[frozenset[str]] = frozenset()  # subset of {"source", "reference"}

    def __init__(self, spec: RuleSpec, config: Config) -> None:
        self.spec = spec
        self.config = config

    @classmethod
    def validate(cls, spec: RuleSpec) -> None:
        """Raise ValueError with a one-line reason if the rule's parameters are unusable."""

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers
    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str | None = None,
        suggestions: list[str] | None = None,
        *,
        fix: str | None = None,
        safe: bool | None = None,
        severity=None,
        **fmt: Any,
    ) -> Finding:
        """Build a finding for this rule; ``{match}`` and any ``fmt`` keys are filled into the message."""
        match = doc.text[start:end]
        template = message if message is not None else self.spec.message
        text = template
        if "{" in template or "}" in template:  # most messages are fixed text; str.format would only copy them
            try:
                text = template.format(match=match, **fmt)
            except (KeyError, IndexError, ValueError):
                pass
        sugg = list(suggestions) if suggestions is not None else list(self.spec.suggest)
        fx = None
        if fix is not None and self.spec.fix:
            fx = Fix(start, end, fix, safe=(self.spec.fix == "safe") if safe is None else safe)
        spec = self.spec
        # Positional, in the field order of Finding (no keywords to match, in a call made ~4,000 times per MB): rule,
        # severity, category, message, start, end, suggestions, fix, file, line, column, end_line, end_column, match.
        return Finding(
            spec.id, spec.severity if severity is None else severity, spec.category, text, start, end, sugg, fx,
            "", 0, 0, 0, 0, match,
        )  # fmt: skip


def match_case(template: str, original: str) -> str:
    """Carry a sentence-initial capital of ``original`` onto a suggestion; German nouns keep theirs anyway."""
    if template and original and original[0].isupper() and template[0].islower():
        return template[0].upper() + template[1:]
    return template
