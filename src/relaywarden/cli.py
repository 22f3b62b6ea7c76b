"""The one command line: `relaywarden serve`, `check-config`, `user`, `queue`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from relaywarden.config import Config, ConfigError, insecure_settings, load_config

app = typer.Typer(
    help="relaywarden: a secure SMTP relay and mail security gateway.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="TOML configuration file; embedded defaults when omitted.",
                 exists=False, dir_okay=False),
]


def _load(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
        raise typer.Exit(2) from None


@app.command("check-config")
def check_config(config: ConfigOption = None) -> None:
    """Validate the configuration without starting, and warn about insecure settings."""
    cfg = _load(config)
    warnings = insecure_settings(cfg)
    for w in warnings:
        err.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
    source = str(config) if config else "embedded defaults"
    out.print(f"{source}: configuration is valid ({len(warnings)} warning(s))", highlight=False)
