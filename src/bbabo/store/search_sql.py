"""The SQL of search, one class per backend, over the objects migration 0004 creates.

Both rank the matching documents and keep a page of them, then build highlighted titles and
snippets for that page only (the expensive part, which must not run for every match): with
``highlight`` in Python on SQLite, with ``ts_headline`` on PostgreSQL (which also marks
stemmed forms).

Queries arrive as tokens of letters, digits and marks only (``search.parse_query``), so what
is spliced into FTS5 or ``to_tsquery`` syntax can never be an operator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bbabo.store.highlight import MARK_END, MARK_START, MIN_PREFIX, excerpt, mark
from bbabo.store.schema import articles

__all__ = ["Row", "Ranked", "SqliteSearch", "PostgresSearch", "RECENT_WINDOW", "POSTGRES_WINDOW"]

# A query matching more versions than this in a language (a very common word) is ranked among
# the newest of them only: scoring tens of thousands of matches takes longer than a reader
# should wait, and for news the newest matches of a broad query are the ones wanted.
RECENT_WINDOW = 1000
# PostgreSQL scores fewer: ``ts_rank_cd`` reads each scored document's whole tsvector from the
# TOAST table (about four pages each, the body's every word). At 100,000 articles scoring 1,000
# took ~42 of a common word's ~52 ms (EXPLAIN ANALYZE), which put the p99 over 60 ms; 250 keep
# the same ranking for every word found in fewer versions (most searched words).
POSTGRES_WINDOW = 250
_SNIPPET_TOKENS = 28
# ts_headline parses the whole text it is given, about 0.5 ms per 1,000 words: PostgreSQL cuts
# snippets from the start of the text (the lead, where news puts what matters).
_SNIPPET_SOURCE_CHARS = 2500
# ... and of those, parses only this many characters around the first word of the query found
# as written (ts_headline's cost is the text it parses: the page's snippets took as long as
# ranking at 100,000 articles).
_SNIPPET_SPAN = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class Ranked:
    """A match before its texts are read: ``doc`` is its search document (one language
    version of the article)."""

    doc: int
    article_id: int
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    article_id: int
    score: float
    title: str
    snippet: str


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _ids_param(statement: str) -> sa.TextClause:
    return sa.text(statement).bindparams(sa.bindparam("ids", expanding=True))


class SqliteSearch:
    @staticmethod
    def _match(lang: str, words: Sequence[Sequence[str]]) -> str:
        # An FTS5 string is double-quoted with quotes doubled; "..."* makes its last token a
        # prefix. The language filter is a column filter, so it is served by the index too.
        parts = ['lang : "' + lang.replace('"', '""') + '"']
        for tokens in words:
            phrase = '"' + " ".join(tokens) + '"'
            parts.append(phrase + " *" if len(tokens[-1]) >= MIN_PREFIX else phrase)
        return " AND ".join(parts)

    def search(self, conn: Connection, lang: str, words: Sequence[Sequence[str]],
               substrings: Sequence[str], *, limit: int, offset: int) -> list[Row]:
        ranked = self.rank(conn, lang, words, substrings, limit=limit, offset=offset)
        return self.shown(conn, lang, words, substrings, ranked)

    def rank(self, conn: Connection, lang: str, words: Sequence[Sequence[str]],
             substrings: Sequence[str], *, limit: int, offset: int) -> list[Ranked]:
        """The page of matches, best first, without their texts."""
        params: dict[str, object] = {"match": self._match(lang, words),
                                     "window": offset + limit}
        filters = []
        for n, term in enumerate(substrings):
            params[f"s{n}"] = _like(term)
            filters.append(f"AND (f.title LIKE :s{n} ESCAPE '\\' OR f.body LIKE :s{n} ESCAPE '\\')")
        if not substrings:
            params["floor"] = self._recent_floor(conn, params["match"])
            filters.append("AND f.rowid >= :floor")
        # FTS5's own rank, set to BM25 with column weights (the language filter counts for
        # nothing, the title ten times the text): ORDER BY rank is sorted inside FTS5, with no
        # join, which keeps common words fast. Equal scores go newest first, decided for the
        # rows kept only: joining articles for every match costs a lookup per match.
        ranked = conn.execute(sa.text(f"""
            SELECT rowid AS doc, article_id, rank AS score FROM search_fts AS f
            WHERE search_fts MATCH :match AND rank MATCH 'bm25(0.0, 10.0, 1.0)'
                  {" ".join(filters)}
            ORDER BY rank LIMIT :window"""), params).all()
        if not ranked:
            return []
        published = {row.id: row.published_at.timestamp() for row in conn.execute(
            sa.select(articles.c.id, articles.c.published_at)
            .where(articles.c.id.in_({row.article_id for row in ranked}),
                   articles.c.published_at.is_not(None)))}
        ranked = sorted(ranked, key=lambda row: (
            row.score, -published.get(row.article_id, 0.0), -row.article_id))[offset:]
        return [Ranked(doc=row.doc, article_id=row.article_id, score=-row.score)
                for row in ranked]

    def shown(self, conn: Connection, lang: str, words: Sequence[Sequence[str]],
              substrings: Sequence[str], ranked: Sequence[Ranked]) -> list[Row]:
        """Titles and snippets with the matches marked, for ranked matches (in their order)."""
        if not ranked:
            return []
        texts = {row.doc: row for row in conn.execute(_ids_param(
            "SELECT rowid AS doc, title, body FROM search_fts WHERE rowid IN :ids"),
            {"ids": [row.doc for row in ranked]})}
        return [Row(article_id=row.article_id, score=row.score,
                    title=mark(texts[row.doc].title, words),
                    snippet=excerpt(texts[row.doc].body or "", words, substrings))
                for row in ranked if row.doc in texts]

    @staticmethod
    def _recent_floor(conn: Connection, match: object) -> int:
        """The lowest document number among the RECENT_WINDOW newest matches (documents are
        numbered as they arrive); walking matches by number scores nothing, so it is cheap."""
        floor = conn.execute(sa.text(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH :match "
            "ORDER BY rowid DESC LIMIT 1 OFFSET :window"),
            {"match": match, "window": RECENT_WINDOW - 1}).scalar()
        return int(floor) if floor is not None else -(2**62)


class PostgresSearch:
    @staticmethod
    def _tsquery(words: Sequence[Sequence[str]]) -> str:
        parts = []
        for tokens in words:
            last = tokens[-1] + (":*" if len(tokens[-1]) >= MIN_PREFIX else "")
            parts.append("(" + " <-> ".join([*tokens[:-1], last]) + ")")
        return " & ".join(parts)

    def search(self, conn: Connection, lang: str, words: Sequence[Sequence[str]],
               substrings: Sequence[str], *, limit: int, offset: int) -> list[Row]:
        ranked = self.rank(conn, lang, words, substrings, limit=limit, offset=offset)
        return self.shown(conn, lang, words, substrings, ranked)

    def rank(self, conn: Connection, lang: str, words: Sequence[Sequence[str]],
             substrings: Sequence[str], *, limit: int, offset: int) -> list[Ranked]:
        """The page of matches, best first, without their texts."""
        params: dict[str, object] = {"lang": lang, "tsq": self._tsquery(words), "limit": limit,
                                     "offset": offset}
        conditions = ["d.lang = :lang"]
        if words:
            conditions.append("d.tsv @@ q.q")
        for n, term in enumerate(substrings):
            params[f"s{n}"] = _like(term)
            conditions.append(f"(d.title ILIKE :s{n} OR d.body ILIKE :s{n})")
        score = "ts_rank_cd(r.tsv, q.q, 1)" if words else "0.0"
        params["window"] = min(RECENT_WINDOW, POSTGRES_WINDOW)
        # As on SQLite, only the newest matches (POSTGRES_WINDOW) (by article, i.e. arrival) are
        # scored: the index finds the matches cheaply, but ts_rank_cd reads each match's whole
        # tsvector. Equal scores go newest first; articles is joined only for the rows that
        # can make the page (those scoring at least the page's last score), not the window.
        ranked = conn.execute(sa.text(f"""
            WITH q AS (SELECT to_tsquery(search_config(:lang), :tsq) AS q),
            r AS (
                SELECT d.doc_id, d.article_id, d.tsv FROM search_docs AS d, q
                WHERE {" AND ".join(conditions)}
                ORDER BY d.article_id DESC LIMIT :window),
            scored AS MATERIALIZED (
                SELECT r.doc_id, r.article_id, {score} AS score FROM r, q)
            SELECT s.doc_id AS doc, s.article_id AS article_id, s.score AS score
            FROM scored AS s JOIN articles AS a ON a.id = s.article_id
            WHERE s.score >= (SELECT min(t.score) FROM (
                SELECT score FROM scored ORDER BY score DESC LIMIT :offset + :limit) AS t)
            ORDER BY s.score DESC, a.published_at DESC, a.id DESC
            LIMIT :limit OFFSET :offset"""), params).all()
        return [Ranked(doc=row.doc, article_id=row.article_id, score=float(row.score))
                for row in ranked]

    def shown(self, conn: Connection, lang: str, words: Sequence[Sequence[str]],
              substrings: Sequence[str], ranked: Sequence[Ranked]) -> list[Row]:
        """Titles and snippets with the matches marked, for ranked matches (in their order)."""
        if not ranked:
            return []
        marks = f"StartSel={MARK_START}, StopSel={MARK_END}"
        # The whole body only when the snippet is cut here rather than by ts_headline.
        whole = substrings or not words
        # ``= ANY`` of one array rather than IN: see ``db.id_in``.
        shown = conn.execute(sa.text(f"""
            SELECT d.doc_id AS doc, {"d.body" if whole else "NULL"} AS body,
                   ts_headline(search_config(:lang), d.title, q, :title_options) AS title,
                   ts_headline(search_config(:lang), substr(c.head, greatest(
                       1, strpos(lower(c.head), :first) - :before), :span), q, :body_options)
                       AS snippet
            FROM search_docs AS d, to_tsquery(search_config(:lang), :tsq) AS q,
                 LATERAL (SELECT left(coalesce(d.body, ''), :cut) AS head) AS c
            WHERE d.doc_id = ANY(:ids)"""), {
            "lang": lang, "tsq": self._tsquery(words), "ids": [row.doc for row in ranked],
            "cut": _SNIPPET_SOURCE_CHARS, "span": _SNIPPET_SPAN, "before": _SNIPPET_SPAN // 4,
            # The query's first word, as written (a stemmed form found only by ts_headline
            # starts the span at the text's start instead).
            "first": words[0][0].lower() if words else "",
            "title_options": f"{marks}, HighlightAll=true",
            "body_options": f"{marks}, MaxFragments=1, MaxWords={_SNIPPET_TOKENS}, MinWords=12"
                            ", FragmentDelimiter=…"}).all()
        by_doc = {row.doc: row for row in shown}
        return [Row(article_id=row.article_id, score=row.score,
                    title=by_doc[row.doc].title,
                    snippet=(excerpt(by_doc[row.doc].body or "", (), substrings)
                             if whole else by_doc[row.doc].snippet))
                for row in ranked if row.doc in by_doc]
