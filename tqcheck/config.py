"""rules.yaml: load it safely, merge a project's file over the default pack, validate with clear errors.

One pipeline, as in Ruff: options as written (dicts from YAML, the command line's :class:`Overrides`) → merged
once, in order (default pack < project file < command line), into a draft → frozen into the :class:`Config` the
engine and the checks read, never changed afterwards (a variant is ``dataclasses.replace(cfg, ...)``). The
project's rules.yaml comes from the repository being checked, so it is untrusted: YAML is loaded with the safe
loader (no object construction), duplicate keys, unknown keys and wrong types are errors that name the file, the
rule and the closest valid key, and every regex is compiled up front.

This module sits below the rule kinds (:mod:`tqcheck.checks` imports it, never the other way round): the kinds a
rule may name, with each kind's ``PARAMS`` and ``validate``, are passed in (``kinds=``) or registered by
:mod:`tqcheck.checks` when it is imported (:func:`register_kinds`). The table is lazy, so validating the trusted
default pack imports no kind's module.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Severity
from .yamlload import ConfigError, Mapping, Sequence, load_yaml, mark_of

__all__ = ["ConfigError", "Config", "Mapping", "RuleSpec", "Sequence", "load_config", "mark_of"]

CATEGORIES = (
    "Accuracy/Mistranslation",
    "Accuracy/Untranslated text",
    "Accuracy/Omission",
    "Accuracy/Addition",
    "Fluency/Spelling",
    "Fluency/Grammar",
    "Fluency/Punctuation",
    "Fluency/Inconsistency",
    "Fluency/Register",
    "Locale convention/Number format",
    "Locale convention/Currency format",
    "Locale convention/Date format",
    "Locale convention/Time format",
    "Style/Awkward",
    "Terminology/Inappropriate for context",
    "Terminology/Inconsistent use of terminology",
    "Verification/Numeric claim",
    "Other",
)

COMMON_RULE_KEYS = {
    "id": str,
    "kind": str,
    "severity": str,
    "category": str,
    "message": str,
    "description": str,
    "suggest": list,
    "fix": str,  # "safe" | "unsafe": how the first suggestion may be applied
    "enabled": bool,
    "examples": dict,
    "note": str,
    "source": (str, list),
    "in_quotes": bool,  # also flag inside quoted speech (default true)
}

SETTINGS_KEYS: dict[str, Any] = {
    "fail_on": str,
    "select": list,
    "ignore": list,
    "extend_select": list,
    "accept": list,
    "glossary": list,
    "quotes": str,
    "per_file_ignores": dict,
    "include": list,
    "exclude": list,
    "min_chrf": (int, float),
    "min_bleu": (int, float),
    "max_ter": (int, float),
    "source_pattern": str,
    "reference_pattern": str,
}

TOP_KEYS = {"version": int, "settings": dict, "rules": list}
QUOTE_STYLES = ("german", "guillemets", "swiss", "straight", "any")
FIX_KINDS = ("safe", "unsafe")


def _closest(word: str, options) -> str:
    """' (did you mean ...?)' for the nearest valid option, or ''."""
    import difflib  # only on the error path

    match = difflib.get_close_matches(word[:100], [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _one_edit_away(word: str, options) -> str | None:
    """The option one insertion, deletion, substitution or swap of neighbours away from ``word``, if any."""
    n = len(word)
    for o in options:
        m = len(o)
        if o == word or abs(m - n) > 1:
            continue
        if m == n:
            diff = [i for i in range(n) if word[i] != o[i]]
            if len(diff) == 1 or (
                len(diff) == 2
                and diff[1] == diff[0] + 1
                and word[diff[0]] == o[diff[1]]
                and word[diff[1]] == o[diff[0]]
            ):
                return o
            continue
        short, long_ = (word, o) if n < m else (o, word)
        i = 0
        while i < len(short) and short[i] == long_[i]:
            i += 1
        if short[i:] == long_[i + 1 :]:
            return o
    return None


@functools.lru_cache(maxsize=1)
def default_rules_path() -> Path:
    """The packaged default pack; in a source checkout, the top-level rules.yaml (one source of truth)."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules.yaml"
    if packaged.is_file():
        return packaged
    return here.parent / "rules.yaml"


@dataclass
class RuleSpec:
    """One validated rule. Kind-specific keys stay in ``params``; the kind's class validates them."""

    id: str
    kind: str
    severity: Severity
    category: str
    message: str
    description: str = ""
    suggest: list[str] = field(default_factory=list)
    fix: str | None = None
    enabled: bool = True
    in_quotes: bool = True
    examples: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    origin: str = ""
    packaged: bool = False  # defined in the packaged pack (not overridden): its patterns are ours and tested


