"""Typography: quotation marks, apostrophes, dashes and doubled words.

German news copy quotes „so“ (or »so« in some houses; "so" is common online, so the straight-quote rule follows
the ``quotes`` house-style setting). English curly quotes “…”, an unpaired „ and a grave accent used as an
apostrophe are MT or copy-paste artifacts whatever the house style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..document import Document
from ..model import Finding
from .base import Check, Context

_STRAIGHT = re.compile(r'"')
_ENGLISH_PAIR = re.compile(r"“([^“”„\n]{1,400})”")
_ACCENT = re.compile(r"[´`]")  # literal first: a look-behind in front would be tried at every position
_DOUBLED = re.compile(r"(?<![^\W\d_])([^\W\d_]+)(\s+)(\1)(?![^\W\d_])", re.IGNORECASE)
# Doubles that are grammatical German: "die die Regierung ...", "dass das", "sie sie".
GRAMMATICAL_DOUBLES = frozenset(
    "die der das den dem des sie es er wir ihr was wer wie ob so da man sein haben hatte war ist".split()
)
OPEN_QUOTE = {"german": "„", "guillemets": "»", "swiss": "«"}
CLOSE_QUOTE = {"german": "“", "guillemets": "«", "swiss": "»"}


class TypographyCheck(Check):
    PARAMS = {"mode": str}
    MODES = ("straight_quotes", "english_quotes", "unpaired_quotes", "apostrophe", "double_hyphen")

    @classmethod
    def validate(cls, spec) -> None:
        if spec.params.get("mode") not in cls.MODES:
            raise ValueError(f"'mode' must be one of {', '.join(cls.MODES)}")

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        return list(getattr(self, "_" + self.spec.params["mode"])(doc, ctx))

    def _straight_quotes(self, doc: Document, ctx: Context):
        style = ctx.config.quotes
        if style in ("straight", "any"):
            return
        op, cl = OPEN_QUOTE[style], CLOSE_QUOTE[style]
        text = doc.text
        for ps, pe in doc.paragraphs:
            opened = False
            for m in _STRAIGHT.finditer(text, ps, pe):
                i = m.start()
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
        style = ctx.config.quotes
        if style == "any":
            return
        op, cl = OPEN_QUOTE.get(style, "„"), CLOSE_QUOTE.get(style, "“")
        text = doc.text
        for m in _ENGLISH_PAIR.finditer(text):
            repl = op + m.group(1) + cl
            yield self.finding(doc, m.start(), m.end(), suggestions=[repl], fix=repl)
        paired = {m.end() - 1 for m in _ENGLISH_PAIR.finditer(text)}
        for m in re.finditer("”", text):
            if m.start() in paired:
                continue
            yield self.finding(doc, m.start(), m.end(), suggestions=[cl], fix=cl)

    def _unpaired_quotes(self, doc: Document, ctx: Context):
        """Pair „ and “ across the whole article: a quotation may run over several paragraphs, each
        re-opened with „ (German convention), so only an opening never closed, a second opening in the same
        paragraph, or a closing quote with nothing open is reported."""
        text = doc.text
        open_pos: int | None = None
        open_para = -1
        for pi, (ps, pe) in enumerate(doc.paragraphs):
            for m in re.finditer("[„“]", text[ps:pe]):
                i = ps + m.start()
                if m.group() == "„":
                    if open_pos is not None and open_para == pi:
                        yield self.finding(doc, open_pos, open_pos + 1, suggestions=[])
                    open_pos, open_para = i, pi
                elif open_pos is not None:
                    open_pos = None
                else:
                    prev = text[i - 1] if i > ps else " "
                    if prev.isspace():  # an English-style opening “: reported by english_quotes
                        continue
                    yield self.finding(doc, i, i + 1, suggestions=[])
        if open_pos is not None:
            yield self.finding(doc, open_pos, open_pos + 1, suggestions=[])

    def _apostrophe(self, doc: Document, ctx: Context):
        text = doc.text
        for m in _ACCENT.finditer(text):
            i = m.start()
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


class DoubledWordCheck(Check):
    """ "und und", "Treffen Treffen"; not "die die" and other grammatical doubles."""

    PARAMS = {"allow": list}

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        allow = GRAMMATICAL_DOUBLES | {w.casefold() for w in self.spec.params.get("allow", [])}
        out = []
        for m in _DOUBLED.finditer(doc.text):
            if m.group(1).casefold() in allow or "\n" in m.group(2):
                continue
            if m.group(1) != m.group(3) and m.group(1).casefold() != m.group(3).casefold():
                continue
            out.append(self.finding(doc, m.start(), m.end(), suggestions=[m.group(1)], fix=m.group(1)))
        return out
