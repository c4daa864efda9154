"""``tqcheck-hook``: the pre-commit entry point, where no staged file name can act as an option.

pre-commit runs ``entry + args + file names``: the hook's (or the user's) ``args:`` first, then the staged
files, with nothing between them. Passed straight to ``tqcheck``, a staged file named ``--output-file=README.md``
is read as that option and the report overwrites README.md. A ``--`` in the hook's ``args:`` would not help:
a user's own ``args:`` replace the hook's.

So this entry point finds the boundary itself and puts ``--`` there. pre-commit passes only files that exist
(it drops the others before running a hook), so the file names are a run of existing paths at the end; the
options are what comes before the longest such run. The run can start too early only by taking in trailing
arguments of the user's that happen to exist too: an option's value (``--config rules.yaml``) is given back to
its option, which :func:`split` knows from the command line's own definition. The other way round -- a staged
name read as an option -- cannot happen: every staged name exists, so it is inside the run. The rest of the
command line is tqcheck's own (``tqcheck-hook --fail-on warning -- a.txt`` is ``tqcheck --fail-on warning --
a.txt``); ``-`` as a file name is passed as ``./-``, since after ``--`` it would still mean standard input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def _value_options() -> tuple[set[str], set[str]]:
    """The check command's options that take a value: (long names, short letters), from its click definition,
    so a new option is known here without a second list to keep in step."""
    import typer

    from .cli import check_app

    longs: set[str] = set()
    shorts: set[str] = set()
    for param in typer.main.get_command(check_app).params:
        if getattr(param, "param_type_name", "") != "option" or getattr(param, "is_flag", False):
            continue
        for name in [*param.opts, *getattr(param, "secondary_opts", [])]:
            if name.startswith("--"):
                longs.add(name)
            elif len(name) == 2 and name.startswith("-"):
                shorts.add(name[1])
    return longs, shorts


def _wants_value(arg: str, longs: set[str], shorts: set[str]) -> bool:
    """Whether ``arg``, the last of the options, still waits for its value in the next argument."""
    if arg.startswith("--"):
        return "=" not in arg and arg in longs
    if arg.startswith("-") and len(arg) > 1:
        for i, letter in enumerate(arg[1:], start=1):
            if letter in shorts:  # a value option: the rest of the cluster is its value, if there is a rest
                return i == len(arg) - 1
    return False


def split(argv: list[str], exists: Callable[[str], bool] = os.path.lexists) -> tuple[list[str], list[str]]:
    """``argv`` as pre-commit builds it (args, then file names) → (options, file names). ``exists`` is
    ``os.path.lexists``: a staged symlink counts as a file even when its target is gone."""
    start = len(argv)
    while start > 0 and exists(argv[start - 1]):
        start -= 1
    if 0 < start < len(argv):
        longs, shorts = _value_options()
        if _wants_value(argv[start - 1], longs, shorts):
            start += 1  # e.g. ``--config rules.yaml``: the existing file is the option's value
    options, files = argv[:start], argv[start:]
    if options and options[-1] == "--":  # a user who already ended their args with ``--``
        options = options[:-1]
    return options, ["./-" if name == "-" else name for name in files]


def main(argv: list[str] | None = None) -> None:
    """Run tqcheck on pre-commit's command line with ``--`` between the options and the staged files; given
    ``argv``, in-process (tests), else as the console script ``tqcheck`` is run (``sys.argv``)."""
    from .cli import main as cli_main

    options, files = split(list(sys.argv[1:] if argv is None else argv))
    if argv is not None:
        cli_main([*options, "--", *files])
        return
    sys.argv = [sys.argv[0], *options, "--", *files]
    cli_main()


if __name__ == "__main__":  # pragma: no cover
    main()
