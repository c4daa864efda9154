"""tqcheck as a library: load a rule set once, check texts and files with it, and get the findings the command line
reports, field for field.

Why a module of its own: a news desk's tooling (a CMS hook, a notebook, a cluster job) needs the checks without a
process per article and without the command line's policy (exit codes, the garbage collector's settings,
progress bars). Everything here is what the CLI does for one document: decoding, Markdown and HTML masking,
inline directives, huge inputs in pieces, a source and a reference; the CLI's runner calls :func:`check_document`
for each of its files.

    >>> from tqcheck import check_text, load_rules
    >>> rules = load_rules(select=["lex_ministerentnahme"])
    >>> [f.rule for f in check_text("Die Ministerentnahme wurde verschoben.", rules=rules)]
    ['lex_ministerentnahme']

A :class:`Rules` pickles as its configuration and builds its engine again where it is unpickled, so it can be
sent to worker processes and cluster workers.
"""

from __future__ import annotations

import os
from typing import Any

from .config import Config
from .document import Document
from .engine import Engine
from .markup import load_document
from .model import Finding
from .resolve import Options, resolve_config
from .textio import Decoded, decode_bytes, read_text

__all__ = ["Rules", "load_rules", "check_text", "check_file", "check_document"]


class Rules:
    """A loaded rule set: the frozen configuration, and the engine built from it on first use (its compiled
    patterns and the run's shared analysis, kept for every text it checks)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = Engine(self.config)
        return self._engine

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config}  # the engine is rebuilt where the rules are unpickled

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"<tqcheck Rules: {len(self.config.selected())} rules>"


_OVERRIDES = frozenset({"select", "ignore", "extend_select", "fail_on", "glossary", "accept", "min_chrf", "min_bleu", "max_ter"})  # fmt: skip


def load_rules(config: str | os.PathLike[str] | None = None, **overrides: Any) -> Rules:
    """The default pack, with the project file ``config`` merged over it (None: the pack alone; no file is
    looked for), and then ``overrides`` as the command line would give them (``select``, ``ignore``,
    ``extend_select``, ``fail_on``, ``glossary``, ``accept``, ``min_chrf``, ``min_bleu``, ``max_ter``).
    A bad file or value raises :class:`tqcheck.yamlload.ConfigError` or ``ValueError`` with the CLI's message."""
    unknown = set(overrides) - _OVERRIDES
    if unknown:
        raise TypeError(f"load_rules() got unknown settings: {', '.join(sorted(unknown))}")
    opts = Options(config_path=None if config is None else os.fspath(config), no_config=config is None, **overrides)
    return Rules(resolve_config(opts))


_DEFAULT: list[Rules] = []  # the pack alone, loaded on the first call that names no rules


def _rules(rules: Rules | None) -> Rules:
    if rules is not None:
        return rules
    if not _DEFAULT:
        _DEFAULT.append(load_rules())
    return _DEFAULT[0]


def _decoded(text: str | bytes) -> Decoded:
    """Text as the CLI reads it: bytes decoded as a file's are (BOMs, UTF-16/32, Windows-1252 said aloud, binary
    refused with :class:`tqcheck.textio.InputError`); a ``str`` as it is."""
    return decode_bytes(text) if isinstance(text, bytes) else Decoded(text, "utf-8")


def check_document(
    engine: Engine,
    doc: Document,
    source: Document | None = None,
    reference: Document | None = None,
    *,
    pool: Any = None,
    ahead: int = 4,
) -> list[Finding]:
    """The findings of ``doc``, placed and sorted: in ~1 MB pieces when it is huge and has no source or
    reference (bounded memory; ``pool``, an executor, checks the pieces side by side), else whole."""
    from . import chunks

    if len(doc.masked) > chunks.CHUNK_CHARS and source is None and reference is None:  # never builds the view
        return chunks.check_in_chunks(engine, doc, pool, ahead=ahead)
    return engine.check(doc, source=source, reference=reference)


def _as_reported(rules: Rules, findings: list[Finding]) -> list[Finding]:
    """One finding per place, as every report shows them (``report.merge_same_place``: the others' rule ids in
    ``related``), so that ``[f.to_dict() for f in ...]`` is the JSON report's ``findings``."""
    from .report import merge_same_place

    return merge_same_place(findings, {rid: i for i, rid in enumerate(rules.config.rules)})


def check_text(
    text: str | bytes,
    *,
    path: str = "<text>",
    source: str | bytes | None = None,
    reference: str | bytes | None = None,
    rules: Rules | None = None,
) -> list[Finding]:
    """The findings of one article given as text (``path`` names it in the findings and decides Markdown or HTML
    masking by its suffix), with its English ``source`` and a human ``reference`` when given, as text too: the
    findings of the JSON report, in its order."""
    loaded = _rules(rules)
    doc = load_document(path, _decoded(text))
    src = None if source is None else load_document(f"{path} (source)", _decoded(source))
    ref = None if reference is None else load_document(f"{path} (reference)", _decoded(reference))
    return _as_reported(loaded, check_document(loaded.engine, doc, src, ref))


def check_file(
    path: str | os.PathLike[str],
    *,
    source: str | os.PathLike[str] | None = None,
    reference: str | os.PathLike[str] | None = None,
    rules: Rules | None = None,
) -> list[Finding]:
    """The findings of one file, read as the CLI reads it (a one-line :class:`tqcheck.textio.InputError` for a file
    that cannot be checked), with a source and a reference file when given."""
    name = os.fspath(path)
    loaded = _rules(rules)
    doc = load_document(name, read_text(name, digest=False))
    src = None if source is None else load_document(os.fspath(source), read_text(source, digest=False))
    ref = None if reference is None else load_document(os.fspath(reference), read_text(reference, digest=False))
    return _as_reported(loaded, check_document(loaded.engine, doc, src, ref))
