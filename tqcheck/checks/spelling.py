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
located in the text (``_locate``). Most words of a text are frequent, and a big text's are passed in bulk
(``_pass_frequent``). Judging the rest asks about every prefix and suffix of a word: those answers are kept per
string (``_Lexicon.modifier``, ``head``, ``compound``), the tier sets of the word list answer first, and a Bloom
filter of the rarer forms (de_rare.bloom) before the list itself is bisected. The neighbour search is skipped
for a compound with no s/n/e twin (``fuge_twin``), and meets longer words with the few everyday words of
de_near.txt that share their first or last three letters. Both data files are derived from the word list by
scripts/build_spelling.py; none of this changes a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from itertools import compress, repeat
from operator import gt, or_
from zlib import crc32

from .. import wordlists
from ..document import Document
from ..model import Finding
from .base import Check, Context, match_case
from .scan import WordCache, paragraph_runs, paragraphs_holding

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
_FUGEN_BY_LAST = {f[-1]: tuple(g for g in FUGEN if g and g[-1] == f[-1]) for f in FUGEN if f}  # "s": ens, es, s
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
    """wrong -> (right, also when capitalised) from de_eszett.txt (~700 pairs, read once)."""
    raw = resources.files("tqcheck").joinpath("data", "de_eszett.txt").read_text(encoding="utf-8")
    out = {}
    for line in raw.splitlines():
        wrong, right, flag = line.split("\t")
        out[wrong] = (right, flag == "c")
    return out


