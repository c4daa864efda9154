"""Names: one person or place spelled several ways, English transliterations, wire-style casing.

The three rule kinds read the document's shared name index (``ctx.name_index``, built by
:mod:`tqcheck.checks.nameindex`): its word types, name candidates, entities and located offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain

from rapidfuzz.distance import Levenshtein

from .. import wordlists
from ..document import WORD as _WORD  # letters only, split at hyphens and apostrophes
from ..document import Document, matches_at
from ..model import Finding, Severity
from .base import Check, Context
from .nameindex import (
    _LETTER,
    Entity,
    NameIndex,
    Occurrence,
    _caps_line,
    _diacritic_groups,
    _exonym_key,
    _ExonymTable,
    _in_spans,
    _located,
    datelines,
)

MESSAGE_SPELLINGS = 6  # spellings a name-variant message lists before it gives the count


def _listed(spellings: list[str]) -> str:
    """The spellings for a message, the first few and the count of the rest: every occurrence's message carries
    the list, so an entity spelt a thousand ways (a generated text) would make the report grow with the square
    of its size. The full list stays on the finding (``extra["spellings"]``) for the entity card."""
    if len(spellings) <= MESSAGE_SPELLINGS:
        return ", ".join(spellings)
    shown = ", ".join(spellings[: MESSAGE_SPELLINGS - 1])
    return f"{shown} und {len(spellings) - MESSAGE_SPELLINGS + 1} weitere"


def _strip_genitive(o: Occurrence, canon_key: str) -> tuple[str, str]:
    """Split "Nortleus" into ("Nortleu", "s") when the bare form is closer to the entity's canonical name."""
    for end in ("’s", "'s", "s"):
        if o.text.endswith(end) and len(o.text) - len(end) >= 4 and not canon_key.endswith(end):
            base = o.text[: -len(end)].casefold()
            if Levenshtein.distance(base, canon_key) < Levenshtein.distance(o.text.casefold(), canon_key):
                return o.text[: -len(end)], end
    return o.text, ""