@dataclass(frozen=True, eq=False, repr=False)
class Config:
    """The resolved configuration the engine and the checks read, made once per run by :func:`load_config`.

    Frozen: nothing is assigned after the merge (the lists and mappings it holds are not copied into tuples, so
    the read interface stays as it was; treat them as read-only too). Not slotted on purpose: a check may still
    keep a per-run cache in the instance's ``__dict__`` (checks/names.py's ``_names_prefetch``). Compared by
    identity (runs key configurations by ``id``), with a short repr: generating field-by-field ``__eq__``,
    ``__hash__`` and ``__repr__`` would cost every start for methods nothing calls."""

    rules: dict[str, RuleSpec]
    fail_on: Severity = Severity.ERROR
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)
    quotes: str = "german"
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    min_chrf: float | None = None
    min_bleu: float | None = None
    max_ter: float | None = None
    source_pattern: str | None = None
    reference_pattern: str | None = None
    files: list[str] = field(default_factory=list)  # the rules.yaml files that were read
    project: str | None = None  # the project configuration in force (found or --config), None: defaults only
    found_from: str | None = None  # the directory the project configuration was found from (discovery)
    digests: list[str] = field(default_factory=list)  # sha256 of each, for the run signature

    def __repr__(self) -> str:
        return f"Config({len(self.rules)} rules, files={self.files!r}, fail_on={self.fail_on!s})"

    def selected(self) -> list[RuleSpec]:
        """Rules that run: (select, else enabled-by-default) + extend_select − ignore."""
        rules = list(self.rules.values())
        if self.select is None:
            chosen = {r.id for r in rules if r.enabled}
        else:
            chosen = {r.id for r in rules if any(selector_matches(s, r) for s in self.select)}
        chosen |= {r.id for r in rules if any(selector_matches(s, r) for s in self.extend_select)}
        chosen -= {r.id for r in rules if any(selector_matches(s, r) for s in self.ignore)}
        return [r for r in rules if r.id in chosen]


if TYPE_CHECKING:  # the interfaces this module reads; nothing of them is needed at run time
    from collections.abc import Callable
    from collections.abc import Mapping as AbstractMapping
    from typing import Protocol

    class Overrides(Protocol):
        """The command line's settings, the last layer (:class:`tqcheck.resolve.Options` declares them): lists
        add to the files' (``select`` and ``exclude`` replace theirs when given); ``fail_on`` and the score
        thresholds replace theirs. Validated like a file's, with errors naming ``command line``."""

        select: list[str] | None
        ignore: list[str]
        extend_select: list[str]
        fail_on: str | None
        glossary: list[str]
        accept: list[str]
        min_chrf: float | None
        min_bleu: float | None
        max_ter: float | None
        exclude: list[str] | None  # replaces the settings' exclude globs
        extend_exclude: list[str]  # adds to them

    # A rule kind: a class with ``PARAMS`` (its own rules.yaml keys and their types) and a classmethod
    # ``validate(spec)`` that raises on unusable values (tqcheck.checks.base.Check); the table maps names to kinds.
    KindTable = AbstractMapping[str, Any]
    # How a common field of a rule is read: (raw mapping, file, rule id, the pack rule it overrides) -> value.
    FieldReader = Callable[[dict, str, str, RuleSpec | None], Any]
    # One step of a file's settings: (draft, key, value, the settings mapping, file).
    SettingsStep = Callable[[dict[str, Any], str, Any, Any, str], None]
    # The merge's draft: Config's fields as a dict, changed by each layer in turn, frozen into a Config at the end.
    Draft = dict[str, Any]


_REGISTERED_KINDS: list[KindTable] = []


def register_kinds(kinds: KindTable) -> None:
    """Make ``kinds`` the table :func:`load_config` validates against when it is given none; called by
    :mod:`tqcheck.checks` when it is imported, so the lower layer never imports the higher one."""
    _REGISTERED_KINDS[:] = [kinds]


def _kinds(kinds: KindTable | None) -> KindTable:
    """The kinds to validate against: those given, else the registered table."""
    if kinds is not None:
        return kinds
    if not _REGISTERED_KINDS:
        raise RuntimeError("no rule kinds known: import tqcheck.checks first, or pass kinds=")
    return _REGISTERED_KINDS[0]


def selector_matches(selector: str, rule: RuleSpec) -> bool:
    """A selector is ``ALL``, a rule id, an id prefix (``num_``), or an MQM category (prefix, any case)."""
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if rule.id == s or rule.id.startswith(s):
        return True
    cat = rule.category.casefold()
    sc = s.casefold()
    return cat == sc or cat.startswith(sc + "/") or (("/" in sc) and cat.startswith(sc))


