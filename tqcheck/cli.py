"""Command line: argument parsing and exit codes only (0 clean, 1 findings that fail, 2 usage/config/input).

``tqcheck article.txt`` is the main form; ``tqcheck rules …`` and ``tqcheck score …`` are subcommands,
dispatched on the first argument so that a file can never be mistaken for a subcommand name by typer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import typer

from ._version import __version__
from .report import FORMATS


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _jobs(value: int | None) -> int:
    """``--jobs``: 0 (the default) for one process per core; more than the cores are capped at the cores (10,000
    processes would only fill memory before the first finding). A negative number is left for the usage check
    to refuse."""
    if not value or value < 0:
        return value or 0
    return min(value, os.cpu_count() or 1)


def _version(value: bool) -> None:
    if value:
        print(f"tqcheck {__version__}")
        raise typer.Exit(0)


# "\b" keeps click from re-flowing a paragraph of the help text.
SUBCOMMANDS_HELP = """\b
Subcommands:
  tqcheck rules [list|explain RULE|test]   list, explain and test the rules
  tqcheck score HYP REF                    BLEU, chrF, TER against references
  tqcheck version                          the version (also --version, -V)
Each takes -h.

\b
Configuration: the closest rules.yaml (else .tqcheck.yaml, tqcheck.yaml)
in the checked file's folder or above it, up to the repository root;
--config FILE or --isolated instead. --show-settings shows which.
Colour: --color auto|always|never; NO_COLOR, FORCE_COLOR."""

check_app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


@check_app.command(context_settings={"help_option_names": ["-h", "--help"]}, epilog=SUBCOMMANDS_HELP)
def check(
    paths: list[str] | None = typer.Argument(None, help="Files or directories to check; '-' reads standard input."),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="Project configuration (default: the closest rules.yaml above each file)."
    ),
    no_config: bool = typer.Option(
        False, "--no-config", "--isolated", help="Ignore every project configuration: the default pack only."
    ),
    show_settings: bool = typer.Option(
        False, "--show-settings", help="Print the resolved configuration and the file it came from, and exit."
    ),
    show_files: bool = typer.Option(False, "--show-files", help="List the files that would be checked, and exit."),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "--output-format",
        "-f",
        help=f"{' | '.join(FORMATS)} (default: full on a terminal, else concise; html: one page, use -o).",
    ),
    exclude: list[str] | None = typer.Option(
        None, "--exclude", help="Globs of files and folders to skip in walked folders (replaces settings.exclude)."
    ),
    extend_exclude: list[str] | None = typer.Option(
        None, "--extend-exclude", help="Globs to skip in addition to settings.exclude."
    ),
    output_file: Path | None = typer.Option(None, "--output-file", "-o", help="Write the report to this file."),
    select: list[str] | None = typer.Option(None, "--select", help="Only these rules (id, id prefix or category)."),
    ignore: list[str] | None = typer.Option(None, "--ignore", help="Skip these rules (id, prefix or category)."),
    extend_select: list[str] | None = typer.Option(None, "--extend-select", help="Add rules to the selection."),
    fail_on: str | None = typer.Option(None, "--fail-on", help="error | warning | info (default: error)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings fail."),
    statistics: bool = typer.Option(False, "--statistics", help="Count findings per rule."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only findings that fail, no summary."),
    list_rules: bool = typer.Option(False, "--list-rules", help="List every rule and exit."),
    explain: str | None = typer.Option(None, "--explain", help="Explain one rule, with its examples."),
    fix: bool = typer.Option(False, "--fix", help="Apply safe fixes to the files (atomic writes)."),
    diff: bool = typer.Option(False, "--diff", help="Print fixes as a unified diff; write nothing."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply fixes not marked safe."),
    baseline: Path | None = typer.Option(None, "--baseline", help="Report only findings not in this baseline."),
    write_baseline: Path | None = typer.Option(None, "--write-baseline", help="Record current findings and exit 0."),
    source: str | None = typer.Option(None, "--source", help="The source (English) text of the article."),
    source_dir: str | None = typer.Option(None, "--source-dir", help="Folder with sources named like the articles."),
    reference: str | None = typer.Option(None, "--reference", help="A reference translation of the article."),
    min_chrf: float | None = typer.Option(None, "--min-chrf", help="Fail when chrF against the reference is lower."),
    min_bleu: float | None = typer.Option(None, "--min-bleu", help="Fail when BLEU against the reference is lower."),
    max_ter: float | None = typer.Option(None, "--max-ter", help="Fail when TER against the reference is higher."),
    glossary: list[str] | None = typer.Option(None, "--glossary", help="A name in its house spelling."),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        help="Parallel processes (default and 0: number of cores): files, and the ~1 MB pieces of a huge input, "
        "side by side; the output is the same.",
    ),
    stdin_filename: str = typer.Option("-", "--stdin-filename", help="Name shown for standard input."),
    color: str | None = typer.Option(
        None, "--color", help="auto | always | never (default: auto; NO_COLOR and FORCE_COLOR are honoured)."
    ),
    no_color: bool = typer.Option(False, "--no-color", help="The same as --color never."),
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Check German MT news copy for machine-translation artifacts."""
    from .app import command
    from .runner import Options

    opts = Options(
        paths=list(paths or []),
        config_path=str(config) if config else None,
        no_config=no_config,
        select=_split(select) if select else None,
        ignore=_split(ignore),
        extend_select=_split(extend_select),
        fail_on=fail_on,
        source=source,
        reference=reference,
        source_dir=source_dir,
        jobs=_jobs(jobs),
        stdin_filename=stdin_filename,
        glossary=list(glossary or []),
        min_chrf=min_chrf,
        min_bleu=min_bleu,
        max_ter=max_ter,
        exclude=list(exclude) if exclude else None,
        extend_exclude=list(extend_exclude or []),
    )
    code = command(
        opts,
        fmt=fmt,
        output_file=output_file,
        exit_zero=exit_zero,
        statistics=statistics,
        quiet=quiet,
        fix=fix,
        diff=diff,
        unsafe_fixes=unsafe_fixes,
        baseline=baseline,
        write_baseline=write_baseline,
        color=color,
        no_color=no_color,
        list_rules=list_rules,
        explain=explain,
        show_settings=show_settings,
        show_files=show_files,
    )
    raise typer.Exit(code)


