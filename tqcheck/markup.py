"""Markdown and HTML articles: check the prose, not front matter, code, URLs or tags; positions stay original.

Prose in Markdown includes the headline and teaser of Hugo/Jekyll front matter (``title``, ``description``,
``summary``: the first text a reader sees) and the alt text of images (``![Bildtext](bild.jpg)``).

Excluded regions are blanked with spaces (newlines kept), so the masked text has the original length and every
offset a check reports is an offset into the file as it is on disk. No parser dependency: news articles use a
small, predictable subset of Markdown, and a blanking scanner that errs towards *checking* a little markup is
safer for a gate than a parser that fails on one odd construct. Entities (``&nbsp;``) are blanked, not decoded,
because decoding would change lengths.

This module also finds the inline directives (``<!-- tqcheck: … -->``, and ``[tqcheck: …]`` lines in plain
text) and hands them to :mod:`tqcheck.directives`. Directives are looked for *after* code is blanked, so a
directive quoted in a code block or in inline code is documentation, not a directive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from .directives import Directives, RawDirective, line_bounds, parse_directives
from .document import Document

if TYPE_CHECKING:
    from .textio import Decoded

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})


@dataclass
class Prepared:
    text: str  # masked text, same length as the original
    kind: str
    directives: Directives | None = None


def kind_of(path: str) -> str:
    """Kind "markdown", "html" or "text", from the file name (standard input is named by ``--stdin-filename``)."""
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def prepare(text: str, path: str) -> Prepared:
    """Mask non-prose regions for Markdown/HTML and directive lines in plain text; find the directives."""
    kind = kind_of(path)
    if kind == "markdown":
        masked, found = _mask_markdown(text)
    elif kind == "html":
        masked, found = _mask_html(text)
    else:
        masked, found = _mask_text(text)
    directives = parse_directives(text, masked, found, kind) if found else None
    return Prepared(masked, kind, directives)


# ---------------------------------------------------------------------------------------------------- masking
def _blank(chars: list[str], start: int, end: int) -> None:
    """Replace ``chars[start:end]`` by spaces, keeping line breaks so line numbers stay right."""
    for i in range(max(0, start), min(end, len(chars))):
        if chars[i] not in "\r\n":
            chars[i] = " "


def _blank_matches(work: str, pattern: re.Pattern[str], group: int | str = 0) -> str:
    chars = list(work)
    for m in pattern.finditer(work):
        _blank(chars, m.start(group), m.end(group))
    return "".join(chars)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# An HTML tag (or doctype / processing instruction); quoted attribute values may contain ">".
_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9:-]*|/[A-Za-z][A-Za-z0-9:-]*|[!?][A-Za-z])(?:\"[^\"]*\"|'[^']*'|[^'\">])*>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# Trailing sentence punctuation after a URL stays prose: "… unter https://example.org." ends a sentence.
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+?(?=[.,;:!?)\]]*(?:\s|$|[<>\"'`]))")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line without its break) for every line."""
    out = []
    for m in _LINE.finditer(text):
        body = m.group().rstrip("\r\n")
        out.append((m.start(), m.start() + len(body), body))
    return out


def _lines_with_directive_marks(text: str) -> list[tuple[int, int, str]]:
    """The lines (as ``_lines`` gives them) that contain "[" or "<!--", the only ones a directive can be.

    A 1 MB article has a handful; finding them with ``str.find`` is 30x cheaper than walking all its lines.
    """
    lines: set[tuple[int, int]] = set()  # each line once, however many marks it holds
    for mark in ("[", "<!--"):
        i = text.find(mark)
        while i >= 0:
            lines.add(line_bounds(text, i))
            i = text.find(mark, i + 1)
    return [(s, e, text[s:e]) for s, e in sorted(lines)]


def _mask_text(text: str) -> tuple[str, list[RawDirective]]:
    """Plain text stays as it is, except lines that are nothing but a directive (those are not prose)."""
    found: list[RawDirective] = []
    chars: list[str] | None = None
    for s, e, body in _lines_with_directive_marks(text):
        m = _TEXT_DIRECTIVE_LINE.fullmatch(body)
        if not m:
            continue
        inner = m.group("bracket") if m.group("bracket") is not None else m.group("comment")
        found.append(RawDirective(s + m.start("all"), s + m.end("all"), inner))
        if chars is None:
            chars = list(text)
        _blank(chars, s, e)
    return ("".join(chars) if chars is not None else text), found


_TEXT_DIRECTIVE_LINE = re.compile(
    r"\s*(?P<all>\[(?P<bracket>\s*tqcheck\s*:[^\]]*)\]|<!--(?P<comment>\s*tqcheck\s*:.*?)-->)\s*", re.I
)


