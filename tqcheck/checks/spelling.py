"""German non-word detection: typos, slipped Fugen, glued words and ss/ß, compound-aware.

Why this design (measured on wild-dev and the human WMT references, see tests/test_spelling.py's module doc):
a plain spelling dictionary flags every foreign name (Hunspell de_DE: ~70 unknown words per 1,000 words of human
copy), and no dictionary lists every German compound. So a word is judged against the shipped word list
(de_words.txt, ~334k casefolded forms from wordfreq, looked up by bisection) and, when it is not attested there,
split into attested parts with German linking elements (Fugen-s, -es, -n, -en, -er, -e); only a word that is
neither is "unplaced". Evidence that a word is a misspelling, rather than a name or a rare word, comes from its
nearest neighbour: a frequent German word one edit away (a tripled, dropped, doubled or swapped letter, a missing
umlaut), or the word being two attested words run together around a function word ("schriebdass"). The list is
casefolded (ß = ss), so ss/ß comes from a small precomputed table (de_eszett.txt, scripts/build_spelling.py).

Severity is graded by the strength of that evidence (``tier``): ``typo`` (a long word one edit from a frequent
one, a triple letter, glued words), ``eszett``, ``hyphen`` (a word broken by a stray hyphen, "Regie-rung"), and
``nonword`` (an unplaced lower-case word, or a short capitalised one near a frequent word: most of those are
names, so the rule that reports them ships at info). Capitalised unplaced words without a near neighbour are
names and stay silent, as do all-caps abbreviations.

Speed: verdicts are per distinct word (``WordCache``, kept for the process), and only the flagged words are
located in the text (names' trie search). Edits are tested against the everyday tier (a set, ~60 ns a test).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from .. import wordlists
from ..document import Document
from ..model import Finding
from .base import Check, Context, match_case
from .scan import WordCache

# Linking elements between the parts of a compound, longest first ("ens": Herzensangelegenheit).
FUGEN = ("ens", "nen", "es", "en", "er", "s", "n", "e", "")
# Function words: never the head of a compound, nor (but for verb particles, see PARTICLES) a modifier.
FUNCTION = frozenset(
    """der die das den dem des ein eine einen einem einer eines und oder aber dass daß mit von vom zum zur
    für auf aus bei beim nach über unter ist sind war wird wurde hat sich nicht auch als wie noch nur sowie
    sie wir ihr ihre sein seine dieser diese dieses gegen durch ohne""".split()
)
# Endings that make two attested forms one word's inflections (not a typo of each other).
ENDINGS = frozenset(
    ("", "e", "n", "s", "m", "r", "en", "es", "er", "em", "ern", "ens", "nen", "st", "t", "et", "te", "ten", "ste")
)
ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüß"
UMLAUT = {"a": "ä", "o": "ö", "u": "ü"}
_TRIPLE = re.compile(r"([^\W\d_])\1\1")
_HYPHEN_PAIR = re.compile(r"([^\W\d_]{2,})-([a-zäöüß]{2,})(?![^\W\d_]|-)")
_LETTERS_ONLY = re.compile(r"[^\W\d_]+")

WHY = {
    "triple": "dreifacher Buchstabe",
    "del": "ein Buchstabe zu viel",
    "ins": "ein Buchstabe fehlt",
    "swap": "vertauschte Buchstaben",
    "umlaut": "Umlaut fehlt",
    "sub": "falscher Buchstabe",
    "fuge": "falsche Fuge oder Verschreibung im Kompositum",
    "glued": "zwei Wörter ohne Leerzeichen",
    "ss": "ss statt ß",
    "old_ss": "alte Schreibung: ß statt ss",
    "hyphen": "Trennstrich mitten im Wort",
    "unplaced": "weder bekanntes Wort noch zerlegbares Kompositum",
    "rare": "seltenes Wort nahe einem häufigen",
}
# Verb particles are function words but also the first part of verbs and participles (aufragend, einreisen).
PARTICLES = frozenset("auf aus an ab ein vor nach über unter zu mit bei durch gegen um".split())
_KIND_RANK = {"triple": 0, "umlaut": 1, "swap": 2, "ins": 3, "del": 4, "sub": 5}

TYPO_MIN_LENGTH = 8  # a word one edit from a frequent one is a typo from this length on; shorter ones are often names
SUGGEST_ZIPF = 3.0  # a suggestion is an everyday word (Zipf >= 3)


class Verdict(tuple):
    """(tier, suggestion, reason): what the spelling rules say about one word as written."""

    __slots__ = ()

    def __new__(cls, tier: str, suggestion: str, reason: str) -> Verdict:
        return super().__new__(cls, (tier, suggestion, reason))


# ---------------------------------------------------------------------------------------------- the lexicon
@lru_cache(maxsize=1)
def eszett_table() -> dict[str, tuple[str, bool]]:
    """wrong -> (right, also when capitalised) from de_eszett.txt (~700 pairs, <1 ms)."""
    raw = resources.files("tqcheck").joinpath("data", "de_eszett.txt").read_text(encoding="utf-8")
    out = {}
    for line in raw.splitlines():
        wrong, right, flag = line.split("\t")
        out[wrong] = (right, flag == "c")
    return out


def _attested(f: str) -> bool:
    return wordlists.german().get(f) > 0


class _Lexicon:
    """Tests on casefolded words, bound once the common tiers are loaded (sets: ~60 ns a test)."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[int, str], list[str]] | None = None
        self._modifiers: dict[str, bool] = {}
        self._long_calls = 0
        wordlists.load_common_tiers()
        self.everyday, self.known = wordlists.folded_tests()
        self.everyday_set: frozenset[str] = wordlists._TIERS[0]  # Zipf >= 3.0, for bulk intersections

    def modifier(self, m: str) -> bool:
        """``m`` can stand before another part: a word (common if 3 letters: Bau-; attested if 6+: Kevlar-),
        such a word plus a Fuge, a verb stem (treff-), or a noun that drops its final e (Schul-).

        Kept per string for the process: splitting a word tries every prefix, and the prefixes of a text's
        unattested words repeat (Zentralasien-, Regierungs-); each verdict costs up to nine bisections."""
        hit = self._modifiers.get(m)
        if hit is None:
            if len(self._modifiers) > 200_000:
                self._modifiers.clear()
            hit = self._modifiers[m] = self._modifier(m)
        return hit

    def _modifier(self, m: str) -> bool:
        if m in PARTICLES:
            return True
        if len(m) < 3 or m in FUNCTION:
            return False
        for fuge in FUGEN:
            if fuge and not m.endswith(fuge):
                continue
            b = m[: len(m) - len(fuge)] if fuge else m
            if len(b) < 3 or b in FUNCTION:
                continue
            # The thresholds (Zipf 3.5 for three letters, 2.5 below six, 2.0 from six) with the tier sets asked
            # first: a bisection of the word list costs ~50 set tests.
            if len(b) == 3:
                frequent = wordlists.zipf_de(b) >= 3.5
            elif len(b) < 6:
                frequent = self.known(b)
            else:
                frequent = self.known(b) or wordlists.zipf_de(b) >= 2.0
            if frequent or self.everyday(b + "en") or self.everyday(b + "e"):
                return True
        return False

    def head(self, h: str) -> bool:
        """``h`` can end a compound: an attested form of 6+ letters (Bekundung), a known one of 4-5, an everyday
        one of 3 (Rat, Amt, Tag)."""
        if h in FUNCTION:
            return False
        n = len(h)
        if n >= 6 and (self.known(h) or _attested(h)):
            return True
        return (n >= 4 and self.known(h)) or (n == 3 and self.everyday(h) and wordlists.zipf_de(h) >= 3.5)

    def modifiers(self, m: str) -> bool:
        """``m`` is a run of modifiers (Welt|öl): modifiers, the last of which may be a very common word of two
        letters (Öl, EU, UN)."""
        if self.modifier(m) or (len(m) == 2 and wordlists.zipf_de(m) >= 4.3):
            return True
        return any(self.modifier(m[:j]) and self.modifiers(m[j:]) for j in range(3, len(m) - 1))

    def compound(self, w: str, depth: int = 0) -> bool:
        """``w`` splits into a modifier and a head or a further compound (Golf|kooperation-s|rat)."""
        n = len(w)
        if n < 6 or depth > 4:
            return False
        for i in range(3, n - 2):
            if self.modifier(w[:i]) and (self.head(w[i:]) or self.compound(w[i:], depth + 1)):
                return True
        return False

    def placed(self, w: str) -> bool:
        return _attested(w) or self.compound(w)

    def nearest(self, w: str, minz: float = SUGGEST_ZIPF) -> tuple[str, str] | None:
        """The most plausible everyday word one edit from ``w`` (not a mere inflection of it): (word, kind).

        Ranked by kind (a doubled letter removed, Sonntaag, beats a substituted one), then by frequency. The ~60
        candidates per letter are built by comprehensions and met with the everyday tier by one C-level set
        intersection per kind (~0.1 ms a word, against ~0.6 ms for a membership test each). A long word, once a
        process has asked for many (a big text, a batch), is met with the few everyday words that share its
        first or last three letters instead (``_near_by_buckets``, ~10x faster; same answers)."""
        n = len(w)
        if n >= _BUCKET_MIN:
            self._long_calls += 1
            if self._buckets is not None or self._long_calls > _BUCKETS_AFTER:
                return self._near_by_buckets(w, minz)
        return self._near_by_edits(w, minz)

    def _bucket_index(self) -> dict[tuple[int, str], list[str]]:
        """Everyday words of 7+ letters by (length, first three letters) and (length, "~" + last three)."""
        if self._buckets is None:
            index: dict[tuple[int, str], list[str]] = {}
            for e in self.everyday_set:
                n = len(e)
                if n >= _BUCKET_MIN - 1:
                    index.setdefault((n, e[:3]), []).append(e)
                    index.setdefault((n, "~" + e[-3:]), []).append(e)
            self._buckets = index
        return self._buckets

    def _near_by_buckets(self, w: str, minz: float) -> tuple[str, str] | None:
        """As ``_near_by_edits`` for words of ``_BUCKET_MIN`` or more letters: one edit (at most two adjacent
        letters) leaves the first three or the last three letters of such a word intact, so every everyday word
        one edit away sits in a bucket of the same first or last three letters and a length differing by at
        most one; rapidfuzz's optimal string alignment distance (C) keeps those at distance one."""
        index = self._bucket_index()
        key = w.replace("ß", "ss")
        n = len(key)
        pool: set[str] = set()
        for length in (n - 1, n, n + 1):
            pool.update(index.get((length, key[:3]), ()))
            pool.update(index.get((length, "~" + key[-3:]), ()))
        pool.discard(key)
        best: tuple[int, float, str, str] | None = None
        table = eszett_table()
        for k in pool:
            if _OSA(key, k, score_cutoff=1) > 1:
                continue
            kind = _edit_kind(key, k)
            if kind is None:
                continue
            c = table[k][0] if k in table else k  # the list is casefolded: "strasse" is suggested as "straße"
            if _inflection_pair(w, c):
                continue
            z = wordlists.zipf_de(k)
            rank = (_KIND_RANK[kind], -z, c, kind)
            if z >= minz and (best is None or rank < best):
                best = rank
        if best is None:
            return None
        return best[2], best[3]

    def _near_by_edits(self, w: str, minz: float) -> tuple[str, str] | None:
        """Every one-edit variant of ``w`` met with the everyday tier (the plain way; see ``nearest``)."""
        n = len(w)
        pre = [w[:i] for i in range(n + 1)]
        post = [w[i:] for i in range(n + 1)]
        kinds = (
            ("umlaut", [pre[i] + UMLAUT[w[i]] + post[i + 1] for i in range(n) if w[i] in UMLAUT]),
            ("swap", [pre[i] + w[i + 1] + w[i] + post[i + 2] for i in range(n - 1) if w[i] != w[i + 1]]),
            ("ins", [p + c + q for p, q in zip(pre, post) for c in ALPHABET]),
            ("del", [pre[i] + post[i + 1] for i in range(n)]),
            ("sub", [pre[i] + c + post[i + 1] for i in range(n) for c in ALPHABET if c != w[i]]),
        )
        everyday = self.everyday_set
        best: tuple[int, float, str, str] | None = None
        for kind, cands in kinds:
            # ``w`` may keep its ß (the list is casefolded, ß = ss): look up casefolded, suggest as spelt.
            keyed = {c.replace("ß", "ss"): c for c in cands} if "ß" in w else dict(zip(cands, cands))
            for k in everyday.intersection(keyed):
                c = keyed[k]
                if k == w.replace("ß", "ss") or _inflection_pair(w, c):
                    continue
                z = wordlists.zipf_de(k)
                key = (_KIND_RANK[kind], -z, c, kind)
                if z >= minz and (best is None or key < best):
                    best = key
        if best is None:
            return None
        return best[2], best[3]


