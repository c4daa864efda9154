"""The progress bar of a long run, on standard error, via rich (imported only when a bar is shown)."""

from __future__ import annotations

from typing import Any


class Progress:
    """A transient bar counting checked files; the caller decides it is wanted (a long run, on a terminal)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        from rich.console import Console
        from rich.progress import Progress as Bar

        self._bar = Bar(console=Console(stderr=True), transient=True)
        self._bar.__enter__()
        self._task = self._bar.add_task("checking", total=self.total)
        return self

    def advance(self) -> None:
        self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)
