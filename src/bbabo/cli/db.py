"""``bbabo db``: schema migrations."""

from __future__ import annotations

import click

from bbabo.cli.context import AppContext
from bbabo.errors import StoreError
from bbabo.store import open_store

__all__ = ["COMMANDS"]


@click.group()
def db() -> None:
    """Database schema."""


@db.command()
@click.pass_obj
def migrate(app: AppContext) -> None:
    """Apply pending migrations (also done on every start)."""
    app.store  # noqa: B018 - opening the store migrates it
    click.echo("database schema is up to date")


@db.command()
@click.pass_obj
def check(app: AppContext) -> None:
    """Exit non-zero when the schema is older than this bbabo."""
    store = open_store(app.settings.database_url, apply_migrations=False)
    try:
        if not store.schema_is_current():
            raise StoreError("database schema is out of date: run `bbabo db migrate`",
                             code="store.stale_schema")
    finally:
        store.close()
    click.echo("database schema is up to date")


COMMANDS = [db]