def validate_selectors(
    selectors: list[str], rules: dict[str, RuleSpec], where: str, *, key: str = "", container: Any = None
) -> None:
    """Every selector must match some rule; otherwise name it, the closest rule id, and (from YAML) its line."""
    for i, s in enumerate(selectors):
        if not any(selector_matches(s, r) for r in rules.values()):
            label = f"{key}: " if key else ""
            line, col = mark_of(container, i)
            raise ConfigError(
                where, f"{label}unknown rule, prefix or category {_show(s)}{_closest(s, rules)}", line, col
            )


def validate_accept(entries: list[str], where: str, *, container: Any = None) -> None:
    """``/regex/`` entries of ``accept`` are compiled by the engine with :mod:`re`; compile them here first so a
    bad one is a configuration error naming the entry, not a crash in the middle of a run."""
    for i, w in enumerate(entries):
        if len(w) > 1 and w.startswith("/") and w.endswith("/"):
            try:
                re.compile(w[1:-1])
            except (re.error, RecursionError, OverflowError, MemoryError) as exc:
                line, col = mark_of(container, i)
                raise ConfigError(
                    where, f"settings.accept: invalid regular expression {_show(w)}: {exc}", line, col
                ) from None


def _show(value: Any) -> str:
    """repr() of a user's value, cut short so an error stays one readable line."""
    r = repr(value)
    return r if len(r) <= 60 else r[:57] + "..."


def _check_type(value: Any, typ: Any) -> bool:
    if typ is float or typ == (int, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if typ is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, typ)


def _type_name(typ: Any) -> str:
    if isinstance(typ, tuple):
        return " or ".join(dict.fromkeys(_type_name(t) for t in typ))
    return {
        str: "a string",
        list: "a list",
        dict: "a mapping",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(typ, str(typ))


def _value_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    for typ in (str, dict, list, int, float):
        if isinstance(value, typ):
            return _type_name(typ)
    return type(value).__name__


def _fail(path: str, message: str, container: Any = None, key: Any = None) -> ConfigError:
    line, col = mark_of(container, key) if container is not None else (None, None)
    return ConfigError(path, message, line, col)


def _check_value(path: str, label: str, key: Any, value: Any, typ: Any, container: Any) -> None:
    """Type check one key; a list must hold strings only (every list in rules.yaml is a list of strings)."""
    if not _check_type(value, typ):
        raise _fail(path, f"{label}{key!r} must be {_type_name(typ)}, not {_value_name(value)}", container, key)
    if isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, str):
                line, col = mark_of(value, i)
                if line is None:
                    line, col = mark_of(container, key)
                raise ConfigError(
                    path, f"{label}{key!r} must be a list of strings; item {i + 1} is {_value_name(item)}", line, col
                )


EXAMPLE_KEYS = ("text", "tgt", "src", "ref", "match", "fix", "note", "settings")


def _validate_examples(path: str, rid: str, examples: Any) -> None:
    """examples: {bad: [...], good: [...]}, each item a string or a mapping of EXAMPLE_KEYS to strings."""
    for k, v in examples.items():
        if k not in ("bad", "good"):
            hint = _closest(str(k), ("bad", "good"))
            raise _fail(path, f"rule {rid!r}: examples: unknown key {_show(k)}{hint}", examples, k)
        if v is None:
            continue
        if not isinstance(v, list):
            raise _fail(path, f"rule {rid!r}: examples: {k!r} must be a list", examples, k)
        for i, item in enumerate(v):
            if isinstance(item, str):
                continue
            if not isinstance(item, dict):
                raise _fail(path, f"rule {rid!r}: examples.{k}[{i}] must be a string or a mapping", v, i)
            for ek, ev in item.items():
                if ek not in EXAMPLE_KEYS:
                    hint = _closest(str(ek), EXAMPLE_KEYS)
                    raise _fail(path, f"rule {rid!r}: examples.{k}[{i}]: unknown key {_show(ek)}{hint}", item, ek)
                if ek == "settings":  # per-example settings, e.g. a reference gate {min_chrf: 50}
                    if not isinstance(ev, dict) or not all(k2 in SETTINGS_KEYS for k2 in ev):
                        raise _fail(
                            path, f"rule {rid!r}: examples.{k}[{i}]: 'settings' must map settings keys", item, ek
                        )
                    continue
                if not isinstance(ev, str):
                    raise _fail(path, f"rule {rid!r}: examples.{k}[{i}]: {ek!r} must be a string", item, ek)


_RULE_ID = r"[A-Za-z][A-Za-z0-9_.-]{0,79}"  # compiled on first use (re's cache), not at import


