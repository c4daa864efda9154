"""Lexicon rules: known MT artifacts, false friends and calques, with suggestions.

A rule lists word forms (``terms``, expanded with German inflection endings) or a regular expression
(``pattern``), optionally narrowed by a ``context`` that must occur in the same sentence or an ``unless`` that
must not. Patterns run with the third-party ``regex`` engine under a time limit, so a catastrophic pattern in a
project's rules.yaml fails that rule on that file instead of hanging CI.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable
from itertools import accumulate, compress
from operator import add
from typing import Any

from ..document import Document
from ..model import Finding
from .base import Check, Context, match_case
from .scan import digit_starts, matches_at, matches_tried_at, number_starts, paragraph_runs, positions_of
from .triggers import TriggerIndex
from .triggers import rule_triggers as rule_triggers  # re-exported: the rule kind's own view

# Endings added to a term so "Ministerentnahme" also matches "Ministerentnahmen", "Pressendienst" "-es".
INFLECTIONS = {
    "none": "",
    "noun": "(?:e|en|n|s|es|er|ern|ns|nen)?",
    "adj": "(?:e|en|em|er|es)?",
    "verb": "(?:e|en|st|t|te|ten|test|tet|et)?",
}
LEFT = r"(?<![^\W\d_])"
RIGHT = r"(?![^\W\d_])"
TIMEOUT_S = 1.0  # seconds: each rule's budget on each document
# Every match starts at a number / at the first digit of a run of digits / where one of the rule's triggers occurs.
ANCHORS = ("number", "digits", "trigger", "line")


def _regex():
    """The third-party ``regex`` module (time limits, variable-length look-behind), imported when first needed."""
    import regex

    return regex


class _TimedRe:
    """A stdlib pattern that accepts (and ignores) ``regex``'s ``timeout`` keyword, so callers need not care."""

    __slots__ = ("_p",)

    def __init__(self, pattern: re.Pattern) -> None:
        self._p = pattern

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, timeout: float | None = None):
        return self._p.finditer(text, pos, len(text) if endpos is None else endpos)

    def search(self, text: str, timeout: float | None = None):
        return self._p.search(text)

    def match(self, text: str, pos: int = 0, endpos: int | None = None, timeout: float | None = None):
        return self._p.match(text, pos, len(text) if endpos is None else endpos)


