"""Translations: one row per article and language; what is still to translate is derived."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bbabo.model import TranslatedText
from bbabo.store.schema import articles, translations

__all__ = ["TranslationsRepo", "PendingTranslation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingTranslation:
    article_id: int
    source_lang: str
    title: str
    paragraphs: tuple[str, ...]
    missing: tuple[str, ...]


def _pending_query(targets: Sequence[str]) -> sa.Select:  # type: ignore[type-arg]
    have = (sa.select(translations.c.article_id, sa.func.count().label("n"))
            .where(translations.c.lang.in_(targets))
            .group_by(translations.c.article_id).subquery())
    # An article needs len(targets) translations, less one if it is written in a target.
    needed = len(targets) - sa.case((articles.c.language.in_(targets), 1), else_=0)
    return (sa.select(articles.c.id, articles.c.language, articles.c.title)
            .outerjoin(have, have.c.article_id == articles.c.id)
            .where(sa.func.coalesce(have.c.n, 0) < needed))


class TranslationsRepo:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save(self, article_id: int, text: TranslatedText, *, now: datetime) -> bool:
        """Store a translation unless one exists for that article and language already."""
        values = {
            "article_id": article_id, "lang": text.target_lang, "title": text.title,
            "paragraphs": list(text.paragraphs), "engine": text.engine, "model": text.model,
            "qa": [asdict(flag) for flag in text.qa], "created_at": now,
        }
        with self._engine.begin() as conn:
            exists = conn.execute(sa.select(translations.c.id).where(
                translations.c.article_id == article_id,
                translations.c.lang == text.target_lang)).first()
            if exists is not None:
                return False
            conn.execute(translations.insert().values(**values))
        return True

    def pending(self, targets: Sequence[str], *, after_id: int = 0,
                limit: int = 100) -> list[PendingTranslation]:
        """Articles (id > after_id) lacking a translation into one of ``targets``."""
        if not targets:
            return []
        query = (_pending_query(targets).add_columns(articles.c.paragraphs)
                 .where(articles.c.id > after_id).order_by(articles.c.id).limit(limit))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            done: dict[int, set[str]] = {}
            if rows:
                for article_id, lang in conn.execute(
                        sa.select(translations.c.article_id, translations.c.lang).where(
                            translations.c.article_id.in_([r.id for r in rows]))):
                    done.setdefault(article_id, set()).add(lang)
        return [
            PendingTranslation(
                article_id=row.id, source_lang=row.language, title=row.title,
                paragraphs=tuple(row.paragraphs),
                missing=tuple(t for t in targets
                              if t != row.language and t not in done.get(row.id, set())),
            )
            for row in rows
        ]

    def pending_count(self, targets: Sequence[str]) -> int:
        """How many articles lack at least one of the ``targets``."""
        if not targets:
            return 0
        query = sa.select(sa.func.count()).select_from(_pending_query(targets).subquery())
        with self._engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def count_by_language(self) -> dict[str, int]:
        query = sa.select(translations.c.lang, sa.func.count()).group_by(translations.c.lang)
        with self._engine.connect() as conn:
            return {lang: count for lang, count in conn.execute(query)}

    def count_flagged(self) -> int:
        """Translations carrying at least one QA flag."""
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(translations.c.qa)).scalars()
            return sum(1 for qa in rows if qa)
