"""The strict, safe YAML loader behind rules.yaml, and the error type every configuration problem is reported as.

Kept apart so a run that needs no YAML never imports PyYAML: the default pack is read from its precomputed JSON form
(``tqcheck/data/pack.json``) when that was built from the exact rules.yaml text; PyYAML (its import and a parse of
the pack cost more than the rest of a start) is imported on the first :func:`load_yaml` call only, for a project's own rules.yaml, a changed
pack, or the test suite's strict check of the pack. :class:`ConfigError`, :class:`Mapping`, :class:`Sequence`
and :func:`mark_of` need no YAML and are what :mod:`tqcheck.config` builds on (this module imports nothing of
tqcheck's).
"""

from __future__ import annotations

import functools
from typing import Any

MAX_MESSAGE = 300  # characters of a ConfigError's message: one line on a terminal, whatever the file held


def excerpt(text: str, limit: int = 60, *, quote: bool = True) -> str:
    """A short, escaped excerpt of the user's ``text`` for an error: ``repr`` (control and invisible characters
    as escapes, no line break) cut to ``limit`` characters; ``quote=False`` leaves off repr's quotes."""
    shown = repr(text) if quote else repr(text)[1:-1]
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


class ConfigError(Exception):
    """A configuration problem; ``str()`` is one line naming the file and, where known, line and key."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        if len(message) > MAX_MESSAGE:  # the messages quote values cut short already; this holds whatever else
            message = message[: MAX_MESSAGE - 3] + "..."
        where = path
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        super().__init__(f"{where}: {message}")
        self.path = path
        self.message = message
        self.line = line
        self.column = column


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


def _tag_refusal(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"tag {shown!r} is not allowed: rules.yaml is loaded safely and may hold only plain data"


yaml: Any = None  # PyYAML, imported by _loaders() on the first load_yaml call


# What a rules.yaml may expand to, aliases resolved: the largest file read (config.MAX_CONFIG_BYTES) written out. A
# 300 KB file repeating a 100 KB anchor 50,000 times would otherwise become gigabytes of rule terms.
MAX_EXPANDED = 16 * 1024 * 1024


def _expanded_size(node: Any, sizes: dict[int, int]) -> int:
    """Nodes plus scalar characters of ``node`` with every alias inside written out (memoised per node: the
    graph is acyclic by then, a recursive alias having been refused, but shared)."""
    key = id(node)
    size = sizes.get(key)
    if size is None:
        value = node.value
        if isinstance(value, str):
            size = 1 + len(value)
        else:  # a sequence's items, or a mapping's (key, value) pairs
            size = 1
            for item in value:
                for child in item if isinstance(item, tuple) else (item,):
                    size += _expanded_size(child, sizes)
        sizes[key] = size
    return size


class _StrictMixin:
    """Safe loading that refuses duplicate keys, merge keys and recursive aliases, records positions, and turns
    any failure while building a value (a date like 2024-13-45, a 5,000-digit integer) into a marked YAML error
    instead of a stray ValueError."""

    expanded: int = 0  # characters and nodes built so far, every alias counted at its full size

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects:  # an alias: its value again, as big as the anchored one
            self.expanded += _expanded_size(node, self.__dict__.setdefault("_sizes", {}))
        else:
            self.expanded += 1 + (len(node.value) if isinstance(node.value, str) else 0)
        if self.expanded > MAX_EXPANDED:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"aliases expand it beyond {MAX_EXPANDED:,} characters (an anchor repeated too often)",
                node.start_mark,
            )
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
                f"invalid value {excerpt(node.value)}: {excerpt(str(exc), 160, quote=False)}"
                if isinstance(node.value, str)
                else excerpt(str(exc), 160, quote=False),
                node.start_mark,
            ) from None


def _construct_mapping(loader: Any, node: Any, deep: bool = False) -> Mapping:
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


def _construct_sequence(loader: Any, node: Any, deep: bool = False) -> Sequence:
    seq = Sequence()
    for item in node.value:
        seq.append(loader.construct_object(item, deep=True))
        seq.marks.append((item.start_mark.line + 1, item.start_mark.column + 1))
    return seq


def _refuse_tag(loader: Any, node: Any) -> Any:
    raise yaml.constructor.ConstructorError(None, None, _tag_refusal(node.tag), node.start_mark)


def _refuse_tag_family(loader: Any, suffix: str, node: Any) -> Any:
    raise yaml.constructor.ConstructorError(None, None, _tag_refusal(node.tag), node.start_mark)


@functools.cache
def _loaders() -> tuple[Any, Any]:
    """The strict loader and its pure-Python twin (None when the strict one is pure Python already); built on
    first use, so importing PyYAML is paid only by a run that reads YAML."""
    global yaml
    import yaml as pyyaml

    yaml = pyyaml
    # libyaml's parser when PyYAML has it (it ships in the wheels): an order of magnitude faster than the pure-Python
    # one on the default pack. Construction stays in Python, so the safety checks apply to both.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    strict = type("_StrictSafeLoader", (_StrictMixin, base), {"__doc__": "The strict loader on libyaml's parser."})
    twin = type("_StrictPySafeLoader", (_StrictMixin, yaml.SafeLoader), {"__doc__": "Its pure-Python twin."})
    strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    for tag in ("omap", "pairs", "set"):
        strict.add_constructor(f"tag:yaml.org,2002:{tag}", _refuse_tag)
    strict.add_multi_constructor("tag:yaml.org,2002:python/", _refuse_tag_family)
    strict.add_multi_constructor("!", _refuse_tag_family)
    for tag, fn in list(strict.yaml_constructors.items()):
        twin.add_constructor(tag, fn)
    for tag, fn in list(strict.yaml_multi_constructors.items()):
        twin.add_multi_constructor(tag, fn)
    return strict, None if base is yaml.SafeLoader else twin


def load_yaml(text: str, path: str) -> dict:
    """Parse YAML safely; errors name file, line and column. Raises only :class:`ConfigError`."""
    strict_loader, py_loader = _loaders()
    try:
        try:
            data = yaml.load(text, Loader=strict_loader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError:
            if py_loader is None:
                raise
            data = yaml.load(text, Loader=py_loader)  # noqa: S506 - the same checks, clearer errors
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
