"""rules.yaml: load it safely, merge a project's file over the default pack, validate with clear errors.

Three stages, as in Ruff: options as written (dicts from YAML) → merged (default pack < project file < command
line) → a resolved :class:`Config` the engine reads. The project's rules.yaml comes from the repository being
checked, so it is untrusted: YAML is loaded with the safe loader (no object construction), duplicate keys,
unknown keys and wrong types are errors that name the file, the rule and the closest valid key, and every regex
is compiled up front.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Severity

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


class ConfigError(Exception):
    """A configuration problem; ``str()`` is one line naming the file and, where known, line and key."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        where = path
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        super().__init__(f"{where}: {message}")
        self.path = path
        self.message = message
        self.line = line
        self.column = column


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


class Mapping(dict):
    """A YAML mapping that remembers where each key was written, so errors found later can name line:column."""

    marks: dict

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marks = {}


class Sequence(list):
    """A YAML sequence that remembers where each item was written."""

    marks: list

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.marks = []


def mark_of(container: Any, key: Any) -> tuple[int | None, int | None]:
    """1-based (line, column) of ``key`` in a loaded mapping or sequence; (None, None) when unknown."""
    marks = getattr(container, "marks", None)
    try:
        if isinstance(marks, dict) and key in marks:
            return marks[key]
        if isinstance(marks, list) and isinstance(key, int) and 0 <= key < len(marks):
            return marks[key]
    except TypeError:
        pass
    return (None, None)


def load_yaml(text: str, path: str) -> dict:
    """Parse YAML safely; errors name file, line and column. Raises only :class:`ConfigError`."""
    from .yamlload import load_yaml as strict_load

    return strict_load(text, path)


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


@dataclass
class Config:
    """The resolved configuration the engine reads."""

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


def _validate_rule(
    raw: Any, path: str, index: int, existing: dict[str, RuleSpec], kinds: dict, trusted: bool = False
) -> RuleSpec:
    """Validate one rule. ``trusted`` (the packaged pack, validated strictly by the test suite) skips importing
    each kind's module just to check its keys: that import costs ~70 ms per run for kinds that may not run."""
    if not isinstance(raw, dict):
        raise ConfigError(path, f"rules[{index}] must be a mapping, not {_value_name(raw)}")
    rid = raw.get("id")
    if not isinstance(rid, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]{0,79}", rid or ""):
        where = "id" if "id" in raw else next(iter(raw), None)
        raise _fail(path, f"rules[{index}]: 'id' must be a string of letters, digits, '_', '-' or '.'", raw, where)
    base = existing.get(rid)
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
    kind_cls = None if trusted and base is None else kinds[kind]
    allowed = dict(COMMON_RULE_KEYS)
    kind_params = kind_cls.PARAMS if kind_cls is not None else {k: object for k in raw if k not in COMMON_RULE_KEYS}
    allowed.update(kind_params)
    for key, value in raw.items():
        if key not in allowed:
            raise _fail(path, f"rule {rid!r}: unknown key {_show(key)}{_closest(str(key), allowed)}", raw, key)
        _check_value(path, f"rule {rid!r}: ", key, value, allowed[key], raw)
    if "examples" in raw:
        _validate_examples(path, rid, raw["examples"])
    params = dict(base.params) if base else {}
    params.update({k: v for k, v in raw.items() if k in kind_params})
    try:
        severity = Severity.parse(raw["severity"]) if "severity" in raw else (base.severity if base else None)
    except ValueError:
        sev = str(raw["severity"])
        raise _fail(
            path,
            f"rule {rid!r}: unknown severity {_show(raw['severity'])}{_closest(sev, ('error', 'warning', 'info'))}"
            " (expected error, warning or info)",
            raw,
            "severity",
        ) from None
    if severity is None:
        raise _fail(path, f"rule {rid!r}: missing 'severity' (error, warning or info)", raw, "id")
    category = raw.get("category", base.category if base else None)
    if category is None:
        raise _fail(path, f"rule {rid!r}: missing 'category'", raw, "id")
    if category not in CATEGORIES:
        raise _fail(
            path, f"rule {rid!r}: unknown category {_show(category)}{_closest(category, CATEGORIES)}", raw, "category"
        )
    message = raw.get("message", base.message if base else None)
    if not message:
        raise _fail(path, f"rule {rid!r}: missing 'message'", raw, "message" if "message" in raw else "id")
    fix = raw.get("fix", base.fix if base else None)
    if fix is not None and fix not in FIX_KINDS:
        raise _fail(path, f"rule {rid!r}: 'fix' must be 'safe' or 'unsafe'{_closest(str(fix), FIX_KINDS)}", raw, "fix")
    suggest = raw.get("suggest", base.suggest if base else [])
    spec = RuleSpec(
        id=rid,
        kind=kind,
        severity=severity,
        category=category,
        message=message,
        description=raw.get("description", base.description if base else ""),
        suggest=list(suggest),
        fix=fix,
        enabled=raw.get("enabled", base.enabled if base else True),
        in_quotes=raw.get("in_quotes", base.in_quotes if base else True),
        examples=raw.get("examples", base.examples if base else {}),
        params=params,
        origin=path,
        packaged=path == str(default_rules_path()),
    )
    if kind_cls is None:
        return spec
    try:
        kind_cls.validate(spec)
    except Exception as exc:  # a kind's validate may let re.error & co. through; it is still the user's rule
        bad = next((k for k in raw if k in kind_cls.PARAMS and k in str(exc)), None)
        bad = bad or next((k for k in raw if k in kind_cls.PARAMS), "id")
        detail = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, re.error) or type(exc).__module__.startswith("regex"):
            detail = f"invalid regular expression in {bad!r}: {detail}"
        raise _fail(path, f"rule {rid!r}: {detail}", raw, bad) from None
    return spec