class _Lexicon:
    """Tests on casefolded words, bound once the common tiers are loaded (sets: ~60 ns a test)."""

    def __init__(self) -> None:
        self._buckets: dict[str, str] | None = None
        self._pools: dict[str, list[str]] = {}
        self._modifiers: dict[str, bool] = {}
        self._heads: dict[str, bool] = {}
        self._runs: dict[str, bool] = {}
        self._compounds: dict[str, bool] = {}
        self._long_calls = 0
        wordlists.load_common_tiers()
        self.everyday, self.known = wordlists.folded_tests()
        self.everyday_set: frozenset[str] = wordlists._TIERS[0]  # Zipf >= 3.0, for bulk intersections
        self._rarer_set: frozenset[str] = wordlists._TIERS[1]  # 2.5 <= Zipf < 3.0, for inner loops
        self._rare_filter = resources.files("tqcheck").joinpath("data", "de_rare.bloom").read_bytes()
        self._rare_mask = (len(self._rare_filter) << 3) - 1

    def attested(self, f: str) -> bool:
        """``f`` is in the word list at all (Zipf > 0): a tier set, else the word list through the rare-form
        filter."""
        return self.known(f) or (self.maybe_rare(f) and wordlists.zipf_de(f) > 0)

    def rare(self, b: str) -> bool:
        """``b``, known to be in no tier set, has Zipf >= 2.0 (a rare but real word: Kevlar)."""
        return self.maybe_rare(b) and wordlists.zipf_de(b) >= 2.0

    def maybe_rare(self, f: str) -> bool:
        """False if ``f`` is no form of the word list below Zipf 2.5; True if it may be one.

        de_rare.bloom (scripts/build_spelling.py) is a Bloom filter of those forms: two bits per form, at
        CRC-32 positions of its UTF-8 form. Most strings the compound splitter asks about are no words, and the
        filter turns away all but ~1 % of them at the cost of a CRC, where the word list costs a bisection."""
        bits, mask = self._rare_filter, self._rare_mask
        b = f.encode("utf-8", "surrogatepass")
        h = crc32(b)
        i = h & mask
        if not bits[i >> 3] >> (i & 7) & 1:
            return False
        i = crc32(b"\x01", h) & mask
        return bool(bits[i >> 3] >> (i & 7) & 1)

    def modifier(self, m: str) -> bool:
        """``m`` can stand before another part: a word (common if 3 letters: Bau-; attested if 6+: Kevlar-),
        such a word plus a Fuge, a verb stem (treff-), or a noun that drops its final e (Schul-).

        Kept per string for the process, as are ``head``, ``modifiers`` and ``compound``: splitting a word tries
        every prefix and suffix, and the parts of a text's unattested words repeat (Zentralasien-, Regierungs-,
        -minister)."""
        return _memo(self._modifiers, m, self._modifier)

    def _modifier(self, m: str) -> bool:
        if m in PARTICLES:
            return True
        n = len(m)
        if n < 3 or m in FUNCTION:
            return False
        bases = [m]
        for fuge in _FUGEN_BY_LAST.get(m[-1], ()):
            if m.endswith(fuge) and n - len(fuge) >= 3:
                b = m[: n - len(fuge)]
                if b not in FUNCTION:
                    bases.append(b)
        # The thresholds are Zipf 3.5 for three letters, 2.5 for four and five, 2.0 from six letters on; a base
        # that is an infinitive or noun stem (b + en, b + e) passes whatever its own frequency. The tier sets
        # answer most of that; the word list is asked only when they cannot.
        everyday, rarer = self.everyday_set, self._rarer_set
        for b in bases:
            if (len(b) > 3 and (b in everyday or b in rarer)) or b + "en" in everyday or b + "e" in everyday:
                return True
        for b in bases:
            if len(b) == 3:
                if b in everyday and wordlists.zipf_de(b) >= 3.5:  # Zipf >= 3.5 is in the everyday tier
                    return True
            elif len(b) >= 6 and self.rare(b):
                return True
        return False

    def head(self, h: str) -> bool:
        """``h`` can end a compound: an attested form of 6+ letters (Bekundung), a known one of 4-5, an everyday
        one of 3 (Rat, Amt, Tag)."""
        return _memo(self._heads, h, self._head)

    def _head(self, h: str) -> bool:
        if h in FUNCTION:
            return False
        n = len(h)
        if n >= 6 and self.attested(h):
            return True
        return (n >= 4 and self.known(h)) or (n == 3 and self.everyday(h) and wordlists.zipf_de(h) >= 3.5)

    def modifiers(self, m: str) -> bool:
        """``m`` is a run of modifiers (Welt|öl): modifiers, the last of which may be a very common word of two
        letters (Öl, EU, UN)."""
        return _memo(self._runs, m, self._modifier_run)

    def _modifier_run(self, m: str) -> bool:
        if self.modifier(m) or (len(m) == 2 and self.everyday(m) and wordlists.zipf_de(m) >= 4.3):
            return True
        return any(self.modifier(m[:j]) and self.modifiers(m[j:]) for j in range(3, len(m) - 1))

    def compound(self, w: str, depth: int = 0) -> bool:
        """``w`` splits into a modifier and a head or a further compound (Golf|kooperation-s|rat).

        At most five parts deep. A split that deep needs five modifiers of three letters and a head of six,
        so for a shorter ``w`` the depth cannot matter and the verdict is kept per string."""
        if len(w) + 3 * depth < _DEPTH_MATTERS:
            return _memo(self._compounds, w, self._compound)
        return self._compound(w, depth)

    def _compound(self, w: str, depth: int = 0) -> bool:
        n = len(w)
        if n < 6 or depth > 4:
            return False
        for i in range(3, n - 2):
            if self.modifier(w[:i]) and (self.head(w[i:]) or self.compound(w[i:], depth + 1)):
                return True
        return False

    def placed(self, w: str) -> bool:
        return self.attested(w) or self.compound(w)

    def nearest(self, w: str, minz: float = SUGGEST_ZIPF) -> tuple[str, str] | None:
        """The most plausible everyday word one edit from ``w`` (not a mere inflection of it): (word, kind).

        An edit is a missing umlaut, two letters swapped, or a letter of ``ALPHABET`` inserted, deleted or
        substituted; ranked by kind (a doubled letter removed, Sonntaag, beats a substituted one), then by
        frequency. The ~60 candidates per letter are built by comprehensions and met with the everyday tier by
        one C-level set intersection per kind. A word of ``_BUCKET_MIN`` letters or more without ß, once a
        process has asked for many (a big text, a batch), is met with the everyday words that share its first or
        last three letters instead (``_near_by_buckets``: the same answers for a fraction of the work)."""
        if len(w) >= _BUCKET_MIN and "ß" not in w:
            self._long_calls += 1
            if self._long_calls > _BUCKETS_AFTER:
                return self._near_by_buckets(w, minz)
        return self._near_by_edits(w, minz)

    def fuge_twin(self, w: str, minz: float) -> bool:
        """An everyday word (Zipf >= ``minz``) that is ``w`` with one s, n or e more or less, and no inflection
        of it: a slipped Fuge's only possible correction. Where there is none, ``nearest`` (whose best answer
        must be such a word for ``judge`` to flag a compound) need not search at all."""
        n = len(w)
        twins = [w[:i] + w[i + 1 :] for i in range(n) if w[i] in "sne"]
        twins += [w[:i] + c + w[i:] for i in range(n + 1) for c in "sne"]
        return any(
            not _inflection_pair(w, k) and wordlists.zipf_de(k) >= minz for k in self.everyday_set.intersection(twins)
        )

    def _bucket(self, key: str) -> list[str]:
        """One group of de_near.txt (scripts/build_spelling.py): the everyday words of 5+ letters of one length
        and first three letters ("9 abg"), or of one length and last three ("9~ung"). The file is read on first
        use, each group split into words on its first."""
        pool = self._pools.get(key)
        if pool is None:
            if self._buckets is None:
                raw = resources.files("tqcheck").joinpath("data", "de_near.txt").read_bytes().decode("utf-8")
                self._buckets = dict(map(str.split, raw.split("\n")[:-1], repeat("\t"), repeat(1)))
            words = self._buckets.get(key)
            pool = self._pools[key] = words.split(" ") if words else []
        return pool

    def _near_by_buckets(self, w: str, minz: float) -> tuple[str, str] | None:
        """As ``_near_by_edits`` for words of ``_BUCKET_MIN`` or more letters without ß: one edit (at most two
        adjacent letters) leaves the first three or the last three letters of such a word intact, so every
        everyday word one edit away sits in a group of the same first or last three letters and a length
        differing by at most one; of six letters, all but the swap of the third and fourth, which is tested
        apart. rapidfuzz (C) keeps those at an optimal string alignment distance of one, and ``_edit`` those
        whose edit ``_near_by_edits`` would have made."""
        n = len(w)
        pool: list[str] = []
        for length in (n - 1, n, n + 1):
            pool += self._bucket(f"{length} {w[:3]}")
            pool += self._bucket(f"{length}~{w[-3:]}")
        if n == 6 and w[2] != w[3]:
            swapped = w[:2] + w[3] + w[2] + w[4:]
            if swapped in self.everyday_set:
                pool.append(swapped)
        best: tuple[int, float, str, str] | None = None
        for k in {hit[0] for hit in _one_edit_away(w, pool)}:  # a word in both groups of its length: once
            edit = _edit(w, k)
            if edit is None or _inflection_pair(w, k):
                continue
            kind = edit[0]
            z = wordlists.zipf_de(k)
            rank = (_KIND_RANK[kind], -z, k, kind)
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


