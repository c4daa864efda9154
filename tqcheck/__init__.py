"""tqcheck: a rule engine that flags machine-translation artifacts in German news copy.

The public API is small on purpose: load a rule set, check a document, get findings back.
Heavy dependencies (langdetect profiles, sacrebleu, word lists) load lazily, on first use.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