def _apply_settings(cfg: Config, raw: Any, path: str) -> None:
    if raw is None:  # "settings:" with everything commented out
        return
    if not isinstance(raw, dict):
        raise ConfigError(path, f"'settings' must be a mapping, not {_value_name(raw)}")
    for key, value in raw.items():
        if key not in SETTINGS_KEYS:
            raise _fail(path, f"settings: unknown key {_show(key)}{_closest(str(key), SETTINGS_KEYS)}", raw, key)
        _check_value(path, "settings: ", key, value, SETTINGS_KEYS[key], raw)
    if "fail_on" in raw:
        try:
            cfg.fail_on = Severity.parse(raw["fail_on"])
        except ValueError as exc:
            hint = _closest(str(raw["fail_on"]), ("error", "warning", "info"))
            raise _fail(path, f"settings: fail_on: {exc}{hint}", raw, "fail_on") from None
    if "quotes" in raw:
        if raw["quotes"] not in QUOTE_STYLES:
            raise _fail(
                path,
                f"settings: quotes must be one of {', '.join(QUOTE_STYLES)}{_closest(raw['quotes'], QUOTE_STYLES)}",
                raw,
                "quotes",
            )
        cfg.quotes = raw["quotes"]
    for key in ("select", "ignore", "extend_select"):
        if key in raw:
            validate_selectors(raw[key], cfg.rules, path, key=f"settings.{key}", container=raw[key])
    if "select" in raw:
        cfg.select = list(raw["select"])
    for key in ("ignore", "extend_select", "include", "exclude"):
        if key in raw:
            getattr(cfg, key).extend(raw[key])
    if "accept" in raw:
        validate_accept(raw["accept"], path, container=raw["accept"])
    for key in ("accept", "glossary"):
        if key in raw:
            getattr(cfg, key).extend(raw[key])
    if "per_file_ignores" in raw:
        pfi = raw["per_file_ignores"]
        for glob, ids in pfi.items():
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise _fail(path, f"settings: per_file_ignores[{_show(glob)}] must be a list of rule ids", pfi, glob)
            validate_selectors(ids, cfg.rules, path, key=f"settings.per_file_ignores[{_show(glob)}]", container=ids)
            cfg.per_file_ignores.setdefault(str(glob), []).extend(ids)
    for key in ("min_chrf", "min_bleu", "max_ter"):
        if key in raw:
            value = float(raw[key])
            if value != value or value in (float("inf"), float("-inf")):
                raise _fail(path, f"settings: {key!r} must be a finite number", raw, key)
            setattr(cfg, key, value)
    for key in ("source_pattern", "reference_pattern"):
        if key in raw:
            setattr(cfg, key, raw[key])


