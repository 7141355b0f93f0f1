"""The translation memory: sentence translations keyed by engine, model, pair and sentence hash.

Lookups go in chunks, so a batch of any size costs a bounded number of bound parameters and
holds no more in memory than the batch itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bbabo.store.db import Database
from bbabo.store.schema import translation_memory

__all__ = ["MemoryRepo"]

# SQLite allows 32766 bound parameters; a row is 6 of them, a lookup uses one per hash.
_CHUNK = 500


class MemoryRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def lookup(self, engine: str, model: str, src: str, tgt: str,
               hashes: Sequence[str]) -> dict[str, str]:
        """The stored translations of the sentences with these hashes (missing ones left out)."""
        found: dict[str, str] = {}
        wanted = list(dict.fromkeys(hashes))
        t = translation_memory.c
        with self._engine.connect() as conn:
            for start in range(0, len(wanted), _CHUNK):
                query = sa.select(t.source_hash, t.translation).where(
                    t.engine == engine, t.model == model, t.src == src, t.tgt == tgt,
                    t.source_hash.in_(wanted[start:start + _CHUNK]))
                found.update((row.source_hash, row.translation) for row in conn.execute(query))
        return found

    def remember(self, engine: str, model: str, src: str, tgt: str,
                 entries: Mapping[str, str]) -> None:
        """Store translations by sentence hash; a hash already stored keeps its translation
        (two workers translating the same sentence at once must not fail)."""
        rows = [{"engine": engine, "model": model, "src": src, "tgt": tgt, "source_hash": h,
                 "translation": text} for h, text in entries.items()]
        if not rows:
            return
        insert = (postgresql.insert if self._engine.dialect.name == "postgresql"
                  else sqlite.insert)(translation_memory)
        with self._engine.begin() as conn:
            for start in range(0, len(rows), _CHUNK):
                conn.execute(insert.on_conflict_do_nothing(), rows[start:start + _CHUNK])

    def count(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(translation_memory)).scalar_one()

    def forget(self, engine: str | None = None, model: str | None = None) -> int:
        """Delete entries (all, or one engine's, or one model's); returns how many."""
        query = translation_memory.delete()
        if engine is not None:
            query = query.where(translation_memory.c.engine == engine)
        if model is not None:
            query = query.where(translation_memory.c.model == model)
        with self._engine.begin() as conn:
            return conn.execute(query).rowcount