def _rule_id(raw: Any, path: str, index: int) -> str:
    """The rule's id: a mapping's ``id`` of letters, digits, '_', '-' or '.'."""
    if not isinstance(raw, dict):
        raise ConfigError(path, f"rules[{index}] must be a mapping, not {_value_name(raw)}")
    rid = raw.get("id")
    if not isinstance(rid, str) or not re.fullmatch(_RULE_ID, rid or ""):
        where = "id" if "id" in raw else next(iter(raw), None)
        raise _fail(path, f"rules[{index}]: 'id' must be a string of letters, digits, '_', '-' or '.'", raw, where)
    return rid


def _rule_kind(raw: dict, path: str, rid: str, base: RuleSpec | None, existing: dict, kinds: KindTable) -> str:
    """The rule's kind: given, or the overridden pack rule's (which it may not change)."""
    kind = raw.get("kind", base.kind if base else None)
    if kind is None:
        near = _one_edit_away(rid, existing)
        if near:  # meant to override a pack rule, with the id mistyped: say so, not "missing 'kind'"
            raise _fail(path, f"rule {rid!r}: no such rule in the pack (did you mean {near!r}?)", raw, "id")
        raise _fail(
            path, f"rule {rid!r}: missing 'kind' (a new rule needs kind, severity, category, message)", raw, "id"
        )
    if not isinstance(kind, str) or kind not in kinds:
        raise _fail(path, f"rule {rid!r}: unknown kind {_show(kind)}{_closest(str(kind), kinds)}", raw, "kind")
    if base is not None and base.kind != kind:
        raise _fail(path, f"rule {rid!r}: cannot change kind from {base.kind!r} to {kind!r}", raw, "kind")
    return kind


def _check_rule_keys(raw: dict, path: str, rid: str, kind_params: dict[str, Any]) -> None:
    """Every key is a common one or the kind's own, of its declared type; examples are well formed."""
    allowed = {**COMMON_RULE_KEYS, **kind_params}
    label = f"rule {rid!r}: "
    for key, value in raw.items():
        typ = allowed.get(key)
        if typ is None:
            raise _fail(path, f"{label}unknown key {_show(key)}{_closest(str(key), allowed)}", raw, key)
        if value.__class__ is str and (typ is str or typ is object):
            continue  # most values: nothing more to check, and no call for it (every run validates the pack)
        _check_value(path, label, key, value, typ, raw)
    if "examples" in raw:
        _validate_examples(path, rid, raw["examples"])


# How each common field of a rule is read (FieldReader). In this order, so that of several problems in one rule the
# same one is reported first as always.


def _read_severity(raw: dict, path: str, rid: str, base: RuleSpec | None) -> Severity:
    """error, warning or info; a new rule must give it."""
    if "severity" not in raw:
        if base is None:
            raise _fail(path, f"rule {rid!r}: missing 'severity' (error, warning or info)", raw, "id")
        return base.severity
    try:
        return Severity.parse(raw["severity"])
    except ValueError:
        sev = str(raw["severity"])
        raise _fail(
            path,
            f"rule {rid!r}: unknown severity {_show(raw['severity'])}{_closest(sev, ('error', 'warning', 'info'))}"
            " (expected error, warning or info)",
            raw,
            "severity",
        ) from None


def _read_category(raw: dict, path: str, rid: str, base: RuleSpec | None) -> str:
    """One of the MQM categories; a new rule must give it."""
    category = raw.get("category", base.category if base else None)
    if category is None:
        raise _fail(path, f"rule {rid!r}: missing 'category'", raw, "id")
    if category not in CATEGORIES:
        raise _fail(
            path, f"rule {rid!r}: unknown category {_show(category)}{_closest(category, CATEGORIES)}", raw, "category"
        )
    return category


# The fields a message may name: ``{match}`` (the flagged text) and those the rule kinds fill in (``{why}`` of the
# spelling rules, ``{src}`` of the source rules, …; a kind that does not fill one leaves the message as written).
MESSAGE_FIELDS = frozenset(
    "match chrf close context detail expected german hint kind limit metric open ratio src src_sentence value "
    "what why".split()
)


def message_problem(message: str) -> str | None:
    """Why ``message`` cannot be a rule's message template, or None. Only ``{field}`` of :data:`MESSAGE_FIELDS`:
    a format spec (``{match:>20000000}`` wrote a 900 MB report), a conversion or an attribute or index
    (``{match.__class__}``) is refused here, at load, so formatting a finding can neither blow up nor fail."""
    if message.count("{") == message.count("{match}") and message.count("}") == message.count("{match}"):
        return None  # nearly every message: fixed text, or {match} alone
    import string

    try:
        parts = list(string.Formatter().parse(message))
    except ValueError as exc:
        return f"{exc} (write '{{{{' and '}}}}' for literal braces)"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in MESSAGE_FIELDS:
            return f"unknown field {_show('{' + name + '}')} (fields: {', '.join(sorted(MESSAGE_FIELDS))})"
        if spec or conversion:
            return f"field {{{name}}} may not have a format spec or conversion"
    return None


