"""Search in one language: a portable first version with LIKE, until full-text indexes land.

Every word must occur in the title or the text of the version in that language (the original
if it is written in it, else its translation); articles with more words in the title rank
first, then the newest. This scans the language's rows, which is fine for thousands of
articles; FTS5 on SQLite and ``tsvector`` on PostgreSQL need a migration and come next.

Dialect code lives here alone (design §8). Paragraphs are stored as JSON text with ``\\u``
escapes, so neither backend can LIKE them directly: SQLite gets Python functions that decode
and casefold (its own ``lower()`` folds ASCII only), PostgreSQL unpacks the array."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bbabo.errors import RecordMissing
from bbabo.model import StoredArticle
from bbabo.store.articles import ArticlesRepo
from bbabo.store.schema import articles, translations

__all__ = ["SearchRepo", "SearchHit", "search_terms", "MAX_QUERY_LENGTH", "MAX_TERMS"]

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
_MAX_TERM_LENGTH = 64


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    article: StoredArticle
    title_matches: int


def search_terms(query: str) -> tuple[str, ...]:
    """The words a query looks for: control characters dropped (PostgreSQL refuses NUL),
    the query cut to MAX_QUERY_LENGTH, at most MAX_TERMS distinct words."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c
                   for c in query[:MAX_QUERY_LENGTH])
    words = dict.fromkeys(word[:_MAX_TERM_LENGTH] for word in text.split())
    return tuple(words)[:MAX_TERMS]


def _like(term: str) -> str:
    """A LIKE pattern matching ``term`` literally anywhere: ``%`` and ``_`` are not wildcards."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def _fold_json(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return " ".join(str(part) for part in json.loads(value)).casefold()
    except (ValueError, TypeError):
        return value.casefold()


def _sqlite_functions(conn: Connection) -> None:
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    raw.create_function("bbabo_fold", 1, _fold, deterministic=True)
    raw.create_function("bbabo_fold_json", 1, _fold_json, deterministic=True)


class SearchRepo:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._articles = ArticlesRepo(engine)

    def _folded(self, title: Any, paragraphs: Any) -> tuple[Any, Any]:
        if self._sqlite:
            return sa.func.bbabo_fold(title), sa.func.bbabo_fold_json(paragraphs)
        parts = sa.func.json_array_elements_text(paragraphs).table_valued("value")
        text = (sa.select(sa.func.string_agg(parts.c.value, " "))
                .select_from(parts).scalar_subquery())
        return sa.func.lower(title), sa.func.lower(text)

    def _fold_term(self, term: str) -> str:
        return term.casefold() if self._sqlite else term.lower()

    def _matches(self, terms: Sequence[str], title: Any, paragraphs: Any,
                 lang_filter: Any, article_id: Any) -> sa.Select:  # type: ignore[type-arg]
        folded_title, folded_text = self._folded(title, paragraphs)
        patterns = [_like(self._fold_term(term)) for term in terms]
        in_title = [folded_title.like(p, escape="\\") for p in patterns]
        score = sum((sa.case((hit, 1), else_=0) for hit in in_title), sa.literal(0))
        return (sa.select(article_id.label("article_id"), score.label("score"),
                          articles.c.published_at.label("published_at"))
                .where(lang_filter,
                       *(sa.or_(hit, folded_text.like(p, escape="\\"))
                         for hit, p in zip(in_title, patterns, strict=True))))

    def search(self, lang: str, query: str, *, limit: int = 20,
               offset: int = 0) -> list[SearchHit]:
        """Articles readable in ``lang`` whose version in it has every word of ``query``."""
        terms = search_terms(query)
        if not terms:
            return []
        originals = self._matches(terms, articles.c.title, articles.c.paragraphs,
                                  articles.c.language == lang, articles.c.id)
        translated = self._matches(terms, translations.c.title, translations.c.paragraphs,
                                   translations.c.lang == lang, translations.c.article_id
                                   ).join_from(translations, articles)
        found = sa.union_all(originals, translated).subquery()
        ranked = (sa.select(found.c.article_id, found.c.score)
                  .order_by(found.c.score.desc(), found.c.published_at.desc(),
                            found.c.article_id.desc())
                  .limit(limit).offset(offset))
        with self._engine.connect() as conn:
            if self._sqlite:
                _sqlite_functions(conn)
            rows = conn.execute(ranked).all()
        hits = []
        for row in rows:
            try:
                hits.append(SearchHit(article=self._articles.get(row.article_id),
                                      title_matches=row.score))
            except RecordMissing:  # deleted between the two queries
                continue
        return hits
