"""The strict, safe YAML loader behind rules.yaml, kept apart so a run that needs no YAML never imports PyYAML.

The default pack is read from its precomputed JSON form (``tqcheck/data/pack.json``) when that was built from the
exact rules.yaml text; PyYAML (~12 ms to import, ~18 ms to parse the pack) is needed only for a project's own
rules.yaml, a changed pack, or the test suite's strict check of the pack.
"""

from __future__ import annotations

from typing import Any

import yaml

from .config import ConfigError, Mapping, Sequence

# libyaml's parser when PyYAML has it (it ships in the wheels): 10x faster than the pure-Python one on the
# 130-rule default pack (18 vs 190 ms), which every run pays at start-up. Construction stays in Python, so the
# safety checks below apply to both.
_BaseSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictMixin:
    """Safe loading that refuses duplicate keys, merge keys and recursive aliases, records positions, and turns
    any failure while building a value (a date like 2024-13-45, a 5,000-digit integer) into a marked YAML error
    instead of a stray ValueError."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except RecursionError:
            raise
        except Exception as exc:  # a scalar constructor's own error; the message is all we need from it
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"invalid value {node.value!r}: {exc}" if isinstance(node.value, str) else str(exc),
                node.start_mark,
            ) from None


class _StrictSafeLoader(_StrictMixin, _BaseSafeLoader):  # type: ignore[misc, valid-type]
    """The strict loader on libyaml's parser where PyYAML has it."""


class _StrictPySafeLoader(_StrictMixin, yaml.SafeLoader):
    """Pure-Python twin, used only to re-parse a file libyaml rejected: its messages are clearer."""


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode, deep: bool = False) -> Mapping:
    mapping = Mapping()
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                None, None, "merge keys ('<<') are not supported; write the keys out", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping key is not a plain value", key_node.start_mark
            ) from None
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in mapping:
            first = mapping.marks[key][0]
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first given on line {first})", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.marks[key] = where
    return mapping


def _construct_sequence(loader: _StrictSafeLoader, node: yaml.SequenceNode, deep: bool = False) -> Sequence:
    seq = Sequence()
    for item in node.value:
        seq.append(loader.construct_object(item, deep=True))
        seq.marks.append((item.start_mark.line + 1, item.start_mark.column + 1))
    return seq


def _tag_refusal(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"tag {shown!r} is not allowed: rules.yaml is loaded safely and may hold only plain data"


def _refuse_tag(loader: _StrictSafeLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(None, None, _tag_refusal(node.tag), node.start_mark)


def _refuse_tag_family(loader: _StrictSafeLoader, suffix: str, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(None, None, _tag_refusal(node.tag), node.start_mark)


_StrictSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_StrictSafeLoader.add_constructor("tag:yaml.org,2002:omap", _refuse_tag)
_StrictSafeLoader.add_constructor("tag:yaml.org,2002:pairs", _refuse_tag)
_StrictSafeLoader.add_constructor("tag:yaml.org,2002:set", _refuse_tag)
_StrictSafeLoader.add_multi_constructor("tag:yaml.org,2002:python/", _refuse_tag_family)
_StrictSafeLoader.add_multi_constructor("!", _refuse_tag_family)
for _tag, _fn in list(_StrictSafeLoader.yaml_constructors.items()):
    _StrictPySafeLoader.add_constructor(_tag, _fn)
for _tag, _fn in list(_StrictSafeLoader.yaml_multi_constructors.items()):
    _StrictPySafeLoader.add_multi_constructor(_tag, _fn)


def load_yaml(text: str, path: str) -> dict:
    """Parse YAML safely; errors name file, line and column. Raises only :class:`ConfigError`."""
    try:
        try:
            data = yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError:
            if _BaseSafeLoader is yaml.SafeLoader:
                raise
            data = yaml.load(text, Loader=_StrictPySafeLoader)  # noqa: S506 - the same checks, clearer errors
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor for the tag" in problem:
            problem = _tag_refusal(problem.rsplit(" ", 1)[-1].strip("'"))
        elif "unconstructable recursive node" in problem:
            problem = "recursive alias (an anchor used inside itself)"
        if mark is not None:
            raise ConfigError(path, f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
        raise ConfigError(path, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"invalid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise ConfigError(path, "invalid YAML: nested too deeply") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, "top level must be a mapping with 'settings' and/or 'rules'", 1, 1)
    return data
