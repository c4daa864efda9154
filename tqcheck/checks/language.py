"""Untranslated text: whole sentences in English, and English word runs left inside German sentences.

A cheap pre-filter counts German and English function words, so plainly German sentences never reach the
language detector; only doubtful sentences go to langdetect, seeded (it is not deterministic otherwise) and with
a small profile set (``LANGS``: 18 MB in memory instead of 78 MB with all 55 profiles, and equal accuracy,
deps-probe §2), whose n-gram table ships precomputed, so that a process reads it instead of building it.
Proper names ("Astana International Forum") are capitalised runs and are not untranslated text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Iterable
from functools import lru_cache
from itertools import chain, compress
from operator import not_, or_

from .. import wordlists
from ..document import Document
from ..model import Finding
from .base import Check, Context
from .scan import LETTERS, WordCache, paragraphs_holding, region_matches, true_positions

DE_FUNCTION = frozenset(
    """der die das den dem des ein eine einen einem einer eines und oder aber nicht ist sind war waren wird werden
    wurde wurden hat haben hatte hatten mit von zu zum zur für auf im ins sich auch es als bei nach aus um noch wie
    über dass daß sie er wir ihr ihre ihren sein seine seinen vom beim durch gegen ohne unter zwischen nur schon
    sehr mehr kann können soll sollen muss müssen dieser diese dieses diesen jetzt dann doch wenn weil denn hier""".split()
)
EN_FUNCTION = frozenset(
    """the of and to is are that for it with as on be by this from at have has had its their they were been
    which who would could should there what about than them these those our your his her she he we you i
    not but or into after over said says more other such when where while because being does did do
    very just also can its it's don't won't isn't""".split()
)
# Words that are German and English alike: evidence for neither language.
AMBIGUOUS = frozenset("in an a so man will was die also am war hat hand land art mode plan team start top".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][a-z]+)?")
LANGS = ("de", "en", "fr", "es", "it", "nl", "pt", "ru", "tr", "pl")


@lru_cache(maxsize=1)
def _detector_factory():
    """langdetect with a fixed seed and a restricted profile set, built once per process.

    Its n-gram table comes precomputed from ``data/langdetect-table.bin`` when that was built from the profiles
    installed here (read as one block of doubles, where langdetect's own loader parses the JSON profiles and
    fills the table n-gram by n-gram in Python); otherwise langdetect builds it.
    """
    from langdetect import DetectorFactory

    factory = DetectorFactory()
    factory.seed = 0
    profiles = langdetect_profiles()
    table = load_langdetect_table(profiles)
    if table is None:
        factory.load_json_profile([p.decode("utf-8") for p in profiles])
    else:
        factory.langlist, factory.word_lang_prob_map = table
    return factory


LANGDETECT_TABLE = "langdetect-table.bin"


def langdetect_profiles() -> list[bytes]:
    """The installed langdetect profiles of ``LANGS``, as stored."""
    from importlib import resources

    base = resources.files("langdetect").joinpath("profiles")
    return [base.joinpath(lang).read_bytes() for lang in LANGS]


def _profiles_digest(profiles: list[bytes]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for raw in profiles:
        digest.update(len(raw).to_bytes(8, "little") + raw)
    return digest.hexdigest()


def langdetect_table_bytes(langlist: list[str], table: dict, profiles: list[bytes]) -> bytes:
    """The file ``load_langdetect_table`` reads: a JSON header line (languages, n-gram count, digest of the
    profiles it was built from), the n-grams joined by newlines, a NUL, and each n-gram's probabilities as
    little-endian doubles (one per language, in ``langlist`` order). Not compressed: inflating it would cost
    more than the rest of the load (the wheel compresses it anyway)."""
    import json
    from array import array

    keys = list(table)
    if any("\n" in k or "\0" in k for k in keys):  # pragma: no cover - langdetect's n-grams hold neither
        raise ValueError("an n-gram holds a newline or NUL")
    probs = array("d", [p for k in keys for p in table[k]])
    if sys.byteorder == "big":  # pragma: no cover
        probs.byteswap()
    head = {"langs": list(langlist), "ngrams": len(keys), "profiles": _profiles_digest(profiles)}
    body = "\n".join(keys).encode("utf-8") + b"\0" + probs.tobytes()
    return json.dumps(head).encode("ascii") + b"\n" + body


class _NgramRows(dict):
    """n-gram -> its row of probabilities, as langdetect's ``word_lang_prob_map``: the detector asks ``in`` (a
    plain dict lookup here) and ``[]``, which slices the row out of one memoryview of doubles when asked (the
    very same floats), instead of ten float objects made for each of ~9,000 n-grams up front."""

    __slots__ = ("_view", "_n")

    def __getitem__(self, ngram: str) -> memoryview:
        i = dict.__getitem__(self, ngram) * self._n
        return self._view[i : i + self._n]


def load_langdetect_table(profiles: list[bytes]) -> tuple[list[str], dict] | None:
    """(langlist, word_lang_prob_map) as ``DetectorFactory.load_json_profile`` would build them from
    ``profiles``, read from the packaged table; None when it is missing or was built from other
    profiles."""
    import json
    from array import array
    from importlib import resources

    try:
        raw = resources.files("tqcheck").joinpath("data", LANGDETECT_TABLE).read_bytes()
        head_line, _, body = raw.partition(b"\n")
        head = json.loads(head_line)
        if head["langs"] != list(LANGS) or head["profiles"] != _profiles_digest(profiles):
            return None
    except (OSError, ValueError, KeyError):
        return None
    keys_blob, _, floats = body.partition(b"\0")
    keys = keys_blob.decode("utf-8").split("\n")
    n = len(LANGS)
    if len(keys) != head["ngrams"] or len(floats) != 8 * n * len(keys):
        return None
    probs = array("d")
    probs.frombytes(floats)
    if sys.byteorder == "big":  # pragma: no cover
        probs.byteswap()
    rows = _NgramRows(zip(keys, range(len(keys))))
    rows._view, rows._n = memoryview(probs), n
    return list(LANGS), rows


def detect_language(text: str) -> tuple[str, float]:
    """Most probable language of ``text`` and its probability (deterministic)."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = _detector_factory()
    det = factory.create()
    det.append(text)
    try:
        probs = det.get_probabilities()
    except LangDetectException:
        return ("unknown", 0.0)
    if not probs:
        return ("unknown", 0.0)
    return (probs[0].lang, probs[0].prob)