def _read_message(raw: dict, path: str, rid: str, base: RuleSpec | None) -> str:
    """A non-empty message; a new rule must give it. (Whether it is a valid template: :func:`_validate_rule`.)"""
    message = raw.get("message", base.message if base else None)
    if not message:
        raise _fail(path, f"rule {rid!r}: missing 'message'", raw, "message" if "message" in raw else "id")
    return message


def _read_fix(raw: dict, path: str, rid: str, base: RuleSpec | None) -> str | None:
    """How the first suggestion may be applied: 'safe', 'unsafe' or not at all (None)."""
    fix = raw.get("fix", base.fix if base else None)
    if fix is not None and fix not in FIX_KINDS:
        raise _fail(path, f"rule {rid!r}: 'fix' must be 'safe' or 'unsafe'{_closest(str(fix), FIX_KINDS)}", raw, "fix")
    return fix


_RULE_FIELDS: dict[str, FieldReader] = {
    "severity": _read_severity,
    "category": _read_category,
    "message": _read_message,
    "fix": _read_fix,
}
# Fields that need no check beyond their type: the rule's value, else the overridden rule's, else this default
# (``None`` for examples: a fresh mapping each).
_INHERITED: dict[str, Any] = {"description": "", "suggest": (), "enabled": True, "in_quotes": True, "examples": None}


def _inherited_fields(raw: dict, base: RuleSpec | None) -> dict[str, Any]:
    """The :data:`_INHERITED` fields in one pass (no call per field: every run reads the pack's 270 rules)."""
    out = {key: raw[key] if key in raw else (getattr(base, key) if base else d) for key, d in _INHERITED.items()}
    out["suggest"] = list(out["suggest"])
    if out["examples"] is None:
        out["examples"] = {}
    return out


def _validate_params(kind_cls: Any, spec: RuleSpec, raw: dict, path: str) -> None:
    """The kind's own check of its parameters; whatever it raises becomes a ConfigError naming the key."""
    try:
        kind_cls.validate(spec)
    except Exception as exc:  # a kind's validate may let re.error & co. through; it is still the user's rule
        bad = next((k for k in raw if k in kind_cls.PARAMS and k in str(exc)), None)
        bad = bad or next((k for k in raw if k in kind_cls.PARAMS), "id")
        detail = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, re.error) or type(exc).__module__.startswith("regex"):
            detail = f"invalid regular expression in {bad!r}: {detail}"
        raise _fail(path, f"rule {spec.id!r}: {detail}", raw, bad) from None


def _validate_rule(
    raw: Any, path: str, index: int, existing: dict[str, RuleSpec], kinds: KindTable, trusted: bool = False
) -> RuleSpec:
    """Validate one rule: its id and kind, then every key against the common keys and the kind's ``PARAMS``, then
    each common field (:data:`_RULE_FIELDS`, :data:`_INHERITED`) and the message template, then the kind's own
    ``validate``. ``trusted`` (the packaged pack, validated strictly by the test suite) skips importing each
    kind's module just to check its keys (importing every kind would cost each run for kinds that may not run), and the
    message templates."""
    rid = _rule_id(raw, path, index)
    base = existing.get(rid)
    kind = _rule_kind(raw, path, rid, base, existing, kinds)
    kind_cls = None if trusted and base is None else kinds[kind]
    kind_params = kind_cls.PARAMS if kind_cls is not None else {k: object for k in raw if k not in COMMON_RULE_KEYS}
    _check_rule_keys(raw, path, rid, kind_params)
    values = {name: read(raw, path, rid, base) for name, read in _RULE_FIELDS.items()}
    if not trusted and "message" in raw:  # the packaged messages are checked by the suite's strict load
        why = message_problem(values["message"])
        if why is not None:
            raise _fail(path, f"rule {rid!r}: 'message': {why}", raw, "message")
    values.update(_inherited_fields(raw, base))
    params = dict(base.params) if base else {}
    params.update({k: v for k, v in raw.items() if k in kind_params})
    spec = RuleSpec(id=rid, kind=kind, **values, params=params, origin=path, packaged=path == str(default_rules_path()))
    if kind_cls is not None:
        _validate_params(kind_cls, spec, raw, path)
    return spec


# The merge: a draft (Draft) that each layer changes in turn, frozen into a Config at the end.


def _new_draft() -> Draft:
    """Config's defaults, every list and mapping a fresh one."""
    out: Draft = {}
    for f in fields(Config):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
    out["rules"] = {}
    return out


