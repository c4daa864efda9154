"""Rule kinds: each kind is a class, each rule in rules.yaml an instance of one.

Kinds are resolved lazily by dotted name (sacrebleu's ``_TOKENIZERS`` habit) so that ``tqcheck --help`` or a
run with only lexicon rules never imports langdetect or sacrebleu.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from ..config import register_kinds

_KIND_PATHS = {
    "lexicon": "tqcheck.checks.lexicon:LexiconCheck",
    "name_variants": "tqcheck.checks.names:NameVariantsCheck",
    "transliteration": "tqcheck.checks.names:TransliterationCheck",
    "casing": "tqcheck.checks.names:CasingCheck",
    "number_format": "tqcheck.checks.numbers:NumberFormatCheck",
    "magnitude": "tqcheck.checks.numbers:MagnitudeCheck",
    "numeric_claims": "tqcheck.checks.numbers:NumericClaimsCheck",
    "untranslated": "tqcheck.checks.language:UntranslatedCheck",
    "english_words": "tqcheck.checks.language:EnglishWordsCheck",
    "typography": "tqcheck.checks.typography:TypographyCheck",
    "doubled_word": "tqcheck.checks.typography:DoubledWordCheck",
    "source_numbers": "tqcheck.checks.source:SourceNumbersCheck",
    "source_names": "tqcheck.checks.source:SourceNamesCheck",
    "source_copy": "tqcheck.checks.source:SourceCopyCheck",
    "source_omission": "tqcheck.checks.source:SourceOmissionCheck",
    "length_ratio": "tqcheck.checks.source:LengthRatioCheck",
    "reference_gate": "tqcheck.checks.reference:ReferenceGateCheck",
    "directive": "tqcheck.checks.directive:UnusedDirectiveCheck",
    "spelling": "tqcheck.checks.spelling:SpellingCheck",
    "romanization": "tqcheck.checks.romanization:RomanizationCheck",
    "sentence_case": "tqcheck.checks.sentence_case:SentenceCaseCheck",
}


# What each kind needs besides the article, known without importing it: a run without --source never loads
# the source kinds (their module compiles its many patterns at import).
KIND_NEEDS: dict[str, frozenset[str]] = {
    "source_numbers": frozenset({"source"}),
    "source_names": frozenset({"source"}),
    "source_copy": frozenset({"source"}),
    "source_omission": frozenset({"source"}),
    "length_ratio": frozenset({"source"}),
    "reference_gate": frozenset({"reference"}),
}


# The kinds whose rules ask the shared name index (checks.nameindex) to locate words in its one pass over the text,
# each with the function that names them (called with a rule's params and the index); resolved on first use.
NAME_INDEX_WORDS: dict[str, str] = {
    "casing": "tqcheck.checks.names:casing_words",
    "romanization": "tqcheck.checks.romanization:names_to_locate",
}


class _LazyKinds(Mapping):
    def __init__(self, paths: dict[str, str]) -> None:
        self._paths = paths
        self._loaded: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        if name not in self._loaded:
            module, _, attr = self._paths[name].partition(":")
            self._loaded[name] = getattr(importlib.import_module(module), attr)
        return self._loaded[name]

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __contains__(self, name: object) -> bool:
        return name in self._paths


KINDS: Mapping[str, type] = _LazyKinds(_KIND_PATHS)
register_kinds(KINDS)  # the table tqcheck.config validates rules against (it may not import this package)
