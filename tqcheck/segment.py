"""German sentence splitting: a regex plus an abbreviation list.

Why not a library: pysbd, SoMaJo and syntok all split "46 Bio. US-Dollar" and syntok misses every boundary
after „…“ (deps-probe §4). A regex that finds the possible sentence ends, and a hand-kept abbreviation list that
judges only those, do far less work than a library's tokeniser, and the list can be tuned to news abbreviations.
Offsets are kept throughout, never recovered by searching.
"""

from __future__ import annotations

import re

# Lower-cased, without the trailing period. A token in this set followed by "." does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    abb abs abt allg anm art aufl bd bes betr bspw bzgl bzw ca chr co corp dgl di dipl dr dt ebd ehem etc ev evtl
    exkl fa ff fr frl geb gebr gegr gem ges gest ggf ggü hl hr hrn hrsg inc inkl insb jh jr jhd kap kfz kg kl lt ltd
    max mdb mdl min mio mrd bio mr mrs ms nr nrn od o.ä pkt pkw prof rd rel sog spp st str tab tel tsd ua usw uvm
    v vgl vs z zb zt zzt zit ziff u.a z.b d.h u.ä s.o s.u i.d.r o.g m.e bzw.
    jan feb febr mär apr jun jul aug sep sept okt nov dez
    """.split()
)

MONTHS = frozenset("Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember".split())
# Nouns that commonly follow an ordinal ("20. Jahrhundert", "3. Liga").
ORDINAL_NOUNS = frozenset(
    "Jahrhundert Jahrhunderts Jahrestag Liga Platz Platzes Runde Mal Klasse Stock Etage Bundesliga Spieltag "
    "Kapitel Lauf Tag Woche Monat Quartal Ausgabe Auflage Amendment Weltkrieg Weltkriegs Parteitag".split()
)

SENTENCE_END = ".!?…"  # what may end a sentence ...
CLOSING = "\"'”“»«’)]"  # ... and may follow it before the space: quotes, brackets
_CANDIDATE = re.compile(f"[{re.escape(SENTENCE_END)}]+[{re.escape(CLOSING)}]*(?=\\s+|$)")  # a possible sentence end
_NEXT_WORD = re.compile(r"\s+([\"„“»«(]?)(\w+)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text[start:end]`` (one paragraph).

    Leading/trailing whitespace is excluded from spans.
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _CANDIDATE.finditer(text, start, end):
        stop = m.end()
        if stop < end and not _is_boundary(text, pos, m.start(), stop, end):  # at the end: always a boundary
            continue
        span = _strip(text, pos, stop)
        if span:
            spans.append(span)
        pos = stop
    span = _strip(text, pos, end)
    if span:
        spans.append(span)
    return spans


def _strip(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _is_boundary(text: str, sent_start: int, punct_start: int, punct_end: int, limit: int) -> bool:
    nxt = _NEXT_WORD.match(text, punct_end, limit)
    if nxt is None:
        return punct_end >= limit or not text[punct_end:limit].strip()
    word = nxt.group(2)
    if text[punct_start] != ".":
        # "!" / "?" end a sentence unless followed by lower case (a quote continuing: „Warum?“, fragte er).
        return not word[:1].islower()
    if word[:1].islower():
        return False
    # token before the period
    tok_start = punct_start
    while tok_start > sent_start and not text[tok_start - 1].isspace():
        tok_start -= 1
    token = text[tok_start:punct_start].lstrip("(„\"»«'")
    low = token.lower()
    if low in ABBREVIATIONS or low.rstrip(".") in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():  # initials: "J. R. R. Tolkien", "A. Merkel"
        return False
    if "." in token and re.fullmatch(r"(?:\w\.)+\w", token):  # "z.B", "u.a"
        return False
    if token.isdigit() and len(token) <= 2 and (word in MONTHS or word in ORDINAL_NOUNS):
        return False
    return True