def _draft_of(cfg: Config) -> Draft:
    """A draft to merge more over ``cfg``, sharing none of its containers."""
    out: Draft = {f.name: getattr(cfg, f.name) for f in fields(Config)}
    for key, value in out.items():
        if isinstance(value, list):
            out[key] = list(value)
    out["rules"] = dict(cfg.rules)
    out["per_file_ignores"] = {k: list(v) for k, v in cfg.per_file_ignores.items()}
    return out


# One step per settings key (SettingsStep), in the order the steps run (so of several problems the same one is
# reported first as always).


def _set_fail_on(d: Draft, key: str, value: Any, raw: Any, path: str) -> None:
    """The threshold of the exit code (replaces the earlier layer's)."""
    try:
        d["fail_on"] = Severity.parse(value)
    except ValueError as exc:
        hint = _closest(str(value), ("error", "warning", "info"))
        raise _fail(path, f"settings: fail_on: {exc}{hint}", raw, "fail_on") from None


def _set_quotes(d: Draft, key: str, value: Any, raw: Any, path: str) -> None:
    """The house quotation style, one of QUOTE_STYLES."""
    if value not in QUOTE_STYLES:
        raise _fail(
            path,
            f"settings: quotes must be one of {', '.join(QUOTE_STYLES)}{_closest(value, QUOTE_STYLES)}",
            raw,
            "quotes",
        )
    d["quotes"] = value


def _set_selectors(d: Draft, key: str, value: Any, raw: Any, path: str) -> None:
    """select replaces (the pack's selection is the pack's), ignore and extend_select add."""
    validate_selectors(value, d["rules"], path, key=f"settings.{key}", container=value)
    if key == "select":
        d["select"] = list(value)
    else:
        d[key].extend(value)


def _set_accept(d: Draft, key: str, value: Any, raw: Any, path: str) -> None:
    """Accepted words and /regex/ entries, added (each pattern compiled here, not mid-run)."""
    validate_accept(value, path, container=value)
    d["accept"].extend(value)


def _extend(d: Draft, key: str, value: Any, raw: Any, path: str) -> None:
    """A list setting that adds to the earlier layer's."""
    d[key].extend(value)


def _set_per_file_ignores(d: Draft, key: str, value: Any, raw: Any, path: str) -> None:
    """Glob → rule selectors, each list added to the glob's earlier one."""
    for glob, ids in value.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise _fail(path, f"settings: per_file_ignores[{_show(glob)}] must be a list of rule ids", value, glob)
        validate_selectors(ids, d["rules"], path, key=f"settings.per_file_ignores[{_show(glob)}]", container=ids)
        d["per_file_ignores"].setdefault(str(glob), []).extend(ids)


def _set_finite(d: Draft, key: str, value: Any, raw: Any, path: str) -> None:
    """A score threshold: a finite number (replaces the earlier layer's)."""
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise _fail(path, f"settings: {key!r} must be a finite number", raw, key)
    d[key] = number


def _set(d: Draft, key: str, value: Any, raw: Any, path: str) -> None:
    """A setting that replaces the earlier layer's as it is."""
    d[key] = value


_SETTINGS_STEPS: dict[str, SettingsStep] = {
    "fail_on": _set_fail_on,
    "quotes": _set_quotes,
    "select": _set_selectors,
    "ignore": _set_selectors,
    "extend_select": _set_selectors,
    "include": _extend,
    "exclude": _extend,
    "accept": _set_accept,
    "glossary": _extend,
    "per_file_ignores": _set_per_file_ignores,
    "min_chrf": _set_finite,
    "min_bleu": _set_finite,
    "max_ter": _set_finite,
    "source_pattern": _set,
    "reference_pattern": _set,
}
assert set(_SETTINGS_STEPS) == set(SETTINGS_KEYS)


def _apply_settings(d: Draft, raw: Any, path: str) -> None:
    """A file's ``settings`` over the draft: every key known and of its type, then each key's step."""
    if raw is None:  # "settings:" with everything commented out
        return
    if not isinstance(raw, dict):
        raise ConfigError(path, f"'settings' must be a mapping, not {_value_name(raw)}")
    for key, value in raw.items():
        if key not in SETTINGS_KEYS:
            raise _fail(path, f"settings: unknown key {_show(key)}{_closest(str(key), SETTINGS_KEYS)}", raw, key)
        _check_value(path, "settings: ", key, value, SETTINGS_KEYS[key], raw)
    for key, step in _SETTINGS_STEPS.items():
        if key in raw:
            step(d, key, raw[key], raw, path)


