"""The console's accounts: users, their server-side sessions, and failed sign-ins.

Passwords arrive here already hashed (``pipeline.accounts``), and session tokens as their
SHA-256: nothing in these tables lets anyone sign in."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from bbabo.errors import UsageError
from bbabo.store.db import Database
from bbabo.store.schema import sessions, sign_in_failures, users

__all__ = ["UsersRepo", "SessionsRepo", "SignInFailuresRepo", "User", "Session"]


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    id: int
    username: str
    role: str
    created_at: datetime
    password_changed_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    user: User
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime


def _user(row: sa.Row) -> User:  # type: ignore[type-arg]
    return User(id=row.id, username=row.username, role=row.role, created_at=row.created_at,
                password_changed_at=row.password_changed_at)


_USER_COLUMNS = (users.c.id, users.c.username, users.c.role, users.c.created_at,
                 users.c.password_changed_at)


class UsersRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def add(self, username: str, *, role: str, password_hash: str, now: datetime) -> User:
        with self._engine.begin() as conn:
            if conn.execute(sa.select(users.c.id).where(users.c.username == username)).first():
                raise UsageError(f"user {username!r} exists already", code="usage.user_exists")
            conn.execute(users.insert().values(username=username, role=role,
                                               password_hash=password_hash, created_at=now,
                                               password_changed_at=now))
        found = self.get(username)
        assert found is not None
        return found

    def get(self, username: str) -> User | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(*_USER_COLUMNS)
                               .where(users.c.username == username)).first()
        return None if row is None else _user(row)

    def credentials(self, username: str) -> tuple[User, str] | None:
        """The user and their password hash, to check a sign-in against."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(*_USER_COLUMNS, users.c.password_hash)
                               .where(users.c.username == username)).first()
        return None if row is None else (_user(row), row.password_hash)

    def list(self) -> builtins.list[User]:
        with self._engine.connect() as conn:
            return [_user(row) for row in conn.execute(
                sa.select(*_USER_COLUMNS).order_by(users.c.username))]

    def count_role(self, role: str) -> int:
        with self._engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(users)
                                .where(users.c.role == role)).scalar_one()

    def set_password(self, username: str, password_hash: str, *, now: datetime,
                     end_sessions: bool = True) -> bool:
        """Replace the hash; ``end_sessions`` signs the user out everywhere (a new password
        must lock out whoever knew the old one)."""
        with self._engine.begin() as conn:
            user_id = conn.execute(sa.select(users.c.id)
                                   .where(users.c.username == username)).scalar()
            if user_id is None:
                return False
            conn.execute(users.update().where(users.c.id == user_id)
                         .values(password_hash=password_hash, password_changed_at=now))
            if end_sessions:
                conn.execute(sessions.delete().where(sessions.c.user_id == user_id))
        return True

    def remove(self, username: str) -> bool:
        with self._engine.begin() as conn:
            user_id = conn.execute(sa.select(users.c.id)
                                   .where(users.c.username == username)).scalar()
            if user_id is None:
                return False
            # Explicit, besides the foreign key's cascade: a session must never outlive its user.
            conn.execute(sessions.delete().where(sessions.c.user_id == user_id))
            conn.execute(users.delete().where(users.c.id == user_id))
        return True


class SessionsRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def create(self, token_hash: str, *, user_id: int, csrf_token: str, now: datetime) -> None:
        with self._engine.begin() as conn:
            conn.execute(sessions.insert().values(token_hash=token_hash, user_id=user_id,
                                                  csrf_token=csrf_token, created_at=now,
                                                  last_seen_at=now))

    def get(self, token_hash: str) -> Session | None:
        s = sessions.c
        query = (sa.select(*_USER_COLUMNS, s.csrf_token, s.created_at.label("started"),
                           s.last_seen_at).join(users, users.c.id == s.user_id)
                 .where(s.token_hash == token_hash))
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Session(user=_user(row), csrf_token=row.csrf_token, created_at=row.started,
                       last_seen_at=row.last_seen_at)

    def touch(self, token_hash: str, *, now: datetime) -> None:
        with self._engine.begin() as conn:
            conn.execute(sessions.update().where(sessions.c.token_hash == token_hash)
                         .values(last_seen_at=now))

    def delete(self, token_hash: str) -> bool:
        with self._engine.begin() as conn:
            return conn.execute(sessions.delete()
                                .where(sessions.c.token_hash == token_hash)).rowcount > 0

    def purge(self, *, idle_before: datetime, started_before: datetime) -> int:
        """Drop the sessions that expired (idle too long, or too old)."""
        s = sessions.c
        with self._engine.begin() as conn:
            return conn.execute(sessions.delete().where(sa.or_(
                s.last_seen_at < idle_before, s.created_at < started_before))).rowcount


class SignInFailuresRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def record(self, *, username: str, address: str, now: datetime) -> None:
        with self._engine.begin() as conn:
            conn.execute(sign_in_failures.insert().values(username=username, address=address,
                                                          failed_at=now))

    def times(self, *, since: datetime, username: str | None = None,
              address: str | None = None) -> builtins.list[datetime]:
        """When sign-ins failed since ``since`` for that account name or that address,
        oldest first."""
        f = sign_in_failures.c
        query = sa.select(f.failed_at).where(f.failed_at >= since).order_by(f.failed_at)
        if username is not None:
            query = query.where(f.username == username)
        if address is not None:
            query = query.where(f.address == address)
        with self._engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def clear(self, *, username: str) -> None:
        """A successful sign-in forgets the account's failures (not its address's)."""
        with self._engine.begin() as conn:
            conn.execute(sign_in_failures.delete().where(sign_in_failures.c.username == username))

    def purge(self, *, before: datetime) -> int:
        with self._engine.begin() as conn:
            return conn.execute(sign_in_failures.delete()
                                .where(sign_in_failures.c.failed_at < before)).rowcount
