"""Source-aware rules: compare the German target with its English source, sentence by sentence.

All rules share one alignment (:mod:`tqcheck.align`, kept as ``ctx.alignment``) and report positions in
both files: the finding's own span is in the target, ``finding.extra["source"]`` holds the source span
(file, line, column, end_line, end_column, text) and the message quotes the source text, so an editor sees
what the translation should have said without opening the source.

Numbers are compared by *value*, not by spelling, because every correct conversion changes the spelling
(5,000 → 5.000; 2.5 → 2,5; $46 billion → 46 Milliarden US-Dollar; April 16 → 16. April) but none changes
the value. A value that matches only after swapping billion and Billion is the 1,000× trap and gets its own
rule (mode ``magnitude``). Number words (one … twelve, dozen, twenty …) are optional on both sides: a
translation may spell them out or write digits, and "one" is as often a pronoun as a number.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rapidfuzz.distance import Levenshtein

from .. import wordlists
from ..align import Alignment, text_length
from ..document import Document
from ..model import Finding, Severity
from .base import Check, Context
from .names import glossary_tokens, transliteration_map

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

_EN_MAG = {
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "lakh": Decimal(10) ** 5,  # Indian English: 14 lakh = 1.400.000
    "lakhs": Decimal(10) ** 5,
    "crore": Decimal(10) ** 7,
    "crores": Decimal(10) ** 7,
}
_DE_MAG = {
    "tausend": Decimal(10) ** 3,
    "tsd": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "millionen": Decimal(10) ** 6,
    "mio": Decimal(10) ** 6,
    "milliarde": Decimal(10) ** 9,
    "milliarden": Decimal(10) ** 9,
    "mrd": Decimal(10) ** 9,
    "billion": Decimal(10) ** 12,
    "billionen": Decimal(10) ** 12,
    "bio": Decimal(10) ** 12,
}
_EN_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "half": Decimal("0.5"), "twice": 2, "once": 1,
}  # fmt: skip
_DE_WORDS = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "eins": 1, "zwei": 2, "drei": 3,
    "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "dutzend": 12, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
    "achtzig": 80, "neunzig": 90, "hundert": 100, "halb": Decimal("0.5"), "halbe": Decimal("0.5"),
    "hälfte": Decimal("0.5"), "zweimal": 2, "doppelt": 2,
}  # fmt: skip
# Ordinals and decades: "zwölfte", "dritten", "sechziger" (Jahre).
_DE_ORDINALS = {
    "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7, "acht": 8, "neunt": 9,
    "zehnt": 10, "elft": 11, "zwölft": 12, "zwanzigst": 20, "dreißigst": 30, "hundertst": 100,
    "zwanziger": 20, "dreißiger": 30, "vierziger": 40, "fünfziger": 50, "sechziger": 60, "siebziger": 70,
    "achtziger": 80, "neunziger": 90,
}  # fmt: skip

_EN_TIME = re.compile(
    r"(?<![\w.,:])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<ampm>[ap]\.?m\.?)(?![^\W\d_])|"
    r"(?<![\w.,:])(?P<h2>\d{1,2}):(?P<m2>\d{2})(?![\d:])",
    re.I,
)
_EN_NUM = re.compile(
    r"(?P<cur>US\$|\$|€|£|A\$|C\$|Rs\.?\s?)?"
    r"(?P<num>(?<![\w.,])\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])|(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|"
    r"(?<![\w.,])\d+(?:\.\d+)?(?![\d]))"
    r"(?P<suffix>st|nd|rd|th|['’]?s)?"
    r"(?:[\s-]?(?P<mag>thousand|million|billion|trillion|bn|mn|tn|m|k|lakhs?|crores?)(?![^\W\d_]))?",
    re.I,
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_EN_COMPOUND = re.compile(rf"(?<![\w-])({_TENS})[-\s](one|two|three|four|five|six|seven|eight|nine)(?![\w-])", re.I)
_EN_MILITARY_TIME = re.compile(r"(?<![\w.,:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s?(?:GMT|UTC|hours|hrs|local time)\b")
_DE_SLASH = re.compile(r"(?<![\w.,/])(?P<a>\d{1,2})\s?/\s?(?P<b>\d{1,2})(?![\w/])")
_EN_ISO_DATE = re.compile(
    r"(?<![\w.,/-])(?P<y>(?:19|20)\d{2})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:[T ](?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?)?(?![\w-])"
)
_EN_US_DATE = re.compile(r"(?<![\w/.,])(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2,4}))?(?![\w/])")
# Numbers a good translation converts or drops: imperial units (161-foot → 49 Meter), Fahrenheit, decades
# ('60s → sechziger Jahre), model and disease names (COVID-19 → Corona), idioms (Catch-22).
_EN_OPTIONAL_AFTER = re.compile(
    r"[\s-]?(?:feet|foot|ft|miles?|mph|inch(?:es)?|yards?|acres?|pounds?\b(?!\s*sterling)|lbs?|ounces?|oz|gallons?|"
    r"degrees?\s*(?:F|Fahrenheit)?|°\s?F)(?![^\W\d_])",
    re.I,
)
_OPTIONAL_BEFORE = re.compile(r"(?:[^\W\d_]-|['’]|Catch[\s-])$")
_RANGE_JOIN_EN = re.compile(r"\s*(?:-|–|to|and|or)\s*", re.I)
_RANGE_JOIN_DE = re.compile(r"\s*(?:-|–|bis|und|oder)\s*")
_EN_WORD_NUM = re.compile(
    r"(?<![\w-])(?P<w>" + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r")(?![\w-])"
    r"(?:\s(?P<mag>thousand|million|billion|trillion|lakh|crore)(?![^\W\d_]))?",
    re.I,
)
_DE_TIME = re.compile(
    r"(?<![\w.,:])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s?Uhr\b|(?<![\w.,:])(?P<h2>\d{1,2}):(?P<m2>\d{2})(?![\d:])"
)
_DE_DATE = re.compile(r"(?<![\w.,])(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{2,4})?")
_DE_NUM = re.compile(
    r"(?P<num>(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.]\d)|(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,])|"
    r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\d]))"
    r"(?:[\s\u00a0-]?(?P<mag>Tausend|Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?|Billionen|Billion|Bio\.?|"
    r"Tsd\.?)(?![^\W\d_]))?"
)
_DE_WORD_NUM = re.compile(
    r"(?<![\w-])(?P<w>" + "|".join(sorted(_DE_WORDS, key=len, reverse=True)) + r"|"
    r"(?P<o>" + "|".join(sorted(_DE_ORDINALS, key=len, reverse=True)) + r")(?:e[nmrs]?|n)?)(?![\w-])"
    r"(?:\s(?P<mag>Tausend|Millionen|Million|Mio\.|Milliarden|Milliarde|Mrd\.|Billionen|Billion|Bio\.)(?![^\W\d_]))?",
    re.I,
)


@dataclass
class Num:
    """One number as written, with every value a reader may take it for."""

    start: int
    end: int
    text: str
    values: frozenset  # Decimal values, or "t0830"-style strings for clock times
    mantissa: Decimal | None = None
    magnitude: Decimal = Decimal(1)
    word: bool = False  # spelled out: optional, never reported as missing or extra
    matched: bool = False
    partner: Num | None = field(default=None, repr=False)


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _times(h: str, m: str | None, ampm: str | None) -> frozenset:
    hh, mm = int(h), int(m or 0)
    hours = {hh}
    if ampm is None or ampm.lower().startswith("p"):
        hours.add((hh % 12) + 12)
    if ampm is None or ampm.lower().startswith("a"):
        hours.add(hh % 12)
    return frozenset(f"t{x % 24:02d}{mm:02d}" for x in hours)


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


def _join_ranges(text: str, nums: list[Num], joiner: re.Pattern) -> None:
    """ "between 3 and 8 million", "3 bis 8 Millionen": the first number shares the second's magnitude."""
    for a, b in zip(nums, nums[1:]):
        if a.mantissa is None or a.magnitude != 1 or b.magnitude == 1 or a.word:
            continue
        if joiner.fullmatch(text[a.end : b.start]):
            a.values = a.values | {a.mantissa * b.magnitude}


