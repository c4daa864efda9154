"""One run of tqcheck: resolve the configuration, load each input, check it, and collect results.

Kept apart from :mod:`tqcheck.cli` so tests and other tools can run checks without a command line, and so the
CLI stays argument parsing and exit codes only.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .config import Config, ConfigError, Overrides, find_project_config, load_config
from .document import Document
from .engine import Engine, FileResult
from .files import collect
from .markup import prepare
from .textio import Decoded, InputError, decode_bytes, read_text


@dataclass(frozen=True)
class Options(Overrides):
    """One run's options: the command line's settings (:class:`~tqcheck.config.Overrides`, inherited, so a
    setting is declared once) and what to check and how."""

    paths: list[str] = field(default_factory=list)
    config_path: str | None = None
    no_config: bool = False
    source: str | None = None
    source_dir: str | None = None  # sources named like the articles (tqcheck.pairing)
    reference: str | None = None
    jobs: int = 1
    stdin_filename: str = "-"
    progress: bool = True  # a progress bar on standard error for long runs, when it is a terminal
    # Keep each checked text in its FileResult (reporters that show it, --fix); without, the text and what was
    # computed from it go as soon as the file is checked (less memory, and less to send back from --jobs workers).
    documents: bool = True


def resolve_config(opts: Options, cwd: Path | None = None) -> Config:
    """Default pack < project configuration < command line. The project configuration is ``--config``, else
    (unless ``--no-config``/``--isolated``) the closest one above ``cwd`` (default: the current directory); see
    :func:`tqcheck.config.find_project_config`. Files elsewhere may have their own: :func:`config_for`."""
    from .checks import KINDS

    user = opts.config_path
    found_from = None
    if user is None and not opts.no_config:
        start = cwd or Path.cwd()
        found = find_project_config(start)
        user = str(found) if found else None
        found_from = str(start) if found else None
    return load_config(user, overrides=opts, found_from=found_from, kinds=KINDS)


def project_file_for(path: str, opts: Options) -> str | None:
    """The project configuration that applies to the input ``path`` (None: the default pack alone)."""
    if opts.config_path is not None:
        return opts.config_path
    if opts.no_config:
        return None
    where = Path.cwd() if path == "-" else Path(path).parent
    found = find_project_config(where)
    if found is None:
        return None
    from .config import default_rules_path

    try:
        if found.resolve() == default_rules_path().resolve():
            return None
    except OSError:
        pass
    return str(found)


_CONFIGS: dict[tuple[int, str | None], Config] = {}


def config_for(path: str, cfg: Config, opts: Options) -> Config:
    """The configuration that checks ``path``: ``cfg`` when the same project file applies there (nearly always),
    else the closest project file above ``path``, resolved with the same command-line options (once per file)."""
    project = project_file_for(path, opts)
    same = project == cfg.project or (
        project is not None and cfg.project is not None and os.path.samefile(project, cfg.project)
    )
    if same:
        return cfg
    key = (id(cfg), project)
    other = _CONFIGS.get(key)
    if other is None:
        from dataclasses import replace

        other = _CONFIGS[key] = resolve_config(replace(opts, config_path=project, no_config=project is None))
    return other


def signature(cfg: Config) -> str:
    """What changes the results: tqcheck version, the rule files, the selection (sacrebleu's habit)."""
    import hashlib

    h = hashlib.sha256()
    for digest in cfg.digests:  # hashed when the files were read, not read again
        h.update(digest.encode())
    selected = cfg.selected()
    h.update(",".join(sorted(r.id for r in selected)).encode())
    return f"tqcheck:{__version__}|rules:{h.hexdigest()[:8]}|n:{len(selected)}|fail_on:{cfg.fail_on}"


def load_document(path: str, decoded: Decoded) -> Document:
    prepared = prepare(decoded.text, path)
    doc = Document(path=path, text=prepared.text, raw=decoded.text, kind=prepared.kind, encoding=decoded.encoding)
    doc.meta["decoded"] = decoded
    if prepared.directives is not None:
        doc.meta["directives"] = prepared.directives
    return doc


def read_input(path: str, stdin_name: str = "-", *, digest: bool = True) -> tuple[str, Decoded]:
    """The name to show and the decoded input; ``digest=False`` when the text will not be written back."""
    if path == "-":
        data = sys.stdin.buffer.read()
        return stdin_name, decode_bytes(data)
    return path, read_text(path, digest=digest)


def _partners(path: str, opts: Options, cfg: Config) -> tuple[str | None, str | None]:
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


def check_one(engine: Engine, path: str, opts: Options, pool=None) -> FileResult:  # noqa: ANN001 - an Executor
    """Check one input; an unreadable input becomes a FileResult with a one-line error (exit 2 later).

    ``pool`` (worker processes, from ``--jobs``) checks the pieces of a huge input side by side.
    """
    try:
        shown, decoded = read_input(path, opts.stdin_filename, digest=opts.documents)
    except InputError as exc:
        return FileResult(path=path, error=str(exc), fail_on=engine.config.fail_on)
    doc = load_document(shown, decoded)
    res = FileResult(path=shown, document=doc, fail_on=engine.config.fail_on)
    if decoded.note:
        res.notes.append(decoded.note)
    source_path, reference_path = _partners(path, opts, engine.config)
    source = reference = None
    try:
        if source_path:
            source = load_document(source_path, read_text(source_path))
        if reference_path:
            reference = load_document(reference_path, read_text(reference_path))
    except InputError as exc:
        which = source_path if source is None and source_path else reference_path
        return FileResult(path=str(which), error=str(exc), fail_on=engine.config.fail_on)
    if len(doc.text) > CHUNK_CHARS and source is None and reference is None:
        res.findings = check_in_chunks(engine, doc, pool, ahead=2 * max(1, opts.jobs or os.cpu_count() or 1))
    else:
        res.findings = engine.check(doc, source=source, reference=reference)
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
    checked in worker processes, in order; the pieces and so the findings are the same as without one.
    """
    from .engine import PLACE_KEY, place
    from .model import Fix

    masked = doc.raw is not doc.text  # unmasked (plain text): a piece's raw text is its text, sent once
    spans = _chunks(doc.text, CHUNK_CHARS // 2)
    pieces = (  # sliced as they are checked: never a second copy of the whole text
        (doc.path, doc.text[start:end], doc.raw[start:end] if masked else None, doc.kind, doc.encoding)
        for start, end in spans
    )
    if pool is not None and len(spans) > 1:
        per_piece = _in_order(pool, _worker_check_piece, pieces, ahead)
    else:
        per_piece = (engine.check(Document(p, t, raw=r, kind=k, encoding=e), placed=False) for p, t, r, k, e in pieces)
    findings = []
    directives = doc.meta.get("directives")
    for (start, _), piece_findings in zip(spans, per_piece):
        _keep_results()
        if start:  # the first piece's offsets are the whole text's already
            for f in piece_findings:
                f.start += start
                f.end += start
                fix = f.fix
                if fix is not None:  # Fix(...) directly: dataclasses.replace costs ~3x as much, ~20,000 per 10 MB
                    f.fix = Fix(fix.start + start, fix.end + start, fix.replacement, fix.safe)
        if directives is not None:  # inline directives hold their whole-file positions
            piece_findings = [f for f in piece_findings if f.rule == "tq_rule_failed" or not directives.suppresses(f)]
        findings.extend(piece_findings)
    place(findings, doc)
    findings.sort(key=PLACE_KEY)  # all of one file
    return findings


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


_WORKER_ENGINE: Engine | None = None
_WORKER_OPTS: Options | None = None


def _worker_init(cfg: Config, opts: Options) -> None:
    global _WORKER_ENGINE, _WORKER_OPTS
    gc.set_threshold(*FEWER_GC_PASSES)  # as in run_checks: a worker process does nothing but check
    _WORKER_ENGINE = Engine(cfg)
    _WORKER_OPTS = opts


def _warm_up() -> None:
    """Load, in a fresh worker, what the pieces of a big text will need anyway (rule-kind modules, word-list
    sets, language profiles), while the parent is still reading and decoding the input."""
    assert _WORKER_ENGINE is not None
    from . import wordlists
    from .checks import KIND_NEEDS

    for spec in _WORKER_ENGINE.specs:  # build the checks, importing their kinds (not those a pair would need)
        if not KIND_NEEDS.get(spec.kind):
            _WORKER_ENGINE.check_for(spec)

    wordlists.load_common_tiers()
    if any(spec.kind == "untranslated" for spec in _WORKER_ENGINE.specs):
        from .checks.language import _detector_factory

        _detector_factory()


def _worker_check_piece(piece: tuple[str, str, str | None, str, str]) -> list:
    """One piece of a huge input, in a worker: its findings, unplaced (the parent places them in the whole)."""
    assert _WORKER_ENGINE is not None
    path, text, raw, kind, encoding = piece
    return _WORKER_ENGINE.check(Document(path, text, raw=raw, kind=kind, encoding=encoding), placed=False)


def _worker_check(path: str) -> FileResult:
    assert _WORKER_ENGINE is not None and _WORKER_OPTS is not None
    res = check_one(_WORKER_ENGINE, path, _WORKER_OPTS)
    if res.document is not None:  # keep the raw text only; cached structure is rebuilt on demand
        slim = Document(
            res.document.path, res.document.text, res.document.raw, res.document.kind, res.document.encoding
        )
        for key in ("decoded", "directives"):  # --fix needs how the file was decoded
            if key in res.document.meta:
                slim.meta[key] = res.document.meta[key]
        res.document = slim
    return res


# Cyclic GC thresholds while checking (see _fewer_gc_passes); Python's defaults are (700, 10, 10).
FEWER_GC_PASSES = (100_000, 50, 100)


_FREEZING = False  # inside run_checks, which owns gc.freeze() for this process (see _keep_results)


@contextmanager
def _fewer_gc_passes():
    """Collect cyclic garbage ~100x less often while checking, and restore the settings afterwards.

    A check allocates hundreds of thousands of small objects (tokens, spans, findings) and almost no reference
    cycles; at Python's default thresholds (700, 10, 10) the collector re-walks those live objects over and over,
    ~10% of the time on a 1 MB text. Cycles are still collected, so a 50,000-file run stays bounded. What the run
    keeps is frozen as it goes (``_keep_results``) and unfrozen here at the end, unless someone else's objects
    were frozen already (a pre-fork server): those are left as they are, and nothing is frozen.
    """
    global _FREEZING
    old = gc.get_threshold()
    owned = gc.get_freeze_count() == 0
    gc.set_threshold(*FEWER_GC_PASSES)
    _FREEZING = owned
    try:
        yield
    finally:
        _FREEZING = False
        if owned:
            gc.unfreeze()
        gc.set_threshold(*old)


def _keep_results() -> None:
    """Move every object tracked so far out of the collector's reach (``gc.freeze``, a constant-time list splice)
    once a file's or a piece's findings are in: they live to the end of the run and hold no cycles, yet each
    collection would walk them again (~50 ms on a 10 MB archive's ~45,000 findings, ~0.1 s on 2,000 articles).
    Objects that die still go by reference counting; ``_fewer_gc_passes`` unfreezes them all at the end."""
    if _FREEZING:
        gc.freeze()


def run_checks(cfg: Config, opts: Options) -> list[FileResult]:
    _CONFIGS.clear()  # keyed by the run's configuration object: never one of an earlier run
    with _fewer_gc_passes():
        return _run_checks(cfg, opts)


def _run_checks(cfg: Config, opts: Options) -> list[FileResult]:
    inputs = collect(opts.paths or ["-"], cfg.include or None, cfg.exclude or None)
    names = {str(Path(i.path)) for i in inputs if not i.error}
    if opts.source is None and opts.reference is None and len(names) > 1:
        from .pairing import is_partner_file

        # article.en.txt / article.ref.txt next to article.de.txt are its source and reference, not articles
        inputs = [i for i in inputs if i.error or not is_partner_file(str(Path(i.path)), names)]
    results: list[FileResult | None] = [None] * len(inputs)
    groups: dict[int, tuple[Config, list[tuple[int, str]]]] = {}  # one per configuration in force
    for i, inp in enumerate(inputs):
        if inp.error:
            results[i] = FileResult(path=inp.path, error=inp.error)
        else:
            own = config_for(inp.path, cfg, opts)
            groups.setdefault(id(own), (own, []))[1].append((i, inp.path))
    for own, todo in groups.values():
        _check_group(own, opts, todo, results)
    return [r for r in results if r is not None]


def _check_group(cfg: Config, opts: Options, todo: list[tuple[int, str]], results: list) -> None:
    """Check the inputs ``todo`` (index, path) that share one configuration, into ``results``."""
    jobs = max(1, opts.jobs or (os.cpu_count() or 1))
    with _Progress(len(todo), enabled=opts.progress and _long_run(todo)) as progress:
        if jobs > 1 and len(todo) >= 8 and not any(p == "-" for _, p in todo):
            from concurrent.futures import ProcessPoolExecutor

            chunk = max(1, len(todo) // (jobs * 32))  # small tasks: workers finish together (≤ ~0.1 s apart)
            with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(cfg, opts)) as pool:
                for (i, _), res in zip(todo, pool.map(_worker_check, [p for _, p in todo], chunksize=chunk)):
                    results[i] = res
                    _keep_results()
                    progress.advance()
        else:
            engine = Engine(cfg)
            with ExitStack() as stack:
                pool = None
                if jobs > 1 and any(_huge(p) for _, p in todo):  # one archive dump: its pieces side by side
                    from concurrent.futures import ProcessPoolExecutor

                    pool = stack.enter_context(
                        ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(cfg, opts))
                    )
                    for _ in range(jobs):  # start the workers now: they warm up while this process reads the file
                        pool.submit(_warm_up)
                for i, path in todo:
                    results[i] = check_one(engine, path, opts, pool)
                    _keep_results()
                    progress.advance()


def _huge(path: str) -> bool:
    """More bytes than CHUNK_CHARS: may decode to more characters than that (never fewer bytes than characters)."""
    try:
        return path != "-" and os.path.getsize(path) > CHUNK_CHARS
    except OSError:
        return False


def _long_run(todo: list[tuple[int, str]]) -> bool:
    """Worth a progress bar: many files, or a few big ones (~1 s of work or more)."""
    if len(todo) >= 200:
        return True
    size = 0
    for _, path in todo:
        try:
            size += os.path.getsize(path) if path != "-" else 0
        except OSError:
            pass
    return size >= 2_000_000


class _Progress:
    """A progress bar on standard error, only on a terminal (never in CI logs or pipes), via rich."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()
        self._bar = None
        self._task = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("checking", total=self.total)
        return self

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


__all__ = [
    "ConfigError",
    "Options",
    "resolve_config",
    "config_for",
    "run_checks",
    "check_one",
    "signature",
    "load_document",
]