# -------------------------------------------------------------------------------------------------- Markdown
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")
_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_RAW_HTML_BLOCK = re.compile(r"^[ \t]{0,3}<(script|pre|style|textarea)(?=[\s>]|$)", re.I)
_REF_DEFINITION = re.compile(
    r"^[ \t]{0,3}\[(?!\^)[^\]\r\n]+\]:[ \t]*(?:<[^>\r\n]*>|\S+)(?:[ \t]+(?:\"[^\"\r\n]*\"|'[^'\r\n]*'|\([^)\r\n]*\)))?[ \t]*$",
    re.M,
)
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\s]+\](?::)?")
_INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:.|\n(?![ \t]*\r?\n))*?(?<!`)(?P=ticks)(?!`)")
_LINK_TEXT = r"(?:[^\[\]\\\r\n]|\\.|\[[^\[\]\r\n]*\])*"
_LINK_DEST = r"(?:<[^<>\r\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
_LINK_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?"
_IMAGE = re.compile(r"!\[(?P<alt>" + _LINK_TEXT + r")\](?:\(\s*" + _LINK_DEST + _LINK_TITLE + r"\s*\)|\[[^\]\r\n]*\])")
_INLINE_LINK = re.compile(r"(?P<open>\[)" + _LINK_TEXT + r"(?P<tail>\]\(\s*" + _LINK_DEST + _LINK_TITLE + r"\s*\))")
_REF_LINK = re.compile(r"(?P<open>\[)" + _LINK_TEXT + r"(?P<tail>\]\[[^\]\r\n]*\])")


def _front_matter_end(text: str) -> int:
    """End offset of a YAML (``---``) or TOML (``+++``) front matter block at the very start, else 0."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return 0
    delim = text[:3]
    closers = ("---", "...") if delim == "---" else ("+++",)
    for _s, e, body in _lines(text)[1:]:
        if body.rstrip() in closers:
            return e
    return 0  # unclosed: a thematic break, not front matter


# Front matter keys whose values are prose: Hugo's and Jekyll's headline and teaser (``title: "…"``,
# ``description = '…'``). Their value is checked where it stands; the key, quotes and every other key are not.
_PROSE_KEY = re.compile(
    r"^(?P<key>title|description|summary|subtitle|teaser)[ \t]*[:=][ \t]*(?P<value>.*?)[ \t]*$", re.IGNORECASE
)
_BLOCK_SCALAR = re.compile(r"[>|][+-]?\d?")


def _front_matter_prose(text: str, fm_end: int) -> list[tuple[int, int]]:
    """Spans of the prose values (title, description, summary) in the front matter ending at ``fm_end``:
    a quoted or plain value on the key's line, or the lines of a YAML block scalar (``description: >-``)."""
    spans: list[tuple[int, int]] = []
    lines = [ln for ln in _lines(text) if ln[0] < fm_end][1:-1]  # without the opening and closing delimiters
    i = 0
    while i < len(lines):
        s, _e, body = lines[i]
        i += 1
        m = _PROSE_KEY.match(body)
        if not m:
            continue
        value, vs = m.group("value"), s + m.start("value")
        if _BLOCK_SCALAR.fullmatch(value):  # the value is the more-indented lines that follow
            while i < len(lines) and (not lines[i][2].strip() or lines[i][2][:1] in " \t"):
                ls, le, lb = lines[i]
                if lb.strip():
                    spans.append((ls + len(lb) - len(lb.lstrip()), le))
                i += 1
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            vs, value = vs + 1, value[1:-1]
        elif " #" in value:  # a YAML comment after a plain value
            value = value[: value.index(" #")].rstrip()
        if value.strip():
            spans.append((vs, vs + len(value)))
    return spans


def _mask_markdown_blocks(text: str, chars: list[str]) -> None:
    """Front matter (but for its headline and teaser), fenced and indented code, raw <script>/<pre>/<style>
    blocks, reference definitions."""
    fm_end = _mask_front_matter(text, chars)
    fence: tuple[str, int] | None = None  # (fence char, length) while inside a fenced block
    raw_html: str | None = None  # closing tag name while inside a raw HTML block
    prev_blank = True
    in_list = False
    in_indented_code = False
    for s, e, body in _lines(text):
        if s < fm_end:
            continue
        if fence is not None or raw_html is not None:
            _blank(chars, s, e)
            fence, raw_html = _still_open(body, fence, raw_html)
            continue
        opened = _block_opening(body)
        if opened is not None:
            _blank(chars, s, e)
            fence, raw_html = opened
            prev_blank, in_indented_code = False, False
            continue
        blank = not body.strip()
        indent = len(body) - len(body.lstrip(" \t"))
        indented = not blank and (body[:indent].count("\t") > 0 or indent >= 4)
        if indented and not in_list and (prev_blank or in_indented_code):
            _blank(chars, s, e)
            in_indented_code = True
            prev_blank = False
            continue
        if not blank:
            in_indented_code = False
            if _LIST_ITEM.match(body):
                in_list = True
            elif indent == 0 and prev_blank:
                in_list = False
        prev_blank = blank
    work = "".join(chars)
    for m in _REF_DEFINITION.finditer(work):
        _blank(chars, m.start(), m.end())


