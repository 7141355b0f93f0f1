"""Stories as the site shows them: listings in a language, one story with its reports, the
story of an article. (The stories step's own reads and writes are in ``stories.py``.)"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bbabo.errors import RecordMissing
from bbabo.lexical import first_sentence
from bbabo.model import StoryReport, StorySummary, StoryView
from bbabo.store.db import Database, id_in
from bbabo.store.schema import articles, sources, stories, story_articles, translations

__all__ = ["StoryReads"]

_CHUNK = 500
Row = Any  # a SQLAlchemy row


class StoryReads:
    _engine: Database

    def latest(self, lang: str, *, limit: int = 50,
               before: tuple[datetime, int] | None = None,
               readable_only: bool = True) -> list[StorySummary]:
        """Stories newest first (by their newest report), each titled in ``lang`` as well as it
        can be. ``readable_only``: only stories with a report written in ``lang`` or translated
        into it. ``before``: the (last_seen_at, id) of the previous page's last story."""
        query = sa.select(stories).where(stories.c.merged_into.is_(None))
        if readable_only:
            query = query.where(_has_report_readable_in(lang))
        if before is not None:
            moment, last_id = before
            query = query.where(sa.or_(
                stories.c.last_seen_at < moment,
                sa.and_(stories.c.last_seen_at == moment, stories.c.id < last_id)))
        query = query.order_by(stories.c.last_seen_at.desc(), stories.c.id.desc()).limit(limit)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            return _summaries(conn, rows, lang)

    def summaries(self, story_ids: Sequence[int], lang: str) -> dict[int, StorySummary]:
        """The stories with these ids (merged ones included, as they were), titled in
        ``lang``: for grouping a listing of articles by story. Two queries: the stories with
        their members, then the texts their titles come from."""
        found: dict[int, StorySummary] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(story_ids), _CHUNK):
                rows: dict[int, Row] = {}
                earliest: dict[int, int] = {}
                # A story merged into another has no members left: joined outer, it still
                # comes back (as it was).
                for row in conn.execute(
                        sa.select(stories, articles.c.id.label("member_id"),
                                  articles.c.language.label("member_lang"))
                        .select_from(stories.outerjoin(
                            story_articles, story_articles.c.story_id == stories.c.id)
                            .outerjoin(articles, articles.c.id == story_articles.c.article_id))
                        .where(id_in(conn.dialect, stories.c.id, story_ids[start:start + _CHUNK]))
                        .order_by(articles.c.published_at.desc(), articles.c.id.desc())):
                    rows.setdefault(row.id, row)
                    if row.member_lang == lang:
                        earliest[row.id] = row.member_id  # the last written is the earliest
                found |= {s.id: s for s in _titled(conn, list(rows.values()), earliest, lang)}
        return found

    def listed(self, *, limit: int, offset: int = 0) -> list[int]:
        """Ids of the stories the sitemaps list, lowest first (so sitemap pages stay put as
        stories open): not merged away, with two reports or more (a story of one report has
        a page, but it says what the article's own page says, and listings link the article)."""
        query = (sa.select(stories.c.id).where(*_LISTED).order_by(stories.c.id)
                 .limit(limit).offset(offset))
        with self._engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def count_listed(self, *, before_id: int | None = None) -> int:
        """How many stories ``listed`` gives (with an id below ``before_id`` if given)."""
        query = sa.select(sa.func.count()).select_from(stories).where(*_LISTED)
        if before_id is not None:
            query = query.where(stories.c.id < before_id)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def resolve(self, story_id: int) -> int:
        """The story that holds ``story_id``'s reports now: itself, or the story it was merged
        into (followed to the end). RecordMissing when there is no such story."""
        seen: set[int] = set()
        with self._engine.connect() as conn:
            while True:
                merged = conn.execute(sa.select(stories.c.id, stories.c.merged_into)
                                      .where(stories.c.id == story_id)).first()
                if merged is None:
                    raise RecordMissing(f"no story with id {story_id}")
                if merged.merged_into is None or merged.merged_into in seen:
                    return story_id
                seen.add(story_id)
                story_id = merged.merged_into

    def get(self, story_id: int, lang: str) -> StoryView:
        """A story (the one it was merged into, if it was) with every report, oldest first."""
        story_id = self.resolve(story_id)
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(stories).where(stories.c.id == story_id)).one()
            summary = _summaries(conn, [row], lang)[0]
            members = conn.execute(
                sa.select(articles.c.id, articles.c.source_id, articles.c.language,
                          articles.c.section, articles.c.title, articles.c.published_at,
                          sources.c.name.label("source_name"))
                .join(story_articles, story_articles.c.article_id == articles.c.id)
                .outerjoin(sources, sources.c.id == articles.c.source_id)
                .where(story_articles.c.story_id == story_id)
                .order_by(articles.c.published_at, articles.c.id)).all()
            ids = [m.id for m in members]
            versions: dict[int, dict[str, str]] = {}
            for start in range(0, len(ids), _CHUNK):
                for t in conn.execute(sa.select(translations.c.article_id, translations.c.lang,
                                                translations.c.title)
                                      .where(translations.c.article_id.in_(
                                          ids[start:start + _CHUNK]))):
                    versions.setdefault(t.article_id, {})[t.lang] = t.title
        reports = []
        for m in members:
            titles = {m.language: m.title, **versions.get(m.id, {})}
            shown = lang if lang in titles else m.language
            reports.append(StoryReport(
                article_id=m.id, source_id=m.source_id, source_name=m.source_name or "",
                language=m.language, section=m.section, title=titles[shown], title_lang=shown,
                published_at=m.published_at, readable_in=tuple(sorted(titles))))
        return StoryView(story=summary, reports=tuple(reports))

    def of_article(self, article_id: int) -> int | None:
        """The story an article belongs to (None until the stories step has placed it)."""
        return self.of_articles([article_id]).get(article_id)

    def of_articles(self, article_ids: Sequence[int]) -> dict[int, int]:
        """Article id -> story id, for those of ``article_ids`` placed in a story."""
        found: dict[int, int] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(article_ids), _CHUNK):
                for article_id, story_id in conn.execute(
                        sa.select(story_articles.c.article_id, story_articles.c.story_id).where(
                            story_articles.c.article_id.in_(
                                list(article_ids[start:start + _CHUNK])))):
                    found[article_id] = story_id
        return found