_BUCKET_MIN = 8  # letters: from here on an edit cannot touch both the first three and the last three letters
_BUCKETS_AFTER = 100  # long-word lookups before the bucket index (~40 ms to build) pays for itself


def _OSA(a: str, b: str, score_cutoff: int) -> int:
    from rapidfuzz.distance import OSA

    global _OSA
    _OSA = OSA.distance  # bound on first use: rapidfuzz is imported only by the texts that need it
    return _OSA(a, b, score_cutoff=score_cutoff)


def _edit_kind(w: str, c: str) -> str | None:
    """Which single edit turns ``w`` into ``c`` (the names of ``_near_by_edits``' candidate kinds), or None."""
    n, m = len(w), len(c)
    if m == n:
        diff = [i for i in range(n) if w[i] != c[i]]
        if len(diff) == 1:
            i = diff[0]
            return "umlaut" if UMLAUT.get(w[i]) == c[i] else "sub"
        if len(diff) == 2 and diff[1] == diff[0] + 1 and w[diff[0]] == c[diff[1]] and w[diff[1]] == c[diff[0]]:
            return "swap"
        return None
    if m == n + 1:  # c has a letter w lacks: w + one letter
        i = next((i for i in range(n) if w[i] != c[i]), n)
        return "ins" if w[i:] == c[i + 1 :] else None
    if m == n - 1:
        i = next((i for i in range(m) if w[i] != c[i]), m)
        return "del" if w[i + 1 :] == c[i:] else None
    return None


