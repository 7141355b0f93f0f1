"""The audit log: every change made through the console or the account commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import audit_log

__all__ = ["AuditRepo", "AuditEntry"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    action: str
    target: str
    detail: str
    address: str | None


class AuditRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def record(self, *, username: str, action: str, target: str = "", detail: str = "",
               address: str | None = None, now: datetime) -> None:
        with self._engine.begin() as conn:
            conn.execute(audit_log.insert().values(
                at=now, username=username[:64], action=action[:64], target=target[:2000],
                detail=detail[:4000], address=address[:64] if address else None))

    def recent(self, *, limit: int = 100, before_id: int | None = None,
               username: str | None = None) -> list[AuditEntry]:
        """Newest first; ``before_id`` pages back."""
        a = audit_log.c
        query = sa.select(audit_log).order_by(a.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(a.id < before_id)
        if username is not None:
            query = query.where(a.username == username)
        with self._engine.connect() as conn:
            return [AuditEntry(id=row.id, at=row.at, username=row.username, action=row.action,
                               target=row.target, detail=row.detail, address=row.address)
                    for row in conn.execute(query)]
