"""The glossary: how a name is always rendered in one target language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from bbabo.store.db import Database
from bbabo.store.schema import glossary_terms

__all__ = ["GlossaryRepo"]


class GlossaryRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def upsert(self, terms: Iterable[tuple[str, str, str]], *, now: datetime) -> tuple[int, int]:
        """Add or replace ``(source, lang, target)`` terms; returns (added, changed)."""
        added = changed = 0
        g = glossary_terms.c
        with self._engine.begin() as conn:
            for source, lang, target in terms:
                current = conn.execute(sa.select(g.id, g.target).where(
                    g.source == source, g.lang == lang)).first()
                if current is None:
                    conn.execute(glossary_terms.insert().values(
                        source=source, lang=lang, target=target, created_at=now))
                    added += 1
                elif current.target != target:
                    conn.execute(glossary_terms.update().where(g.id == current.id)
                                 .values(target=target, created_at=now))
                    changed += 1
        return added, changed

    def for_language(self, lang: str) -> dict[str, str]:
        """Source form -> target form for one target language."""
        query = sa.select(glossary_terms.c.source, glossary_terms.c.target).where(
            glossary_terms.c.lang == lang)
        with self._engine.connect() as conn:
            return {row.source: row.target for row in conn.execute(query)}

    def all(self) -> list[tuple[str, str, str]]:
        g = glossary_terms.c
        query = sa.select(g.source, g.lang, g.target).order_by(g.lang, g.source)
        with self._engine.connect() as conn:
            return [(row.source, row.lang, row.target) for row in conn.execute(query)]

    def remove(self, source: str, lang: str) -> bool:
        g = glossary_terms.c
        with self._engine.begin() as conn:
            return conn.execute(glossary_terms.delete().where(
                g.source == source, g.lang == lang)).rowcount > 0
