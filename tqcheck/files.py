"""Which files to check: explicit paths, directories walked recursively, ``-`` for standard input.

Explicit paths are always checked (as in Ruff): a missing one, a dangling link or a symlink loop becomes an
:class:`Input` carrying a one-line error, so the run reports it and still checks everything else. Directories
are walked with include/exclude globs from the settings and the ``.gitignore`` files of the tree (and of the
repository around it), never follow symlinked directories (no loops), report unreadable directories instead
of skipping them silently, and yield paths in a stable, sorted order. The same file named twice is checked
once, so ``--fix`` never writes it twice. A walk never leaves the tree it was given: a symlinked file whose
target lies outside it is reported, not read (a committed ``notes.txt → ~/.ssh/id_rsa`` would otherwise be
quoted in CI annotations, or written by ``--fix``). The walk keeps its own stack instead of recursing, so a
tree thousands of levels deep is walked like any other.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from collections.abc import Iterator
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


@dataclass(frozen=True)
class _Pattern:
    """One gitignore-style line, compiled: matched against a path relative to ``base`` ('' or 'a/b/')."""

    regex: re.Pattern[str]
    base: str
    negate: bool
    dir_only: bool


def _glob_to_regex(glob: str) -> str:
    """gitignore glob → regex over a '/'-separated relative path: ``*`` and ``?`` stay within one component,
    ``**`` spans components, ``[...]`` is a character class."""
    out = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            if glob.startswith("**", i):
                at_start = i == 0 or glob[i - 1] == "/"
                after = glob[i + 2 : i + 3]
                if at_start and after == "/":
                    out.append("(?:.*/)?")
                    i += 3
                    continue
                if at_start and after == "":
                    out.append(".*")
                    i += 2
                    continue
                out.append("[^/]*")
                i += 2
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = glob.find("]", i + 2 if glob[i + 1 : i + 2] in ("!", "]") else i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = glob[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def compile_pattern(line: str, base: str = "") -> _Pattern | None:
    """Compile one .gitignore line (or an exclude glob) relative to ``base``; None for blanks and comments."""
    line = line.rstrip("\n\r")
    if not line.endswith("\\ "):
        line = line.rstrip(" ")
    if not line or line.startswith("#"):
        return None
    negate = line.startswith("!")
    if negate:
        line = line[1:]
    elif line.startswith("\\"):
        line = line[1:]
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    body = _glob_to_regex(line)
    if not anchored:
        body = "(?:.*/)?" + body
    try:
        rx = re.compile(body + r"\Z", re.DOTALL)
    except re.error:
        return None  # git ignores lines it cannot parse; so do we
    return _Pattern(rx, base, negate, dir_only)


def _read_ignore_file(path: Path, base: str) -> list[_Pattern]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [p for p in (compile_pattern(line, base) for line in text.splitlines()) if p is not None]


def ignored(rel: str, is_dir: bool, patterns: list[_Pattern]) -> bool:
    """Whether ``rel`` ('/'-separated, relative to the walk root) is ignored; the last matching line wins."""
    result = False
    for p in patterns:
        if p.dir_only and not is_dir:
            continue
        if p.base.startswith("\0"):  # written in a directory above the walk root: match from there
            sub = p.base[1:] + rel
        elif p.base:
            if not rel.startswith(p.base):
                continue
            sub = rel[len(p.base) :]
        else:
            sub = rel
        if p.regex.match(sub):
            result = not p.negate
    return result


def _repo_patterns(root: Path) -> list[_Pattern]:
    """.gitignore lines of the directories above ``root`` up to the repository top (the one holding .git), and
    .git/info/exclude, re-based onto ``root`` so that they apply to paths relative to it."""
    try:
        here = root.resolve()
    except OSError:
        return []
    chain: list[Path] = []
    top: Path | None = None
    for d in [here, *here.parents]:
        chain.append(d)
        if (d / ".git").exists():
            top = d
            break
    if top is None:
        return []
    out: list[_Pattern] = []
    for d in reversed(chain[1:]):  # ancestors, outermost first; root's own .gitignore is read by the walk
        prefix = here.relative_to(d).as_posix() + "/"
        for p in _read_ignore_file(d / ".gitignore", ""):
            out.append(_rebase(p, prefix))
        if d == top:
            for p in _read_ignore_file(d / ".git" / "info" / "exclude", ""):
                out.append(_rebase(p, prefix))
    return out


def _rebase(p: _Pattern, prefix: str) -> _Pattern:
    """A pattern written in an ancestor directory, applied to paths relative to the walk root ``prefix`` below
    it: such paths are matched as ``prefix + rel`` (marked by a NUL-led base)."""
    return _Pattern(p.regex, "\0" + prefix, p.negate, p.dir_only)


def _missing_reason(raw: str) -> str:
    try:
        os.stat(raw)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "permission denied"
        if exc.errno == errno.ENOENT and os.path.lexists(raw):
            return "broken symbolic link (its target does not exist)"
        if exc.errno == errno.ENOENT:
            return "no such file or directory"
        return (exc.strerror or str(exc)).lower()
    return ""


def collect(paths: list[str], include: list[str] | None = None, exclude: list[str] | None = None) -> list[Input]:
    """Expand the command-line paths into inputs, in order, each real file once."""
    include = include or DEFAULT_INCLUDE
    exclude = exclude or []
    out: list[Input] = []
    seen: set[str] = set()
    real_dirs: dict[str, str] = {}

    def real(path: str) -> str:
        """os.path.realpath, resolving each directory once: a file that is not a symlink is its resolved
        directory plus its name (one lstat instead of one per path component)."""
        head, name = os.path.split(path)
        if name in ("", ".", "..") or os.path.islink(path):
            return os.path.realpath(path)
        where = real_dirs.get(head)
        if where is None:
            where = real_dirs[head] = os.path.realpath(head or os.curdir)
        return os.path.join(where, name)

    def add(inp: Input) -> None:
        key = inp.path
        if inp.error is None and inp.path != "-":
            try:
                key = real(inp.path)
            except (OSError, ValueError):
                key = inp.path
        if key in seen:
            return
        seen.add(key)
        out.append(inp)

    for raw in paths:
        if raw == "-":
            add(Input("-"))
            continue
        if os.path.isdir(raw):
            for inp in _walk(Path(raw), include, exclude):
                add(inp)
            continue
        reason = _missing_reason(raw)
        add(Input(raw, reason or None))  # other read problems are reported by the loader with the reason
    return out


def _iter_dirs(root: str, onerror) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(root, onerror=onerror, followlinks=False)``, top-down and in the same order, with an explicit
    stack: os.walk recurses once per level before Python 3.12, so a tree ~1,000 levels deep raised
    RecursionError and nothing at all was reported. As with os.walk, the caller may prune ``dirnames`` in place;
    symlinked directories are listed there but never entered."""
    stack = [root]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = list(it)
        except OSError as exc:
            onerror(exc)
            continue
        dirnames: list[str] = []
        filenames: list[str] = []
        links: set[str] = set()
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                dirnames.append(entry.name)
                try:
                    if entry.is_symlink():
                        links.add(entry.name)
                except OSError:
                    links.add(entry.name)
            else:
                filenames.append(entry.name)
        yield top, dirnames, filenames
        stack.extend(os.path.join(top, name) for name in reversed(dirnames) if name not in links)


