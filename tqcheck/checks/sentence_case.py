"""Casing that follows from sentence structure, which a pattern cannot judge cheaply.

Three modes, one rule each in the pack:

- ``sentence_start``: a sentence that begins in lower case. MT drops a leading date or name ("Am 5. Juni
  vereinbarten …" becomes ". am Vorabend vereinbarten …") or glues segments; a headline or paragraph then starts
  in lower case. The segmenter does not split before a lower-case word at all, so the full stops are looked at
  here: one after an abbreviation (z. B., bzw., ca., Nr.), an initial, an ordinal ("am 5. und 6. Juni"), a Roman
  numeral (Charles III.) or a short unknown token (US-style "Wash.") ends no sentence.
- ``stray_capital``: a capitalised function word inside a sentence, right after a lower-case word ("… hervorgehoben
  Auf dem Gipfel", "und Auch der Berater"): a missing full stop or a wrong capital. After an article the capital
  is a noun ("ein klares Aus", "das Für und Wider"); names of media and parties ("laut Die Welt") are left alone;
  the polite and the religious pronouns (Sie, Er) are not judged.
- ``lower_noun``: a noun written in lower case ("die regierung", "der pressedienst"). Nouns are known by suffixes
  that no other German word class has (-ung, -heit, -keit, -schaft, -tät, -ismus, -dienst …); -tion and office
  nouns (-minister, -präsident) only right after an article, as English words end in -tion too.

- ``english_name``: a run of capitalised English words ending in an institution head noun (Asian Development Bank,
  Multi-Sector Activities Support Facility) in running German. With ``foreign: true`` only runs naming an
  international body or one of a non-English-speaking country (Asian, Shanghai, Development, Special State …),
  whose English name is itself a translation that German media translate too; otherwise the other runs holding a
  word that is English rather than German (``wordlists.zipf_en_only``), as US and British bodies often keep their
  names (Federal Election Commission). Quoted titles are left alone.

Each mode first looks at the text's distinct tokens (``doc.token_types``) or at single characters, so that a
megabyte of correct German costs a few passes of ``map`` and set tests: the candidates are a handful per
article. The token modes (all but ``sentence_start``) share one pass over the whitespace tokens (``_token_pass``):
it tells each the paragraphs its pattern must read, and reads the paragraphs' first tokens for ``sentence_start``
on the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress, islice
from operator import and_, itemgetter, not_

from .. import wordlists
from ..document import Document
from ..model import Finding
from ..segment import ABBREVIATIONS, MONTHS
from .analysis import RunAnalysis
from .base import Check, Context
from .scan import WordCache, paragraph_runs, true_positions

MODES = ("sentence_start", "stray_capital", "lower_noun", "english_name")

# ------------------------------------------------------------------ sentence_start
# Abbreviations that segment.py does not list (it splits only before capitals, so it never needed them) and that
# a lower-case word may follow: "zzgl. der Steuer", "mind. drei", "engl. für", "Anm. d. Red.".
EXTRA_ABBREVIATIONS = frozenset(
    """zzgl abzgl mind ggfs bzgl jew jährl mtl urspr ursprüngl verh vorm zus eigtl insb anm red hrsg übers
    engl franz russ türk arab lat griech ital span chin kasach usbek kirg pers ukr poln
    std sek tsd ff pl sg gen dat akk nom sog. lfd pos ziff abs art bd jg erg vers verf ausg kap abschn
    bspw. ebd evtl inkl exkl ca rd zt usw etc vs bzw vgl ua uvm od o ä""".split()
)
# AP-style US state abbreviations in copy translated from English ("Kirkland, Wash. sagte"), as written.
US_STATES = frozenset(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa "
    "Tenn Tex Vt Va Wash Wis Wyo".split()
)
# A full stop, blanks, then a lower-case letter: where a sentence may begin in lower case mid-paragraph.
_STOP_LOWER = re.compile(r"\.[ \t]+(?=[a-zäöüß])")
_TOKEN_BEFORE = re.compile(r"[^\s]*$")
_FIRST_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_ROMAN = re.compile(r"[IVXLCDM]+")
# A dateline before the first sentence: "ASTANA – ", "BERLIN (dpa) – ".
_DATELINE = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ. -]{2,}(?:\s*\([^)\n]{1,30}\))?\s*[–—-]\s+")
# Words that are written in lower case even where a sentence begins: agency marks, name particles.
LOWER_OK = frozenset("dpa epd kna afp apa sda taz dts ots de da di del della van von vom zu der al el ibn bin".split())
_SENT_END = ".!?"
_CLOSERS = "\"'”“»«’)]"
_LOWER_MONTHS = frozenset(m.lower() for m in MONTHS)


def _ends_no_sentence(token: str) -> bool:
    """Whether a full stop after ``token`` (as written, without the stop) is not a sentence end."""
    core = token.lstrip("(„\"»«'‚[")
    if not core:
        return True
    if not core[-1].isalpha():  # "5.", "2024.", "…", "(…)." : ordinals, ellipses, brackets
        return core[-1] not in ')]“”"»«'
    low = core.lower()
    if low in ABBREVIATIONS or low in EXTRA_ABBREVIATIONS or low.rstrip(".") in ABBREVIATIONS:
        return True
    if len(core) == 1 or "." in core or "/" in core or "@" in core:  # initials, "z.B", "u.a", domains
        return True
    if core in US_STATES or _ROMAN.fullmatch(core):  # "Charles III. und"
        return True
    if core[0].isupper() and len(core) <= 5 and not wordlists.known_de(core):  # "Wash.", "Calif.", "Jh."
        return True
    return False


def capitalised(word: str) -> str:
    """``word`` with a capital initial; a word whose initial umlaut was lost in conversion ("nderung",
    "ffentlichkeit") gets it back where only that makes a German word."""
    if not wordlists.known_de(word):
        for umlaut in "ÄÖÜ":
            if wordlists.known_de(umlaut + word):
                return umlaut + word
    return word[:1].upper() + word[1:]


def _word_may_start_lower(text: str, start: int) -> tuple[int, bool]:
    """(end of the word at ``start``, whether it may begin a sentence in lower case): brand names with inner
    capitals (iPhone, eBay), agency marks (dpa), domains and handles (tagesschau.de, n-tv)."""
    m = _FIRST_WORD.match(text, start)
    if m is None:
        return start, True
    word, end = m.group(), m.end()
    if word.lower() != word or word in LOWER_OK or not word.isalpha():  # "iPhone", "n-tv", "al-Sisi"
        return end, True
    if end < len(text) and text[end] in ".:/@_":
        return end, True
    return end, False


def _may_open(token: str) -> bool:
    """Whether a paragraph whose first token is ``token`` may open in lower case or with three capitals, the test
    ``sentence_start`` makes on its first three characters (which a token shorter than three leaves open unless
    it holds a lower-case letter)."""
    return token[0].islower() or token[:3].isupper() or (len(token) < 3 and not any(map(str.islower, token)))


_MAY_OPEN = WordCache(_may_open)


def _first_tokens(doc: Document, ctx: Context) -> list[str]:
    """The first token of each paragraph (every paragraph has one), kept in ``ctx.paragraph_first_tokens``. Read
    in the token pass when the run has rules that need it (the tokens are then in the cache), else alone."""
    modes = ctx.run.shared(token_modes)
    if ctx.paragraph_first_tokens is None and modes:
        _paragraphs(doc, ctx, min(modes))
    if ctx.paragraph_first_tokens is None:
        ctx.paragraph_first_tokens = list(map(itemgetter(0), doc.paragraph_tokens))
    return ctx.paragraph_first_tokens


# ------------------------------------------------------------------ stray_capital
FUNCTION_WORDS = frozenset(
    """Auch Auf Aber Und Oder Im Am An Mit Von Vom Zu Zum Zur Für Bei Beim Nach Aus Über Unter Gegen Durch Ohne
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Sich Nicht Noch Dass Als Wenn Weil Sowie Sondern
    Jedoch Damit Dabei Dort Seit Bis Um Ins Nun Außerdem Zudem Dann Hier Allerdings Darüber Bereits""".split()
)
# After these the capitalised word is a noun or a name ("das Aus", "ein Nein", "im Auf und Ab").
_DETERMINERS = frozenset(
    """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines zum zur
    im am beim vom ins ans dieser diese dieses diesen diesem jenes jeder jede jedes jeden jedem sein seine
    seinem seinen seiner seines ihr ihre ihrem ihren ihrer ihres unser unsere unseren unserem unserer""".split()
)
# Function words that are also nouns ("ein klares Aus", "ohne Wenn und Aber", "das Für und Wider").
_NOMINAL = frozenset("Aus Aber Auf Für Wenn Ab Nach Vor Um Als Und Über Unter".split())
# Names of newspapers, channels and parties that open with an article ("laut Die Welt", "sagte Die Linke").
_ARTICLE_NAMES = frozenset(
    """Welt Zeit Presse Linke Linken Grünen Grüne Partei Republikaner Tageszeitung Tagespost Rheinpfalz Glocke
    Standard Furche Erste Spiegel Tagesspiegel Bund Freitag Woche Stimme Kleine Krone Heute Neue Aktuelle
    Deutschen Deutsche Berliner Bild Volksstimme Welle Rote Blaue Freien Freie Hindu""".split()
)
# A space after a lower-case letter and before a capital is the cheap test re makes first; the word list second.
_STRAY = re.compile(
    r" (?=[A-ZÄÖÜ])(?<=[a-zäöüß] )(" + "|".join(sorted(FUNCTION_WORDS, key=len, reverse=True)) + r")(?= )"
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)$")
_WORD_AFTER = re.compile(r" +([^\W\d_]+|,)")


# ------------------------------------------------------------------ lower_noun
# Suffixes only nouns have (Regierung, Gesundheit, Möglichkeit, Partnerschaft, Kapazität, Tourismus, Pressedienst,
# Ergebnis, Ministerium, Eigentum), with their plurals.
_NOUN_SUFFIXES = (
    "ung", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tät", "täten", "ismus", "ismen",
    "dienst", "dienste", "diensten", "dienstes", "nisse", "nissen", "ium", "ministerium", "ministeriums",
)  # fmt: skip
# -ungen is also the participle of -ingen verbs (gezwungen, gelungen, errungen, geklungen, gesungen); a plural
# noun (Leistungen, Regierungen, Meldungen …) is taken only where no participle ends alike.
_UNGEN = re.compile(r"(?:[tghknbfmpz]|ier|är|ör|ühr|ahr|ür|ich|isch)ungen")
# Only right after an article: -tion and -ion (English ends so too), office titles (der außenminister).
_ARTICLE_NOUN = re.compile(
    r"(?:tion|tionen|ion|ionen|minister|ministerin|ministers|präsident|präsidentin|präsidenten|sprecher|"
    r"sprecherin|behörde|behörden|agentur|ausschuss|ausschusses|zentrum|zentrums|gericht|gerichts|parlament|"
    r"parlaments|abkommen|vertrag|vertrags|vertrages)$"
)
_NOT_NOUNS = frozenset(
    """jung blutjung ewigjung young hung sung lung rung strung flung stung clung swung wrung slung dung
    among medium premium""".split()
)
_ARTICLES = frozenset(
    """der die das den dem des ein eine einen einem einer eines zum zur im beim vom ins
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Zum Zur Im Beim Vom Ins""".split()
)
_LOWER_WORD = re.compile(r"(?<![\w#@/.\-–])[a-zäöüß]+(?![\w@/-])")


def _noun_shape(word: str) -> str:
    """ "any" when ``word`` (lower case) ends like a noun wherever it stands, "article" when only after an
    article, "" when not."""
    if len(word) < 5 or word in _NOT_NOUNS or word.endswith("jung"):
        return ""
    if word.endswith(_NOUN_SUFFIXES) or (word.endswith("ungen") and _UNGEN.search(word[-8:])):
        return "" if wordlists.zipf_en_only(word) > 0 else "any"
    if len(word) >= 6 and _ARTICLE_NOUN.search(word):
        return "article"
    return ""


_TRAILING = ".,;:!?)]“”\"'’»«…"
# Every ending _noun_shape accepts, for a prefilter of the tokens: one str.endswith with all of them, before any regex.
_ANY_SUFFIX = (
    *_NOUN_SUFFIXES, "ungen", "tion", "tionen", "ion", "ionen", "minister", "ministerin", "ministers", "präsident",
    "präsidentin", "präsidenten", "sprecher", "sprecherin", "behörde", "behörden", "agentur", "ausschuss",
    "ausschusses", "zentrum", "zentrums", "gericht", "gerichts", "parlament", "parlaments", "abkommen", "vertrag",
    "vertrags", "vertrages",
)  # fmt: skip


def _noun_token(token: str) -> bool:
    """Whether a whitespace token is all lower case, ends (before punctuation) like a noun and holds a word
    ``_noun_shape`` takes: the tokens whose paragraphs ``lower_noun`` reads."""
    bare = token.rstrip(_TRAILING)
    return bare.endswith(_ANY_SUFFIX) and bare.islower() and any(_noun_shape(w) for w in _LOWER_WORD.findall(token))


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (none a prefix of another) as a trie: re tests a character once, not once
    per word that begins with it."""
    first: dict[str, list[str]] = {}
    for w in words:
        first.setdefault(w[0], []).append(w[1:])
    alts = [re.escape(c) + (_alternation(rest) if rest != [""] else "") for c, rest in sorted(first.items())]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