_BUCKET_MIN = 6  # letters: from seven on no edit touches both the first three and the last three; at six, one swap
_BUCKETS_AFTER = 30  # long-word lookups before reading the groups of de_near.txt pays for itself


def _one_edit_away(w: str, pool: list[str]) -> list[tuple[str, int, int]]:
    """The words of ``pool`` at an optimal string alignment distance of at most one from ``w``: one rapidfuzz
    call (C) for the whole pool. Imported here: only the texts that need it pay for rapidfuzz."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    return process.extract(w, pool, scorer=OSA.distance, score_cutoff=1, limit=None)


def _edit(w: str, c: str) -> tuple[str, str] | None:
    """Which single edit of ``_near_by_edits`` turns ``w`` into ``c``: (kind, the letter inserted, substituted or
    deleted; "" for a swap), or None (no single edit, or one that brings in a letter outside ``ALPHABET``)."""
    n, m = len(w), len(c)
    if m == n:
        diff = [i for i in range(n) if w[i] != c[i]]
        if len(diff) == 1:
            i = diff[0]
            if UMLAUT.get(w[i]) == c[i]:
                return "umlaut", c[i]
            return ("sub", c[i]) if c[i] in ALPHABET else None
        if len(diff) == 2 and diff[1] == diff[0] + 1 and w[diff[0]] == c[diff[1]] and w[diff[1]] == c[diff[0]]:
            return "swap", ""
        return None
    if m == n + 1:  # c has a letter w lacks: w + one letter
        i = next((i for i in range(n) if w[i] != c[i]), n)
        return ("ins", c[i]) if w[i:] == c[i + 1 :] and c[i] in ALPHABET else None
    if m == n - 1:
        i = next((i for i in range(m) if w[i] != c[i]), m)
        return ("del", w[i]) if w[i + 1 :] == c[i:] else None
    return None


def _inflection_pair(a: str, b: str) -> bool:
    k = 0
    for x, y in zip(a, b):
        if x != y:
            break
        k += 1
    return a[k:] in ENDINGS and b[k:] in ENDINGS


_DEPTH_MATTERS = 21  # letters (plus three per level already split off): see _Lexicon.compound
_MEMO_LIMIT = 200_000  # strings per memo: ~20 MB at most


def _memo(memo: dict[str, bool], key: str, test: Callable[[str], bool]) -> bool:
    """``test(key)``, kept in ``memo`` (emptied when full)."""
    hit = memo.get(key)
    if hit is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        hit = memo[key] = test(key)
    return hit


_LEX: _Lexicon | None = None


def lexicon() -> _Lexicon:
    global _LEX
    if _LEX is None:
        _LEX = _Lexicon()
    return _LEX


# ---------------------------------------------------------------------------------------------- verdicts
# Longer than any German word in use (Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz: 63): a
# base64 blob or a run of one letter, which splitting and neighbour search would try position by position. The one
# bound every check uses for "no word is longer" (wordlists.LONGEST_WORD).
MAX_WORD = wordlists.LONGEST_WORD


def judge(word: str) -> Verdict | None:
    """The spelling verdict on one word as written (letters only), or None when it is fine or cannot be judged."""
    n = len(word)
    if n < 3 or n > MAX_WORD or word.isupper() or not _LETTERS_ONLY.fullmatch(word):
        return None
    lower = word.lower()
    table = eszett_table()
    hit = table.get(lower)
    if hit is not None and (not word[0].isupper() or hit[1]):
        return Verdict("eszett", match_case(hit[0], word), "old_ss" if "ß" in lower else "ss")
    if n < 4:
        return None
    lex = lexicon()
    f = word.casefold()
    if lex.attested(f):
        return None
    return _unattested(word, lower, f, table, lex)


def _unattested(word: str, lower: str, f: str, table: dict[str, tuple[str, bool]], lex: _Lexicon) -> Verdict | None:
    """The verdict on a word the lexicon does not attest (``f`` casefolded), the most specific slip first: an ss/ß
    slip in a compound's head, a function word glued on, a slipped Fuge in a compound of attested parts, then
    one edit from a known word."""
    n = len(word)
    for i in range(3, n - 4):  # an ss/ß slip in the head of a compound: Bahnstrasse
        right = table.get(lower[i:])
        if right is not None and (lex.modifier(f[:i]) or lex.attested(f[:i])):
            return Verdict("eszett", word[:i] + right[0], "old_ss" if "ß" in lower[i:] else "ss")
    glued = _glued(f, lex)
    if glued is not None:
        return Verdict("typo", glued, "glued")
    if lex.compound(f):
        return _fuge_slip(word, lower, f, lex)
    return _one_edit(word, lower, f, lex)


def _fuge_slip(word: str, lower: str, f: str, lex: _Lexicon) -> Verdict | None:
    """A compound of attested parts, unattested whole: a slipped Fuge or a joint vowel is one edit from an attested
    compound (Kroneprinz, Pressendienst); a valid new compound has no such twin."""
    camel = any(c.isupper() for c in word[1:])
    minz = 2.5 if camel else 3.3
    if (len(word) >= TYPO_MIN_LENGTH or camel) and (lower != f or lex.fuge_twin(f, minz)):
        near = lex.nearest(lower, minz)
        if near is not None and near[1] in ("del", "ins") and _edited_letter(f, near[0]) in "sne":
            return Verdict("typo", _recase(near[0], word), "fuge")
    return None


def _one_edit(word: str, lower: str, f: str, lex: _Lexicon) -> Verdict | None:
    """A word that is no compound of attested parts: a tripled letter, one edit from a known word (a typo when
    long enough, else a nonword), a typo in a compound's head; a lower-case word placed nowhere is a nonword."""
    n = len(word)
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
    if not word[0].isupper() and n >= 5:
        return Verdict("nonword", "", "unplaced")
    return None


