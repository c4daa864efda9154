"""Where the lexicon's trigger strings occur in a document, paragraph by paragraph, found for all rules at once.

A lexicon rule runs its pattern only over the paragraphs that contain one of its triggers (see
``LexiconCheck._windows``). The pack has ~300 triggers; searching the whole text once for each (the old
per-trigger ``str.find``) meant ~300 searches of the text, nearly all of them only to learn where *not* to look.

This index answers the same question from the text's vocabulary instead. The text is split once into
whitespace-separated tokens per paragraph; the distinct tokens are joined into one short string (the "hay",
~130 KB for a 1 MB article and growing far slower than the text), and all triggers are looked up there in one
Aho-Corasick pass (pyahocorasick; without it, one ``str.find`` per trigger). A trigger never found in the hay
cannot occur in the text: most triggers are settled by one pass over a string a tenth the size of the text. For
the few that are present, the tokens containing them are mapped back to paragraphs through
a token → paragraphs index built in one pass, for the wanted tokens only.

Exactness: a trigger is split at whitespace into pieces; each piece lies inside one token of any occurrence, and a
piece that the trigger borders with a space must start (or end) its token. The hay separates tokens with
newlines, so ``"\\n" + piece`` finds exactly the tokens starting with a piece. Every paragraph containing the
trigger therefore contains a token the index reports: the answer may be a superset (the piece without the rest of
the trigger), never a subset, and a superset only costs a pattern run that finds nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache
from itertools import compress, filterfalse, repeat
from typing import NamedTuple

from ..document import Document
from ..triggertable import derived_triggers
from .scan import paragraphs_holding

# A trigger in more distinct tokens than this is common ("st", "am"): locating it would cost more than it saves.
TOKEN_CAP = 64
SMALL_TEXT = 32_768  # characters; below this only the presence of each trigger is looked up


@lru_cache(maxsize=4096)  # the pack's ~300 triggers, asked again for every file of a run
def _needles(trigger: str) -> tuple[str, ...]:
    """Hay needles for ``trigger``: each whitespace-free piece, with a newline where the trigger borders it with
    a space (the token must start or end there). Any one of them is a sound filter; empty when the trigger is
    whitespace only (it is everywhere)."""
    pieces = trigger.split(" ")
    out = []
    for i, piece in enumerate(pieces):
        if piece and not any(c.isspace() for c in piece):
            out.append(("\n" if i > 0 else "") + piece + ("\n" if i < len(pieces) - 1 else ""))
    return tuple(out)


@lru_cache(maxsize=8)  # one automaton per set of triggers: the run's selection, asked again for every file
def _automaton(needles: frozenset[str]):  # noqa: ANN202 - an ahocorasick.Automaton, or None without the package
    """An Aho-Corasick automaton of ``needles`` (pyahocorasick): one pass over the hay finds every occurrence of
    every needle, instead of one ``str.find`` pass over the hay per needle."""
    return build_automaton(needles)


def build_automaton(needles: Iterable[str]):  # noqa: ANN202 - an ahocorasick.Automaton, or None without the package
    """The automaton of ``needles``, each its own value, built anew (a caller with a set of its own per document,
    such as the spelling rules' flagged words, must not evict the run's cached trigger automaton); None when
    pyahocorasick is not installed."""
    try:
        import ahocorasick
    except ImportError:  # installed without its dependencies: one search per needle, same answers
        return None
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    return automaton


_NOWHERE: frozenset[int] = frozenset()


class _Plan(NamedTuple):
    """What the index needs of a set of triggers, worked out once per set (the same for every file of a run)."""

    needles_of: dict[str, tuple[str, ...]]  # each trigger's needles
    needles: frozenset[str]  # all of them
    triggers_of: dict[str, tuple[str, ...]]  # the triggers holding each needle
    no_needles: tuple[str, ...]  # triggers of whitespace only (everywhere)
    seen: dict[str, tuple[str, ...]]  # the needles inside each token met so far (``_tokens_by_needle``)


@lru_cache(maxsize=8)
def _plan(triggers: frozenset[str]) -> _Plan:
    needles_of = {t: _needles(t) for t in triggers}
    triggers_of: dict[str, list[str]] = {}
    for trigger, needles in needles_of.items():
        for needle in needles:
            triggers_of.setdefault(needle, []).append(trigger)
    return _Plan(
        needles_of,
        frozenset(triggers_of),
        {n: tuple(ts) for n, ts in triggers_of.items()},
        tuple(t for t, needles in needles_of.items() if not needles),
        {},
    )


def rule_triggers(params: dict) -> list[str]:
    """The lower-cased strings one of which must occur for a lexicon rule to match (empty: no such hint).

    A ``terms`` rule matches a term whole, so each term is its own trigger; a ``pattern`` rule's are derived from
    its pattern (``patterntriggers``, the pack's read from ``triggertable``), unless it names them (``trigger``; ``[]``: none) or is anchored.
    """
    if params.get("terms"):
        return [t.lower() for t in params["terms"]]
    if "trigger" in params or "anchor" in params or not params.get("pattern"):
        return [t.lower() for t in params.get("trigger", [])]
    return list(derived_triggers(params["pattern"]))


SEEN_LIMIT = 500_000  # tokens whose needles are kept per set of triggers (a 1 MB piece has ~13,000 distinct ones)


def _tokens_by_needle(hay: str, cased: str, needles: set[str]) -> dict[str, set[str] | None]:
    """For each needle, the tokens (as written, from ``cased``) of the hay that hold it; None when there are more
    than TOKEN_CAP of them."""
    automaton = _automaton(frozenset(needles)) if needles else None
    if automaton is None:
        return {n: TriggerIndex._tokens_with_needle(hay, n, cased) for n in needles}
    out: dict[str, set[str] | None] = {n: set() for n in needles}
    for end, needle in automaton.iter(hay):
        tokens = out[needle]
        if tokens is None:
            continue
        i = end - len(needle) + 1
        a = hay.rfind("\n", 0, i + 1) + 1  # token start (the needle may begin with the separator itself)
        tokens.add(cased[a : hay.find("\n", max(a, i + 1))])
        if len(tokens) > TOKEN_CAP:
            out[needle] = None
    return out


def _tokens_in_types(plan: _Plan, types: Collection[str], hay: str, cased: str) -> dict[str, set[str] | None]:
    """For each needle of ``plan``, the tokens (``types``, as written, joined in ``cased``; ``hay`` lower-cased)
    that hold it; None when there are more than TOKEN_CAP of them: what ``_tokens_by_needle`` finds in the hay.

    The needles inside a token depend on the token alone (each lies within one newline-bordered token of the
    hay, and a token lower-cases alone as it does in the hay), so they are kept per token across the files and
    pieces of a run (``plan.seen``): the Aho-Corasick pass runs over the tokens not met before, and the hay's
    other tokens cost one dict lookup each, in C, instead of a Python step per needle occurrence.
    """
    needles = plan.needles
    automaton = _automaton(needles) if needles else None
    if automaton is None:
        return _tokens_by_needle(hay, cased, needles)
    seen = plan.seen
    new = list(filterfalse(seen.__contains__, types))
    if new:
        if len(seen) + len(new) > SEEN_LIMIT:
            seen.clear()
        if len(new) == len(types):  # all new (the first text of a run): the hay is theirs
            new_cased, new_hay = cased, hay
        else:
            new_cased = "\n" + "\n".join(new) + "\n"
            new_hay = new_cased.lower()  # the same length: so is the hay these tokens come from
        inside: dict[str, list[str]] = {}
        for end, needle in automaton.iter(new_hay):
            i = end - len(needle) + 1
            a = new_hay.rfind("\n", 0, i + 1) + 1  # token start (the needle may begin with the separator itself)
            inside.setdefault(new_cased[a : new_hay.find("\n", max(a, i + 1))], []).append(needle)
        seen.update(dict.fromkeys(new, ()))
        seen.update((tok, tuple(dict.fromkeys(found))) for tok, found in inside.items())
    out: dict[str, set[str] | None] = {n: set() for n in needles}
    for tok in compress(types, map(seen.__getitem__, types)):
        for needle in seen[tok]:
            out[needle].add(tok)  # type: ignore[union-attr]
    for needle, tokens in out.items():
        if tokens is not None and len(tokens) > TOKEN_CAP:
            out[needle] = None
    return out


def _selective_needles(
    plan: _Plan, tokens_of: dict[str, set[str] | None], candidates: set[str]
) -> dict[str, list[str] | None]:
    """Per candidate trigger, its selective needles (those in at most TOKEN_CAP distinct tokens): "ende des tages"
    has "ende\\n", "\\ndes\\n" and "\\ntages"; None when no needle is selective, [] when one never occurs (then
    neither does the trigger)."""
    hits: dict[str, list[str] | None] = {}
    for trigger in candidates:
        needles = [n for n in plan.needles_of[trigger] if tokens_of[n] is not None]
        if not needles:
            hits[trigger] = None
        elif any(not tokens_of[n] for n in needles):
            hits[trigger] = []
        else:
            hits[trigger] = needles
    return hits


def _token_paragraphs(wanted: set[str], per_paragraph: list[list[str]]) -> dict[str, list[int]]:
    """Token -> the paragraphs holding it, for the ``wanted`` tokens: one intersection per paragraph (``map`` of
    ``set.intersection``: each of the text's tokens looked up once, with no Python step per token), a Python step
    only for the paragraphs holding one."""
    index: dict[str, list[int]] = {}
    if wanted:
        for k, here in enumerate(map(wanted.intersection, per_paragraph)):
            if here:
                for tok in here:
                    index.setdefault(tok, []).append(k)
    return index


def _paragraphs_holding_all(
    needles: list[str],
    tokens_of: dict[str, set[str] | None],
    index: dict[str, list[int]],
    paragraphs_of: dict[str, frozenset[int]],
) -> frozenset[int]:
    """The paragraphs holding every one of ``needles`` (a paragraph holding a trigger holds every piece of it),
    rarest needle first; each needle's paragraphs are kept in ``paragraphs_of`` for the other triggers."""
    found: frozenset[int] = _NOWHERE  # shared between triggers: never changed once made
    for i, needle in enumerate(sorted(needles, key=lambda n: len(tokens_of[n]))):  # type: ignore[arg-type]
        here = paragraphs_of.get(needle)
        if here is None:
            here = paragraphs_of[needle] = frozenset().union(*map(index.get, tokens_of[needle], repeat(())))  # type: ignore[arg-type]
        found = here if i == 0 else found & here
        if not found:
            break
    return found


class TriggerIndex:
    """Paragraph indices containing each trigger of one document (``None``: too widespread to be worth it)."""

    def __init__(self, doc: Document, triggers: Iterable[str]) -> None:
        self.doc = doc
        self.paras = doc.paragraphs
        self.budget = len(self.paras) // 4
        self._where: dict[str, AbstractSet[int] | None] = {}
        self._folded: str | None = None
        self._spaced: str | None = None
        self._triggers = frozenset(triggers)
        self._absent: frozenset[str] = frozenset()  # triggers none of whose needles occur (long texts)
        self._present: tuple[frozenset[str], frozenset[str]] | None = None  # (triggers searched, those found)
        # A short text (an article, not an archive): presence is all that is worth knowing (see ``where``); the
        # index would take longer to build than the few kilobytes take to scan.
        self.small = len(self.paras) < 20 or len(doc.text) < SMALL_TEXT
        self._hay: str | None = None
        self._cased: str | None = None
        if not self.small:
            cased = "\n" + "\n".join(doc.token_types) + "\n"
            hay = cased.lower()
            # str.lower keeps offsets for German (casefold would turn ß into ss); should a rare character change
            # length, the hay no longer lines up with the tokens: fall back to presence only.
            self.small = len(hay) != len(cased)
        if self.small:
            return
        # Kept for _scan: no token changes length when lower-cased, and the text outside tokens is whitespace, so
        # the lower-cased text has the text's length and each offset keeps its character's lower-case form.
        self._hay, self._cased = hay, cased
        plan = _plan(self._triggers)
        tokens_of = _tokens_in_types(plan, doc.token_types, hay, cased)
        # Only a trigger with a needle in the hay can occur; the others (most of the pack's, in any one text) are
        # settled by that pass alone: absent, with no loop over them here.
        self._absent = self._triggers
        candidates = set(plan.no_needles)
        for needle, tokens in tokens_of.items():
            if tokens is None or tokens:
                candidates.update(plan.triggers_of[needle])
        hits = _selective_needles(plan, tokens_of, candidates)
        wanted = {t for needles in hits.values() if needles for n in needles for t in tokens_of[n]}  # type: ignore[union-attr]
        index = _token_paragraphs(wanted, doc.paragraph_tokens)
        # The paragraphs holding each needle, gathered once: many triggers share one ("\ndass" in the 45 verb
        # forms of p_comma_dass, a month name in five date rules), and its paragraphs can number a thousand.
        paragraphs_of: dict[str, frozenset[int]] = {}
        for trigger, needles in hits.items():
            if needles is None:  # in many distinct tokens ("sagte:", "12:30"): maybe still in few paragraphs
                # In more distinct tokens than the paragraph budget ("st", "."), it is in too many paragraphs too
                # (a guess that can only cost a scan of the whole text, never a finding).
                common = min((hay.count(n) for n in plan.needles_of[trigger]), default=self.budget + 1) > self.budget
                self._where[trigger] = None if common else self._scan(trigger)
                continue
            found = _paragraphs_holding_all(needles, tokens_of, index, paragraphs_of)
            self._where[trigger] = None if len(found) > self.budget else found

    @staticmethod
    def _tokens_with_needle(
        hay: str, needle: str, cased: str | None = None, cap: int | None = TOKEN_CAP
    ) -> set[str] | None:
        """The tokens (as written, from ``cased``, the hay before lower-casing) holding ``needle``; None when
        there are more than ``cap`` of them."""
        cased = hay if cased is None else cased
        i = hay.find(needle)
        if i < 0:
            return set()
        tokens: set[str] = set()
        while i >= 0:
            a = hay.rfind("\n", 0, i + 1) + 1  # token start (the needle may begin with the separator itself)
            b = hay.find("\n", max(a, i + 1))
            tokens.add(cased[a:b])
            if cap is not None and len(tokens) > cap:
                return None
            i = hay.find(needle, b)
        return tokens

    @property
    def folded(self) -> str:
        """The lower-cased text, for the presence tests of a short text (made on first use)."""
        if self._folded is None:
            self._folded = self.doc.text.lower()
        return self._folded

    def folded_slice(self, start: int, end: int) -> str | None:
        """``folded[start:end]``, without lower-casing the whole text (a pass over all of it) for a few windows;
        None when the lower-cased text would not line up with the text (a character whose lower-case form is
        longer).

        A slice lower-cases alone to what it is inside the whole, character by character, except a capital sigma:
        its lower-case form depends on the letters around it, which may lie outside the slice.
        """
        if self._folded is None and 2 * (end - start) < len(self.doc.text):
            piece = self.doc.text[start:end]
            low = piece.lower()
            if len(low) == len(piece) and "Σ" not in piece:
                return low
        folded = self.folded
        return folded[start:end] if len(folded) == len(self.doc.text) else None

    @property
    def spaced(self) -> str:
        """The lower-cased text with each run of whitespace as one space (made on first use, for short texts).

        A space in a trigger stands for any run of whitespace, as ``\\s+`` does in the patterns: "sagte\\ndass" in
        a hard-wrapped text holds the trigger " dass" of ``p_comma_dass``. The index of a long text splits the
        triggers and each paragraph at whitespace alike (a match across a line break is outside its windows).
        """
        if self._spaced is None:
            folded = self.folded
            words = folded.split()  # split and join: the string a regex substitution gives, without the regex engine
            if not words:
                self._spaced = " " if folded else ""
            else:
                lead = " " if folded[0].isspace() else ""
                self._spaced = lead + " ".join(words) + (" " if folded[-1].isspace() else "")
        return self._spaced

    def any_present(self, triggers: Collection[str]) -> bool:
        """Whether any of ``triggers`` occurs in the lower-cased text, a space in a trigger matching any run of
        whitespace (``spaced``): all a short text needs to know.

        The index's triggers are all looked for in one Aho-Corasick pass over the text, on the first question:
        a hundred rules each testing their triggers with ``in`` would each search the text again.
        A trigger the index was not built for (a rule outside the selection) is looked up in the text itself.
        """
        if self._present is None:
            searched = self._triggers - {""}  # "" is in every text: left to the plain test
            automaton = _automaton(searched) if searched else None
            if automaton is None:
                self._present = (frozenset(), frozenset())
            else:
                self._present = (searched, frozenset(t for _, t in automaton.iter(self.spaced)))
        searched, found = self._present
        if not found.isdisjoint(triggers):
            return True
        if searched.issuperset(triggers):
            return False
        return any(map(self.spaced.__contains__, (t for t in triggers if t not in searched)))

    def where(self, trigger: str) -> AbstractSet[int] | None:
        """Paragraphs (indices into ``doc.paragraphs``) that may contain ``trigger``; None = too many to matter,
        or a short text (ask ``any_present`` there: its paragraphs are not indexed)."""
        if self.small:
            return None
        where = self._where.get(trigger, self)
        if where is self:  # not settled while building
            if trigger in self._absent:
                return _NOWHERE
            where = self._where[trigger] = self._scan(trigger)
        return where

    def _scan(self, trigger: str) -> set[int] | None:
        """For a trigger in too many distinct tokens for the index to settle, and one the index was not built for
        (a rule outside the selection): a trigger with letters is looked up through the vocabulary, every token
        holding each of its pieces, as the index does (so the lower-cased text, a pass over all of it, is not made); one
        without ("12:30", " - ") is searched in the text itself, where it stands as in the lower-cased text. None
        once the paragraph budget is exceeded. Only asked of a long text (``where`` answers a short one)."""
        if trigger.upper() != trigger:
            return self._scan_tokens(trigger)
        doc, paras, text = self.doc, self.paras, self.doc.text
        found: set[int] = set()
        i = text.find(trigger)
        while i >= 0:
            k = doc.paragraph_index(i)
            if k >= 0:
                found.add(k)
                if len(found) > self.budget:
                    return None
                i = text.find(trigger, max(i + 1, paras[k][1]))
            else:
                i = text.find(trigger, i + 1)
        return found

    def _scan_tokens(self, trigger: str) -> set[int] | None:
        """The paragraphs holding, for every piece of ``trigger``, a token that holds the piece (see the module
        docstring); no cap on the tokens."""
        assert self._hay is not None and self._cased is not None
        needles = _needles(trigger)
        if not needles:  # whitespace only: everywhere
            return None
        found: set[int] | None = None
        for needle in needles:
            tokens = self._tokens_with_needle(self._hay, needle, self._cased, cap=None)
            assert tokens is not None
            here = set(paragraphs_holding(self.doc, tokens))
            found = here if found is None else found & here
            if not found:
                break
        assert found is not None
        return None if len(found) > self.budget else found
