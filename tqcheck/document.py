"""A checked text: its lines, paragraphs, sentences and word tokens, and offset → line:column.

Every check reads a :class:`Document` and returns character offsets into ``doc.text``. Regions that must not be
checked (front matter, code, URLs, HTML tags, suppressed paragraphs) are blanked with spaces, so the masked text
has the original length. Usually ``doc.text`` is that masked text and offsets need no translating back. A text in
decomposed form (NFD: "Heimbu\u0308ro") or holding invisible break characters (soft hyphen, zero-width space,
word joiner: "Minister\u00adentnahme") is checked as the reader sees it: ``doc.text`` is then the *view*, the
masked text in NFC without those characters, and ``doc.view_map`` (:class:`ViewMap`) takes a finding's offsets
in the view back to the original, where lines, columns, quotes and fixes are taken from.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import accumulate, chain, compress, repeat
from operator import contains, or_, sub

from .segment import CLOSING, SENTENCE_END, split_sentences

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTATION = re.compile(r"„[^„“\n]*“|»[^»«\n]*«")
_PARAGRAPH = re.compile(r"[^\s](?:[^\r\n]*[^\s])?")
# What may end a paragraph after its last sentence: sentence punctuation and closing quotes (segment.py).
_CLOSING_RUN = SENTENCE_END + CLOSING
# Letters only; hyphenated compounds and apostrophes split into parts (names are judged part by part).
WORD = re.compile(r"[^\W\d_]+")
# A token as an editor sees it: letters, digits, internal hyphens, periods inside numbers and apostrophes.
_TOKEN = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")


# Removed from the view: invisible, without width, and inside a word they do not end it (a CMS export's soft
# hyphens, zero-width spaces and word joiners; U+FEFF is the old word joiner). ZWNJ and ZWJ stay: they change how
# a word or an emoji sequence is shown.
INVISIBLE = "\u00ad\u200b\u2060\ufeff"
_REMOVE = dict.fromkeys(map(ord, INVISIBLE))
# A run of non-ASCII characters with the ASCII character before it. No canonical composition has an ASCII second
# character and ASCII characters are starters, so NFC of the whole text is NFC of these runs, each on its own.
# Compiled when first needed (re caches it): most runs never build a view.
_NON_ASCII_RUN = r"[\x00-\x7f]?[^\x00-\x7f]+"


def needs_view(text: str) -> bool:
    """True when ``text`` is not what a reader sees: not in NFC, or holding one of the ``INVISIBLE`` characters.
    C-level passes only (``isascii``, the NFC quick check, four ``in``): the common case costs next to nothing."""
    if text.isascii():
        return False
    return not unicodedata.is_normalized("NFC", text) or any(map(text.__contains__, INVISIBLE))


def reader_form(text: str) -> str:
    """``text`` as the checks see it: NFC, without the ``INVISIBLE`` characters (the plain definition of the
    view that :func:`build_view` builds piece by piece)."""
    return unicodedata.normalize("NFC", text.translate(_REMOVE))


class ViewMap:
    """Where the view differs from the original: blocks ``[vs, ve)`` of the view standing for ``[rs, re)`` of the
    original, sorted, with at least one unchanged character between two blocks (outside blocks the two texts are
    the same, shifted). A removed soft hyphen is a block with ``vs == ve``. A plain slotted class, not a
    dataclass: every start would pay for generating its methods."""

    __slots__ = ("vs", "ve", "rs", "re")

    def __init__(self, vs: list[int], ve: list[int], rs: list[int], re: list[int]) -> None:
        self.vs, self.ve, self.rs, self.re = vs, ve, rs, re

    def __repr__(self) -> str:
        return f"ViewMap(vs={self.vs}, ve={self.ve}, rs={self.rs}, re={self.re})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ViewMap) and (self.vs, self.ve, self.rs, self.re) == (
            other.vs,
            other.ve,
            other.rs,
            other.re,
        )

    def __getstate__(self) -> tuple:  # pickled with a piece's document (--jobs)
        return self.vs, self.ve, self.rs, self.re

    def __setstate__(self, state: tuple) -> None:
        self.vs, self.ve, self.rs, self.re = state

    def start(self, v: int) -> int:
        """The original offset of a span starting at view offset ``v``: after removed characters there, at the
        start of a block ``v`` falls inside."""
        k = bisect.bisect_right(self.vs, v) - 1
        if k < 0:
            return v
        if v >= self.ve[k] and (v > self.vs[k] or self.vs[k] == self.ve[k]):
            return self.re[k] + v - self.ve[k]
        return self.rs[k]

    def end(self, v: int) -> int:
        """The original offset of a span ending at view offset ``v``: before removed characters there, at the end
        of a block ``v`` falls inside."""
        k = bisect.bisect_right(self.vs, v) - 1
        if k < 0:
            return v
        if v == self.vs[k]:
            return self.rs[k]
        if v < self.ve[k]:
            return self.re[k]
        return self.re[k] + v - self.ve[k]

    def view(self, r: int) -> int:
        """The view offset of original offset ``r`` (the start of a block ``r`` falls inside)."""
        k = bisect.bisect_right(self.rs, r) - 1
        if k < 0:
            return r
        if r < self.re[k]:
            return self.vs[k]
        return self.ve[k] + r - self.re[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view's ``[start, end)``; an empty span stays empty."""
        s = self.start(start)
        return s, max(s, self.end(end))


