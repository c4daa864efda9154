"""What a ``tqcheck`` invocation does after its arguments are parsed: resolve the configuration, answer the
listing options, or check, then baseline, fix and report; the exit code of each path comes from
:mod:`tqcheck.process`.

:func:`command` is the command line's whole body (``cli.check`` builds the options and calls it); :func:`execute`
runs the check and report steps for a resolved configuration (also used in-process by tests and tools).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import fixes as fixes_mod
from .config import Config
from .engine import Engine
from .model import FileResult, Finding, Severity
from .process import CLEAN, ERROR, exit_code
from .report import FORMATS, Run, merge_same_place, render, write
from .runner import Options, check_one, config_for, iter_checks, load_document, run_checks, signature
from .textio import Decoded, InputError, replace_file, replacing_file, write_atomic
from .visible import visible

# Formats that show a file's text (source lines, fix positions): the checked text is kept for them.
SHOWS_TEXT = frozenset(name for name, f in FORMATS.items() if f.shows_text)
COLOR_CHOICES = ("auto", "always", "never")


# The last report's run (its results and every finding), held until the next ``execute``: the console script
# leaves by os._exit right after the report (cli._leave), so the run's objects need never be freed one by one
# (~48,000 findings after 10 MB); a caller in-process frees them at its next call, one run held at most.
_LAST_RUN: list[Run] = []


def _say(msg: str) -> None:
    print(f"tqcheck: {visible(msg)}", file=sys.stderr)  # names and notes quote untrusted text


def _closest(word: str, options: Any) -> str:
    from .config import _closest as closest

    return closest(word, options)


def _usage_problem(opts: Options, fmt: str | None, color: str | None) -> str | None:
    """The first thing wrong with the command line's values that the option parser cannot see, if any."""
    if color is not None and color not in COLOR_CHOICES:
        return f"unknown --color {color!r} (choose from {', '.join(COLOR_CHOICES)}){_closest(color, COLOR_CHOICES)}"
    if opts.jobs < 0:
        return f"--jobs must be a positive number of processes, or 0 for one per core (not {opts.jobs})"
    if fmt is not None and fmt not in FORMATS:
        return f"unknown format {fmt!r} (choose from {', '.join(FORMATS)}){_closest(fmt, FORMATS)}"
    return None


def _answer(
    cfg: Config, opts: Options, *, list_rules: bool, explain: str | None, show_settings: bool, show_files: bool
) -> int | None:
    """``--list-rules``, ``--explain``, ``--show-settings``, ``--show-files``: print the answer and give the exit
    code; None when the invocation asks for none of them (a check)."""
    if list_rules:
        from .rulesdoc import list_rules_text

        print(list_rules_text(cfg), end="")
        return CLEAN
    if explain:
        from .rulesdoc import explain_rule

        text = explain_rule(cfg, explain)
        if text is None:
            _say(f"unknown rule {explain!r}{_closest(explain, cfg.rules)}")
            return ERROR
        print(text, end="")
        return CLEAN
    if show_settings:
        from .config import ConfigError
        from .subcommands import show_settings as settings_text

        try:
            print(settings_text(cfg, opts), end="")
        except ConfigError as exc:  # the project file for that path is broken (or a link out of its repository)
            _say(str(exc))
            return ERROR
        return CLEAN
    if show_files:
        from .subcommands import show_files as files_text

        text, bad = files_text(cfg, opts)
        print(text, end="")
        return ERROR if bad else CLEAN
    return None


