"""`bbabo users`: console accounts from the command line. Passwords come from standard input
or a hidden, confirmed prompt, are at least 10 characters, and are stored only as argon2id
hashes; every change is in the audit log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bbabo.cli import cli, users
from bbabo.cli.context import utcnow
from bbabo.pipeline.accounts import Accounts
from bbabo.store import open_store

SECRET = "a long enough secret"


@pytest.fixture
def run(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, stdin: str | None = None) -> Result:
        result = CliRunner().invoke(cli, ["--log-level", "debug", *args], input=stdin)
        assert "Traceback" not in result.output
        assert SECRET not in result.output, "a password was printed"
        return result

    return invoke


def _database(sqlite_url: str) -> bytes:
    return Path(sqlite_url.removeprefix("sqlite:///")).read_bytes()


def test_add_with_password_stdin_stores_only_an_argon2id_hash(run, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    result = run("users", "add", "Ann", "--role", "admin", "--password-stdin",
                 stdin=SECRET + "\n")
    assert result.exit_code == 0, result.output
    assert "added admin ann" in result.output
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:
        [(stored,)] = db.execute("SELECT password_hash FROM users").fetchall()
    assert stored.startswith("$argon2id$") and SECRET not in stored
    assert SECRET.encode() not in _database(sqlite_url)
    store = open_store(sqlite_url)
    assert Accounts(store, clock=utcnow).sign_in("ann", SECRET, address="t").token
    [entry] = [e for e in store.audit.recent() if e.action == "user.add"]
    assert entry.username.startswith("cli") and entry.target == "ann"


def test_a_short_password_a_bad_name_or_role_and_a_duplicate_are_refused(run) -> None:  # type: ignore[no-untyped-def]
    short = run("users", "add", "bob", "--role", "editor", "--password-stdin",
                stdin="123456789\n")
    assert short.exit_code == 1
    assert "too short: at least 10 characters" in short.output
    bad = run("users", "add", "bob smith", "--role", "editor", "--password-stdin",
              stdin=SECRET + "\n")
    assert bad.exit_code == 1 and "bad user name" in bad.output
    role = run("users", "add", "bob", "--role", "owner", "--password-stdin", stdin=SECRET)
    assert role.exit_code == 2
    assert run("users", "add", "bob", "--role", "editor", "--password-stdin",
               stdin=SECRET).exit_code == 0
    again = run("users", "add", "bob", "--role", "admin", "--password-stdin", stdin=SECRET)
    assert again.exit_code == 1 and "exists already" in again.output


def test_without_a_terminal_it_asks_for_password_stdin(run) -> None:  # type: ignore[no-untyped-def]
    result = run("users", "add", "bob", "--role", "editor")
    assert result.exit_code == 1
    assert "--password-stdin" in result.output


def test_on_a_terminal_the_prompt_is_hidden_and_confirmed(
        run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(users, "_has_terminal", lambda: True)
    mismatch = run("users", "add", "bob", "--role", "editor",
                   stdin=f"{SECRET}\nsomething else\n")
    assert mismatch.exit_code != 0 and "do not match" in mismatch.output
    ok = run("users", "add", "bob", "--role", "editor", stdin=f"{SECRET}\n{SECRET}\n")
    assert ok.exit_code == 0, ok.output
    assert "Password (at least 10 characters)" in ok.output


def test_list_passwd_and_remove(run, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    run("users", "add", "ann", "--role", "admin", "--password-stdin", stdin=SECRET)
    run("users", "add", "bob", "--role", "editor", "--password-stdin", stdin=SECRET)
    listing = run("users", "list", "--json")
    assert [(u["username"], u["role"]) for u in json.loads(listing.stdout)] == [
        ("ann", "admin"), ("bob", "editor")]
    store = open_store(sqlite_url)
    accounts = Accounts(store, clock=utcnow)
    session = accounts.sign_in("bob", SECRET, address="t").token
    assert session is not None and accounts.session(session) is not None
    new = "another long secret"
    changed = run("users", "passwd", "bob", "--password-stdin", stdin=new + "\n")
    assert changed.exit_code == 0 and "sessions are ended" in changed.output
    assert accounts.session(session) is None
    assert accounts.sign_in("bob", SECRET, address="t").token is None
    assert accounts.sign_in("bob", new, address="t").token is not None
    assert run("users", "passwd", "nobody", "--password-stdin", stdin=new).exit_code == 1
    assert run("users", "remove", "bob").exit_code == 0
    assert "bob" not in run("users", "list").output
    assert run("users", "remove", "bob").exit_code == 1
    actions = [e.action for e in store.audit.recent()]
    assert actions[:2] == ["user.remove", "user.passwd"]
