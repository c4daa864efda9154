"""``tqcheck rules`` (list, explain, test) and ``tqcheck score`` (reference metrics for folders of pairs)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

rules_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
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

    text = explain_rule(_cfg(config), rule)
    if text is None:
        print(f"tqcheck: unknown rule {rule!r}", file=sys.stderr)
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
