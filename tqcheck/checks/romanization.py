"""Names in English romanisation where German media use the Duden/dpa transcription: Torobaev → Torobajew.

Why a rule and not a longer map: the transliteration rule (names.py, name_translit) knows the few dozen names of
the day's heads of state, but pivot MT copy is full of ministers, governors and oil fields no map will ever list.
English romanisation of Russian, Central-Asian and Caucasian names has tell-tale spellings German never writes:
the digraphs zh, kh, sh (German: sch, ch, sch), the surname endings -ov/-ev/-yev (German: -ow/-ew/-jew), the
Georgian -shvili/-dze (German: -schwili/-dse), an initial Y before a vowel (German: J). ``romanized_evidence``
weighs those features; ``german_form`` writes the name the way the Duden transcription table does (Cyrillic →
German: в w, е je after vowels, ж sch, з s, й j, с ss between vowels, х ch, ц z, ч tsch, ш sch, щ schtsch,
ю ju, я ja), read back from the English spelling.

What stays silent: German words and names in German form (Tokajew, Schawkat have no English feature), words
common in German text whatever their look (Khan, Shanghai, Show, Bush), common English words (Kashmir, Sheriff),
Chinese pinyin and Japanese Hepburn names (Zhejiang, Shinzo: German keeps those romanisations), compounds whose
"sh" is English or a German joint (Onlineshop, Ludwigshafen), the name_translit map's own entries (that rule
already flags them) and the allow lists.

Speed: the shared name index (``ctx.name_index``) already holds the document's rare capitalised word types; each
is judged once per process (a WordCache), most by one search for the letters every feature needs, and only the
flagged ones are located in the text. The English-quotation test looks at the flagged word's line only, the region
test (for weak evidence only) at the text's distinct tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any, NamedTuple

from .. import wordlists
from ..document import _QUOTATION, Document
from ..model import Finding, Severity
from .base import Check, Context
from .language import DE_FUNCTION, EN_FUNCTION
from .nameindex import _DEDUPLICATE_FROM, NameIndex, _located
from .scan import WordCache

VOWELS = frozenset("aeiou")
_VOWELS_Y = frozenset("aeiouy")

# Established German forms the letter rules would not produce (Киев is "Kijew" by the table, "Kiew" by usage).
_EXONYMS = {"kiev": "Kiew", "kievs": "Kiews"}

# Romanisations German copy keeps (dpa, Duden): silent even though they carry an English digraph.
ESTABLISHED = frozenset(
    """sheikh sheikhs scheikh sikh sikhs khmer khartum khartoum khyber pakhtunkhwa khan khans kashmir shiite shiiten
    sharia scharia shisha shishas sushi shogun shintoismus shinto hashtag hashtags khaki shah shahs""".split()
)


class Evidence(NamedTuple):
    """How strongly a word looks like an English romanisation: a score and the features that made it."""

    score: int
    features: tuple[str, ...]


# Feature code -> (weight, German explanation for the message).
FEATURES: dict[str, tuple[int, str]] = {
    "ov": (3, "Endung -ov, deutsch -ow"),
    "ova": (2, "Endung -ova, deutsch -owa"),
    "ev": (3, "Endung -ev, deutsch -ew/-jew"),
    "yev": (3, "„yev“/„yov“, deutsch „jew“/„jow“"),
    "shvili": (3, "Endung -shvili, deutsch -schwili"),
    "dze": (3, "Endung -dze, deutsch -dse"),
    "skiy": (3, "Endung -skiy/-skaya, deutsch -ski/-skaja"),
    "ovsk": (3, "Endung -ovsk/-ovka, deutsch -owsk/-owka"),
    "iy": (2, "Endung -iy, deutsch -i"),
    "yan": (3, "Endung -yan, deutsch -jan"),
    "zh": (3, "„zh“, deutsch „sch“"),
    "dzh": (3, "„dzh“, deutsch „dsch“"),
    "kh": (2, "„kh“, deutsch „ch“"),
    "sh": (2, "„sh“, deutsch „sch“"),
    "ch": (2, "„ch“ nach Konsonant, deutsch „tsch“"),
    "ye_initial": (2, "„Ye“ am Wortanfang, deutsch „Je“"),
    "y_initial": (1, "„Y“ vor Vokal am Wortanfang, deutsch „J“"),
    "y_soft": (1, "„y“ vor Vokal, deutsch „j“"),
}
# Features that decide on their own: a word common enough in German to be known still gets them flagged (Kiev,
# Ivanov), and an English word list does not excuse them.
STRONG = frozenset({"ov", "ev", "yev", "shvili", "dze", "skiy", "ovsk", "yan", "zh", "dzh"})
# Endings neither pinyin nor Hepburn can spell: a word with one is not exempted as Chinese or Japanese
# ("Pashinyan" splits into Hepburn syllables pa-shi-nya-n).
ENDINGS = frozenset({"ov", "ova", "ev", "yev", "shvili", "dze", "skiy", "ovsk", "yan", "iy"})

_GENITIVE = re.compile(r"(?:'s|’s|s)$")
_SLAVIC_END = re.compile(
    r"(?P<stem>[a-z]{2,}?)(?P<end>y?[oe]v)(?:a|na|ich|icha|ichs|ych|yna)?$"
)  # Ivanov(a), Aliyev, Grigorovich, Sergeyevna, Ukrainian Yanukovych
_NOT_SLAVIC = frozenset(
    """casanova villanova bossanova terranova genova padova mantova moldova nova geneva neva
    kosovo""".split()
)
_OVSK_END = re.compile(r"[a-z]{2,}[oe]v(?:sk|ka|ke|ki)$")
_SKIY_END = re.compile(r"[a-z]{2,}sk(?:iy|aya|oye|yi|yy|iye)$")
_IY_END = re.compile(r"[a-z]{2,}[^aeiouy](?:iy|yy)$")
_YAN_END = re.compile(r"[a-z]{3,}[^aeiouy]yan(?:ts)?$")  # Armenian -ян(ц): Pashinyan, Grigoryan, Ter-Petrosyan
_CONSONANT_CH = re.compile(r"(?<=[bdgkmpvzh])ch(?!en|ens|er)")  # not the diminutive: Mädchen, Pflänzchen
_SH = re.compile(r"(?<![sc])sh")
_KH = re.compile(r"kh")
_ZH = re.compile(r"(?<!d)zh")
_Y_SOFT = re.compile(r"(?<=[a-z])y(?=[aeiou])")


def _casefold_letters(word: str) -> str:
    return word.casefold().replace("’", "'")


def _ending(w: str, base: str) -> str | None:
    """The romanised ending of the casefolded word ``w`` (``base``: without a genitive s), at most one: -shvili,
    -dze, -skiy/-skaya, -ovsk/-ovka, the Slavic -ov/-ev/-yev (-ova), -iy, -yan."""
    if base.endswith("shvili"):
        return "shvili"
    if base.endswith("dze") and len(base) >= 5:
        return "dze"
    if _SKIY_END.search(base):
        return "skiy"
    if _OVSK_END.search(base):
        return "ovsk"
    m = _SLAVIC_END.fullmatch(base)
    if m and base not in _NOT_SLAVIC and w not in _NOT_SLAVIC:
        end = m.group("end")
        if end.startswith("y"):
            return "yev"
        if end == "ov" and base.endswith("ova"):
            return "ova"  # also Czech and Slovak without the accent (Kvitova): weak on its own
        return end
    if _IY_END.search(base):
        return "iy"
    if _YAN_END.search(base):
        return "yan"
    return None


def _digraphs(w: str) -> list[str]:
    """The English digraphs of the casefolded word: dzh or zh, kh, and sh or ch outside a German or English
    word part or joint (see _joint_or_loan)."""
    found = []
    if "dzh" in w:
        found.append("dzh")
    elif _ZH.search(w):
        found.append("zh")
    if _KH.search(w):
        found.append("kh")
    if any(not _joint_or_loan(w, m.start()) for m in _SH.finditer(w)):
        found.append("sh")
    if any(not _joint_or_loan(w, m.start()) for m in _CONSONANT_CH.finditer(w)):
        found.append("ch")
    return found


def romanized_evidence(word: str) -> Evidence:
    """The English-romanisation features of ``word`` and their summed weight (0: no feature).

    Only the spelling is judged here; whether the word is a common German or English word, Chinese or Japanese is
    ``judge``'s business. Features inside a German or English compound part ("Onlineshop", "Ludwigshafen") do not
    count.
    """
    w = _casefold_letters(word)
    base = _GENITIVE.sub("", w) if len(w) > 4 else w
    ending = _ending(w, base)
    found = [ending] if ending else []
    if ("yev" in base[:-3] or "yov" in base[:-3]) and "yev" not in found:
        found.append("yev")  # Yevgeny, Semyonova: inside the word, not only at its end
    found.extend(_digraphs(w))
    if len(w) >= 4 and w[0] == "y" and w[1] in VOWELS:
        found.append("ye_initial" if w[1] == "e" else "y_initial")
    elif _Y_SOFT.search(w) and "yev" not in found and "yan" not in found:
        found.append("y_soft")
    return Evidence(sum(FEATURES[f][0] for f in found), tuple(found))


def _known(part: str) -> bool:
    """A German word or a common English one (the parts of "Onlineshop", "Showmaster", "Flashmob")."""
    return wordlists.zipf_de(part) >= 3.0 or wordlists.zipf_en_only(part) > 0


_PART_ENDINGS = ("", "s", "es", "e", "en", "n", "er", "ern", "ing", "ings")


def _known_inflected(part: str) -> bool:
    """A known word plus a German ending, or an English -ing form ("Shaming", "Maskenshaming")."""
    for end in _PART_ENDINGS:
        if end and not part.endswith(end):
            continue
        stem = part[: len(part) - len(end)] if end else part
        if len(stem) >= 4 and _known(stem) or end.startswith("ing") and len(stem) >= 3 and _known(stem + "e"):
            return True
    return False


def _joint_or_loan(w: str, at: int) -> bool:
    """The digraph at ``at`` ("sh", "ch") lies inside a known German or English word part, or across the joint of
    a German compound ("Ludwigs|hafen", "Rüssels|heim", "Online|shop", "Show|master")."""
    if _known_inflected(w):
        return True
    for i in range(4, len(w) - 3):  # parts of four letters or more: the frequency lists hold many 3-letter scraps
        left, right = w[:i], w[i:]
        if _known_inflected(right) and (_known(left) or left[-1:] == "s" and len(left) > 3 and _known(left[:-1])):
            return True
    if w[at] != "s":
        return False
    # "sh" across a joint: a short German modifier (Gas|hahn, Eis|halle) or a German place-name head (Rüssels|heim,
    # Wilhelms|haven, Elms|horn)
    left, right = w[: at + 1], w[at + 1 :]
    if len(left) >= 3 and wordlists.zipf_de(left) >= 3.0 and _known_inflected(right):
        return True
    return right.startswith(_JOINT_HEADS)


_JOINT_HEADS = (
    "heim",
    "hausen",
    "hafen",
    "haven",
    "hof",
    "horn",
    "horst",
    "hagen",
    "hain",
    "heide",
    "hütte",
    "höhe",
    "holz",
    "hall",
    "hammer",
    "haupt",
    "haus",
    "herr",
)


# ---------------------------------------------------------------- Chinese and Japanese romanisations
_PINYIN_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z",
                    "c", "s", "y", "w", "")  # fmt: skip
_PINYIN_FINALS = frozenset(
    """a o e i u ai ei ao ou an en ang eng ong er ia ie iao iu ian in iang ing iong ua uo uai ui uan un uang ueng
    ue""".split()
)
_PINYIN_SYLLABLES = frozenset(i + f for i in _PINYIN_INITIALS for f in _PINYIN_FINALS)
# Spellings only pinyin has: a syllable that marks the word as Chinese once the word splits into syllables.
_PINYIN_MARK = re.compile(r"zh|x[iu]|q[iu]|(?:^|[aeiou])c[aeiou]|ang|eng|ong|ao|ou|uo|ui|ie|iu")

_HEPBURN = frozenset(
    """a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu
    yo ra ri ru re ro wa wo ga gi gu ge go za ji zu ze zo da de do ba bi bu be bo pa pi pu pe po n kya kyu kyo sha
    shu sho cha chu cho nya nyu nyo hya hyu hyo mya myu myo rya ryu ryo gya gyu gyo ja ju jo bya byu byo pya pyu
    pyo""".split()
)
_HEPBURN_MARK = re.compile(r"shi|chi|tsu|fu|ji|[kr]y[ou]")


def _segments(w: str, syllables: frozenset[str], longest: int) -> bool:
    """``w`` splits into a sequence of ``syllables`` (a small dynamic programme over the word)."""
    n = len(w)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for k in range(1, min(longest, n - i) + 1):
            if w[i : i + k] in syllables:
                ok[i + k] = True
    return ok[n]


def is_pinyin(word: str) -> bool:
    """A Chinese name in pinyin (Zhejiang, Shenzhen, Guangzhou): German keeps those spellings."""
    w = word.casefold()
    return bool(_PINYIN_MARK.search(w)) and _segments(w, _PINYIN_SYLLABLES, 6)


def is_hepburn(word: str) -> bool:
    """A Japanese name in Hepburn romanisation (Shinzo, Kishida, Fukushima): German keeps it."""
    w = word.casefold()
    doubled = re.sub(r"([kstp])\1", r"\1", w.replace("tch", "ch"))  # Hokkaido, Sapporo, Matcha
    return bool(_HEPBURN_MARK.search(doubled)) and _segments(doubled, _HEPBURN, 3)


# ---------------------------------------------------------------- the German form
def german_form(word: str) -> str | None:
    """The Duden-style German transcription of an English-romanised Slavic, Turkic, Caucasian or Persian name, or
    None when the letter rules change nothing (a name already in German form: Tokajew, Schawkat).

    The Duden table maps Cyrillic letters; the English spelling is read back to them: kh х → ch, zh ж → sch,
    sh ш → sch, shch щ → schtsch, ch ч → tsch, ts ц → z, z з → s, v в → w, j/dzh дж → dsch, y before a vowel
    (я ю е ё, also after ь) → j, y after a vowel (й) → j, e after a vowel (е) → je, s between vowels → ss, ks (кс)
    after e → x; endings -iy → -i, -sky/-skiy → -ski, and -ev after a sibilant (ё, which German writes o after
    ж ч ш щ: Gorbachev → Gorbatschow) → -ow. Case follows the input (TOROBAEV → TOROBAJEW).
    """
    if not word or not word[0].isalpha():
        return None
    w = _casefold_letters(word)
    result = _EXONYMS.get(w)
    if result is None:
        result = _transcribe(w, slavic=bool(_SLAVIC_END.fullmatch(_GENITIVE.sub("", w))))
    result = _restore_case(result, word)
    return None if result == word else result


# Spellings only the German transcription has: in such a name "ch" is already х (Kobachidse, Tschimajew).
_GERMAN_MARK = re.compile(r"sch|w|dse$|[oe]wa?s?$")


def _transcribe(w: str, yo_after_sibilant: bool = True, slavic: bool = True) -> str:
    """The letter rules of german_form on a casefolded word; ``yo_after_sibilant``: read -ev after zh/ch/sh as ё;
    ``slavic``: a Russian-style surname, whose s between vowels is с, which German doubles (Persian and Arabic
    names keep a single s: Khorasan -> Chorasan)."""
    w = _transcribe_ending(w, yo_after_sibilant)
    german_marked = bool(_GERMAN_MARK.search(w))
    out: list[str] = []
    i, n = 0, len(w)
    while i < n:
        c = w[i]
        if c not in _RULE_LETTERS:  # most letters are written as they are
            out.append(c)
            i += 1
            continue
        german, width = _german_letters(w, i, german_marked, slavic)
        out.append(german)
        i += width
    if w.endswith(("skyy", "skyi")):
        out.append("j")  # Zelenskyy -> Selenskyj (Ukrainian -ський)
    return "".join(out)


def _transcribe_ending(w: str, yo_after_sibilant: bool) -> str:
    """The endings German writes otherwise before the letters are read: -skiy/-sky → -ski, -iy → -i, and (when
    ``yo_after_sibilant``) -ev after a sibilant → -ov."""
    w = re.sub(r"(?<=sk)(?:iy|iye|yi)$", "i", w)  # Dostoyevskiy -> Dostojewski
    w = re.sub(r"(?<=sk)y$", "i", w)  # Dostoevsky -> Dostojewski
    w = re.sub(r"(?<=[^aeiouy])iy$", "i", w)  # Dmitriy -> Dmitri
    if yo_after_sibilant:
        w = re.sub(r"(?<=zh|ch|sh)ev(?=a?s?$)", "ov", w)  # Gorbachev -> Gorbatschow (ё after a sibilant)
    return w


# The first letters of every spelling _german_letters changes; the others stand for themselves.
_RULE_LETTERS = frozenset("cdejkqstvyz'")
# Letter groups German writes the same wherever they stand, by first letter, the longest first: щ, ж ш, х, дж, ч;
# "tsch" and "sch" are German already.
_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "s": (("shch", "schtsch"), ("sch", "sch"), ("sh", "sch")),
    "t": (("tsch", "tsch"), ("tch", "tsch")),
    "d": (("dzh", "dsch"), ("dj", "dsch")),
    "z": (("zh", "sch"),),
    "k": (("kh", "ch"),),
}


def _german_letters(w: str, i: int, german_marked: bool, slavic: bool) -> tuple[str, int]:
    """The German spelling of the letters at ``w[i]`` (one of _RULE_LETTERS) and how many letters it replaces: a
    fixed group (_GROUPS), else the letter read with its neighbours."""
    for spelling, german in _GROUPS.get(w[i], ()):
        if w.startswith(spelling, i):
            return german, len(spelling)
    return _letter_in_context(w, i, german_marked, slavic)


# Single letters German writes otherwise wherever they stand: з → s, в → w, ь not written.
_SINGLE = {"z": "s", "v": "w", "'": ""}


def _letter_in_context(w: str, i: int, german_marked: bool, slavic: bool) -> tuple[str, int]:
    """The spellings whose German form depends on the letters around them (see german_form)."""
    c = w[i]
    prev = w[i - 1] if i else ""
    nxt = w[i + 1] if i + 1 < len(w) else ""
    if c in "ctk":
        pair = _pair_in_context(w, i, prev, nxt, german_marked)
        if pair is not None:
            return pair, 2
    elif c in "jy":
        return _semivowel(c, prev, nxt), 1
    elif c == "e" and prev in VOWELS:
        return "je", 1  # е after a vowel: Torobaev -> Torobajew
    elif c == "s" and slavic and prev in _VOWELS_Y and nxt in _VOWELS_Y and i > 0:
        return "ss", 1  # с between vowels: Musabekov -> Mussabekow, Kasym -> Kassym
    elif c == "q" and nxt != "u":
        return "k", 1
    return _SINGLE.get(c, c), 1


def _pair_in_context(w: str, i: int, prev: str, nxt: str, german_marked: bool) -> str | None:
    """ch, ts and ks at ``w[i]``, which German writes by their neighbours; None for another pair."""
    c = w[i]
    if c == "c" and nxt == "h":
        return "ch" if german_marked else "tsch"  # a German-form name keeps its ch (Kobachidse)
    if c == "t" and nxt == "s":
        return "ts" if w.startswith("utsk", i - 1) else "z"  # Irkutsk (т+с) but Donetsk -> Donezk
    if c == "k" and nxt == "s" and (prev == "e" or i + 2 == len(w)):
        return "x"  # Aleksandr -> Alexandr, Feliks -> Felix
    return None


def _semivowel(c: str, prev: str, nxt: str) -> str:
    """j and y by their neighbours."""
    if c == "j":
        # дж (Japarov, Ganjavi, Tajik); after a vowel before e/o/u or a consonant it is a German j (Tokajew)
        german_j = prev in VOWELS and (nxt in "eou" or nxt not in _VOWELS_Y)
        return "j" if german_j else "dsch"
    if nxt in VOWELS:
        return "j"  # я ю е ё, initially, after a vowel or after ь
    if prev == "i" or prev == "y":
        return ""  # -ий, -ый: the й is not written
    return "j" if prev in VOWELS else "y"  # й: Bayramov -> Bajramow, Sergey -> Sergej; else ы


def _restore_case(form: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


# Spellings English romanisation of Russian and Central-Asian names never has, but English words (Wiltshire,
# Grealish, Shapps), Indian names (Bhisham, Mukherjee, Maharashtra, Ramesh), Arabic ones with doubled vowels
# (Shuhadaa) and Czech or Polish ones with a plain c (Krejcikova) do: with only weak evidence (sh, kh, an initial Y,
# -ova) such a word is not taken for a Russian-style romanisation.
_FOREIGN = re.compile(
    r"[bdjpt]h|aa|ee|oo|uu|ck|wh|ght|shire$|ish$|esh$|shr|shw|jee$|c(?!h)|"
    r"([bcdfgkprtz])\1"
)


# ---------------------------------------------------------------- the verdict per word
class Verdict(NamedTuple):
    evidence: Evidence
    german: str
    alternatives: tuple[str, ...]


# What every feature of romanized_evidence needs somewhere in the casefolded word: a y (-iy, -yan, -skiy, -skaya,
# y before a vowel), -ov/-ev (and -ovsk, yev), zh (dzh), kh, dze, shvili, an sh outside "sch", a ch after a
# consonant. Most capitalised words of German copy have none, and are settled by this one search.
_ANY_FEATURE = re.compile(r"y|[oe]v|zh|kh|dze|shvili|(?<![sc])sh|[bdgkmpvzh]ch")


def judge(word: str, min_evidence: int = 2) -> Verdict | None:
    """The verdict on one capitalised word (as written): None when it should stay silent.

    Silent: spellings German text itself uses (Zipf >= 2.5 in the German list: Khan, Shanghai, Sheikh, Zverev; an
    exonym such as Kiev still counts), the ESTABLISHED spellings, Chinese and Japanese romanisations, and, unless a
    strong feature (a Slavic or Georgian ending, zh) speaks for a transliteration, common English words (Kashmir)
    and words with spellings foreign to Russian-style romanisation (_FOREIGN).
    """
    if len(word) < 4:
        return None
    w = _casefold_letters(word)
    if min_evidence > 0 and not _ANY_FEATURE.search(w):
        return None  # no feature: evidence 0
    base = _GENITIVE.sub("", w)
    if w in ESTABLISHED or base in ESTABLISHED:
        return None
    ev = romanized_evidence(word)
    if ev.score < min_evidence:
        return None
    if w not in _EXONYMS and max(wordlists.zipf_de(w), wordlists.zipf_de(base)) >= 2.5:
        return None  # a spelling German text itself uses: Khan, Shanghai, Sheikh, and the tennis player Zverev
    strong = sum(FEATURES[f][0] for f in ev.features if f in STRONG)
    if strong < 3 and (wordlists.zipf_en_only(w) > 0 or wordlists.zipf_en_only(base) > 0 or _FOREIGN.search(base)):
        return None
    if ENDINGS.isdisjoint(ev.features) and (is_pinyin(w) or is_hepburn(w)):
        return None
    german = german_form(word)
    if german is None:
        return None
    alternatives: tuple[str, ...] = ()
    if re.search(r"(?:zh|ch|sh)ev(?:a?s?)$", base):  # Bulgarian -ев stays -ew after a sibilant
        alternatives = (_restore_case(_transcribe(w, yo_after_sibilant=False), word),)  # Bulgarian: -ew
    return Verdict(ev, german, alternatives)


_VERDICTS: dict[int, WordCache] = {}


def _verdicts(min_evidence: int) -> WordCache:
    """``judge`` at one evidence threshold, kept per word for the whole process (news copy repeats its names
    from file to file; the verdict depends on the word alone)."""
    cache = _VERDICTS.get(min_evidence)
    if cache is None:
        cache = _VERDICTS[min_evidence] = WordCache(partial(judge, min_evidence=min_evidence))
    return cache


def words_to_locate(params: Mapping[str, Any], rare: Iterable[str]) -> list[str]:
    """The name candidates (``rare``, as the name index holds them) that a romanization rule with ``params`` will
    flag, before its allow list and the spellings other rules own are taken out: for the name index to locate in
    its one pass with the other name rules' words (``ctx.name_index``), so that this rule needs no pass of its
    own. A superset is harmless there (a prefetch); the rule itself locates any word still missing."""
    verdicts = _verdicts(int(params.get("min_evidence", 2)))
    return [w for w in rare if verdicts[w] is not None]


def names_to_locate(params: Mapping[str, Any], index: NameIndex) -> list[str]:
    """``words_to_locate`` for the name index's prefetch (``checks.NAME_INDEX_WORDS``)."""
    return words_to_locate(params, index.rare)