_LISTED = (stories.c.merged_into.is_(None), stories.c.article_count >= 2)


def _has_report_readable_in(lang: str) -> sa.ColumnElement[bool]:
    translated = sa.exists().where(translations.c.article_id == articles.c.id,
                                   translations.c.lang == lang)
    return sa.exists().where(story_articles.c.story_id == stories.c.id,
                             articles.c.id == story_articles.c.article_id,
                             sa.or_(articles.c.language == lang, translated))


def _summaries(conn: Connection, rows: Sequence[Row], lang: str) -> list[StorySummary]:
    """Title and lead of each story in ``lang`` (see ``StorySummary``), in two queries."""
    if not rows:
        return []
    # The earliest report written in ``lang`` of each story.
    earliest: dict[int, int] = {}
    # The language is compared here, not in SQL: given it, SQLite walks that language's whole
    # index (~30 ms at 100,000 articles) instead of the few members of these stories.
    for member in conn.execute(
            sa.select(story_articles.c.story_id, articles.c.id, articles.c.language)
            .join(articles, articles.c.id == story_articles.c.article_id)
            .where(story_articles.c.story_id.in_([r.id for r in rows]))
            .order_by(articles.c.published_at.desc(), articles.c.id.desc())):
        if member.language == lang:
            earliest[member.story_id] = member.id  # the last written is the earliest
    return _titled(conn, rows, earliest, lang)


def _titled(conn: Connection, rows: Sequence[Row], earliest: dict[int, int],
            lang: str) -> list[StorySummary]:
    """The summaries of stories ``rows``, given each one's earliest report in ``lang``: one
    query for the texts (each article with its version in ``lang``; of the text, only the
    first paragraph, which the lead is cut from)."""
    wanted = {r.representative_id for r in rows if r.representative_id is not None}
    wanted |= set(earliest.values())
    texts: dict[int, tuple[str, str, str | None]] = {}
    translated: dict[int, tuple[str, str | None]] = {}
    if wanted:
        for a in conn.execute(
                sa.select(articles.c.id, articles.c.language, articles.c.title,
                          articles.c.paragraphs[0].as_string().label("first"),
                          translations.c.title.label("t_title"),
                          translations.c.paragraphs[0].as_string().label("t_first"))
                .outerjoin(translations, sa.and_(translations.c.article_id == articles.c.id,
                                                 translations.c.lang == lang))
                .where(id_in(conn.dialect, articles.c.id, sorted(wanted)))):
            texts[a.id] = (a.language, a.title, a.first)
            if a.t_title is not None:
                translated[a.id] = (a.t_title, a.t_first)
    found = []
    for row in rows:
        title, title_lang, first = _title(row.representative_id, earliest.get(row.id),
                                          texts, translated, lang)
        found.append(StorySummary(
            id=row.id, title=title, title_lang=title_lang,
            lead=first_sentence(first) if first else "",
            representative_id=row.representative_id, article_count=row.article_count,
            languages=tuple(row.languages), first_seen_at=row.first_seen_at,
            last_seen_at=row.last_seen_at))
    return found


def _title(representative: int | None, earliest: int | None,
           texts: dict[int, tuple[str, str, str | None]],
           translated: dict[int, tuple[str, str | None]],
           lang: str) -> tuple[str, str, str | None]:
    """(title, its language, the first paragraph of its text)."""
    own = texts.get(representative) if representative is not None else None
    if own is not None and own[0] == lang:
        return own[1], lang, own[2]
    if earliest is not None and earliest in texts:
        _, title, first = texts[earliest]
        return title, lang, first
    if representative is not None and representative in translated:
        title, first = translated[representative]
        return title, lang, first
    if own is not None:
        return own[1], own[0], own[2]
    return "", lang, None
