"""The number formats English and German copy share with tqcheck's number rules and reports: magnitude words,
currency symbols, the German decimal comma. A module of its own, apart from the parsers of :mod:`tqcheck.numparse`,
so that the number rules of every article run, and the terminal report, read these tables without compiling the
source-aware parsers' patterns (only a run with ``--source`` needs those)."""

from __future__ import annotations

import re

# English magnitude words as German copy writes them after an amount ("$3 billion" → "3 Milliarden US-Dollar").
MAGNITUDE_EN_DE = {
    "thousand": "Tausend",
    "million": "Millionen",
    "billion": "Milliarden",
    "trillion": "Billionen",
    "bn": "Milliarden",
    "m": "Millionen",
    "k": "Tausend",
}
# Currency symbols and the German currency name that follows the amount instead ("€5" → "5 Euro").
CURRENCY_SYMBOLS = {
    "$": "US-Dollar",
    "US$": "US-Dollar",
    "€": "Euro",
    "£": "Pfund",
    "¥": "Yen",
    "₸": "Tenge",
    "₽": "Rubel",
}
# A number as either language writes it, separators included: 5.000, 2,5, 5,000, 1.234.567,89.
NUMERAL = r"\d+(?:[.,]\d+)*"
# Magnitude words after an amount, German and English, as alternatives of a regular expression (longest first
# where one is a prefix of another: "Millionen" before "Million").
MAGNITUDE_WORDS = (
    r"Tausend|Millionen|Million|Milliarden|Milliarde|Billionen|Billion|Mio\.|Mrd\.|Bio\.|Tsd\.|"
    r"thousand|million|billion|trillion|bn"
)


def german_decimal(number: str) -> str:
    """A number formatted with a decimal point ("83.69", from ``f"{x:.2f}"``) as German copy writes it: 83,69."""
    return number.replace(".", ",")


def german_amount(num: str) -> str:
    """An English-formatted amount as German copy writes it: "46" stays, "1.5" → "1,5", "5,000" → "5.000"."""
    if re.fullmatch(r"\d{1,3}(,\d{3})+", num):
        return num.replace(",", ".")
    if re.fullmatch(r"\d+\.\d{1,2}", num):
        return german_decimal(num)
    return num