def _merge_file(cfg: Config, data: dict, path: str, kinds: dict, trusted: bool = False) -> None:
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
    rules = data.get("rules") or []
    first_line: dict[str, int | None] = {}
    for i, raw in enumerate(rules):
        try:
            spec = _validate_rule(raw, path, i, cfg.rules, kinds, trusted)
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
        cfg.rules[spec.id] = spec
    if "settings" in data:
        _apply_settings(cfg, data["settings"], path)
    cfg.files.append(path)


def read_config_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), "no such file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), f"not valid UTF-8 (byte offset {exc.start}); save it as UTF-8") from None
    except IsADirectoryError:
        raise ConfigError(str(path), "is a directory") from None
    except PermissionError:
        raise ConfigError(str(path), "permission denied") from None
    except OSError as exc:
        raise ConfigError(str(path), (exc.strerror or str(exc)).lower()) from None


PACK_JSON = Path(__file__).resolve().parent / "data" / "pack.json"


def pack_json(text: str) -> str:
    """The precomputed form of the default pack: its parsed data and the sha256 of the rules.yaml text it was
    parsed from (``python scripts/build_pack.py`` writes it; the wheel build writes a fresh one)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    data = load_yaml(text, "rules.yaml")
    return json.dumps({"sha256": digest, "data": data}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _default_pack(text: str, path: str, digest: str) -> dict:
    """The default pack, parsed: from pack.json when it was built from exactly this text (~1 ms instead of ~30 ms
    of importing PyYAML and parsing 100 KB of YAML on every start), else from the YAML itself."""
    try:
        cached = json.loads(PACK_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = None
    if isinstance(cached, dict) and cached.get("sha256") == digest and isinstance(cached.get("data"), dict):
        return cached["data"]
    return load_yaml(text, path)


def load_config(
    user_path: str | Path | None = None, *, use_defaults: bool = True, strict_defaults: bool = False
) -> Config:
    """Default pack, then the project's rules.yaml (``user_path``) merged over it.

    The packaged pack is trusted at run time (kind modules load only when their rules run); the test suite
    loads it with ``strict_defaults=True`` so every key and pattern of it is validated like a user's file.
    """
    from .checks import KINDS

    cfg = Config(rules={})
    if use_defaults:
        dp = default_rules_path()
        text = read_config_file(dp)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        raw = load_yaml(text, str(dp)) if strict_defaults else _default_pack(text, str(dp), digest)
        _merge_file(cfg, raw, str(dp), KINDS, trusted=not strict_defaults)
        cfg.digests.append(digest)
    if user_path is not None and (not use_defaults or Path(user_path).resolve() != default_rules_path().resolve()):
        up = Path(user_path)
        text = read_config_file(up)
        _merge_file(cfg, load_yaml(text, str(up)), str(up), KINDS)
        cfg.digests.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
    where = cfg.files[-1] if cfg.files else "rules.yaml"
    for key in ("select", "ignore", "extend_select"):
        validate_selectors(getattr(cfg, key) or [], cfg.rules, where, key=f"settings.{key}")
    for ids in cfg.per_file_ignores.values():
        validate_selectors(ids, cfg.rules, where, key="settings.per_file_ignores")
    validate_accept(cfg.accept, where)
    return cfg


CONFIG_NAMES = ("rules.yaml", ".tqcheck.yaml", "tqcheck.yaml")  # looked for in this order in each directory
_FOUND: dict[str, Path | None] = {}  # directory → the configuration that applies there (one walk per directory)


def clear_discovery_cache() -> None:
    """Forget what was found (each command-line run starts with this; files may have changed since)."""
    _FOUND.clear()


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
        hit = next((d / name for name in CONFIG_NAMES if (d / name).is_file()), None)
        if hit is not None:
            found = hit
            break
        if (d / ".git").exists():  # the repository root: a configuration above it belongs to something else
            break
    for dk in walked:
        _FOUND[dk] = found
    return found