def _check_top_level(data: dict, path: str) -> None:
    """Only version, settings and rules, of their types, and version 1."""
    for key, value in data.items():
        if key not in TOP_KEYS:
            raise _fail(path, f"unknown top-level key {_show(key)}{_closest(str(key), TOP_KEYS)}", data, key)
        if value is None and key in ("rules", "settings"):  # present but empty
            continue
        if not _check_type(value, TOP_KEYS[key]):
            raise _fail(path, f"{key!r} must be {_type_name(TOP_KEYS[key])}, not {_value_name(value)}", data, key)
    if data.get("version", 1) != 1:
        raise _fail(
            path, f"unsupported version {_show(data.get('version'))} (this tqcheck reads version 1)", data, "version"
        )


def _merge_file(d: Draft, data: dict, path: str, kinds: KindTable, trusted: bool = False) -> None:
    """One rules.yaml's data over the draft: its rules (new ones added, pack rules overridden), then its settings."""
    _check_top_level(data, path)
    rules = data.get("rules") or []
    first_line: dict[str, int | None] = {}
    for i, raw in enumerate(rules):
        try:
            spec = _validate_rule(raw, path, i, d["rules"], kinds, trusted)
        except ConfigError as exc:
            if exc.line is None and mark_of(rules, i)[0] is not None:  # point at the list item at least
                raise ConfigError(path, exc.message, *mark_of(rules, i)) from None
            raise
        if spec.id in first_line:
            line, col = mark_of(raw, "id")
            first = first_line[spec.id]
            also = f" (first defined on line {first})" if first else ""
            raise ConfigError(path, f"duplicate rule id {spec.id!r}{also}", line, col)
        first_line[spec.id] = mark_of(raw, "id")[0]
        d["rules"][spec.id] = spec
    if "settings" in data:
        _apply_settings(d, data["settings"], path)
    d["files"].append(path)


def _validate_merged(d: Draft) -> None:
    """The selection and accepted patterns once every file is in (a file's selector may name a later file's rule)."""
    where = d["files"][-1] if d["files"] else "rules.yaml"
    for key in ("select", "ignore", "extend_select"):
        validate_selectors(d[key] or [], d["rules"], where, key=f"settings.{key}")
    for ids in d["per_file_ignores"].values():
        validate_selectors(ids, d["rules"], where, key="settings.per_file_ignores")
    validate_accept(d["accept"], where)


def _apply_overrides(d: Draft, o: Overrides) -> None:
    """The command line over the files' settings, validated as they are, errors naming ``command line``."""
    if o.select is not None:
        d["select"] = list(o.select)
    d["ignore"].extend(o.ignore)
    d["extend_select"].extend(o.extend_select)
    for key in ("select", "ignore", "extend_select"):
        validate_selectors(d[key] or [], d["rules"], "command line")
    if o.fail_on:
        d["fail_on"] = Severity.parse(o.fail_on)  # ValueError: the message is the one to show
    d["glossary"].extend(o.glossary)
    d["accept"].extend(o.accept)
    validate_accept(o.accept, "command line")
    for key in ("min_chrf", "min_bleu", "max_ter"):
        if getattr(o, key) is not None:
            d[key] = getattr(o, key)
    if o.exclude is not None:
        d["exclude"] = list(o.exclude)
    d["exclude"].extend(o.extend_exclude)


MAX_CONFIG_BYTES = 16 * 1024 * 1024  # the default pack is ~0.2 MB; a rules.yaml 80 times that is not one


def read_config_file(path: Path) -> str:
    """A rules.yaml's text, read as an article is (:func:`tqcheck.textio.read_regular`: a regular file, at most
    ``MAX_CONFIG_BYTES``, not binary) and decoded as UTF-8; ConfigError naming the file for anything else."""
    from .textio import InputError, read_regular

    try:
        data = read_regular(path, MAX_CONFIG_BYTES)
    except InputError as exc:
        raise ConfigError(str(path), str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), f"not valid UTF-8 (byte offset {exc.start}); save it as UTF-8") from None
    if "\r" in text:  # line ends as text mode reads them, so a file's digest does not depend on them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


PACK_JSON = Path(__file__).resolve().parent / "data" / "pack.json"


