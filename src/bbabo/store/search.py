"""Full-text search in one language: SQLite FTS5 by default, PostgreSQL ``tsvector`` with the
language's text search configuration (stemming where PostgreSQL has one, 'simple' elsewhere).

Each language version of an article (the original, or a translation) is one search document,
indexed by triggers (migration 0004), so every writer keeps the index current without knowing
of it. A query is a list of words, all required; each word is matched as a prefix, which finds
inflected forms even where no stemmer exists (``москв`` finds ``Москву``). Scripts written
without spaces (Chinese, Japanese, Thai...) have no word boundaries for the tokenizer to find,
so their terms are matched as substrings within the language's documents instead.

Ranking is BM25 on SQLite and ``ts_rank_cd`` on PostgreSQL, title above text, newest first on
ties; a word found in more than ``search_sql.RECENT_WINDOW`` versions (``POSTGRES_WINDOW`` on
PostgreSQL, where scoring reads each match's tsvector) is ranked among its newest matches.
Titles and snippets are returned as text segments flagged where the query matched
(``highlight`` on SQLite, ``ts_headline`` on PostgreSQL), never as markup.

Dialect code lives here alone (design §8); the SQL of each backend is in ``search_sql``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from bbabo.model import StoredArticle
from bbabo.store import search_sql
from bbabo.store.articles import ArticlesRepo
from bbabo.store.db import Database, id_in
from bbabo.store.highlight import MARK_END, MARK_START, excerpt
from bbabo.store.schema import stories, story_articles
from bbabo.store.search_sql import Ranked, Row

__all__ = ["SearchRepo", "SearchHit", "ParsedQuery", "Marked", "Ranked", "parse_query",
           "search_terms", "plain_version", "INDEX_PREFIX", "MAX_QUERY_LENGTH", "MAX_TERMS",
           "cut_query"]

# Every table, trigger and function of the search index and the data version is named so;
# they are derived data outside schema.py, and the schema test leaves them out by this prefix.
INDEX_PREFIX = "search_"

MAX_QUERY_LENGTH = 200
_LAST_WORD = re.compile(r"\s\S*\Z")
MAX_TERMS = 8
_MAX_TERM_LENGTH = 64

# Text segments of a title or snippet; True where the query matched.
Marked = tuple[tuple[str, bool], ...]

# Letters of scripts that put no spaces between words.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0002ffff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedQuery:
    """``words``: each a run of tokens (``a_b`` is the phrase ``a b``), the last a prefix;
    ``substrings``: terms in unspaced scripts, matched anywhere in the text."""

    words: tuple[tuple[str, ...], ...]
    substrings: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.words or self.substrings)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    article: StoredArticle
    score: float
    title: Marked
    snippet: Marked


def cut_query(query: str) -> str:
    """The query's first MAX_QUERY_LENGTH characters, cut between words where there is a
    space to cut at: a word cut in two ("storm st") would be searched as a word of its own."""
    if len(query) <= MAX_QUERY_LENGTH:
        return query
    head = query[:MAX_QUERY_LENGTH]
    if query[MAX_QUERY_LENGTH].isspace():
        return head
    last = _LAST_WORD.search(head)  # any whitespace: a no-break space pasted from the web too
    return head[:last.start()] if last and last.start() > 0 else head


def search_terms(query: str) -> tuple[str, ...]:
    """The words a query looks for: control characters dropped (PostgreSQL refuses NUL),
    the query cut to MAX_QUERY_LENGTH, at most MAX_TERMS distinct words."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c
                   for c in cut_query(query))
    words = dict.fromkeys(word[:_MAX_TERM_LENGTH] for word in text.split())
    return tuple(words)[:MAX_TERMS]


def _is_token_char(char: str) -> bool:
    # The same classes as the FTS5 tokenizer's "categories 'L* N* Co M*'".
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Co"


def _tokens(word: str) -> list[str]:
    runs, current = [], []
    for char in word:
        if _is_token_char(char):
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def parse_query(query: str) -> ParsedQuery:
    """Only letters, digits and marks survive, so no query can reach either engine's syntax:
    ``"``, ``*``, ``:``, ``&``, ``%`` and the like only separate words."""
    words: list[tuple[str, ...]] = []
    substrings: list[str] = []
    for term in search_terms(query):
        tokens = _tokens(term)
        spaced = tuple(token for token in tokens if not _UNSPACED.search(token))
        substrings.extend(token for token in tokens if _UNSPACED.search(token))
        if spaced:
            words.append(spaced)
    return ParsedQuery(words=tuple(dict.fromkeys(words)),
                       substrings=tuple(dict.fromkeys(substrings)))