# The noun endings read backwards, the shortest only ("ion" for "tion", "tionen" ends in "ionen"): a token whose
# letters, stripped of closing punctuation, end in one. In the text's vocabulary reversed each token follows a
# space, so the search jumps from space to space (re's scan for a literal first character) instead of trying every
# position. A token with a capital A-Z, Ä, Ö, Ü is not in lower case: left out already.
_ENDINGS = sorted({e for e in _ANY_SUFFIX if not any(e != o and e.endswith(o) for o in _ANY_SUFFIX)})
_REVERSED_NOUN = re.compile(
    " [" + re.escape(_TRAILING) + "]*" + _alternation(e[::-1] for e in _ENDINGS) + "[^ A-ZÄÖÜ]*(?= )"
)
_NOUN_TOKEN = WordCache(_noun_token)


def _noun_tokens(doc: Document, ctx: Context) -> list[str]:
    """The distinct tokens of ``doc`` that ``_noun_token`` accepts. Few tokens end like a noun in lower case; they
    are found in the text's vocabulary (``ctx.vocabulary``, shared with the name rules) read backwards, and
    judged once per process."""
    backwards = " " + ctx.vocabulary[::-1] + " "
    return [t for t in (m.group()[:0:-1] for m in _REVERSED_NOUN.finditer(backwards)) if _NOUN_TOKEN[t]]


