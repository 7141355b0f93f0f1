"""Translations: one row per article and language; what is still to translate is derived.

A translation that failed QA while hold-back is on goes to ``held_translations`` instead: it
counts as done (nothing translates it again) but the site, which reads ``translations``, never
shows it until ``release`` moves it over."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa

from bbabo.model import QAFlag, TranslatedText
from bbabo.store.db import Database
from bbabo.store.schema import articles, held_translations, translations

__all__ = ["TranslationsRepo", "PendingTranslation", "HeldTranslation", "Discarded"]


class Discarded(enum.StrEnum):
    """What ``discard`` found."""

    published = "published"
    held = "held"
    edited = "edited"  # corrected by hand: kept
    missing = "missing"


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingTranslation:
    article_id: int
    source_lang: str
    title: str
    paragraphs: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HeldTranslation:
    article_id: int
    lang: str
    title: str
    engine: str
    model: str
    qa: tuple[QAFlag, ...]


def _done() -> sa.Subquery:
    """(article_id, lang) of every translation made, published or held."""
    return sa.union_all(
        sa.select(translations.c.article_id, translations.c.lang),
        sa.select(held_translations.c.article_id, held_translations.c.lang),
    ).subquery()


def _pending_query(targets: Sequence[str]) -> sa.Select:  # type: ignore[type-arg]
    done = _done()
    have = (sa.select(done.c.article_id, sa.func.count().label("n"))
            .where(done.c.lang.in_(targets))
            .group_by(done.c.article_id).subquery())
    # An article needs len(targets) translations, less one if it is written in a target.
    needed = len(targets) - sa.case((articles.c.language.in_(targets), 1), else_=0)
    return (sa.select(articles.c.id, articles.c.language, articles.c.title)
            .outerjoin(have, have.c.article_id == articles.c.id)
            .where(sa.func.coalesce(have.c.n, 0) < needed))


class TranslationsRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def save(self, article_id: int, text: TranslatedText, *, now: datetime,
             hold: bool = False) -> bool:
        """Store a translation unless one exists (published or held) for that article and
        language already; ``hold`` keeps it out of the site until released."""
        return self.save_many([(article_id, text, hold)], now=now)[0]

    def save_many(self, items: Sequence[tuple[int, TranslatedText, bool]], *,
                  now: datetime) -> list[bool]:
        """``save`` for a batch, in one transaction: (article_id, translation, hold) each;
        returns for each whether it was stored."""
        if not items:
            return []
        done = _done()
        stored: list[bool] = []
        with self._engine.begin() as conn:
            made = {(row.article_id, row.lang) for row in conn.execute(
                sa.select(done.c.article_id, done.c.lang).where(
                    done.c.article_id.in_({article_id for article_id, _, _ in items})))}
            for article_id, text, hold in items:
                if (article_id, text.target_lang) in made:
                    stored.append(False)
                    continue
                made.add((article_id, text.target_lang))
                table = held_translations if hold else translations
                conn.execute(table.insert().values(
                    article_id=article_id, lang=text.target_lang, title=text.title,
                    paragraphs=list(text.paragraphs), engine=text.engine, model=text.model,
                    qa=[asdict(flag) for flag in text.qa], created_at=now))
                stored.append(True)
        return stored

    def pending(self, targets: Sequence[str], *, after_id: int = 0, upto_id: int | None = None,
                newest_first: bool = False, limit: int = 100) -> list[PendingTranslation]:
        """Articles (after_id < id <= upto_id) lacking a translation into one of ``targets``,
        oldest first, or newest first."""
        if not targets:
            return []
        query = (_pending_query(targets).add_columns(articles.c.paragraphs)
                 .where(articles.c.id > after_id)
                 .order_by(articles.c.id.desc() if newest_first else articles.c.id).limit(limit))
        if upto_id is not None:
            query = query.where(articles.c.id <= upto_id)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            done: dict[int, set[str]] = {}
            if rows:
                made = _done()
                for article_id, lang in conn.execute(sa.select(made).where(
                        made.c.article_id.in_([r.id for r in rows]))):
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

    def containing(self, lang: str, text: str) -> list[tuple[int, str, tuple[str, ...]]]:
        """(id, title, paragraphs) of the published machine translations into ``lang`` whose
        title or a paragraph contains ``text`` (candidates: the caller looks closer). A
        translation an editor corrected by hand is not among them: its words are final."""
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"
        t = translations.c
        # Paragraphs are a JSON array (stored with \u escapes): match its decoded elements.
        each = (sa.func.json_each(t.paragraphs) if self._engine.dialect.name == "sqlite"
                else sa.func.json_array_elements_text(t.paragraphs)).table_valued("value")
        in_text = sa.exists().select_from(each).where(each.c.value.like(pattern, escape="\\"))
        query = sa.select(t.id, t.title, t.paragraphs).where(
            t.lang == lang, t.edited_by.is_(None),
            sa.or_(t.title.like(pattern, escape="\\"), in_text))
        with self._engine.connect() as conn:
            return [(row.id, row.title, tuple(row.paragraphs)) for row in conn.execute(query)]

    def pending_by_source(self, lang: str) -> dict[str, int]:
        """Articles still lacking ``lang``, by the language they are written in."""
        pending = _pending_query([lang]).subquery()
        query = sa.select(pending.c.language, sa.func.count()).group_by(pending.c.language)
        with self._engine.connect() as conn:
            return {source: count for source, count in conn.execute(query)}

    def count_by_language(self) -> dict[str, int]:
        query = sa.select(translations.c.lang, sa.func.count()).group_by(translations.c.lang)
        with self._engine.connect() as conn:
            return {lang: count for lang, count in conn.execute(query)}

    def count_flagged(self) -> int:
        """Translations carrying at least one QA flag."""
        # json_array_length exists in SQLite and PostgreSQL alike: counted by the database.
        query = (sa.select(sa.func.count()).select_from(translations)
                 .where(sa.func.json_array_length(translations.c.qa) > 0))
        with self._engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def held(self, *, limit: int = 100) -> list[HeldTranslation]:
        """Translations held back by QA, oldest first."""
        h = held_translations.c
        query = (sa.select(h.article_id, h.lang, h.title, h.engine, h.model, h.qa)
                 .order_by(h.created_at, h.id).limit(limit))
        with self._engine.connect() as conn:
            return [HeldTranslation(article_id=r.article_id, lang=r.lang, title=r.title,
                                    engine=r.engine, model=r.model,
                                    qa=tuple(QAFlag(**flag) for flag in r.qa))
                    for r in conn.execute(query)]

    def count_held(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(held_translations)).scalar_one()

    def release(self, article_id: int, lang: str) -> bool:
        """Publish a held translation as it is; False when there is none. A published one
        (an editor's, say) is never replaced: the held copy is then dropped."""
        h = held_translations.c
        columns = [c.name for c in held_translations.c if c.name != "id"]
        where = sa.and_(h.article_id == article_id, h.lang == lang)
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(*(held_translations.c[n] for n in columns))
                               .where(where)).first()
            if row is None:
                return False
            conn.execute(held_translations.delete().where(where))
            if conn.execute(sa.select(translations.c.id).where(
                    translations.c.article_id == article_id,
                    translations.c.lang == lang)).first() is not None:
                return False
            conn.execute(translations.insert().values(**dict(zip(columns, row, strict=True))))
        return True

    def discard_held(self, article_id: int, lang: str) -> bool:
        """Drop a held translation, so the article is translated again on the next pass."""
        h = held_translations.c
        with self._engine.begin() as conn:
            return conn.execute(held_translations.delete().where(
                h.article_id == article_id, h.lang == lang)).rowcount > 0

    def discard(self, article_id: int, lang: str) -> Discarded:
        """Drop the machine translation of an article into ``lang``, held or published, so
        the next pass translates it again. One an editor corrected is kept (``edited``)."""
        t = translations.c
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(t.id, t.edited_by).where(
                t.article_id == article_id, t.lang == lang)).first()
            if row is not None:
                if row.edited_by is not None:
                    return Discarded.edited
                conn.execute(translations.delete().where(t.id == row.id))
                return Discarded.published
        return Discarded.held if self.discard_held(article_id, lang) else Discarded.missing
