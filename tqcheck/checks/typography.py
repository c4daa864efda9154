"""Typography: quotation marks, apostrophes, dashes and doubled words.

German news copy quotes „so“ (or »so« in some houses; "so" is common online, so the straight-quote rule follows
the ``quotes`` house-style setting). English curly quotes “…”, an unpaired „ and a grave accent used as an
apostrophe are MT or copy-paste artifacts whatever the house style.

Speed: the quote and apostrophe rules look for a few rare characters in a megabyte of text. ``str.find`` jumps to
a given character (memchr), while a regex character class (``[„“]``, ``[´`]``) is tested at every position; so
they find their characters with ``str.find``. The doubled-word pattern (a leading look-behind and a back-reference,
which the regex engine would try at every position of the text) is tried only where a word equals the next one.
The results are those of the whole-text patterns, finding for finding. The scanning helpers live in scan.py.

The quotation modes of issue 14 share one pairing of the marks into quotations, built only for the few paragraphs
where one of them can find something (``_notable_paragraphs``: one lookup per mark, verdicts per neighbourhood
kept for the process); the guillemet modes do not pair at all in copy without a guillemet. The offsets of each
mark are found once per document for all quotation modes (``_mark_positions``).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import accumulate, chain, compress, islice, repeat
from operator import eq, is_, not_

from ..document import Document
from ..model import Finding
from .base import Check, Context
from .scan import (
    LETTERS,
    WordCache,
    matches_at,
    paragraphs_of,
    positions_of,
    region_matches,
    true_positions,
)

_ENGLISH_PAIR = re.compile(r"“([^“”„\n]{1,400})”")
_DOUBLED = re.compile(r"(?<![^\W\d_])([^\W\d_]+)(\s+)(\1)(?![^\W\d_])", re.IGNORECASE)
# Doubles that are grammatical German: "die die Regierung ...", "dass das", "sie sie".
GRAMMATICAL_DOUBLES = frozenset(
    "die der das den dem des sie es er wir ihr was wer wie ob so da man sein haben hatte war ist".split()
)
OPEN_QUOTE = {"german": "„", "guillemets": "»", "swiss": "«"}
CLOSE_QUOTE = {"german": "“", "guillemets": "«", "swiss": "»"}


_TRAILING_LETTERS = re.compile(r"[^\W\d_]+\Z")


# ---------------------------------------------------------------------- quotations of a paragraph (issue 14)
# Each double quotation mark opens or closes by its neighbours; where they leave it open (a space on both sides,
# or letters on both), it closes whatever is open, else it opens. „ opens unless it plainly closes. The marks then pair up like
# brackets within their paragraph: a closing mark ends the innermost open quotation whatever its kind (so a «
# closed by " is one mismatched quotation), an opening mark inside an open one nests.
_DOUBLE_MARKS = '„“”"«»'
_COMMON_MARKS = '„“"'  # the German and the straight marks: most copy holds no others
_RARE_MARKS = "”«»"
_PARTNER = {"„": "“", "»": "«", "«": "»", '"': '"', "“": "”"}  # the closing mark each opening one takes
_COMPATIBLE = frozenset(_PARTNER.items()) | {("„", "”")}  # „…” is reported by english_quotes only
_SINGLE = {("„", "“"): ("‚", "‘"), ("»", "«"): ("›", "‹"), ("«", "»"): ("‹", "›"), ('"', '"'): ("'", "'")}
_OPENS_AFTER = "([{–—-/"  # a mark after these (or a space) opens: (»so«), –„Wir
_CLOSES_BEFORE = ".,;:!?)]}–—-…"  # a mark before these (or a space) closes: „so“, „so“.
_STRAIGHT_HOUSE = ('"', '"')


def _house(style: str) -> tuple[str, str]:
    """The house's opening and closing double marks (straight: "…"; any other style: its own pair)."""
    if style == "straight":
        return _STRAIGHT_HOUSE
    return OPEN_QUOTE.get(style, "„"), CLOSE_QUOTE.get(style, "“")


@dataclass(eq=False)
class Quotation:
    """One quotation of a paragraph: where it opens and closes (None for a mark without its partner), with
    which marks, and the quotation it is nested in."""

    open: int | None
    open_char: str
    close: int | None
    close_char: str
    outer: Quotation | None = None


