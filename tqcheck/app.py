"""What a ``tqcheck`` invocation does after its arguments are parsed: check, baseline, fix, report, exit code."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from . import baseline as baseline_mod
from . import fixes as fixes_mod
from .config import Config
from .engine import Engine, FileResult, exit_code
from .model import Severity
from .report import Run, merge_same_place, render
from .runner import Options, check_one, config_for, load_document, run_checks, signature
from .textio import Decoded, InputError, replace_file, write_atomic
from .visible import visible

# Formats that show a file's text (source lines, fix positions, the article itself): the checked text is kept.
SHOWS_TEXT = frozenset({"full", "sarif", "html"})


# The last report's run (its results and every finding), held until the next ``execute``: the console script
# leaves by os._exit right after the report (cli._leave), so the run's objects need never be freed one by one
# (~48,000 findings after 10 MB); a caller in-process frees them at its next call, one run held at most.
_LAST_RUN: list[Run] = []


def _say(msg: str) -> None:
    print(f"tqcheck: {visible(msg)}", file=sys.stderr)  # names and notes quote untrusted text


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
        try:
            known = baseline_mod.load(baseline)
        except baseline_mod.BaselineError as exc:
            _say(str(exc))
            return 2
    is_tty = sys.stdout.isatty() and output_file is None
    chosen = fmt or ("full" if is_tty else "concise")
    if not (fix or diff or chosen in SHOWS_TEXT):
        opts = replace(opts, documents=False)  # nothing after the check reads a file's text again
    results = run_checks(cfg, opts)
    for r in results:
        if r.error:
            _say(f"{r.path}: {r.error}")
        for note in r.notes:
            _say(f"{r.path}: note: {note}")
    order = {rid: i for i, rid in enumerate(cfg.rules)}
    if write_baseline is not None:
        for r in results:  # what the report would show: one finding per place (see merge_same_place)
            r.findings = merge_same_place(r.findings, order)
        try:
            n = baseline_mod.write(write_baseline, [f for r in results for f in r.findings])
        except OSError as exc:
            _say(f"{write_baseline}: cannot write baseline: {exc.strerror or exc}")
            return 2
        _say(f"wrote {n} finding(s) to baseline {write_baseline}")
        return 2 if any(r.error for r in results) else 0
    if fix or diff:
        results, changed = _fix(cfg, opts, results, write=fix and not diff, show_diff=diff, unsafe=unsafe_fixes)
        if diff:  # as ruff --diff: 1 when there is something to apply, so a CI step can ask "is it fixed?"
            return 2 if any(r.error for r in results) else (1 if changed else 0)
    for r in results:  # after fixing (every rule's fix is applied), before the baseline (which holds these)
        r.findings = merge_same_place(r.findings, order)
    if known is not None:
        for r in results:
            r.findings = baseline_mod.filter_new(r.findings, known)
    if quiet:
        for r in results:
            r.findings = [f for f in r.findings if f.severity >= cfg.fail_on]
    run = Run(
        results=results,
        config=cfg,
        signature=signature(cfg),
        statistics=statistics,
        color=use_color(color, is_tty) if chosen == "full" else False,
    )
    if statistics:
        from .report.statistics import render_statistics

        text = render_statistics(run, chosen)
    else:
        text = render(chosen, run)
    if quiet and chosen == "concise" and not statistics:
        text = "".join(line + "\n" for line in text.splitlines()[:-1])
    if output_file is not None:
        try:  # atomic, no temporary file left on error; /dev/null and FIFOs are written through
            replace_file(output_file, text.encode("utf-8", "backslashreplace"))
        except OSError as exc:
            _say(f"{output_file}: cannot write report: {exc.strerror or exc}")
            return 2
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    code = exit_code(results, cfg.fail_on)
    _LAST_RUN[:] = [run]  # not freed here (see _LAST_RUN)
    if exit_zero and code == 1:
        return 0
    return code


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
        again = check_one(engine, doc.path, opts)
        again.fail_on = own.fail_on
        out.append(again)
    if write:
        _say(f"applied {total} fix(es)")
    return out, changed


__all__ = ["execute", "Severity"]