class Budget:
    """One rule's time on one document: every regex call the rule makes there (its pattern in every window and
    at every anchor, ``context``, ``unless``, ``unless_before``) draws from one budget, so a pattern that is slow
    on each of a thousand lines stops after the budget, not after a thousand budgets.

    ``regex`` patterns (project rules) get the time left as each call's ``timeout``; standard-library patterns
    (the packaged pack's, tested against the fuzzer's shapes) cannot be stopped inside a call, so the budget is
    checked between calls and between matches. Running out raises ``TimeoutError``. The budget counts the process's
    CPU time, not the clock's: a busy CI machine must not fail a rule that would finish in time on its own."""

    __slots__ = ("deadline",)

    def __init__(self, seconds: float) -> None:
        self.deadline = time.process_time() + seconds

    def left(self) -> float:
        """The seconds left; ``TimeoutError`` when none are."""
        left = self.deadline - time.process_time()
        if left <= 0:
            raise TimeoutError
        return left


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
        "anchor": str,
        "max_line": int,
    }

    @classmethod
    def validate(cls, spec) -> None:
        p = spec.params
        if bool(p.get("terms")) == bool(p.get("pattern")):
            raise ValueError("a lexicon rule needs exactly one of 'terms' or 'pattern'")
        if "anchor" in p and p["anchor"] not in ANCHORS:
            raise ValueError(f"'anchor' must be one of {', '.join(ANCHORS)}")
        if "anchor" in p and not p.get("pattern"):
            raise ValueError("'anchor' needs a 'pattern'")
        if p.get("anchor") == "trigger" and not p.get("trigger"):
            raise ValueError("'anchor: trigger' needs a 'trigger' list")
        if "max_line" in p and (isinstance(p["max_line"], bool) or p["max_line"] < 1):
            raise ValueError("'max_line' must be a positive number of characters")
        if p.get("inflect", "none") not in INFLECTIONS:
            raise ValueError(f"'inflect' must be one of {', '.join(INFLECTIONS)}")
        if p.get("terms") and not all(isinstance(t, str) and t.strip() for t in p["terms"]):
            raise ValueError("'terms' must be a list of non-empty strings")
        for key in ("pattern", "context", "unless", "unless_before"):
            if key in p:
                try:
                    _regex().compile(p[key], _regex().V0)
                except _regex().error as exc:
                    raise ValueError(f"invalid regular expression in {key!r}: {exc}") from None
                except (RecursionError, OverflowError, MemoryError):
                    raise ValueError(f"regular expression in {key!r} is too complex") from None

    def __init__(self, spec, config) -> None:
        super().__init__(spec, config)
        self.triggers = rule_triggers(spec.params)
        self.anchor = spec.params.get("anchor")
        self.max_line = spec.params.get("max_line")
        self._compiled = False

    def _compile(self) -> None:
        """Compile on first use: with triggers, most rules never need their pattern on a given article.

        The packaged pack compiles with the standard library's ``re`` where it can (a simpler engine than
        ``regex``, quicker to compile and to match; its patterns are ours and tested); project rules, and pack
        patterns ``re`` cannot express (variable-length look-behind), use ``regex`` with a time limit against
        catastrophic backtracking.
        """
        p = self.spec.params
        trusted = self.spec.packaged
        if p.get("terms"):
            ending = INFLECTIONS[p.get("inflect", "none")]
            alts = sorted((re.escape(t) for t in p["terms"]), key=len, reverse=True)
            body = "(?:" + "|".join(alts) + ")"
            source = f"{LEFT}(?P<stem>{body})(?P<suffix>{ending}){RIGHT}"
        else:
            source = p["pattern"]
        self.pattern = self._re(source, trusted)
        # What the scanning loops call: a standard-library pattern itself (its C methods, no time limit to pass,
        # no Python-level call through _TimedRe: number-anchored rules make ~4,000 calls per MB), or a
        # ``regex`` pattern with its time limit.
        self._scanner: tuple[Any, dict[str, float]] = (
            (self.pattern._p, {}) if isinstance(self.pattern, _TimedRe) else (self.pattern, {"timeout": TIMEOUT_S})
        )
        self.context = self._re(p["context"], trusted) if p.get("context") else None
        self.unless = self._re(p["unless"], trusted) if p.get("unless") else None
        self.unless_before = self._re(p["unless_before"], trusted) if p.get("unless_before") else None
        self._compiled = True

    def _re(self, source: str, trusted: bool):
        ignore_case = bool(self.spec.params.get("ignore_case"))
        if trusted:
            try:
                return _TimedRe(re.compile(source, re.IGNORECASE if ignore_case else 0))
            except re.error:
                pass
        rx = _regex()
        return rx.compile(source, rx.V0 | (rx.IGNORECASE if ignore_case else 0))

    def _windows(self, doc: Document, ctx: Context) -> list[tuple[int, int]] | None:
        """Paragraphs that contain a trigger, merged into runs; None = scan the whole text.

        A trigger somewhere in a 10 MB text says little, so the pattern runs only over the paragraphs that
        contain one. Where each trigger occurs is found once per document for all rules (``TriggerIndex``) and
        shared by every rule that uses it (month names serve five date rules).
        """
        index = ctx.trigger_index
        if index.small:  # a short text: scan it all if one trigger occurs, else not at all
            return None if index.any_present(self.triggers) else []
        paras = doc.paragraphs
        hit: set[int] = set()
        for t in self.triggers:
            where = index.where(t)
            if where is None:  # in too many paragraphs: scan it all
                return None
            hit |= where
            if len(hit) > len(paras) // 4:
                return None
        return paragraph_runs(doc, sorted(hit))

    def _lines(self, doc: Document, ctx: Context) -> list[tuple[int, int]]:
        """The lines as ``(?m)^`` and ``(?m)$`` see them (each ends at its "\n"), as ``(start, end)``; with
        ``max_line`` only those of at most that many characters. One table for ``anchor: line`` and the headline
        windows (``_short_lines``), kept in ``ctx.line_tables`` per ``max_line``."""
        lines = ctx.line_tables.get(self.max_line)
        if lines is None:
            # No Python loop over the lines: their lengths from one split, their starts summed up from those.
            lengths = list(map(len, doc.text.split("\n")))
            starts = list(accumulate(map((1).__add__, lengths), initial=0))
            lines = list(zip(starts, map(add, starts, lengths)))
            if self.max_line:
                lines = list(compress(lines, map(self.max_line.__ge__, lengths)))
            ctx.line_tables[self.max_line] = lines
        return lines

    def _short_lines(self, doc: Document, ctx: Context) -> list[tuple[int, int]]:
        """With ``max_line`` (a headline rule: every match lies in one line of at most that many characters),
        the runs of such lines: a line here ends at its "\n", as ``(?m)$`` sees it, so the pattern matches in the
        windows exactly what it matches in the whole text."""
        windows: list[tuple[int, int]] = []
        for a, b in self._lines(doc, ctx):
            if windows and windows[-1][1] + 1 == a:
                windows[-1] = (windows[-1][0], b)
            else:
                windows.append((a, b))
        return windows

    def _anchor_starts(self, doc: Document, ctx: Context) -> Callable[[int, int], list[int] | None]:
        """For an anchored rule, a function giving the sorted offsets in ``[s, e)`` where a match can begin:
        numbers and runs of digits are found once per document (shared, bisected per window), a rule's triggers
        per window in the lower-cased window (running past it by up to a trigger's length, as an occurrence may).
        None for a window where lower-casing moves offsets (not so for German): scan it as usual."""
        if self.anchor == "trigger":
            index, size = ctx.trigger_index, len(doc.text)
            starts = self._indexed_trigger_starts(doc, index)
            if starts is not None:
                return lambda s, e: starts[bisect_left(starts, s) : bisect_left(starts, e)]
            reach = max(map(len, self.triggers)) - 1

            def trigger_starts(s: int, e: int) -> list[int] | None:
                low = index.folded_slice(s, min(size, e + reach))
                return None if low is None else [s + i for i in positions_of(low, self.triggers, 0, e - s)]

            return trigger_starts
        if self.anchor == "line":  # every match begins a line (with max_line, a line of at most that length)
            starts = [a for a, _ in self._lines(doc, ctx)]
        else:
            starts = number_starts(doc, ctx) if self.anchor == "number" else digit_starts(doc, ctx)
        return lambda s, e: starts[bisect_left(starts, s) : bisect_left(starts, e)]

    def _indexed_trigger_starts(self, doc: Document, index: TriggerIndex) -> list[int] | None:
        """Every offset of the text where one of the rule's triggers begins (lower-cased), found only in the
        paragraphs the index names for each trigger; None where the index cannot tell (a short text, a trigger in
        too many paragraphs, a paragraph whose lower-cased form does not line up with it): search the windows.

        The same offsets as searching each window for each trigger, with one search per paragraph that holds a
        trigger instead of one per window and trigger (a month name in one of 300 windows, 13 months). An
        occurrence's first non-space character lies in a paragraph (paragraphs hold every non-space character)
        and, its spaces being spaces, so does all of it: a paragraph the index reports (it never under-reports).
        So each reported paragraph is searched from ``len(trigger) - 1`` characters before its start (an
        occurrence may begin with the whitespace before it) to as far past its end.
        """
        if index.small:
            return None
        by_paragraph: dict[int, list[str]] = {}
        for trigger in self.triggers:
            where = index.where(trigger)
            if where is None or not trigger:
                return None
            for k in where:
                by_paragraph.setdefault(k, []).append(trigger)
        text, paras = doc.text, doc.paragraphs
        reach = max(map(len, self.triggers)) - 1
        found: list[int] = []
        for k, triggers in by_paragraph.items():
            a, b = paras[k]
            a = a - reach if a > reach else 0
            piece = text[a : b + reach]
            low = piece.lower()
            if len(low) != len(piece) or "Σ" in piece:  # lower-casing moves offsets, or depends on what lies around
                return None
            for trigger in triggers:
                i = low.find(trigger)
                while i >= 0:
                    found.append(a + i)
                    i = low.find(trigger, i + 1)
        return sorted(set(found))

    def _matches(self, doc: Document, ctx: Context, windows: list[tuple[int, int]] | None, budget: Budget):
        text = doc.text
        pattern, timed = self._scanner[0], bool(self._scanner[1])
        if self.max_line:
            # Anchored at lines, the pattern is tried at the short lines' starts over the whole text (a megabyte has
            # ~1,300 runs of short lines: one search each would cost more than the ~3,000 tries); else their runs.
            windows = None if self.anchor == "line" else self._short_lines(doc, ctx)
        starts_in = self._anchor_starts(doc, ctx) if self.anchor else None
        if starts_in is not None:
            # Every match begins at one of the anchor's offsets: the pattern is tried only there (matches_at), a few
            # hundred match calls instead of a pass over every character (and re gives a pattern that opens with a
            # look-behind no fast prefix scan); in windows, as finditer over each would.
            for s, e in [(0, len(text))] if windows is None else windows:
                starts = starts_in(s, e)
                if starts is None:  # not known here: scan the window
                    yield from self._finditer(text, s, e, budget)
                elif timed:  # a ``regex`` pattern: each try gets what is left of the budget
                    yield from matches_at(pattern, text, starts, e, time_left=budget.left)
                else:
                    budget.left()
                    yield from matches_tried_at(pattern, text, starts, e)
            return
        for s, e in [(0, len(text))] if windows is None else windows:
            yield from self._finditer(text, s, e, budget)

    def _finditer(self, text: str, start: int, end: int, budget: Budget):
        """``finditer`` over ``text[start:end]`` within the budget (a ``regex`` pattern gets the time left as its
        timeout; a standard-library one is checked before it starts)."""
        pattern, kw = self._scanner
        if kw:
            return pattern.finditer(text, start, end, timeout=budget.left())
        budget.left()
        return pattern.finditer(text, start, end)

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        text = doc.text
        windows = self._windows(doc, ctx) if self.triggers else None
        if windows == []:
            return []
        if not self._compiled:
            self._compile()
        out: list[Finding] = []
        verdicts: dict[tuple[int, int], bool] = {}
        budget = Budget(TIMEOUT_S)
        try:
            for m in self._matches(doc, ctx, windows, budget):
                budget.left()
                if m.end() == m.start():
                    continue
                if self.context or self.unless or self.unless_before:
                    s, e = doc.sentence_at(m.start())
                    if (s, e) not in verdicts:  # context/unless once per sentence, not once per match
                        sentence = text[s:e] if e > s else text[m.start() : m.end()]
                        verdicts[(s, e)] = bool(
                            (self.context and not self.context.search(sentence, timeout=budget.left()))
                            or (self.unless and self.unless.search(sentence, timeout=budget.left()))
                        )
                    if verdicts[(s, e)]:
                        continue
                    if self.unless_before and self.unless_before.search(
                        text[max(s, m.start() - 60) : m.start()], timeout=budget.left()
                    ):
                        continue
                if not self.spec.in_quotes and doc.in_quote(m.start()):
                    continue
                out.append(self._finding(doc, m))
        except TimeoutError as exc:
            raise RuleTimeout(f"its patterns took longer than {TIMEOUT_S:g} s on this document") from exc
        return out

    def _finding(self, doc: Document, m) -> Finding:
        matched = m.group(0)
        groups = m.groupdict()
        suggestions = []
        for s in self.spec.suggest:
            try:
                s2 = s.replace("{suffix}", groups.get("suffix") or "")
                s2 = m.expand(s2) if "\\" in s2 else s2
            except Exception:  # a bad group reference in a project rule: show the suggestion as written
                s2 = s
            suggestions.append(match_case(s2, matched))
        fix = suggestions[0] if self.spec.fix and suggestions else None
        return self.finding(doc, m.start(), m.end(), suggestions=suggestions, fix=fix)
