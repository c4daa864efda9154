"""tqcheck: a rule engine that flags machine-translation artifacts in German news copy.

The public API is small on purpose: load a rule set, check a text or a file, get findings back
(:mod:`tqcheck.api`). It is imported on first use of one of its names, so that ``tqcheck`` on the command line,
which never uses it, pays nothing for it; heavy dependencies (langdetect profiles, sacrebleu, word lists) load
lazily too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

_API = ("Rules", "load_rules", "check_text", "check_file", "check_document")
__all__ = ["__version__", *_API]

if TYPE_CHECKING:
    from .api import Rules, check_document, check_file, check_text, load_rules  # noqa: F401


def __getattr__(name: str) -> Any:
    """``tqcheck.load_rules`` and the rest of the API, imported when first asked for."""
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'tqcheck' has no attribute {name!r}")
