"""``bbabo config show``: the effective settings and where each can be set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from bbabo.cli.context import AppContext
from bbabo.config import MASK, OPTIONS, env_name, mask_credentials

__all__ = ["COMMANDS"]


@click.group()
def config() -> None:
    """Configuration."""


@config.command()
@click.pass_obj
def show(app: AppContext) -> None:
    """Print every setting's effective value and its environment variable, as bbabo.toml
    lines: a line can be copied into the file as it is (secrets are masked)."""
    settings = app.settings
    for option in OPTIONS:
        value = getattr(settings, option.name)
        if option.secret and value:
            value = MASK
        elif isinstance(value, str):
            value = mask_credentials(value)  # a database password in database_url
        click.echo(f"{option.name} = {toml_value(value)}    "
                   f"# {env_name(option.name)}: {option.help}")


def toml_value(value: Any) -> str:
    """``value`` written as TOML reads it back: true/false, numbers, quoted strings, arrays."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, Path):
        value = str(value)
    # A JSON string is a TOML basic string: the same quotes and escapes, but for DEL, which
    # JSON leaves as it is and TOML refuses.
    quoted = json.dumps("" if value is None else str(value), ensure_ascii=False)
    return quoted.replace("\x7f", "\\u007f")


COMMANDS = [config]
