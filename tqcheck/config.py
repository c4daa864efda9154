"""rules.yaml: load it safely, merge a project's file over the default pack, validate with clear errors.

Three stages, as in Ruff: options as written (dicts from YAML) → merged (default pack < project file < command
line) → a resolved :class:`Config` the engine reads. The project's rules.yaml comes from the repository being
checked, so it is untrusted: YAML is loaded with the safe loader (no object construction), duplicate keys,
unknown keys and wrong types are errors that name the file, the rule and the closest valid key, and every regex
is compiled up front.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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


def _closest(word: str, options) -> str:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of silently keeping the last one."""


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping key is not a plain value", key_node.start_mark
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, path: str) -> dict:
    """Parse YAML safely; errors name file, line and column."""
    try:
        data = yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is not None:
            raise ConfigError(path, f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
        raise ConfigError(path, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ConfigError(path, "invalid YAML: nested too deeply") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, "top level must be a mapping with 'settings' and/or 'rules'")
    return data


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


def validate_selectors(selectors: list[str], rules: dict[str, RuleSpec], where: str) -> None:
    for s in selectors:
        if not any(selector_matches(s, r) for r in rules.values()):
            raise ConfigError(where, f"unknown rule, prefix or category {s!r}{_closest(s, rules)}")


def _check_type(value: Any, typ: Any) -> bool:
    if typ is float or typ == (int, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if typ is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, typ)


def _type_name(typ: Any) -> str:
    if isinstance(typ, tuple):
        return " or ".join(_type_name(t) for t in typ)
    return {
        str: "a string",
        list: "a list",
        dict: "a mapping",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(typ, str(typ))


def _validate_rule(raw: Any, path: str, index: int, existing: dict[str, RuleSpec], kinds: dict) -> RuleSpec:
    if not isinstance(raw, dict):
        raise ConfigError(path, f"rules[{index}] must be a mapping")
    rid = raw.get("id")
    if not isinstance(rid, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]{0,79}", rid or ""):
        raise ConfigError(path, f"rules[{index}]: 'id' must be a string of letters, digits, '_', '-' or '.'")
    base = existing.get(rid)
    kind = raw.get("kind", base.kind if base else None)
    if kind is None:
        raise ConfigError(path, f"rule {rid!r}: missing 'kind' (a new rule needs kind, severity, category, message)")
    if kind not in kinds:
        raise ConfigError(path, f"rule {rid!r}: unknown kind {kind!r}{_closest(str(kind), kinds)}")
    if base is not None and base.kind != kind:
        raise ConfigError(path, f"rule {rid!r}: cannot change kind from {base.kind!r} to {kind!r}")
    kind_cls = kinds[kind]
    allowed = dict(COMMON_RULE_KEYS)
    allowed.update(kind_cls.PARAMS)
    for key, value in raw.items():
        if key not in allowed:
            raise ConfigError(path, f"rule {rid!r}: unknown key {key!r}{_closest(str(key), allowed)}")
        if not _check_type(value, allowed[key]):
            raise ConfigError(path, f"rule {rid!r}: {key!r} must be {_type_name(allowed[key])}")
    params = dict(base.params) if base else {}
    params.update({k: v for k, v in raw.items() if k in kind_cls.PARAMS})
    try:
        severity = Severity.parse(raw["severity"]) if "severity" in raw else (base.severity if base else None)
    except ValueError as exc:
        raise ConfigError(path, f"rule {rid!r}: {exc}") from None
    if severity is None:
        raise ConfigError(path, f"rule {rid!r}: missing 'severity' (error, warning or info)")
    category = raw.get("category", base.category if base else None)
    if category is None:
        raise ConfigError(path, f"rule {rid!r}: missing 'category'")
    if category not in CATEGORIES:
        raise ConfigError(path, f"rule {rid!r}: unknown category {category!r}{_closest(category, CATEGORIES)}")
    message = raw.get("message", base.message if base else None)
    if not message:
        raise ConfigError(path, f"rule {rid!r}: missing 'message'")
    fix = raw.get("fix", base.fix if base else None)
    if fix is not None and fix not in FIX_KINDS:
        raise ConfigError(path, f"rule {rid!r}: 'fix' must be 'safe' or 'unsafe'")
    suggest = raw.get("suggest", base.suggest if base else [])
    if not all(isinstance(s, str) for s in suggest):
        raise ConfigError(path, f"rule {rid!r}: 'suggest' must be a list of strings")
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
    )
    try:
        kind_cls.validate(spec)
    except ValueError as exc:
        raise ConfigError(path, f"rule {rid!r}: {exc}") from None
    return spec


def _apply_settings(cfg: Config, raw: Any, path: str) -> None:
    if not isinstance(raw, dict):
        raise ConfigError(path, "'settings' must be a mapping")
    for key, value in raw.items():
        if key not in SETTINGS_KEYS:
            raise ConfigError(path, f"settings: unknown key {key!r}{_closest(str(key), SETTINGS_KEYS)}")
        if not _check_type(value, SETTINGS_KEYS[key]):
            raise ConfigError(path, f"settings: {key!r} must be {_type_name(SETTINGS_KEYS[key])}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError(path, f"settings: {key!r} must be a list of strings")
    if "fail_on" in raw:
        try:
            cfg.fail_on = Severity.parse(raw["fail_on"])
        except ValueError as exc:
            raise ConfigError(path, f"settings: fail_on: {exc}") from None
    if "quotes" in raw:
        if raw["quotes"] not in QUOTE_STYLES:
            raise ConfigError(path, f"settings: quotes must be one of {', '.join(QUOTE_STYLES)}")
        cfg.quotes = raw["quotes"]
    if "select" in raw:
        cfg.select = list(raw["select"])
    for key in ("ignore", "extend_select", "include", "exclude"):
        if key in raw:
            getattr(cfg, key).extend(raw[key])
    for key in ("accept", "glossary"):
        if key in raw:
            getattr(cfg, key).extend(raw[key])
    if "per_file_ignores" in raw:
        for glob, ids in raw["per_file_ignores"].items():
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise ConfigError(path, f"settings: per_file_ignores[{glob!r}] must be a list of rule ids")
            cfg.per_file_ignores.setdefault(str(glob), []).extend(ids)
    for key in ("min_chrf", "min_bleu", "max_ter"):
        if key in raw:
            setattr(cfg, key, float(raw[key]))
    for key in ("source_pattern", "reference_pattern"):
        if key in raw:
            setattr(cfg, key, raw[key])


def _merge_file(cfg: Config, data: dict, path: str, kinds: dict) -> None:
    for key, value in data.items():
        if key not in TOP_KEYS:
            raise ConfigError(path, f"unknown top-level key {key!r}{_closest(str(key), TOP_KEYS)}")
        if not _check_type(value, TOP_KEYS[key]):
            raise ConfigError(path, f"{key!r} must be {_type_name(TOP_KEYS[key])}")
    if data.get("version", 1) != 1:
        raise ConfigError(path, f"unsupported version {data.get('version')!r} (this tqcheck reads version 1)")
    seen: set[str] = set()
    for i, raw in enumerate(data.get("rules") or []):
        spec = _validate_rule(raw, path, i, cfg.rules, kinds)
        if spec.id in seen:
            raise ConfigError(path, f"duplicate rule id {spec.id!r}")
        seen.add(spec.id)
        cfg.rules[spec.id] = spec
    if "settings" in data:
        _apply_settings(cfg, data["settings"], path)
    cfg.files.append(path)


def read_config_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), "no such file") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not valid UTF-8") from None
    except OSError as exc:
        raise ConfigError(str(path), exc.strerror or str(exc)) from None


