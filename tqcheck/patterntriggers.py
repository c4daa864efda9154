"""A lexicon rule's triggers, derived from its pattern: strings one of which occurs in every match.

A lexicon rule runs its pattern only over the paragraphs holding one of its triggers (the lower-cased strings of
``checks/lexicon.py``'s ``rule_triggers``, a space standing for any run of whitespace), so a trigger set must be
*sound*: every text the pattern can match holds one of them, lower-cased. Rule authors do not write them: this
module reads them off the pattern's parse tree (``re``'s own parser), the way code search engines derive their
n-gram queries from a regular expression.

Each node of the tree is summarised (``_Info``) by what is known of every string it matches: the set it is one of
(``exact``, when small), the sets one of which begins (``prefix``) or ends (``suffix``) it, and a set one of which
occurs in it (``cover``). ``{""}`` says nothing. Literals and small character classes (``[äa]``) are exact;
whitespace (``\\s``, a space, ``\\s+``) is one space, as the trigger index reads a space; look-arounds, ``\\b`` and
``^`` match no text, so they add nothing; an optional part (``x?``) is exact with the empty string; a repeat of at
least one keeps its part's prefix, suffix and cover; anything else (``.``, ``\\w+``, ``[^x]``, a back-reference)
is unknown. A sequence joins exact sets (and a suffix set of one part with the prefix set of the next, for the
strings across them); an alternative takes the union of its branches' sets, and has a cover only if every branch
has one. A set is never larger than ``MAX_SET`` strings (past it, a weaker set that is still sound).

Of a node's sound covers the most selective is kept: each string cut to its longest whitespace-free piece (with the
spaces that border it: a space before says the token starts there), which is still in every match and is one
needle for the index, then the set whose shortest piece is longest (up to ``ENOUGH`` characters), then the
smallest set. A pattern with no cover (``\\d+ Meilen`` covers " meilen"; ``\\d+`` nothing) gets no triggers and
runs over the whole text, as before.

Lower-casing: a case-sensitive ``A`` gives the trigger ``a`` (the text's ``A`` lower-cases to it); under
``IGNORECASE`` a literal matches the characters whose lower-case form is its own, so its lower-case form is the
trigger. The exceptions are the few characters whose ``str.lower`` differs from the simple case folding the
engine uses (``İ``, ``ſ``), which the trigger index misses for every rule, hand-written triggers and ``terms``
rules alike. A capital sigma (lower-cased by context) is unknown.

The packaged pack's triggers are derived when the pack is built (``scripts/build_pack.py`` writes them to
``data/triggers.json``, keyed by pattern, read by ``triggertable``: no start parses the pack's patterns); a
project's own patterns, and a pack pattern a project overrides, are derived when their rule first runs (a parse
of one pattern, not of the pack).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

try:  # Python 3.11+
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _parser  # type: ignore[no-redef]

C: Any = _parser  # the opcode and category constants, re-exported by the parser module

MAX_SET = 64  # strings in one exact, prefix or suffix set, at most
MAX_CLASS = 8  # characters a character class expands to, at most
ENOUGH = 8  # characters from which a longer trigger piece counts as no more selective

Strings = frozenset[str]
NOTHING: Strings = frozenset({""})  # a prefix or suffix set that says nothing


class _Info(NamedTuple):
    """What is known of every string a node matches (see the module docstring)."""

    exact: Strings | None
    prefix: Strings
    suffix: Strings
    cover: Strings | None


UNKNOWN = _Info(None, NOTHING, NOTHING, None)
EMPTY = _Info(NOTHING, NOTHING, NOTHING, None)


def _join(a: str, b: str) -> str:
    """``a`` then ``b``, one space where whitespace ends one and begins the other (one run of whitespace)."""
    return a + b[1:] if a.endswith(" ") and b.startswith(" ") else a + b


def _piece(s: str) -> str:
    """The longest whitespace-free piece of ``s`` (the first of equals), with a space on each side where one
    borders it in ``s``: a substring of ``s``, so in every text ``s`` is in."""
    parts = s.split(" ")
    k = max(range(len(parts)), key=lambda i: len(parts[i]))
    return (" " if k > 0 else "") + parts[k] + (" " if k < len(parts) - 1 else "")


def _simplest(strings: Strings) -> Strings:
    """Each string cut to its piece, without those that hold another one (a text holding the longer holds it)."""
    pieces = {_piece(s) for s in strings}
    return frozenset(p for p in pieces if not any(q != p and q in p for q in pieces))


@lru_cache(maxsize=4096)  # a part's cover is scored again at each step of the sequence around it
def _score(cover: Strings | None) -> tuple[int, int, int]:
    """Selectivity of a cover (higher is better): its shortest piece's characters (up to ENOUGH), then fewer
    strings, then the shortest piece's characters past ENOUGH."""
    if not cover:
        return (0, 0, 0)
    simple = _simplest(cover)
    shortest = min(len(p.strip()) for p in simple)
    return (min(ENOUGH, shortest), -len(simple), shortest)


