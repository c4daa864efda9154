"""What a worker process of ``--jobs`` holds and runs: one engine for the run's configuration, built once per
process, a warm-up, and the check of one piece of a huge input. The per-file task is the runner's."""

from __future__ import annotations

import gc

from .config import Config
from .document import Document
from .engine import Engine
from .resolve import Options

_WORKER_ENGINE: Engine | None = None
_WORKER_OPTS: Options | None = None


def init(cfg: Config, opts: Options, gc_threshold: tuple[int, int, int]) -> None:
    """A new worker: the parent's collector pace (its process policy, whatever it is), and the run's engine."""
    global _WORKER_ENGINE, _WORKER_OPTS
    gc.set_threshold(*gc_threshold)
    _WORKER_ENGINE = Engine(cfg)
    _WORKER_OPTS = opts


def warm_up() -> None:
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


def check_piece(piece: tuple[str, str, str | None, str, str]) -> list:
    """One piece of a huge input, in a worker: its findings, unplaced (the parent places them in the whole)."""
    assert _WORKER_ENGINE is not None
    path, text, raw, kind, encoding = piece
    return _WORKER_ENGINE.check(Document(path, text, raw=raw, kind=kind, encoding=encoding), placed=False)


def engine_and_options() -> tuple[Engine, Options]:
    """This worker's engine and the run's options (after :func:`init`)."""
    assert _WORKER_ENGINE is not None and _WORKER_OPTS is not None
    return _WORKER_ENGINE, _WORKER_OPTS
