"""What changed since a publish pass looked: new articles and new translations, found by id.

Articles and translations are only ever inserted, so the ids above the last pass's highest are
what is new. Ids are handed out when a transaction inserts, not when it commits: an id below the
mark may still commit later, so the caller keeps the ids it found missing ("gaps") and asks for
them again (``bbabo.pipeline.publish``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from bbabo.model import NewVersion
from bbabo.store.db import Database
from bbabo.store.schema import articles, translations

__all__ = ["ChangesRepo", "Snapshot", "NewVersion"]

# Ids per IN (...) list: well under every backend's bound-parameter limit.
_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """The site's data version with the highest ids and the counts, read in one statement."""

    version: int
    article_id: int
    translation_id: int
    articles: int
    translations: int




class ChangesRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def data_version(self) -> int:
        """A number that grows with every change to what the site shows (articles,
        translations, the sources' names and sections): triggers bump it in the same commit;
        a stories pass that changed stories bumps it in its own commit (``StoriesRepo.record``).
        Page caches and the publish stage compare it. (Its table keeps the name it got with
        the search index, ``search_version``, whose triggers bump it.)"""
        with self._engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT n FROM search_version")).scalar_one())

    def snapshot(self) -> Snapshot:
        # One statement, so the version and the ids and counts describe the same moment on
        # SQLite and PostgreSQL alike (a commit between two statements would tear them).
        query = sa.select(
            sa.text("(SELECT n FROM search_version)"),
            sa.select(sa.func.coalesce(sa.func.max(articles.c.id), 0)).scalar_subquery(),
            sa.select(sa.func.coalesce(sa.func.max(translations.c.id), 0)).scalar_subquery(),
            sa.select(sa.func.count()).select_from(articles).scalar_subquery(),
            sa.select(sa.func.count()).select_from(translations).scalar_subquery(),
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).one()
        return Snapshot(version=int(row[0]), article_id=int(row[1]), translation_id=int(row[2]),
                        articles=int(row[3]), translations=int(row[4]))

    def new_versions(self, *, articles_after: int, articles_upto: int,
                     translations_after: int, translations_upto: int,
                     article_ids: Sequence[int] = (),
                     translation_ids: Sequence[int] = ()) -> list[NewVersion]:
        """Originals with ids in (after, upto] or among ``article_ids``, and the same for
        translations; oldest first."""
        found: list[NewVersion] = []
        with self._engine.connect() as conn:
            a = articles.c
            for where in _ranges(a.id, articles_after, articles_upto, article_ids):
                query = sa.select(a.id, a.language, a.section, a.source_id).where(where)
                found += [NewVersion(article_id=row.id, translation_id=None, lang=row.language,
                                     section=row.section, source_id=row.source_id)
                          for row in conn.execute(query)]
            t = translations.c
            for where in _ranges(t.id, translations_after, translations_upto, translation_ids):
                query = (sa.select(t.id, t.article_id, t.lang, a.section, a.source_id)
                         .join(articles, a.id == t.article_id).where(where))
                found += [NewVersion(article_id=row.article_id, translation_id=row.id,
                                     lang=row.lang, section=row.section,
                                     source_id=row.source_id)
                          for row in conn.execute(query)]
        return sorted(found, key=lambda v: (v.translation_id is not None,
                                            v.translation_id or v.article_id))

    def existing(self, *, article_ids: Iterable[int] = (),
                 translation_ids: Iterable[int] = ()) -> tuple[set[int], set[int]]:
        """Which of these article and translation ids exist."""
        with self._engine.connect() as conn:
            return (_existing(conn, articles.c.id, list(article_ids)),
                    _existing(conn, translations.c.id, list(translation_ids)))

    def readable_count(self, lang: str, *, before_id: int | None = None) -> int:
        """Articles readable in ``lang`` (written in it, or translated into it: never both),
        only those with an id below ``before_id`` if given: where an article sits in the
        sitemaps. Two index counts rather than a probe per article."""
        originals = sa.select(sa.func.count()).select_from(articles).where(
            articles.c.language == lang)
        translated = sa.select(sa.func.count()).select_from(translations).where(
            translations.c.lang == lang)
        if before_id is not None:
            originals = originals.where(articles.c.id < before_id)
            translated = translated.where(translations.c.article_id < before_id)
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(originals.scalar_subquery()
                                              + translated.scalar_subquery())).scalar_one())


def _ranges(column: sa.ColumnElement[int], after: int, upto: int,
            ids: Sequence[int]) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if upto > after:
        conditions.append(sa.and_(column > after, column <= upto))
    unique = sorted(set(ids))
    conditions += [column.in_(unique[i:i + _CHUNK]) for i in range(0, len(unique), _CHUNK)]
    return conditions


def _existing(conn: sa.Connection, column: sa.ColumnElement[int], ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        found.update(conn.execute(sa.select(column).where(
            column.in_(ids[start:start + _CHUNK]))).scalars())
    return found
