"""Test helpers that change process-wide memo tables for one test and restore them.

A module of its own, not a test module: importing a test module from inside a running Hypothesis test would
define its @given tests there (a nested-given health check failure when a file is run alone).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tqcheck.checks import typography


@contextmanager
def fresh_token_ends(bulk: bool) -> Iterator[None]:
    """The rule's per-token caches emptied for a test (and restored): with ``bulk`` every new token is settled by
    the bulk pass (``_BULK`` 0), else one by one."""
    caches = (typography._TAIL, typography._HEAD, typography._KEY)
    saved = [dict(c) for c in caches], typography._BULK
    try:
        for c in caches:
            c.clear()
        typography._BULK = 0 if bulk else 10**9
        yield
    finally:
        for c, before in zip(caches, saved[0]):
            c.clear()
            c.update(before)
        typography._BULK = saved[1]
