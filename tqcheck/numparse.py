"""Numbers and dates as English and German copy write them, read by value: the parsers behind the source-aware
number and date rules (:mod:`tqcheck.checks.source`), and the format tables the number rules share
(:mod:`tqcheck.checks.numbers`: magnitude words, currency symbols, the German decimal comma).

Below the rule kinds and the reporters in the layer order (it imports nothing of tqcheck), so that the checks and
the terminal report use one German number format.

A number's *value* is what both sides must agree on, not its spelling: every correct conversion changes the
spelling (5,000 → 5.000; 2.5 → 2,5; $46 billion → 46 Milliarden US-Dollar; April 16 → 16. April) but none changes
the value. Number words (one … twelve, dozen, twenty …) are read too, and marked optional (``Num.word``): a
translation may spell them out or write digits, and "one" is as often a pronoun as a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .numformats import (  # noqa: F401  (re-exported: the formats the parsers' readers share)
    CURRENCY_SYMBOLS,
    MAGNITUDE_EN_DE,
    MAGNITUDE_WORDS,
    NUMERAL,
    german_amount,
    german_decimal,
)

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
    """Numbers in English text: digits (5,000; 2.5; 21st), magnitudes, clock times, dates, number words.

    The kinds are read one after the other, the most specific first; a later kind skips what an earlier one took
    (``taken``), so "2025-04-28" is a date stamp and not three numbers, and "9:30" a time and not two."""
    end = len(text) if end is None else end
    out: list[Num] = []
    taken: list[tuple[int, int]] = []
    _en_stamps(text, start, end, out, taken)
    _en_clock_times(text, start, end, out, taken)
    _en_military_times(text, start, end, out, taken)
    _en_slash_dates(text, start, end, out, taken)
    for m in _EN_NUM.finditer(text, start, end):
        if _overlaps(taken, m.start("num"), m.end("num")):
            continue
        n = _en_digits(text, m)
        if n is not None:
            out.append(n)
            taken.append((n.start, n.end))
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


def _en_stamps(text: str, start: int, end: int, out: list[Num], taken: list[tuple[int, int]]) -> None:
    """2025-04-28 (01:29): a page or wire stamp, which a translation drops or rewrites as "28. April 2025". Its
    parts are optional, so a dropped stamp is not three missing numbers; a rendered one consumes the German day
    and year, and the date check compares its month."""
    for m in _EN_ISO_DATE.finditer(text, start, end):
        for g in ("y", "mo", "d"):
            out.append(Num(m.start(g), m.end(g), m.group(g), frozenset({Decimal(m.group(g))}), word=True))
        if m.group("h"):
            clock = _times(m.group("h"), m.group("mi"), None)
            out.append(Num(m.start("h"), m.end(), text[m.start("h") : m.end()], clock, word=True))
        taken.append((m.start(), m.end()))


def _en_clock_times(text: str, start: int, end: int, out: list[Num], taken: list[tuple[int, int]]) -> None:
    """4 p.m., 9:30 am, 16:45: every hour the reader may take it for (4 p.m. is 16 Uhr; 9:30 may be 21.30 Uhr)."""
    for m in _EN_TIME.finditer(text, start, end):
        h, mi, ampm = (
            (m.group("h"), m.group("m"), m.group("ampm")) if m.group("h") else (m.group("h2"), m.group("m2"), None)
        )
        if int(h) > 24 or int(mi or 0) > 59 or _overlaps(taken, m.start(), m.end()):
            continue
        out.append(Num(m.start(), m.end(), m.group(), _times(h, mi, ampm)))
        taken.append((m.start(), m.end()))


def _en_military_times(text: str, start: int, end: int, out: list[Num], taken: list[tuple[int, int]]) -> None:
    """0200GMT, 1430 hours: optional, rendered many ways (02.00 Uhr GMT, 4 Uhr MESZ)."""
    for m in _EN_MILITARY_TIME.finditer(text, start, end):
        clock = _times(m.group("h"), m.group("m"), "am" if int(m.group("h")) < 12 else "pm")
        out.append(Num(m.start(), m.end(), m.group(), clock, word=True))
        taken.append((m.start(), m.end()))


def _en_slash_dates(text: str, start: int, end: int, out: list[Num], taken: list[tuple[int, int]]) -> None:
    """9/11, 7/4/2020: optional, often rendered as words."""
    for m in _EN_US_DATE.finditer(text, start, end):
        if _overlaps(taken, m.start(), m.end()):
            continue
        vals = {Decimal(m.group("d")), Decimal(m.group("mo"))}
        out.append(Num(m.start(), m.end(), m.group(), frozenset(vals), word=True))
        taken.append((m.start(), m.end()))


def _en_digits(text: str, m: re.Match) -> Num | None:
    """An _EN_NUM match as a number: its value with the magnitude word applied ("100m" without a currency may be
    metres, so both values count), optional when a decade (1960s, '60s), a converted unit or part of a name."""
    base = _dec(m.group("num").replace(",", ""))
    if base is None:
        return None
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
    decade = (m.group("suffix") or "").lower().lstrip("'’") == "s"
    optional = (
        decade  # decades: 1960s, '60s
        or bool(_EN_OPTIONAL_AFTER.match(text, m.end("num")))
        or _optional_before(text, m.start("num"))
    )
    if decade and len(m.group("num")) == 4:
        values.add(base % 100)  # 1960s → 60er Jahre
    return Num(s, e, text[s:e], frozenset(values), base, magnitude, word=optional)


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
        values = _de_digit_values(m.group("num"))
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


def _de_digit_values(raw: str) -> set[Decimal]:
    """The values a German reader may take digits for: 5.000 and 2,5 as German; an English-formatted leftover
    read both ways ("5,000" is 5000 or 5) or as English ("2.5")."""
    values: set = set()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        values.add(_dec(raw.replace(".", "").replace(",", ".")))
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):  # English thousands left in: 5,000
        values.add(_dec(raw.replace(",", "")))
        values.add(_dec(raw.replace(",", ".")))
    elif "," in raw:
        values.add(_dec(raw.replace(",", ".")))
    else:  # a plain number, or an English decimal point left in: 2.5
        values.add(_dec(raw))
    values.discard(None)
    return values


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
