"""Issue 15, item 3: a numeric claim is the whole phrase (qualifier, number or range, magnitude, unit, currency),
ends at a word boundary, and a bare year is not one."""

from __future__ import annotations

import pytest

from .conftest import check_text


def claims(text: str) -> list[str]:
    return [f.extra["claim"] for f in check_text(text, select=["num_claim"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit is a whole word: "m" of "mehr" is no metre
        ("Der Anteil stieg auf rund 18 Prozent mehr als im Vorjahr.", ["rund 18 Prozent"]),
        ("Die Exporte sollen bis 2030 mehr als verdoppelt werden.", []),  # a year, not a claim
        ("Bis 2030 soll der Umsatz um 12 Prozent wachsen.", ["12 Prozent"]),
        # the magnitude and the currency belong to the amount, before or after it
        ("Die Firma will $3 billion in Kasachstan investieren.", ["$3 billion"]),
        ("Geplant sind Investitionen von 2,5 Mrd. € bis 2027.", ["2,5 Mrd. €"]),
        ("Kasachstan besitzt mehr als 5.000 Mineralvorkommen.", ["mehr als 5.000 Mineralvorkommen"]),
        # ranges are one claim
        ("Der Anteil liegt zwischen 30 und 70 Prozent, schätzt das Amt.", ["zwischen 30 und 70 Prozent"]),
        ("Ein Ticket kostet 30 bis 40 Euro.", ["30 bis 40 Euro"]),
        ("Ein Ticket kostet 30–40 Euro.", ["30–40 Euro"]),
        ("Von 2020 bis 2030 wird gebaut.", []),  # a range of years
        # without "zwischen", "und" joins two claims
        ("Es kamen 3 Minister und 4 Berater.", ["3 Minister", "4 Berater"]),
        # compounds and glued units end at the word's end
        ("Die 18-Prozent-Marke fiel.", ["18-Prozent-Marke"]),
        ("Nach 5km Fahrt kam das Ziel.", ["5km"]),
        ("Am 16. April meldete das Amt rund 3,2 Millionen Arbeitslose.", ["rund 3,2 Millionen Arbeitslose"]),
    ],
)
def test_claim_is_the_whole_phrase(text: str, expected: list[str]) -> None:
    assert claims(text) == expected


def test_every_claim_ends_at_a_word_boundary() -> None:
    text = (
        "Rund 18 Prozent mehr Firmen meldeten bis 2030 mehr als 40 Tonnen mit 3 Milliarden Euro Umsatz; "
        "gut 7 Millionen Menschen und 12 Mal so viele Touristen kamen."
    )
    for f in check_text(text, select=["num_claim"]):
        after = text[f.end : f.end + 1]
        assert not after.isalnum(), (f.match, after)
        assert f.match == f.extra["claim"]
