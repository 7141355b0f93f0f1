"""The ``bbabo`` command. Command bodies stay thin: build the settings, open the store, call
``pipeline/``, print. A user's mistake is one line on stderr and a non-zero exit, never a
traceback."""

from __future__ import annotations

import sys
from typing import Any

import click

from bbabo import __version__, memory
from bbabo.cli.context import AppContext
from bbabo.cli.logs import setup_logging
from bbabo.errors import BbaboError, ConfigError
from bbabo.store import store_failure

__all__ = ["cli", "main"]


class _Failure(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click types it as a class constant

    def show(self, file: Any = None) -> None:
        click.echo(f"bbabo: {self.format_message()}", err=True)


class _BbaboGroup(click.Group):
    """Turns bbabo's own errors into one line and an exit code (2 for configuration)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise _Failure(f"configuration error: {exc}", 2) from None
        except BbaboError as exc:
            raise _Failure(str(exc), 1) from None
        except RecursionError:
            # Input nested past what Python can walk, met by code that walks it recursively
            # (the readers of the network's input refuse such nesting before that).
            raise _Failure("the input is nested too deeply to read", 1) from None
        except Exception as exc:
            # The database's own trouble (a full disk, a damaged file, a lost connection) is
            # the operator's to fix, not a bug: one line. Anything else is a bug: traceback.
            failure = store_failure(exc)
            if failure is None:
                raise
            raise _Failure(str(failure), 1) from None


@click.group(cls=_BbaboGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bbabo")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]),
              default=None, help="Log verbosity (default: info for run/serve, else warning).")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Log line format on stderr.")
@click.pass_context
def cli(ctx: click.Context, log_level: str | None, log_format: str) -> None:
    """bbabo: gather news from feeds, translate it offline, publish a multilingual site."""
    long_running = ctx.invoked_subcommand in {"run", "serve", "worker", "scheduler"}
    setup_logging(log_level or ("info" if long_running else "warning"), log_format)
    if long_running:
        memory.cap_malloc_arenas()
    ctx.obj = AppContext()
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from bbabo.cli import (
        articles,
        config,
        db,
        eval,
        extract,
        glossary,
        models,
        pipeline,
        qa,
        serve,
        site,
        sources,
        status,
        stories,
        users,
        worker,
    )

    for module in (articles, config, db, eval, extract, glossary, models, pipeline, qa, serve,
                   site, sources, status, stories, users, worker):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    try:
        cli.main(prog_name="bbabo")
    except KeyboardInterrupt:
        sys.exit(130)