def _optional_before(text: str, start: int) -> bool:
    return bool(_OPTIONAL_BEFORE.search(text[max(0, start - 8) : start]))


def english_numbers(text: str, start: int = 0, end: int | None = None) -> list[Num]:
    """Numbers in English text: digits (5,000; 2.5; 21st), magnitudes, clock times, dates, number words."""
    end = len(text) if end is None else end
    out: list[Num] = []
    taken: list[tuple[int, int]] = []
    for m in _EN_ISO_DATE.finditer(text, start, end):
        # 2025-04-28 (01:29): a page or wire stamp, which a translation drops or rewrites as "28. April 2025".
        # Its parts are optional, so a dropped stamp is not three missing numbers; a rendered one consumes the
        # German day and year, and the date check compares its month.
        for g in ("y", "mo", "d"):
            out.append(Num(m.start(g), m.end(g), m.group(g), frozenset({Decimal(m.group(g))}), word=True))
        if m.group("h"):
            out.append(
                Num(
                    m.start("h"),
                    m.end(),
                    text[m.start("h") : m.end()],
                    _times(m.group("h"), m.group("mi"), None),
                    word=True,
                )
            )
        taken.append((m.start(), m.end()))
    for m in _EN_TIME.finditer(text, start, end):
        h, mi, ampm = (
            (m.group("h"), m.group("m"), m.group("ampm")) if m.group("h") else (m.group("h2"), m.group("m2"), None)
        )
        if int(h) > 24 or int(mi or 0) > 59 or _overlaps(taken, m.start(), m.end()):
            continue
        out.append(Num(m.start(), m.end(), m.group(), _times(h, mi, ampm)))
        taken.append((m.start(), m.end()))
    for m in _EN_MILITARY_TIME.finditer(text, start, end):
        out.append(
            Num(
                m.start(),
                m.end(),
                m.group(),
                _times(m.group("h"), m.group("m"), "am" if int(m.group("h")) < 12 else "pm"),
                word=True,  # "0200GMT" is rendered many ways (02.00 Uhr GMT, 4 Uhr MESZ): optional
            )
        )
        taken.append((m.start(), m.end()))
    for m in _EN_US_DATE.finditer(text, start, end):  # 9/11, 7/4/2020: optional, often rendered as words
        if _overlaps(taken, m.start(), m.end()):
            continue
        vals = {Decimal(m.group("d")), Decimal(m.group("mo"))}
        out.append(Num(m.start(), m.end(), m.group(), frozenset(vals), word=True))
        taken.append((m.start(), m.end()))
    for m in _EN_NUM.finditer(text, start, end):
        if _overlaps(taken, m.start("num"), m.end("num")):
            continue
        base = _dec(m.group("num").replace(",", ""))
        if base is None:
            continue
        mag_word = (m.group("mag") or "").lower()
        values = {base}
        magnitude = Decimal(1)
        if mag_word:
            mag = _EN_MAG[mag_word]
            if mag_word in ("m", "k") and not m.group("cur"):  # "100m" may be metres
                values.add(base * mag)
                mag_word = ""
            else:
                magnitude = mag
                values = {base * mag}
        s = m.start("cur") if m.group("cur") else m.start("num")
        e = m.end() if mag_word else m.end("num")
        optional = (
            (m.group("suffix") or "").lower().lstrip("'’") == "s"  # decades: 1960s, '60s
            or bool(_EN_OPTIONAL_AFTER.match(text, m.end("num")))
            or _optional_before(text, m.start("num"))
        )
        if (m.group("suffix") or "").lower().lstrip("'’") == "s" and len(m.group("num")) == 4:
            values.add(base % 100)  # 1960s → 60er Jahre
        out.append(Num(s, e, text[s:e], frozenset(values), base, magnitude, word=optional))
        taken.append((s, e))
    for m in _EN_COMPOUND.finditer(text, start, end):  # thirty-one
        if _overlaps(taken, m.start(), m.end()):
            continue
        val = Decimal(_EN_WORDS[m.group(1).lower()] + _EN_WORDS[m.group(2).lower()])
        out.append(Num(m.start(), m.end(), m.group(), frozenset({val}), val, word=True))
        taken.append((m.start(), m.end()))
    for m in _EN_WORD_NUM.finditer(text, start, end):
        if _overlaps(taken, m.start(), m.end()):
            continue
        w = m.group("w").lower()
        mag_word = (m.group("mag") or "").lower()
        if w in ("a", "an") and not mag_word:
            continue
        base = Decimal(_EN_WORDS[w])
        mag = _EN_MAG.get(mag_word, Decimal(1))
        out.append(Num(m.start(), m.end(), m.group(), frozenset({base * mag}), base, mag, word=not mag_word))
    out.sort(key=lambda n: n.start)
    _join_ranges(text, out, _RANGE_JOIN_EN)
    return out