class NameVariantsCheck(Check):
    """One entity, several spellings: a finding at every occurrence, naming all spellings.

    Occurrences already in the canonical spelling are reported at info (so the report shows the whole entity)
    and the others at the rule's severity with the canonical spelling, genitive ending kept, as suggestion.

    Besides the rare-name clusters (_name_index), two shapes are entities whatever their frequency: one name with
    and without its foreign diacritics (Erdoğan / Erdogan, Yıldırım / Yildirim: the same letters once folded), and
    the exonym sets of the rule's ``exonyms`` (Belarus / Weißrussland, Kirgisistan / Kirgisien / Kyrgyzstan).
    """

    PARAMS = {"exonyms": list}

    @classmethod
    def validate(cls, spec) -> None:
        for g in spec.params.get("exonyms", []):
            if len([x for x in g.split("=") if x.strip()]) < 2:
                raise ValueError(f"'exonyms': {g!r} needs two or more spellings separated by '='")

    def __init__(self, spec, config) -> None:
        super().__init__(spec, config)
        self._exonym_key = _exonym_key(spec.params)
        self._exonyms = _ExonymTable(list(self._exonym_key))

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        out: list[Finding] = []
        ents = ctx.name_index.entities  # spelt more than one way, or not as the glossary
        taken = {o.start for ent in ents for o in ent.occurrences}
        known = ctx.run.known_names
        for ent in ents:
            canon_key = (ent.canonical or "").casefold()
            forms = {
                o.start: (o.form, o.text[len(o.form) :]) if o.form != o.text else _strip_genitive(o, canon_key)
                for o in ent.occurrences
            }
            spellings = list(dict.fromkeys(forms[o.start][0] for o in ent.occurrences))
            if len(spellings) < 2 and (not ent.from_glossary or spellings == [ent.canonical]):
                continue
            # Strong evidence earns the rule's severity: the house glossary, a name garbled three or more ways,
            # one spelling in two casings (NORTLEU / Nortleu), or a name the house knows (a head of state or
            # government, a capital: the transliteration table). Two plausible transliterations of another
            # foreign name (Baluchistan / Belutschistan) are common even in human copy: info.
            distinct_keys = {f.casefold() for f in spellings}
            strong = (
                ent.from_glossary
                or len(distinct_keys) >= 3
                or len(distinct_keys) < len(spellings)
                or any(k in known for k in distinct_keys)
            )
            source = (
                "Glossar" if ent.from_glossary else "deutsche Schreibung" if ent.from_house else "häufigste Schreibung"
            )
            out.extend(self._report(doc, ent, forms, spellings, source, strong))
        out.extend(self._extra_findings(doc, ctx, taken))
        return out

    def _report(
        self,
        doc: Document,
        ent: Entity,
        forms: dict[int, tuple[str, str]],
        spellings: list[str],
        source: str,
        strong: bool,
    ) -> list[Finding]:
        others = _listed(spellings)
        level = self.spec.severity if strong else Severity.INFO
        out = []
        for o in ent.occurrences:
            form, suffix = forms[o.start]
            if ent.canonical is not None and form == ent.canonical:
                f = self.finding(
                    doc,
                    o.start,
                    o.end,
                    f"Name „{o.text}“ erscheint im Text in mehreren Schreibungen: {others}.",
                    suggestions=[],
                    severity=Severity.INFO,
                )
            elif ent.canonical is None:
                f = self.finding(
                    doc,
                    o.start,
                    o.end,
                    f"Name „{o.text}“ uneinheitlich geschrieben ({others}); keine Schreibung überwiegt: "
                    "Glossar (settings.glossary) oder Quelle (--source) klären.",
                    suggestions=[],
                    severity=level,
                )
            else:
                canon = ent.canonical + suffix
                f = self.finding(
                    doc,
                    o.start,
                    o.end,
                    f"Name „{o.text}“ uneinheitlich geschrieben ({others}); {source}: „{ent.canonical}“.",
                    suggestions=[canon],
                    fix=canon,
                    safe=ent.from_glossary,
                    severity=level,
                )
            f.extra["entity"] = ent.canonical or spellings[0]
            f.extra["spellings"] = spellings
            out.append(f)
        return out

    def _extra_findings(self, doc: Document, ctx: Context, taken: set[int]) -> list[Finding]:
        """Diacritic pairs and exonym sets present in the document, outside the rare-name entities: each occurrence
        not in the preferred spelling at the rule's severity with its counterpart as suggestion, the others info."""
        index = ctx.name_index
        diacritic = index.diacritic_groups
        exonym = index.exonym_groups.get(self._exonym_key)
        groups = (_diacritic_groups(index.types) if diacritic is None else diacritic) + (
            self._exonyms.groups(index.types) if exonym is None else exonym
        )
        if not groups:
            return []
        located = _located(doc, ctx, {w for g in groups for w in g.suggest})
        out = []
        for g in groups:
            # "Qatar Airways" beside "Katar", "Kyiv Independent" beside "Kiew": an English proper name keeps its own.
            occ = sorted(
                (s, w)
                for w in g.suggest
                for s in located[w]
                if s not in taken and not (g.suggest[w] and _in_english_name(doc.text, s, s + len(w)))
            )
            shown = list(dict.fromkeys(w for _, w in occ))
            if len({g.spelling[w] for w in shown}) < 2:
                continue
            taken.update(s for s, _ in occ)
            others = ", ".join(shown)
            for s, w in occ:
                target = g.suggest[w]
                if target is None:
                    f = self.finding(
                        doc, s, s + len(w), f"Name „{w}“ erscheint im Text in mehreren Schreibungen: {others}.",
                        suggestions=[], severity=Severity.INFO,
                    )  # fmt: skip
                else:
                    f = self.finding(
                        doc, s, s + len(w),
                        f"Name „{w}“ uneinheitlich geschrieben ({others}); {g.source}: „{target}“.",
                        suggestions=[target], fix=target, safe=False,
                    )  # fmt: skip
                f.extra["entity"] = g.entity
                f.extra["spellings"] = shown
                out.append(f)
        return out