# Glued at the front: articles and conjunctions only (über-, nicht-, gegen- are also prefixes: überwechseln).
GLUE_FRONT = frozenset("der die das den dem des eine einen einem einer eines und oder aber dass sowie".split())
# Glued at the back; an article after -en is an adjective ending instead (verkaufend-er).
GLUE_BACK = frozenset("dass und oder aber sowie nicht auch wird ist sind hat sich der die das den dem des".split())
_ARTICLES = frozenset("der die das den dem des".split())


def _glued(f: str, lex: _Lexicon) -> str | None:
    """``f`` as an everyday word and a function word run together ("schriebdass" -> "schrieb dass"); the longer
    function word first where two would do (dass|elbe before das|selbe)."""
    for k in _GLUE_LENGTHS:
        fw, rest = f[-k:], f[:-k]
        if fw in GLUE_BACK and len(rest) >= 4 and lex.everyday(rest):
            if fw in _ARTICLES and (rest.endswith("en") or rest.endswith("end")):
                continue
            return rest + " " + fw
    for k in _GLUE_LENGTHS:
        fw, rest = f[:k], f[k:]
        if fw in GLUE_FRONT and len(rest) >= 4 and lex.everyday(rest):
            return fw + " " + rest
    return None


_GLUE_LENGTHS = sorted({len(fw) for fw in GLUE_BACK | GLUE_FRONT}, reverse=True)