def _leave(code: int | str | None, in_process: bool) -> NoReturn:
    """Exit with ``code``. From the console script, skip the interpreter's teardown (os._exit after flushing):
    freeing a big run's objects one by one is work for nothing, as nothing is left to write by then (reports
    and fixes are written atomically before this point, worker pools are shut down). Called in-process (tests,
    other tools), exit normally."""
    if in_process or not isinstance(code, int):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said anyway
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    in_process = argv is not None
    if not in_process:
        # The whole process checks: the collector at the checking pace, what the run keeps frozen as it goes, to
        # the end (never undone: the script leaves by os._exit, see _leave). In-process callers keep their own.
        from .process import start_checking

        start_checking()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "version":  # as `ruff version`
        print(f"tqcheck {__version__}")
        _leave(0, in_process)
    if args and args[0] in ("rules", "score"):
        from .subcommands import rules_app, score_app

        app = rules_app if args[0] == "rules" else score_app
        try:
            app(args=args[1:], prog_name=f"tqcheck {args[0]}", standalone_mode=True)
        except SystemExit as exc:
            _leave(exc.code, in_process)
        return
    try:
        check_app(args=args, prog_name="tqcheck", standalone_mode=True)
    except SystemExit as exc:
        _leave(exc.code, in_process)
    except KeyboardInterrupt:  # fixes in flight finish their atomic write first (textio holds the signal)
        print("tqcheck: interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
