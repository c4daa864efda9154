"""Process policy in one place: the exit code of a ``tqcheck`` run, and how the collector runs while checking.

Exit codes: 0 clean, 1 findings that fail (or, for ``--diff``, fixes to apply), 2 usage, configuration or input
errors. Every path of the main command ends in :func:`exit_code` (the check over its results; ``--diff`` and
``--write-baseline`` told what counts as failing) or a constant here (:data:`ERROR` for errors found before
anything is checked, :data:`CLEAN` for the listing options). The option parser's own usage errors (click's 2)
and the ``rules``/``score`` subcommands' codes stay theirs.

The collector: :func:`start_checking` is applied by :func:`tqcheck.cli.main` for the console script's whole
process (which also leaves by ``os._exit``); library callers and tests run at Python's defaults unless they enter
:func:`checking` themselves. The runner and the chunker only call :func:`keep_results`, which does nothing
outside it; ``--jobs`` workers take the parent's thresholds, whatever they are.

Imports nothing of tqcheck at run time, so the command line may use it before it parses anything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import FileResult, Severity

CLEAN = 0  # nothing at or above the threshold
FAILED = 1  # findings that fail, or fixes --diff would apply
ERROR = 2  # a usage, configuration or input error (takes precedence)


def exit_code(
    results: Iterable[FileResult],
    fail_on: Severity | None = None,
    *,
    failing: bool | None = None,
    exit_zero: bool = False,
) -> int:
    """:data:`ERROR` when an input could not be read; else :data:`FAILED` when ``failing``, which is by default
    "a finding at or above its file's threshold" (the ``fail_on`` of the configuration that checked it, else
    ``fail_on``); else :data:`CLEAN`. ``exit_zero`` (``--exit-zero``) turns :data:`FAILED` into :data:`CLEAN`."""
    results = list(results)
    if any(r.error for r in results):
        return ERROR
    if failing is None:
        failing = any(
            f.severity >= (r.fail_on if r.fail_on is not None else fail_on) for r in results for f in r.findings
        )
    return FAILED if failing and not exit_zero else CLEAN


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
    collection would walk them again (a 10 MB archive holds ~45,000 findings).
    Objects that die still go by reference counting; :func:`stop_checking` unfreezes them all."""
    if _FREEZING:
        gc.freeze()
