"""``bbabo config show``: the effective settings and where each can be set."""

from __future__ import annotations

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
    """Print every setting's effective value and its environment variable."""
    settings = app.settings
    for option in OPTIONS:
        value = getattr(settings, option.name)
        if isinstance(value, tuple):
            value = ",".join(value)
        if option.secret and value:
            value = MASK
        elif isinstance(value, str):
            value = mask_credentials(value)  # a database password in database_url
        click.echo(f"{option.name} = {value!s}    # {env_name(option.name)}: {option.help}")


COMMANDS = [config]