def _outside(full: str, real_root: str) -> bool:
    """Whether the symlink ``full`` resolves to somewhere outside the directory ``real_root`` (resolved)."""
    try:
        target = os.path.realpath(full)
    except (OSError, ValueError):
        return True
    return os.path.commonpath([target, real_root]) != real_root


def _walk(root: Path, include: list[str], exclude: list[str]) -> list[Input]:
    """The files under ``root`` that the include globs name and no ignore file or exclude glob skips, in walk
    order; a directory that cannot be read is one input error, and the walk goes on."""
    found: list[Input] = []
    inherited = _repo_patterns(root)
    excl = [p for p in (compile_pattern(g) for g in exclude) if p is not None]
    wanted = _included(include)
    local: dict[str, list[_Pattern]] = {}  # dir rel ('' or 'a/b/') → patterns of its .gitignore and those above
    errors: list[Input] = []

    def onerror(exc: OSError) -> None:
        where = exc.filename or str(root)
        reason = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else (exc.strerror or str(exc))
        errors.append(Input(str(where), f"cannot read directory: {reason.lower()}"))

    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in _iter_dirs(str(root), onerror):
        d = Path(dirpath)
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        own = _read_ignore_file(d / ".gitignore", rel_dir)
        # the patterns of every directory from the root down to this one, built on the parent's (walked first):
        # joining each ancestor's prefix anew took time cubic in the depth of the tree
        parent = rel_dir[: rel_dir.rfind("/", 0, len(rel_dir) - 1) + 1] if rel_dir else None
        above = inherited if parent is None else local.get(parent, inherited)
        patterns = local[rel_dir] = above + own if own else above
        dirnames[:] = [
            name
            for name in sorted(dirnames)
            if not (name in ALWAYS_SKIP_DIRS or ignored(rel_dir + name, True, patterns) or ignored(rel_dir + name, True, excl))
        ]  # fmt: skip
        for name in sorted(filenames):
            rel = rel_dir + name
            if wanted(name, rel) and not (ignored(rel, False, patterns) or ignored(rel, False, excl)):
                found.append(_walked_file(str(d / name), root, real_root))
    return errors + found


def _included(include: list[str]):
    """A test of (name, path relative to the root) against the include globs: a glob without "/" matches the
    name, one with "/" the relative path."""
    names = [g for g in include if "/" not in g]
    paths = [re.compile(_glob_to_regex(g.lstrip("/")) + r"\Z", re.DOTALL) for g in include if "/" in g]

    def wanted(name: str, rel: str) -> bool:
        return any(fnmatch.fnmatchcase(name, g) for g in names) or any(r.match(rel) for r in paths)

    return wanted


def _walked_file(full: str, root: Path, real_root: str) -> Input:
    """A file met in the walk; a symbolic link that is broken, or leads out of the walked tree, is an input error
    (never read, never fixed)."""
    reason = ""
    if os.path.islink(full):
        reason = _missing_reason(full)
        if not reason and _outside(full, real_root):
            reason = f"symbolic link to a file outside {root}; not followed"
    return Input(full, reason or None)
