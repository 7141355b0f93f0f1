"""``bbabo config show``: the effective settings and where each can be set."""

from __future__ import annotations

import click

from bbabo.cli.context import AppContext
from bbabo.config import OPTIONS, env_name

__all__ = ["COMMANDS"]


@click.group()
def config() -> None:
    """Configuration."""


@config.command()
@click.pass_obj
def show(app: AppContext) -> None:
    """Print every setting's effective value and its environment variable."""
    settings = app.settings
    for option in OPTIONS:
        value = getattr(settings, option.name)
        if isinstance(value, tuple):
            value = ",".join(value)
        if option.secret and value:
            value = "********"
        click.echo(f"{option.name} = {value!s}    # {env_name(option.name)}: {option.help}")


COMMANDS = [config]
