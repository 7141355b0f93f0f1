"""Articles (the original text) and the URLs that lead to them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bbabo.errors import RecordMissing
from bbabo.model import ExtractedArticle, LanguageGuess, QAFlag, StoredArticle, StoredTranslation
from bbabo.store.db import Database, id_in
from bbabo.store.schema import article_urls, articles, sources, story_articles, translations

__all__ = ["ArticlesRepo", "SaveResult", "Headline", "content_hash"]


def content_hash(title: str, paragraphs: Iterable[str]) -> str:
    """A hash of the normalised text, so the same story under another URL is recognised."""
    text = "\n".join([title, *paragraphs])
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class SaveResult:
    article_id: int
    created: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Headline:
    """An article's title in every language it can be read in: enough to link to each version
    without loading any text (sitemaps list tens of thousands of them)."""

    id: int
    section: str
    language: str
    published_at: datetime | None
    titles: dict[str, str]
    added_at: dict[str, datetime]
    # Translations whose QA flags were not cleared: pages that ask search engines not to index.
    flagged: frozenset[str] = frozenset()


# Statements run for every ingested page, built once: building one and computing its cache key
# costs more than SQLite takes to run it. URL lists go into a fixed number of slots (padded
# with the list's last URL) rather than an expanding IN, which SQLAlchemy re-renders on every
# call: 0.23 ms against 0.04 for the same lookup of one URL, several times per page.
_URL_SLOTS = (1, 2, 4, 8, 16)


def _slots(size: int) -> list[sa.BindParameter[str]]:
    return [sa.bindparam(f"u{i}", type_=sa.String()) for i in range(size)]


@cache
def _find_by_urls(size: int) -> sa.Select[int]:
    return sa.select(article_urls.c.article_id).where(article_urls.c.url.in_(_slots(size))).limit(1)


@cache
def _known_urls(size: int) -> sa.Select[str]:
    return sa.select(article_urls.c.url).where(article_urls.c.url.in_(_slots(size)))


@cache
def _existing(size: int) -> sa.CompoundSelect[int]:
    # Three indexed lookups in one statement. As one WHERE with OR (and an IN subquery),
    # PostgreSQL scanned the whole articles table for every saved page: 45 ms per page at
    # 25,000 articles, growing with the store.
    return sa.union_all(
        sa.select(articles.c.id).where(articles.c.canonical_url == sa.bindparam("canonical")),
        sa.select(articles.c.id).where(articles.c.content_hash == sa.bindparam("digest")),
        sa.select(article_urls.c.article_id).where(article_urls.c.url.in_(_slots(size))),
    ).limit(1)


def _url_chunks(urls: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(slot count, parameters) for each chunk of ``urls``; none for an empty list."""
    unique = list(dict.fromkeys(urls))
    widest = _URL_SLOTS[-1]
    for start in range(0, len(unique), widest):
        chunk = unique[start:start + widest]
        size = next(n for n in _URL_SLOTS if n >= len(chunk))
        yield size, {f"u{i}": chunk[min(i, len(chunk) - 1)] for i in range(size)}


_ARTICLE_COLUMNS = (articles, sources.c.name.label("source_name"))
_HEADLINE_COLUMNS = (articles.c.id, articles.c.section, articles.c.language, articles.c.title,
                     articles.c.published_at, articles.c.fetched_at)


def _readable_in(lang: str, table: sa.FromClause = articles) -> sa.ColumnElement[bool]:
    """Written in ``lang`` or translated into it. EXISTS rather than IN: the database walks
    the newest articles by ``published_at`` and probes each one's translation, and stops when
    the page is full, instead of listing every translation in the language first."""
    versions = translations.alias() if table is not articles else translations
    translated = sa.exists().where(versions.c.article_id == table.c.id,
                                   versions.c.lang == lang)
    return sa.or_(table.c.language == lang, translated)