# ------------------------------------------------------------------ english_name
HEADS = frozenset(
    """Bank Fund Committee Agency Facility Organization Organisation Corporation Company Commission Council
    Authority Association Foundation Institute Programme Program Initiative System Union Court Assembly Summit
    Exchange Ministry""".split()
)
# Heads only the info rule takes: British and US offices keep these names in German copy more often.
MORE_HEADS = frozenset("Board Office Department Service Centre Center Group Meeting Conference".split())
# Words that mark an international body or one of a non-English-speaking country.
FOREIGN_MARKERS = frozenset(
    """Asian Eurasian Islamic Arab African European Turkic Gulf Caspian Shanghai Emirates Saudi Kazakh Kazakhstan
    Uzbek Uzbekistan Kyrgyz Tajik Turkmen Azerbaijani Azerbaijan Russian Turkish Chinese Iranian Qatari Qatar
    Kuwaiti Kuwait Omani Bahraini Egyptian Iraqi Syrian Jordanian Armenian Georgian Belarusian Ukrainian Afghan
    Mongolian Korean Japanese Central International Interparliamentary Inter-Parliamentary Intergovernmental
    Interstate Development Cooperation Co-operation Reconstruction Monetary Sovereign Special State Anti
    Anti-Corruption Strategic Broadcasting Internal""".split()
)
_HEAD_TAILS = ("", ",", ".", ";", ":", ")", "),", ").", "“", "”", '"', ",“", ".“", "’s", "'s")
_HEAD_TOKENS = frozenset(h + p + t for h in HEADS | MORE_HEADS for p in ("", "s") for t in _HEAD_TAILS)
_EN_LINK = r"(?:(?:of|for|and|on|the)\s+){0,2}"
_EN_WORD = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*"
# One to six words (and links) before the head; the first word written out, with the test that no word character
# or hyphen precedes it after its capital, so that re scans for a capital A-Z rather than trying every position.
_NAME_RUN = re.compile(
    rf"([A-Z](?<![\w-][A-Z])[a-z]+(?:-[A-Z]?[a-z]+)*\s+{_EN_LINK}(?:{_EN_WORD}\s+{_EN_LINK}){{0,5}})("
    + "|".join(sorted(HEADS | MORE_HEADS, key=len, reverse=True))
    + r")(s?)(?![\w-])((?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){0,3})?)"
)
_RUN_WORD = re.compile(rf"{_EN_WORD}|of|for|and|on|the")
# German words a run may begin with (the sentence's first word, an article, a preposition).
_DE_STARTS = frozenset(
    """Der Die Das Dem Den Des Ein Eine Einem Einen Einer Eines Im Am Zum Zur Vom Beim Laut Mit Von Bei Nach Auf
    Aus In An Und Oder Diese Dieser Dieses Diesem Diesen Seine Seiner Seinen Ihre Ihrer Ihren Auch Als Wie Dass So
    Es Er Sie Wir Kein Keine Neue Neuen Seit Trotz Wegen Unter Gegen Durch Ohne Um Bis Vor Zu Ins Ans Nur Noch Dann
    Damit Dabei Doch Denn Wenn Weil""".split()
)
_EN_LINKS = frozenset("of for and on the".split())


