"""Find the source and the reference of an article without naming them on the command line.

Conventions, tried in this order (the first existing file wins):

1. ``settings.source_pattern`` / ``settings.reference_pattern`` in rules.yaml: a format string with
   ``{dir}`` (the article's folder), ``{name}`` (its file name), ``{stem}`` (the name without its extension and
   without a ``.de`` language tag) and ``{ext}`` (the extension, with its dot). A relative result is taken
   relative to the article's folder: ``"../en/{stem}.txt"``.
2. ``--source-dir DIR``: ``DIR/{stem}.en{ext}``, then ``DIR/{name}`` (same file name in a parallel folder).
3. Next to the article: ``article.de.txt`` ↔ ``article.en.txt`` (source) and ``article.ref.txt`` (reference).

Why convention over configuration: a newsroom export keeps the three files together; one flag (or none)
then covers a whole folder, and a folder check does not mistake the sources for articles
(:func:`is_partner_file`).
"""

from __future__ import annotations

from pathlib import Path

_PARTNER_TAGS = (".en", ".ref")


def split_name(path: Path) -> tuple[str, str]:
    """("article", ".txt") for article.de.txt or article.txt."""
    name = path.name
    ext = path.suffix
    stem = name[: -len(ext)] if ext else name
    if stem.endswith(".de"):
        stem = stem[:-3]
    return stem, ext


def _from_pattern(article: Path, pattern: str) -> Path | None:
    stem, ext = split_name(article)
    try:
        rel = pattern.format(dir=str(article.parent), name=article.name, stem=stem, ext=ext)
    except (KeyError, IndexError, ValueError):
        return None
    cand = Path(rel)
    if not cand.is_absolute():
        cand = article.parent / cand
    return cand


def find_partner(article: str, role: str, pattern: str | None = None, folder: str | None = None) -> Path | None:
    """The source (``role="source"``) or reference (``role="reference"``) file of ``article``, if any."""
    if article == "-":
        return None
    path = Path(article)
    stem, ext = split_name(path)
    tag = ".en" if role == "source" else ".ref"
    candidates: list[Path] = []
    if pattern:
        cand = _from_pattern(path, pattern)
        if cand is not None:
            candidates.append(cand)
    if folder and role == "source":
        candidates += [Path(folder) / f"{stem}.en{ext}", Path(folder) / path.name]
    candidates.append(path.parent / f"{stem}{tag}{ext}")
    for cand in candidates:
        if cand.is_file() and cand.resolve() != path.resolve():
            return cand
    return None


def is_partner_file(path: str, inputs: set[str]) -> bool:
    """``x.en.txt`` or ``x.ref.txt`` whose article ``x.de.txt`` (or ``x.txt``) is also being checked."""
    p = Path(path)
    ext = p.suffix
    stem = p.name[: -len(ext)] if ext else p.name
    for tag in _PARTNER_TAGS:
        if stem.endswith(tag):
            base = stem[: -len(tag)]
            for cand in (p.parent / f"{base}.de{ext}", p.parent / f"{base}{ext}"):
                if str(cand) in inputs:
                    return True
    return False
