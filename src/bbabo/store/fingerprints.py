"""MinHash signatures of stored articles, for recognising re-published wire copies."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bbabo.store.schema import article_fingerprints

__all__ = ["FingerprintsRepo"]


class FingerprintsRepo:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save(self, article_id: int, minhash: bytes, *, now: datetime) -> None:
        """Store an article's signature (once: a signature never changes)."""
        with self._engine.begin() as conn:
            known = conn.execute(sa.select(article_fingerprints.c.article_id).where(
                article_fingerprints.c.article_id == article_id)).first()
            if known is None:
                conn.execute(article_fingerprints.insert().values(
                    article_id=article_id, minhash=minhash, created_at=now))

    def since(self, moment: datetime, *, after_id: int = 0,
              limit: int = 100_000) -> list[tuple[int, bytes]]:
        """(article id, signature) of articles stored at or after ``moment`` whose id is above
        ``after_id``, oldest first."""
        query = (sa.select(article_fingerprints.c.article_id, article_fingerprints.c.minhash)
                 .where(article_fingerprints.c.created_at >= moment,
                        article_fingerprints.c.article_id > after_id)
                 .order_by(article_fingerprints.c.article_id).limit(limit))
        with self._engine.connect() as conn:
            return [(row.article_id, bytes(row.minhash)) for row in conn.execute(query)]
