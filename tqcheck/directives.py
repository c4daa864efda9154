"""Inline directives: an editor silences a rule for one paragraph, a region or a file, in the article itself.

Syntax (the same verbs everywhere; ``RULES`` are rule ids, id prefixes or MQM categories, comma-separated, as
for ``--select``; no ``RULES`` means every rule; anything after `` -- `` is a free-text reason)::

    <!-- tqcheck: ignore name_variants, lex_ -->     the next paragraph
    <!-- tqcheck: off num_ -->  …  <!-- tqcheck: on num_ -->   a region (``on`` without rules closes all)
    <!-- tqcheck: ignore-file Fluency/Punctuation -- Zitat im Original -->   the whole file

Markdown and HTML use the comment form (it does not render). Plain text accepts a line consisting solely of
``[tqcheck: …]`` or ``<!-- tqcheck: … -->``; the line is blanked so it is not checked as prose. Bracket lines were
chosen over ``# tqcheck:`` because ``#`` starts hashtags and Markdown headings in copy pasted around newsrooms,
while a bracketed editor's note is an established convention in wire copy.

"The next paragraph" is the prose that follows the directive up to the next blank line (Markdown, HTML; HTML
also ends it at a closing block tag such as ``</p>``). Plain-text news copy keeps one paragraph per line (see
:attr:`tqcheck.document.Document.paragraphs`), so there it is the next non-blank line; wrapped plain text uses
``off``/``on``.

A directive that suppresses nothing, names an unknown rule, is malformed, or an ``on`` without ``off`` is
reported as ``tq_unused_directive`` (Ruff's RUF100 habit), so stale suppressions do not pile up. Selectors that
match only rules not selected in this run are left alone: whether they would be used is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .config import Config, RuleSpec, selector_matches
from .model import Finding, Fix, Severity

UNUSED_RULE = "tq_unused_directive"
ACTIONS = ("ignore", "ignore-file", "off", "on")
BLANKET = "*"

_BODY = re.compile(r"\s*tqcheck\s*:\s*(?P<action>[A-Za-z][A-Za-z_-]*)?(?P<args>.*?)\s*\Z", re.S | re.I)
_ID_LIKE = re.compile(r"[a-z][a-z0-9_.-]*")
_HTML_BLOCK_END = re.compile(
    r"</(?:p|li|h[1-6]|blockquote|div|td|th|dd|dt|figcaption|pre|section|article|aside|header|footer|tr|table)\s*>",
    re.I,
)


@dataclass(frozen=True)
class RawDirective:
    """Where a directive was found (``start``/``end`` of the whole comment or bracket) and its inner text."""

    start: int
    end: int
    body: str


@dataclass
class Directive:
    action: str
    selectors: tuple[str, ...]  # empty: every rule
    start: int
    end: int
    scopes: list[tuple[int, int]] = field(default_factory=list)  # half-open offset ranges it covers
    used: set[str] = field(default_factory=set)  # selectors that suppressed a finding (BLANKET for none given)
    problem: str | None = None  # malformed, unknown verb, "on" without "off"
    removal: tuple[int, int] = (0, 0)  # what a fix deletes: the whole line when the directive stands alone


def split_selectors(args: str) -> tuple[str, ...]:
    """Comma-separated selectors; a piece of space-separated rule ids is split too, but a category such as
    ``Locale convention`` or ``Accuracy/Untranslated text`` keeps its spaces."""
    out: list[str] = []
    for piece in args.split(","):
        piece = " ".join(piece.split())
        if not piece:
            continue
        words = piece.split(" ")
        if len(words) > 1 and all(_ID_LIKE.fullmatch(w) for w in words):
            out.extend(words)
        else:
            out.append(piece)
    return tuple(out)


def _parse_one(raw: RawDirective) -> Directive:
    m = _BODY.match(raw.body)
    action = (m.group("action") or "").lower() if m else ""
    args = m.group("args") if m else ""
    args = re.split(r"\s--\s|\s--\Z", " " + args + " ", maxsplit=1)[0]
    args = args.strip().lstrip(":").strip().removeprefix("[").removesuffix("]")  # tolerate Ruff's ignore[X]
    d = Directive(action, split_selectors(args), raw.start, raw.end)
    if action not in ACTIONS:
        d.problem = f"unbekannte Anweisung „{action or raw.body.strip()}“ (erlaubt: {', '.join(ACTIONS)})"
    return d


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    r"""The line around ``pos``, without its break (\r, \n or \r\n). The search for \r starts after the last
    \n: in a text without \r it would otherwise run back to the start from every directive."""
    s = text.rfind("\n", 0, pos) + 1
    s = text.rfind("\r", s, pos) + 1 or s
    m = _LINE_BREAK.search(text, pos)
    return s, (m.start() if m else len(text))


_LINE_BREAK = re.compile(r"\r|\n")


def _next_paragraph(raw: str, masked: str, pos: int, kind: str) -> tuple[int, int] | None:
    """The prose after ``pos``: from its first visible character to the paragraph end (see module docstring)."""
    m = re.compile(r"\S").search(masked, pos)
    if m is None:
        return None
    start = m.start()
    ls, le = line_bounds(masked, start)
    if kind == "text":
        return start, le
    end = len(masked)
    line = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
    p = ls
    while p < len(masked):
        lm = line.match(masked, p)
        if lm is None or lm.end() == p:
            break
        if not lm.group().strip():
            end = p
            break
        p = lm.end()
    if kind == "html":
        close = _HTML_BLOCK_END.search(raw, start, end)
        if close:
            end = close.start()
    return start, end


def parse_directives(raw: str, masked: str, found: list[RawDirective], kind: str) -> Directives:
    """Turn the directives ``markup`` found into :class:`Directive` objects with their scopes."""
    items = [_parse_one(r) for r in sorted(found, key=lambda r: r.start)]
    open_regions: list[Directive] = []
    for d in items:
        d.removal = _removal_span(raw, d.start, d.end)
        if d.problem:
            continue
        if d.action == "ignore":
            span = _next_paragraph(raw, masked, d.end, kind)
            if span is not None:
                d.scopes.append(span)
        elif d.action == "ignore-file":
            d.scopes.append((0, len(raw)))
        elif d.action == "off":
            open_regions.append(d)
        else:  # "on": closes the latest region with the same rules; without rules, every open region
            closing = [o for o in open_regions if not d.selectors or {s.casefold() for s in o.selectors} == _folded(d)]
            if d.selectors:
                closing = closing[-1:]
            if not closing:
                d.problem = "„on“ ohne passendes „off“ davor"
            for o in closing:
                o.scopes.append((o.end, d.start))
                open_regions.remove(o)
    for o in open_regions:  # an "off" never switched back on runs to the end of the file
        o.scopes.append((o.end, len(raw)))
    return Directives(items)


def _removal_span(raw: str, start: int, end: int) -> tuple[int, int]:
    ls, le = line_bounds(raw, start)
    if raw[ls:start].strip() or raw[end:le].strip():
        return start, end
    if raw.startswith("\r\n", le):
        return ls, le + 2
    return ls, min(le + 1, len(raw))


def _folded(d: Directive) -> set[str]:
    return {s.casefold() for s in d.selectors}


class Directives:
    """The directives of one document. The engine asks :meth:`suppresses` for every finding, then
    :meth:`unused_findings` once, so usage is known by the time unused directives are reported."""

    def __init__(self, items: list[Directive]) -> None:
        self.items = items
        self._refs: dict[tuple[str, str], RuleSpec] = {}

    def __len__(self) -> int:
        return len(self.items)

    def _ref(self, rule: str, category: str) -> RuleSpec:
        """A minimal rule spec for ``selector_matches`` (which reads only id and category)."""
        key = (rule, category)
        ref = self._refs.get(key)
        if ref is None:
            ref = self._refs[key] = RuleSpec(id=rule, kind="", severity=Severity.INFO, category=category, message="")
        return ref

    def _matching(self, finding: Finding) -> list[tuple[Directive, str]]:
        ref = self._ref(finding.rule, finding.category)
        hits = []
        for d in self.items:
            if not any(s <= finding.start < e for s, e in d.scopes):
                continue
            if not d.selectors:
                hits.append((d, BLANKET))
                continue
            hits.extend((d, sel) for sel in d.selectors if selector_matches(sel, ref))
        return hits

    def suppresses(self, finding: Finding) -> bool:
        """True when a directive covers the finding; every covering directive counts as used."""
        hits = self._matching(finding)
        for d, sel in hits:
            d.used.add(sel)
        return bool(hits)

    def unused_findings(self, config: Config, enabled_rule_ids: set[str]) -> list[Finding]:
        """``tq_unused_directive`` findings, if that rule is selected; they may themselves be suppressed
        (``<!-- tqcheck: ignore-file tq_unused_directive -->``)."""
        spec = config.rules.get(UNUSED_RULE)
        if spec is None or UNUSED_RULE not in enabled_rule_ids:
            return []
        for f in self._report(config, enabled_rule_ids, spec):  # first pass marks directives that silence these
            self.suppresses(f)
        return [f for f in self._report(config, enabled_rule_ids, spec) if not self._matching(f)]

    def _report(self, config: Config, enabled_rule_ids: set[str], spec: RuleSpec) -> list[Finding]:
        enabled = [config.rules[i] for i in sorted(enabled_rule_ids) if i in config.rules]
        out = []
        for d in self.items:
            if d.action == "on" and not d.problem:
                continue  # an "on" only ends a region; its "off" is the one reported
            details, removable = _what_is_wrong(d, config, enabled)
            if details:
                out.append(self._finding(config, spec, d, "; ".join(details), removable))
        return out

    def _finding(self, config: Config, spec: RuleSpec, d: Directive, detail: str, removable: bool) -> Finding:
        try:
            message = spec.message.format(detail=detail, match="")
        except (KeyError, IndexError, ValueError):
            message = f"{spec.message} ({detail})"
        fix = None
        if removable and spec.fix:
            fix = Fix(d.removal[0], d.removal[1], "", safe=spec.fix == "safe")
        return Finding(
            rule=spec.id,
            severity=spec.severity,
            category=spec.category,
            message=message,
            start=d.start,
            end=d.end,
            suggestions=[],
            fix=fix,
        )


def _what_is_wrong(d: Directive, config: Config, enabled: list[RuleSpec]) -> tuple[list[str], bool]:
    """Why directive ``d`` is worth a finding (no details: it is fine), and whether its fix may delete it: an
    ignore that silences nothing, but not one with a parse problem or with selectors still in use."""
    removable = d.action in ("ignore", "ignore-file")
    if d.problem:
        return [d.problem], False
    if not d.selectors:
        return ([] if BLANKET in d.used else ["unterdrückt nichts"]), removable
    details = []
    unknown = [s for s in d.selectors if not any(selector_matches(s, r) for r in config.rules.values())]
    details.extend(_unknown_rule(s, config) for s in unknown)
    idle = [
        s for s in d.selectors if s not in unknown and s not in d.used and any(selector_matches(s, r) for r in enabled)
    ]
    if idle:
        details.append("unterdrückt nichts: " + ", ".join(idle))
    inert = [s for s in d.selectors if s not in unknown and s not in idle and s not in d.used]
    return details, removable and not d.used and not inert


def _unknown_rule(selector: str, config: Config) -> str:
    """The detail for a selector no rule matches, with the closest rule id as a hint."""
    import difflib

    close = difflib.get_close_matches(selector, list(config.rules), n=1, cutoff=0.6)
    hint = f"; meinten Sie „{close[0]}“?" if close else ""
    return f"unbekannte Regel „{selector}“ (unknown rule{hint})"


__all__ = ["Directive", "Directives", "RawDirective", "UNUSED_RULE", "parse_directives", "split_selectors"]
