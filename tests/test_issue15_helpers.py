"""Shared by the tests of issue 15 ("What a new user trips over"): the CLI run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"
# What the environment may set that changes the output; each test sets what it needs.
_ENV_OUT = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "CLICOLOR", "CLICOLOR_FORCE", "TERM")


def run(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: bytes | None = None):
    """``tqcheck ARGS`` in its own process, stdout a pipe (not a terminal), text decoded as UTF-8."""
    base = {k: v for k, v in os.environ.items() if k not in _ENV_OUT}
    base["PYTHONIOENCODING"] = "utf-8"
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tqcheck.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=base,
        timeout=120,
    )


def out(proc) -> str:
    return proc.stdout.decode("utf-8")


def err(proc) -> str:
    return proc.stderr.decode("utf-8")