def command(
    opts: Options,
    *,
    list_rules: bool = False,
    explain: str | None = None,
    show_settings: bool = False,
    show_files: bool = False,
    no_color: bool = False,
    **request: Any,
) -> int:
    """The main command: check the command line's values, resolve the configuration, then answer (the listing
    options) or check (``request``: :func:`execute`'s keywords)."""
    from .config import ConfigError, clear_discovery_cache
    from .runner import resolve_config

    clear_discovery_cache()  # a fresh look for every run, also when called in-process
    problem = _usage_problem(opts, request.get("fmt"), request.get("color"))
    if problem is not None:
        _say(problem)
        return ERROR
    try:
        cfg = resolve_config(opts)
    except (ConfigError, ValueError) as exc:
        _say(str(exc))
        return ERROR
    answered = _answer(
        cfg, opts, list_rules=list_rules, explain=explain, show_settings=show_settings, show_files=show_files
    )
    if answered is not None:
        return answered
    if not opts.paths and sys.stdin.isatty():
        _say("no input: give files, directories or '-' for standard input (tqcheck --help)")
        return ERROR
    if no_color:
        request["color"] = "never"
    return execute(cfg, opts, **request)


def execute(
    cfg: Config,
    opts: Options,
    *,
    fmt: str | None = None,
    output_file: Path | None = None,
    exit_zero: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    fix: bool = False,
    diff: bool = False,
    unsafe_fixes: bool = False,
    baseline: Path | None = None,
    write_baseline: Path | None = None,
    color: bool | str | None = None,
) -> int:
    """Check, then baseline, fix or report; the exit code (0 clean, 1 findings that fail or fixes ``--diff``
    would apply, 2 usage or input errors)."""
    _LAST_RUN.clear()  # the previous run's objects go now, not after this one's are made
    known = None
    if baseline is not None:
        from . import baseline as baseline_mod  # only a run with a baseline reads one

        try:
            known = baseline_mod.load(baseline)
        except baseline_mod.BaselineError as exc:
            _say(str(exc))
            return ERROR
    is_tty = sys.stdout.isatty() and output_file is None
    chosen = fmt or ("full" if is_tty else "concise")
    if FORMATS[chosen].streams and not (statistics or fix or diff or write_baseline is not None):
        failing_from = cfg.fail_on if quiet else None
        return _stream(cfg, opts, chosen, known, failing_from, output_file, exit_zero=exit_zero)
    results = _collect(cfg, opts, keep_texts=fix or diff or chosen in SHOWS_TEXT)
    order = {rid: i for i, rid in enumerate(cfg.rules)}
    if write_baseline is not None:
        return _write_baseline(results, order, write_baseline)
    if fix or diff:
        results, changed = _fix(cfg, opts, results, write=fix and not diff, show_diff=diff, unsafe=unsafe_fixes)
        if diff:  # as ruff --diff: 1 when there is something to apply, so a CI step can ask "is it fixed?"
            return exit_code(results, failing=changed > 0)
    _to_report(results, order, known, cfg.fail_on if quiet else None)
    run = Run(
        results=results,
        config=cfg,
        signature=signature(cfg),
        statistics=statistics,
        color=use_color(color, is_tty) if chosen == "full" else False,
    )
    if not _deliver(_report_text(run, chosen, statistics=statistics, quiet=quiet), output_file):
        return ERROR
    _LAST_RUN[:] = [run]  # not freed here (see _LAST_RUN)
    return exit_code(results, cfg.fail_on, exit_zero=exit_zero)


def _collect(cfg: Config, opts: Options, *, keep_texts: bool) -> list[FileResult]:
    """Check every input; say each input error and note on standard error."""
    if not keep_texts:
        opts = replace(opts, documents=False)  # nothing after the check reads a file's text again
    results = run_checks(cfg, opts)
    for r in results:
        _say_problems(r)
    return results


def _say_problems(r: FileResult) -> None:
    if r.error:
        _say(f"{r.path}: {r.error}")
    for note in r.notes:
        _say(f"{r.path}: note: {note}")


