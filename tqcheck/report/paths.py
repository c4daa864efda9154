"""How reports name files: repository-relative, forward slashes, no leading ``./``.

CI systems attach annotations to files by their path in the repository, so every machine format names a file
the same way (SARIF additionally percent-encodes it into a URI reference).
"""

from __future__ import annotations

import os


def relative_path(path: str) -> tuple[str, bool]:
    """``(normalised path, is_inside_cwd)``: relative to the working directory when the file is below it."""
    inside = True
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = ""
        if rel and not rel.startswith(".."):
            path = rel
        else:
            inside = False
    norm = path.replace(os.sep, "/") if os.sep != "/" else path  # a POSIX name may hold a backslash (bad\\xff)
    while norm.startswith("./"):
        norm = norm[2:]
    return norm, inside


def display_path(path: str) -> str:
    return relative_path(path)[0]