def _best(*covers: Strings | None) -> Strings | None:
    """The most selective of sound covers (the first of equals); None when none says anything."""
    best = max(covers, key=_score)
    return best if _score(best)[0] > 0 else None


def _char(code: int) -> str | None:
    """The trigger form of one literal character: lower-cased, whitespace as a space; None when unknown."""
    c = chr(code)
    if c.isspace():
        return " "
    low = c.lower()
    return low if len(low) == 1 and c not in "Σσς" else None


def _is_repeat(op) -> bool:
    return op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None)


class _Analysis:
    """The summary (``_Info``) of a parsed pattern, its sets kept to ``max_set`` strings and its character classes
    expanded up to ``max_class`` characters: small for deriving triggers, larger for checking written ones."""

    def __init__(self, max_set: int = MAX_SET, max_class: int = MAX_CLASS) -> None:
        self.max_set = max_set
        self.max_class = max_class

    def pick(self, *covers: Strings | None) -> Strings | None:
        """The cover kept of a node's candidates (``_best``)."""
        return _best(*covers)

    def cross(self, a: Strings, b: Strings) -> Strings | None:
        """Every string of ``a`` followed by every string of ``b``; None past ``max_set``."""
        if len(a) * len(b) > self.max_set:
            return None
        return frozenset(_join(x, y) for x in a for y in b)

    def concat(self, x: _Info, y: _Info) -> _Info:
        """``x`` followed by ``y``: exact when both are (and small), else prefix from ``x``, suffix from ``y``."""
        exact = self.cross(x.exact, y.exact) if x.exact is not None and y.exact is not None else None
        if exact is not None:
            return _Info(exact, exact, exact, self.pick(exact, x.cover, y.cover))
        prefix = x.prefix
        if x.exact is not None:
            prefix = self.cross(x.exact, y.prefix) or x.exact
        suffix = y.suffix
        if y.exact is not None:
            suffix = self.cross(x.suffix, y.exact) or y.exact
        across = self.cross(x.suffix, y.prefix)
        return _Info(None, prefix, suffix, self.pick(x.cover, y.cover, across, prefix, suffix))

    def sequence(self, items) -> _Info:
        info = EMPTY
        for op, av in items:
            info = self.concat(info, self.node(op, av))
        return info

    def branch(self, branches: list) -> _Info:
        """Alternatives: the union of their sets; a cover only when every branch has one."""
        infos = [self.sequence(b) for b in branches]
        if all(i.exact is not None for i in infos):
            exact = frozenset().union(*(i.exact for i in infos))  # type: ignore[misc]
            return _Info(exact, exact, exact, self.pick(exact))
        prefix = frozenset().union(*(i.exact if i.exact is not None else i.prefix for i in infos))
        suffix = frozenset().union(*(i.exact if i.exact is not None else i.suffix for i in infos))
        covers = [i.cover for i in infos]
        cover = None if any(c is None for c in covers) else frozenset().union(*covers)  # type: ignore[misc]
        prefix = NOTHING if len(prefix) > self.max_set else prefix
        suffix = NOTHING if len(suffix) > self.max_set else suffix
        return _Info(None, prefix, suffix, self.pick(cover, prefix, suffix))

    def repeat(self, lo: int, hi: int, items) -> _Info:
        sub = self.sequence(items)
        if lo == 0:
            if hi == 1 and sub.exact is not None and len(sub.exact) < self.max_set:
                exact = sub.exact | NOTHING
                return _Info(exact, exact, exact, None)  # holds the empty string: no cover
            return UNKNOWN
        if sub.exact == frozenset({" "}):  # a run of whitespace, however long, reads as one space
            return sub
        if sub.exact is not None and lo == hi:
            info = sub
            for _ in range(lo - 1):
                info = self.concat(info, sub)
            return info
        # at least one occurrence: it begins and ends the whole, and holds its cover
        if sub.exact is not None:
            return _Info(None, sub.exact, sub.exact, sub.cover)
        return _Info(None, sub.prefix, sub.suffix, sub.cover)

    def char_class(self, items: list) -> _Info:
        """A few known characters (and whitespace): exact; else one unknown character."""
        chars: set[str | None] = set()
        for op, av in items:
            if op is C.LITERAL:
                chars.add(_char(av))
            elif op is C.RANGE and av[1] - av[0] < self.max_class:
                chars.update(_char(c) for c in range(av[0], av[1] + 1))
            elif op is C.CATEGORY and av is C.CATEGORY_SPACE:
                chars.add(" ")
            else:  # a negation, a wide range, another category
                return UNKNOWN
        if None in chars or len(chars) > self.max_class:
            return UNKNOWN
        exact = frozenset(chars)
        return _Info(exact, exact, exact, self.pick(exact))  # type: ignore[arg-type]

    def node(self, op, av) -> _Info:
        if op is C.LITERAL:
            c = _char(av)
            return UNKNOWN if c is None else _Info(frozenset({c}), frozenset({c}), frozenset({c}), frozenset({c}))
        if op is C.IN:
            return self.char_class(av)
        if op is C.SUBPATTERN:
            return self.sequence(av[-1])
        if op is C.BRANCH:
            return self.branch(av[1])
        if _is_repeat(op):
            return self.repeat(av[0], av[1], av[2])
        if op is getattr(C, "ATOMIC_GROUP", None):
            return self.sequence(av)
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # match no text
            return EMPTY
        return UNKNOWN  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...


