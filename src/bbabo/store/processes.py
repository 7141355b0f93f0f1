"""Heartbeats of the running bbabo processes, with their memory."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bbabo.store.db import Database
from bbabo.store.schema import processes

__all__ = ["ProcessesRepo", "ProcessBeat"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessBeat:
    id: str
    role: str
    host: str
    pid: int
    version: str
    started_at: datetime
    seen_at: datetime
    resident_bytes: int | None
    tree_resident_bytes: int | None
    peak_resident_bytes: int | None


class ProcessesRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def beat(self, beat: ProcessBeat) -> None:
        insert = (postgresql.insert(processes) if self._engine.dialect.name == "postgresql"
                  else sqlite.insert(processes))
        values = asdict(beat)
        statement = insert.values(values).on_conflict_do_update(
            index_elements=[processes.c.id],
            set_={key: insert.excluded[key] for key in values if key != "id"})
        with self._engine.begin() as conn:
            conn.execute(statement)

    def live(self, since: datetime) -> list[ProcessBeat]:
        """Processes heard from since ``since``, by role and start."""
        query = (sa.select(processes).where(processes.c.seen_at >= since)
                 .order_by(processes.c.role, processes.c.started_at))
        with self._engine.connect() as conn:
            return [ProcessBeat(**row._asdict()) for row in conn.execute(query)]

    def end(self, process_id: str, *, before: datetime) -> None:
        """Forget a process that stopped, and those silent since ``before``."""
        with self._engine.begin() as conn:
            conn.execute(processes.delete().where(sa.or_(processes.c.id == process_id,
                                                         processes.c.seen_at < before)))
