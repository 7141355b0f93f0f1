"""WebSub subscriptions: which hub pushes which source's feed to us, and how that is going.

A subscription is ``requested`` from the moment its request is sent until the hub verifies our
intent (then ``active``, with the lease the hub granted), ``unsubscribing`` once its source is
removed, disabled or stops naming the hub, and ``failed`` when the hub refused or never answered
(it is asked again later). The secret and token never leave this table but to the hub."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import websub_subscriptions as subs

__all__ = ["WebSubRepo", "Subscription", "REQUESTED", "ACTIVE", "UNSUBSCRIBING", "FAILED"]

REQUESTED, ACTIVE, UNSUBSCRIBING, FAILED = "requested", "active", "unsubscribing", "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscription:
    id: int
    source_id: int | None
    hub_url: str
    topic_url: str
    token: str
    secret: str
    state: str
    requested_at: datetime
    verified_at: datetime | None
    lease_until: datetime | None
    attempts: int
    last_error: str | None
    last_delivery_at: datetime | None
    deliveries: int
    rejected: int

    def __repr__(self) -> str:  # the secret stays out of logs and tracebacks
        return (f"Subscription(id={self.id}, source_id={self.source_id}, hub={self.hub_url!r}, "
                f"topic={self.topic_url!r}, state={self.state!r})")


def _to_subscription(row: sa.Row) -> Subscription:  # type: ignore[type-arg]
    return Subscription(
        id=row.id, source_id=row.source_id, hub_url=row.hub_url, topic_url=row.topic_url,
        token=row.token, secret=row.secret, state=row.state, requested_at=row.requested_at,
        verified_at=row.verified_at, lease_until=row.lease_until, attempts=row.attempts,
        last_error=row.last_error, last_delivery_at=row.last_delivery_at,
        deliveries=row.deliveries, rejected=row.rejected)


class WebSubRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def create(self, *, source_id: int, hub_url: str, topic_url: str, token: str, secret: str,
               now: datetime) -> Subscription:
        """A new subscription in the ``requested`` state (stored before the request goes out:
        a hub may verify our intent before it even answers the request)."""
        with self._engine.begin() as conn:
            new_id = conn.execute(subs.insert().values(
                source_id=source_id, hub_url=hub_url, topic_url=topic_url, token=token,
                secret=secret, state=REQUESTED, requested_at=now, attempts=1, created_at=now,
            )).inserted_primary_key[0]  # type: ignore[index]
        found = self.get(new_id)
        assert found is not None
        return found

    def get(self, subscription_id: int) -> Subscription | None:
        return self._one(subs.c.id == subscription_id)

    def for_source(self, source_id: int) -> Subscription | None:
        return self._one(subs.c.source_id == source_id)

    def by_token(self, token: str) -> Subscription | None:
        return self._one(subs.c.token == token)

    def list(self) -> builtins.list[Subscription]:
        with self._engine.connect() as conn:
            return [_to_subscription(r) for r in conn.execute(sa.select(subs).order_by(subs.c.id))]

    def active_sources(self, now: datetime) -> set[int]:
        """Sources whose hub pushes to us now (verified, lease not run out)."""
        query = sa.select(subs.c.source_id).where(
            subs.c.state == ACTIVE, subs.c.lease_until > now, subs.c.source_id.is_not(None))
        with self._engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def counts(self) -> dict[str, int]:
        query = sa.select(subs.c.state, sa.func.count()).group_by(subs.c.state)
        with self._engine.connect() as conn:
            return {state: n for state, n in conn.execute(query)}

    def requested(self, subscription_id: int, *, now: datetime, hub_url: str | None = None,
                  topic_url: str | None = None) -> None:
        """A (re)subscription request went out; an active one stays active meanwhile."""
        values: dict[str, object] = {"requested_at": now, "attempts": subs.c.attempts + 1,
                                     "state": sa.case((subs.c.state == ACTIVE, ACTIVE),
                                                      else_=REQUESTED)}
        if hub_url is not None and topic_url is not None:
            values.update(hub_url=hub_url, topic_url=topic_url, state=REQUESTED,
                          lease_until=None, verified_at=None)
        self._update(subscription_id, **values)

    def activate(self, subscription_id: int, *, now: datetime, lease_until: datetime) -> None:
        self._update(subscription_id, state=ACTIVE, verified_at=now, lease_until=lease_until,
                     attempts=0, last_error=None)

    def fail(self, subscription_id: int, *, error: str) -> None:
        """The hub refused (``hub.mode=denied``) or could not be reached."""
        self._update(subscription_id, state=sa.case((subs.c.state == ACTIVE, ACTIVE),
                                                     else_=FAILED),
                     last_error=error[:2000])

    def unsubscribing(self, subscription_id: int, *, now: datetime, first: bool = False) -> None:
        """An unsubscription request goes out; the first lets go of the source (which may
        then subscribe afresh, to the hub it names now)."""
        if first:
            self._update(subscription_id, state=UNSUBSCRIBING, requested_at=now, attempts=1,
                         source_id=None)
        else:
            self._update(subscription_id, state=UNSUBSCRIBING, requested_at=now,
                         attempts=subs.c.attempts + 1)

    def delete(self, subscription_id: int) -> None:
        with self._engine.begin() as conn:
            conn.execute(subs.delete().where(subs.c.id == subscription_id))

    def delivered(self, subscription_id: int, *, now: datetime, accepted: bool) -> None:
        if accepted:
            self._update(subscription_id, last_delivery_at=now, deliveries=subs.c.deliveries + 1)
        else:
            self._update(subscription_id, rejected=subs.c.rejected + 1)

    def _one(self, where: sa.ColumnElement[bool]) -> Subscription | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(subs).where(where)).first()
        return None if row is None else _to_subscription(row)

    def _update(self, subscription_id: int, **values: object) -> None:
        with self._engine.begin() as conn:
            conn.execute(subs.update().where(subs.c.id == subscription_id).values(**values))
