"""Which files to check: explicit paths, directories walked recursively, ``-`` for standard input.

Directories honour include/exclude globs and the repository's ``.gitignore`` (simple patterns), never follow
symlinked directories into loops, and yield paths in a stable, sorted order.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_INCLUDE = ["*.txt", "*.md", "*.markdown", "*.html", "*.htm"]
ALWAYS_SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".mypy_cache",
}


@dataclass(frozen=True)
class Input:
    path: str  # as the user will see it in reports
    error: str | None = None


def _gitignore_patterns(root: Path) -> list[str]:
    pats: list[str] = []
    gi = root / ".gitignore"
    try:
        for line in gi.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "!")):
                pats.append(line)
    except OSError:
        pass
    return pats


def _ignored(rel: str, name: str, is_dir: bool, patterns: list[str]) -> bool:
    for p in patterns:
        dir_only = p.endswith("/")
        q = p.rstrip("/")
        if dir_only and not is_dir:
            continue
        if "/" in q.lstrip("/"):
            if fnmatch.fnmatch(rel, q.lstrip("/")) or fnmatch.fnmatch(rel, q.lstrip("/") + "/*"):
                return True
        elif fnmatch.fnmatch(name, q):
            return True
    return False


def collect(paths: list[str], include: list[str] | None = None, exclude: list[str] | None = None) -> list[Input]:
    include = include or DEFAULT_INCLUDE
    exclude = exclude or []
    out: list[Input] = []
    for raw in paths:
        if raw == "-":
            out.append(Input("-"))
            continue
        p = Path(raw)
        if p.is_dir():
            out.extend(_walk(p, include, exclude))
        elif os.path.lexists(raw) and not p.exists():
            out.append(Input(raw, "broken symbolic link or symlink loop"))
        else:
            out.append(Input(raw))  # missing or unreadable files are reported by the loader with the reason
    return out


def _walk(root: Path, include: list[str], exclude: list[str]) -> list[Input]:
    found: list[Input] = []
    ignore = _gitignore_patterns(root)
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        d = Path(dirpath)
        try:
            st = d.stat()
            key = (st.st_dev, st.st_ino)
        except OSError:
            continue
        if key in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        keep = []
        for name in sorted(dirnames):
            rel = os.path.relpath(d / name, root).replace(os.sep, "/")
            if name in ALWAYS_SKIP_DIRS or _ignored(rel, name, True, ignore + exclude):
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = os.path.relpath(d / name, root).replace(os.sep, "/")
            if not any(fnmatch.fnmatch(name, g) for g in include):
                continue
            if _ignored(rel, name, False, ignore + exclude):
                continue
            full = d / name
            if full.is_symlink() and not full.exists():
                found.append(Input(str(full), "broken symbolic link or symlink loop"))
                continue
            found.append(Input(str(full)))
    return found
