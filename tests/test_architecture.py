"""The package's structure, checked from its source: the layer order of docs/architecture.md (no upward import, no
import cycle) and the size limits of functions (lines, cyclomatic complexity by radon).

Why a test: the structure is what lets a newcomer find where a change goes, and it decays one convenient import
at a time. Imports made only for type annotations (inside ``if TYPE_CHECKING:``) are not imports at run time and
do not count; imports inside functions do (they are how a module defers loading, not a way around the layers).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tqcheck"

# Bottom to top. A module may import from its own layer and the layers below; within a layer, no cycles.
LAYERS: list[tuple[str, list[str]]] = [
    (
        "text, findings and configuration",
        [
            "tqcheck._version",
            "tqcheck.model",
            "tqcheck.segment",
            "tqcheck.numformats",
            "tqcheck.numparse",
            "tqcheck.wordlists",
            "tqcheck.textio",
            "tqcheck.files",
            "tqcheck.pairing",
            "tqcheck.yamlload",
            "tqcheck.config",
            "tqcheck.directives",
            "tqcheck.markup",
            "tqcheck.document",
            "tqcheck.align",
            "tqcheck.scoring",
            "tqcheck.fixes",
            "tqcheck.baseline",
            "tqcheck.visible",
            "tqcheck.patterntriggers",
            "tqcheck.triggertable",
            "tqcheck.process",
        ],
    ),
    # The checks package itself is the registry of rule kinds: it names them and loads them on first use.
    ("shared analysis", ["tqcheck.checks", "tqcheck.checks.scan", "tqcheck.checks.triggers", "tqcheck.checks.nameindex"]),
    ("analysis objects", ["tqcheck.checks.analysis", "tqcheck.checks.base"]),
    ("rule kinds", ["tqcheck.checks.*"]),
    ("engine", ["tqcheck.engine", "tqcheck.examples"]),
    ("reporters", ["tqcheck.report", "tqcheck.report.*"]),
    ("one invocation", ["tqcheck.app", "tqcheck.runner", "tqcheck.resolve", "tqcheck.reading", "tqcheck.chunks",
                        "tqcheck.workers", "tqcheck.progress", "tqcheck.subcommands", "tqcheck.rulesdoc", "tqcheck.api"]),
    ("command line", ["tqcheck.cli", "tqcheck.hook"]),
    ("the package's public face", ["tqcheck"]),  # re-exports the API and the version
]  # fmt: skip

MAX_LINES = 60
MAX_COMPLEXITY = 25
# Exempt by the house rules: the number parsers (a grammar of number formats reads best as one function) and the
# CLI's option declarations (one parameter per option, no logic).
EXEMPT = {"english_numbers", "german_numbers", "parse_english", "parse_german", "check"}
EXEMPT_MODULES = {"tqcheck.cli"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_imports(name: str, source: str, is_package: bool = False) -> set[str]:
    """The package modules ``name`` imports when it runs (top level or inside functions), TYPE_CHECKING blocks
    excluded; ``from package import module`` counts as importing that module."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for n in ast.walk(node))
    package = name if is_package else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "tqcheck")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "tqcheck":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in MODULES else target)
    out.discard(name)
    return out


IMPORTS = {
    name: _runtime_imports(name, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    for name, path in MODULES.items()
}


def _layer_of(name: str) -> int:
    """The index of the most specific layer pattern naming ``name`` (an exact name beats a ``.*`` pattern)."""
    best: tuple[int, int] | None = None  # (specificity, layer)
    for i, (_, members) in enumerate(LAYERS):
        for pattern in members:
            if pattern == name:
                return i
            if pattern.endswith(".*") and name.startswith(pattern[:-1]):
                rank = len(pattern)
                if best is None or rank > best[0]:
                    best = (rank, i)
    if best is None:
        raise AssertionError(f"{name} is in no layer of tests/test_architecture.py: add it where it belongs")
    return best[1]


def test_every_module_has_a_layer() -> None:
    for name in MODULES:
        _layer_of(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_upward_import(name: str) -> None:
    mine = _layer_of(name)
    upward = sorted(t for t in IMPORTS[name] if _layer_of(t) > mine)
    assert not upward, f"{name} ({LAYERS[mine][0]}) imports from a higher layer: {upward}"


def test_no_import_cycle() -> None:
    """No module reaches itself through the imports (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(IMPORTS.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(IMPORTS):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def _functions() -> list[tuple[str, str, int, int]]:
    """(module, qualified name, lines, complexity) of every function and method of the package."""
    from radon.complexity import cc_visit

    out = []
    for name, path in MODULES.items():
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.letter == "C":  # a class: radon lists its methods on their own as well
                continue
            qualname = f"{block.classname}.{block.name}" if block.is_method else block.name
            out.append((name, qualname, block.endline - block.lineno + 1, block.complexity))
    return out


def test_no_function_is_too_long_or_too_complex() -> None:
    too_big = [
        f"{module}:{qualname} ({lines} lines, complexity {cc})"
        for module, qualname, lines, cc in _functions()
        if (lines > MAX_LINES or cc > MAX_COMPLEXITY)
        and qualname.rpartition(".")[2] not in EXEMPT
        and module not in EXEMPT_MODULES
    ]
    assert not too_big, f"over {MAX_LINES} lines or complexity {MAX_COMPLEXITY}: " + "; ".join(too_big)


def test_the_checks_catch_what_they_are_for() -> None:
    """The helpers above find a planted upward import, a cycle's edge and an over-long function."""
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .cli import x\nfrom .engine import y\n"
        "def f():\n    from .checks import names\n"
    )
    # The annotation-only import does not count; the one inside a function does, as a module.
    assert _runtime_imports("tqcheck._probe", source) == {"tqcheck.engine", "tqcheck.checks.names"}
    assert _layer_of("tqcheck.checks.names") == 3 and _layer_of("tqcheck.checks.analysis") == 2
    assert _layer_of("tqcheck.report.sarif") > _layer_of("tqcheck.engine") > _layer_of("tqcheck.checks.names")
