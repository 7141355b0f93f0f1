"""In-place changes to published translations: an editor's hand edit, or a pinned name
respelled. Each change keeps the text as it was before it (so the oldest revision holds the
machine's text) and gets an id that only grows, which is how the publish stage finds the
translations changed since its last pass (``changes_since``): translations are otherwise
only ever inserted, and found by their own ids.

A hand-edited translation carries ``edited_by``/``edited_at``; nothing automatic rewrites it
(the translation stage never replaces a row, ``discard`` refuses it, respelling skips it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bbabo.model import NewVersion, QAFlag
from bbabo.store.db import Database
from bbabo.store.schema import articles, held_translations, translation_revisions, translations

__all__ = ["RevisionsRepo", "Revision", "EDIT", "RESPELL"]

EDIT, RESPELL = "edit", "respell"
_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class Revision:
    id: int
    translation_id: int
    kind: str
    editor: str | None
    changed_at: datetime
    prior_title: str
    prior_paragraphs: tuple[str, ...]
    prior_qa: tuple[QAFlag, ...]


class RevisionsRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def edit(self, article_id: int, lang: str, *, title: str, paragraphs: Sequence[str],
             editor: str, now: datetime) -> int | None:
        """Replace the translation of ``article_id`` into ``lang`` by an editor's text and
        clear its QA flags (the editor answered them); a held translation is published by it.
        Returns the translation's id, None when there is no such translation."""
        with self._engine.begin() as conn:
            row = _published(conn, article_id, lang) or _release(conn, article_id, lang)
            if row is None:
                return None
            _record(conn, row, kind=EDIT, editor=editor, now=now)
            conn.execute(translations.update().where(translations.c.id == row.id).values(
                title=title, paragraphs=list(paragraphs), qa=[], edited_by=editor,
                edited_at=now))
            return int(row.id)

    def respell(self, translation_id: int, *, title: str, paragraphs: Sequence[str],
                editor: str | None, now: datetime) -> None:
        """Rewrite a translation's text with names respelled (its engine, model and flags
        stay), keeping what it said before."""
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(translations)
                               .where(translations.c.id == translation_id)).first()
            if row is None:
                return
            _record(conn, row, kind=RESPELL, editor=editor, now=now)
            conn.execute(translations.update().where(translations.c.id == translation_id)
                         .values(title=title, paragraphs=list(paragraphs)))

    def history(self, translation_id: int) -> list[Revision]:
        """Every change to a translation, oldest first: the first one's prior text is the
        machine's."""
        r = translation_revisions.c
        query = (sa.select(translation_revisions).where(r.translation_id == translation_id)
                 .order_by(r.id))
        with self._engine.connect() as conn:
            return [Revision(id=row.id, translation_id=row.translation_id, kind=row.kind,
                             editor=row.editor, changed_at=row.changed_at,
                             prior_title=row.prior_title,
                             prior_paragraphs=tuple(row.prior_paragraphs),
                             prior_qa=tuple(QAFlag(**flag) for flag in row.prior_qa))
                    for row in conn.execute(query)]

    def last_id(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.coalesce(
                sa.func.max(translation_revisions.c.id), 0))).scalar_one())

    def existing(self, ids: Sequence[int]) -> set[int]:
        found: set[int] = set()
        with self._engine.connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                found.update(conn.execute(sa.select(translation_revisions.c.id).where(
                    translation_revisions.c.id.in_(ids[start:start + _CHUNK]))).scalars())
        return found

    def changes_since(self, *, after: int, upto: int,
                      ids: Sequence[int] = ()) -> tuple[set[int], list[NewVersion]]:
        """The revisions with ids in (after, upto] or among ``ids`` (found, by id), and the
        translations they changed as versions to re-render (one each)."""
        r, t, a = translation_revisions.c, translations.c, articles.c
        conditions: list[sa.ColumnElement[bool]] = []
        if upto > after:
            conditions.append(sa.and_(r.id > after, r.id <= upto))
        unique = sorted(set(ids))
        conditions += [r.id.in_(unique[i:i + _CHUNK]) for i in range(0, len(unique), _CHUNK)]
        seen: set[int] = set()
        versions: dict[int, NewVersion] = {}
        with self._engine.connect() as conn:
            for where in conditions:
                query = (sa.select(r.id, t.id.label("tid"), t.article_id, t.lang, a.section,
                                   a.source_id)
                         .join(translations, t.id == r.translation_id)
                         .join(articles, a.id == t.article_id).where(where))
                for row in conn.execute(query):
                    seen.add(row.id)
                    versions[row.tid] = NewVersion(article_id=row.article_id,
                                                   translation_id=row.tid, lang=row.lang,
                                                   section=row.section,
                                                   source_id=row.source_id)
                # A revision whose translation was dropped since is found too: nothing to show.
                seen.update(conn.execute(sa.select(r.id).where(
                    where, ~sa.exists().where(t.id == r.translation_id))).scalars())
        return seen, [versions[key] for key in sorted(versions)]


def _published(conn: Connection, article_id: int, lang: str) -> sa.Row | None:  # type: ignore[type-arg]
    return conn.execute(sa.select(translations).where(
        translations.c.article_id == article_id, translations.c.lang == lang)).first()


def _release(conn: Connection, article_id: int, lang: str) -> sa.Row | None:  # type: ignore[type-arg]
    """Move a held translation over to the published ones; its new row, or None."""
    h = held_translations.c
    where = sa.and_(h.article_id == article_id, h.lang == lang)
    row = conn.execute(sa.select(held_translations).where(where)).first()
    if row is None:
        return None
    values = {column.name: row._mapping[column.name]
              for column in held_translations.c if column.name != "id"}
    conn.execute(held_translations.delete().where(where))
    conn.execute(translations.insert().values(**values))
    return _published(conn, article_id, lang)


def _record(conn: Connection, row: sa.Row, *, kind: str, editor: str | None,  # type: ignore[type-arg]
            now: datetime) -> None:
    conn.execute(translation_revisions.insert().values(
        translation_id=row.id, kind=kind, editor=editor, changed_at=now,
        prior_title=row.title, prior_paragraphs=list(row.paragraphs),
        prior_qa=[asdict(QAFlag(**flag)) for flag in row.qa]))
