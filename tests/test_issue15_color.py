"""Issue 15, item 9: colour as no-color.org and clig.dev ask (NO_COLOR, FORCE_COLOR, --color auto|always|never)
and the rich report laid out for the terminal's width (or COLUMNS), never a fixed 110 columns."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tqcheck.app import use_color
from tqcheck.report.terminal import report_width

from .test_issue15_helpers import FIXTURE, out, run

ESC = "\x1b["


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),  # a pipe: no colour
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # the user who asked for none gets none
        ((), {"NO_COLOR": ""}, False),  # empty: as if unset (no-color.org)
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # a flag beats the environment
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        (("--no-color",), {"FORCE_COLOR": "1"}, False),
        (("--color", "auto"), {"FORCE_COLOR": "1"}, True),
    ],
)
def test_colour_choice(tmp_path: Path, args: tuple, env: dict, coloured: bool) -> None:
    text = out(run("-f", "full", "--isolated", *args, str(FIXTURE), cwd=tmp_path, env=env))
    assert (ESC in text) is coloured


def test_unknown_colour_choice_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("--color", "alway", str(FIXTURE), cwd=tmp_path)
    assert proc.returncode == 2 and b"did you mean 'always'" in proc.stderr


def test_use_color_rules() -> None:
    assert use_color(None, True, {}) is True and use_color(None, False, {}) is False
    assert use_color("auto", True, {"NO_COLOR": "x"}) is False
    assert use_color(None, False, {"FORCE_COLOR": "1"}) is True
    assert use_color("always", False, {"NO_COLOR": "1"}) is True and use_color("never", True, {}) is False


@pytest.mark.parametrize("columns", [60, 80, 137])
def test_report_uses_columns(tmp_path: Path, columns: int) -> None:
    text = out(run("-f", "full", "--isolated", str(FIXTURE), cwd=tmp_path, env={"COLUMNS": str(columns)}))
    lines = text.splitlines()
    assert max(len(ln) for ln in lines) <= columns
    assert len(lines[0]) == columns  # the file's rule line spans the width


def test_report_width_falls_back_to_80_not_110() -> None:
    assert report_width({"COLUMNS": "95"}) == 95
    assert report_width({"COLUMNS": "10"}) == 40  # narrower than anything readable
    if not (sys.stdout.isatty() or sys.stderr.isatty()):
        assert report_width({}) == 80


def test_on_a_real_terminal_colour_is_on_and_the_width_is_the_terminal_s(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 92, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tqcheck.cli", "--isolated", str(FIXTURE)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert ESC in text  # a terminal: the rich report, in colour
    plain = __import__("re").sub(r"\x1b\[[0-9;]*m", "", text).replace("\r\n", "\n")
    first = plain.splitlines()[0]
    assert len(first) == 92 and "Befunde" in first