_GAP = re.compile(r"[\s-]*")


def _is_en_word(w: str) -> bool:
    return _EN_WORD[w]


def _is_en_word_uncached(w: str) -> bool:
    low = w.casefold()
    if low in AMBIGUOUS or low in DE_FUNCTION:
        return False
    if low in EN_FUNCTION:
        return True
    # German nouns are capitalised, so a lower-case word that is far more common in English than in German
    # ("once", "held", "lifetime") is English in a German sentence; capitalised loans (Meeting) are not judged.
    return w[:1].islower() and wordlists.zipf_en_only(low) > 0


_EN_WORD = WordCache(_is_en_word_uncached)  # word as written -> verdict; news text repeats its words heavily


def function_word_counts(sentence: str) -> tuple[int, int, int]:
    words = [w.casefold() for w in _WORD.findall(sentence)]
    de = sum(w in DE_FUNCTION for w in words)
    en = sum(w in EN_FUNCTION for w in words)
    return de, en, len(words)


@lru_cache(maxsize=4096)  # both language rules ask about the same sentences
def sentence_is_english(sentence: str, min_words: int = 4) -> bool:
    de, en, n = function_word_counts(sentence)
    if en < 2 and de == 0:  # "The talks will continue next month": few function words, English content words
        en += sum(
            1 for w in _WORD.findall(sentence) if w[:1].islower() and w.casefold() not in EN_FUNCTION and _is_en_word(w)
        )
    if n < min_words or en < 2 or de > en:
        return False
    if de >= 2 and de * 2 >= en:
        return False
    lang, prob = detect_language(sentence)
    return lang == "en" and prob >= 0.8