def _english_start(words: list[str]) -> int:
    """Where the English run begins: after the German words it may open with ("Der", "Laut", a common German
    noun such as "Projekt"), as English names are ASCII, but so is much German."""
    k = 0
    while k < len(words) - 1 and (
        words[k] in _DE_STARTS
        or words[k] in _EN_LINKS
        or (wordlists.zipf_de(words[k]) >= 4.0 and wordlists.zipf_en_only(words[k]) == 0)
    ):
        k += 1
    return k


def _ends_lower_word(token: str) -> bool:
    """Whether ``token`` is a lower-case word ("hervorgehoben", "und", "Kanal," is not: punctuation ends it)."""
    return token[-1:].isalpha() and token[-1].islower() and token[:1].islower()


def _capitalised_ascii(token: str) -> bool:
    """Whether ``token`` may be a word of an English name ("Development", "Multi-Sector", not "Präsident")."""
    return token[:1].isupper() and token.isascii() and token[-1:].isalpha()


_LOWER_END = WordCache(_ends_lower_word)
_CAPITALISED_ASCII = WordCache(_capitalised_ascii)


# ------------------------------------------------------------------ the token pass
# The modes led by tokens: a function word after a lower-case word (stray_capital), a head noun after a capitalised
# ASCII word (english_name), a lower-case noun (lower_noun). What the token after must be, and the one before.
_PAIRS = {"stray_capital": (FUNCTION_WORDS, _LOWER_END), "english_name": (_HEAD_TOKENS, _CAPITALISED_ASCII)}
_TOKEN_MODES = frozenset((*_PAIRS, "lower_noun"))


