"""What editors review: translations carrying QA flags (published with a notice, or held back),
newest first, and one of them with its source side by side."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bbabo.model import QAFlag
from bbabo.store.db import Database
from bbabo.store.qaflags import flag_check, flag_elements, has_check, has_flags
from bbabo.store.schema import articles, held_translations, translations

__all__ = ["ReviewRepo", "ReviewItem", "ReviewText"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewItem:
    article_id: int
    lang: str
    source_lang: str
    title: str
    source_title: str
    created_at: datetime
    checks: tuple[str, ...]
    held: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewText:
    """One translation and its source, to compare paragraph by paragraph."""

    article_id: int
    translation_id: int | None  # None while held
    lang: str
    source_lang: str
    source_title: str
    source_paragraphs: tuple[str, ...]
    title: str
    paragraphs: tuple[str, ...]
    qa: tuple[QAFlag, ...]
    engine: str
    model: str
    created_at: datetime
    held: bool
    edited_by: str | None
    edited_at: datetime | None


def _flags(raw: list[dict[str, object]]) -> tuple[QAFlag, ...]:
    return tuple(QAFlag(check=str(f["check"]), detail=str(f["detail"]),
                        paragraph=f["paragraph"] if isinstance(f["paragraph"], int) else None)
                 for f in raw)


class ReviewRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def queue(self, *, lang: str | None = None, check: str | None = None, limit: int = 50,
              offset: int = 0, flagged_only: bool = True) -> builtins.list[ReviewItem]:
        """Flagged translations (every one with ``flagged_only=False``), newest first. Each
        table is walked newest first along its ``created_at`` index and stops when the page is
        full, so a large store costs no scan."""
        wanted = limit + offset
        found = [*self._flagged(translations, False, lang, check, wanted, flagged_only),
                 *self._flagged(held_translations, True, lang, check, wanted, True)]
        found.sort(key=lambda item: (item.created_at, item.article_id), reverse=True)
        return found[offset:offset + limit]

    def checks(self, *, recent: int = 5000) -> builtins.list[str]:
        """The checks that flagged the ``recent`` newest flagged translations: the review
        filter's choices (bounded, so the page costs the same however large the store)."""
        names: set[str] = set()
        with self._engine.connect() as conn:
            for table in (translations, held_translations):
                newest = (sa.select(table.c.qa).where(has_flags(table.c.qa))
                          .order_by(table.c.created_at.desc()).limit(recent).subquery())
                elements = flag_elements(newest.c.qa, conn.dialect)
                names.update(conn.execute(
                    sa.select(flag_check(elements, conn.dialect)).distinct()
                    .select_from(newest).join(elements, sa.true())).scalars())
        return sorted(name for name in names if name)

    def text(self, article_id: int, lang: str) -> ReviewText | None:
        """The translation (published, else held) of ``article_id`` into ``lang``."""
        with self._engine.connect() as conn:
            for table in (translations, held_translations):
                found = _text(conn, table, article_id, lang)
                if found is not None:
                    return found
        return None

    def _flagged(self, table: sa.Table, held: bool, lang: str | None, check: str | None,
                 limit: int, flagged_only: bool) -> builtins.list[ReviewItem]:
        t, a = table.c, articles.c
        query = (sa.select(t.article_id, t.lang, t.title, t.qa, t.created_at,
                           a.language, a.title.label("source_title"))
                 .join(articles, a.id == t.article_id)
                 .order_by(t.created_at.desc(), t.article_id.desc()).limit(limit))
        if flagged_only:
            query = query.where(has_flags(t.qa))
        if lang is not None:
            query = query.where(t.lang == lang)
        with self._engine.connect() as conn:
            if check is not None:
                query = query.where(has_check(t.qa, check, conn.dialect))
            rows = conn.execute(query).all()
        return [ReviewItem(article_id=row.article_id, lang=row.lang, source_lang=row.language,
                           title=row.title, source_title=row.source_title,
                           created_at=row.created_at, held=held,
                           checks=tuple(dict.fromkeys(f.check for f in _flags(row.qa))))
                for row in rows]


def _text(conn: Connection, table: sa.Table, article_id: int, lang: str) -> ReviewText | None:
    t, a = table.c, articles.c
    held = table is held_translations
    edited = (sa.null(), sa.null()) if held else (t.edited_by, t.edited_at)
    row = conn.execute(
        sa.select(t.id, t.article_id, t.lang, t.title, t.paragraphs, t.qa, t.engine, t.model,
                  t.created_at, edited[0].label("edited_by"), edited[1].label("edited_at"),
                  a.language, a.title.label("source_title"),
                  a.paragraphs.label("source_paragraphs"))
        .join(articles, a.id == t.article_id)
        .where(t.article_id == article_id, t.lang == lang)).first()
    if row is None:
        return None
    return ReviewText(
        article_id=row.article_id, translation_id=None if held else row.id, lang=row.lang,
        source_lang=row.language, source_title=row.source_title,
        source_paragraphs=tuple(row.source_paragraphs), title=row.title,
        paragraphs=tuple(row.paragraphs), qa=_flags(row.qa), engine=row.engine,
        model=row.model, created_at=row.created_at, held=held, edited_by=row.edited_by,
        edited_at=row.edited_at)
