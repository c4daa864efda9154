"""Showing untrusted text (article text, file names) safely: the one helper every output goes through.

Articles and file names come from anyone who can commit, and reports go to terminals, CI logs and editors.
Raw, an ESC starts terminal commands (``ESC[2J`` clears the screen, OSC 0 sets the window title, OSC 8 makes
hidden hyperlinks), a newline in a file name forges a report line of its own, bidirectional overrides reorder
what is shown, and an undecodable byte in a file name (held as a lone surrogate, PEP 383) cannot be written as
UTF-8 at all. So human-readable formats show such characters as escapes (:func:`visible`), and every format,
machine ones included, names files with undecodable bytes as ``\\xff`` (:func:`escape_surrogates`).
"""

from __future__ import annotations

import re

# Undecodable bytes of a file name (os.fsdecode's surrogateescape) and any other lone surrogate.
_SURROGATES = re.compile("[\ud800-\udfff]")
# What a terminal or a log viewer acts on instead of showing: C0 controls but TAB, DEL, C1 controls (0x9B is a
# one-byte CSI), line and paragraph separators, bidirectional embeddings, overrides and isolates, the
# noncharacters, and lone surrogates.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS + "\ud800-\udfff]"
)


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    """One character as Python would write it in a string literal: ``\\n``, ``\\x1b``, ``\\u202e``."""
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _replace(m: re.Match[str]) -> str:
    return _escape(m.group())


# The same, but line feed and carriage return stay: for formats that escape line breaks themselves (GitHub's %0A).
_UNSAFE_BUT_NEWLINES = re.compile(_UNSAFE.pattern.replace("\x0a-\x1f", "\x0b\x0c\x0e-\x1f"))


def visible(text: str, newlines: bool = False) -> str:
    """``text`` with every character a terminal would act on written as an escape (``\\x1b``, ``\\n``,
    ``\\u202e``; an undecodable file-name byte as ``\\xff``), so it is shown, never obeyed. Tabs stay, and with
    ``newlines`` line feeds and carriage returns too. Text without such characters (nearly all) is returned as it
    is, after one search. Every human-readable output goes through this one function."""
    unsafe = _UNSAFE_BUT_NEWLINES if newlines else _UNSAFE
    if unsafe.search(text) is None:
        return text
    return unsafe.sub(_replace, text)


def escape_surrogates(text: str) -> str:
    """``text`` with lone surrogates (a file name's undecodable bytes) written as ``\\xff``, everything else
    kept: for machine formats, whose own escaping (JSON, XML) handles control characters but which must be
    valid UTF-8."""
    if _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub(_replace, text)
