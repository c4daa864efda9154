"""Numbers: English number formats in German copy, the billion/Billion trap, currency placement, and a list
of every numeric claim for the fact-checker.

German: 5.000 (thousands), 2,5 (decimal), 46 Milliarden US-Dollar (amount, magnitude, currency after it).
English formats change values by a factor of 1,000 when a German reader takes them literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..document import Document
from ..model import Finding, Severity
from ..numformats import CURRENCY_SYMBOLS, MAGNITUDE_EN_DE, MAGNITUDE_WORDS, NUMERAL, german_amount
from .base import Check, Context
from .scan import digit_starts, matches_at, positions_of

# These start with a digit, not a look-behind; the "not preceded by" condition is checked in Python (_not_after).
# A rejected match spans only digits and separators, so no valid match can start inside it: results are those of
# the look-behind form. They are tried only where a match can begin (matches_at), never at every position.
_EN_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)")
_EN_DECIMAL = re.compile(r"(\d{1,4})\.(\d{1,2})(?![\d.])")
_NOT_DECIMAL_BEFORE = re.compile(
    r"(?:§|Art\.|Artikel|Kapitel|Abschnitt|Absatz|Version|Nr\.|Nummer|Tabelle|Abb\.|Punkt|Runde|Stufe|Level|"
    r"Windows|iOS|Android|Web|Industrie|Bundesliga|Liga)\s*$"
)
_DATE_DOTS = re.compile(r"\d{1,2}\.\d{1,2}\.")
_TIME_CONTEXT_BEFORE = re.compile(r"(?:\bum|\bgegen|\bab|\bbis|\bvon|\bzwischen|\bund|\bseit)\s*$")
_CURRENCY_PREFIX = re.compile(
    r"(?P<sym>US\$|\$|€|£|¥|₸|₽)\s?(?P<num>\d[\d.,]*)(?:\s?(?P<mag>(?:Mrd|Mio|Tsd)\.|(?:trillion|billion|million|"
    r"thousand|bn|Milliarden|Millionen|Billionen|Milliarde|Million|Billion|m|k)(?![^\W\d_])))?"
)
_CURRENCY_CHARS = "$€£¥₸₽"  # the first character of every _CURRENCY_PREFIX match but "US$"
_PERCENT_NOSPACE = re.compile(r"(\d+(?:[.,]\d+)?)%")
# Anchors: a literal first character lets the regex engine jump through the text to it (a memchr scan), where a
# pattern opening with \d is tried at every position.
_COMMA_3DIGITS = re.compile(r",\d{3}")  # in every _EN_THOUSANDS match, 1-3 characters after its start
_POINT_DIGIT = re.compile(r"\.\d")  # in every _EN_DECIMAL match, 1-4 characters after its start
_BILLION = re.compile(r"Bi(?:llion|o\.)")  # where every _MAGNITUDE match starts


def _starts_before(anchor: re.Pattern, text: str, reach: int) -> Iterator[int]:
    """Sorted offsets 1..``reach`` characters before each match of ``anchor``, each offset once."""
    low = 0
    for m in anchor.finditer(text):
        a = m.start()
        yield from range(max(low, a - reach), a)
        low = max(low, a)


def _currency_starts(text: str) -> list[int]:
    """Where a _CURRENCY_PREFIX match can begin: at a currency symbol, or two characters before "$" ("US$")."""
    starts = positions_of(text, _CURRENCY_CHARS)
    us = [i - 2 for i in starts if text[i] == "$" and i >= 2 and text.startswith("US", i - 2)]
    return sorted(starts + us) if us else starts


def _percent_starts(text: str) -> Iterator[int]:
    """Where a _PERCENT_NOSPACE match can begin: inside the run of digits, "." and "," just before a "%"."""
    k = text.find("%")
    while k >= 0:
        lo = k
        while lo > 0 and (text[lo - 1] in ".," or text[lo - 1].isdecimal()):  # isdecimal() is exactly \d
            lo -= 1
        yield from range(lo, k)
        k = text.find("%", k + 1)


def _not_after(matches: Iterable[re.Match], text: str, forbidden: str, word_chars: bool = False) -> Iterator[re.Match]:
    """The ``matches`` whose preceding character is not in ``forbidden`` (nor a digit or word character)."""
    for m in matches:
        i = m.start()
        if i:
            prev = text[i - 1]
            if prev in forbidden or prev.isdigit() or (word_chars and (prev.isalnum() or prev == "_")):
                continue
        yield m


_MAGNITUDE = re.compile(r"(?<![^\W\d_])(Billion|Billionen|Bio\.)(?![^\W\d_])")
_AMOUNT_BEFORE = re.compile(r"(\d[\d.,]*)\s*$")
_CURRENCY_AFTER = re.compile(
    r"\s*(?:(?:US-|kanadische[n]? |australische[n]? )?Dollar|Euro|Pfund|Franken|US\$|\$|€|£)(?![^\W\d_])"
)


class NumberFormatCheck(Check):
    """English thousands separators and decimal points, currency symbols before the amount, "5%"."""

    PARAMS = {"mode": str}
    MODES = ("en_thousands", "en_decimal", "currency_prefix", "percent_space")

    @classmethod
    def validate(cls, spec) -> None:
        if spec.params.get("mode") not in cls.MODES:
            raise ValueError(f"'mode' must be one of {', '.join(cls.MODES)}")

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        mode = self.spec.params["mode"]
        return list(getattr(self, "_" + mode)(doc))

    def _en_thousands(self, doc: Document):
        text = doc.text
        matches = matches_at(_EN_THOUSANDS, text, _starts_before(_COMMA_3DIGITS, text, 3))
        for m in _not_after(matches, text, ".,"):
            sugg = m.group().replace(",", ".")
            yield self.finding(doc, m.start(), m.end(), suggestions=[sugg], fix=sugg)

    def _en_decimal(self, doc: Document):
        text = doc.text
        matches = matches_at(_EN_DECIMAL, text, _starts_before(_POINT_DIGIT, text, 4))
        for m in _not_after(matches, text, ".,§"):
            before = text[max(0, m.start() - 25) : m.start()]
            after = text[m.end() : m.end() + 12]
            if _NOT_DECIMAL_BEFORE.search(before):
                continue
            if re.match(r"\s*(?:Uhr|h\b)", after):
                continue
            whole, frac = m.group(1), m.group(2)
            if len(frac) == 2 and int(frac) < 60 and int(whole) < 25 and _TIME_CONTEXT_BEFORE.search(before):
                continue
            if _DATE_DOTS.match(text, m.start()):
                continue
            if re.match(r"[^\W\d_]", after[:1] or " "):  # "2.5GHz"-like tokens, URLs
                continue
            sugg = f"{whole},{frac}"
            yield self.finding(doc, m.start(), m.end(), suggestions=[sugg], fix=sugg)

    def _currency_prefix(self, doc: Document):
        for m in matches_at(_CURRENCY_PREFIX, doc.text, _currency_starts(doc.text)):
            currency = CURRENCY_SYMBOLS[m.group("sym")]
            amount = german_amount(m.group("num").rstrip(".,"))
            mag = m.group("mag")
            end = m.end()
            if m.group("num").endswith((".", ",")):
                end = m.start("num") + len(m.group("num").rstrip(".,"))
                mag = None
            mag_de = ""
            if mag:
                mag_de = MAGNITUDE_EN_DE.get(mag.lower(), mag)
                if mag_de in ("Milliarden", "Millionen", "Billionen") and amount in ("1", "1,0"):
                    mag_de = mag_de[:-2] if mag_de.endswith("en") else mag_de
            parts = [amount] + ([mag_de] if mag_de else []) + [currency]
            sugg = " ".join(parts)
            yield self.finding(doc, m.start(), end, suggestions=[sugg], fix=sugg)

    def _percent_space(self, doc: Document):
        text = doc.text
        for m in _not_after(matches_at(_PERCENT_NOSPACE, text, _percent_starts(text)), text, ".,", word_chars=True):
            num = m.group(1)
            yield self.finding(
                doc, m.start(), m.end(), suggestions=[f"{num} Prozent", f"{num}\u00a0%"], fix=f"{num}\u00a0%"
            )


class MagnitudeCheck(Check):
    """ "Billion(en)" with an amount of money: en. billion = Milliarde. Verify unless the scale is plausible.

    Without the source, plausibility decides the severity: a hard currency with no global-scale context
    ("46 Billionen US-Dollar" for one country's mineral deposits) is a warning; world debt, US GDP or a weak
    currency (Tenge, Rubel, Yen) stays info. With the source, the source_numbers rule decides exactly.
    """

    PARAMS = {"large_context": str}
    DEFAULT_LARGE = (
        r"welt|global|Weltwirtschaft|Staatsschulden|Staatsverschuldung|Schuldenberg|Bruttoinlandsprodukt|BIP|"
        r"Wirtschaftsleistung|USA|Vereinigte[n]? Staaten|China|Volksrepublik|Japan|EU|Europäische[n]? Union|"
        r"Eurozone|Börsenwert|Marktkapitalisierung|Billionen-|Tenge|Rubel|Yen|Won|Rupiah|Rupien|Naira|Som|Sum|"
        r"Rial|Dong|Lira|Peso|Forint|Schilling|Rand|Vermögen der Welt|weltweit|"
        # US federal budgets, stimulus and relief packages are measured in trillions
        r"Regierung|Kongress|Senat|Repräsentantenhaus|Weißes? Haus|Trump|Biden|Obama|Amerika|amerikanisch|"
        r"Konjunktur|Konjunkturpaket|Hilfspaket|Rettungspaket|Paket|Gesetzesvorlage|Haushalt|Defizit|Notenbank|"
        r"Zentralbank|Federal Reserve|Fed\b|Schulden|Coronavirus|Pandemie|Infrastrukturplan"
    )

    @classmethod
    def validate(cls, spec) -> None:
        if "large_context" in spec.params:
            try:
                re.compile(spec.params["large_context"])
            except re.error as exc:
                raise ValueError(f"invalid regular expression in 'large_context': {exc}") from None

    def __init__(self, spec, config) -> None:
        super().__init__(spec, config)
        self.large = re.compile(spec.params.get("large_context", self.DEFAULT_LARGE))

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        if ctx.source is not None:  # the source-aware rule knows whether it said billion or trillion
            return []
        out = []
        text = doc.text
        large_by_sentence: dict[tuple[int, int], bool] = {}
        for m in matches_at(_MAGNITUDE, text, (b.start() for b in _BILLION.finditer(text))):
            amount = _AMOUNT_BEFORE.search(text, max(0, m.start() - 20), m.start())
            cur = _CURRENCY_AFTER.match(text, m.end())
            start = amount.start() if amount else m.start()
            end = cur.end() if cur else m.end()
            span = doc.sentence_at(m.start())
            large = large_by_sentence.get(span)
            if large is None:  # one search per sentence, however many amounts it holds
                large = large_by_sentence[span] = self.large.search(text[span[0] : span[1]]) is not None
            severity = Severity.INFO
            if amount and cur and not large:
                severity = self.spec.severity
            elif self.spec.severity < Severity.INFO:
                severity = self.spec.severity
            phrase = text[start:end]
            sugg = phrase.replace("Billionen", "Milliarden").replace("Billion", "Milliarde").replace("Bio.", "Mrd.")
            f = self.finding(doc, start, end, suggestions=[sugg], severity=min(severity, self.spec.severity))
            f.extra["claim"] = phrase
            out.append(f)
        return out


# A claim is the whole phrase an editor checks: qualifier, number (or range), magnitude, unit or currency, ending
# at a word boundary ("rund 18 Prozent", "zwischen 30 und 70 Prozent", "$3 billion", "5.000-Einwohner-Stadt").
# Number first (the engine skips to digits); a qualifier or currency symbol in front is looked up backwards.
_END = r"(?![^\W\d_])"  # a unit or magnitude is a whole word: "m" is no unit in "mehr", nor "t" in "trotz"
_UNITS = (
    r"US-Dollar|Dollar|Euro|Pfund|Franken|Yen|Yuan|Tenge|Rubel|Rupien|Lira|Dirham|Rial|Dinar|Som|Sum|Manat|Lari|"
    r"Dram|Hrywnja|Griwna|Złoty|Zloty|USD|EUR|GBP|CHF|RUB|KZT|UZS|TRY|AED|SAR|KWD|QAR|CNY|JPY|"
    r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)?|"
    r"km²|km|m²|m³|m|kg|t|ha|MW|GW|kWh|MWh|GWh|Kilometern?|Metern?|Tonnen|Hektar|Grad|Jahren?|Monaten?|Wochen|"
    r"Tagen?|Stunden|Minuten|Sekunden|Menschen|Personen|Einwohner[n]?|Mal"
)
_CLAIM_TAIL = (
    rf"(?P<range>\s?[–-]\s?{NUMERAL}|\s(?:bis|{{joiners}})\s{NUMERAL})?"
    # glued or hyphenated on: "5km", "18-Prozent-Marke", "2,5-prozentige"
    r"(?:(?P<compound>-?[^\W\d_][^\W\d_]*(?:-[^\W\d_]+)*)"
    rf"|(?P<rest>(?:\s?(?:%|‰)|\s(?:Prozent(?:punkte[n]?)?|Promille){_END})?"
    rf"(?:\s(?:{MAGNITUDE_WORDS}){_END})?"
    rf"(?:\s(?:{_UNITS}){_END}|\s?[€$£¥₸₽](?!\w))?))"
)
_CLAIM = re.compile(rf"(?P<num>{NUMERAL})" + _CLAIM_TAIL.replace("{joiners}", "oder"))
# After "zwischen" a number runs on to its partner: "zwischen 30 und 70 Prozent" is one claim.
_CLAIM_BETWEEN = re.compile(rf"(?P<num>{NUMERAL})" + _CLAIM_TAIL.replace("{joiners}", "und"))
_QUALIFIER_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:(?:mehr|weniger) als|über|unter|rund|etwa|ungefähr|fast|knapp|nahezu|bis zu|mindestens|"
    r"höchstens|gut|ca\.|circa|zwischen)\s+$"
)
# The last word of every _QUALIFIER_BEFORE alternative. That pattern opens with a look-behind, so a search tries
# it at each of the 20 positions; it is only run when the text before the number ends with one of these.
_QUALIFIER_LAST_WORDS = (
    "als", "über", "unter", "rund", "etwa", "ungefähr", "fast", "knapp", "nahezu", "zu", "mindestens",
    "höchstens", "gut", "ca.", "circa", "zwischen",
)  # fmt: skip
_CURRENCY_BEFORE = re.compile(r"(?:US\$|[$€£¥₸₽])\s?$")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_HAS_QUANTITY = re.compile(r"\d|%|‰|Prozent|Promille|[€$£¥₸₽]")
_DATE_AFTER = re.compile(
    r"\.\s?(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    r"Jahrhundert|\d)"
)


def _years_only(m: re.Match) -> bool:
    """A year or a range of years ("2020 bis 2030") with nothing that makes it a quantity after it."""
    if not _YEAR.fullmatch(m.group("num")):
        return False
    rng = m.group("range")
    if rng and not _YEAR.fullmatch(rng.strip(" –-").split()[-1]):
        return False
    if m.group("compound"):
        return False
    rest = (m.group("rest") or "").strip()
    return not _HAS_QUANTITY.search(rest) and (not rest or rest[:1].isupper())


_WIDEN = 40  # characters a claim's context may grow by to end at a word's edge


class NumericClaimsCheck(Check):
    """Every number with its unit and qualifier, listed as info so an editor can verify each claim."""

    PARAMS = {"skip_years": bool}

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        out = []
        text = doc.text
        skip_years = self.spec.params.get("skip_years", True)
        pos = 0
        # Every claim begins where a run of digits does (shared with the anchored lexicon rules); as in finditer,
        # a start inside the previous claim ("70" of "30 bis 70") is not tried again.
        for start in digit_starts(doc, ctx):
            if start < pos:
                continue
            if start and (text[start - 1] in ".," or text[start - 1].isalnum() or text[start - 1] == "_"):
                continue  # inside a number or a word ("COVID19")
            before = text[max(0, start - 20) : start]
            stem = before.rstrip()
            between = len(stem) < len(before) and stem.endswith("zwischen")
            m = (_CLAIM_BETWEEN if between else _CLAIM).match(text, start)
            if m is None:
                continue
            pos = m.end()
            if _DATE_AFTER.match(text, m.end("num")) and not m.group("range"):
                pos = start + 1
                continue  # a date ("16. April"), not a quantity
            if skip_years and _years_only(m):
                continue
            qual = None
            if len(stem) < len(before) and stem.endswith(_QUALIFIER_LAST_WORDS):  # else the search cannot match
                qual = _QUALIFIER_BEFORE.search(text, max(0, start - 20), start)
                if qual and qual.group().startswith("zwischen") and not m.group("range"):
                    qual = None  # "zwischen" qualifies a range only
            if qual:
                start = qual.start()
            else:
                cur = _CURRENCY_BEFORE.search(text, max(0, start - 4), start)
                if cur:  # "$3 billion", "€ 5": the symbol belongs to the amount
                    start = cur.start()
            end = m.end()
            phrase = text[start:end].rstrip()
            end = start + len(phrase)
            s, e = doc.sentence_at(start)
            lo, hi = max(s, start - 60), min(e, end + 60)
            # Widened to whole words, by at most a long word's length: a number inside a token of data (a CSV row,
            # a base64 blob) would otherwise widen to the whole token, for every number in it.
            floor, ceiling = max(s, lo - _WIDEN), min(e, hi + _WIDEN)
            while lo > floor and not text[lo - 1].isspace():
                lo -= 1
            while hi < ceiling and not text[hi].isspace():
                hi += 1
            context = text[lo:hi].strip()
            f = self.finding(doc, start, end, suggestions=[], context=context)  # {match} is the phrase
            f.extra["claim"] = phrase
            f.extra["context"] = context
            out.append(f)
        return out