def german_numbers(text: str, start: int = 0, end: int | None = None) -> list[Num]:
    """Numbers in German text; English-formatted leftovers ("5,000", "2.5") are read both ways."""
    end = len(text) if end is None else end
    out: list[Num] = []
    taken: list[tuple[int, int]] = []
    for m in _DE_TIME.finditer(text, start, end):
        h, mi = (m.group("h"), m.group("m")) if m.group("h") else (m.group("h2"), m.group("m2"))
        if int(h) > 24 or int(mi or 0) > 59:
            continue
        hh = int(h)
        vals = {f"t{hh % 24:02d}{int(mi or 0):02d}"}
        out.append(Num(m.start(), m.end(), m.group(), frozenset(vals)))
        taken.append((m.start(), m.end()))
    for m in _DE_SLASH.finditer(text, start, end):  # "9/11" kept, "2019/20" seasons
        if _overlaps(taken, m.start(), m.end()):
            continue
        out.append(Num(m.start(), m.end(), m.group(), frozenset({Decimal(m.group("a")), Decimal(m.group("b"))})))
        taken.append((m.start(), m.end()))
    for m in _DE_DATE.finditer(text, start, end):
        if _overlaps(taken, m.start(), m.end()):
            continue
        vals: set = {Decimal(m.group("d"))}
        out.append(Num(m.start(), m.start("d") + len(m.group("d")), m.group("d"), frozenset(vals)))
        if m.group("y"):
            y = m.group("y")
            out.append(Num(m.start("y"), m.end("y"), y, frozenset({Decimal(y)})))
        taken.append((m.start(), m.end()))
    for m in _DE_NUM.finditer(text, start, end):
        if _overlaps(taken, m.start(), m.end("num")):
            continue
        raw = m.group("num")
        values: set = set()
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
            values.add(_dec(raw.replace(".", "").replace(",", ".")))
        elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):  # English thousands left in: 5,000
            values.add(_dec(raw.replace(",", "")))
            values.add(_dec(raw.replace(",", ".")))
        elif "," in raw:
            values.add(_dec(raw.replace(",", ".")))
        elif "." in raw:  # English decimal point left in: 2.5
            values.add(_dec(raw))
        else:
            values.add(_dec(raw))
        values.discard(None)
        if not values:
            continue
        base = min(values)
        mag_word = (m.group("mag") or "").lower().rstrip(".")
        magnitude = _DE_MAG.get(mag_word, Decimal(1))
        if mag_word:
            values = {v * magnitude for v in values}
        optional = _optional_before(text, m.start())  # Covid-19, G-7
        out.append(Num(m.start(), m.end(), m.group(), frozenset(values), base, magnitude, word=optional))
        taken.append((m.start(), m.end()))
    for m in _DE_WORD_NUM.finditer(text, start, end):
        if _overlaps(taken, m.start(), m.end()):
            continue
        w = m.group("w").lower()
        base = Decimal(_DE_ORDINALS[m.group("o").lower()] if m.group("o") else _DE_WORDS[w])
        mag = _DE_MAG.get((m.group("mag") or "").lower().rstrip("."), Decimal(1))
        out.append(Num(m.start(), m.end(), m.group(), frozenset({base * mag}), base, mag, word=True))
    out.sort(key=lambda n: n.start)
    _join_ranges(text, out, _RANGE_JOIN_DE)
    return out


