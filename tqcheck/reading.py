"""Reading one input and checking it: decode, prepare (markup, directives), find its source and reference
(explicit, or by the pairing conventions), then check it whole or, when huge, in pieces (:mod:`tqcheck.chunks`)."""

from __future__ import annotations

import os
import sys

from . import chunks
from .api import check_document
from .config import Config
from .engine import Engine
from .markup import load_document as load_document  # re-exported: the runner's and the tests' name for it
from .model import FileResult
from .resolve import Options
from .textio import Decoded, InputError, read_stream, read_text


def read_input(path: str, stdin_name: str = "-", *, digest: bool = True) -> tuple[str, Decoded]:
    """The name to show and the decoded input; ``digest=False`` when the text will not be written back."""
    if path == "-":
        return stdin_name, read_stream(sys.stdin.buffer)
    return path, read_text(path, digest=digest)


def partners(path: str, opts: Options, cfg: Config) -> tuple[str | None, str | None]:
    """Explicit --source/--reference win; otherwise the pairing conventions of :mod:`tqcheck.pairing`."""
    from .pairing import find_partner

    source, reference = opts.source, opts.reference
    if source is None:
        found = find_partner(path, "source", cfg.source_pattern, opts.source_dir)
        source = str(found) if found else None
    if reference is None:
        found = find_partner(path, "reference", cfg.reference_pattern)
        reference = str(found) if found else None
    return source, reference


def check_one(engine: Engine, path: str, opts: Options, pool=None, *, lazy: bool = False) -> FileResult:  # noqa: ANN001 - an Executor
    """Check one input; an unreadable input becomes a FileResult with a one-line error (exit 2 later).

    ``pool`` (worker processes, from ``--jobs``) checks the pieces of a huge input side by side. With ``lazy`` a
    huge input's pieces are checked only as its result's ``source`` is read (``chunks.StreamedResult``).
    """
    try:
        shown, decoded = read_input(path, opts.stdin_filename, digest=opts.documents)
    except InputError as exc:
        return FileResult(path=path, error=str(exc), fail_on=engine.config.fail_on)
    doc = load_document(shown, decoded)
    res = FileResult(path=shown, document=doc, fail_on=engine.config.fail_on)
    if decoded.note:
        res.notes.append(decoded.note)
    source_path, reference_path = partners(path, opts, engine.config)
    source = reference = None
    try:
        if source_path:
            source = load_document(source_path, read_text(source_path))
        if reference_path:
            reference = load_document(reference_path, read_text(reference_path))
    except InputError as exc:
        which = source_path if source is None and source_path else reference_path
        return FileResult(path=str(which), error=str(exc), fail_on=engine.config.fail_on)
    ahead = 2 * max(1, opts.jobs or os.cpu_count() or 1)
    if lazy and len(doc.masked) > chunks.CHUNK_CHARS and source is None and reference is None:
        res = chunks.StreamedResult(path=shown, document=doc, fail_on=res.fail_on, notes=res.notes)
        res.source = chunks.iter_in_chunks(engine, doc, pool, ahead=ahead)
    else:
        res.findings = check_document(engine, doc, source, reference, pool=pool, ahead=ahead)
    if reference is not None:  # scores are reported even when no gate rule is selected
        from .scoring import document_scores, public_scores

        res.scores = public_scores(document_scores(doc, reference))
    else:
        scores = getattr(doc, "meta", {}).get("scores")
        if scores:
            res.scores = scores
    if not opts.documents:
        res.document = None
    return res
