"""The shared name index: the word types of a document, its name candidates, their clusters (entities) and the
offsets the name rules need, built once per document (``DocumentAnalysis.name_index``) and read by the name,
spelling and romanization rules.

Why not a plain edit-distance threshold: no threshold separates "Nurtleu/Nortleu" from "Schmidt/Schmitt" or
"Kasachstan/Kasachstans" (deps-probe §5). So only *rare* capitalised words are compared at all (a frequency list
tells "Handel" from "Nurtleu"; Müller and Möller are both common and never compared), inflection and genitive
endings are folded first, and two spellings join when they are close by edit distance or share a long, rare
ending ("Attleu" / "Nurtleu"). Everything is within one article; the names glossary in rules.yaml wins.

Nothing here walks the tokens in Python: the word types come from one ``findall`` (word_types), every test that
depends on the word alone runs once per type, and offsets are found by one pass for just the words that need them
(_locate_words). A layer below the rule kinds: it imports none of them; the kinds that want words located in that
one pass are named in the ``checks.NAME_INDEX_WORDS`` registry.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from itertools import chain, compress, filterfalse
from operator import itemgetter
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from .. import wordlists
from ..config import Config
from ..document import WORD as _WORD  # letters only, split at hyphens and apostrophes
from ..document import Document
from .scan import paragraph_runs, paragraphs_holding

if TYPE_CHECKING:
    from .analysis import DocumentAnalysis as Context

# The longest whitespace token of prose: the longest word form (wordlists.LONGEST_WORD) with room for hyphenated
# parts and punctuation ("„Nord-Süd-Korridor“,"). Longer tokens are data, not words (DocumentAnalysis.vocabulary).
LONGEST_TOKEN = 100
LONG_TOKEN = re.compile(r"\S{" + str(LONGEST_TOKEN + 1) + "}")


_DATELINE = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ\s./-]*[A-ZÄÖÜ](?:\s*\([^)]{1,40}\))?\s*(?:[–—-]|\s-\s)")


_INFLECTION_ENDINGS = ("s", "es", "e", "en", "n", "er", "ern", "in", "innen", "ns", "sche", "schen")


# Endings that make two words forms of one word ("Tunesier"/"Tunesiens"/"Tunesischer"), not two spellings.
_ENDINGS = frozenset(
    "e en er ern es n s ns r in innen isch ische ischen ischer isches ier iers iern ien iens ens".split()
) | {""}


_FUGEN = ("", "s", "es", "n", "en", "er", "e")


_HEAD_ENDINGS = ("n", "en", "s", "es", "e", "ern", "er")  # inflected heads: "kreditnehmern"


_LETTER = re.compile(r"[^\W\d_]")


_HEAD3 = itemgetter(slice(0, 3))


_FIRST = itemgetter(0)


_similarity = Levenshtein.normalized_similarity


_LAST = itemgetter(-1)


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
    cache = ctx.caps_sentences
    hit = cache.get(span)
    if hit is None:
        letters = list(filter(str.isalpha, doc.text[span[0] : span[1]]))
        hit = cache[span] = len(letters) > 12 and sum(map(str.isupper, letters)) / len(letters) > 0.7
    return hit


def word_types(doc: Document, ctx: Context) -> dict[str, None]:
    """Every word type of the text (the tokens of ``doc.words``), in order of first occurrence.

    ``doc.words`` builds a Python tuple per token, and a word regex over a long text reads each repeated token again.
    Long copy repeats its whitespace-separated tokens ("die", "sagte", "Nurtleu,"), so there only the distinct
    tokens (``doc.token_types``, shared with the lexicon's trigger index) are tokenised. No word contains
    whitespace, and each token is listed at its first occurrence, so the words and their order are the same. A
    single article repeats too little for that to pay off. Words inside a token too long for prose are no words
    (``DocumentAnalysis.vocabulary``): a text holding such a token takes the vocabulary's way too.
    """
    if len(doc.text) < _DEDUPLICATE_FROM and not LONG_TOKEN.search(doc.text):
        return dict.fromkeys(_WORD.findall(doc.text))
    return dict.fromkeys(_WORD.findall(ctx.vocabulary))


_DEDUPLICATE_FROM = 32_768  # characters; measured break-even of the two ways on news copy


def _trie_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching exactly the whole-word occurrences of ``words`` (letters only), built as a trie.

    re scans fast for a set of first characters (each top-level branch opens with a literal) and then follows the
    trie, so locating a hundred words costs one pass over the text, not a hundred; the start-of-word test sits after
    the first character so that it does not defeat that scan.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}
    return re.compile(_trie_source(trie, True) + r"(?![^\W\d_])")


def _trie_source(node: dict[str, dict], top: bool) -> str:
    """The pattern of one trie node (module level: a recursive closure would be a reference cycle per call,
    left to the cyclic collector, which a run keeps away from what it has frozen)."""
    alts = [re.escape(c) + (r"(?<![^\W\d_].)" if top else "") + _trie_source(node[c], False) for c in sorted(node) if c]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
    return body + ("?" if "" in node else "")


def _locate_words(
    text: str, words: Collection[str], doc: Document | None = None, ctx: Context | None = None
) -> dict[str, list[int]]:
    """Start offsets of every occurrence of each of ``words`` as a whole word, in text order (one regex pass).

    Words longer than _TRIE_MAX letters (garbage runs of capitals) are searched one by one instead: building the
    trie recurses per letter, and the regex parser per nested group. Given the document of a long ``text``, the
    pass runs only over the paragraphs that can hold one of the words (``_regions_holding``).
    """
    found: dict[str, list[int]] = {w: [] for w in words}
    short = [w for w in found if len(w) <= _TRIE_MAX]
    if short:
        pattern = _trie_pattern(short)
        long_text = doc is not None and ctx is not None and doc.text is text and len(text) >= _DEDUPLICATE_FROM
        for start, end in _regions_holding(doc, ctx, pattern) if long_text else [(0, len(text))]:
            for m in pattern.finditer(text, start, end):
                found[m.group()].append(m.start())
    for w in found:
        if len(w) > _TRIE_MAX:
            found[w] = _find_word(text, w)
    return found


_TRIE_MAX = 100


def _regions_holding(doc: Document, ctx: Context, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The runs of paragraphs (spans, in text order) with a token in which ``pattern``, a whole-word pattern such as
    ``_trie_pattern``'s, matches: every match in the text lies in one of them.

    Why: a megabyte of copy holds ~100 words to locate, most of them names, and the pattern's first letters are
    capitals, which German has at most nouns: a pass over the text tries ~100,000 places. Over the vocabulary
    (``ctx.vocabulary``, a tenth of the size) it finds the few tokens holding a word; one set test per paragraph
    (``paragraphs_holding``) finds the paragraphs holding those, and only they are searched.
    """
    vocabulary = ctx.vocabulary
    tokens = set()
    for m in pattern.finditer(vocabulary):
        a = vocabulary.rfind(" ", 0, m.start()) + 1
        b = vocabulary.find(" ", m.end())
        tokens.add(vocabulary[a : len(vocabulary) if b < 0 else b])
    return paragraph_runs(doc, paragraphs_holding(doc, tokens))


def _find_word(text: str, word: str) -> list[int]:
    """Start offsets of ``word`` as a whole word (no letter on either side)."""
    out = []
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if not (i and _LETTER.match(text, i - 1)) and not _LETTER.match(text, j):
            out.append(i)
        i = text.find(word, i + 1)
    return out


# Whether a casefolded word is an everyday German word or a compound of known words (so never a name). Depends on
# the word lists only, so the verdict is kept for the whole process: news copy repeats its vocabulary from file to
# file, and is_compound() tries every split point of a word against the word lists.
_COMMON: dict[str, bool] = {}


_COMMON_MAX = 100_000  # ~10 MB at most; a megabyte of news copy has ~5,000 capitalised types


def _common_words(folded: Collection[str]) -> dict[str, bool]:
    """The cached verdicts, including every word of ``folded``."""
    missing = set(filterfalse(_COMMON.__contains__, folded))  # not `set - keys()`: that walks the whole cache
    if len(_COMMON) + len(missing) > _COMMON_MAX:
        _COMMON.clear()
        missing = set(folded)
    # ~10 lookups per word: once ~200 words have been judged in this process (one big text, or the first few
    # articles of a batch), the word-list sets pay for themselves (see load_common_tiers). A single article
    # judges fewer and is spared the load; a batch worker no longer bisects through its first hundred files.
    if len(_COMMON) + len(missing) > 200:
        wordlists.load_common_tiers()
    for f in missing:
        _COMMON[f] = wordlists.everyday_de(f) or is_compound(f)  # zipf_de(f) >= 3.0: an everyday word
    return _COMMON


@dataclass
class _Plan:
    """Name candidates grouped into entities, before any offsets are needed."""

    key_of: dict[str, str]  # name candidate (as written) -> casefolded key, genitive folded
    form_of: dict[str, str]  # name candidate -> spelling without the genitive ending
    by_key: dict[str, list[str]]  # key -> its name candidates; keys in order of first occurrence
    entities: list[tuple[list[str], str | None]]  # (member keys, glossary spelling) of each entity

    @property
    def member_types(self) -> set[str]:
        return {w for keys, _ in self.entities for k in keys for w in self.by_key[k]}


def _plan(rare: dict[str, str], order: list[str], ctx: Context) -> _Plan:
    """Fold genitives, cluster the keys and keep the clusters that are entities (several spellings, or one that
    differs from the glossary). ``order``: the name candidates that occur, in order of first occurrence."""
    keys = {rare[w] for w in order}
    key_of: dict[str, str] = {}
    form_of: dict[str, str] = {}
    by_key: dict[str, list[str]] = {}
    for w in order:  # genitive and plural: "Nurtleus" -> "nurtleu" when the base form also occurs
        key, form = rare[w], w
        if key[-1:] == "s":  # every ending below ends in s
            for end in ("s", "es", "'s", "’s"):
                if key.endswith(end) and key[: -len(end)] in keys:
                    key, form = key[: -len(end)], w[: -len(end)]
                    break
        key_of[w] = key
        form_of[w] = form
        by_key.setdefault(key, []).append(w)
    gloss = ctx.run.glossary_tokens
    found = []
    for members in _cluster(list(by_key)):
        if len(members) == 1 and len(by_key[members[0]]) == 1 and not gloss:
            continue  # one spelling and no glossary: most clusters, decided without building sets
        spellings = {form_of[w] for k in members for w in by_key[k]}
        g = None
        for k in members:
            if k in gloss:
                g = gloss[k]
                break
        if g is None and gloss:
            g = _glossary_match(ctx, members)
        if len(spellings) < 2 and (g is None or spellings == {g}):
            continue
        found.append((members, g))
    return _Plan(key_of, form_of, by_key, found)


@dataclass
class NameIndex:
    """What the name rules read, computed once per document (``DocumentAnalysis.name_index``)."""

    types: dict[str, None]  # every word type of the document, in order of first occurrence
    upper_types: list[str]  # types in capitals (NORTLEU, EU)
    internal_types: list[str]  # types with a stray capital at the end (NurtleU)
    rare: dict[str, str]  # name candidate (as written) -> casefolded, in order of first occurrence
    located: dict[str, list[int]]  # start offsets of the types located so far
    starts: dict[str, list[int]]  # name candidate -> offsets that count (for every located candidate)
    plan: _Plan
    entities: list[Entity]
    # The diacritic pairs and each exonym table's sets present (NameVariantsCheck), found with the other words
    # to locate; None and absent when the configuration has no name_variants rule to ask for them.
    diacritic_groups: list[_Group] | None = None
    exonym_groups: dict[tuple[str, ...], list[_Group]] = field(default_factory=dict)


def build_name_index(doc: Document, ctx: Context) -> NameIndex:
    """Word types, name candidates, entities and the offsets the rules need: one shared analysis for all name rules.

    A name candidate is a capitalised word of four or more letters that is rare: not an acronym of up to four
    capitals, not also written in lower case in this document ("Die" at a sentence start, adjectives, verbs), not an
    everyday word by frequency and no compound of known words. All of that is judged once per word type.

    Offsets matter for two exemptions only (a wire dateline, an all-caps word in a headline set in capitals), and
    only capitalised or dateline words can be exempted. So the candidates are clustered in order of first
    occurrence straight from the word types, and one regex pass then locates the entity members, the exemptible
    candidates and the words the casing and transliteration rules look at. Should an exemption remove a
    candidate's first occurrence (so its order, or whether it counts at all, changes), every candidate is located
    and the clustering is redone from the offsets.
    """
    text = doc.text
    types = ctx.word_types
    rare, upper_types, internal_types = _candidates(types)
    dl = datelines(doc)
    in_datelines = _words_in_spans(text, dl)
    exemptible = [w for w in rare if w.isupper() or w in in_datelines]
    plan = _plan(rare, list(rare), ctx)  # as if no exemption applied; checked below
    index = NameIndex(types, upper_types, internal_types, rare, {}, {}, plan, [])
    located = index.located = _locate_words(text, _words_to_locate(index, exemptible, ctx), doc, ctx)
    exempt = _Exemptions(doc, ctx, dl)
    starts = {w: exempt.kept(w, located[w]) for w in exemptible}
    if any(not at or at[0] != located[w][0] for w, at in starts.items()):
        located.update(_locate_words(text, [w for w in rare if w not in located], doc, ctx))
        starts = {w: exempt.kept(w, located[w]) for w in rare}
        plan = _plan(rare, sorted((w for w in rare if starts[w]), key=lambda w: starts[w][0]), ctx)
    else:
        starts.update((w, located[w]) for w in plan.member_types if w not in starts)
    index.starts = starts
    index.plan = plan
    index.entities = _build_entities(index, ctx)
    return index


def _candidates(types: dict[str, None]) -> tuple[dict[str, str], list[str], list[str]]:
    """From the word types: the name candidates (as written -> casefolded, in order of first occurrence), the
    types in capitals, and the types with a stray capital at the end. Judged per type, by ``map`` and ``compress``
    over the types rather than a Python loop."""
    tl = list(types)
    firsts = list(map(_FIRST, tl))
    lower_forms = set(map(str.casefold, compress(tl, map(str.islower, firsts))))
    caps = [
        w
        for w in compress(tl, map(str.isupper, firsts))
        if 4 <= len(w) <= wordlists.LONGEST_WORD and not (len(w) <= 4 and w.isupper())
    ]
    folds = list(map(str.casefold, caps))
    common = _common_words([f for f in folds if f not in lower_forms])
    rare = {w: f for w, f in zip(caps, folds) if not (f in lower_forms or common[f])}
    upper_types = list(compress(tl, map(str.isupper, tl)))
    internal_types = [w for w in compress(tl, map(str.isupper, map(_LAST, tl))) if _INTERNAL_CAPS.fullmatch(w)]
    return rare, upper_types, internal_types


def _words_to_locate(index: NameIndex, exemptible: list[str], ctx: Context) -> set[str]:
    """Every word the run's name rules will want offsets for, so that one pass locates them all: the exemptible
    candidates, the entity members, the transliteration rules' words, what the casing and romanization rules look
    at, and the spellings the diacritic and exonym groups suggest (those groups are found here, on ``index``)."""
    types = index.types
    prefetch = ctx.run.name_prefetch
    wanted = set(exemptible) | index.plan.member_types | types.keys() & prefetch.translit_words
    for words_of, params in prefetch.locators:
        wanted.update(words_of(params, index))
    if prefetch.exonyms:  # depend on the word types alone: their words join the one pass
        index.diacritic_groups = _diacritic_groups(types)
        index.exonym_groups = {key: table.groups(types) for key, table in prefetch.exonyms.items()}
        for g in chain(index.diacritic_groups, *index.exonym_groups.values()):
            wanted.update(g.suggest)
    return wanted


class _Exemptions:
    """The two places where a candidate's occurrence does not count: inside a wire dateline ("BERLIN (dpa) –"),
    and an all-caps word in a headline set in capitals."""

    def __init__(self, doc: Document, ctx: Context, datelines: list[tuple[int, int]]) -> None:
        self.doc, self.ctx, self.datelines = doc, ctx, datelines
        self.dateline_end = max((b for _, b in datelines), default=-1)  # datelines sit in the first paragraphs

    def kept(self, word: str, at: list[int]) -> list[int]:
        """The offsets of ``word`` (``at``, ascending) that count."""
        if at and at[0] < self.dateline_end:
            end, spans = self.dateline_end, self.datelines
            at = [s for s in at if not (s < end and _in_spans(s, spans))]
        if at and word.isupper():
            at = [s for s in at if not _caps_line(self.doc, self.ctx, s)]
        return at


def _words_in_spans(text: str, spans: list[tuple[int, int]]) -> set[str]:
    """The words starting inside ``spans`` (a dateline such as "BERLIN (Reuters) –")."""
    out = set()
    for a, b in spans:
        for m in _WORD.finditer(text, a):
            if m.start() >= b:
                break
            out.add(m.group())
    return out


@dataclass
class Prefetch:
    """What the name rules of one configuration will ask ``_located()`` for, known before any document is read."""

    translit_words: frozenset[str]  # every English spelling of the transliteration rules, bare or with a genitive s
    # Per rule of a kind in ``checks.NAME_INDEX_WORDS``: the kind's function naming the words it wants located
    # (called with the rule's params and the index), and the params.
    locators: list[tuple[Callable[[dict, NameIndex], Iterable[str]], dict]]
    exonyms: dict[tuple[str, ...], _ExonymTable]  # the exonym table of each name_variants rule, by its groups


def prefetch(config: Config) -> Prefetch:
    """The configuration's ``Prefetch`` (kept as ``RunAnalysis.name_prefetch``: built once per run, as building it
    walks all rules). Only a prefetch: a word not located up front is located when asked for, so a rule
    configured differently (tests, API use) still gets its offsets."""
    from . import NAME_INDEX_WORDS  # the registry: which kinds name words, resolved like the kinds themselves

    rules = config.rules.values()
    keys = [k for spec in rules if spec.kind == "transliteration" for k in spec.params["map"]]
    hooks: dict[str, Callable[[dict, NameIndex], Iterable[str]]] = {}
    locators = []
    for kind in NAME_INDEX_WORDS:  # in registry order: casing rules, then romanization rules
        for spec in rules:
            if spec.kind == kind:
                if kind not in hooks:
                    module, _, name = NAME_INDEX_WORDS[kind].partition(":")
                    hooks[kind] = getattr(importlib.import_module(module), name)
                locators.append((hooks[kind], spec.params))
    out = Prefetch(frozenset(keys) | {k + "s" for k in keys}, locators, {})
    for spec in rules:
        if spec.kind == "name_variants":
            key = _exonym_key(spec.params)
            if key not in out.exonyms:
                out.exonyms[key] = _ExonymTable(list(key))
    return out


def _exonym_key(params: dict) -> tuple[str, ...]:
    """A name_variants rule's exonym groups as a key: two rules listing the same groups share one table."""
    return tuple(params.get("exonyms", []))


def _located(doc: Document, ctx: Context, words: Iterable[str]) -> dict[str, list[int]]:
    """Offsets of ``words`` (types of the document); words the shared pass did not locate are located now."""
    located = ctx.name_index.located
    missing = [w for w in words if w not in located]
    if missing:  # a rule configured differently from the run's configuration (tests, API use)
        located.update(_locate_words(doc.text, missing, doc, ctx))
    return located


def find_name_occurrences(doc: Document, ctx: Context) -> list[Occurrence]:
    """The name candidates' occurrences in text order, exemptions applied (see ``build_name_index``)."""
    index = ctx.name_index
    located = _located(doc, ctx, index.rare)
    plan = index.plan
    out = [
        Occurrence(s, s + len(w), w, plan.key_of[w], plan.form_of[w])
        for w in index.rare
        for s in index.starts.get(w, located[w])  # not in starts: never exempted, every offset counts
    ]
    return sorted(out, key=lambda o: o.start)


def is_compound(word: str) -> bool:
    """A German compound of known words ("sonderberater", "quarantänezeit", "kreditnehmern"): not a name.

    The head (last part, at least 4 letters, possibly inflected) must be an everyday word and the modifier,
    after removing a linking element (Fugen-s etc.), a known one. Names like "nurtleu" or "tokajew" do not split.
    """
    n = len(word)
    if n < 8 or n > wordlists.LONGEST_WORD:  # a longer run of letters is no word: never split it
        return False
    everyday, known = (
        wordlists.folded_tests() if word == word.casefold() else (wordlists.everyday_de, wordlists.known_de)
    )
    # The head is at least 4 letters, the longest ending 3: the head ends with an ending exactly when the word does.
    ends = [len(e) for e in _HEAD_ENDINGS if word.endswith(e)]
    for i in range(3, n - 3):
        if not everyday(word[i:]):
            for k in ends:
                if n - i - k >= 4 and everyday(word[i : n - k]):
                    break
            else:
                continue
        mod = word[:i]
        for fuge in _FUGEN:
            if fuge and not mod.endswith(fuge):
                continue
            base = mod[: len(mod) - len(fuge)] if fuge else mod
            if len(base) >= 3 and known(base):
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


@dataclass
class Entity:
    occurrences: list[Occurrence]
    canonical: str | None  # the spelling to suggest; None when neither glossary, house nor majority can say
    from_glossary: bool
    from_house: bool = False  # canonical is the German spelling of the transliteration rule

    @property
    def spellings(self) -> list[str]:
        seen: dict[str, None] = {}
        for o in self.occurrences:
            seen.setdefault(o.text, None)
        return list(seen)


def _similar_pairs(bucket: list[str], parent: dict[str, str]) -> None:
    """Join the keys of ``bucket`` that are similar(); all pairs, minus those similar() must reject anyway.

    Only keys of five or more letters can be similar, and a normalised edit similarity of 0.7 needs the lengths
    within 30% of the longer one (the distance is at least the length difference). Pairs already joined are skipped:
    the clusters are the connected components, whatever order the pairs are compared in.
    """
    sized = [(k, len(k)) for k in bucket if len(k) >= 5]
    for i, (a, la) in enumerate(sized):
        for b, lb in sized[i + 1 :]:
            if 10 * (la - lb if la > lb else lb - la) > 3 * (la if la > lb else lb):
                continue
            if _similarity(a, b) < 0.7:  # the test of similar() most pairs fail, in C; the rest is Python
                continue
            ra, rb = _find(parent, a), _find(parent, b)
            if ra != rb and similar(a, b):
                parent[ra] = rb


def _find(parent: dict[str, str], k: str) -> str:
    while parent[k] != k:
        parent[k] = parent[parent[k]]
        k = parent[k]
    return k


def _cluster(keys: list[str]) -> list[list[str]]:
    """Keys (in first-occurrence order) grouped into names: similar spellings, then rare shared endings.

    similar() needs the same first letter or the same last three letters, so in a small document (up to 400 keys)
    comparing every pair means comparing within those groups. In a long one only keys sharing their first two or
    last three letters are compared, and only the first 200 keys of each such bucket (no quadratic blow-up).
    """
    parent = {k: k for k in keys}
    buckets: dict[str, list[str]] = defaultdict(list)
    if len(keys) <= 400:
        for k in keys:
            buckets["p" + k[:1]].append(k)
            buckets["s" + k[-3:]].append(k)
        limit = len(keys)
    else:
        for k in keys:
            buckets["p" + k[:2]].append(k)
            buckets["s" + k[-3:]].append(k)
        limit = 200
    for bucket in buckets.values():
        if len(bucket) >= 2:
            _similar_pairs(bucket[:limit], parent)
    root = {k: _find(parent, k) for k in keys}
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(root[k], []).append(k)
    # Second pass: a name already garbled several ways attracts a spelling that only shares its rare ending
    # (each spelling joins the first such name). Only spellings sharing the last four letters can qualify, so
    # look them up by that ending.
    garbled = [members for members in groups.values() if len(members) >= 2]
    if garbled:
        by_ending: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            if len(groups[root[k]]) == 1:
                by_ending[k[-4:]].append(k)
        attached: dict[str, str] = {}
        for members in garbled:
            r = root[members[0]]
            for m in members:
                for k in by_ending.get(m[-4:], ()):
                    if k not in attached and shares_rare_ending(k, m):
                        attached[k] = r
        if attached:
            root.update(attached)
            groups = {}
            for k in keys:
                groups.setdefault(root[k], []).append(k)
    return list(groups.values())


def _glossary_match(ctx: Context, members: list[str]) -> str | None:
    """The first glossary entry (in glossary order) that some member resembles, else None.

    similar() and shares_rare_ending() both need the same first letter or the same last three letters, so only the
    glossary words indexed under a member's first letter or ending are tried, not the whole glossary per cluster.
    """
    entries, index = ctx.run.glossary_index
    candidates = {i for k in members for i in chain(index.get("p" + k[:1], ()), index.get("s" + k[-3:], ()))}
    for i in sorted(candidates):
        gk, gv = entries[i]
        if any(similar(gk, k) or shares_rare_ending(gk, k) for k in members):
            return gv
    return None


def _build_entities(index: NameIndex, ctx: Context) -> list[Entity]:
    """The planned entities with their occurrences and the spelling to suggest."""
    plan = index.plan
    result = []
    for members, g in plan.entities:
        occurrences = sorted(
            (
                Occurrence(s, s + len(w), w, k, plan.form_of[w])
                for k in members
                for w in plan.by_key[k]
                for s in index.starts[w]
            ),
            key=lambda o: o.start,
        )
        if g is not None:
            result.append(Entity(occurrences, g, True))
        else:
            house = ctx.run.house_spellings
            preferred = [o.form for o in occurrences if o.form in house]
            canonical = preferred[0] if preferred else _most_frequent(occurrences)
            result.append(Entity(occurrences, canonical, False, from_house=bool(preferred)))
    return result


def well_cased(word: str) -> bool:
    """Written as a name is in running text: a capital, then no capital except after a hyphen or apostrophe
    ("Nurtleu", "Al-Thani", "O'Neill"; not "NORTLEU" or "NurtleU", which are what the casing rules flag)."""
    if not word[:1].isupper():
        return False
    prev = word[0]
    for c in word[1:]:
        if c.isupper() and prev not in "-'’":
            return False
        prev = c
    return True


def _most_frequent(occurrences: list[Occurrence]) -> str | None:
    """The spelling written most often, as it stands in the article; None when no such spelling can be named.

    Spellings are counted by their letters (NORTLEU counts for Nortleu); ties go to the spelling closest to all
    the others. The winner is suggested only in a casing the article itself uses for it ("Nurtleu", not a
    "Nortleu" made up from NORTLEU): a suggestion that ``--unsafe-fixes`` writes in must be a spelling the editor
    can find in the text. When the winner occurs only in wire casing, the glossary or the source has to decide.
    """
    counts = Counter(o.form.casefold() for o in occurrences)
    written: dict[str, str] = {}
    for o in occurrences:
        if well_cased(o.form):
            written.setdefault(o.form.casefold(), o.form)
    best = max(counts.values())
    tied = [s for s, c in counts.items() if c == best]
    if len(tied) > 1:
        forms = list(counts)
        tied = [min(tied, key=lambda s: (sum(Levenshtein.distance(s, t) for t in forms), forms.index(s)))]
    return written.get(tied[0])


@dataclass
class _Group:
    """Spellings of one entity found in a document: each word type with the suggestion for it (None: it is
    already in the preferred spelling), which spelling it belongs to, the entity's name and why it is preferred."""

    suggest: dict[str, str | None]
    spelling: dict[str, int]
    entity: str
    source: str


# Foreign letters folded to what German copy writes without them; German's own umlauts and ß are letters of
# their own (Händel is not Handel), so they are never folded.
_FOREIGN_FOLD = str.maketrans(
    {
        "ı": "i", "İ": "I", "ğ": "g", "Ğ": "G", "ş": "s", "Ş": "S", "ç": "c", "Ç": "C", "ł": "l", "Ł": "L",
        "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ə": "e", "Ə": "E", "ž": "z", "Ž": "Z", "š": "s", "Š": "S",
        "č": "c", "Č": "C", "ć": "c", "Ć": "C", "ř": "r", "Ř": "R", "ň": "n", "ń": "n", "ś": "s", "ź": "z",
        "ż": "z", "Ż": "Z", "á": "a", "à": "a", "â": "a", "ã": "a", "å": "a", "ā": "a", "é": "e", "è": "e",
        "ê": "e", "ë": "e", "ē": "e", "ě": "e", "í": "i", "ì": "i", "î": "i", "ï": "i", "ī": "i", "ó": "o",
        "ò": "o", "ô": "o", "õ": "o", "ő": "o", "ō": "o", "ú": "u", "ù": "u", "û": "u", "ű": "u", "ū": "u",
        "ů": "u", "ý": "y", "ÿ": "y", "ñ": "n", "Á": "A", "É": "E", "Í": "I", "Ó": "O", "Ú": "U", "Ñ": "N",
    }
)  # fmt: skip


_TURKIC_LETTERS = frozenset("ıİğĞşŞəƏ")  # dpa writes Turkish and Azerbaijani names without these


_FOREIGN_LETTER = re.compile("[" + "".join(sorted({chr(k) for k in _FOREIGN_FOLD})) + "]")


def _foreign_words(types: Iterable[str]) -> list[str]:
    """The word types holding a foreign letter: only they can differ from their fold. Found by one regex scan
    for the letters over the types joined by spaces (a megabyte has ~40,000 types, a few dozen such words), each
    hit widened to its word, instead of a Python test per type or a word pattern tried at every letter."""
    joined = " ".join(types)
    out: dict[str, None] = {}
    end = -1
    for m in _FOREIGN_LETTER.finditer(joined):
        if m.start() < end:
            continue  # a second foreign letter in the word just taken
        a = joined.rfind(" ", 0, m.start()) + 1
        end = joined.find(" ", m.end())
        if end < 0:
            end = len(joined)
        out[joined[a:end]] = None
    return list(out)


def _diacritic_groups(types: dict[str, None]) -> list[_Group]:
    """Capitalised words that differ only in foreign diacritics (Erdoğan / Erdogan; a genitive -s goes with its
    base form). The spelling to suggest: without Turkish or Azerbaijani letters where it has them (dpa writes
    Erdogan, Yildirim), else with its diacritics (Orbán)."""
    by_fold: dict[str, list[str]] = defaultdict(list)
    for w in _foreign_words(types):
        if len(w) >= 4 and w[0].isupper() and not w.isupper():
            folded = w.translate(_FOREIGN_FOLD)
            if folded != w:
                by_fold[folded].append(w)
    for folded in [k for k in by_fold if k.endswith("s") and (k[:-1] in by_fold or k[:-1] in types)]:
        by_fold.setdefault(folded[:-1], []).extend(by_fold.pop(folded))  # Erdoğans goes with Erdoğan / Erdogan
    out = []
    for folded, variants in by_fold.items():
        words = list(dict.fromkeys([*variants, *(x for x in (folded, folded + "s") if x in types)]))
        base = {w: w[:-1] if w.endswith("s") and w[:-1] in words else w for w in words}
        spellings = list(dict.fromkeys(base.values()))
        if len(spellings) < 2:
            continue
        turkic = any(_TURKIC_LETTERS & set(s) for s in spellings)
        preferred = min(spellings, key=lambda x: bool(_TURKIC_LETTERS & set(x)) if turkic else x.isascii())
        ids = {sp: i for i, sp in enumerate(spellings)}
        suggest = {w: None if b == preferred else preferred + w[len(b) :] for w, b in base.items()}
        source = "dpa-Schreibung" if turkic else "Schreibung mit Diakritika"
        out.append(_Group(suggest, {w: ids[b] for w, b in base.items()}, preferred, source))
    return out


class _ExonymTable:
    """The exonym sets of a name_variants rule: each group lists one entity's spellings, the house's first.

    A spelling stands for its inflected forms too (Weißrussland, Weißrusslands; weißrussisch, weißrussischen), and
    a group is one string, its spellings separated by "=", and a spelling may list several words, "|"-separated and
    in the same order in every spelling of the group (``Belarus|belarussisch|Belarusse = Weißrussland|…``): an article writing "belarussisch" and "Weißrussland" mixes the two
    spellings, and "weißrussischen" is answered with "belarussischen".
    """

    _ENDINGS = ("", "s", "es", "n", "en", "e", "er", "em", "in", "innen")

    def __init__(self, groups: list[str]) -> None:
        self.spec = [[[w.strip() for w in alt.split("|")] for alt in g.split("=") if alt.strip()] for g in groups]
        self._stem: dict[str, tuple[int, int, int]] = {}  # casefolded word -> (group, spelling, word)
        for gi, g in enumerate(self.spec):
            for ai, alt in enumerate(g):
                for wi, w in enumerate(alt):
                    if w:
                        self._stem.setdefault(w.casefold(), (gi, ai, wi))
        # The first three letters of every spelling, both cases: most word types fail this one set test.
        self._heads = {k[:3] for k in self._stem} | {k[:1].upper() + k[1:3] for k in self._stem}
        self._lo = min((len(k) for k in self._stem), default=0)
        self._hi = max((len(k) for k in self._stem), default=0) + 5
        # Every casefolded form (spelling + ending) -> (group, spelling, word) and the ending's length. A form made
        # two ways counts as made with the ending listed first in _ENDINGS (setdefault keeps the first).
        self._forms: dict[str, tuple[tuple[int, int, int], int]] = {}
        for end in self._ENDINGS:
            for k, hit in self._stem.items():
                self._forms.setdefault(k + end, (hit, len(end)))

    def groups(self, types: dict[str, None]) -> list[_Group]:
        if not self._stem:
            return []
        lo, hi, heads = self._lo, self._hi, self._heads
        seen: dict[int, dict[int, list[tuple[str, str, int]]]] = defaultdict(lambda: defaultdict(list))
        # The first three letters of each type met with the groups' in C (itemgetter, map, compress), and the few
        # hundred types that pass looked up casefolded, also in C (a Python test per type would cost more than
        # everything else here); only the forms found are handled in Python.
        heads_met = list(compress(types, map(heads.__contains__, map(_HEAD3, types))))
        found = list(map(self._forms.get, map(str.casefold, heads_met)))
        for w, ((gi, ai, wi), n) in compress(zip(heads_met, found), found):
            if lo <= len(w) <= hi:
                seen[gi][ai].append((w, w[len(w) - n :] if n else "", wi))
        out = []
        for gi, alts in seen.items():
            if len(alts) < 2:
                continue
            spec = self.spec[gi]
            # The house spelling (listed first) when the article uses it at all, else the one it uses most.
            pref = 0 if 0 in alts else max(alts, key=lambda a: (len(alts[a]), -a))
            suggest: dict[str, str | None] = {}
            for ai, words in alts.items():
                for w, ending, wi in words:
                    target = spec[pref][wi] if wi < len(spec[pref]) else ""
                    if ai == pref:
                        suggest[w] = None
                    elif target:
                        if w[0].isupper() and target[0].islower():
                            target = target[0].upper() + target[1:]
                        suggest[w] = target + ending
                    else:
                        suggest[w] = spec[pref][0]
            spelling = {w: ai for ai, words in alts.items() for w, _, _ in words}
            source = "dpa-Schreibung" if pref == 0 else "häufigste Schreibung"
            out.append(_Group(suggest, spelling, spec[0][0], source))
        return out