# ---------------------------------------------------------------------------------------------- dates

# Month names, written with a capital (the lower-case "may" and "march" are verbs). A date's day number already
# reaches the number check ("January 4" → 4), so a wrong month ("4. Dezember") passes it: the date check compares
# (day, month) and (month, year) across the pair.
_EN_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7, "August": 8,
    "September": 9, "October": 10, "November": 11, "December": 12, "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4,
    "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_DE_MONTHS = {
    "Januar": 1, "Jänner": 1, "Februar": 2, "Feber": 2, "März": 3, "April": 4, "Mai": 5, "Juni": 6, "Juli": 7,
    "August": 8, "September": 9, "Oktober": 10, "November": 11, "Dezember": 12, "Jan": 1, "Feb": 2, "Mär": 3,
    "Mrz": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Okt": 10, "Nov": 11, "Dez": 12,
}  # fmt: skip

_MONTH_ABBREVIATIONS = frozenset(
    k for k in (*_EN_MONTHS, *_DE_MONTHS) if len(k) <= 4 and k not in ("May", "June", "July", "Mai", "Juni", "Juli")
)


def _alts(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_EN_MON = rf"(?P<mon>{_alts(_EN_MONTHS)})(?![^\W\d_])\.?"
_EN_DATE_MD = re.compile(
    rf"(?<![\w-]){_EN_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\w,.]\d|\d)(?:,?\s+(?P<y>\d{{4}})(?!\d))?"
)
_EN_DATE_DM = re.compile(
    rf"(?<![\w.,])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MON}(?:,?\s+(?P<y>\d{{4}})(?!\d))?"
)
_EN_DATE_MY = re.compile(rf"(?<![\w-]){_EN_MON},?\s+(?P<y>(?:1[89]|20)\d{{2}})(?!\d)")
_DE_MON = rf"(?P<mon>{_alts(_DE_MONTHS)})(?![^\W\d_])\.?"
_DE_DATE_DM = re.compile(rf"(?<![\w.,])(?P<d>\d{{1,2}})\.?\s*{_DE_MON}(?:\s+(?P<y>\d{{4}})(?!\d))?")
_DE_DATE_MY = re.compile(rf"(?<![\w.-]){_DE_MON}\s+(?P<y>(?:1[89]|20)\d{{2}})(?!\d)")


@dataclass
class DateRef:
    """A date as written: day (None for "January 2024"), month, year (None when not written)."""

    start: int
    end: int
    text: str
    day: int | None
    month: int
    year: int | None


def _collect_dates(text: str, start: int, end: int, patterns, months: dict[str, int]) -> list[DateRef]:
    out: list[DateRef] = []
    taken: list[tuple[int, int]] = []
    for pat in patterns:
        for m in pat.finditer(text, start, end):
            if _overlaps(taken, m.start(), m.end()):
                continue
            gd = m.groupdict()
            if gd.get("mon") is not None:
                month = months[m.group("mon")]
            else:
                month = int(gd["mo"])
            day = int(gd["d"]) if gd.get("d") else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            year = int(gd["y"]) if gd.get("y") and len(gd["y"]) == 4 else None
            text_end = m.end()
            if gd.get("mon") is not None and m.group("mon") not in _MONTH_ABBREVIATIONS and text[text_end - 1] == ".":
                text_end -= 1  # "on 4 January." ends a sentence; "Sept." and "Jan." keep their stop
            while text_end > m.start() and text[text_end - 1] in " ,":
                text_end -= 1
            out.append(DateRef(m.start(), text_end, text[m.start() : text_end], day, month, year))
            taken.append((m.start(), m.end()))
    out.sort(key=lambda d: d.start)
    return out


def english_dates(text: str, start: int = 0, end: int | None = None) -> list[DateRef]:
    """Dates in English text: January 4 (2024), 4 January, 4th of January, January 2024, 2024-01-04."""
    end = len(text) if end is None else end
    return _collect_dates(text, start, end, (_EN_ISO_DATE, _EN_DATE_MD, _EN_DATE_DM, _EN_DATE_MY), _EN_MONTHS)


def german_dates(text: str, start: int = 0, end: int | None = None) -> list[DateRef]:
    """Dates in German text: 4. Januar (2024), 4 Januar (MT without the full stop), 4.1.2024, Januar 2024."""
    end = len(text) if end is None else end
    return _collect_dates(text, start, end, (_DE_DATE, _DE_DATE_DM, _DE_DATE_MY), _DE_MONTHS)


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
    for s, t in zip(srcs, tgts):
        _match(s, t)
        for side in (s, t):  # a value said twice need only be rendered once ("in 2018, according to its 2018 …")
            seen = set().union(*(n.values for n in side if n.matched)) if side else set()
            for n in side:
                if not n.matched and n.values & seen:
                    n.matched = True
    # A number moved across a sentence boundary the alignment drew differently: look one bead either side.
    for i, s in enumerate(srcs):
        rest = [n for n in s if not n.matched and not n.word]
        if rest:
            near = [n for k in (i - 1, i + 1) if 0 <= k < len(tgts) for n in tgts[k] if not n.matched and not n.word]
            _match(rest, near)
    issues: list[NumberIssue] = []
    for i, (s, t) in enumerate(zip(srcs, tgts)):
        s_left = [n for n in s if not n.matched and (not n.word or n.magnitude > 1)]
        t_left = [n for n in t if not n.matched]
        for a in s_left:  # same mantissa, different magnitude: billion → Billionen
            for b in t_left:
                if b.matched or a.mantissa is None or b.mantissa is None:
                    continue
                if a.mantissa == b.mantissa and a.magnitude != b.magnitude and max(a.magnitude, b.magnitude) >= 10**6:
                    a.matched = b.matched = True
                    issues.append(NumberIssue("magnitude", i, a, b))
                    break
        s_left = [n for n in s if not n.matched and not n.word]
        t_left = [n for n in t if not n.matched and not n.word]
        while s_left and t_left:
            a, b = s_left.pop(0), t_left.pop(0)
            issues.append(NumberIssue("changed", i, a, b))
        issues.extend(NumberIssue("missing", i, a, None) for a in s_left)
        # an unmatched optional source number (80 feet, 90 degrees) explains one extra target number (24 Meter)
        converted = sum(1 for n in s if not n.matched and n.word)
        issues.extend(NumberIssue("extra", i, None, b) for b in t_left[converted:])
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
    for k, v in transliteration_map(ctx).items():
        if k.casefold() == name.casefold():
            forms.append(v)
    basic, extended = _translit(name, _TRANSLIT_BASIC), _translit(name, _TRANSLIT_EXTENDED)
    for t in (basic, extended):
        forms.append(t[:1].upper() + t[1:])
    for g in glossary_tokens(ctx).values():
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

        def report(s: int, e: int, w: str, name: str, ns: int, ne: int, forms: list[str], sp: tuple[int, int]):
            reported.add((s, w))
            house = [f for f in forms[1:] if f != name]
            expected = " / ".join(dict.fromkeys([name] + house[:2]))
            f = self.finding(
                doc, s, e, suggestions=house[:1] or [name], src=name, expected=expected,
                src_sentence=_short(src.text[sp[0] : sp[1]]),
            )  # fmt: skip
            f.extra["source"] = source_extra(src, ns, ne)
            out.append(f)
            return f

        for i, bead in enumerate(al.beads):
            sp = al.src_span(bead)
            if not sp:
                continue
            names = source_names(src, *sp)
            if not names:
                continue
            near = [al.tgt_span(al.beads[k]) for k in (i - 1, i, i + 1) if 0 <= k < len(al.beads)]
            near_spans = [x for x in near if x]
            here = al.tgt_span(bead)
            tgt_words = [x for a, b in near_spans for x in _words_in(doc, a, b)]
            here_words = [(s, e, w) for s, e, w in tgt_words if here and here[0] <= s and e <= here[1]]
            src_words = _words_in(src, *sp)
            others: list[str] | None = None  # capitalised source words of the neighbourhood, built on demand
            for ns, ne, name in names:
                forms = accepted_spellings(name, ctx)
                if any(_is_form(w, forms) for _, _, w in tgt_words):
                    continue
                flagged = False
                for s, e, w in here_words:
                    if not w[0].isupper() or len(w) < 5 or (s, w) in reported:
                        continue
                    if w.casefold() in tgt_lower or wordlists.zipf_de(w) >= NAME_RARE_ZIPF:
                        continue
                    wc = fold(w)
                    close = False
                    for f in forms:
                        fc = fold(f)
                        if wc[0] != fc[0] or len(fc) < 5:
                            continue
                        sim = Levenshtein.normalized_similarity(wc, fc)
                        if sim < threshold:
                            # an inflected form of a near-miss: "Tokajevs"
                            for end in _GENITIVE:
                                if (
                                    wc.endswith(end)
                                    and Levenshtein.normalized_similarity(wc[: -len(end)], fc) >= threshold
                                ):
                                    sim = threshold
                                    break
                        if sim >= threshold:
                            close = True
                            break
                    if not close or _germanised(wc, name):
                        continue
                    report(s, e, w, name, ns, ne, forms, sp)
                    flagged = True
                if flagged or not here_words or name.casefold() in _EN_TITLES:
                    continue  # "Air Chief Marshal": a rank, not a name
                if others is None:
                    window = [al.src_span(al.beads[k]) for k in (i - 1, i, i + 1) if 0 <= k < len(al.beads)]
                    others = [w for x in window if x for _, _, w in _words_in(src, *x) if w[0].isupper()]
                for s, e, w in self._at_the_place(doc, src, src_words, here_words, ns, name, ctx):
                    if (s, w) in reported or w.casefold() in tgt_lower or wordlists.zipf_de(w) >= NAME_RARE_ZIPF:
                        continue
                    if _spells(w, name) or any(_spells(w, f) for f in forms):
                        continue  # a spelling of the name: the near-miss test above decides
                    if any(o != name and (_spells(w, o) or _is_form(w, accepted_spellings(o, ctx))) for o in others):
                        continue  # another name of the source (two people with one first name)
                    f = report(s, e, w, name, ns, ne, forms, sp)
                    f.extra["name_place"] = True

        return out

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
            if title is None:
                if not aw[0].isupper() or len(aw) < 3 or aw.casefold() in _EN_FUNCTION or aw.casefold() in _EN_TITLES:
                    continue
                if aw.isupper() and len(aw) <= 5:
                    continue  # initials and acronyms ("RKS Bhadauria") are no first names
                if fold(aw) == fold(name):
                    continue
                anchor_forms = accepted_spellings(aw, ctx)
            for j, (_, _, tw) in enumerate(here_words):
                if title is not None:
                    if not _is_title_for(tw, title):
                        continue
                elif fold(tw) != fold(aw) and not _is_form(tw, anchor_forms):
                    continue
                cand = _adjacent(doc.text, here_words, j, -step)
                if cand is None:
                    continue
                w = cand[2]
                if len(w) < 3 or not w[0].isupper() or (w.isupper() and len(w) <= 5):
                    continue
                if any(w.casefold().endswith(t) for ts in _EN_TITLES.values() for t in ts):
                    continue
                found.append(cand)
        return found


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