def _clusters(seg: str) -> list[str]:
    """``seg`` cut before each starter (combining class 0) and around each ``INVISIBLE`` character."""
    out: list[str] = []
    for ch in seg:
        if out and unicodedata.combining(ch) and out[-1] not in INVISIBLE:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _blocks(seg: str, new: str) -> list[tuple[str, str]]:
    """(original, view) pieces of one changed run: cluster by cluster where that gives the run's reader form
    (each cluster then maps exactly), else the whole run as one piece."""
    clusters = _clusters(seg)
    forms = [reader_form(c) for c in clusters]
    if "".join(forms) != new:
        return [(seg, new)]
    return list(zip(clusters, forms))


def build_view(text: str) -> tuple[str, ViewMap]:
    """The reader form of ``text`` (equal to ``reader_form(text)``) and the map from its offsets back."""
    parts: list[str] = []
    vs: list[int] = []
    ve: list[int] = []
    rs: list[int] = []
    re_: list[int] = []
    pos = 0  # original text consumed
    vpos = 0  # view length so far
    for m in re.finditer(_NON_ASCII_RUN, text):
        seg = m.group()
        new = reader_form(seg)
        if new == seg:
            continue
        r = m.start()
        parts.append(text[pos:r])
        vpos += r - pos
        for old, form in _blocks(seg, new):
            if old != form:
                if not ve or ve[-1] != vpos:  # a new block; one adjacent to the previous one extends it
                    vs.append(vpos)
                    rs.append(r)
                    ve.append(0)
                    re_.append(0)
                ve[-1], re_[-1] = vpos + len(form), r + len(old)
            parts.append(form)
            vpos += len(form)
            r += len(old)
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts), ViewMap(vs, ve, rs, re_)


def positions_of(text: str, needles: Iterable[str], start: int = 0, end: int | None = None) -> list[int]:
    """Sorted distinct offsets in ``[start, end)`` where one of ``needles`` begins in ``text`` (a string of single
    characters, or any strings: an occurrence may run past ``end``).

    One ``str.find`` per occurrence, jumping from one to the next: for needles that are rare in running text this
    does far less work than a regex alternation or character class, which the regex engine tests position by
    position.
    """
    stop = len(text) if end is None else end
    out: list[int] = []
    count = 0
    for needle in needles:
        count += 1
        limit = stop + len(needle) - 1
        i = text.find(needle, start, limit)
        while i >= 0:
            out.append(i)
            i = text.find(needle, i + 1, limit)
    return sorted(set(out)) if count > 1 else out  # two needles may begin at one offset ("herr", "herrn")


def matches_at(
    pattern: re.Pattern,
    text: str,
    starts: Iterable[int],
    end: int | None = None,
    *,
    time_left: Callable[[], float] | None = None,
    **match_kw: object,
) -> Iterator[re.Match]:
    """The matches ``pattern.finditer(text, 0, end)`` yields, given ``starts``: sorted offsets that include every
    offset where a match of ``pattern`` can begin (extra offsets are harmless). ``match_kw`` goes to each
    ``match`` call; with ``time_left`` (a ``regex`` pattern), each call gets ``timeout=time_left()``, so that one
    budget covers all the calls.

    ``finditer`` looks for the leftmost match at or after the end of the previous one; trying ``pattern.match``
    at each candidate in order, skipping those inside the previous match, finds the same ones, without the regex
    engine trying the pattern at every position of the text. Look-arounds see the whole text, as in ``finditer``;
    after an empty match the search resumes one character on.
    """
    stop = len(text) if end is None else end
    pos = 0
    match = partial(pattern.match, **match_kw) if match_kw else pattern.match  # a C call per start, no dict
    for start in starts:
        if start < pos:
            continue
        m = match(text, start, stop) if time_left is None else match(text, start, stop, timeout=time_left())
        if m is not None:
            yield m
            pos = m.end() if m.end() > start else start + 1