def token_modes(run: RunAnalysis) -> frozenset[str]:
    """The token modes of the run's selected rules (kept by ``run.shared``), so that one pass serves them all."""
    return _TOKEN_MODES.intersection({s.params.get("mode") for s in run.selected if s.kind == "sentence_case"})


def _paragraphs(doc: Document, ctx: Context, mode: str) -> list[int]:
    """The paragraphs (ascending) where ``mode``'s pattern must run, found for every token mode of the run at once
    and kept in ``ctx.sentence_case_paragraphs``: for a pair mode those where its token follows a token its test
    accepts (across a paragraph's end too), for ``lower_noun`` those holding a noun token."""
    found = ctx.sentence_case_paragraphs
    if mode not in found:
        found.update(_token_pass(doc, ctx, (ctx.run.shared(token_modes) | {mode}) - found.keys()))
    return found[mode]


_CHUNK = 256  # paragraphs: some 6,000 tokens


def _present(words: frozenset[str], types: dict[str, None]) -> set[str] | frozenset[str]:
    """The ``words`` among the text's distinct tokens, probing the smaller collection's items in the larger (the
    heads with their punctuation are a thousand, an article has fewer distinct tokens, a megabyte ten times more)."""
    return words.intersection(types) if len(types) < 2 * len(words) else types.keys() & words


