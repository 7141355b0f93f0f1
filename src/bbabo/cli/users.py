"""``bbabo users``: the operator console's accounts (add, list, remove, change a password).

A password is read from a hidden, confirmed prompt on a terminal, or as one line from standard
input with ``--password-stdin`` (for scripts); it never appears in arguments, logs or output."""

from __future__ import annotations

import getpass
import json
import sys

import click

from bbabo.cli.context import AppContext, utcnow
from bbabo.errors import UsageError
from bbabo.pipeline.accounts import MIN_PASSWORD_LENGTH, ROLES, Accounts, check_username

__all__ = ["COMMANDS"]

_stdin = click.option("--password-stdin", is_flag=True,
                      help="Read the password as one line from standard input.")


def _actor() -> str:
    """Who ran the command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name (a container without /etc/passwd entry)
        return "cli"


def _has_terminal() -> bool:
    return sys.stdin.isatty()


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    if not _has_terminal():
        raise UsageError("no terminal to ask for the password on: pass it on standard input "
                         "with --password-stdin", code="usage.no_terminal")
    password: str = click.prompt(f"Password (at least {MIN_PASSWORD_LENGTH} characters)",
                                 hide_input=True, confirmation_prompt=True)
    return password


def _audit(app: AppContext, action: str, target: str, detail: str = "") -> None:
    app.store.audit.record(username=_actor(), action=action, target=target, detail=detail,
                           now=utcnow())


@click.group()
def users() -> None:
    """Accounts of the operator console (/admin/)."""


@users.command()
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="editor: review, edit translations, glossary; admin: also sources, models "
                   "and users.")
@_stdin
@click.pass_obj
def add(app: AppContext, name: str, role: str, password_stdin: bool) -> None:
    """Add a console user NAME with a password of at least 10 characters."""
    name = check_username(name)
    if app.store.users.get(name) is not None:
        raise UsageError(f"user {name!r} exists already", code="usage.user_exists")
    user = Accounts(app.store, clock=utcnow).add(name, role=role,
                                                 password=_password(password_stdin))
    _audit(app, "user.add", user.username, f"role {user.role}")
    click.echo(f"added {user.role} {user.username}; sign in at /admin/")


@users.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def list_(app: AppContext, as_json: bool) -> None:
    """The console's users and their roles."""
    found = app.store.users.list()
    if as_json:
        click.echo(json.dumps([{"username": u.username, "role": u.role,
                                "created_at": u.created_at.isoformat(),
                                "password_changed_at": u.password_changed_at.isoformat()}
                               for u in found], indent=2))
        return
    if not found:
        click.echo("no users; add one with: bbabo users add NAME --role admin")
    for user in found:
        click.echo(f"{user.username}  {user.role}  since "
                   f"{user.created_at.isoformat(timespec='seconds')}")


@users.command()
@click.argument("name")
@click.pass_obj
def remove(app: AppContext, name: str) -> None:
    """Remove a user; their sessions end at once."""
    Accounts(app.store, clock=utcnow).remove(name)
    _audit(app, "user.remove", check_username(name))
    click.echo(f"removed {check_username(name)}")


@users.command()
@click.argument("name")
@_stdin
@click.pass_obj
def passwd(app: AppContext, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; their sessions end at once."""
    name = check_username(name)
    if app.store.users.get(name) is None:
        raise UsageError(f"no user {name!r}", code="usage.unknown_user")
    Accounts(app.store, clock=utcnow).set_password(name, _password(password_stdin))
    _audit(app, "user.passwd", name)
    click.echo(f"password of {name} changed; their sessions are ended")


COMMANDS = [users]