def _inflection_pair(a: str, b: str) -> bool:
    k = 0
    for x, y in zip(a, b):
        if x != y:
            break
        k += 1
    return a[k:] in ENDINGS and b[k:] in ENDINGS


_LEX: _Lexicon | None = None


def lexicon() -> _Lexicon:
    global _LEX
    if _LEX is None:
        _LEX = _Lexicon()
    return _LEX


# ---------------------------------------------------------------------------------------------- verdicts
def judge(word: str) -> Verdict | None:
    """The spelling verdict on one word as written (letters only), or None when it is fine or cannot be judged."""
    n = len(word)
    if n < 3 or word.isupper() or not _LETTERS_ONLY.fullmatch(word):
        return None
    lower = word.lower()
    capital = word[0].isupper()
    table = eszett_table()
    hit = table.get(lower)
    if hit is not None and (not capital or hit[1]):
        return Verdict("eszett", match_case(hit[0], word), "old_ss" if "ß" in lower else "ss")
    if n < 4:
        return None
    lex = lexicon()
    f = word.casefold()
    if lex.known(f) or _attested(f):  # the set first: most words of a text are frequent
        return None
    camel = any(c.isupper() for c in word[1:])
    for i in range(3, n - 4):  # an ss/ß slip in the head of a compound: Bahnstrasse
        right = table.get(lower[i:])
        if right is not None and (lex.modifier(f[:i]) or _attested(f[:i])):
            return Verdict("eszett", word[:i] + right[0], "old_ss" if "ß" in lower[i:] else "ss")
    glued = _glued(f, lex)
    if glued is not None:
        return Verdict("typo", glued, "glued")
    if lex.compound(f):
        # Attested parts, unattested whole: a slipped Fuge or a joint vowel is one edit from an attested
        # compound (Kroneprinz, Pressendienst); a valid new compound has no such twin.
        if n >= TYPO_MIN_LENGTH or camel:
            near = lex.nearest(lower, minz=2.5 if camel else 3.3)
            if near is not None and near[1] in ("del", "ins") and _edited_letter(f, near[0]) in "sne":
                return Verdict("typo", _recase(near[0], word), "fuge")
        return None
    if _TRIPLE.search(f):
        collapsed = _TRIPLE.sub(r"\1\1", f)
        if lex.placed(collapsed):
            return Verdict("typo", _recase(collapsed, word), "triple")
        near = lex.nearest(collapsed)
        if near is not None:
            return Verdict("typo", _recase(near[0], word), "triple")
    near = lex.nearest(lower)
    if near is not None:
        strong = n >= TYPO_MIN_LENGTH
        return Verdict("typo" if strong else "nonword", _recase(near[0], word), near[1])
    head = _head_typo(f, lex)
    if head is not None:
        return Verdict("typo", _recase(head[0], word), head[1])
    if not capital and n >= 5:
        return Verdict("nonword", "", "unplaced")
    return None