class TransliterationCheck(Check):
    """English transliterations of (mostly Russian and Central-Asian) names where German uses its own."""

    PARAMS = {"map": dict}

    @classmethod
    def validate(cls, spec) -> None:
        m = spec.params.get("map")
        if not isinstance(m, dict) or not m or not all(isinstance(k, str) and isinstance(v, str) for k, v in m.items()):
            raise ValueError("'map' must be a non-empty mapping of English spelling to German spelling")

    def __init__(self, spec, config) -> None:
        super().__init__(spec, config)
        self.map = dict(spec.params["map"])
        alts = sorted((re.escape(k) for k in self.map), key=len, reverse=True)
        self.pattern = re.compile(r"(?<![^\W\d_])(" + "|".join(alts) + r")(s|'s|’s)?(?![^\W\d_])")
        # A match starts a word and the word is the English spelling, bare or plus "s" (an apostrophe ends the
        # word). When every spelling is a plain word, the shared word index says where such words are, and the
        # pattern is only tried there; otherwise the text is searched, with the start-of-word test done after the
        # search (re cannot skip ahead to the first character of a pattern that opens with a look-behind, so it
        # would try the pattern at every position).
        self._by_word = all(_WORD.fullmatch(k) for k in self.map)
        self._words = frozenset(self.map) | {k + "s" for k in self.map}
        self._unanchored = re.compile(r"(" + "|".join(alts) + r")(s|'s|’s)?(?![^\W\d_])") if all(self.map) else None

    def _matches(self, doc: Document, ctx: Context) -> Iterator[re.Match]:
        """Exactly the matches of ``self.pattern.finditer(doc.text)``, without trying the look-behind everywhere."""
        text = doc.text
        if self._by_word:
            words = ctx.name_index.types.keys() & self._words
            if not words:
                return
            located = _located(doc, ctx, words)
            # a start inside the previous match ("Kyiv's": the "s") is skipped, as finditer would
            yield from matches_at(self.pattern, text, sorted(chain.from_iterable(located[w] for w in words)))
            return
        if self._unanchored is None:  # an empty spelling matches the empty string: leave that to finditer
            yield from self.pattern.finditer(text)
            return
        pos = 0
        while (m := self._unanchored.search(text, pos)) is not None:
            s = m.start()
            if s and _LETTER.match(text, s - 1):
                pos = s + 1
                continue
            yield m
            pos = m.end()

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        out = []
        both_seen: dict[str, bool] = {}
        for m in self._matches(doc, ctx):
            en = m.group(1)
            de = self.map[en]
            gen = m.group(2) or ""
            suggestion = de + ("s" if gen else "")
            both = both_seen.get(de)
            if both is None:  # one search of the whole text per German spelling, not per match
                both = both_seen[de] = _at_word_start(doc.text, de)
            template = self.spec.message + (" Im selben Text steht auch „{german}“." if both else "")
            inside = _in_english_name(doc.text, m.start(), m.end())
            if inside:
                template += " Steht in einem englischen Eigennamen: den Namen als Ganzes prüfen."
            out.append(
                self.finding(
                    doc, m.start(), m.end(), template, suggestions=[suggestion], fix=suggestion,
                    safe=False if inside else None, german=de,
                )
            )  # fmt: skip
        return out


_CAPITALISED_RUN = re.compile(r"(?:[ \t]+(?:of|and|for|the|[A-Z][a-z]+(?:-[A-Z][a-z]+)?)){1,4}")


_LEADING_RUN = re.compile(r"(?:(?:[A-Z][a-z]+|of|the|for)[ \t]+){1,3}$")