def _role(mark: str, prev: str, nxt: str, is_open: bool) -> bool:
    """True if ``mark`` opens a quotation, from the characters around it and whether one is open."""
    before = prev.isspace() or prev in _OPENS_AFTER
    after = nxt.isspace() or nxt in _CLOSES_BEFORE
    if mark == "„":  # opens, unless it plainly closes (“bedauerlich„ bezeichnete: an English-style pair upside down)
        return before or not after
    if before != after:
        return before
    return not is_open


def _pair_paragraphs(doc: Document, paragraphs: Iterable[int]) -> list[Quotation]:
    """The quotations of the given paragraphs (ascending indices), paragraph by paragraph, each paragraph's in the
    order of their closing (or lone) marks and then those it leaves open."""
    text = doc.text
    spans = doc.paragraphs
    out: list[Quotation] = []
    for k in paragraphs:
        ps, pe = spans[k]
        stack: list[Quotation] = []
        for i in positions_of(text, _DOUBLE_MARKS, ps, pe):
            mark = text[i]
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            if mark == '"' and prev.isdigit():
                continue  # 12" (inches)
            if _role(mark, prev, nxt, bool(stack)):
                stack.append(Quotation(i, mark, None, "", stack[-1] if stack else None))
            elif stack:
                q = stack.pop()
                q.close, q.close_char = i, mark
                out.append(q)
            else:
                out.append(Quotation(None, "", i, mark))
        out.extend(stack)  # openings never closed in their paragraph
    return out


# What the neighbours make of a German or straight mark, for _notable_paragraphs (see _mark_code).
_CLOSES, _OPENS, _EITHER, _SKIP, _NOTABLE = range(5)


def _mark_code(key: str) -> int:
    """The role of the mark in the middle of ``key`` (the mark with the characters before and after it, as in the
    text: a paragraph's edge is whitespace there, as it is to ``_role``), or _NOTABLE where the mark alone may give
    a quotation mode a finding: a space may sit inside (a space, or an opening bracket, before it and a space or
    a closing punctuation after it), or it is a „ that closes or a “ that may open (mismatched marks)."""
    prev, mark, nxt = key
    if mark == '"' and prev.isdigit():
        return _SKIP
    before = prev.isspace() or prev in _OPENS_AFTER
    after = nxt.isspace() or nxt in _CLOSES_BEFORE
    if before and after:
        return _NOTABLE
    if mark == "„":
        return _OPENS if before or not after else _NOTABLE
    if mark == "“" and not after:
        return _NOTABLE
    if before != after:
        return _OPENS if before else _CLOSES
    return _EITHER


_MARK_CODES = WordCache(_mark_code)


def _mark_positions(doc: Document, ctx: Context, chars: str) -> list[int]:
    """Ascending offsets of the quotation marks ``chars`` (distinct single characters) in the document: each mark's
    found once per document for all quotation modes (``ctx.mark_positions``), with one ``str.find`` per
    occurrence. A list of one mark is the cached list itself: callers must not change it."""
    per_mark = ctx.mark_positions
    text = doc.text
    found = []
    for c in chars:
        at = per_mark.get(c)
        if at is None:
            at = per_mark[c] = []
            append, find = at.append, text.find
            i = find(c)
            while i >= 0:
                append(i)
                i = find(c, i + 1)
        found.append(at)
    return found[0] if len(found) == 1 else sorted(chain.from_iterable(found))  # sorted runs: merged, not sorted


