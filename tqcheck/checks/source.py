"""Source-aware rules: compare the German target with its English source, sentence by sentence.

All rules share one alignment (:mod:`tqcheck.align`, kept as ``ctx.alignment``) and report positions in
both files: the finding's own span is in the target, ``finding.extra["source"]`` holds the source span
(file, line, column, end_line, end_column, text) and the message quotes the source text, so an editor sees
what the translation should have said without opening the source.

Numbers are compared by *value* (read by :mod:`tqcheck.numparse`), not by spelling, because every correct
conversion changes the spelling (5,000 → 5.000; 2.5 → 2,5; $46 billion → 46 Milliarden US-Dollar; April 16 →
16. April) but none changes the value. A value that matches only after swapping billion and Billion is the 1,000× trap and gets its own
rule (mode ``magnitude``). Number words (one … twelve, dozen, twenty …) are optional on both sides: a
translation may spell them out or write digits, and "one" is as often a pronoun as a number.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .. import wordlists
from ..align import Alignment, text_length
from ..document import Document
from ..model import Finding, Severity
from ..numparse import DateRef, Num, english_dates, english_numbers, german_dates, german_numbers
from .base import Check, Context

# ---------------------------------------------------------------------------------------------- helpers


def source_extra(src: Document, start: int, end: int) -> dict:
    """The source span of a finding, in the same 1-based line:column convention as the target."""
    start, end = src.to_raw(start, end)  # the source's own characters, where it is read in NFC (document.py)
    line, col = src.line_col(start)
    end_line, end_col = src.line_col(end)
    return {
        "file": src.path,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "text": src.raw[start:end],
    }


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _alignment(doc: Document, ctx: Context) -> Alignment:
    assert ctx.source is not None
    return ctx.alignment


def _tgt_place(al: Alignment, index: int) -> tuple[int, int]:
    sp = al.tgt_span(al.beads[index])
    return sp if sp else al.nearest_tgt_span(index)


# ---------------------------------------------------------------------------------------------- numbers


def _date_num(d: DateRef) -> Num:
    return Num(d.start, d.end, d.text, frozenset())


def date_issues(al: Alignment) -> list[NumberIssue]:
    """A German date whose day (or year) the source has, in the same or a neighbouring sentence, but only with
    another month: "4. Dezember" for "January 4". Dates the source has with the same month are never reported,
    and a date without a counterpart of the same day is left to the number check (a changed day is a changed
    number there)."""
    src_dates = []
    tgt_dates = []
    for b in al.beads:
        sp, tp = al.src_span(b), al.tgt_span(b)
        src_dates.append(english_dates(al.source.text, *sp) if sp else [])
        tgt_dates.append(german_dates(al.target.text, *tp) if tp else [])
    issues: list[NumberIssue] = []
    for i, tds in enumerate(tgt_dates):
        if not tds:
            continue
        near = [d for k in (i, i - 1, i + 1) if 0 <= k < len(src_dates) for d in src_dates[k]]
        if not near:
            continue
        for g in tds:
            if g.day is not None:
                same = [d for d in near if d.day == g.day]
            elif g.year is not None:
                same = [d for d in near if d.year == g.year and d.day is None]
            else:
                continue
            if not same or any(d.month == g.month for d in same):
                continue
            if g.year is not None and all(d.year is not None and d.year != g.year for d in same):
                continue  # another year as well: a different date, not a month slip
            issues.append(NumberIssue("date", i, _date_num(same[0]), _date_num(g)))
    return issues


@dataclass
class NumberIssue:
    kind: str  # "missing" | "extra" | "changed" | "magnitude" | "date"
    bead: int
    src: Num | None
    tgt: Num | None


def _bead_numbers(al: Alignment) -> tuple[list[list[Num]], list[list[Num]]]:
    srcs, tgts = [], []
    for b in al.beads:
        sp, tp = al.src_span(b), al.tgt_span(b)
        srcs.append(english_numbers(al.source.text, *sp) if sp else [])
        tgts.append(german_numbers(al.target.text, *tp) if tp else [])
    return srcs, tgts


def _match(src: list[Num], tgt: list[Num]) -> None:
    """Greedy value matching: digits first (they must be found), then optional number words."""
    for s in sorted(src, key=lambda n: n.word):
        if s.matched:
            continue
        for t in sorted(tgt, key=lambda n: n.word):
            if not t.matched and s.values & t.values:
                s.matched = t.matched = True
                s.partner, t.partner = t, s
                break


def number_issues(doc: Document, ctx: Context) -> list[NumberIssue]:
    """Missing, extra, changed and magnitude-swapped numbers per bead; cached for both number rules."""
    hit = ctx.source_number_issues
    if hit is not None:
        return hit
    al = _alignment(doc, ctx)
    srcs, tgts = _bead_numbers(al)
    _match_within_beads(srcs, tgts)
    _match_across_neighbours(srcs, tgts)
    issues: list[NumberIssue] = []
    for i, (s, t) in enumerate(zip(srcs, tgts)):
        issues.extend(_bead_issues(i, s, t))
    issues.extend(date_issues(al))
    ctx.source_number_issues = issues
    return issues


class SourceNumbersCheck(Check):
    """Numbers of the source missing, added or changed in the aligned target sentence (``mode: values``), or
    with billion and Billion swapped (``mode: magnitude``)."""

    PARAMS = {"mode": str}
    MODES = ("values", "magnitude")

    NEEDS = frozenset({"source"})

    @classmethod
    def validate(cls, spec) -> None:
        if spec.params.get("mode", "values") not in cls.MODES:
            raise ValueError(f"'mode' must be one of {', '.join(cls.MODES)}")

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        mode = self.spec.params.get("mode", "values")
        al = _alignment(doc, ctx)
        src_doc = al.source
        out = []
        for issue in number_issues(doc, ctx):
            if (issue.kind == "magnitude") != (mode == "magnitude"):
                continue
            bead = al.beads[issue.bead]
            src_sent = al.src_span(bead)
            if issue.tgt is not None:
                start, end = issue.tgt.start, issue.tgt.end
            else:
                start, end = _tgt_place(al, issue.bead)
            if issue.src is not None:
                s_start, s_end = issue.src.start, issue.src.end
            else:
                s_start, s_end = src_sent if src_sent else (0, 0)
            src_text = src_doc.raw[s_start:s_end]
            sentence = _short(src_doc.text[src_sent[0] : src_sent[1]]) if src_sent else ""
            tgt_text = doc.raw[start:end]
            what = {
                "missing": f"Zahl „{src_text}“ aus der Quelle fehlt in der Übersetzung",
                "extra": f"Zahl „{tgt_text}“ steht nicht in der Quelle",
                "changed": f"Zahl „{tgt_text}“ weicht von der Quelle ab („{src_text}“)",
                "magnitude": f"„{tgt_text}“ hat eine andere Größenordnung als die Quelle („{src_text}“)",
                "date": f"Datum „{tgt_text}“ weicht von der Quelle ab („{src_text}“): anderer Monat",
            }[issue.kind]
            severity = None
            if issue.kind == "extra":
                severity = min(self.spec.severity, Severity.INFO)
            f = self.finding(
                doc,
                start,
                end,
                suggestions=[],
                severity=severity,
                what=what,
                src=src_text,
                src_sentence=sentence,
                kind=issue.kind,
            )
            f.extra["source"] = source_extra(src_doc, s_start, s_end)
            f.extra["number_issue"] = issue.kind
            out.append(f)
        return out


def _match_within_beads(srcs: list[list[Num]], tgts: list[list[Num]]) -> None:
    """Pair the numbers of each bead by value; a value said twice on one side need only be rendered once ("in
    2018, according to its 2018 …"), so its repetitions count as matched too."""
    for s, t in zip(srcs, tgts):
        _match(s, t)
        for side in (s, t):
            seen = set().union(*(n.values for n in side if n.matched)) if side else set()
            for n in side:
                if not n.matched and n.values & seen:
                    n.matched = True


def _match_across_neighbours(srcs: list[list[Num]], tgts: list[list[Num]]) -> None:
    """A number moved across a sentence boundary the alignment drew differently: a source number still unpaired
    (digits only) is looked for in the target beads either side."""
    for i, s in enumerate(srcs):
        rest = [n for n in s if not n.matched and not n.word]
        if rest:
            near = [n for k in (i - 1, i + 1) if 0 <= k < len(tgts) for n in tgts[k] if not n.matched and not n.word]
            _match(rest, near)


def _magnitude_swaps(i: int, s: list[Num], t: list[Num]) -> list[NumberIssue]:
    """Unpaired numbers of bead ``i`` with the same mantissa and another magnitude (a million or more on one
    side): billion → Billionen. Each pair is marked matched, so it is not also a changed number."""
    issues = []
    s_left = [n for n in s if not n.matched and (not n.word or n.magnitude > 1)]
    t_left = [n for n in t if not n.matched]
    for a in s_left:
        for b in t_left:
            if b.matched or a.mantissa is None or b.mantissa is None:
                continue
            if a.mantissa == b.mantissa and a.magnitude != b.magnitude and max(a.magnitude, b.magnitude) >= 10**6:
                a.matched = b.matched = True
                issues.append(NumberIssue("magnitude", i, a, b))
                break
    return issues


def _bead_issues(i: int, s: list[Num], t: list[Num]) -> list[NumberIssue]:
    """What is left unpaired in bead ``i``: magnitude swaps, then digits paired in order as changed, the source's
    surplus missing, the target's extra."""
    issues = _magnitude_swaps(i, s, t)
    s_left = [n for n in s if not n.matched and not n.word]
    t_left = [n for n in t if not n.matched and not n.word]
    while s_left and t_left:
        a, b = s_left.pop(0), t_left.pop(0)
        issues.append(NumberIssue("changed", i, a, b))
    issues.extend(NumberIssue("missing", i, a, None) for a in s_left)
    # an unmatched optional source number (80 feet, 90 degrees) explains one extra target number (24 Meter)
    converted = sum(1 for n in s if not n.matched and n.word)
    issues.extend(NumberIssue("extra", i, None, b) for b in t_left[converted:])
    return issues


# ---------------------------------------------------------------------------------------------- names

_TRANSLIT_BASIC = (("zh", "sch"), ("kh", "ch"), ("y", "j"))
_TRANSLIT_EXTENDED = (("zh", "sch"), ("kh", "ch"), ("sh", "sch"), ("ch", "tsch"), ("y", "j"), ("z", "s"), ("v", "w"))
_FINAL = (("ov", "ow"), ("ev", "ew"), ("ova", "owa"), ("eva", "ewa"))
_GENITIVE = ("s", "es", "'s", "’s", "n", "en", "ns")
NAME_RARE_ZIPF = 2.0  # a target spelling this frequent in German is an established spelling, not a slip


def _translit(name: str, table: tuple[tuple[str, str], ...]) -> str:
    low = name.casefold()
    # protect already-mapped "sch"/"ch" so that the ch → tsch rule does not re-apply to them
    marks = {"zh": "\x01", "kh": "\x02", "sh": "\x03"}
    for a, b in table:
        if a in marks:
            low = low.replace(a, marks[a] if ("ch", "tsch") in table else b)
    for a, b in table:
        if a not in marks:
            low = low.replace(a, b)
    low = low.replace("\x01", "sch").replace("\x02", "ch").replace("\x03", "sch")
    for a, b in _FINAL:
        if low.endswith(a):
            low = low[: -len(a)] + b
            break
    return low


def accepted_spellings(name: str, ctx: Context) -> list[str]:
    """The source spelling, the house map's, the glossary's close entries and systematic transliterations."""
    forms = [name]
    for k, v in ctx.run.transliteration_map.items():
        if k.casefold() == name.casefold():
            forms.append(v)
    basic, extended = _translit(name, _TRANSLIT_BASIC), _translit(name, _TRANSLIT_EXTENDED)
    for t in (basic, extended):
        forms.append(t[:1].upper() + t[1:])
    for g in ctx.run.glossary_tokens.values():
        gf = g.casefold()
        if any(Levenshtein.normalized_similarity(gf, f.casefold()) >= 0.7 for f in forms[:1] + [basic, extended]):
            forms.append(g)
    seen: dict[str, None] = {}
    for f in forms:
        seen.setdefault(f, None)
    return list(seen)


def fold(word: str) -> str:
    """Casefold and drop accents: "Lourenço" and "Lourenco" are one spelling for this rule."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _is_form(word: str, forms: list[str]) -> bool:
    """The word is an accepted spelling, inflected or derived: Tokajews, Tokajewa, Angolanern (Angolans)."""
    w = fold(word)
    for f in forms:
        fc = fold(f)
        if w.startswith(fc) and len(fc) >= 4:
            return True
        if fc.endswith("s") and len(fc) >= 6 and w.startswith(fc[:-1]):
            return True
    return False


def source_names(src: Document, start: int, end: int) -> list[tuple[int, int, str]]:
    """Proper-name candidates in a source span: capitalised, not sentence-initial, not common English."""
    lower = _source_lower_forms(src)
    out = []
    starts = src.sentence_starts
    for s, e, w in _words_in(src, start, end):
        if len(w) < 4 or not w[0].isupper() or s in starts:
            continue
        if w.isupper() and len(w) <= 5:  # acronyms
            continue
        if w.casefold() in lower or wordlists.zipf_en_only(w) > 0:
            continue
        prev = src.text[max(0, s - 2) : s]
        if prev.strip() in ("“", '"', "‘", "'", "(") and s - 2 in starts:
            continue
        out.append((s, e, w))
    return out


def _source_lower_forms(src: Document) -> frozenset[str]:
    cached = src.meta.get("_lower_forms")
    if cached is None:
        cached = frozenset(w.casefold() for _, _, w in src.words if w[:1].islower())
        src.meta["_lower_forms"] = cached
    return cached


def _germanised(word: str, name: str) -> bool:
    """The target moved *towards* a German transliteration ("Belutschistan" for Baluchistan): an exonym or a
    deliberate adaptation, not a slip. "Tokajev" is as far from "Tokajew" as from "Tokayev" and stays flagged."""
    src = fold(name)
    return any(
        Levenshtein.distance(word, fold(_translit(name, table))) < Levenshtein.distance(word, src)
        for table in (_TRANSLIT_BASIC, _TRANSLIT_EXTENDED)
    )


# A different name at the same place: "Minister Murat Attleu" for "Minister Murat Nurtleu". The near-miss test
# above needs the first letters to agree and the spellings to be close; a target word that stands where the source
# name stands (right after the same first name or title, or right before the same surname) needs neither,
# provided it is no spelling of the name at all, not even a German transliteration the tables do not produce.
_EN_TITLES: dict[str, tuple[str, ...]] = {
    "president": ("präsident", "präsidentin", "staatschef", "staatschefin"),
    "minister": ("minister", "ministerin", "präsident", "premier"),
    "premier": ("premier", "premierminister", "ministerpräsident", "regierungschef"),
    "chancellor": ("kanzler", "kanzlerin"),
    "governor": ("gouverneur", "gouverneurin", "statthalter"),
    "mayor": ("bürgermeister", "bürgermeisterin"),
    "ambassador": ("botschafter", "botschafterin"),
    "chairman": ("vorsitzende", "vorsitzender", "vorsitzenden", "präsident", "chef"),
    "chairwoman": ("vorsitzende", "vorsitzenden", "präsidentin", "chefin"),
    "secretary": ("sekretär", "sekretärin", "minister", "ministerin"),
    "spokesman": ("sprecher",),
    "spokeswoman": ("sprecherin",),
    "spokesperson": ("sprecher", "sprecherin"),
    "director": ("direktor", "direktorin", "leiter", "leiterin", "chef", "chefin"),
    "general": ("general",),
    "king": ("könig",),
    "queen": ("königin",),
    "prince": ("prinz",),
    "princess": ("prinzessin",),
    "emir": ("emir",),
    "sheikh": ("scheich",),
    "sultan": ("sultan",),
    "senator": ("senator", "senatorin"),
    "patriarch": ("patriarch",),
    "ayatollah": ("ajatollah",),
    "marshal": ("marschall",),
    "admiral": ("admiral",),
    "colonel": ("oberst",),
    "captain": ("kapitän", "hauptmann"),
    "commander": ("kommandeur", "kommandant", "befehlshaber"),
    "lieutenant": ("leutnant",),
    "judge": ("richter", "richterin"),
    "pope": ("papst",),
    "cardinal": ("kardinal",),
    "bishop": ("bischof",),
    "archbishop": ("erzbischof",),
    "imam": ("imam",),
    "professor": ("professor", "professorin"),
    "mr": ("herr", "herrn"),
    "mrs": ("frau",),
    "ms": ("frau",),
}
_GAP = re.compile(r"[ \t\u00a0]+|-")
# Coarse sound classes, so that "Schaparow" (Japarov), "Gandschawi" (Ganjavi), "Kobachidse" (Kobakhidze) and
# "Wassili" (Vasily) count as spellings of their source name; the longest spellings are replaced first.
_KEY_MULTI = (
    ("dsch", "J"), ("tsch", "C"), ("sch", "J"), ("dzh", "J"), ("zh", "J"), ("sh", "J"), ("dj", "J"), ("ch", "H"),
    ("kh", "H"), ("ck", "k"), ("ph", "f"), ("th", "t"), ("gh", "g"), ("ts", "C"), ("tz", "C"), ("ou", "u"),
    ("oo", "u"), ("ee", "i"), ("ie", "i"),
)  # fmt: skip
_KEY_SINGLE = str.maketrans({"j": "J", "y": "J", "w": "v", "z": "s", "q": "k", "c": "k", "x": "k", "h": ""})


def sound_key(word: str) -> str:
    """A spelling-independent key of a name: transliteration variants share it or differ in one letter."""
    w = fold(word)
    for a, b in _KEY_MULTI:
        w = w.replace(a, b)
    w = w.translate(_KEY_SINGLE)
    out = []
    for ch in w:
        if not out or out[-1] != ch:  # double letters: Wassili, Attleu
            out.append(ch)
    return "".join(out)


def _skeleton(key: str) -> str:
    return "".join(c for c in key if c not in "aeiouJ")


def _spells(word: str, name: str) -> bool:
    """The word is some spelling of the name, inflected or not: sound keys at most one edit apart (two for long
    names), or the same consonants (Moghul, Mughal)."""
    key = sound_key(name)
    limit = 1 if len(key) < 9 else 2
    cands = [word] + [word[: -len(e)] for e in _GENITIVE if word.casefold().endswith(e) and len(word) > len(e) + 3]
    for c in cands:
        ck = sound_key(c)
        if Levenshtein.distance(ck, key) <= limit or (len(_skeleton(key)) >= 3 and _skeleton(ck) == _skeleton(key)):
            return True
    return False


def _adjacent(text: str, words: list[tuple[int, int, str]], k: int, step: int) -> tuple[int, int, str] | None:
    """The word next to words[k] (step -1: before, +1: after) when only a space or hyphen separates them."""
    j = k + step
    if not 0 <= j < len(words):
        return None
    a, b = (words[j], words[k]) if step < 0 else (words[k], words[j])
    return words[j] if _GAP.fullmatch(text[a[1] : b[0]]) else None


def _words_in(doc: Document, start: int, end: int) -> list[tuple[int, int, str]]:
    """The words inside [start, end), found by bisection: a per-sentence scan of all words would make the rule
    quadratic in the document's length."""
    starts = doc.meta.get("_word_starts")
    if starts is None:
        starts = doc.meta["_word_starts"] = [s for s, _, _ in doc.words]
    words = doc.words
    out = []
    for k in range(bisect_left(starts, start), len(words)):
        if words[k][1] > end:
            break
        out.append(words[k])
    return out


def _is_title_for(word: str, en_title: str) -> bool:
    w = word.casefold()
    return any(w.endswith(t) for t in _EN_TITLES[en_title])


def _near_miss(wc: str, forms: list[str], threshold: float) -> bool:
    """The folded target word ``wc`` is close to one of the accepted spellings: same first letter and a
    similarity of at least ``threshold``, the word itself or without a genitive ending ("Tokajevs")."""
    for f in forms:
        fc = fold(f)
        if wc[0] != fc[0] or len(fc) < 5:
            continue
        if Levenshtein.normalized_similarity(wc, fc) >= threshold:
            return True
        for end in _GENITIVE:
            if wc.endswith(end) and Levenshtein.normalized_similarity(wc[: -len(end)], fc) >= threshold:
                return True
    return False


@dataclass
class _NameScene:
    """Where the names of one source sentence (bead ``index``) are looked for: the words of its target sentence
    (``here_words``) and of the target sentences aligned to it and its neighbours (``tgt_words``)."""

    index: int
    src_span: tuple[int, int]
    src_words: list[tuple[int, int, str]]
    tgt_words: list[tuple[int, int, str]]
    here_words: list[tuple[int, int, str]]
    _others: list[str] | None = None

    @classmethod
    def of(cls, al: Alignment, doc: Document, i: int, sp: tuple[int, int]) -> _NameScene:
        near = [al.tgt_span(al.beads[k]) for k in (i - 1, i, i + 1) if 0 <= k < len(al.beads)]
        here = al.tgt_span(al.beads[i])
        tgt_words = [x for span in near if span for x in _words_in(doc, *span)]
        here_words = [(s, e, w) for s, e, w in tgt_words if here and here[0] <= s and e <= here[1]]
        return cls(i, sp, _words_in(al.source, *sp), tgt_words, here_words)

    def others(self, al: Alignment) -> list[str]:
        """The capitalised source words of this sentence and its neighbours (the other names a target word may
        spell), built on first use."""
        if self._others is None:
            i = self.index
            window = [al.src_span(al.beads[k]) for k in (i - 1, i, i + 1) if 0 <= k < len(al.beads)]
            self._others = [w for x in window if x for _, _, w in _words_in(al.source, *x) if w[0].isupper()]
        return self._others


class SourceNamesCheck(Check):
    """A source name spelled in the target neither as in the source nor in the house transliteration, but
    close to it: "Tokajev" for "Tokayev" when the house spelling is "Tokajew". Precision first: only rare
    target words are compared (an established German spelling such as "Teheran" or "Kiew" is never flagged)
    and a name found anywhere in the aligned sentences in an accepted spelling silences the rule.

    A target word that is not close but stands at the name's place is reported too: right after the same
    first name or title, or right before the same surname ("Minister Murat Attleu" for "Minister Murat
    Nurtleu"). The place is the evidence the similarity would otherwise give; the word must still be rare,
    and no spelling (by sound) of this or any other name of the source sentences."""

    PARAMS = {"min_similarity": float}
    NEEDS = frozenset({"source"})

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        al = _alignment(doc, ctx)
        src = al.source
        threshold = float(self.spec.params.get("min_similarity", 0.75))
        tgt_lower = {w.casefold() for w in doc.word_types if w[0].islower()}
        out: list[Finding] = []
        reported: set[tuple[int, str]] = set()
        for i, bead in enumerate(al.beads):
            sp = al.src_span(bead)
            if not sp:
                continue
            names = source_names(src, *sp)
            if not names:
                continue
            scene = _NameScene.of(al, doc, i, sp)
            for ns, ne, name in names:
                forms = accepted_spellings(name, ctx)
                if any(_is_form(w, forms) for _, _, w in scene.tgt_words):
                    continue  # the name is there in an accepted spelling
                flagged = False
                for s, e, w in self._near_misses(scene, name, forms, threshold, tgt_lower, reported):
                    reported.add((s, w))
                    out.append(self._report(doc, src, s, e, name, ns, ne, forms, sp))
                    flagged = True
                if flagged or not scene.here_words or name.casefold() in _EN_TITLES:
                    continue  # "Air Chief Marshal": a rank, not a name
                for s, e, w in self._others_at_the_place(doc, al, scene, ns, name, forms, tgt_lower, reported, ctx):
                    reported.add((s, w))
                    f = self._report(doc, src, s, e, name, ns, ne, forms, sp)
                    f.extra["name_place"] = True
                    out.append(f)
        return out

    @staticmethod
    def _near_misses(
        scene: _NameScene,
        name: str,
        forms: list[str],
        threshold: float,
        tgt_lower: set[str],
        reported: set[tuple[int, str]],
    ) -> Iterable[tuple[int, int, str]]:
        """Rare capitalised words of the target sentence close to an accepted spelling of ``name``, but for a
        German transliteration of it. Lazy: the caller marks each word reported before the next is tested."""
        for s, e, w in scene.here_words:
            if not w[0].isupper() or len(w) < 5 or (s, w) in reported:
                continue
            if w.casefold() in tgt_lower or wordlists.zipf_de(w) >= NAME_RARE_ZIPF:
                continue
            wc = fold(w)
            if _near_miss(wc, forms, threshold) and not _germanised(wc, name):
                yield s, e, w

    def _others_at_the_place(
        self,
        doc: Document,
        al: Alignment,
        scene: _NameScene,
        ns: int,
        name: str,
        forms: list[str],
        tgt_lower: set[str],
        reported: set[tuple[int, str]],
        ctx: Context,
    ) -> Iterable[tuple[int, int, str]]:
        """Rare words at the name's place (see _at_the_place) that spell neither the name nor another name of the
        source sentences (two people with one first name). Lazy, as _near_misses."""
        others = scene.others(al)
        for s, e, w in self._at_the_place(doc, al.source, scene.src_words, scene.here_words, ns, name, ctx):
            if (s, w) in reported or w.casefold() in tgt_lower or wordlists.zipf_de(w) >= NAME_RARE_ZIPF:
                continue
            if _spells(w, name) or any(_spells(w, f) for f in forms):
                continue  # a spelling of the name: the near-miss test decides
            if any(o != name and (_spells(w, o) or _is_form(w, accepted_spellings(o, ctx))) for o in others):
                continue
            yield s, e, w

    def _report(
        self,
        doc: Document,
        src: Document,
        s: int,
        e: int,
        name: str,
        ns: int,
        ne: int,
        forms: list[str],
        sp: tuple[int, int],
    ) -> Finding:
        """The finding for target span [s, e): the house spellings as suggestions, the source name's span."""
        house = [f for f in forms[1:] if f != name]
        expected = " / ".join(dict.fromkeys([name] + house[:2]))
        f = self.finding(
            doc, s, e, suggestions=house[:1] or [name], src=name, expected=expected,
            src_sentence=_short(src.text[sp[0] : sp[1]]),
        )  # fmt: skip
        f.extra["source"] = source_extra(src, ns, ne)
        return f

    @staticmethod
    def _at_the_place(
        doc: Document,
        src: Document,
        src_words: list[tuple[int, int, str]],
        here_words: list[tuple[int, int, str]],
        ns: int,
        name: str,
        ctx: Context,
    ) -> list[tuple[int, int, str]]:
        """Target words standing where the source name stands: after the same first name or title (the source
        word right before the name), or before the same surname (the source word right after it)."""
        k = next((j for j, x in enumerate(src_words) if x[0] == ns), None)
        if k is None:
            return []
        found: list[tuple[int, int, str]] = []
        for step in (-1, 1):
            anchor = _adjacent(src.text, src_words, k, step)
            if anchor is None:
                continue
            aw = anchor[2]
            title = aw.casefold().rstrip(".") if step < 0 and aw.casefold().rstrip(".") in _EN_TITLES else None
            if title is not None:
                anchored = [j for j, (_, _, tw) in enumerate(here_words) if _is_title_for(tw, title)]
            elif _name_anchor(aw, name):
                anchor_forms = accepted_spellings(aw, ctx)
                anchored = [
                    j for j, (_, _, tw) in enumerate(here_words) if fold(tw) == fold(aw) or _is_form(tw, anchor_forms)
                ]
            else:
                continue
            for j in anchored:
                cand = _adjacent(doc.text, here_words, j, -step)
                if cand is not None and _may_be_name(cand[2]):
                    found.append(cand)
        return found


def _name_anchor(aw: str, name: str) -> bool:
    """The source word ``aw`` next to ``name`` may be a first name or surname to find the name's place by: a
    capitalised word of three letters or more, no function word, title, initials or acronym, nor the name."""
    if not aw[0].isupper() or len(aw) < 3 or aw.casefold() in _EN_FUNCTION or aw.casefold() in _EN_TITLES:
        return False
    if aw.isupper() and len(aw) <= 5:
        return False  # initials and acronyms ("RKS Bhadauria") are no first names
    return fold(aw) != fold(name)


def _may_be_name(w: str) -> bool:
    """A target word at the name's place that can be a name: capitalised, three letters or more, no acronym and
    no German title ("Präsident" after "Murat" is the title, not the surname)."""
    if len(w) < 3 or not w[0].isupper() or (w.isupper() and len(w) <= 5):
        return False
    return not any(w.casefold().endswith(t) for ts in _EN_TITLES.values() for t in ts)


# ---------------------------------------------------------------------------------------------- copy

_EN_FUNCTION = frozenset(
    "the of and to in is are was were for on with that this by from at as has have had will would be been "
    "it its their they he she his her which who not but or an said says after over about into than".split()
)


def _english_signal(text: str) -> int:
    words = re.findall(r"[^\W\d_]+", text)
    return sum(1 for w in words if w.casefold() in _EN_FUNCTION or wordlists.zipf_en_only(w) >= 3.0)


class SourceCopyCheck(Check):
    """A target sentence that is (nearly) the English source: sentence-level chrF against the source.

    chrF rather than string equality because MT copies often change punctuation or one word; the English-word
    count keeps out sentences that are only names and numbers, which are legitimately identical."""

    PARAMS = {"min_chrf": (int, float), "min_words": int, "min_english": int}
    NEEDS = frozenset({"source"})

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        from sacrebleu.metrics import CHRF

        chrf = CHRF()
        al = _alignment(doc, ctx)
        src = al.source
        threshold = float(self.spec.params.get("min_chrf", 70))
        min_words = int(self.spec.params.get("min_words", 4))
        min_english = int(self.spec.params.get("min_english", 2))
        out = []
        for _, sp, tp in al.pairs():
            tgt_text = doc.text[tp[0] : tp[1]]
            if len(re.findall(r"[^\W\d_]+", tgt_text)) < min_words or _english_signal(tgt_text) < min_english:
                continue
            src_text = src.text[sp[0] : sp[1]]
            score = chrf.sentence_score(tgt_text, [src_text]).score
            if score < threshold:
                continue
            f = self.finding(doc, tp[0], tp[1], suggestions=[], chrf=f"{score:.0f}", src=_short(src_text))
            f.extra["source"] = source_extra(src, *sp)
            f.extra["chrf"] = round(score, 2)
            out.append(f)
        return out


# ---------------------------------------------------------------------------------------------- omission


class SourceOmissionCheck(Check):
    """A long source sentence the alignment pairs with nothing (a 1-0 bead): probably left out."""

    PARAMS = {"min_words": int}
    NEEDS = frozenset({"source"})

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        al = _alignment(doc, ctx)
        src = al.source
        min_words = int(self.spec.params.get("min_words", 8))
        out = []
        for i, bead in enumerate(al.beads):
            if bead.tgt or not bead.src:
                continue
            sp = al.src_span(bead)
            text = src.text[sp[0] : sp[1]]
            if len(text.split()) < min_words:
                continue
            start, end = al.nearest_tgt_span(i)
            f = self.finding(doc, start, end, suggestions=[], src=_short(text))
            f.extra["source"] = source_extra(src, *sp)
            out.append(f)
        return out


class LengthRatioCheck(Check):
    """An aligned sentence pair whose length ratio is far from the document's own: a dropped clause, or an
    addition. Relative to the document ratio because German runs longer than English by a varying amount."""

    PARAMS = {"min_ratio": (int, float), "max_ratio": (int, float), "min_chars": int}
    NEEDS = frozenset({"source"})

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        al = _alignment(doc, ctx)
        src = al.source
        lo = float(self.spec.params.get("min_ratio", 0.5))
        hi = float(self.spec.params.get("max_ratio", 2.0))
        min_chars = int(self.spec.params.get("min_chars", 40))
        out = []
        for _, sp, tp in al.pairs():
            ls = text_length(src.text[sp[0] : sp[1]])
            lt = text_length(doc.text[tp[0] : tp[1]])
            if ls < min_chars and lt < min_chars:
                continue
            r = (lt / max(ls, 1)) / al.ratio
            if lo <= r <= hi:
                continue
            f = self.finding(doc, tp[0], tp[1], suggestions=[], ratio=f"{r:.2f}", src=_short(src.text[sp[0] : sp[1]]))
            f.extra["source"] = source_extra(src, *sp)
            f.extra["ratio"] = round(r, 3)
            out.append(f)
        return out