def _token_pass(doc: Document, ctx: Context, modes: Iterable[str]) -> dict[str, list[int]]:
    """``_paragraphs`` for ``modes``, from the whitespace tokens, by ``map`` and ``compress`` over chunks of
    paragraphs rather than a Python loop over the tokens.

    The wanted tokens (function words, heads, noun tokens) are taken from the distinct tokens. A paragraph's first
    token is paired with the last one of the paragraph before (the text's first token has none before it); its
    other tokens are read again only where one of them is wanted, which one set test per paragraph tells: in news
    copy a paragraph in fifteen, as most function words open a paragraph ("Die", "Der", "Ein").
    """
    types = doc.token_types
    targets = {m: _present(_PAIRS[m][0], types) for m in modes if m in _PAIRS}
    if "lower_noun" in modes:
        targets["lower_noun"] = set(_noun_tokens(doc, ctx))
    wanted = frozenset().union(*targets.values())
    if not wanted:
        return {m: [] for m in modes}
    per = doc.paragraph_tokens
    firsts: list[str] = []  # the first token of each paragraph
    lead: list[int] = []  # the paragraphs opening with a wanted token
    lead_before: list[str] = []  # the last tokens of the paragraphs before them
    inner: list[int] = []  # the paragraphs holding a wanted token after their first
    tail, last = itemgetter(slice(1, None)), itemgetter(-1)
    for c in range(0, len(per), _CHUNK):  # a chunk's tokens are read while they are in the cache
        part, ks = per[c : c + _CHUNK], range(c, min(c + _CHUNK, len(per)))
        inner += compress(ks, map(not_, map(wanted.isdisjoint, map(tail, part))))
        heads = list(map(itemgetter(0), part))
        firsts += heads
        opening = list(compress(ks, map(wanted.__contains__, heads)))
        lead += opening
        lead_before += map(last, map(per.__getitem__, map((-1).__add__, opening)))
    if lead[:1] == [0]:
        lead_before[0] = ""  # no word to either test: the text's first token has none before it
    if ctx.paragraph_first_tokens is None:
        ctx.paragraph_first_tokens = firsts
    lead_tokens = list(map(firsts.__getitem__, lead))
    # The wanted tokens after the first in those paragraphs, each with the token before it.
    hits: list[tuple[int, str, str]] = []
    for k in inner:
        tokens = per[k]
        for i in compress(range(1, len(tokens)), map(wanted.__contains__, islice(tokens, 1, None))):
            hits.append((k, tokens[i], tokens[i - 1]))

    out: dict[str, list[int]] = {}
    for mode in modes:
        target = targets[mode]
        test = _PAIRS[mode][1] if mode in _PAIRS else None  # lower_noun: the paragraphs holding a noun token
        ok = map(target.__contains__, lead_tokens)
        if test is not None:
            ok = map(and_, ok, map(test.__getitem__, lead_before))
        chosen = {k for k, token, before in hits if token in target and (test is None or test[before])}
        out[mode] = sorted(chosen.union(compress(lead, ok)))
    return out