def _notable_paragraphs(doc: Document, ctx: Context) -> list[int]:
    """The paragraphs (ascending) whose quotations may give a quotation mode a finding: those holding a ”, « or »,
    a mark the neighbours make notable (``_mark_code``), or an opening mark while a quotation is open (nesting).

    Why this is enough: in any other paragraph every mark is „, “ or ", no quotation nests, each pair is one of
    „…“, "…", „…" and "…“ (a „ never closes there, a “ never opens), which no mode reports, and no mark has a space
    on its inner side. It costs a dictionary lookup per German or straight mark (the verdict per neighbourhood is
    kept for the process); only the paragraphs found are paired up with Quotation objects. A paragraph is a line:
    the state starts afresh after each line break (a carriage return is one, as for ``Document.paragraphs``).
    """
    text = doc.text
    notable: list[int] = []  # offsets of the marks that make their paragraph notable
    rare = "".join(c for c in _RARE_MARKS if c in text)  # ``in``: a fast scan for characters most copy lacks
    if rare:
        notable.extend(positions_of(text, rare))
    n = len(text)
    last = n - 1
    lines = text.replace("\r", "\n") if "\r" in text else text  # same length, same characters to _mark_code
    find = lines.find
    codes = _MARK_CODES
    line_end, is_open = -1, False
    for i in _mark_positions(doc, ctx, _COMMON_MARKS):
        if i >= line_end:  # the first mark of a line: nothing is open yet
            line_end = find("\n", i)
            if line_end < 0:
                line_end = n
            is_open = False
        if 0 < i < last:
            code = codes[text[i - 1 : i + 2]]
        else:  # at an edge of the text: a space there, as at a paragraph's edge
            code = codes[(text[i - 1] if i else " ") + text[i] + (text[i + 1] if i < last else " ")]
        if code == _OPENS:
            if is_open:
                notable.append(i)
            is_open = True
        elif code == _CLOSES:
            is_open = False
        elif code == _EITHER:
            is_open = not is_open
        elif code == _NOTABLE:
            notable.append(i)
    return sorted(set(map(doc.paragraph_index, notable)))


def notable_quotations(doc: Document, ctx: Context) -> list[Quotation]:
    """The quotations of the paragraphs that can give a quotation mode a finding (``_notable_paragraphs``), in
    text order of their paragraphs; computed once per document for all quotation modes (``ctx.shared``). The
    other paragraphs' quotations would be silent in every mode."""
    return _pair_paragraphs(doc, _notable_paragraphs(doc, ctx))


# Straight single quotes: an opening ' before a letter or digit (after a space, a bracket or a double mark), not
# the apostrophe of 's, 'ne, 'nen, 'n, 'em, 'rein, 'raus, 'rum, 'runter, 'rüber; a closing one before a space or
# punctuation.
_BEFORE_SINGLE = ' \t\u00a0([{„“"«»–—/'
_AFTER_SINGLE = '.,;:!?)]}“”"«»–—…'
_SINGLE_OPEN = re.compile(r"'(?=\w)")
_CONTRACTION = re.compile(r"'(?:s|ne|nen|nem|ner|n|em|rein|raus|rum|runter|rüber|ran|rauf)\b")