# ---------------------------------------------------------------- the rule kind
# Weak evidence (a lone sh, kh, an initial Ye) is believable in copy about the former Soviet Union, the Caucasus,
# Iran and Afghanistan, whose names reach German through Russian or English; elsewhere it is mostly an Indian,
# Arabic or English name that German keeps (Ramesh, Fakhfakh, Sherloc). The copy shows its region by a name with
# strong evidence, a name of the transliteration map, or one of these words (German forms, so case-sensitive).
_REGION_STEMS = (
    "Kasach Usbek Kirgis Kirgist Tadschik Turkmen Aserbaidsch Georgi Armeni Russ Ukrain Belarus Moskau Kreml Sowjet "
    "Iran Afghan Tschetsch Dagestan Baku Eriwan Jerewan Tiflis Astana Almaty Bischkek Taschkent Duschanbe Aschgabat "
    "Samarkand Buchara Kaukas Zentralasi Pamir Kaspi Tatar Baschkir Sibiri Wolga Ural Kiew Charkiw Minsk Chisinau "
    "Moldau"
).split()


def _word_start_pattern(stems: Iterable[str]) -> re.Pattern[str]:
    """A pattern for ``stems`` (letters) at the start of a word, i.e. not after a letter. The start-of-word test
    sits after each stem's first letter, so the regex engine scans for the set of first letters instead of
    testing every position (as nameindex._trie_pattern does)."""
    by_first: dict[str, list[str]] = {}
    for stem in stems:
        by_first.setdefault(stem[0], []).append(re.escape(stem[1:]))
    return re.compile(
        "|".join(re.escape(c) + r"(?<![^\W\d_].)(?:" + "|".join(rest) + ")" for c, rest in by_first.items())
    )