def _marked(text: str | None, substrings: Sequence[str]) -> Marked:
    """Split engine output at its marker characters, then mark substring terms as well."""
    segments: list[tuple[str, bool]] = []
    for n, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", text or "")):
        if piece:
            segments.append((piece, n % 2 == 1))
    if not substrings:
        return tuple(segments)
    pattern = re.compile("|".join(map(re.escape, sorted(substrings, key=len, reverse=True))))
    marked: list[tuple[str, bool]] = []
    for piece, hit in segments:
        if hit:
            marked.append((piece, True))
            continue
        last = 0
        for match in pattern.finditer(piece):
            if match.start() > last:
                marked.append((piece[last:match.start()], False))
            marked.append((match.group(), True))
            last = match.end()
        if last < len(piece):
            marked.append((piece[last:], False))
    return tuple(marked)


class SearchRepo:
    def __init__(self, engine: Database) -> None:
        self._engine = engine
        self._backend = (search_sql.SqliteSearch() if engine.dialect.name == "sqlite"
                         else search_sql.PostgresSearch())
        self._articles = ArticlesRepo(engine)

    def search(self, lang: str, query: str, *, limit: int = 20,
               offset: int = 0) -> list[SearchHit]:
        """Articles readable in ``lang`` whose version in it has every word of ``query``."""
        parsed = parse_query(query)
        if not parsed:
            return []
        with self._engine.connect() as conn:
            rows = self._backend.search(conn, lang, parsed.words, parsed.substrings,
                                        limit=limit, offset=offset)
        found = self._articles.get_many([row.article_id for row in rows])
        return [self._hit(row, found[row.article_id], parsed) for row in rows
                if row.article_id in found]  # an article deleted between the two queries

    def ranked(self, lang: str, query: str, *, limit: int) -> list[Ranked]:
        """The ``limit`` best matches in ``lang``, best first, without their texts: a ranked
        list for fusing with others (``shown`` then marks the ones kept)."""
        parsed = parse_query(query)
        if not parsed or limit <= 0:
            return []
        with self._engine.connect() as conn:
            return self._backend.rank(conn, lang, parsed.words, parsed.substrings,
                                      limit=limit, offset=0)

    def shown(self, lang: str, query: str,
              ranked: Sequence[Ranked]) -> dict[int, tuple[Marked, Marked]]:
        """Article id -> (title, snippet) in ``lang`` with the matches of ``query`` marked,
        for matches ``ranked`` returned."""
        parsed = parse_query(query)
        if not parsed or not ranked:
            return {}
        with self._engine.connect() as conn:
            rows = self._backend.shown(conn, lang, parsed.words, parsed.substrings, ranked)
        return {row.article_id: (_marked(row.title, parsed.substrings),
                                 _marked(row.snippet, parsed.substrings)) for row in rows}

    def stories_of(self, article_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """Article id -> (its story, how many reports the story has), for those placed in
        one: one query, for grouping results (a story of one report needs no title of its
        own)."""
        found: dict[int, tuple[int, int]] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(article_ids), 500):
                for row in conn.execute(
                        sa.select(story_articles.c.article_id, stories.c.id,
                                  stories.c.article_count)
                        .join(stories, stories.c.id == story_articles.c.story_id)
                        .where(id_in(conn.dialect, story_articles.c.article_id,
                                     article_ids[start:start + 500]))):
                    found[row.article_id] = (row.id, row.article_count)
        return found

    @staticmethod
    def _hit(row: Row, article: StoredArticle, parsed: ParsedQuery) -> SearchHit:
        return SearchHit(article=article, score=row.score,
                         title=_marked(row.title, parsed.substrings),
                         snippet=_marked(row.snippet, parsed.substrings))



def plain_version(article: StoredArticle, lang: str) -> tuple[str, Marked, Marked]:
    """(language, title, snippet) of an article found by meaning rather than by its words:
    its version in ``lang`` when it has one, else its original; nothing marked."""
    if lang != article.language and lang in article.translations:
        version = article.translations[lang]
        title, paragraphs = version.title, version.paragraphs
    else:
        lang, title, paragraphs = article.language, article.title, article.paragraphs
    return lang, ((title, False),), _marked(excerpt("\n".join(paragraphs), ()), ())