def _newest_of_story(lang: str, sections: Sequence[str] | None,
                     source_id: int | None) -> sa.ColumnElement[bool]:
    """The article is in no story, or no other report of its story that the same listing
    holds (readable in ``lang``, in ``sections``, from ``source_id``) comes before it (newer
    ``published_at``, then higher id: the listing's order). A listing filtered with this has
    one entry per story, placed by the story's newest report in it, so paging by offset over
    it shows each story once.

    Each article probes its story by the primary key of ``story_articles``, the story's
    reports by its ``story_id`` index and each report by id, so the walk down
    ``ix_articles_published_at`` stops when the page is full. ``OFFSET 0`` keeps it that way
    on PostgreSQL, whose planner would otherwise turn NOT EXISTS into a hash anti-join over
    every story's reports (a scan of the whole table for each page); a subquery with an
    OFFSET is never pulled up into a join, and SQLite runs it as written."""
    mine, sibling, other = story_articles.alias(), story_articles.alias(), articles.alias()
    newer = (sa.select(sa.literal(1))
             .select_from(mine.join(sibling, sibling.c.story_id == mine.c.story_id)
                          .join(other, other.c.id == sibling.c.article_id))
             .where(mine.c.article_id == articles.c.id,
                    sa.or_(other.c.published_at > articles.c.published_at,
                           sa.and_(other.c.published_at == articles.c.published_at,
                                   other.c.id > articles.c.id)),
                    _readable_in(lang, other)))
    if sections is not None:
        newer = newer.where(other.c.section.in_(list(sections)))
    if source_id is not None:
        newer = newer.where(other.c.source_id == source_id)
    return ~newer.correlate(articles).offset(0).exists()


def _to_article(row: sa.Row, translated: dict[str, StoredTranslation]) -> StoredArticle:  # type: ignore[type-arg]
    return StoredArticle(
        id=row.id, url=row.url, canonical_url=row.canonical_url, source_id=row.source_id,
        source_name=row.source_name or "", language=row.language, section=row.section,
        title=row.title, paragraphs=tuple(row.paragraphs), author=row.author,
        published_at=row.published_at, fetched_at=row.fetched_at, translations=translated,
    )


def _to_translation(row: sa.Row) -> StoredTranslation:  # type: ignore[type-arg]
    return StoredTranslation(
        article_id=row.article_id, lang=row.lang, title=row.title,
        paragraphs=tuple(row.paragraphs), engine=row.engine, model=row.model,
        qa=tuple(QAFlag(check=q["check"], paragraph=q["paragraph"], detail=q["detail"])
                 for q in row.qa),
        created_at=row.created_at, edited_by=row.edited_by, edited_at=row.edited_at,
    )


class ArticlesRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine

    def newest_id(self) -> int:
        """The highest article id (0 with none): articles are only ever added."""
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(articles.c.id))).scalar() or 0)

    def find_by_urls(self, urls: Iterable[str]) -> int | None:
        """The article any of these URLs is already known to lead to."""
        with self._engine.connect() as conn:
            for size, params in _url_chunks(urls):
                found: int | None = conn.execute(_find_by_urls(size), params).scalar()
                if found is not None:
                    return found
        return None

    def save(self, article: ExtractedArticle, *, language: LanguageGuess,
             source_id: int | None, section: str, urls: Iterable[str],
             now: datetime, first_seen_at: datetime | None = None,
             source_published_at: datetime | None = None) -> SaveResult:
        """Store an extracted article, or link its URLs to the copy already stored.

        ``first_seen_at`` (its feed entry seen) and ``source_published_at`` (the date the
        source gave, if any) are what freshness is measured from."""
        digest = content_hash(article.title, article.paragraphs)
        all_urls = set(urls) | {article.url, article.canonical_url}
        with self._engine.begin() as conn:
            existing = None
            for size, params in _url_chunks(sorted(all_urls)):
                existing = conn.execute(_existing(size), {
                    "canonical": article.canonical_url, "digest": digest, **params}).scalar()
                if existing is not None:
                    break
            if existing is not None:
                self._link_urls(conn, existing, all_urls)
                return SaveResult(article_id=existing, created=False)
            new_id = conn.execute(articles.insert(), {
                "source_id": source_id, "url": article.url,
                "canonical_url": article.canonical_url, "language": language.lang,
                "lang_confidence": language.confidence, "section": section,
                "title": article.title, "paragraphs": list(article.paragraphs),
                "author": article.author, "image_url": article.image_url,
                "published_at": article.published_at or now, "fetched_at": now,
                "content_hash": digest, "first_seen_at": first_seen_at or now,
                "source_published_at": source_published_at or article.published_at,
            }).inserted_primary_key[0]  # type: ignore[index]
            # None of these URLs leads anywhere yet (the query above would have found it).
            conn.execute(article_urls.insert(),
                         [{"url": url, "article_id": new_id} for url in sorted(all_urls)])
        return SaveResult(article_id=new_id, created=True)

    def link_urls(self, article_id: int, urls: Iterable[str]) -> None:
        """Record more URLs (redirect hops, tracking variants) as leading to an article."""
        with self._engine.begin() as conn:
            self._link_urls(conn, article_id, urls)

    @staticmethod
    def _link_urls(conn: Connection, article_id: int, urls: Iterable[str]) -> None:
        urls = set(urls)
        known = {url for size, params in _url_chunks(urls)
                 for url in conn.execute(_known_urls(size), params).scalars()}
        fresh = [{"url": url, "article_id": article_id} for url in sorted(urls - known)]
        if fresh:
            conn.execute(article_urls.insert(), fresh)

    def get(self, article_id: int) -> StoredArticle:
        """One article with every translation it has."""
        query = (sa.select(*_ARTICLE_COLUMNS).outerjoin(sources)
                 .where(articles.c.id == article_id))
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
            if row is None:
                raise RecordMissing(f"no article with id {article_id}")
            found = self._translations(conn, [article_id], lang=None)
        return _to_article(row, found.get(article_id, {}))

    def latest(self, lang: str, *, sections: Sequence[str] | None = None,
               source_id: int | None = None, limit: int = 50,
               offset: int = 0, one_per_story: bool = False) -> list[StoredArticle]:
        """Newest articles readable in ``lang``: originals in it and those translated into it,
        optionally only in ``sections`` or from one source. ``one_per_story``: of the
        articles placed in a story, only the newest of its reports this listing holds, so
        each story is one entry wherever its page falls (``_newest_of_story``).

        Each carries only its ``lang`` translation (if any)."""
        query = (sa.select(*_ARTICLE_COLUMNS).outerjoin(sources)
                 .where(_readable_in(lang))
                 .order_by(articles.c.published_at.desc(), articles.c.id.desc())
                 .limit(limit).offset(offset))
        if one_per_story:
            query = query.where(_newest_of_story(lang, sections, source_id))
        if sections is not None:
            query = query.where(articles.c.section.in_(list(sections)))
        if source_id is not None:
            query = query.where(articles.c.source_id == source_id)
        with self._engine.connect() as conn:
            if one_per_story and self._engine.dialect.name == "postgresql":
                # PostgreSQL costs the probe per article high, and past jit_above_cost a
                # deep page spent more compiling it (50 ms) than running it. For this
                # query's transaction only.
                conn.execute(sa.text("SET LOCAL jit = off"))
            rows = conn.execute(query).all()
            found = self._translations(conn, [r.id for r in rows], lang=lang)
        return [_to_article(row, found.get(row.id, {})) for row in rows]

    def get_many(self, ids: Sequence[int]) -> dict[int, StoredArticle]:
        """The articles with these ids that exist, each with every translation it has."""
        if not ids:
            return {}
        query = (sa.select(*_ARTICLE_COLUMNS).outerjoin(sources)
                 .where(id_in(self._engine.dialect, articles.c.id, ids)))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            found = self._translations(conn, [r.id for r in rows], lang=None)
        return {row.id: _to_article(row, found.get(row.id, {})) for row in rows}

    def iter_all(self, *, lang: str | None = None, batch: int = 200) -> Iterator[StoredArticle]:
        """Every article (optionally only those originally in ``lang``) with all translations."""
        last_id = 0
        while True:
            query = (sa.select(*_ARTICLE_COLUMNS).outerjoin(sources)
                     .where(articles.c.id > last_id).order_by(articles.c.id).limit(batch))
            if lang is not None:
                query = query.where(articles.c.language == lang)
            with self._engine.connect() as conn:
                rows = conn.execute(query).all()
                found = self._translations(conn, [r.id for r in rows], lang=None)
            if not rows:
                return
            for row in rows:
                yield _to_article(row, found.get(row.id, {}))
            last_id = rows[-1].id

    @staticmethod
    def _translations(conn: Connection, ids: list[int],
                      lang: str | None) -> dict[int, dict[str, StoredTranslation]]:
        if not ids:
            return {}
        query = sa.select(translations).where(id_in(conn.dialect, translations.c.article_id, ids))
        if lang is not None:
            query = query.where(translations.c.lang == lang)
        found: dict[int, dict[str, StoredTranslation]] = {}
        for row in conn.execute(query):
            found.setdefault(row.article_id, {})[row.lang] = _to_translation(row)
        return found

    def page(self, *, lang: str | None = None, sections: Sequence[str] | None = None,
             source_id: int | None = None, since: datetime | None = None,
             before: tuple[datetime, int] | None = None, limit: int = 50) -> list[StoredArticle]:
        """Newest first, each with every translation. ``lang`` keeps the articles readable in
        it; ``before`` is the (published_at, id) of the previous page's last article.

        Keyset rather than offset paging, so a page does not shift as articles arrive;
        ``save`` always sets ``published_at``, which makes it usable as the key."""
        query = sa.select(*_ARTICLE_COLUMNS).outerjoin(sources)
        if lang is not None:
            query = query.where(_readable_in(lang))
        if sections is not None:
            query = query.where(articles.c.section.in_(list(sections)))
        if source_id is not None:
            query = query.where(articles.c.source_id == source_id)
        if since is not None:
            query = query.where(articles.c.published_at >= since)
        if before is not None:
            moment, last_id = before
            query = query.where(sa.or_(
                articles.c.published_at < moment,
                sa.and_(articles.c.published_at == moment, articles.c.id < last_id)))
        query = query.order_by(articles.c.published_at.desc(), articles.c.id.desc()).limit(limit)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            found = self._translations(conn, [r.id for r in rows], lang=None)
        return [_to_article(row, found.get(row.id, {})) for row in rows]

    def headlines(self, lang: str, *, limit: int, offset: int = 0) -> list[Headline]:
        """Articles readable in ``lang``, oldest id first, so pages stay put as articles arrive."""
        query = (sa.select(*_HEADLINE_COLUMNS)
                 .where(_readable_in(lang))
                 .order_by(articles.c.id).limit(limit).offset(offset))
        return self._headlines(query)

    def recent_headlines(self, since: datetime, *, limit: int) -> list[Headline]:
        """Articles published at or after ``since``, newest first."""
        query = (sa.select(*_HEADLINE_COLUMNS).where(articles.c.published_at >= since)
                 .order_by(articles.c.published_at.desc(), articles.c.id.desc()).limit(limit))
        return self._headlines(query)

    def _headlines(self, query: sa.Select) -> list[Headline]:  # type: ignore[type-arg]
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
            versions = conn.execute(
                sa.select(translations.c.article_id, translations.c.lang, translations.c.title,
                          translations.c.created_at, translations.c.qa)
                .where(translations.c.article_id.in_([r.id for r in rows]))).all() if rows else []
        titles = {row.id: {row.language: row.title} for row in rows}
        added_at = {row.id: {row.language: row.fetched_at} for row in rows}
        flagged: dict[int, set[str]] = {}
        for version in versions:
            titles[version.article_id][version.lang] = version.title
            added_at[version.article_id][version.lang] = version.created_at
            if version.qa:
                flagged.setdefault(version.article_id, set()).add(version.lang)
        return [Headline(id=row.id, section=row.section, language=row.language,
                         published_at=row.published_at, titles=titles[row.id],
                         added_at=added_at[row.id], flagged=frozenset(flagged.get(row.id, ())))
                for row in rows]

    def count_by_section(self) -> dict[str, int]:
        query = sa.select(articles.c.section, sa.func.count()).group_by(articles.c.section)
        with self._engine.connect() as conn:
            return {section: count for section, count in conn.execute(query)}

    def count_by_language(self) -> dict[str, int]:
        query = sa.select(articles.c.language, sa.func.count()).group_by(articles.c.language)
        with self._engine.connect() as conn:
            return {lang: count for lang, count in conn.execute(query)}