# Glued at the front: articles and conjunctions only (über-, nicht-, gegen- are also prefixes: überwechseln).
GLUE_FRONT = frozenset("der die das den dem des eine einen einem einer eines und oder aber dass sowie".split())
# Glued at the back; an article after -en is an adjective ending instead (verkaufend-er).
GLUE_BACK = frozenset("dass und oder aber sowie nicht auch wird ist sind hat sich der die das den dem des".split())
_ARTICLES = frozenset("der die das den dem des".split())


def _glued(f: str, lex: _Lexicon) -> str | None:
    """``f`` as an everyday word and a function word run together ("schriebdass" -> "schrieb dass")."""
    for fw in GLUE_BACK:
        rest = f[: -len(fw)]
        if f.endswith(fw) and len(rest) >= 4 and lex.everyday(rest):
            if fw in _ARTICLES and (rest.endswith("en") or rest.endswith("end")):
                continue
            return rest + " " + fw
    for fw in GLUE_FRONT:
        rest = f[len(fw) :]
        if f.startswith(fw) and len(rest) >= 4 and lex.everyday(rest):
            return fw + " " + rest
    return None


def _head_typo(f: str, lex: _Lexicon) -> tuple[str, str] | None:
    """A compound whose modifiers are fine and whose head (6+ letters, unattested, no compound) is one edit from
    an everyday word, the edit not at the joint: Weltöl|kongesses -> Weltölkongresses."""
    for i in range(3, len(f) - 6):
        head = f[i:]
        if _attested(head) or lex.compound(head) or not lex.modifiers(f[:i]):
            continue
        near = lex.nearest(head)
        if near is not None and len(near[0]) >= 7 and _edit_offset(head, near[0]) >= 2:
            return f[:i] + near[0], near[1]
    return None


