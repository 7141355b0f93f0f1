"""Name spellings learned from translated articles: how a source name is written in a target
language across the whole site (``translate.names.Spellings`` is built from ``for_language``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bbabo.model import NameSpelling
from bbabo.store.db import Database
from bbabo.store.schema import name_spellings

__all__ = ["NamesRepo", "LearnedName"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LearnedName:
    source: str
    lang: str
    spelling: str
    articles: int
    updated_at: datetime


class NamesRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def for_language(self, lang: str) -> dict[str, str]:
        """Source form -> spelling for one target language."""
        n = name_spellings.c
        with self._engine.connect() as conn:
            return {row.source: row.spelling for row in conn.execute(
                sa.select(n.source, n.spelling).where(n.lang == lang))}

    def record(self, lang: str, spelled: Iterable[NameSpelling], *, now: datetime) -> None:
        """One more article used each spelling: a new name is learned, a known one counted
        (and takes the form given, which is the known spelling or a shorter form of it)."""
        rows = {name.source: name.spelling for name in spelled}
        if not rows:
            return
        insert = (postgresql.insert(name_spellings) if self._engine.dialect.name == "postgresql"
                  else sqlite.insert(name_spellings))
        statement = insert.on_conflict_do_update(
            index_elements=[name_spellings.c.source, name_spellings.c.lang],
            set_={"spelling": insert.excluded.spelling, "updated_at": insert.excluded.updated_at,
                  "articles": name_spellings.c.articles + 1})
        with self._engine.begin() as conn:
            conn.execute(statement, [{"source": source, "lang": lang, "spelling": spelling,
                                      "articles": 1, "updated_at": now}
                                     for source, spelling in sorted(rows.items())])

    def all(self, lang: str | None = None) -> list[LearnedName]:
        n = name_spellings.c
        query = sa.select(name_spellings).order_by(n.lang, n.articles.desc(), n.source)
        if lang is not None:
            query = query.where(n.lang == lang)
        with self._engine.connect() as conn:
            return [LearnedName(source=row.source, lang=row.lang, spelling=row.spelling,
                                articles=row.articles, updated_at=row.updated_at)
                    for row in conn.execute(query)]

    def get(self, source: str, lang: str) -> LearnedName | None:
        return next((name for name in self.all(lang) if name.source == source), None)

    def remove(self, source: str, lang: str) -> bool:
        n = name_spellings.c
        with self._engine.begin() as conn:
            return conn.execute(name_spellings.delete().where(
                n.source == source, n.lang == lang)).rowcount > 0