_EN_FUNCTION = frozenset({"of", "and", "for", "the"})


def _in_english_name(text: str, start: int, end: int) -> bool:
    """The word stands in a run of capitalised English words ("Tashkent International Investment Forum", "the
    Bank of Tashkent"): the run is a proper name, which the house may keep in English, so swapping one word of it
    for its German transliteration ("Taschkent International Investment Forum") is no safe fix."""
    words = []
    m = _CAPITALISED_RUN.match(text, end)
    if m:
        words += m.group().split()
    m = _LEADING_RUN.search(text, max(0, start - 60), start)
    if m:
        words += m.group().split()
    return any(
        w in _EN_FUNCTION or wordlists.zipf_en_only(w.casefold()) > 0
        for w in words
        if w[0].isupper() or w in _EN_FUNCTION
    ) and any(w[0].isupper() for w in words)


def _at_word_start(text: str, s: str) -> bool:
    r"""``s`` occurs where no letter precedes it (as ``re.search(r"(?<![^\W\d_])" + re.escape(s), text)``).

    str.find jumps from one occurrence to the next (memchr); a pattern that opens with a look-behind is tried at every
    position.
    """
    i = text.find(s)
    while i > 0 and _LETTER.match(text, i - 1):
        i = text.find(s, i + 1)
    return i >= 0


def casing_words(params: dict, index: NameIndex) -> list[str]:
    """The words a casing rule wants the name index to locate (``checks.NAME_INDEX_WORDS``)."""
    return CasingCheck.words(params, index)


class CasingCheck(Check):
    """Wire-style ALL-CAPS surnames mid-sentence (NORTLEU) and stray internal capitals (NurtleU).

    Not flagged: datelines ("ASTANA –"), acronyms (up to ``max_acronym`` letters, or known words such as NATO),
    headlines set in capitals, and allowed words.
    """

    PARAMS = {"min_length": int, "allow": list, "mode": str}

    @classmethod
    def validate(cls, spec) -> None:
        if spec.params.get("mode", "allcaps") not in ("allcaps", "internal"):
            raise ValueError("'mode' must be 'allcaps' or 'internal'")

    @staticmethod
    def words(params: dict, index: NameIndex) -> list[str]:
        """The word types a casing rule with ``params`` flags somewhere, judged once per type (offsets later)."""
        allow = set(params.get("allow", []))
        if params.get("mode", "allcaps") == "allcaps":
            min_len = int(params.get("min_length", 5))
            return [
                w
                for w in index.upper_types
                if len(w) >= min_len
                and w not in allow
                and not wordlists.known_de(w)  # zipf_de(w) < 2.5
                and sum(c in "AEIOUÄÖÜY" for c in w) >= 2  # unpronounceable: an acronym (KNB, BBC, ...)
            ]
        return [w for w in index.internal_types if w not in allow and w.casefold() not in ("gmbh", "ggmbh", "mbh")]

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        mode = self.spec.params.get("mode", "allcaps")
        data = ctx.name_index
        words = self.words(self.spec.params, data)
        if not words:
            return []
        located = _located(doc, ctx, words)
        dl = datelines(doc)
        dl_end = max((b for _, b in dl), default=-1)
        canon = {}
        for ent in ctx.name_index.entities:
            for o in ent.occurrences:
                canon[o.start] = ent.canonical
        out = []
        for s, w in sorted((s, word) for word in words for s in located[word]):
            if s < dl_end and _in_spans(s, dl):
                continue
            if mode == "allcaps" and _caps_line(doc, ctx, s):
                continue
            if s in canon and canon[s] is None:  # a name spelt several ways, none prevailing: nothing to write in
                out.append(self.finding(doc, s, s + len(w), suggestions=[]))
                continue
            sugg = canon.get(s) or w.capitalize()
            out.append(self.finding(doc, s, s + len(w), suggestions=[sugg], fix=sugg))
        return out
