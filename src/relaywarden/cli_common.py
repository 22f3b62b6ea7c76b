"""What every command module shares: the consoles, error output, the --config option, and
opening the configuration and the state database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Engine

from relaywarden.config import Config, ConfigError, load_config

err = Console(stderr=True, soft_wrap=True)
out = Console(markup=False, highlight=False, soft_wrap=True)  # output carries addresses and headers verbatim


def error(message: str) -> None:
    # Messages carry user input (config values, addresses): never interpret it as markup.
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)


def warning(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(message)}", highlight=False)


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="TOML configuration file; embedded defaults when omitted.",
                 exists=False, dir_okay=False),
]


def load(path: Path | None) -> Config:
    """The configuration, or exit 2 with the problem named."""
    try:
        return load_config(path)
    except ConfigError as exc:
        error(f"{exc}")
        raise typer.Exit(2) from None


def engine(cfg: Config) -> Engine:
    from relaywarden.store.db import open_database

    cfg.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return open_database(cfg.database_url)