def _is_en_function(w: str) -> bool:
    return w.lower() in EN_FUNCTION


def _may_be_english(w: str) -> bool:
    """An English function word (the untranslated rule's cue) or an English word (the english_words rule's)."""
    return _is_en_function(w) or _is_en_word(w)


_MAY_BE_ENGLISH = WordCache(_may_be_english)  # verdict per word as written: a known word is a dict hit, no call


def _token_may_be_english(token: str) -> bool:
    """Whether any word of a whitespace token may be English (``_may_be_english``)."""
    if token.isalpha():  # one word (alphabetic characters are all in LETTERS' class)
        return _MAY_BE_ENGLISH[token]
    return any(map(_MAY_BE_ENGLISH.__getitem__, LETTERS.findall(token)))


_TOKEN_MAY_BE_ENGLISH = WordCache(_token_may_be_english)
_BULK = 2_000  # new distinct tokens in one text from which settling them in bulk pays for loading the word set


@lru_cache(maxsize=1)
def _english_forms() -> frozenset[str]:
    """Every casefolded word ``_is_en_word`` can accept: the English function words and the English-only list."""
    return EN_FUNCTION | frozenset(wordlists.english_only().words())


def _settle_tokens(types: Collection[str]) -> None:
    """Judge a big text's new distinct tokens in bulk (``map``, ``compress`` and set operations over them all)
    instead of one Python call each (a megabyte holds ~13,000 distinct tokens), with the verdicts
    ``_token_may_be_english`` gives.

    A token may be English when one of its words is (``_may_be_english``). A word can be only if its lower-case
    form is an English function word or its casefolded form is one of ``_english_forms`` (the only words
    ``_is_en_function`` and ``_is_en_word`` accept): the few that pass are judged exactly, every other word is
    not English, and a token's verdict is whether its words meet the English ones.
    """
    new = _TOKEN_MAY_BE_ENGLISH.new_in_bulk(types, _BULK, _MAY_BE_ENGLISH)  # a token has about one new word
    if not new:
        return
    one_word = list(map(str.isalpha, new))  # most tokens: the token is its only word (all letters are LETTERS)
    plain = list(compress(new, one_word))
    other = list(compress(new, map(not_, one_word)))
    words_of = list(map(LETTERS.findall, other))
    words = list(set(plain).union(chain.from_iterable(words_of)))
    forms = _english_forms()
    maybe = list(
        map(
            or_, map(forms.__contains__, map(str.casefold, words)), map(EN_FUNCTION.__contains__, map(str.lower, words))
        )
    )
    english = {w for w in compress(words, maybe) if _MAY_BE_ENGLISH[w]}
    _MAY_BE_ENGLISH.update(dict.fromkeys(compress(words, map(not_, maybe)), False))
    _TOKEN_MAY_BE_ENGLISH.update(zip(plain, map(english.__contains__, plain)))
    _TOKEN_MAY_BE_ENGLISH.update(zip(other, map(not_, map(english.isdisjoint, words_of))))


def _candidate_sentences(doc: Document, ctx: Context) -> tuple[list[int], list[int]]:
    """The document's English candidate sentences (``ctx.shared``, found by
    ``find_english_candidates``) for both language rules."""
    return ctx.shared(find_english_candidates)


def find_english_candidates(doc: Document, ctx: Context) -> tuple[list[int], list[int]]:
    """Indices of the sentences holding an English function word, and of those holding a word ``_is_en_word``
    accepts, in order; most sentences of German copy hold neither and are never looked at again.

    The distinct tokens that may hold such a word are judged once each (``_TOKEN_MAY_BE_ENGLISH``, kept per
    token; a megabyte has ~70 of its ~13,000); the few paragraphs holding one are found by one set test per
    paragraph (``paragraphs_holding``), rather than by looking up a verdict for every token of the text. Only their
    words (``region_matches``: the entries of ``doc.words`` there) are looked at in Python.
    """
    types = doc.token_types
    _settle_tokens(types)
    english_tokens = set(compress(types, map(_TOKEN_MAY_BE_ENGLISH.__getitem__, types)))
    with_function: set[int] = set()
    with_english: set[int] = set()
    matches = region_matches(doc, paragraphs_holding(doc, english_tokens))
    words = list(map(re.Match.group, matches))
    for i in true_positions(list(map(_MAY_BE_ENGLISH.__getitem__, words))):  # a few hundred of ~7,000 words
        w = words[i]
        sentence = doc.sentence_index(matches[i].start())
        if _is_en_function(w):
            with_function.add(sentence)
        if _is_en_word(w):
            with_english.add(sentence)
    return sorted(with_function), sorted(with_english)