def _head_typo(f: str, lex: _Lexicon) -> tuple[str, str] | None:
    """A compound whose modifiers are fine and whose head (6+ letters, unattested, no compound) is one edit from
    an everyday word, the edit not at the joint: Weltöl|kongesses -> Weltölkongresses."""
    for i in range(3, len(f) - 6):
        head = f[i:]
        if lex.attested(head) or lex.compound(head) or not lex.modifiers(f[:i]):
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
_BULK = 200  # new words in one text from which their frequent ones are passed in bulk


def _pass_frequent(words: list[str]) -> None:
    """Enter the verdict None for those of ``words`` that ``judge`` passes as frequent (in a tier set, casefolded,
    and not in the ss/ß table): most words of a text, settled here by set operations over all of them instead of a
    ``judge`` call each."""
    lexicon()  # the tier sets
    everyday, rarer = wordlists._TIERS  # Zipf >= 3.0, 2.5 <= Zipf < 3.0
    folded = list(map(str.casefold, words))
    known = map(or_, map(everyday.__contains__, folded), map(rarer.__contains__, folded))
    in_table = map(eszett_table().__contains__, map(str.lower, words))
    _VERDICTS.update(zip(compress(words, map(gt, known, in_table)), repeat(None)))  # known and not in the table


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


def _hyphen_forms(token: str) -> tuple[tuple[str, str, Verdict], ...]:
    """(form, joined casefolded, verdict) of each hyphenated pair in ``token`` with a verdict ("Regie-rung")."""
    out = []
    for m in _HYPHEN_PAIR.finditer(token):
        key = (m.group(1), m.group(2))
        if key not in _HYPHEN_VERDICTS:
            _HYPHEN_VERDICTS[key] = hyphen_verdict(*key)
        v = _HYPHEN_VERDICTS[key]
        if v is not None:
            out.append((m.group(), (key[0] + key[1]).casefold(), v))
    return tuple(out)


def _hyphenated(doc: Document, ctx: Context) -> list[str]:
    """The distinct tokens of the document that hold a hyphen, in order of first occurrence: found in the
    vocabulary (``ctx.vocabulary``, the distinct tokens joined by spaces) with ``str.find``, without a look at
    each token."""
    vocabulary = ctx.vocabulary
    out = []
    i = vocabulary.find("-")
    while i >= 0:
        a = vocabulary.rfind(" ", 0, i) + 1
        b = vocabulary.find(" ", i)
        if b < 0:
            b = len(vocabulary)
        out.append(vocabulary[a:b])
        i = vocabulary.find("-", b)
    return out


_HYPHEN_FORMS = WordCache(_hyphen_forms)  # per hyphenated token, for the process: copy repeats its tokens


MAX_REPEATS = 3  # a capitalised typo-tier word this often in one text is more likely a name spelt consistently