def _stream(
    cfg: Config,
    opts: Options,
    chosen: str,
    known: Any,
    failing_from: Severity | None,
    output_file: Path | None,
    *,
    exit_zero: bool,
) -> int:
    """Check and report at once, for the formats that stream: each file's result goes to the reporter as soon as
    it is checked and is dropped once written, so memory does not grow with the findings of the run. What the
    exit code needs is kept on the way: every input's error, and whether a finding fails."""
    if chosen not in SHOWS_TEXT:
        opts = replace(opts, documents=False)
    order = {rid: i for i, rid in enumerate(cfg.rules)}
    done: list[FileResult] = []  # each input's name, error and first failing finding (for exit_code)

    def results() -> Iterator[FileResult]:
        for r in iter_checks(cfg, opts, lazy=True):
            _say_problems(r)
            threshold = r.fail_on if r.fail_on is not None else cfg.fail_on
            done.append(FileResult(path=r.path, error=r.error))
            source = getattr(r, "source", None)
            if source is not None and known is None:  # a huge input, its pieces checked as they are written
                r.source = _reported_pieces(source, order, failing_from, threshold, done[-1])
            else:
                if source is not None:  # a baseline is matched over the whole file: its pieces joined
                    r.findings, r.source = [f for piece in source for f in piece], None
                _to_report([r], order, known, failing_from)
                done[-1].findings = [f for f in r.findings if f.severity >= threshold][:1]
            yield r
            r.findings = []  # written: the reporter asks for the next file only when it is done with this one
            r.document = None

    run = Run(results=results(), config=cfg, signature=signature(cfg), color=False)
    if failing_from is not None:
        run.extra["no_summary"] = True  # --quiet: the concise report without its summary line
    if not _deliver_stream(chosen, run, output_file):
        return ERROR
    return exit_code(done, failing=any(r.findings for r in done), exit_zero=exit_zero)


def _write_baseline(results: list[FileResult], order: dict[str, int], path: Path) -> int:
    """``--write-baseline``: record what the report would show (one finding per place), and exit 0 (2 on input
    errors)."""
    from . import baseline as baseline_mod

    for r in results:  # what the report would show: one finding per place (see merge_same_place)
        r.findings = merge_same_place(r.findings, order)
    try:
        n = baseline_mod.write(path, [f for r in results for f in r.findings])
    except OSError as exc:
        _say(f"{path}: cannot write baseline: {exc.strerror or exc}")
        return ERROR
    _say(f"wrote {n} finding(s) to baseline {path}")
    return exit_code(results, failing=False)


def _to_report(results: list[FileResult], order: dict[str, int], known: Any, failing_from: Severity | None) -> None:
    """The findings to report, in place: one per place, those not in the baseline, and with ``--quiet`` only
    those at or above ``failing_from``."""
    for r in results:  # after fixing (every rule's fix is applied), before the baseline (which holds these)
        r.findings = merge_same_place(r.findings, order)
    if known is not None:
        from . import baseline as baseline_mod

        for r in results:
            r.findings = baseline_mod.filter_new(r.findings, known)
    if failing_from is not None:
        for r in results:
            r.findings = [f for f in r.findings if f.severity >= failing_from]


def _report_text(run: Run, chosen: str, *, statistics: bool, quiet: bool) -> str:
    """The report in the chosen format, or the per-rule counts (``--statistics``)."""
    if statistics:
        from .report.statistics import render_statistics

        return render_statistics(run, chosen)
    text = render(chosen, run)
    if quiet and chosen == "concise":
        text = "".join(line + "\n" for line in text.splitlines()[:-1])
    return text


def _deliver(text: str, output_file: Path | None) -> bool:
    """Write the report to ``output_file`` or standard output; False, said on standard error, when it cannot be
    written. A file is replaced atomically (a temporary file made safely beside it, removed on any error);
    /dev/null and FIFOs are written through (``textio.replace_file``)."""
    if output_file is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return True
    try:
        replace_file(output_file, text.encode("utf-8", "backslashreplace"))
    except OSError as exc:
        _say(f"{output_file}: cannot write report: {exc.strerror or exc}")
        return False
    return True


def _reported_pieces(
    source: Iterable[list[Finding]],
    order: dict[str, int],
    failing_from: Severity | None,
    threshold: Severity,
    seen: FileResult,
) -> Iterator[list[Finding]]:
    """:func:`_to_report` for a file's findings that come a piece at a time (no baseline): one finding per place,
    and with ``--quiet`` only those at or above ``failing_from``; the first failing one noted in ``seen``."""
    for piece in source:
        piece = merge_same_place(piece, order)  # one place never spans two pieces (tqcheck.chunks.iter_in_chunks)
        if failing_from is not None:
            piece = [f for f in piece if f.severity >= failing_from]
        if not seen.findings:
            seen.findings = [f for f in piece if f.severity >= threshold][:1]
        yield piece