class SentenceCaseCheck(Check):
    """Lower-case sentence starts, capitalised function words inside sentences, lower-case nouns (see module)."""

    PARAMS = {"mode": str, "foreign": bool}

    @classmethod
    def validate(cls, spec) -> None:
        if spec.params.get("mode") not in MODES:
            raise ValueError(f"'mode' must be one of {', '.join(MODES)}")

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        mode = self.spec.params["mode"]
        if mode == "sentence_start":
            return self._sentence_start(doc, ctx)
        if mode == "stray_capital":
            return self._stray_capital(doc, ctx)
        if mode == "english_name":
            return self._english_name(doc, ctx, bool(self.spec.params.get("foreign", False)))
        return self._lower_noun(doc, ctx)

    # -------------------------------------------------------------- sentence_start
    def _sentence_start(self, doc: Document, ctx: Context) -> list[Finding]:
        text = doc.text
        out: list[Finding] = []
        starts: list[int] = []
        # Mid-paragraph: a full stop, then a lower-case word. That is rare in German (abbreviations, ordinals):
        # re finds the few by its literal-prefix search, and only those are looked at.
        for m in _STOP_LOWER.finditer(text):
            dot = m.start()
            line_start = text.rfind("\n", 0, dot) + 1
            token = _TOKEN_BEFORE.search(text, max(line_start, dot - 40), dot).group()
            if token[-1:].isdigit():  # an ordinal: "am 5. und 6. Juni"; but "am 5. juni" is not German either
                word = _FIRST_WORD.match(text, m.end())
                if word is not None and word.group() in _LOWER_MONTHS:
                    starts.append(m.end())
                continue
            if not _ends_no_sentence(token):
                starts.append(m.end())
        # Paragraph starts: the first paragraph, or one after a blank line or after a line ending a sentence (a
        # hard-wrapped paragraph continues in lower case after a line without one); after a dateline too.
        paras = doc.paragraphs
        # A paragraph opening in lower case, or in three capitals (a dateline: "ASTANA – am Montag"): told by the
        # paragraph's first token, judged once per distinct token, and where it is short, by the text.
        for k in true_positions(list(map(_MAY_OPEN.__getitem__, _first_tokens(doc, ctx)))):
            s, e = paras[k]
            head = text[s : s + 3]
            if not (head[0].islower() or head.isupper()):
                continue
            first = s
            if head[0].isupper():
                d = _DATELINE.match(text, s, e)
                if d is None or not text[d.end() : d.end() + 1].islower():
                    continue
                first = d.end()
            elif k > 0:
                ps, pe = paras[k - 1]
                if text.count("\n", pe, s) < 2:  # no blank line between: did the line before end a sentence?
                    tail = text[ps:pe].rstrip(_CLOSERS)
                    if not tail or tail[-1] not in _SENT_END:
                        continue
                    if tail[-1] == "." and _ends_no_sentence(_TOKEN_BEFORE.search(tail, 0, len(tail) - 1).group()):
                        continue
            starts.append(first)
        for start in sorted(set(starts)):
            end, ok = _word_may_start_lower(text, start)
            if ok:
                continue
            fixed = capitalised(text[start:end])
            out.append(self.finding(doc, start, end, suggestions=[fixed], fix=fixed))
        return out

    # -------------------------------------------------------------- stray_capital
    def _stray_capital(self, doc: Document, ctx: Context) -> list[Finding]:
        text = doc.text
        out: list[Finding] = []
        # A function word as a whole token right after a token ending in a lower-case word: found by the
        # shared pass over the tokens (_token_pass), so the pattern runs only in the few paragraphs that hold one.
        for a, b in paragraph_runs(doc, _paragraphs(doc, ctx, "stray_capital")):
            for m in _STRAY.finditer(text, a, b):
                word = m.group(1)
                before = _WORD_BEFORE.search(text, max(a, m.start() - 40), m.start())
                if before is None:
                    continue
                prev = before.group(1)
                if not prev[0].islower():  # "im Film Die …", "Hotel Am Markt": a title or a name
                    continue
                if prev in _DETERMINERS:  # "das Aus", "der Nach…": a noun after an article
                    continue
                after = _WORD_AFTER.match(text, m.end())
                nxt = after.group(1) if after else ""
                if word in _NOMINAL and (prev.endswith("es") or nxt in ("und", "oder", ",")):
                    continue  # "ein klares Aus", "ohne Wenn und Aber"
                if word in ("Der", "Die", "Das", "Den", "Dem", "Des") and nxt in _ARTICLE_NAMES:
                    continue  # "laut Die Welt", "sagte Die Linke"
                s = m.start(1)
                out.append(self.finding(doc, s, m.end(1), suggestions=[word.lower()], fix=word.lower()))
        return out

    # -------------------------------------------------------------- lower_noun
    def _lower_noun(self, doc: Document, ctx: Context) -> list[Finding]:
        text = doc.text
        # Tokens all in lower case that end (before punctuation) in a noun suffix, judged once per distinct token
        # (_noun_tokens); only the paragraphs holding one are read word by word.
        paragraphs = _paragraphs(doc, ctx, "lower_noun")
        if not paragraphs:
            return []
        out: list[Finding] = []
        for a, b in paragraph_runs(doc, paragraphs):
            for m in _LOWER_WORD.finditer(text, a, b):
                word = m.group()
                shape = _noun_shape(word)
                if not shape:
                    continue
                gap = m.start() - 1
                before = _WORD_BEFORE.search(text, max(a, gap - 40), gap) if text[gap : gap + 1] == " " else None
                after_article = before is not None and before.group(1) in _ARTICLES
                if shape == "article" and not after_article:
                    continue
                fixed = capitalised(word)
                out.append(self.finding(doc, m.start(), m.end(), suggestions=[fixed], fix=fixed))
        return out

    # -------------------------------------------------------------- english_name
    def _english_name(self, doc: Document, ctx: Context, foreign: bool) -> list[Finding]:
        return [
            self.finding(doc, start, end, suggestions=[])
            for marked, international, start, end in ctx.shared(find_english_runs)
            if ((marked and international) if foreign else not marked)
        ]