@dataclass
class Document:
    """The text of one input plus lazily computed structure."""

    path: str
    text: str  # given: the masked text (same length as ``raw``); after construction, what the checks read
    raw: str | None = None  # the original text when ``text`` is masked (Markdown); same length
    kind: str = "text"  # "text" | "markdown" | "html"
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)
    masked: str = field(init=False, repr=False)  # the masked text as given, offsets those of ``raw``
    view_map: ViewMap | None = field(init=False, repr=False)  # set when ``text`` is the view

    def __post_init__(self) -> None:
        if self.raw is None:
            self.raw = self.text
        if len(self.raw) != len(self.text):  # pragma: no cover - a programming error, not user input
            raise ValueError("masked text must keep the original length")
        self.masked = self.text
        # What the checks read is decided on first use (``__getattr__``): a huge input checked in pieces decides
        # it once per piece and never for the whole.
        del self.text

    def __getattr__(self, name: str) -> object:
        """``text`` and ``view_map``, made when first read: the masked text itself when a reader sees it as it
        is (the common case: one quick test), else its view (:func:`build_view`)."""
        if name not in ("text", "view_map") or "masked" not in self.__dict__:
            raise AttributeError(name)
        masked = self.masked
        if needs_view(masked):
            self.text, self.view_map = build_view(masked)
        else:
            self.text, self.view_map = masked, None
        return self.__dict__[name]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original (``raw``) that the checked text's ``[start, end)`` stands for."""
        return (start, end) if self.view_map is None else self.view_map.span(start, end)

    def to_view(self, offset: int) -> int:
        """The offset into the checked text of ``offset`` into ``raw`` (a placed finding's, for its sentence)."""
        return offset if self.view_map is None else self.view_map.view(offset)

    def view_line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column in ``raw`` of ``offset``, an offset into the checked text (a check's)."""
        return self.line_col(offset if self.view_map is None else self.view_map.start(offset))

    # ------------------------------------------------------------------ geometry
    @cached_property
    def line_starts(self) -> list[int]:
        raw = self.raw
        if "\r" not in raw:  # the usual case: one str.find per line, no regex tried at every position
            return [0, *(i + 1 for i in positions_of(raw, "\n"))]
        starts = [0]
        starts.extend(map(re.Match.end, _LINE_BREAK.finditer(raw)))  # map: no Python frame per match
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of ``offset``, an offset into ``raw`` (a finding's once the
        engine has mapped it back: :meth:`to_raw`)."""
        offset = max(0, min(offset, len(self.raw)))
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return idx + 1, offset - self.line_starts[idx] + 1

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of each line without its line break."""
        out = []
        starts = self.line_starts
        for i, s in enumerate(starts):
            e = starts[i + 1] if i + 1 < len(starts) else len(self.raw)
            while e > s and self.raw[e - 1] in "\r\n":
                e -= 1
            out.append((s, e))
        return out

    def line_text(self, line: int) -> str:
        s, e = self.lines[line - 1]
        return self.raw[s:e]

    # ------------------------------------------------------------------ structure
    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Non-blank lines, without their leading and trailing whitespace. News copy keeps one paragraph per
        line; a wrapped paragraph still splits into sentences correctly because sentences are found per line and
        rarely cross a line break. Each runs from a line's first non-space character to its last (a line ends at
        \r, \n or \r\n, as in ``lines``; other whitespace such as U+2028 stays inside, as ``str.strip`` would
        treat it): one regex pass, or for a text without \r the split and strip passes of ``_paragraph_texts``."""
        return self._paragraph_table[0]

    @cached_property
    def _paragraph_texts(self) -> list[str]:
        """Each paragraph's text, ``text[start:end]`` of ``paragraphs``: made with them (without \r, the stripped
        lines are these texts), for the passes that read every paragraph (tokens, sentence punctuation)."""
        return self._paragraph_table[1]

    @cached_property
    def _paragraph_table(self) -> tuple[list[tuple[int, int]], list[str]]:
        text = self.text
        if "\r" in text:
            spans = list(map(re.Match.span, _PARAGRAPH.finditer(text)))
            return spans, [text[s:e] for s, e in spans]
        # No \r: the lines are text.split("\n"), each stripped by map(str.strip) rather than matched by the regex.
        lines = text.split("\n")
        lengths = list(map(len, lines))
        starts = accumulate(map((1).__add__, lengths), initial=0)
        lead = map(sub, lengths, map(len, map(str.lstrip, lines)))
        bodies = list(map(str.strip, lines))
        spans = [(s + k, s + k + len(b)) for s, k, b in zip(starts, lead, bodies) if b]
        return spans, list(filter(None, bodies))

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans, paragraph by paragraph.

        Most news paragraphs are one sentence: their only sentence punctuation (. ! ? …) is the run that ends
        them, so the paragraph is the sentence and ``split_sentences`` would return it unchanged. Which hold
        punctuation before their closing run ("16. April", "Dr.", two sentences) is found by C-level passes over
        the paragraph texts (each stripped of its closing run, then searched for each mark), and only those go
        to ``split_sentences``.
        """
        text = self.text
        bodies = list(map(str.rstrip, self._paragraph_texts, repeat(_CLOSING_RUN)))
        inner = repeat(False, len(bodies))
        for mark in SENTENCE_END:
            inner = map(or_, inner, map(contains, bodies, repeat(mark)))
        paragraphs = self.paragraphs
        out: list[tuple[int, int]] = []
        done = 0  # paragraphs before this one are in ``out``
        for i in compress(range(len(paragraphs)), inner):  # punctuation before the closing run: split properly
            out.extend(paragraphs[done:i])
            out.extend(split_sentences(text, *paragraphs[i]))
            done = i + 1
        out.extend(paragraphs[done:])
        return out

    @cached_property
    def _sentence_start_list(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """Index of the last sentence starting at or before ``offset`` (-1 before the first)."""
        return bisect.bisect_right(self._sentence_start_list, offset) - 1

    @cached_property
    def _paragraph_start_list(self) -> list[int]:
        return [s for s, _ in self.paragraphs]

    def paragraph_index(self, offset: int) -> int:
        """Index of the last paragraph starting at or before ``offset`` (-1 before the first)."""
        return bisect.bisect_right(self._paragraph_start_list, offset) - 1

    def sentence_at(self, offset: int) -> tuple[int, int]:
        sents = self.sentences
        idx = self.sentence_index(offset)
        if 0 <= idx < len(sents) and sents[idx][0] <= offset <= sents[idx][1]:
            return sents[idx]
        return (offset, offset)

    @cached_property
    def sentence_starts(self) -> frozenset[int]:
        return frozenset(s for s, _ in self.sentences)

    @cached_property
    def paragraph_tokens(self) -> list[list[str]]:
        """Each paragraph's whitespace-separated tokens, as written: one ``str.split`` per paragraph, through
        ``map``, shared by the lexicon's trigger index (where each token occurs) and the name checks (which words
        occur at all)."""
        return list(map(str.split, self._paragraph_texts))

    @cached_property
    def token_types(self) -> dict[str, None]:
        """The distinct tokens of ``paragraph_tokens``, in order of first occurrence (a 1 MB article has ~13,000
        of its ~140,000 tokens: most work that depends on a token alone is done once per type)."""
        return dict.fromkeys(chain.from_iterable(self.paragraph_tokens))

    @cached_property
    def words(self) -> list[tuple[int, int, str]]:
        """Letter-only word tokens (hyphenated compounds split into parts)."""
        return [(m.start(), m.end(), m.group()) for m in WORD.finditer(self.text)]

    @cached_property
    def word_types(self) -> frozenset[str]:
        """The distinct word tokens, as written (one ``findall``; most checks need each word judged once)."""
        return frozenset(WORD.findall(self.text))

    @cached_property
    def word_count(self) -> int:
        return sum(1 for _ in _TOKEN.finditer(self.text))

    @cached_property
    def quote_spans(self) -> list[tuple[int, int]]:
        """Spans of German „…“ / »…« quotations, used to soften checks inside quoted speech."""
        # Tried only where a quotation can open (str.find for „ and »): the regex engine would test every position.
        return list(map(re.Match.span, matches_at(_QUOTATION, self.text, positions_of(self.text, "„»"))))

    @cached_property
    def _quote_start_list(self) -> list[int]:
        return [s for s, _ in self.quote_spans]

    def in_quote(self, offset: int) -> bool:
        # quote_spans come from one finditer: sorted and disjoint, so bisection finds the only candidate.
        idx = bisect.bisect_right(self._quote_start_list, offset) - 1
        return idx >= 0 and offset < self.quote_spans[idx][1]