def flag_words(doc: Document, ctx: Context) -> list[tuple[str, str, str, str, int, int]]:
    """(word, tier, suggestion, reason, start, end) of every flagged word occurrence, once per document for all
    the spelling rules (``ctx.shared``): the words come from the names checks' word inventory, judged once
    per type, and only the flagged ones are located (with the name rules' offsets, one trie pass for the rest)."""
    types = ctx.name_index.types
    new = _VERDICTS.new_in_bulk(types, _BULK)
    if new:
        _pass_frequent(new)
    verdicts = list(map(_VERDICTS.__getitem__, types))
    flagged = dict(compress(zip(types, verdicts), verdicts))  # a verdict is a non-empty tuple, or None
    out = []
    if flagged:
        # A paragraph that ends in a letter was cut off (an excerpt, a feed's teaser): its last word may be
        # a fragment ("Entscheidu"), so it is reported at most as unplaced.
        spans = doc.paragraphs
        located = _locate(doc, ctx, list(flagged))
        for w in flagged:
            starts = located[w]
            tier, best, reason = flagged[w]
            if tier == "typo" and w[0].isupper() and len(starts) >= MAX_REPEATS:
                tier = "nonword"
            for s in starts:
                e = s + len(w)
                cut = tier == "typo" and spans[doc.paragraph_index(s)][1] == e and w[-1].isalpha()
                out.append((w, "nonword" if cut else tier, best, reason, s, e))
    return out


def _locate(doc: Document, ctx: Context, words: list[str]) -> dict[str, list[int]]:
    """Start offsets of each of ``words`` (word types of the document) as a whole word, in text order.

    The name rules' shared pass has located some (rare capitalised words, entity members). In a long text the
    rest are found as ``nameindex._locate_words`` finds them, through the text's vocabulary (its distinct tokens): the
    tokens holding one of the words, then the paragraphs holding one of those tokens (``paragraphs_holding``),
    then the words in those paragraphs. Both searches are one Aho-Corasick pass (pyahocorasick) rather than a
    regex, which would try the words at every position. A whole-word occurrence lies in one token, and a token of
    the text is one of the vocabulary with a space on either side, so every occurrence is found; each is tested
    as a whole word in the text itself.
    """
    from .nameindex import _DEDUPLICATE_FROM, _located

    located = ctx.name_index.located
    missing = [w for w in words if w not in located]
    automaton = _automaton(missing) if missing and len(doc.text) >= _DEDUPLICATE_FROM else None
    if automaton is None:  # nothing left to find, a short text (one regex pass is cheap), or no pyahocorasick
        return _located(doc, ctx, words)
    vocabulary = ctx.vocabulary
    tokens = set()
    for start, end in _whole_words(automaton, vocabulary, 0, len(vocabulary)):
        a = vocabulary.rfind(" ", 0, start) + 1
        b = vocabulary.find(" ", end)
        tokens.add(vocabulary[a : len(vocabulary) if b < 0 else b])
    found: dict[str, list[int]] = {w: [] for w in missing}
    text = doc.text
    for run_start, run_end in paragraph_runs(doc, paragraphs_holding(doc, tokens)):
        for start, end in _whole_words(automaton, text, run_start, run_end):
            found[text[start:end]].append(start)
    located.update(found)  # shared with the name rules, as nameindex._located shares what it finds
    return located


def _whole_words(automaton, text: str, start: int, end: int) -> list[tuple[int, int]]:  # noqa: ANN001
    """(start, end) of the matches of ``automaton`` (``_automaton``) in ``text[start:end]`` that are whole words:
    no letter (``nameindex._LETTER``, the word pattern's class) on either side, in the text as a whole."""
    from .nameindex import _LETTER

    letter = _LETTER.match
    out = []
    # A slice, not iter(text, start, end): pyahocorasick would convert the whole text for every call.
    for last, w in automaton.iter(text[start:end] if start or end < len(text) else text):
        a, b = start + last + 1 - len(w), start + last + 1
        if not ((a and letter(text, a - 1)) or letter(text, b)):
            out.append((a, b))
    return out


def _automaton(words: Iterable[str]):  # noqa: ANN202 - an ahocorasick.Automaton, or None without the package
    """An automaton of this document's flagged words (built anew: the trigger index's cache is for the run's
    triggers)."""
    from .triggers import build_automaton

    return build_automaton(words)


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
        for w, tier, best, reason, s, e in ctx.shared(flag_words):
            if tier in tiers and w.casefold() not in allow:
                out.append(self._finding(doc, s, e, best, reason))
        if "hyphen" in tiers:
            out.extend(self._hyphens(doc, ctx, allow))
        out.sort(key=lambda f: f.start)
        return out

    def _hyphens(self, doc: Document, ctx: Context, allow: set[str]) -> list[Finding]:
        text = doc.text
        out = []
        pairs = _hyphenated(doc, ctx)
        if not pairs:
            return out
        wanted = {}
        for hits in filter(None, map(_HYPHEN_FORMS.__getitem__, pairs)):
            for form, joined, v in hits:
                if joined not in allow:
                    wanted[form] = v
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
