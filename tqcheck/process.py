"""Process policy: how often the cyclic garbage collector runs while checking, and freezing what a run keeps.

Applied by :func:`tqcheck.cli.main` for the console script's whole process (it also leaves by ``os._exit``);
library callers and tests run at Python's defaults unless they enter :func:`checking` themselves. The runner and
the chunker only call :func:`keep_results`, which does nothing outside :func:`checking`; ``--jobs`` workers take
the parent's thresholds, whatever they are.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Cyclic GC thresholds while checking (see checking); Python's defaults are (700, 10, 10).
FEWER_GC_PASSES = (100_000, 50, 100)


_FREEZING = False  # inside checking(), which owns gc.freeze() for this process (see keep_results)


def start_checking() -> tuple[tuple[int, int, int], bool]:
    """Collect cyclic garbage ~100x less often from now on, and freeze what is kept (:func:`keep_results`) unless
    someone else's objects are frozen already; what :func:`stop_checking` needs to undo it.

    A check allocates hundreds of thousands of small objects (tokens, spans, findings) and almost no reference
    cycles; at Python's default thresholds (700, 10, 10) the collector re-walks those live objects over and over,
    ~10% of the time on a 1 MB text. Cycles are still collected, so a 50,000-file run stays bounded. Objects
    someone else froze (a pre-fork server) are left as they are, and then nothing is frozen.
    """
    global _FREEZING
    old = gc.get_threshold()
    owned = gc.get_freeze_count() == 0
    gc.set_threshold(*FEWER_GC_PASSES)
    _FREEZING = owned
    return old, owned


def stop_checking(state: tuple[tuple[int, int, int], bool]) -> None:
    """Undo :func:`start_checking`: the old thresholds, and what it froze unfrozen."""
    global _FREEZING
    old, owned = state
    _FREEZING = False
    if owned:
        gc.unfreeze()
    gc.set_threshold(*old)


@contextmanager
def checking() -> Iterator[None]:
    """:func:`start_checking` for the block, :func:`stop_checking` after it (for callers in-process)."""
    state = start_checking()
    try:
        yield
    finally:
        stop_checking(state)


def keep_results() -> None:
    """Move every object tracked so far out of the collector's reach (``gc.freeze``, a constant-time list splice)
    once a file's or a piece's findings are in: they live to the end of the run and hold no cycles, yet each
    collection would walk them again (~50 ms on a 10 MB archive's ~45,000 findings, ~0.1 s on 2,000 articles).
    Objects that die still go by reference counting; :func:`stop_checking` unfreezes them all."""
    if _FREEZING:
        gc.freeze()