def _mask_front_matter(text: str, chars: list[str]) -> int:
    """Blank the front matter but for its prose values; where it ends (0: none)."""
    fm_end = _front_matter_end(text)
    _blank(chars, 0, fm_end)
    for s, e in _front_matter_prose(text, fm_end) if fm_end else ():
        chars[s:e] = text[s:e]
    return fm_end


def _block_opening(body: str) -> tuple[tuple[str, int] | None, str | None] | None:
    """A line that opens a fenced code block or a raw HTML block: (fence, closing tag), the tag None when the
    block closes on the same line; None for any other line."""
    m = _FENCE_OPEN.match(body)
    if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
        return (m.group("fence")[0], len(m.group("fence"))), None
    m = _RAW_HTML_BLOCK.match(body)
    if m:
        tag = m.group(1).lower()
        return None, (None if f"</{tag}" in body.lower() else tag)
    return None


def _still_open(
    body: str, fence: tuple[str, int] | None, raw_html: str | None
) -> tuple[tuple[str, int] | None, str | None]:
    """The open block after a line inside it: a fence closes on a line of its character at least as long, a raw
    HTML block on its closing tag."""
    if fence is not None:
        stripped = body.strip()
        if stripped and set(stripped) == {fence[0]} and len(stripped) >= fence[1]:
            return None, None
        return fence, None
    if raw_html is not None and f"</{raw_html}" in body.lower():
        return None, None
    return None, raw_html


def _mask_markdown(text: str) -> tuple[str, list[RawDirective]]:
    chars = list(text)
    _mask_markdown_blocks(text, chars)
    work = _blank_matches("".join(chars), _INLINE_CODE)
    # Comments next: their text is never prose; the ones that are directives are kept for directives.py.
    found = _collect_comment_directives(text, work)
    work = _blank_matches(work, _COMMENT)
    chars = list(work)
    for m in _IMAGE.finditer(work):  # the alt text is prose (a caption's words); "![" and "](url)" are not
        _blank(chars, m.start(), m.start() + 2)
        _blank(chars, m.end("alt"), m.end())
    work = "".join(chars)
    for pattern in (_INLINE_LINK, _REF_LINK):
        for m in pattern.finditer(work):
            _blank(chars, m.start("open"), m.end("open"))  # "[" — the link text stays prose
            _blank(chars, m.start("tail"), m.end("tail"))  # "](url "title")" or "][ref]"
        work = "".join(chars)
    for pattern in (_FOOTNOTE_LABEL, _TAG, _ENTITY, _URL, _EMAIL):
        work = _blank_matches(work, pattern)
    return work, found


# ------------------------------------------------------------------------------------------------------ HTML
_HTML_RAW_ELEMENT = re.compile(r"<(script|style|code|svg|math|template)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)


def _mask_html(text: str) -> tuple[str, list[RawDirective]]:
    found = _collect_comment_directives(text, text)
    work = _blank_matches(text, _COMMENT)
    work = _blank_matches(work, _HTML_RAW_ELEMENT)
    work = _blank_matches(work, re.compile(r"<!\[CDATA\[.*?(?:\]\]>|\Z)", re.S))
    for pattern in (_TAG, _ENTITY, _URL, _EMAIL):
        work = _blank_matches(work, pattern)
    return work, found


def _collect_comment_directives(text: str, work: str) -> list[RawDirective]:
    """``<!-- tqcheck: … -->`` comments that survive code masking (``work``), read from the original text."""
    out = []
    for m in _COMMENT.finditer(work):
        body = text[m.start() + 4 : m.end() - 3] if m.group().endswith("-->") else text[m.start() + 4 : m.end()]
        if re.match(r"\s*tqcheck\s*:", body, re.I):
            out.append(RawDirective(m.start(), m.end(), body))
    return out


__all__ = ["Prepared", "prepare", "kind_of"]


def load_document(path: str, decoded: Decoded) -> Document:
    """The checked document of a decoded file: its prose (Markdown and HTML masked, offsets kept), the raw text
    for positions and fixes, and its inline directives."""
    prepared = prepare(decoded.text, path)
    doc = Document(path=path, text=prepared.text, raw=decoded.text, kind=prepared.kind, encoding=decoded.encoding)
    doc.meta["decoded"] = decoded
    if prepared.directives is not None:
        doc.meta["directives"] = prepared.directives
    return doc