def find_english_runs(doc: Document, ctx: Context) -> list[tuple[bool, bool, int, int]]:
    """The runs of English words ending in a head noun that either ``english_name`` rule flags, in text order:
    (marked as foreign, head of an international body (``HEADS``), start, end). Found once for both rules
    (``ctx.shared``); the foreign rule takes the marked runs with such a head, the other rule the unmarked
    ones."""
    text = doc.text
    out: list[tuple[bool, bool, int, int]] = []
    # A head ("Bank", "Fund,", "Agency)") right after a capitalised ASCII token: "die Bank", "das System" of German
    # copy are passed over in the shared token pass (_token_pass), the pattern runs where a name may end.
    for a, b in paragraph_runs(doc, _paragraphs(doc, ctx, "english_name")):
        for m in _NAME_RUN.finditer(text, a, b):
            head = m.group(2)
            found = list(_RUN_WORD.finditer(text, m.start(1), m.end(1)))
            k = _english_start([w.group() for w in found])
            words = [w.group() for w in found[k:]]
            content = [w for w in words if w not in _EN_LINKS]
            if not content:
                continue
            parts = {p for w in content for p in (w, *w.split("-"))}
            marked = bool(parts & FOREIGN_MARKERS) and not (
                content[0] == "State" and head == "Union"  # "State of the Union"
            )
            if marked and head not in HEADS:
                continue  # neither rule's: the foreign one takes international heads only
            if not marked and not any(wordlists.zipf_en_only(p.lower()) > 0 for p in parts):
                continue  # "Deutsche Bank", "Hamburg Messe": no English word but the head
            start = found[k].start()
            if doc.in_quote(start):  # a quoted English title
                continue
            end = m.end(4) if marked else m.end(3)  # "… Bank for Reconstruction" for a marked run
            out.append((marked, head in HEADS, start, end))
    return out