def load_config(user_path: str | Path | None = None, *, use_defaults: bool = True) -> Config:
    """Default pack, then the project's rules.yaml (``user_path``) merged over it."""
    from .checks import KINDS

    cfg = Config(rules={})
    if use_defaults:
        dp = default_rules_path()
        _merge_file(cfg, load_yaml(read_config_file(dp), str(dp)), str(dp), KINDS)
    if user_path is not None and (not use_defaults or Path(user_path).resolve() != default_rules_path().resolve()):
        up = Path(user_path)
        _merge_file(cfg, load_yaml(read_config_file(up), str(up)), str(up), KINDS)
    where = cfg.files[-1] if cfg.files else "rules.yaml"
    for key in ("select", "ignore", "extend_select"):
        validate_selectors(getattr(cfg, key) or [], cfg.rules, where)
    for ids in cfg.per_file_ignores.values():
        validate_selectors(ids, cfg.rules, where)
    return cfg


def find_project_config(start: Path) -> Path | None:
    """``rules.yaml`` or ``.tqcheck.yaml`` in ``start`` (the current directory), as Ruff/Vale look locally."""
    for name in ("rules.yaml", ".tqcheck.yaml", "tqcheck.yaml"):
        cand = start / name
        if cand.is_file():
            return cand
    return None
