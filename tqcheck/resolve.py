"""Which configuration checks which file: the run's options, the configuration they resolve to, and the
project configuration found for each input (as Ruff finds its own, per file)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ._version import __version__
from .config import Config, default_rules_path, find_project_config, load_config


@dataclass
class Options:
    """One run's options: what to check and how, and the command line's settings, the last layer of the
    configuration (read by :func:`tqcheck.config.load_config` as its ``overrides``; declared here only)."""

    # The command line's settings: lists add to the files' (``select`` and ``exclude`` replace theirs when given).
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    fail_on: str | None = None
    glossary: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    min_chrf: float | None = None
    min_bleu: float | None = None
    max_ter: float | None = None
    exclude: list[str] | None = None  # --exclude: replaces the settings' exclude globs
    extend_exclude: list[str] = field(default_factory=list)  # --extend-exclude: adds to them
    # What to check, and how.
    paths: list[str] = field(default_factory=list)
    config_path: str | None = None
    no_config: bool = False
    source: str | None = None
    source_dir: str | None = None  # sources named like the articles (tqcheck.pairing)
    reference: str | None = None
    jobs: int = 1
    stdin_filename: str = "-"
    progress: bool = True  # a progress bar on standard error for long runs, when it is a terminal
    # Keep each checked text in its FileResult (reporters that show it, --fix); without, the text and what was
    # computed from it go as soon as the file is checked (less memory, and less to send back from --jobs workers).
    documents: bool = True


def resolve_config(opts: Options, cwd: Path | None = None) -> Config:
    """Default pack < project configuration < command line. The project configuration is ``--config``, else
    (unless ``--no-config``/``--isolated``) the closest one above ``cwd`` (default: the current directory); see
    :func:`tqcheck.config.find_project_config`. Files elsewhere may have their own: :func:`config_for`."""
    from .checks import KINDS

    user = opts.config_path
    found_from = None
    if user is None and not opts.no_config:
        start = cwd or Path.cwd()
        found = find_project_config(start)
        user = str(found) if found else None
        found_from = str(start) if found else None
    return load_config(user, overrides=opts, found_from=found_from, kinds=KINDS)


def project_file_for(path: str, opts: Options) -> str | None:
    """The project configuration that applies to the input ``path`` (None: the default pack alone)."""
    if opts.config_path is not None:
        return opts.config_path
    if opts.no_config:
        return None
    where = Path.cwd() if path == "-" else Path(path).parent
    found = find_project_config(where)
    if found is None:
        return None
    try:
        if found.resolve() == default_rules_path().resolve():
            return None
    except OSError:
        pass
    return str(found)


_CONFIGS: dict[tuple[int, str | None], Config] = {}


def config_for(path: str, cfg: Config, opts: Options) -> Config:
    """The configuration that checks ``path``: ``cfg`` when the same project file applies there (nearly always),
    else the closest project file above ``path``, resolved with the same command-line options (once per file)."""
    project = project_file_for(path, opts)
    same = project == cfg.project or (
        project is not None and cfg.project is not None and os.path.samefile(project, cfg.project)
    )
    if same:
        return cfg
    key = (id(cfg), project)
    other = _CONFIGS.get(key)
    if other is None:
        other = _CONFIGS[key] = resolve_config(replace(opts, config_path=project, no_config=project is None))
    return other


def signature(cfg: Config) -> str:
    """What changes the results: tqcheck version, the rule files, the selection (sacrebleu's habit)."""
    import hashlib

    h = hashlib.sha256()
    for digest in cfg.digests:  # hashed when the files were read, not read again
        h.update(digest.encode())
    selected = cfg.selected()
    h.update(",".join(sorted(r.id for r in selected)).encode())
    return f"tqcheck:{__version__}|rules:{h.hexdigest()[:8]}|n:{len(selected)}|fail_on:{cfg.fail_on}"


def forget_configs() -> None:
    """Forget the configurations resolved for other project files (a run starts with this: they are keyed by the
    run's configuration object, never one of an earlier run's)."""
    _CONFIGS.clear()
