"""The shared analysis the rule kinds read: one :class:`RunAnalysis` per run, one :class:`DocumentAnalysis` per
document, each with typed attributes computed on first use.

Why it exists: several rule kinds need the same derived facts (a document's word types, its name index, where each
trigger occurs, where numbers start; a run's transliteration table and glossary words). Computing each once and
sharing it is what keeps 270 rules affordable. Before, the sharing went through an untyped ``ctx.cache`` with
invented string keys and through module-level caches keyed on the configuration object in use; now each shared
fact is an attribute here, named and typed, with the function that computes it named in its docstring.

What belongs where:
- :class:`RunAnalysis`: facts that depend on the configuration alone (the same for every file of a run). An
  :class:`~tqcheck.engine.Engine` makes one and hands it to every document it checks.
- :class:`DocumentAnalysis`: facts about one document (and its source and reference, when given). The engine makes
  one per document; it is what a check receives as ``ctx``.

Verdicts that depend on a word alone (``scan.WordCache`` tables: is this word English, is it a compound) are not
here: they hold for any configuration and any document, so they stay process-wide memo tables in their modules.

The attributes are computed by modules of the layer below the rule kinds (the name index, the trigger index, the
number scanners, the aligner), imported on first use, so a run whose rules need no name analysis never imports
the name index. A fact only one rule family shares among its rules is kept by ``DocumentAnalysis.shared``, keyed by
the family's own function: this module imports no rule kind.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import Config, RuleSpec
from ..document import Document

if TYPE_CHECKING:  # the types only: the modules are imported when an attribute is first computed
    from ..align import Alignment
    from .nameindex import NameIndex, Occurrence, Prefetch
    from .source import NumberIssue
    from .triggers import TriggerIndex

T = TypeVar("T")


_LETTER_RUN = re.compile(r"[^\W\d_]+")


class RunAnalysis:
    """What every document of one run shares, derived from its configuration once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._shared: dict[Callable[..., Any], Any] = {}  # shared(): each builder's result

    def shared(self, build: Callable[[RunAnalysis], T]) -> T:
        """``build(self)``, computed once per run: for a fact about the configuration that the rules of one family
        share (the token modes of the sentence-case rules). The family's module owns ``build``; the function itself
        is the key."""
        try:
            return self._shared[build]
        except KeyError:
            value = self._shared[build] = build(self)
            return value

    @cached_property
    def selected(self) -> list[RuleSpec]:
        """The rules that run, in order (``Config.selected``)."""
        return self.config.selected()

    @cached_property
    def lexicon_triggers(self) -> list[str]:
        """The triggers of every selected lexicon rule: one trigger index per document serves them all."""
        from .triggers import rule_triggers

        return [t for s in self.selected if s.kind == "lexicon" for t in rule_triggers(s.params)]

    @cached_property
    def name_prefetch(self) -> Prefetch:
        """What the name rules will ask the name index to locate, known before any document is read."""
        from .nameindex import prefetch

        return prefetch(self.config)

    @cached_property
    def transliteration_map(self) -> dict[str, str]:
        """English → German spellings from every ``transliteration`` rule of the configuration (the packaged
        name_translit and any a project adds), in rule order, later rules winning."""
        out: dict[str, str] = {}
        for spec in self.config.rules.values():
            if spec.kind == "transliteration":
                out.update(spec.params.get("map", {}))
        return out

    @cached_property
    def house_spellings(self) -> frozenset[str]:
        """The German spellings of the transliteration map (Tokajew, Taschkent): when an article mixes one with the
        English form, the German one is the spelling to suggest, however often the other occurs."""
        return frozenset(v for k, v in self.transliteration_map.items() if k != v)

    @cached_property
    def known_names(self) -> frozenset[str]:
        """Casefolded spellings, English and German, of the transliteration map: a name the house keeps a table
        for is one an editor must see spelt two ways."""
        m = self.transliteration_map
        return frozenset(k.casefold() for k in m) | frozenset(v.casefold() for v in m.values())

    @cached_property
    def glossary_tokens(self) -> dict[str, str]:
        """casefold → glossary spelling, for each capitalised word of four or more letters of each glossary entry."""
        out: dict[str, str] = {}
        for entry in self.config.glossary:
            for tok in _LETTER_RUN.findall(entry):
                if tok[:1].isupper() and len(tok) >= 4:
                    out[tok.casefold()] = tok
        return out

    @cached_property
    def glossary_index(self) -> tuple[list[tuple[str, str]], dict[str, list[int]]]:
        """The glossary words in order, and their positions by first letter ("p" + letter) and ending ("s" + 3)."""
        entries = list(self.glossary_tokens.items())
        index: dict[str, list[int]] = defaultdict(list)
        for i, (gk, _) in enumerate(entries):
            index["p" + gk[:1]].append(i)
            index["s" + gk[-3:]].append(i)
        return entries, dict(index)