_REGION = _word_start_pattern(_REGION_STEMS)
_URLISH = re.compile(r"://|www\.|@|\.[a-z]{2,4}(?:/|$)")


class RomanizationCheck(Check):
    """Capitalised words spelled in English romanisation (Torobaev, Kobakhidze, Garibashvili): suggests the
    German form. Every occurrence of a flagged spelling is reported; at the rule's severity when the evidence
    reaches ``warn_evidence``, at info when it only reaches ``min_evidence`` (a lone "sh" or initial "Y")."""

    PARAMS = {"min_evidence": int, "warn_evidence": int, "allow": list, "weak_needs_region": bool}

    @classmethod
    def validate(cls, spec) -> None:
        lo = spec.params.get("min_evidence", 2)
        hi = spec.params.get("warn_evidence", 3)
        if not isinstance(lo, int) or not isinstance(hi, int) or lo < 1 or hi < lo:
            raise ValueError("'min_evidence' and 'warn_evidence' must be integers with 1 <= min <= warn")
        allow = spec.params.get("allow", [])
        if not isinstance(allow, list) or not all(isinstance(a, str) for a in allow):
            raise ValueError("'allow' must be a list of spellings")

    def __init__(self, spec, config) -> None:
        super().__init__(spec, config)
        self.min_evidence = int(spec.params.get("min_evidence", 2))
        self.warn_evidence = int(spec.params.get("warn_evidence", 3))
        self.allow = frozenset(a.casefold() for a in spec.params.get("allow", []))
        self.weak_needs_region = bool(spec.params.get("weak_needs_region", True))
        self._covered_words: frozenset[str] | None = None

    def _covered(self, ctx: Context) -> frozenset[str]:
        """Casefolded spellings other rules own: the transliteration maps (both sides, with a genitive s) and the
        glossary. Depends on the configuration only, so it is built once per rule instance."""
        if self._covered_words is None:
            tmap = ctx.run.transliteration_map
            words = {k.casefold() for k in tmap} | {v.casefold() for v in tmap.values()}
            self._covered_words = frozenset(words | {k + "s" for k in words} | set(ctx.run.glossary_tokens))
        return self._covered_words

    def _region(self, doc: Document, ctx: Context, flagged: dict[str, Verdict], types: dict[str, None]) -> bool:
        """The copy is about the region whose names come through Russian or English romanisation (see _REGION)."""
        if any(v.evidence.score >= self.warn_evidence for v in flagged.values()):
            return True
        tmap = ctx.run.transliteration_map
        if any(k in types for k in tmap) or any(v in types for v in tmap.values()):
            return True
        # A region word lies inside one whitespace token: the text's distinct tokens (``ctx.vocabulary``, built
        # for a long text anyway) hold one exactly when the text does, in a tenth of the length.
        hay = ctx.vocabulary if len(doc.text) >= _DEDUPLICATE_FROM else doc.text
        return _REGION.search(hay) is not None

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        index = ctx.name_index
        rare = index.rare
        found = list(map(_verdicts(self.min_evidence).__getitem__, rare))  # each word judged once per process
        flagged = {w: v for w, v in zip(rare, found) if v is not None}
        if not flagged:
            return []
        covered = self._covered(ctx)
        for w in list(flagged):
            folded = w.casefold()
            if folded in covered or folded in self.allow or _GENITIVE.sub("", folded) in self.allow:
                del flagged[w]
        if not flagged:
            return []
        weak = [w for w, v in flagged.items() if v.evidence.score < self.warn_evidence]
        if weak and self.weak_needs_region and not self._region(doc, ctx, flagged, index.types):
            for w in weak:
                del flagged[w]
            if not flagged:
                return []
        located = _located(doc, ctx, flagged)
        out = []
        text = doc.text
        for w, verdict in flagged.items():
            ev = verdict.evidence
            why = "; ".join(FEATURES[f][1] for f in ev.features)
            level = self.spec.severity if ev.score >= self.warn_evidence else Severity.INFO
            suggestions = [verdict.german, *verdict.alternatives]
            for s in index.starts.get(w, located[w]):
                if _in_url(text, s) or _in_english_quote(doc, ctx, s):
                    continue
                f = self.finding(
                    doc,
                    s,
                    s + len(w),
                    suggestions=suggestions,
                    fix=verdict.german,
                    safe=False,
                    severity=level,
                    why=why,
                    german=verdict.german,
                )
                f.extra["evidence"] = ev.score
                out.append(f)
        out.sort(key=lambda f: f.start)
        return out