def _edited_letter(a: str, b: str) -> str:
    """The letter one of two strings has in addition to the other (they differ by one deletion)."""
    k = _edit_offset(a, b)
    longer = a if len(a) > len(b) else b
    return longer[k] if k < len(longer) else ""


def _edit_offset(a: str, b: str) -> int:
    """Where two strings one edit apart first differ."""
    k = 0
    for x, y in zip(a, b):
        if x != y:
            break
        k += 1
    return k


def _recase(suggestion: str, word: str) -> str:
    """The suggestion in the word's case pattern: capitalised if the word is (KronePrinz -> Kronprinz), with the
    ß that casefolded list forms lost (ausschliesst -> ausschließt)."""
    fixed = eszett_table().get(suggestion)
    if fixed is not None and "ß" not in suggestion:
        suggestion = fixed[0]
    if word[0].isupper():
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


_VERDICTS = WordCache(judge)


def hyphen_verdict(left: str, right: str) -> Verdict | None:
    """ "Regie-rung": a lower-case piece after a hyphen that is no word by itself, where the joined form is an
    everyday word. (US-amerikanisch, rot-grün and E-Mail have a word, or a capital, after the hyphen.)"""
    lex = lexicon()
    r = right.casefold()
    if lex.everyday(r) or lex.compound(r) or len(right) < 2:
        return None
    joined = (left + right).casefold()
    if lex.everyday(joined):
        return Verdict("hyphen", _recase(joined, left), "hyphen")
    return None


