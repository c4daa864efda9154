"""Names: one person or place spelled several ways, English transliterations, wire-style casing.

Why not a plain edit-distance threshold: no threshold separates "Nurtleu/Nortleu" from "Schmidt/Schmitt" or
"Kasachstan/Kasachstans" (deps-probe §5). So only *rare* capitalised words are compared at all (a frequency list
tells "Handel" from "Nurtleu"; Müller and Möller are both common and never compared), inflection and genitive
endings are folded first, and two spellings join when they are close by edit distance or share a long, rare
ending ("Attleu" / "Nurtleu"). Everything is within one article; the names glossary in rules.yaml wins.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .. import wordlists
from ..document import Document
from ..model import Finding, Severity
from .base import Check, Context

_DATELINE = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ\s./-]*[A-ZÄÖÜ](?:\s*\([^)]{1,40}\))?\s*(?:[–—-]|\s-\s)")
_INFLECTION_ENDINGS = ("s", "es", "e", "en", "n", "er", "ern", "in", "innen", "ns", "sche", "schen")
# Endings that make two words forms of one word ("Tunesier"/"Tunesiens"/"Tunesischer"), not two spellings.
_ENDINGS = frozenset(
    "e en er ern es n s ns r in innen isch ische ischen ischer isches ier iers iern ien iens ens".split()
) | {""}
_FUGEN = ("", "s", "es", "n", "en", "er", "e")
COMMON_ZIPF = 3.0  # at or above: an everyday German word, never treated as a name variant


@dataclass
class Occurrence:
    start: int
    end: int
    text: str  # as written
    key: str  # casefolded, genitive folded
    form: str = ""  # as written, genitive ending removed ("Nurtleus" -> "Nurtleu")

    def __post_init__(self) -> None:
        if not self.form:
            self.form = self.text


def datelines(doc: Document) -> list[tuple[int, int]]:
    """ "ASTANA –", "BERLIN (dpa) –" at the start of a paragraph: a wire dateline, not a casing artifact."""
    out = []
    for s, e in doc.paragraphs[:4]:
        m = _DATELINE.match(doc.text, s, e)
        if m:
            out.append((m.start(), m.end()))
    return out


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


_INTERNAL_CAPS = re.compile(r"[A-ZÄÖÜ]?[a-zäöüß]{3,}[A-ZÄÖÜ]")


def _caps_line(doc: Document, ctx: Context, pos: int) -> bool:
    """A headline set in capitals: its all-caps words are typography, not names (cached per sentence, so a
    long sentence with many capitalised words is measured once)."""
    span = doc.sentence_at(pos)
    cache = ctx.cache.setdefault("caps_sentences", {})
    hit = cache.get(span)
    if hit is None:
        letters = [c for c in doc.text[span[0] : span[1]] if c.isalpha()]
        hit = cache[span] = len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7
    return hit


def name_occurrences(doc: Document, ctx: Context) -> list[Occurrence]:
    """Capitalised rare words (name candidates), cached per document for all name rules."""
    cached = ctx.cache.get("name_occurrences")
    if cached is not None:
        return cached
    dl = datelines(doc)
    dl_end = max((b for _, b in dl), default=-1)  # datelines sit in the first paragraphs only
    # distinct words first (C speed), then the few thousand lower-case ones: "Die"/"die", verbs, adjectives
    lower_forms = {w.casefold() for w in doc.word_types if w[0].islower()}
    out: list[Occurrence] = []
    verdict: dict[str, bool] = {}
    for s, e, w in doc.words:
        if len(w) < 4 or not w[0].isupper():
            continue
        if w.isupper() and len(w) <= 4:  # acronyms: GCC, EU, NATO
            continue
        if s < dl_end and _in_spans(s, dl):
            continue
        if w.isupper() and _caps_line(doc, ctx, s):
            continue
        folded = w.casefold()
        rare = verdict.get(folded)
        if rare is None:  # once per distinct word: news copy repeats its words
            rare = verdict[folded] = not (
                folded in lower_forms  # "Die" at a sentence start, adjectives, verbs
                or wordlists.zipf_de(folded) >= COMMON_ZIPF
                or is_compound(folded)
            )
        if rare:
            out.append(Occurrence(s, e, w, folded))
    keys = {o.key for o in out}
    for o in out:  # genitive and plural: "Nurtleus" -> "nurtleu" when the base form also occurs
        for end in ("s", "es", "'s", "’s"):
            if o.key.endswith(end) and o.key[: -len(end)] in keys:
                o.key = o.key[: -len(end)]
                o.form = o.text[: -len(end)]
                break
    ctx.cache["name_occurrences"] = out
    return out


def is_compound(word: str) -> bool:
    """A German compound of known words ("sonderberater", "quarantänezeit", "kreditnehmern"): not a name.

    The head (last part, at least 4 letters, possibly inflected) must be an everyday word and the modifier,
    after removing a linking element (Fugen-s etc.), a known one. Names like "nurtleu" or "tokajew" do not split.
    """
    n = len(word)
    if n < 8:
        return False
    for i in range(3, n - 3):
        head = word[i:]
        if wordlists.zipf_de(head) < 3.0 and not any(
            head.endswith(e) and len(head) - len(e) >= 4 and wordlists.zipf_de(head[: -len(e)]) >= 3.0
            for e in ("n", "en", "s", "es", "e", "ern", "er")
        ):
            continue
        mod = word[:i]
        for fuge in _FUGEN:
            if fuge and not mod.endswith(fuge):
                continue
            base = mod[: len(mod) - len(fuge)] if fuge else mod
            if len(base) >= 3 and wordlists.zipf_de(base) >= 2.5:
                return True
    return False


def _inflection_pair(a: str, b: str) -> bool:
    """Forms of one word: the same stem with different German endings."""
    k = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        k += 1
    if k < 5:
        return False
    return a[k:] in _ENDINGS and b[k:] in _ENDINGS


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def similar(a: str, b: str) -> bool:
    """Two casefolded rare spellings close enough by edit distance to denote one name.

    Not similar: forms of one word (same stem, German endings) and a word with its own prefix
    ("khorasan"/"khorasani", "rekonvaleszenz"/"rekonvaleszenzplasma").
    """
    if a == b:
        return True
    if _inflection_pair(a, b) or a.startswith(b) or b.startswith(a):
        return False
    if min(len(a), len(b)) < 5:
        return False
    return Levenshtein.normalized_similarity(a, b) >= 0.7 and (a[0] == b[0] or _common_suffix(a, b) >= 3)


def shares_rare_ending(a: str, b: str) -> bool:
    """Same long ending, different start ("attleu"/"nurtleu"): a garbled name, but also "inbound"/"outbound".

    Only used to attach a spelling to a name that is already spelled several ways in the article.
    """
    if a.startswith(b) or b.startswith(a) or min(len(a), len(b)) < 5:
        return False
    suffix = _common_suffix(a, b)
    return suffix >= 4 and suffix >= 0.6 * min(len(a), len(b)) and abs(len(a) - len(b)) <= 2


def glossary_tokens(ctx: Context) -> dict[str, str]:
    """casefold -> glossary spelling, for each capitalised word of each glossary entry."""
    cached = ctx.cache.get("glossary_tokens")
    if cached is None:
        cached = {}
        for entry in ctx.config.glossary:
            for tok in re.findall(r"[^\W\d_]+", entry):
                if tok[:1].isupper() and len(tok) >= 4:
                    cached[tok.casefold()] = tok
        ctx.cache["glossary_tokens"] = cached
    return cached


@dataclass
class Entity:
    occurrences: list[Occurrence]
    canonical: str
    from_glossary: bool
    from_house: bool = False  # canonical is the German spelling of the transliteration rule

    @property
    def spellings(self) -> list[str]:
        seen: dict[str, None] = {}
        for o in self.occurrences:
            seen.setdefault(o.text, None)
        return list(seen)


def entities(doc: Document, ctx: Context) -> list[Entity]:
    """Clusters of occurrences spelled more than one way (or differently from the glossary)."""
    cached = ctx.cache.get("name_entities")
    if cached is not None:
        return cached
    occ = name_occurrences(doc, ctx)
    gloss = glossary_tokens(ctx)
    by_key: dict[str, list[Occurrence]] = defaultdict(list)
    for o in occ:
        by_key[o.key].append(o)
    keys = list(by_key)
    # Union-find over distinct keys; a few hundred per article at most, so pairwise is cheap. For very long
    # inputs, only keys sharing a 3-letter prefix or suffix bucket are compared (no quadratic blow-up).
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    buckets: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        buckets["p" + k[:2]].append(k)
        buckets["s" + k[-3:]].append(k)
    compared: set[tuple[str, str]] = set()
    for bucket in buckets.values():
        if len(bucket) > 200:
            bucket = bucket[:200]
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair in compared:
                    continue
                compared.add(pair)
                if similar(a, b):
                    parent[find(a)] = find(b)
    if len(keys) <= 400:  # small documents: compare everything (catches "Attleu"/"Nurtleu")
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if find(a) != find(b) and similar(a, b):
                    parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        groups[find(k)].append(k)
    # Second pass: a name already garbled several ways attracts a spelling that only shares its rare ending.
    # Only spellings sharing the last four letters can qualify, so look them up by that ending.
    by_ending: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if len(groups[find(k)]) == 1:
            by_ending[k[-4:]].append(k)
    garbled = [members for members in groups.values() if len(members) >= 2]
    for members in garbled:
        root = find(members[0])
        for m in members:
            for k in by_ending.get(m[-4:], ()):
                if find(k) != root and len(groups.get(find(k), [])) == 1 and shares_rare_ending(k, m):
                    parent[find(k)] = root
    groups = defaultdict(list)
    for k in keys:
        groups[find(k)].append(k)
    result = []
    for members in groups.values():
        occurrences = sorted((o for k in members for o in by_key[k]), key=lambda o: o.start)
        spellings = {o.form for o in occurrences}
        g = None
        for k in members:
            if k in gloss:
                g = gloss[k]
                break
        if g is None:
            for gk, gv in gloss.items():
                if any(similar(gk, k) or shares_rare_ending(gk, k) for k in members):
                    g = gv
                    break
        if len(spellings) < 2 and (g is None or spellings == {g}):
            continue
        if g is not None:
            result.append(Entity(occurrences, g, True))
        else:
            house = _house_spellings(ctx)
            preferred = [o.form for o in occurrences if o.form in house]
            canonical = preferred[0] if preferred else _most_frequent(occurrences)
            result.append(Entity(occurrences, canonical, False, from_house=bool(preferred)))
    ctx.cache["name_entities"] = result
    return result


def transliteration_map(ctx: Context) -> dict[str, str]:
    """English → German spellings from every ``transliteration`` rule in the configuration (the packaged
    name_translit and any a project adds), cached per document."""
    cached = ctx.cache.get("transliteration_map")
    if cached is None:
        cached = {}
        for spec in ctx.config.rules.values():
            if spec.kind == "transliteration":
                cached.update(spec.params.get("map", {}))
        ctx.cache["transliteration_map"] = cached
    return cached


def _house_spellings(ctx: Context) -> frozenset[str]:
    """German spellings from the transliteration rules (Tokajew, Taschkent): when an article mixes one with
    the English form, the German one is the spelling to suggest, however often the other occurs."""
    cached = ctx.cache.get("house_spellings")
    if cached is None:
        cached = ctx.cache["house_spellings"] = frozenset(v for k, v in transliteration_map(ctx).items() if k != v)
    return cached


def _most_frequent(occurrences: list[Occurrence]) -> str:
    """The most frequent spelling, case-normalised; ties go to the spelling closest to all the others."""
    counts = Counter(o.form.capitalize() if o.form.isupper() else o.form for o in occurrences)
    best = max(counts.values())
    tied = [s for s, c in counts.items() if c == best]
    if len(tied) == 1:
        return tied[0]
    forms = list(counts)
    return min(
        tied,
        key=lambda s: (sum(Levenshtein.distance(s.casefold(), t.casefold()) for t in forms), forms.index(s)),
    )


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
    """

    PARAMS = {}

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        out = []
        for ent in entities(doc, ctx):
            canon_key = ent.canonical.casefold()
            forms = {
                o.start: (o.form, o.text[len(o.form) :]) if o.form != o.text else _strip_genitive(o, canon_key)
                for o in ent.occurrences
            }
            spellings = list(dict.fromkeys(forms[o.start][0] for o in ent.occurrences))
            if len(spellings) < 2 and (not ent.from_glossary or spellings == [ent.canonical]):
                continue
            others = ", ".join(spellings)
            source = (
                "Glossar" if ent.from_glossary else "deutsche Schreibung" if ent.from_house else "häufigste Schreibung"
            )
            # Strong evidence earns the rule's severity: the house glossary, a name garbled three or more ways,
            # or one spelling in two casings (NORTLEU / Nortleu). Two plausible transliterations of a foreign
            # name (Baluchistan / Belutschistan) are common even in human copy: info.
            distinct_keys = {f.casefold() for f in spellings}
            strong = ent.from_glossary or len(distinct_keys) >= 3 or len(distinct_keys) < len(spellings)
            level = self.spec.severity if strong else Severity.INFO
            for o in ent.occurrences:
                form, suffix = forms[o.start]
                if form == ent.canonical:
                    f = self.finding(
                        doc,
                        o.start,
                        o.end,
                        f"Name „{o.text}“ erscheint im Text in mehreren Schreibungen: {others}.",
                        suggestions=[],
                        severity=Severity.INFO,
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
                f.extra["entity"] = ent.canonical
                f.extra["spellings"] = spellings
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

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        out = []
        both_seen: dict[str, bool] = {}
        for m in self.pattern.finditer(doc.text):
            en = m.group(1)
            de = self.map[en]
            gen = m.group(2) or ""
            suggestion = de + ("s" if gen else "")
            both = both_seen.get(de)
            if both is None:  # one search of the whole text per German spelling, not per match
                both = both_seen[de] = re.search(r"(?<![^\W\d_])" + re.escape(de), doc.text) is not None
            msg = self.spec.message.format(match=m.group(0), german=de)
            if both:
                msg += f" Im selben Text steht auch „{de}“."
            out.append(self.finding(doc, m.start(), m.end(), msg, suggestions=[suggestion], fix=suggestion))
        return out


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

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        mode = self.spec.params.get("mode", "allcaps")
        min_len = int(self.spec.params.get("min_length", 5))
        allow = set(self.spec.params.get("allow", []))
        dl = datelines(doc)
        canon = {}
        for ent in entities(doc, ctx):
            for o in ent.occurrences:
                canon[o.start] = ent.canonical
        dl_end = max((b for _, b in dl), default=-1)
        out = []
        for s, e, w in doc.words:
            # cheap shape tests first: almost every word fails them, so the rest runs for a handful
            if mode == "allcaps":
                if len(w) < min_len or not w.isupper():
                    continue
            else:
                rest = w[1:]
                if rest == rest.lower() or not _INTERNAL_CAPS.fullmatch(w):
                    continue
            if w in allow or (s < dl_end and _in_spans(s, dl)):
                continue
            if mode == "allcaps":
                if _caps_line(doc, ctx, s) or wordlists.zipf_de(w) >= 2.5:
                    continue
                if sum(c in "AEIOUÄÖÜY" for c in w) < 2:  # unpronounceable: an acronym (KNB, BBC, ...)
                    continue
            elif w.casefold() in ("gmbh", "ggmbh", "mbh"):
                continue
            sugg = canon.get(s) or w.capitalize()
            out.append(self.finding(doc, s, e, suggestions=[sugg], fix=sugg))
        return out
