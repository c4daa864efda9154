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

The attributes are computed by functions of the rule-kind modules (imported on first use, so a run whose rules
need no name analysis never imports the name module); this module only names, types and keeps them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cached_property
from typing import TYPE_CHECKING

from ..config import Config, RuleSpec
from ..document import Document

if TYPE_CHECKING:  # the types only: the modules are imported when an attribute is first computed
    from ..align import Alignment
    from .names import NameIndex, Occurrence, Prefetch
    from .source import NumberIssue
    from .triggers import TriggerIndex
    from .typography import Quotation


_LETTER_RUN = re.compile(r"[^\W\d_]+")


class RunAnalysis:
    """What every document of one run shares, derived from its configuration once."""

    def __init__(self, config: Config) -> None:
        self.config = config

    @cached_property
    def selected(self) -> list[RuleSpec]:
        """The rules that run, in order (``Config.selected``)."""
        return self.config.selected()

    @cached_property
    def lexicon_triggers(self) -> list[str]:
        """The triggers of every selected lexicon rule: one trigger index per document serves them all."""
        from .lexicon import rule_triggers

        return [t for s in self.selected if s.kind == "lexicon" for t in rule_triggers(s.params)]

    @cached_property
    def sentence_case_modes(self) -> frozenset[str]:
        """The token modes of the selected sentence_case rules, so that one token pass serves them all."""
        from .sentence_case import token_modes

        return token_modes(self.selected)

    @cached_property
    def name_prefetch(self) -> Prefetch:
        """What the name rules will ask the name index to locate, known before any document is read."""
        from .names import prefetch

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
        self.source_number_issues: list[NumberIssue] | None = None  # source: the number rules' shared findings

    @property
    def config(self) -> Config:
        return self.run.config

    @cached_property
    def vocabulary(self) -> str:
        """The distinct whitespace tokens joined by spaces (``names.vocabulary``)."""
        return " ".join(self.doc.token_types)

    @cached_property
    def word_types(self) -> dict[str, None]:
        """Every word type (the tokens of ``doc.words``) in order of first occurrence (``names.word_types``)."""
        from .names import word_types

        return word_types(self.doc, self)

    @cached_property
    def name_index(self) -> NameIndex:
        """Word types, name candidates, entities and located offsets shared by the name rules
        (``names.build_name_index``)."""
        from .names import build_name_index

        return build_name_index(self.doc, self)

    @cached_property
    def name_occurrences(self) -> list[Occurrence]:
        """Name candidates in text order, exemptions applied (``names.find_name_occurrences``)."""
        from .names import find_name_occurrences

        return find_name_occurrences(self.doc, self)

    @cached_property
    def trigger_index(self) -> TriggerIndex:
        """The paragraphs holding each trigger of the selected lexicon rules (``triggers.TriggerIndex``)."""
        from .triggers import TriggerIndex

        return TriggerIndex(self.doc, self.run.lexicon_triggers)

    @cached_property
    def digit_starts(self) -> list[int]:
        """Offsets where a run of decimal digits begins (``scan.digit_run_starts``)."""
        from .scan import digit_run_starts

        return digit_run_starts(self.doc.text)

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

    @cached_property
    def english_candidates(self) -> tuple[list[int], list[int]]:
        """Indices of the sentences holding an English function word, and of those holding an English word
        (``language.find_english_candidates``)."""
        from .language import find_english_candidates

        return find_english_candidates(self.doc, self)

    @cached_property
    def spelling_flags(self) -> list[tuple[str, str, str, str, int, int]]:
        """(word, tier, suggestion, reason, start, end) of every flagged word occurrence (``spelling.flag_words``)."""
        from .spelling import flag_words

        return flag_words(self.doc, self)

    @cached_property
    def quotations(self) -> list[Quotation]:
        """The quotations of the paragraphs where a quotation mode may report something
        (``typography.notable_quotations``)."""
        from .typography import notable_quotations

        return notable_quotations(self.doc, self)

    @cached_property
    def english_runs(self) -> list[tuple[bool, bool, int, int]]:
        """The runs of English words ending in a head noun (``sentence_case.find_english_runs``)."""
        from .sentence_case import find_english_runs

        return find_english_runs(self.doc, self)
