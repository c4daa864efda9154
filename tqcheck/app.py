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
from .report import Run, render
from .runner import Options, check_one, load_document, run_checks, signature
from .textio import Decoded, InputError, write_atomic

# Formats that show a file's text (source lines, fix positions): the checked text is kept for them.
SHOWS_TEXT = frozenset({"full", "sarif"})


def _say(msg: str) -> None:
    print(f"tqcheck: {msg}", file=sys.stderr)


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
    color: bool | None = None,
) -> int:
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
    if write_baseline is not None:
        try:
            n = baseline_mod.write(write_baseline, [f for r in results for f in r.findings])
        except OSError as exc:
            _say(f"{write_baseline}: cannot write baseline: {exc.strerror or exc}")
            return 2
        _say(f"wrote {n} finding(s) to baseline {write_baseline}")
        return 2 if any(r.error for r in results) else 0
    if fix or diff:
        results = _fix(cfg, opts, results, write=fix and not diff, show_diff=diff, unsafe=unsafe_fixes)
        if diff:
            return 2 if any(r.error for r in results) else 0
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
        color=(is_tty if color is None else color) if chosen == "full" else False,
    )
    text = render(chosen, run)
    if quiet and chosen == "concise":
        text = "".join(line + "\n" for line in text.splitlines()[:-1])
    if output_file is not None:
        try:
            if output_file.exists() and not output_file.is_file():
                # /dev/null, a FIFO, /dev/stdout: write through; renaming over them would replace the node
                with open(output_file, "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                tmp = output_file.with_name(output_file.name + ".tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(output_file)
        except OSError as exc:
            _say(f"{output_file}: cannot write report: {exc.strerror or exc}")
            return 2
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    code = exit_code(results, cfg.fail_on)
    if exit_zero and code == 1:
        return 0
    return code


MAX_FIX_PASSES = 10


def _fixed_text(engine: Engine, doc, findings, unsafe: bool) -> tuple[str, int]:
    """Apply fixes until nothing changes (one fix can expose another: "€5.Minister" → "5 Euro.Minister" →
    "5 Euro. Minister"), in memory, so the file is written once and a second ``--fix`` finds nothing."""
    from dataclasses import replace

    text, total = doc.raw, 0
    for _ in range(MAX_FIX_PASSES):
        text2, n = fixes_mod.apply(text, findings, unsafe=unsafe)
        if n == 0 or text2 == text:
            break
        total += n
        text = text2
        decoded = doc.meta.get("decoded")
        again = load_document(doc.path, replace(decoded, text=text) if decoded is not None else Decoded(text, "utf-8"))
        findings = engine.check(again)
    return text, total


def _fix(
    cfg: Config, opts: Options, results: list[FileResult], *, write: bool, show_diff: bool, unsafe: bool
) -> list[FileResult]:
    engine = Engine(cfg)
    out = []
    total = 0
    for r in results:
        doc = r.document
        if r.error or doc is None or r.path == "-" or doc.path == opts.stdin_filename and opts.paths == ["-"]:
            out.append(r)
            continue
        new_text, n = _fixed_text(engine, doc, r.findings, unsafe)
        if n == 0:
            out.append(r)
            continue
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
    return out


__all__ = ["execute", "Severity"]