class TypographyCheck(Check):
    PARAMS = {"mode": str}
    MODES = (
        "straight_quotes",
        "english_quotes",
        "unpaired_quotes",
        "apostrophe",
        "double_hyphen",
        "foreign_guillemets",
        "house_guillemets",
        "quote_space",
        "mismatched_quotes",
        "nested_quotes",
        "single_straight_quotes",
    )

    @classmethod
    def validate(cls, spec) -> None:
        if spec.params.get("mode") not in cls.MODES:
            raise ValueError(f"'mode' must be one of {', '.join(cls.MODES)}")

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        return list(getattr(self, "_" + self.spec.params["mode"])(doc, ctx))

    def _straight_quotes(self, doc: Document, ctx: Context):
        """Each straight quote becomes an opening or closing one by its neighbours, else by alternation within
        its paragraph. One pass over the quote characters; the paragraph of each is found by bisection."""
        style = ctx.config.quotes
        if style in ("straight", "any"):
            return
        op, cl = OPEN_QUOTE[style], CLOSE_QUOTE[style]
        text = doc.text
        paragraphs = doc.paragraphs
        current = -1  # paragraph of the previous quote: ``opened`` starts afresh in each paragraph
        opened = False
        for i in _mark_positions(doc, ctx, '"'):
            pi = doc.paragraph_index(i)
            if pi < 0 or i >= paragraphs[pi][1]:
                continue  # outside every paragraph (cannot happen for a non-space character; kept for safety)
            ps, pe = paragraphs[pi]
            if pi != current:
                current, opened = pi, False
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            if prev.isdigit():  # 12" (inches)
                continue
            if prev.isspace() or prev in "([{–—-/":
                is_open = True
            elif nxt.isspace() or nxt in ".,;:!?)]}–—-":
                is_open = False
            else:
                is_open = not opened
            opened = is_open
            repl = op if is_open else cl
            yield self.finding(doc, i, i + 1, suggestions=[repl], fix=repl)

    def _english_quotes(self, doc: Document, ctx: Context):
        """“…” pairs first, then every ” left over. A pair needs a ” and cannot cross a line break, so the pair
        pattern runs only on the lines holding a ” (the same matches as one pass over the whole text)."""
        style = ctx.config.quotes
        if style == "any":
            return
        text = doc.text
        closers = positions_of(text, "”")
        if not closers:
            return  # neither a pair nor a stray ” without one
        op, cl = OPEN_QUOTE.get(style, "„"), CLOSE_QUOTE.get(style, "“")
        pairs: list[re.Match] = []
        line_end = -1
        for k in closers:
            if k < line_end:
                continue  # this line was searched already
            line_start = text.rfind("\n", 0, k) + 1
            line_end = text.find("\n", k)
            if line_end < 0:
                line_end = len(text)
            pairs.extend(_ENGLISH_PAIR.finditer(text, line_start, line_end))
        for m in pairs:
            repl = op + m.group(1) + cl
            yield self.finding(doc, m.start(), m.end(), suggestions=[repl], fix=repl)
        paired = {m.end() - 1 for m in pairs}
        for i in closers:
            if i in paired:
                continue
            yield self.finding(doc, i, i + 1, suggestions=[cl], fix=cl)

    def _unpaired_quotes(self, doc: Document, ctx: Context):
        """Pair „ and “ across the whole article: a quotation may run over several paragraphs, each
        re-opened with „ (German convention), so only an opening never closed, a second opening in the same
        paragraph, or a closing quote with nothing open is reported. A paragraph is a line (a carriage return
        counts as a line break, as for ``Document.paragraphs``): the end of its line tells a mark's paragraph."""
        text = doc.text
        lines = text.replace("\r", "\n") if "\r" in text else text  # same length, same offsets
        find = lines.find
        open_pos: int | None = None
        open_line = line_end = -1
        for i in _mark_positions(doc, ctx, "„“"):
            if i >= line_end:
                line_end = find("\n", i)
                if line_end < 0:
                    line_end = len(text)
            if text[i] == "„":
                if open_pos is not None and open_line == line_end:
                    yield self.finding(doc, open_pos, open_pos + 1, suggestions=[])
                open_pos, open_line = i, line_end
            elif open_pos is not None:
                open_pos = None
            # A lone “ is reported unless it opens English-style, at a line's start or after a space (english_quotes)
            elif i > 0 and not text[i - 1].isspace():
                yield self.finding(doc, i, i + 1, suggestions=[])
        if open_pos is not None:
            yield self.finding(doc, open_pos, open_pos + 1, suggestions=[])

    def _apostrophe(self, doc: Document, ctx: Context):
        text = doc.text
        for i in positions_of(text, "´`"):
            if 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
                yield self.finding(doc, i, i + 1, suggestions=["’"], fix="’")

    def _double_hyphen(self, doc: Document, ctx: Context):
        """ "--" between words, with the spaces around it (" -- " → " – ")."""
        text = doc.text
        n = len(text)
        i = text.find("--")
        while i >= 0:
            left, right = i, i + 2
            while left > 0 and text[left - 1].isspace():
                left -= 1
            while right < n and text[right].isspace():
                right += 1
            if left > 0 and right < n:  # words (not line ends) on both sides
                yield self.finding(doc, left, right, suggestions=[" – "], fix=" – ")
                i = text.find("--", right)
            else:
                i = text.find("--", i + 2)

    # ------------------------------------------------------------------ foreign quotation conventions (issue 14)
    def _foreign_guillemets(self, doc: Document, ctx: Context):
        """Guillemets pointing the way the house does not write them: «…» (Russian, French, Spanish pivots) in a
        house of „…“, »…« or "…", and »…« in a Swiss house. Each mark is reported on its own (a quotation may be
        long, and the editor sees which marks change) with the house mark; a safe fix where it has its partner
        in the paragraph, unsafe where not (the quotation may run on into the next paragraph, or close with
        another kind of mark)."""
        style = ctx.config.quotes
        if style == "any":
            return
        foreign = "»" if style == "swiss" else "«"  # the opening mark of the foreign direction
        if foreign not in doc.text and _PARTNER[foreign] not in doc.text:
            return  # no guillemet at all (most German copy): a fast scan, no pairing
        for q in ctx.shared(notable_quotations):
            paired = q.open_char == foreign and q.close_char == _PARTNER[foreign]
            yield from self._marks(doc, q, style, q.open_char == foreign, q.close_char == _PARTNER[foreign], paired)

    def _house_guillemets(self, doc: Document, ctx: Context):
        """»…« in a house of „…“ or "…": German typography, but not this house's (info)."""
        style = ctx.config.quotes
        if style not in ("german", "straight") or "»" not in doc.text or "«" not in doc.text:
            return
        for q in ctx.shared(notable_quotations):
            if q.open_char == "»" and q.close_char == "«":
                yield from self._marks(doc, q, style, True, True, True)

    def _marks(self, doc: Document, q: Quotation, style: str, opening: bool, closing: bool, safe: bool, **fmt: str):
        """Findings for the opening and/or closing mark of ``q``, each replaced by the house mark (its single
        mark inside a quotation that closes in the same paragraph)."""
        op, cl = _house(style)
        if q.outer is not None and q.outer.close is not None and style != "straight":
            op, cl = _SINGLE[(op, cl)]
        if opening and q.open is not None:
            yield self.finding(doc, q.open, q.open + 1, suggestions=[op], fix=op, safe=safe, **fmt)
        if closing and q.close is not None:
            yield self.finding(doc, q.close, q.close + 1, suggestions=[cl], fix=cl, safe=safe, **fmt)

    def _quote_space(self, doc: Document, ctx: Context):
        """A space after an opening or before a closing mark: „ Wir“, «Grünes Zentralasien », "wirklich . . . "."""
        text = doc.text
        for q in ctx.shared(notable_quotations):
            if q.open is not None and q.close != q.open + 1:
                j = q.open + 1
                while j < len(text) and text[j] in " \t\u00a0":
                    j += 1
                if j > q.open + 1 and j < len(text) and text[j] not in "\r\n" and (q.close is None or j < q.close):
                    mark = text[q.open]
                    yield self.finding(doc, q.open, j, suggestions=[mark], fix=mark)
            if q.close is not None:
                j = q.close
                floor = q.open + 1 if q.open is not None else 0
                while j > floor and text[j - 1] in " \t\u00a0":
                    j -= 1
                if j < q.close and j > floor and text[j - 1] not in "\r\n":
                    mark = text[q.close]
                    yield self.finding(doc, j, q.close + 1, suggestions=[mark], fix=mark)

    def _mismatched_quotes(self, doc: Document, ctx: Context):
        """A quotation opened with one kind of mark and closed with another («… ", “…“, »…“): each of its marks
        that is not the house's is reported, with the house mark. Left to other modes: a ” (english_quotes
        reports every ” outside a “…” pair), a foreign guillemet (foreign_guillemets), and „…" / "…“ (an
        autocorrect slip, not a foreign convention; straight_quotes has the "). Unsafe: which mark is wrong, or
        whether the quotation ended earlier, is the editor's call."""
        style = ctx.config.quotes
        if style == "any":
            return
        foreign = "»" if style == "swiss" else "«"
        op, cl = _house(style)
        for q in ctx.shared(notable_quotations):
            if q.open is None or q.close is None or (q.open_char, q.close_char) in _COMPATIBLE:
                continue
            if '"' in (q.open_char, q.close_char) and (q.open_char + q.close_char).strip('"') in "„“":
                continue
            opening = q.open_char not in (op, foreign)
            closing = q.close_char not in (cl, "”", _PARTNER[foreign])
            if opening and closing:  # both marks wrong (“…„): one finding for the pair, not two
                a, b = _house(style)
                if q.outer is not None and q.outer.close is not None and style != "straight":
                    a, b = _SINGLE[(a, b)]
                repl = a + doc.text[q.open + 1 : q.close] + b
                yield self.finding(doc, q.open, q.close + 1, suggestions=[repl], fix=repl, safe=False,
                                   open=q.open_char, close=q.close_char)  # fmt: skip
                continue
            yield from self._marks(doc, q, style, opening, closing, False, open=q.open_char, close=q.close_char)

    def _nested_quotes(self, doc: Document, ctx: Context):
        """„Er sagte „Wünschen“ …“: a quotation inside a quotation in double marks; German nests ‚…‘ (or ›…‹,
        ‹…› with guillemets). Reported only where the outer quotation closes in the same paragraph; a safe fix
        for a short inner quotation (a long one may rather be a lost closing mark)."""
        style = ctx.config.quotes
        if style in ("straight", "any"):
            return
        text = doc.text
        for q in ctx.shared(notable_quotations):
            outer = q.outer
            if outer is None or outer.close is None or q.close is None:
                continue
            single = _SINGLE.get((q.open_char, q.close_char))
            if single is None or q.open_char == '"':
                continue
            inner = text[q.open + 1 : q.close]
            repl = single[0] + inner + single[1]
            yield self.finding(doc, q.open, q.close + 1, suggestions=[repl], fix=repl, safe=len(inner) <= 60)

    def _single_straight_quotes(self, doc: Document, ctx: Context):
        """'starkes Vertrauen': straight single quotes used as quotation marks (English copy). Inside a
        quotation they become the house's single marks (‚…‘), elsewhere its double marks („…“). Apostrophes
        ('s, 'ne, Klaus') are told apart by their neighbours: an opening mark follows a space or an opening
        bracket and precedes a letter, a closing one follows a letter or punctuation and precedes a space."""
        style = ctx.config.quotes
        if style in ("straight", "any"):
            return
        text = doc.text
        positions = positions_of(text, "'")
        if not positions:
            return
        spans: dict[int, list[tuple[int, int]]] = {}  # paragraph -> its closed quotations, paired when asked for
        op, cl = _house(style)
        sop, scl = _SINGLE[(OPEN_QUOTE[style], CLOSE_QUOTE[style])]
        k = 0
        while k < len(positions):
            i = positions[k]
            k += 1
            m = _SINGLE_OPEN.match(text, i) if (i == 0 or text[i - 1] in _BEFORE_SINGLE) else None
            if m is None or _CONTRACTION.match(text, i):
                continue
            line_end = text.find("\n", i)
            limit = min(i + 200, len(text) if line_end < 0 else line_end)
            for k2 in range(k, len(positions)):
                j = positions[k2]
                if j >= limit:
                    break
                after = text[j + 1] if j + 1 < len(text) else " "
                if not text[j - 1].isspace() and (after.isspace() or after in _AFTER_SINGLE):
                    inside = any(s < i and j < e for s, e in _closed_quotations(doc, doc.paragraph_index(i), spans))
                    a, b = (sop, scl) if inside else (op, cl)
                    repl = a + text[i + 1 : j] + b
                    yield self.finding(doc, i, j + 1, suggestions=[repl], fix=repl)
                    k = k2 + 1
                    break


