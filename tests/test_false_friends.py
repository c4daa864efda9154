"""Pivot false friends and calques of diplomatic wire copy, in context: the MT shapes are flagged, the German that
looks like them is not (Oppositionsführer, political Parteien, "auf beiden Seiten", a signed book).

Every sentence here was written for these tests.
"""

from __future__ import annotations

import pytest

from .conftest import check_text


def _flagged(text: str) -> set[str]:
    """Rules of the false-friend and calque families that flag something in ``text`` (any severity: the style
    hints among them ship at info)."""
    return {f.rule for f in check_text(text) if f.rule.startswith(("ff_", "calque_"))}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Laut dem kasachischen Führer ist die Lage stabil.", "ff_fuehrer_nationality"),
        ("Beide Führer lobten die Beziehungen.", "ff_fuehrer_beide"),
        ("Er traf mehrere Weltführer in Dubai.", "ff_fuehrer_compound"),
        ("Am Ende diskutierten die Parteien Fragen der Energie.", "ff_parteien_sides"),
        ("Die Seiten erörterten die regionale Sicherheit.", "calque_die_seiten_subject"),
        ("Der Präsident hat den Rücktritt der Regierung akzeptiert.", "ff_ruecktritt_akzeptiert"),
        ("Beide Minister signierten das Abkommen über Wasser.", "ff_signieren_unterzeichnen"),
        ("Das Mandat des Präsidenten wurde auf sieben Jahre verlängert.", "ff_mandat_amtszeit"),
        ("Man strebe eine langfristige Interaktion mit Moskau an.", "ff_interaktion_zusammenarbeit"),
        ("Die Seite stellte mit Befriedigung fest, dass der Handel wächst.", "ff_befriedigung_genugtuung"),
    ],
)
def test_pivot_shapes_are_flagged(text, rule):
    assert rule in _flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "Der Oppositionsführer kritisierte die Regierung.",
        "Der Geschäftsführer des Konzerns kündigte Stellen an.",
        "Der Reiseführer empfahl das Museum in Buchara.",
        "Der Fraktionsführer der Union sprach im Bundestag.",
        "Das Unternehmen ist Marktführer in Zentralasien.",
        "Die Parteien ziehen mit neuen Listen in die Wahl.",
        "Nach der Wahl verhandeln die Parteien über eine Koalition.",
        "Auf beiden Seiten der Grenze warten Lastwagen.",
        "Beide Seiten der Medaille müssen betrachtet werden.",
        "Der Autor signierte sein neues Buch in Almaty.",
        "Die Regierung nahm den Rücktritt des Ministers an.",
        "Das Parlament verlängerte das Mandat der UN-Mission.",
        "Die Zusammenarbeit mit Moskau soll langfristig sein.",
    ],
)
def test_legitimate_german_stays_silent(text):
    assert _flagged(text) == set()
