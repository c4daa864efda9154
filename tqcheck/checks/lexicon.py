"""Lexicon rules: known MT artifacts, false friends and calques, with suggestions.

A rule lists word forms (``terms``, expanded with German inflection endings) or a regular expression
(``pattern``), optionally narrowed by a ``context`` that must occur in the same sentence or an ``unless`` that
must not. Patterns run with the third-party ``regex`` engine under a time limit, so a catastrophic pattern in a
project's rules.yaml fails that rule on that file instead of hanging CI.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..config import default_rules_path
from ..document import Document
from ..model import Finding
from .base import Check, Context, match_case

# Endings added to a term so "Ministerentnahme" also matches "Ministerentnahmen", "Pressendienst" "-es".
INFLECTIONS = {
    "none": "",
    "noun": "(?:e|en|n|s|es|er|ern|ns|nen)?",
    "adj": "(?:e|en|em|er|es)?",
    "verb": "(?:e|en|st|t|te|ten|test|tet|et)?",
}
LEFT = r"(?<![^\W\d_])"
RIGHT = r"(?![^\W\d_])"
TIMEOUT_S = 1.0  # per rule and document


class RuleTimeout(Exception):
    """A rule's pattern exceeded its time limit on a document."""


class LexiconCheck(Check):
    PARAMS = {
        "terms": list,
        "inflect": str,
        "pattern": str,
        "ignore_case": bool,
        "context": str,
        "unless": str,
        "unless_before": str,
        "trigger": list,
    }

    @classmethod
    def validate(cls, spec) -> None:
        p = spec.params
        if bool(p.get("terms")) == bool(p.get("pattern")):
            raise ValueError("a lexicon rule needs exactly one of 'terms' or 'pattern'")
        if p.get("inflect", "none") not in INFLECTIONS:
            raise ValueError(f"'inflect' must be one of {', '.join(INFLECTIONS)}")
        if p.get("terms") and not all(isinstance(t, str) and t.strip() for t in p["terms"]):
            raise ValueError("'terms' must be a list of non-empty strings")
        if spec.origin and spec.origin == str(default_rules_path()):
            return  # the packaged pack is compiled by its own tests; compiling 100 patterns costs 50 ms per run
        for key in ("pattern", "context", "unless", "unless_before"):
            if key in p:
                try:
                    regex.compile(p[key], regex.V0)
                except regex.error as exc:
                    raise ValueError(f"invalid regular expression in {key!r}: {exc}") from None
                except (RecursionError, OverflowError, MemoryError):
                    raise ValueError(f"regular expression in {key!r} is too complex") from None

    def __init__(self, spec, config) -> None:
        super().__init__(spec, config)
        p = spec.params
        if p.get("terms"):
            self.triggers = [t[:5].casefold() for t in p["terms"]]
        else:
            self.triggers = [t.casefold() for t in p.get("trigger", [])]
        self._compiled = False

    def _compile(self) -> None:
        """Compile on first use: with triggers, most rules never need their pattern on a given article."""
        p = self.spec.params
        flags = regex.V0 | (regex.IGNORECASE if p.get("ignore_case") else 0)
        if p.get("terms"):
            ending = INFLECTIONS[p.get("inflect", "none")]
            alts = sorted((regex.escape(t) for t in p["terms"]), key=len, reverse=True)
            body = "(?:" + "|".join(alts) + ")"
            self.pattern = regex.compile(f"{LEFT}(?P<stem>{body})(?P<suffix>{ending}){RIGHT}", flags)
        else:
            self.pattern = regex.compile(p["pattern"], flags)
        self.context = regex.compile(p["context"], flags) if p.get("context") else None
        self.unless = regex.compile(p["unless"], flags) if p.get("unless") else None
        self.unless_before = regex.compile(p["unless_before"], flags) if p.get("unless_before") else None
        self._compiled = True

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        text = doc.text
        if self.triggers:
            folded = ctx.cache.get("casefolded")
            if folded is None:
                folded = ctx.cache["casefolded"] = text.casefold()
            if len(folded) == len(text) and not any(t in folded for t in self.triggers):
                return []
        if not self._compiled:
            self._compile()
        out: list[Finding] = []
        try:
            for m in self.pattern.finditer(text, timeout=TIMEOUT_S):
                if m.end() == m.start():
                    continue
                if self.context or self.unless or self.unless_before:
                    s, e = doc.sentence_at(m.start())
                    sentence = text[s:e] if e > s else text[m.start() : m.end()]
                    if self.context and not self.context.search(sentence, timeout=TIMEOUT_S):
                        continue
                    if self.unless and self.unless.search(sentence, timeout=TIMEOUT_S):
                        continue
                    if self.unless_before and self.unless_before.search(
                        text[max(s, m.start() - 60) : m.start()], timeout=TIMEOUT_S
                    ):
                        continue
                if not self.spec.in_quotes and doc.in_quote(m.start()):
                    continue
                out.append(self._finding(doc, m))
        except TimeoutError as exc:
            raise RuleTimeout(f"pattern took longer than {TIMEOUT_S:g} s") from exc
        return out

    def _finding(self, doc: Document, m) -> Finding:
        matched = m.group(0)
        groups = m.groupdict()
        suggestions = []
        for s in self.spec.suggest:
            try:
                s2 = s.replace("{suffix}", groups.get("suffix") or "")
                s2 = m.expand(s2) if "\\" in s2 else s2
            except (regex.error, IndexError):
                s2 = s
            suggestions.append(match_case(s2, matched))
        fix = suggestions[0] if self.spec.fix and suggestions else None
        return self.finding(doc, m.start(), m.end(), suggestions=suggestions, fix=fix)