class DocumentAnalysis:
    """What the rules share about one document: the ``ctx`` a check's ``run(doc, ctx)`` receives.

    ``doc`` is the document being checked, ``source`` and ``reference`` the documents given with it (or None),
    ``run`` the run's shared analysis. The attributes below are computed on first use.
    """

    def __init__(
        self,
        doc: Document,
        run: RunAnalysis | Config,
        source: Document | None = None,
        reference: Document | None = None,
    ) -> None:
        self.doc = doc
        self.run = run if isinstance(run, RunAnalysis) else RunAnalysis(run)
        self.source = source
        self.reference = reference
        # Memo tables filled by the rules as they go (keyed by a span, a paragraph or a parameter):
        self.caps_sentences: dict[tuple[int, int], bool] = {}  # names: a sentence set in capitals
        self.english_quotes: dict[tuple[int, int], bool] = {}  # romanization: a quotation that is English
        self.line_tables: dict[int | None, list[tuple[int, int]]] = {}  # lexicon: lines, per max_line
        self.mark_positions: dict[str, list[int]] = {}  # typography: offsets of each quotation mark
        self.sentence_case_paragraphs: dict[str, list[int]] = {}  # sentence_case: paragraphs per token mode
        self.paragraph_first_tokens: list[str] | None = None  # sentence_case: each paragraph's first token
        self._shared: dict[Callable[..., Any], Any] = {}  # shared(): each builder's result
        self.source_number_issues: list[NumberIssue] | None = None  # source: the number rules' shared findings

    @property
    def config(self) -> Config:
        return self.run.config

    @cached_property
    def vocabulary(self) -> str:
        """The distinct whitespace tokens of prose joined by spaces: a word occurs as a whole word in the text
        exactly where it does in one of them. A token longer than ``LONGEST_TOKEN`` (a base64 blob, a line of
        letters without a space) is left out: no word of running text is that long, and judging what such a
        token holds would cost time in proportion to its length for each word found inside it."""
        from .nameindex import LONGEST_TOKEN

        return " ".join(t for t in self.doc.token_types if len(t) <= LONGEST_TOKEN)

    @cached_property
    def word_types(self) -> dict[str, None]:
        """Every word type (the tokens of ``doc.words``) in order of first occurrence (``nameindex.word_types``)."""
        from .nameindex import word_types

        return word_types(self.doc, self)

    @cached_property
    def name_index(self) -> NameIndex:
        """Word types, name candidates, entities and located offsets shared by the name rules
        (``nameindex.build_name_index``)."""
        from .nameindex import build_name_index

        return build_name_index(self.doc, self)

    @cached_property
    def name_occurrences(self) -> list[Occurrence]:
        """Name candidates in text order, exemptions applied (``nameindex.find_name_occurrences``)."""
        from .nameindex import find_name_occurrences

        return find_name_occurrences(self.doc, self)

    @cached_property
    def trigger_index(self) -> TriggerIndex:
        """The paragraphs holding each trigger of the selected lexicon rules (``triggers.TriggerIndex``)."""
        from .triggers import TriggerIndex

        return TriggerIndex(self.doc, self.run.lexicon_triggers)

    @cached_property
    def digit_starts(self) -> list[int]:
        """Offsets where a run of decimal digits begins (``scan.digit_run_starts``), except those inside a chain
        of digit runs joined by dots and commas too long for a number (``scan.outside_long_numbers``)."""
        from .scan import digit_run_starts, outside_long_numbers

        text = self.doc.text
        return outside_long_numbers(text, digit_run_starts(text))

    @cached_property
    def number_starts(self) -> list[int]:
        """Offsets where a number begins: a digit not preceded by a word character (``\\b\\d``)."""
        text = self.doc.text
        return [i for i in self.digit_starts if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")]

    @cached_property
    def alignment(self) -> Alignment:
        """The sentence alignment of the source with this document (``align.align``); only with a source."""
        from ..align import align

        if self.source is None:
            raise ValueError("no source document to align with")
        return align(self.source, self.doc)

    def shared(self, build: Callable[[Document, DocumentAnalysis], T]) -> T:
        """``build(doc, self)``, computed once per document: for a fact the rules of one family share among
        themselves (the English candidate sentences of both language rules, the spelling verdicts of the three
        spelling rules). The family's module owns ``build``; the function itself is the key, so no name is
        invented and the result has the builder's type."""
        try:
            return self._shared[build]
        except KeyError:
            value = self._shared[build] = build(self.doc, self)
            return value
