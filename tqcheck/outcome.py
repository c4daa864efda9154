"""The exit code of a ``tqcheck`` run, decided in one place: 0 clean, 1 findings that fail (or, for ``--diff``,
fixes to apply), 2 usage, configuration or input errors.

Every path of the command line ends here: the check (:func:`exit_code` over its results), ``--diff`` and
``--write-baseline`` (the same function, told what counts as failing), and the errors found before anything is
checked (:data:`ERROR`). Imports nothing at run time, so the command line may use it before it parses anything.
"""

from __future__ import annotations

from collections.abc import Iterable
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
