"""The console's accounts: adding users and changing their passwords, signing in (throttled),
and the sessions a sign-in opens.

Passwords are hashed with argon2id (``argon2-cffi``, RFC 9106's parameters unless a test hands
in cheaper ones) and only the hash is kept; a sign-in for an unknown name still runs one
verification, so the answer's timing does not tell which names exist. Sessions live in the
database: the browser holds a random token, the store its SHA-256, and a session ends when it
has been idle for ``SESSION_IDLE``, after ``SESSION_LIFETIME`` in any case, on sign-out, and
when the user's password changes or the user is removed. Failed sign-ins are stored too, so
the throttle holds across restarts and across web processes."""

from __future__ import annotations

import enum
import hashlib
import logging
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bbabo.errors import UsageError
from bbabo.store import Store
from bbabo.store.accounts import Session, User

__all__ = ["Accounts", "SignIn", "SignInOutcome", "ROLES", "MIN_PASSWORD_LENGTH",
           "MAX_FAILURES", "FAILURE_WINDOW", "LOCKOUT", "SESSION_IDLE", "SESSION_LIFETIME",
           "check_username", "check_password", "token_digest"]

log = logging.getLogger(__name__)

ROLES = ("editor", "admin")  # an admin may do everything an editor may
MIN_PASSWORD_LENGTH = 10
_MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; a megabyte "password" is an attack
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=2)
SESSION_LIFETIME = timedelta(hours=12)
# A session's last use is written at most this often, not on every request.
_TOUCH_EVERY = timedelta(minutes=1)
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class SignInOutcome(enum.StrEnum):
    ok = "ok"
    wrong = "wrong"  # unknown name or wrong password: the same answer for both
    throttled = "throttled"


@dataclass(frozen=True, slots=True, kw_only=True)
class SignIn:
    outcome: SignInOutcome
    username: str
    user: User | None = None
    token: str | None = None  # for the cookie; only its digest is stored
    csrf_token: str | None = None
    retry_after_s: int = 0


def check_username(name: str) -> str:
    """The name as stored (lower case), or a UsageError saying what a name may hold."""
    folded = name.strip().lower()
    if not _USERNAME.fullmatch(folded):
        raise UsageError(f"bad user name {name!r}: 1 to 64 letters a-z, digits, '.', '_' or "
                         "'-', starting with a letter or digit", code="usage.bad_username")
    return folded


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(f"the password is too short: at least {MIN_PASSWORD_LENGTH} "
                         "characters", code="usage.weak_password")
    if len(password) > _MAX_PASSWORD_LENGTH:
        raise UsageError(f"the password is too long: at most {_MAX_PASSWORD_LENGTH} "
                         "characters", code="usage.bad_password")


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r} (known: {', '.join(ROLES)})",
                         code="usage.bad_role")
    return role


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _locked_until(failures: Sequence[datetime]) -> datetime | None:
    """When a lockout from these failures (oldest first) ends: MAX_FAILURES of them within
    FAILURE_WINDOW lock the account or address for LOCKOUT after the last of them."""
    until = None
    for first, last in zip(failures, failures[MAX_FAILURES - 1:], strict=False):
        if last - first <= FAILURE_WINDOW:
            until = last + LOCKOUT
    return until


class Accounts:
    """The account operations over one store; ``clock`` is "now" (tests move it)."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime],
                 hasher: PasswordHasher | None = None) -> None:
        self._store, self._clock = store, clock
        self._hasher = hasher or PasswordHasher()  # argon2id, RFC 9106 low-memory profile
        self._dummy: str | None = None

    def add(self, username: str, *, role: str, password: str) -> User:
        name, role = check_username(username), _check_role(role)
        check_password(password)
        return self._store.users.add(name, role=role, password_hash=self._hasher.hash(password),
                                     now=self._clock())

    def set_password(self, username: str, password: str) -> None:
        """A new password; every session of the user ends."""
        check_password(password)
        if not self._store.users.set_password(check_username(username),
                                              self._hasher.hash(password), now=self._clock()):
            raise UsageError(f"no user {username!r}", code="usage.unknown_user")

    def remove(self, username: str) -> None:
        if not self._store.users.remove(check_username(username)):
            raise UsageError(f"no user {username!r}", code="usage.unknown_user")

    def sign_in(self, username: str, password: str, *, address: str) -> SignIn:
        """Check a name and password; refused without looking while the name or the address
        is locked out."""
        name, now = username.strip().lower()[:64], self._clock()
        failures = self._store.sign_in_failures
        since = now - FAILURE_WINDOW - LOCKOUT
        locks = [_locked_until(failures.times(since=since, username=name)),
                 _locked_until(failures.times(since=since, address=address))]
        until = max((lock for lock in locks if lock is not None), default=None)
        if until is not None and until > now:
            log.warning("sign-in refused: too many failures", extra={"code": "auth.throttled"})
            return SignIn(outcome=SignInOutcome.throttled, username=name,
                          retry_after_s=max(1, int((until - now).total_seconds())))
        found = self._store.users.credentials(name)
        valid = self._verify(found[1] if found is not None else None, password)
        if found is None or not valid:
            failures.record(username=name, address=address, now=now)
            return SignIn(outcome=SignInOutcome.wrong, username=name)
        user, stored = found
        failures.clear(username=name)
        failures.purge(before=now - timedelta(days=1))
        if self._hasher.check_needs_rehash(stored):  # stronger parameters since: upgrade it
            self._store.users.set_password(name, self._hasher.hash(password), now=now,
                                           end_sessions=False)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self._store.sessions.purge(idle_before=now - SESSION_IDLE,
                                   started_before=now - SESSION_LIFETIME)
        self._store.sessions.create(token_digest(token), user_id=user.id, csrf_token=csrf,
                                    now=now)
        return SignIn(outcome=SignInOutcome.ok, username=name, user=user, token=token,
                      csrf_token=csrf)

    def session(self, token: str) -> Session | None:
        """The live session of this cookie token; an expired one is ended here."""
        digest, now = token_digest(token), self._clock()
        found = self._store.sessions.get(digest)
        if found is None:
            return None
        if now - found.last_seen_at > SESSION_IDLE or now - found.created_at > SESSION_LIFETIME:
            self._store.sessions.delete(digest)
            return None
        if now - found.last_seen_at > _TOUCH_EVERY:
            self._store.sessions.touch(digest, now=now)
        return found

    def sign_out(self, token: str) -> None:
        self._store.sessions.delete(token_digest(token))

    def _verify(self, stored: str | None, password: str) -> bool:
        if len(password) > _MAX_PASSWORD_LENGTH:
            return False
        if stored is None:
            if self._dummy is None:
                self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
            stored = self._dummy
        try:
            return self._hasher.verify(stored, password)
        except VerificationError:
            return False
        except InvalidHashError:
            log.error("a stored password hash is not an argon2 hash; that user cannot sign in")
            return False
