"""MinHash signatures of stored articles, for recognising re-published wire copies."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bbabo.store.db import Database
from bbabo.store.schema import UTCDateTime, article_fingerprints

__all__ = ["FingerprintsRepo"]

# Built once: they run for every ingested page. A signature is stored once and never changes,
# so a second save of one article's signature does nothing (an upsert, one statement).
_SAVE = {"sqlite": sqlite.insert(article_fingerprints).on_conflict_do_nothing(),
         "postgresql": postgresql.insert(article_fingerprints).on_conflict_do_nothing()}
_SINCE = (sa.select(article_fingerprints.c.article_id, article_fingerprints.c.minhash)
          .where(article_fingerprints.c.created_at >= sa.bindparam("moment", type_=UTCDateTime()),
                 article_fingerprints.c.article_id > sa.bindparam("after_id"))
          .order_by(article_fingerprints.c.article_id)
          .limit(sa.bindparam("limit", type_=sa.Integer())))


_FIRST_SINCE = (sa.select(article_fingerprints.c.article_id)
                .where(article_fingerprints.c.created_at
                       >= sa.bindparam("moment", type_=UTCDateTime()))
                .order_by(article_fingerprints.c.created_at, article_fingerprints.c.article_id)
                .limit(1))


class FingerprintsRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def save(self, article_id: int, minhash: bytes, *, now: datetime) -> None:
        """Store an article's signature (once: a signature never changes)."""
        with self._engine.begin() as conn:
            conn.execute(_SAVE[self._engine.dialect.name],
                         {"article_id": article_id, "minhash": minhash, "created_at": now})

    def since(self, moment: datetime, *, after_id: int = 0,
              limit: int = 100_000) -> list[tuple[int, bytes]]:
        """(article id, signature) of articles stored at or after ``moment`` whose id is above
        ``after_id``, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(_SINCE, {"moment": moment, "after_id": after_id, "limit": limit})
            return [(row.article_id, bytes(row.minhash)) for row in rows]

    def first_since(self, moment: datetime) -> int | None:
        """The id of the first article whose signature was stored at or after ``moment`` (one
        step down the ``created_at`` index), or None when none was."""
        with self._engine.connect() as conn:
            found: int | None = conn.execute(_FIRST_SINCE, {"moment": moment}).scalar()
            return found
