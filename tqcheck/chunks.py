"""Huge inputs (archive dumps, not articles) checked in pieces of ~1 MB: bounded memory, positions mapped back
to the whole file, and with a worker pool the pieces checked side by side (:mod:`tqcheck.workers`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .document import Document
from .engine import PLACE_KEY, Engine, place
from .model import FileResult, Finding, Fix
from .process import keep_results

CHUNK_CHARS = 2_000_000  # beyond this an input is an archive dump, not an article: check it in pieces


def _chunks(text: str, size: int) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of about ``size`` characters at line breaks (paragraph ends where possible),
    so sentence- and paragraph-level rules see whole units and columns stay line-relative."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind("\n", start + size // 2, end)
            end = cut + 1 if cut >= 0 else end  # one huge line: cut anywhere, columns still counted right
        out.append((start, end))
        start = end
    return out


def check_in_chunks(engine: Engine, doc: Document, pool=None, ahead: int = 4) -> list:  # noqa: ANN001 - an Executor
    """Bounded memory for huge inputs: check ~1 MB at a time and map positions back to the whole file.

    Article-level consistency (one name spelled two ways) is judged per piece; for a 100 MB dump that is the
    useful scope anyway. Lines and columns are recomputed against the whole text. With a ``pool`` the pieces are
    checked in worker processes, in order; the pieces and so the findings are the same as without one. All the
    findings of the file, in order: :func:`iter_in_chunks`' pieces joined.
    """
    findings = []
    for piece in iter_in_chunks(engine, doc, pool, ahead):
        findings.extend(piece)
    findings.sort(key=PLACE_KEY)  # all of one file (in order already: the pieces come sorted)
    return findings


def iter_in_chunks(engine: Engine, doc: Document, pool=None, ahead: int = 4) -> Iterator[list[Finding]]:  # noqa: ANN001 - an Executor
    """:func:`check_in_chunks` a piece at a time: each piece's findings placed and sorted as it is checked, so a
    report can write them and let them go (a 200 MB dump has ~900,000 findings). Joined, the pieces are the
    whole file's findings in its order: a piece's findings lie within it, except those at its very end, which
    may sort among the next piece's and are held back to be sorted with them."""
    # Cut in the masked text (the original's offsets; each piece makes its own reader's view, if it needs one).
    text = doc.masked
    masked = doc.raw is not text  # unmasked (plain text): a piece's raw text is its text, sent once
    spans = _chunks(text, CHUNK_CHARS // 2)
    pieces = (  # sliced as they are checked: never a second copy of the whole text
        (doc.path, text[start:end], doc.raw[start:end] if masked else None, doc.kind, doc.encoding)
        for start, end in spans
    )
    if pool is not None and len(spans) > 1:
        from .workers import check_piece

        per_piece = _in_order(pool, check_piece, pieces, ahead)
    else:
        per_piece = (engine.check(Document(p, t, raw=r, kind=k, encoding=e), placed=False) for p, t, r, k, e in pieces)
    directives = doc.meta.get("directives")
    held: list = []  # findings at the end of the piece before: they sort with this one's
    for (start, end), piece_findings in zip(spans, per_piece):
        keep_results()
        if start:  # the first piece's offsets are the whole text's already
            for f in piece_findings:
                f.start += start
                f.end += start
                fix = f.fix
                if fix is not None:  # Fix(...) directly: dataclasses.replace costs ~3x as much, ~20,000 per 10 MB
                    f.fix = Fix(fix.start + start, fix.end + start, fix.replacement, fix.safe)
        if directives is not None:  # inline directives hold their whole-file positions
            piece_findings = [f for f in piece_findings if f.rule == "tq_rule_failed" or not directives.suppresses(f)]
        findings = held + piece_findings
        findings.sort(key=PLACE_KEY)
        cut = len(findings)
        while cut and findings[cut - 1].start >= end:
            cut -= 1
        findings, held = findings[:cut], findings[cut:]
        place(findings, doc)
        yield findings
    place(held, doc)
    yield held


class StreamedResult(FileResult):
    """A :class:`FileResult` whose findings are still to come: ``source`` gives them a list at a time (the pieces
    of a huge input, checked as the report writes them; see ``tqcheck.report.pieces``), and ``findings`` stays
    empty. Read once."""

    source: Iterable[list[Finding]] | None = None


def _in_order(pool, fn, items, ahead: int):  # noqa: ANN001 - an Executor, a function, an iterator
    """``pool.map(fn, items)`` with at most ``ahead`` items in flight: Executor.map would submit (and hold) every
    piece of a 100 MB input at once; this keeps memory to a few pieces while the workers stay busy."""
    from collections import deque

    pending: deque = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
