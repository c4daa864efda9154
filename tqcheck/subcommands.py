"""``tqcheck rules`` (list, explain, test), ``tqcheck score`` (reference metrics for folders of pairs), and the
``--show-settings`` / ``--show-files`` answers (what configuration applies, which files would be checked)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}  # -h on every subcommand, as on the main command

rules_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings=HELP_OPTIONS,
    help="List, explain and test rules.",
)


def _cfg(config: Path | None):
    from .config import ConfigError
    from .runner import Options, resolve_config

    try:
        return resolve_config(Options(config_path=str(config) if config else None))
    except ConfigError as exc:
        print(f"tqcheck: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


@rules_app.callback(invoke_without_command=True)
def rules_default(ctx: typer.Context, config: Path | None = typer.Option(None, "--config", "-c")) -> None:
    """``tqcheck rules`` alone lists the rules, like ``tqcheck --list-rules``."""
    if ctx.invoked_subcommand is None:
        from .rulesdoc import list_rules_text

        print(list_rules_text(_cfg(config)), end="")


@rules_app.command("list")
def rules_list(config: Path | None = typer.Option(None, "--config", "-c")) -> None:
    """List every rule with id, selection, severity, category and a one-line explanation."""
    from .rulesdoc import list_rules_text

    print(list_rules_text(_cfg(config)), end="")


@rules_app.command("explain")
def rules_explain(rule: str, config: Path | None = typer.Option(None, "--config", "-c")) -> None:
    """Explain one rule and show its examples."""
    from .rulesdoc import explain_rule

    cfg = _cfg(config)
    text = explain_rule(cfg, rule)
    if text is None:
        from .config import _closest

        print(f"tqcheck: unknown rule {rule!r}{_closest(rule, cfg.rules)}", file=sys.stderr)
        raise typer.Exit(2)
    print(text, end="")


@rules_app.command("test")
def rules_test(config: Path | None = typer.Option(None, "--config", "-c")) -> None:
    """Run every rule's bad/good examples; exit 1 when one fails."""
    from .examples import check_examples

    cfg = _cfg(config)
    failures = []
    for spec in cfg.rules.values():
        failures.extend(check_examples(spec, cfg))
    for f in failures:
        print(f)
    print(f"{len(cfg.rules)} rules, {len(failures)} failing example(s)")
    raise typer.Exit(1 if failures else 0)


score_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings=HELP_OPTIONS,
    help="Score translations against references with sacrebleu (BLEU, chrF, TER).",
)


@score_app.command()
def score(
    hyp: Path = typer.Argument(..., help="A translation file, or a folder of them."),
    ref: Path = typer.Argument(..., help="The reference file, or a folder with the same file names."),
    fmt: str = typer.Option("full", "--format", "-f", help="full | json | tsv"),
) -> None:
    """Corpus-level scores plus a per-file table."""
    from .scoring import score_command

    raise typer.Exit(score_command(hyp, ref, fmt))


def _listing(values) -> str:
    return ", ".join(map(str, values)) if values else "(none)"


def show_settings(cfg, opts) -> str:
    """The configuration for the first path given (else the current directory), as it was resolved: the file it
    came from and how it was found, then each setting, then the selected rules."""
    from .runner import config_for

    target = opts.paths[0] if opts.paths else None
    own = cfg
    if target is not None and target != "-" and not Path(target).is_dir():
        own = config_for(target, cfg, opts)
    elif target is not None and Path(target).is_dir():
        own = config_for(str(Path(target) / "_"), cfg, opts)
    if own.project is None:
        source = "none (the default pack only" + (", --isolated)" if opts.no_config else ")")
    elif opts.config_path is not None:
        source = f"{own.project} (--config)"
    else:
        source = f"{own.project} (the closest above {target or '.'})"
    selected = own.selected()
    lines = [
        f"Settings for {target or 'the current directory'}",
        f"  configuration file: {source}",
        f"  rule files read:    {_listing(own.files)}",
        f"  fail_on:            {own.fail_on}",
        f"  select:             {_listing(own.select) if own.select is not None else '(default: every enabled rule)'}",
        f"  extend_select:      {_listing(own.extend_select)}",
        f"  ignore:             {_listing(own.ignore)}",
        f"  per_file_ignores:   {_listing([f'{k}: {v}' for k, v in own.per_file_ignores.items()])}",
        f"  glossary:           {_listing(own.glossary)}",
        f"  accept:             {_listing(own.accept)}",
        f"  quotes:             {own.quotes}",
        f"  include:            {_listing(own.include) if own.include else '(default)'}",
        f"  exclude:            {_listing(own.exclude)}",
        f"  min_chrf / min_bleu / max_ter: {own.min_chrf} / {own.min_bleu} / {own.max_ter}",
        f"  source_pattern / reference_pattern: {own.source_pattern} / {own.reference_pattern}",
        f"  rules selected:     {len(selected)} of {len(own.rules)}",
    ]
    lines.extend(f"    {r.id}  ({r.severity}, {r.category})" for r in selected)
    return "\n".join(lines) + "\n"


def show_files(cfg, opts) -> tuple[str, int]:
    """The files a check would read, one per line, in order (what ``collect`` and the partner-file rule leave),
    and the number of inputs that could not be found (said on standard error)."""
    from .files import collect
    from .pairing import is_partner_file
    from .visible import visible

    inputs = collect(opts.paths or ["."], cfg.include or None, cfg.exclude or None)
    names = {str(Path(i.path)) for i in inputs if not i.error}
    bad = 0
    lines = []
    for inp in inputs:
        if inp.error:
            bad += 1
            print(f"tqcheck: {visible(inp.path)}: {inp.error}", file=sys.stderr)
            continue
        if (
            opts.source is None
            and opts.reference is None
            and len(names) > 1
            and is_partner_file(str(Path(inp.path)), names)
        ):
            continue
        lines.append(visible(inp.path))  # one name per line: a newline in a name must not make two
    return "".join(line + "\n" for line in lines), bad