class _Check(_Analysis):
    """Whether each node's matches provably hold one of ``triggers``: some sound set of the node (or of one part
    of a sequence, or of every branch of an alternative) has one in each of its strings."""

    def __init__(self, triggers: list[str]) -> None:
        super().__init__(max_set=4096, max_class=64)
        self.triggers = tuple(triggers)

    def pick(self, *covers: Strings | None) -> Strings | None:
        """No cover is kept: the check reads a node's exact, prefix and suffix sets and its parts."""
        return None

    def held(self, strings: Strings | None) -> bool:
        return bool(strings) and all(any(t in s for t in self.triggers) for s in strings)  # type: ignore[union-attr]

    def held_info(self, info: _Info) -> bool:
        return self.held(info.exact) or self.held(info.prefix) or self.held(info.suffix)

    def sequence_held(self, items) -> bool:
        info = EMPTY
        for op, av in items:
            sub = self.node(op, av)
            if self.node_held(op, av, sub) or self.held(self.cross(info.suffix, sub.prefix)):
                return True
            info = self.concat(info, sub)
            if self.held(info.exact):
                return True
        return self.held_info(info)

    def node_held(self, op, av, info: _Info) -> bool:
        if self.held_info(info):
            return True
        if op is C.SUBPATTERN:
            return self.sequence_held(av[-1])
        if op is getattr(C, "ATOMIC_GROUP", None):
            return self.sequence_held(av)
        if op is C.BRANCH:
            return all(self.sequence_held(b) for b in av[1])
        if _is_repeat(op) and av[0] >= 1:
            return self.sequence_held(av[2])
        return False


def _parse(pattern: str) -> list | None:
    try:
        return list(_parser.parse(pattern, 0))
    except Exception:  # noqa: BLE001 - re.error, RecursionError, OverflowError: no triggers, never a failure
        return None


def derive(pattern: str) -> tuple[str, ...]:
    """The derived triggers of ``pattern``, sorted; empty when it has none (or ``re`` cannot parse it: a
    ``regex``-only pattern runs over the whole text)."""
    tree = _parse(pattern)
    if tree is None:
        return ()
    info = _Analysis().sequence(tree)
    cover = _best(info.cover, info.exact, info.prefix, info.suffix)
    return tuple(sorted(_simplest(cover))) if cover else ()


def covers(pattern: str, triggers: list[str]) -> bool:
    """Whether every match of ``pattern`` provably holds one of ``triggers`` (written ones, checked when the pack
    is built); False also when ``re`` cannot parse the pattern."""
    tree = _parse(pattern)
    return tree is not None and bool(triggers) and _Check(triggers).sequence_held(tree)