_HYPHEN_VERDICTS: dict[tuple[str, str], Verdict | None] = {}


MAX_REPEATS = 3  # a capitalised typo-tier word this often in one text is more likely a name spelt consistently


def _flagged(doc: Document, ctx: Context) -> list[tuple[str, str, str, str, int, int]]:
    """(word, tier, suggestion, reason, start, end) of every flagged word occurrence, once per document for all
    the spelling rules (kept in ``ctx.cache``): the words come from the names checks' word inventory, judged once
    per type, and only the flagged ones are located (with the name rules' offsets, one trie pass for the rest)."""
    cached = ctx.cache.get("spelling")
    if cached is not None and cached[0] is doc:
        return cached[1]
    from .names import _located, _name_index

    verdicts = _VERDICTS
    flagged = {w: v for w in _name_index(doc, ctx).types if (v := verdicts[w]) is not None}
    out = []
    if flagged:
        text = doc.text
        # A paragraph that ends in a letter was cut off (an excerpt, a feed's teaser): its last word may be
        # a fragment ("Entscheidu"), so it is reported at most as unplaced.
        cut = {e for _, e in doc.paragraphs if text[e - 1].isalpha()}
        located = _located(doc, ctx, flagged)  # most flagged words are rare names the name rules located
        for w in flagged:
            starts = located[w]
            tier, best, reason = flagged[w]
            if tier == "typo" and w[0].isupper() and len(starts) >= MAX_REPEATS:
                tier = "nonword"
            for s in starts:
                e = s + len(w)
                out.append((w, "nonword" if tier == "typo" and e in cut else tier, best, reason, s, e))
    ctx.cache["spelling"] = (doc, out)
    return out


# ---------------------------------------------------------------------------------------------- the kind
class SpellingCheck(Check):
    """One rule per evidence tier: ``tiers`` lists which verdicts the rule reports (see the module doc)."""

    PARAMS = {"tiers": list, "allow": list}
    TIERS = ("typo", "eszett", "hyphen", "nonword")

    @classmethod
    def validate(cls, spec) -> None:
        tiers = spec.params.get("tiers")
        if not tiers or any(t not in cls.TIERS for t in tiers):
            raise ValueError(f"'tiers' must list some of {', '.join(cls.TIERS)}")

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        tiers = set(self.spec.params["tiers"])
        allow = {a.casefold() for a in self.spec.params.get("allow", [])} | {a.casefold() for a in ctx.config.accept}
        out: list[Finding] = []
        for w, tier, best, reason, s, e in _flagged(doc, ctx):
            if tier in tiers and w.casefold() not in allow:
                out.append(self._finding(doc, s, e, best, reason))
        if "hyphen" in tiers:
            out.extend(self._hyphens(doc, ctx, allow))
        out.sort(key=lambda f: f.start)
        return out

    def _hyphens(self, doc: Document, ctx: Context, allow: set[str]) -> list[Finding]:
        text = doc.text
        out = []
        pairs = [t for t in doc.token_types if "-" in t]
        if not pairs:
            return out
        wanted = {}
        for t in pairs:
            for m in _HYPHEN_PAIR.finditer(t):
                key = (m.group(1), m.group(2))
                if key not in _HYPHEN_VERDICTS:
                    _HYPHEN_VERDICTS[key] = hyphen_verdict(*key)
                v = _HYPHEN_VERDICTS[key]
                if v is not None and (key[0] + key[1]).casefold() not in allow:
                    wanted[m.group()] = v
        for form, v in wanted.items():
            i = text.find(form)
            while i >= 0:
                j = i + len(form)
                if (i == 0 or not text[i - 1].isalpha()) and (
                    j >= len(text) or not (text[j].isalpha() or text[j] == "-")
                ):
                    out.append(self._finding(doc, i, j, v[1], v[2]))
                i = text.find(form, j)
        return out

    def _finding(self, doc: Document, start: int, end: int, best: str, reason: str) -> Finding:
        hint = f"; gemeint ist wohl „{best}“" if best else ""
        return self.finding(doc, start, end, suggestions=[best] if best else [], why=WHY[reason], hint=hint)