def _closed_quotations(doc: Document, k: int, cache: dict[int, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """(open, close) of the quotations of paragraph ``k`` that close there (``cache`` keeps them per paragraph):
    a quotation never reaches beyond its paragraph, so one holding a given offset is among those of its own."""
    spans = cache.get(k)
    if spans is None:
        quotations = _pair_paragraphs(doc, [k])
        spans = cache[k] = [(q.open, q.close) for q in quotations if q.open is not None and q.close is not None]
    return spans


def _fold(word: str) -> str:
    """``str.lower``, made to agree with the regex engine's per-character lower-casing (see _doubled_candidates)."""
    return word.lower().replace("ς", "σ").replace("i\u0307", "i")


_FOLDED = WordCache(_fold)


def _ends(token: str) -> tuple[str | None, str | bool]:
    """(folded last word, folded first word) of a token: the last only if the token ends with a letter (else
    None), the first only if it starts with one (else False, so it never equals a missing last word)."""
    if token.isalpha():  # most tokens are one word (alphabetic characters are all in LETTERS' class)
        folded = _fold(token)
        return folded, folded
    head = LETTERS.match(token)
    # A letter is alphanumeric (``\w`` is ``str.isalnum`` plus "_"): a token ending otherwise ("sagte,", "Welt.",
    # most tokens that are not one word) has no last word, and the search that would try every position is spared.
    tail = _TRAILING_LETTERS.search(token) if token[-1:].isalnum() else None
    return (_fold(tail.group()) if tail else None), (_fold(head.group()) if head else False)


_TAIL = WordCache(lambda token: _ends(token)[0])  # one dict lookup per known token in each map pass, no tuples
_HEAD = WordCache(lambda token: _ends(token)[1])
_BULK = 2_000  # new distinct tokens in one text from which the one-word ones are settled in bulk


# Punctuation that opens or closes a word in running text ("„Wir", "sagte,", "Welt.“"). None of it is a word
# character (a test holds that), so the letters a token keeps once they are stripped are its first or last word.
_OPENERS = "„‚“‘\"'»«([{¿¡"
_CLOSERS = ".,;:!?…“”‘’\"'»«)]}"


def _settle_one_word_tokens(types: Collection[str]) -> None:
    """``_ends`` (as ``_TAIL`` and ``_HEAD``) for a big text's new tokens of one word, bare or in punctuation, in
    bulk passes of ``map`` and ``compress`` rather than a Python call of ``_ends`` per token (a megabyte holds
    ~13,000 distinct tokens; ~10,000 of them carry a comma, a full stop or a quotation mark). Stripped of its
    opening and closing punctuation such a token is one word: its first word, folded, unless punctuation opens it
    (then False), and its last, unless punctuation closes it (then None). ``_fold`` differs from ``str.lower``
    only where the lower-cased form holds a final sigma or a dotted i; those few tokens are left to ``_ends``."""
    new = _TAIL.new_in_bulk(types, _BULK, _HEAD, _KEY)
    if not new:
        return
    cores = list(map(str.rstrip, map(str.lstrip, new, repeat(_OPENERS)), repeat(_CLOSERS)))
    one_word = list(map(str.isalpha, cores))
    tokens, cores = list(compress(new, one_word)), list(compress(cores, one_word))
    lowered = list(map(str.lower, cores))
    if "ς" in "".join(lowered) or "i\u0307" in "".join(lowered):
        keep = [not ("ς" in w or "i\u0307" in w) for w in lowered]
        tokens, cores, lowered = (
            list(compress(tokens, keep)),
            list(compress(cores, keep)),
            list(compress(lowered, keep)),
        )
    lowered = list(map(sys.intern, lowered))  # as ``_key`` has them
    bare = list(map(eq, tokens, cores))
    _TAIL.update(zip(compress(tokens, bare), compress(lowered, bare)))
    _HEAD.update(zip(compress(tokens, bare), compress(lowered, bare)))
    _KEY.update(zip(compress(tokens, bare), compress(lowered, bare)))
    for token, core, low in compress(zip(tokens, cores, lowered), map(not_, bare)):
        closed, opened = token.endswith(core), token.startswith(core)
        _TAIL[token] = low if closed else None
        _HEAD[token] = low if opened else False
        _KEY[token] = low if closed or opened else token


# The key of a token with two different words at its edges ("Nord-Süd"): it holds a space, which no token does, so
# it equals no other key.
_COMPOUND = " "


def _key(token: str) -> str:
    """The value the shifted-list comparison of ``_doubled_candidates`` reads for a token: its folded first word
    (which is also its last), else its folded last word (a token opened by punctuation, "„Wir"), else the token
    itself (no word at either edge: "2020", "–", "„Wir“"); ``_COMPOUND`` for a token whose first and last words
    differ. Words are interned, so equal words are the same object and ``operator.is_`` compares them without a
    rich comparison; a token without a word starts with a non-letter, so it is never identical to a word."""
    head, tail = _HEAD[token], _TAIL[token]
    if head and tail and head != tail:
        return _COMPOUND
    if head or tail:
        return sys.intern(head or tail)
    return token


_KEY = WordCache(_key)
_WORD_START = LETTERS.match


def _doubled_candidates(doc: Document, ctx: Context) -> list[int]:
    """Start offsets of the words equal to the next word ignoring case, in the paragraphs where ``_DOUBLED`` can
    match: every offset where it can begin is among them (extra ones are harmless to ``matches_at``).

    Why: ``_DOUBLED`` matches a word, whitespace, and the same word again. The first word ends a whitespace
    token and the second starts the next one, so the token's last word equals the next token's first word after
    each character's simple lower-case mapping (how the regex engine compares a back-reference ignoring case).
    Every character case-equivalent to a letter is a letter, so the repeat is the whole next word. ``str.lower``
    differs from the simple mapping only for U+0130 (İ → i + U+0307) and the word-final sigma (Σ → ς); ``_fold``
    maps both back, so words the regex finds equal fold equal.

    How: one value per token (``_key``, judged once per distinct token), and one identity comparison of that list
    with itself shifted by one, both through ``map``. A token's key is its first word, which is also its last unless
    punctuation opens the token (then the key is its last word, the only one a pair can use) or punctuation
    closes it (then it can only be the second of a pair, by its first word); so equal words across a space give
    equal keys, except at the few tokens with two different words ("Nord-Süd Süd"), which are looked at one by
    one (``_compound_pairs``). Only the paragraphs of the pairs found (and the next one, for a pair across a
    line) are split into words, where neighbouring words are compared.
    """
    per = doc.paragraph_tokens
    _settle_one_word_tokens(doc.token_types)
    keys = list(map(_KEY.__getitem__, chain.from_iterable(per)))
    same = true_positions(list(map(is_, keys, keys[1:])))
    pairs = [g for g in same if _WORD_START(keys[g])]  # not "– –", ". .": tokens without a word at their edges
    ends = list(accumulate(map(len, per)))
    pairs.extend(_compound_pairs(keys, per, ends))
    if not pairs:
        return []
    words = region_matches(doc, paragraphs_of(chain(pairs, (j + 1 for j in pairs)), ends))
    folded = list(map(_FOLDED.__getitem__, map(re.Match.group, words)))
    same_as_next = list(map(eq, folded, islice(folded, 1, None)))
    return [words[i].start() for i in true_positions(same_as_next)]


def _compound_pairs(keys: list[str], per: list[list[str]], ends: list[int]) -> list[int]:
    """Indices ``g`` (into the document's tokens, ``keys`` their ``_key``) of the pairs (``g``, ``g + 1``) at a
    token with two different words (key ``_COMPOUND``) where the first token's last word is the second's first.
    ``list.index`` finds those tokens (a scan in C; a set test per paragraph costs more, as a fifth of the
    paragraphs hold one). Beside such a token, the neighbour's key stands for the word it shows the compound
    (see ``_key``), so only a neighbour that is a compound too is looked up."""

    def token(g: int) -> str:
        k = bisect_right(ends, g)
        return per[k][g - ends[k] + len(per[k])]

    out = []
    last = len(keys) - 1
    g = -1
    try:
        while True:
            g = keys.index(_COMPOUND, g + 1)
            here = token(g)
            if g > 0:
                before = keys[g - 1]
                if before is _COMPOUND:
                    before = _TAIL[token(g - 1)]
                if before == _HEAD[here]:
                    out.append(g - 1)
            if g < last:
                after = keys[g + 1]
                if after is _COMPOUND:
                    after = _HEAD[token(g + 1)]
                if _TAIL[here] == after:
                    out.append(g)
    except ValueError:
        return out


class DoubledWordCheck(Check):
    """ "und und", "Treffen Treffen"; not "die die" and other grammatical doubles.

    The pattern ``_DOUBLED`` (a leading look-behind and a back-reference) is costly to run over the whole text,
    as the regex engine tries it at every position. It is now tried only at the start of a word
    equal to the next one (``_doubled_candidates``), in text order and never inside an earlier match: exactly
    the matches ``finditer`` gives, since every place it can match is among the candidates.
    """

    PARAMS = {"allow": list}

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        allow = GRAMMATICAL_DOUBLES | {w.casefold() for w in self.spec.params.get("allow", [])}
        out = []
        for m in matches_at(_DOUBLED, doc.text, _doubled_candidates(doc, ctx)):
            if m.group(1).casefold() in allow or "\n" in m.group(2):
                continue
            if m.group(1) != m.group(3) and m.group(1).casefold() != m.group(3).casefold():
                continue
            out.append(self.finding(doc, m.start(), m.end(), suggestions=[m.group(1)], fix=m.group(1)))
        return out