def pack_json(text: str) -> str:
    """The precomputed form of the default pack: its parsed data and the sha256 of the rules.yaml text it was
    parsed from (``python scripts/build_pack.py`` writes it; the wheel build writes a fresh one)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    data = load_yaml(text, "rules.yaml")
    return json.dumps({"sha256": digest, "data": data}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _default_pack(text: str, path: str, digest: str) -> dict:
    """The default pack, parsed: from pack.json when it was built from exactly this text (a JSON load instead of
    importing PyYAML and parsing 100 KB of YAML on every start), else from the YAML itself."""
    try:
        cached = json.loads(PACK_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = None
    if isinstance(cached, dict) and cached.get("sha256") == digest and isinstance(cached.get("data"), dict):
        return cached["data"]
    return load_yaml(text, path)


def load_config(
    user_path: str | Path | None = None,
    *,
    overrides: Overrides | None = None,
    found_from: str | None = None,
    kinds: KindTable | None = None,
    use_defaults: bool = True,
    strict_defaults: bool = False,
) -> Config:
    """The configuration in force: the default pack, then the project's rules.yaml (``user_path``) merged over
    it, then the command line's ``overrides``, merged once and frozen.

    ``kinds`` is the table of rule kinds (default: the one :mod:`tqcheck.checks` registers). ``found_from`` is
    recorded with the project file (where discovery started). The packaged pack is trusted at run time (kind
    modules load only when their rules run); the test suite loads it with ``strict_defaults=True`` so every key
    and pattern of it is validated like a user's file.
    """
    table = _kinds(kinds)
    d = _new_draft()
    if use_defaults:
        dp = default_rules_path()
        text = read_config_file(dp)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        raw = load_yaml(text, str(dp)) if strict_defaults else _default_pack(text, str(dp), digest)
        _merge_file(d, raw, str(dp), table, trusted=not strict_defaults)
        d["digests"].append(digest)
    if user_path is not None and (not use_defaults or Path(user_path).resolve() != default_rules_path().resolve()):
        up = Path(user_path)
        text = read_config_file(up)
        _merge_file(d, load_yaml(text, str(up)), str(up), table)
        d["digests"].append(hashlib.sha256(text.encode("utf-8")).hexdigest())
        if use_defaults:  # read (not the default pack found again under its own name)
            d["project"], d["found_from"] = str(up), found_from
    _validate_merged(d)
    if overrides is not None:
        _apply_overrides(d, overrides)
    return Config(**d)


def merge_over(cfg: Config, data: dict, path: str, *, kinds: KindTable | None = None) -> Config:
    """``cfg`` with one more rules.yaml's parsed ``data`` merged over it (for tools such as the fuzzer: the same
    checks a project file gets, without reading the default pack again)."""
    d = _draft_of(cfg)
    _merge_file(d, data, path, _kinds(kinds))
    _validate_merged(d)
    return Config(**d)


CONFIG_NAMES = ("rules.yaml", ".tqcheck.yaml", "tqcheck.yaml")  # looked for in this order in each directory
_FOUND: dict[str, Path | None] = {}  # directory → the configuration that applies there (one walk per directory)


def clear_discovery_cache() -> None:
    """Forget what was found (each command-line run starts with this; files may have changed since)."""
    _FOUND.clear()


def _refuse_link_out(hit: Path, where: Path) -> None:
    """ConfigError when the configuration ``hit`` found in ``where`` is a symbolic link to a file outside its
    repository (the closest directory above holding ``.git``; outside a repository, ``where`` itself).

    A link inside the repository (a shared house configuration) is followed. One leading out is not read: a
    checked-out repository would otherwise choose which file of the machine tqcheck parses and quotes in its
    errors (``rules.yaml -> /etc/shadow`` in a CI job running as root). ``--config`` names a file the user chose,
    so it is followed wherever it leads."""
    if not hit.is_symlink():
        return
    repository = next((d for d in (where, *where.parents) if (d / ".git").exists()), None)
    root = repository or where
    try:
        target = hit.resolve(strict=True)
        inside = target.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):  # dangling or looping: reading it says which
        return
    if not inside:
        raise ConfigError(
            str(hit),
            f"symbolic link to a file outside {'the repository' if repository else 'its folder'}; not read "
            "(name it with --config to use it)",
        )


def find_project_config(start: Path) -> Path | None:
    """The configuration for files in directory ``start``, found as Ruff finds its own: the closest
    ``rules.yaml`` (else ``.tqcheck.yaml``, else ``tqcheck.yaml``) in ``start`` or a directory above it, stopping
    at the repository root (the directory holding ``.git``) or, outside a repository, at the filesystem root.

    Cheap on purpose (the cold start checks one article): a few ``stat`` calls per directory level, each
    directory's answer kept for the run, so 2,000 files in one folder cost one walk."""
    try:
        here = Path(os.path.abspath(start))
    except (OSError, ValueError):
        return None
    key = str(here)
    if key in _FOUND:
        return _FOUND[key]
    walked: list[str] = []
    found: Path | None = None
    for d in (here, *here.parents):
        dk = str(d)
        if dk in _FOUND:
            found = _FOUND[dk]
            break
        walked.append(dk)
        hit = next((d / name for name in CONFIG_NAMES if os.path.lexists(d / name)), None)
        if hit is not None:  # a directory or a dangling link by that name is an error when read, not skipped
            found = hit
            _refuse_link_out(hit, d)
            break
        if (d / ".git").exists():  # the repository root: a configuration above it belongs to something else
            break
    for dk in walked:
        _FOUND[dk] = found
    return found