class UntranslatedCheck(Check):
    """Whole sentences that are not German (typically English left from the source)."""

    PARAMS = {"min_words": int}

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        min_words = int(self.spec.params.get("min_words", 4))
        out = []
        sentences = doc.sentences
        with_function, _ = _candidate_sentences(doc, ctx)
        for i in with_function:  # a sentence without an English function word is not looked at
            if not 0 <= i < len(sentences):
                continue
            s, e = sentences[i]
            if sentence_is_english(doc.text[s:e], min_words):
                out.append(self.finding(doc, s, e, suggestions=[]))
        return out


class EnglishWordsCheck(Check):
    """Runs of English words inside a German sentence ("eine once in a lifetime Chance")."""

    PARAMS = {"min_run": int}

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        min_run = int(self.spec.params.get("min_run", 2))
        out = []
        text = doc.text
        sentences = doc.sentences
        _, with_english = _candidate_sentences(doc, ctx)
        for i in with_english:  # a run must contain an English word: other sentences hold none
            if not 0 <= i < len(sentences):
                continue
            s, e = sentences[i]
            # A run is reported only with min_run English words in it (see _flush): a sentence with fewer (most
            # candidates hold one) is passed over after one count (sum over a map of the cached verdicts) instead of
            # a walk over its words in Python.
            if sum(map(_EN_WORD.__getitem__, _WORD.findall(text, s, e))) < min_run:
                continue
            sentence = text[s:e]
            if sentence_is_english(sentence):
                continue  # the whole sentence is English: the untranslated rule reports it once
            run: list[tuple[int, int, str]] = []
            for m in _WORD.finditer(text, s, e):  # the sentence's words, with offsets into the text
                w = m.group()
                is_en = _is_en_word(w)
                if not run:  # only an English word starts a run (an ambiguous one only extends it)
                    if is_en:
                        run = [(m.start(), m.end(), w)]
                    continue
                tok = (m.start(), m.end(), w)
                if (is_en or w.casefold() in AMBIGUOUS) and _GAP.fullmatch(text, run[-1][1], tok[0]) is not None:
                    run.append(tok)
                    continue
                self._flush(doc, run, min_run, out)
                run = [tok] if is_en else []
            self._flush(doc, run, min_run, out)
        return out

    def _flush(self, doc: Document, run, min_run: int, out: list) -> None:
        while run and run[-1][2].casefold() in AMBIGUOUS:
            run = run[:-1]
        if len(run) < min_run:
            return
        en_words = [w for _, _, w in run if _is_en_word(w)]
        lower = [w for w in en_words if w[0].islower()]
        if len(en_words) < min_run or not lower:
            return  # capitalised runs are names of organisations, events, works
        if all(w.casefold() in EN_FUNCTION or w.casefold() in AMBIGUOUS or w[0].isupper() for _, _, w in run):
            before = doc.text[max(0, run[0][0] - 40) : run[0][0]].rstrip()
            after = doc.text[run[-1][1] : run[-1][1] + 40].lstrip()
            prev_word = re.findall(r"[^\W\d_]+$", before)
            next_word = re.match(r"[^\W\d_]+", after)
            if prev_word and next_word and prev_word[0][0].isupper() and next_word.group()[0].isupper():
                return  # function words inside a name: "State of the Union", "Bank of America"
        out.append(self.finding(doc, run[0][0], run[-1][1], suggestions=[]))