def _in_url(text: str, pos: int) -> bool:
    """The word at ``pos`` is part of a web or mail address (plain text keeps them; Markdown blanks them)."""
    a = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
    b = len(text)
    for sep in (" ", "\n"):
        j = text.find(sep, pos)
        if 0 <= j < b:
            b = j
    return bool(_URLISH.search(text, a, b))


def _in_english_quote(doc: Document, ctx: Context, pos: int) -> bool:
    """Inside a „…“ quotation that is English (a title: „The Road to Shymkent“): the spelling is the title's.

    The quotations are those of ``Document.quote_spans``, found in the line of ``pos`` alone: none crosses a line
    break, so a pass over the line finds the same ones as the pass over the text, without building the text's
    list for a few flagged words."""
    text = doc.text
    start = text.rfind("\n", 0, pos) + 1
    if text.find("„", start, pos) < 0 and text.find("»", start, pos) < 0:
        return False  # no quotation opens before it on its line
    end = text.find("\n", pos)
    span = None
    for m in _QUOTATION.finditer(text, start, len(text) if end < 0 else end):
        if m.start() <= pos < m.end():
            span = m.span()
            break
    if span is None:
        return False
    cache = ctx.english_quotes
    hit = cache.get(span)
    if hit is None:
        words = re.findall(r"[^\W\d_]+", text[span[0] : span[1]].casefold())
        en = sum(x in EN_FUNCTION for x in words)
        de = sum(x in DE_FUNCTION for x in words)
        hit = cache[span] = en >= 1 and en > de
    return hit