def _deliver_stream(fmt: str, run: Run, output_file: Path | None) -> bool:
    """:func:`_deliver` for a report written as it is made (:func:`tqcheck.report.write`): to standard output, or
    into the temporary file that ``textio.replacing_file`` renames over ``output_file`` at the end (removed if the
    run fails or is interrupted, so a half report never replaces a whole one)."""
    if output_file is None:
        write(fmt, run, sys.stdout)
        sys.stdout.flush()
        return True
    import io

    try:
        with replacing_file(output_file) as fh:
            out = io.TextIOWrapper(fh, encoding="utf-8", errors="backslashreplace", newline="")
            write(fmt, run, out)
            out.flush()
            out.detach()
    except OSError as exc:
        _say(f"{output_file}: cannot write report: {exc.strerror or exc}")
        return False
    return True


def use_color(choice: bool | str | None, is_tty: bool, env: dict[str, str] | None = None) -> bool:
    """Colour for the rich report, as no-color.org and clig.dev ask: ``--color always|never`` (or
    ``--no-color``) wins; else a non-empty ``NO_COLOR`` turns colour off and a non-empty ``FORCE_COLOR`` on
    (``NO_COLOR`` first: the user who asked for none gets none); else colour exactly when stdout is a terminal."""
    import os

    if choice in (True, "always"):
        return True
    if choice in (False, "never"):
        return False
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return is_tty


MAX_FIX_PASSES = 10


def _fixed_text(engine: Engine, doc, findings, unsafe: bool) -> tuple[str, int, list]:
    """The text with its fixes applied until nothing changes (fixes.converge), the number applied, and the
    findings whose fix was dropped because its own rule flags the replacement again."""
    from dataclasses import replace

    decoded = doc.meta.get("decoded")

    def recheck(text: str) -> list:
        again = load_document(doc.path, replace(decoded, text=text) if decoded is not None else Decoded(text, "utf-8"))
        return engine.check(again)

    return fixes_mod.converge(doc.raw, findings, recheck, unsafe=unsafe, passes=MAX_FIX_PASSES)


def _fix(
    cfg: Config, opts: Options, results: list[FileResult], *, write: bool, show_diff: bool, unsafe: bool
) -> tuple[list[FileResult], int]:
    """The results after fixing (re-checked where a file was written) and the number of files with changes."""
    engines: dict[int, Engine] = {}
    changed = 0
    out = []
    total = 0
    for r in results:
        doc = r.document
        if r.error or doc is None or r.path == "-" or doc.path == opts.stdin_filename and opts.paths == ["-"]:
            out.append(r)
            continue
        own = config_for(doc.path, cfg, opts)  # the configuration that checked it (discovery is per file)
        engine = engines.get(id(own)) or engines.setdefault(id(own), Engine(own))
        new_text, n, dropped = _fixed_text(engine, doc, r.findings, unsafe)
        for f in dropped:
            _say(f"{r.path}: fix of {f.rule} not applied: its replacement {f.fix.replacement!r} re-creates the match")
        if n == 0:
            out.append(r)
            continue
        changed += 1
        if show_diff:
            sys.stdout.write(fixes_mod.unified_diff(doc.path, doc.raw, new_text))
            out.append(r)
            continue
        decoded = doc.meta.get("decoded")
        try:
            write_atomic(doc.path, new_text, decoded)
        except (InputError, OSError) as exc:
            _say(f"{r.path}: not fixed: {exc}")
            out.append(FileResult(path=r.path, error=f"not fixed: {exc}"))
            continue
        total += n
        out.append(check_one(engine, doc.path, opts))
    if write:
        _say(f"applied {total} fix(es)")
    return out, changed


__all__ = ["command", "execute", "Severity"]
