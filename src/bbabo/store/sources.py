"""The sources table: what is polled, and how each source is doing."""

from __future__ import annotations

import builtins
from datetime import datetime

import sqlalchemy as sa

from bbabo.errors import RecordMissing, UsageError
from bbabo.model import Source
from bbabo.store.db import Database
from bbabo.store.schema import sources

__all__ = ["SourcesRepo"]


def _to_source(row: sa.Row) -> Source:  # type: ignore[type-arg]
    return Source(
        id=row.id, url=row.url, kind=row.kind, name=row.name, site_url=row.site_url,
        lang_hint=row.lang_hint, section=row.section, poll_interval_s=row.poll_interval_s,
        enabled=row.enabled, etag=row.etag, last_modified=row.last_modified,
        next_check_at=row.next_check_at, last_success_at=row.last_success_at,
        last_error_code=row.last_error_code, last_error=row.last_error,
        consecutive_failures=row.consecutive_failures, websub_hub=row.websub_hub,
        websub_topic=row.websub_topic,
    )


class SourcesRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def add(self, *, url: str, now: datetime, kind: str = "feed", name: str = "",
            site_url: str | None = None, lang_hint: str | None = None, section: str = "news",
            poll_interval_s: int = 900) -> Source:
        with self._engine.begin() as conn:
            existing = conn.execute(sa.select(sources.c.id).where(sources.c.url == url)).first()
            if existing is not None:
                raise UsageError(f"source {url} is already added (id {existing.id})",
                                 code="usage.duplicate_source")
            new_id = conn.execute(sources.insert().values(
                url=url, kind=kind, name=name, site_url=site_url, lang_hint=lang_hint,
                section=section, poll_interval_s=poll_interval_s, created_at=now,
                next_check_at=now,
            )).inserted_primary_key[0]  # type: ignore[index]
        return self.get(new_id)

    def get(self, source_id: int) -> Source:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(sources).where(sources.c.id == source_id)).first()
        if row is None:
            raise RecordMissing(f"no source with id {source_id}")
        return _to_source(row)

    def find_by_url(self, url: str) -> Source | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(sources).where(sources.c.url == url)).first()
        return None if row is None else _to_source(row)

    def set_enabled(self, source_id: int, enabled: bool, *, now: datetime) -> Source:
        """Switch polling on or off; a re-enabled source is polled on the next pass."""
        self.get(source_id)
        values: dict[str, object] = {"enabled": enabled}
        if enabled:
            values.update(next_check_at=now, consecutive_failures=0)
        self._update(source_id, **values)
        return self.get(source_id)

    def set_kind(self, source_id: int, kind: str) -> None:
        """Record what the source turned out to be ("feed" or "sitemap")."""
        self._update(source_id, kind=kind)

    def list(self) -> builtins.list[Source]:
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(sources).order_by(sources.c.id)).all()
        return [_to_source(row) for row in rows]

    def page(self, *, after_id: int, limit: int) -> builtins.list[Source]:
        """Up to ``limit`` sources with ids above ``after_id``, by id."""
        query = (sa.select(sources).where(sources.c.id > after_id).order_by(sources.c.id)
                 .limit(limit))
        with self._engine.connect() as conn:
            return [_to_source(row) for row in conn.execute(query)]

    def count(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(sources)).scalar_one()

    def remove(self, source_id: int) -> Source:
        source = self.get(source_id)
        with self._engine.begin() as conn:
            conn.execute(sources.delete().where(sources.c.id == source_id))
        return source

    def due(self, now: datetime) -> builtins.list[Source]:
        """Enabled sources whose next check time has come, most overdue first."""
        query = (sa.select(sources)
                 .where(sources.c.enabled, sa.or_(sources.c.next_check_at.is_(None),
                                                  sources.c.next_check_at <= now))
                 .order_by(sources.c.next_check_at))
        with self._engine.connect() as conn:
            return [_to_source(row) for row in conn.execute(query)]

    def next_due_at(self) -> datetime | None:
        query = sa.select(sa.func.min(sources.c.next_check_at)).where(sources.c.enabled)
        with self._engine.connect() as conn:
            # min() keeps the column's type, so the value comes back as aware UTC.
            due: datetime | None = conn.execute(query).scalar_one()
            return due

    def record_success(self, source_id: int, *, now: datetime, next_check_at: datetime,
                       etag: str | None, last_modified: str | None,
                       poll_interval_s: int | None = None,
                       websub: tuple[str | None, str | None] | None = None) -> None:
        """A successful poll. ``poll_interval_s``: the interval learned from the entries (kept
        when None); ``websub``: the (hub, topic) the feed names now (kept when None, as after
        a 304)."""
        values: dict[str, object] = {}
        if poll_interval_s is not None:
            values["poll_interval_s"] = poll_interval_s
        if websub is not None:
            values.update(websub_hub=websub[0], websub_topic=websub[1])
        self._update(source_id, last_success_at=now, next_check_at=next_check_at, etag=etag,
                     last_modified=last_modified, last_error_code=None, last_error=None,
                     consecutive_failures=0, **values)

    def record_failure(self, source_id: int, *, code: str, message: str,
                       next_check_at: datetime) -> None:
        self._update(source_id, last_error_code=code, last_error=message[:2000],
                     next_check_at=next_check_at,
                     consecutive_failures=sources.c.consecutive_failures + 1)

    def _update(self, source_id: int, **values: object) -> None:
        with self._engine.begin() as conn:
            conn.execute(sources.update().where(sources.c.id == source_id).values(**values))
