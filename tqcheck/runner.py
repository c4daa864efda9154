"""One run of tqcheck: collect the inputs, group them by the configuration in force, check each group (in this
process or in ``--jobs`` worker processes), and collect the results.

The steps live in their own modules: configuration resolution (:mod:`tqcheck.resolve`), reading and checking one
input (:mod:`tqcheck.reading`), huge inputs in pieces (:mod:`tqcheck.chunks`), the worker processes
(:mod:`tqcheck.workers`), the progress bar (:mod:`tqcheck.progress`) and the collector policy
(:mod:`tqcheck.process`); their public names are re-exported here. Kept apart from :mod:`tqcheck.cli` so tests
and other tools can run checks without a command line.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from . import chunks
from .chunks import CHUNK_CHARS, _chunks, check_in_chunks
from .config import Config, ConfigError
from .document import Document
from .engine import Engine
from .files import collect
from .model import FileResult
from .process import FEWER_GC_PASSES, keep_results
from .reading import check_one, load_document, read_input
from .resolve import Options, config_for, forget_configs, project_file_for, resolve_config, signature


def _worker_check(path: str) -> FileResult:
    """One file, in a worker process; its document slimmed to what the parent may still need."""
    from . import workers

    engine, opts = workers.engine_and_options()
    res = check_one(engine, path, opts)
    if res.document is not None:  # keep the raw text only; cached structure is rebuilt on demand
        slim = Document(
            res.document.path, res.document.masked, res.document.raw, res.document.kind, res.document.encoding
        )
        for key in ("decoded", "directives"):  # --fix needs how the file was decoded
            if key in res.document.meta:
                slim.meta[key] = res.document.meta[key]
        res.document = slim
    return res


def run_checks(cfg: Config, opts: Options) -> list[FileResult]:
    """Check every input ``opts`` names, each with the configuration in force for it; results in input order."""
    return list(iter_checks(cfg, opts))


def iter_checks(cfg: Config, opts: Options, *, lazy: bool = False) -> Iterator[FileResult]:
    """:func:`run_checks` one result at a time, each as soon as it and every input before it are checked, so a
    report can be written while the later files are checked and nothing keeps the results it has written. With
    ``lazy`` a huge input checked in this process comes as a ``chunks.StreamedResult``, its pieces checked as
    they are read, before the next result is asked for."""
    forget_configs()
    inputs = collect(opts.paths or ["-"], cfg.include or None, cfg.exclude or None)
    names = {str(Path(i.path)) for i in inputs if not i.error}
    if opts.source is None and opts.reference is None and len(names) > 1:
        from .pairing import is_partner_file

        # article.en.txt / article.ref.txt next to article.de.txt are its source and reference, not articles
        inputs = [i for i in inputs if i.error or not is_partner_file(str(Path(i.path)), names)]
    ready: dict[int, FileResult] = {}  # checked (or unreadable), not yet given out: an input before it is not done
    groups: dict[int, tuple[Config, list[tuple[int, str]]]] = {}  # one per configuration in force
    for i, inp in enumerate(inputs):
        if inp.error:
            ready[i] = FileResult(path=inp.path, error=inp.error)
        else:
            try:
                own = config_for(inp.path, cfg, opts)
            except ConfigError as exc:  # a broken project file further down: its files say so, the others run
                ready[i] = FileResult(path=inp.path, error=str(exc))
                continue
            groups.setdefault(id(own), (own, []))[1].append((i, inp.path))
    following = 0
    for own, todo in groups.values():
        for i, res in _check_group(own, opts, todo, lazy):
            if i != following and getattr(res, "source", None) is not None:  # held: check its pieces now
                res.source = list(res.source)
            ready[i] = res
            while following in ready:
                yield ready.pop(following)
                following += 1
    while following < len(inputs):
        yield ready.pop(following)
        following += 1


def _check_group(
    cfg: Config, opts: Options, todo: list[tuple[int, str]], lazy: bool = False
) -> Iterator[tuple[int, FileResult]]:
    """Check the inputs ``todo`` (index, path) that share one configuration: (index, result), in order."""
    cores = os.cpu_count() or 1
    jobs = max(1, min(opts.jobs or cores, cores))  # more processes than cores only cost memory (--jobs 10000)
    with _progress(len(todo), opts.progress and _long_run(todo)) as progress:
        if jobs > 1 and len(todo) >= 8 and not any(p == "-" for _, p in todo):
            from concurrent.futures import ProcessPoolExecutor

            from . import workers

            chunk = max(1, len(todo) // (jobs * 32))  # small tasks, so that the workers finish at about the same time
            with ProcessPoolExecutor(
                max_workers=min(jobs, len(todo)), initializer=workers.init, initargs=(cfg, opts, gc.get_threshold())
            ) as pool:
                for (i, _), res in zip(todo, pool.map(_worker_check, [p for _, p in todo], chunksize=chunk)):
                    keep_results()
                    progress.advance()
                    yield i, res
        else:
            engine = Engine(cfg)
            with ExitStack() as stack:
                pool = None
                if jobs > 1 and any(_huge(p) for _, p in todo):  # one archive dump: its pieces side by side
                    from concurrent.futures import ProcessPoolExecutor

                    from . import workers

                    pool = stack.enter_context(
                        ProcessPoolExecutor(
                            max_workers=jobs, initializer=workers.init, initargs=(cfg, opts, gc.get_threshold())
                        )
                    )
                    for _ in range(jobs):  # start the workers now: they warm up while this process reads the file
                        pool.submit(workers.warm_up)
                for i, path in todo:
                    res = check_one(engine, path, opts, pool, lazy=lazy)
                    keep_results()
                    progress.advance()
                    yield i, res


def _huge(path: str) -> bool:
    """More bytes than CHUNK_CHARS: may decode to more characters than that (never fewer bytes than characters)."""
    try:
        return path != "-" and os.path.getsize(path) > chunks.CHUNK_CHARS
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


class _NoProgress:
    """No bar: most runs (one article, a pipe, CI) never import rich's progress."""

    def __enter__(self) -> _NoProgress:
        return self

    def advance(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        pass


def _progress(total: int, wanted: bool):  # noqa: ANN202 - a Progress or a _NoProgress
    """A progress bar on standard error when wanted and it is a terminal (never in CI logs or pipes)."""
    if not (wanted and sys.stderr.isatty()):
        return _NoProgress()
    from .progress import Progress

    return Progress(total)


__all__ = [
    "CHUNK_CHARS",
    "ConfigError",
    "Document",
    "FEWER_GC_PASSES",
    "Options",
    "_chunks",
    "check_in_chunks",
    "check_one",
    "config_for",
    "load_document",
    "project_file_for",
    "iter_checks",
    "read_input",
    "resolve_config",
    "run_checks",
    "signature",
]
