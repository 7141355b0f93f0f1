"""The SQL of search, one class per backend, over the objects migration 0004 creates.

Both run two statements: one ranks the matching documents and keeps a page of them, the
second builds highlighted titles and snippets for that page only (building them is the
expensive part, and it must not run for every match).

Queries arrive as tokens of letters, digits and marks only (``search.parse_query``), so what
is spliced into FTS5 or ``to_tsquery`` syntax can never be an operator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

__all__ = ["Row", "SqliteSearch", "PostgresSearch", "MARK_START", "MARK_END", "window"]

# Private-use characters around matches: they never occur in news text, and unlike markup they
# survive escaping untouched until the web layer turns them into <mark>.
MARK_START = "\ue000"
MARK_END = "\ue001"

# A word shorter than this is matched whole: "a*" would match a good part of the index.
_MIN_PREFIX = 3
_SNIPPET_TOKENS = 28
_WINDOW = 180


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    article_id: int
    score: float
    title: str
    snippet: str


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def window(text: str, substrings: Sequence[str], length: int = _WINDOW) -> str:
    """About ``length`` characters of ``text`` around the first of ``substrings``."""
    starts = [found for term in substrings if (found := text.find(term)) >= 0]
    start = max(0, min(starts, default=0) - length // 3)
    end = start + length
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


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
            parts.append(phrase + " *" if len(tokens[-1]) >= _MIN_PREFIX else phrase)
        return " AND ".join(parts)

    def search(self, conn: Connection, lang: str, words: Sequence[Sequence[str]],
               substrings: Sequence[str], *, limit: int, offset: int) -> list[Row]:
        params: dict[str, object] = {"match": self._match(lang, words), "limit": limit,
                                     "offset": offset}
        likes = []
        for n, term in enumerate(substrings):
            params[f"s{n}"] = _like(term)
            likes.append(f"AND (f.title LIKE :s{n} ESCAPE '\\' OR f.body LIKE :s{n} ESCAPE '\\')")
        # Column weights: the language filter counts for nothing, the title ten times the text.
        ranked = conn.execute(sa.text(f"""
            SELECT f.rowid AS doc, f.article_id AS article_id,
                   bm25(search_fts, 0.0, 10.0, 1.0) AS score
            FROM search_fts AS f JOIN articles AS a ON a.id = f.article_id
            WHERE search_fts MATCH :match {" ".join(likes)}
            ORDER BY score, a.published_at DESC, a.id DESC
            LIMIT :limit OFFSET :offset"""), params).all()
        if not ranked:
            return []
        shown = conn.execute(_ids_param("""
            SELECT rowid AS doc, highlight(search_fts, 1, :start, :end) AS title,
                   snippet(search_fts, 2, :start, :end, '…', :tokens) AS snippet, body
            FROM search_fts WHERE search_fts MATCH :match AND rowid IN :ids"""), {
            "match": params["match"], "ids": [row.doc for row in ranked],
            "start": MARK_START, "end": MARK_END, "tokens": _SNIPPET_TOKENS}).all()
        by_doc = {row.doc: row for row in shown}
        return [Row(article_id=row.article_id, score=-row.score, title=by_doc[row.doc].title,
                    snippet=(window(by_doc[row.doc].body or "", substrings) if substrings
                             else by_doc[row.doc].snippet))
                for row in ranked if row.doc in by_doc]


class PostgresSearch:
    @staticmethod
    def _tsquery(words: Sequence[Sequence[str]]) -> str:
        parts = []
        for tokens in words:
            last = tokens[-1] + (":*" if len(tokens[-1]) >= _MIN_PREFIX else "")
            parts.append("(" + " <-> ".join([*tokens[:-1], last]) + ")")
        return " & ".join(parts)

    def search(self, conn: Connection, lang: str, words: Sequence[Sequence[str]],
               substrings: Sequence[str], *, limit: int, offset: int) -> list[Row]:
        params: dict[str, object] = {"lang": lang, "tsq": self._tsquery(words), "limit": limit,
                                     "offset": offset}
        conditions = ["d.lang = :lang"]
        if words:
            conditions.append("d.tsv @@ q.q")
        for n, term in enumerate(substrings):
            params[f"s{n}"] = _like(term)
            conditions.append(f"(d.title ILIKE :s{n} OR d.body ILIKE :s{n})")
        score = "ts_rank_cd(d.tsv, q.q, 1)" if words else "0.0"
        ranked = conn.execute(sa.text(f"""
            SELECT d.doc_id AS doc, d.article_id AS article_id, {score} AS score
            FROM search_docs AS d JOIN articles AS a ON a.id = d.article_id,
                 (SELECT to_tsquery(search_config(:lang), :tsq) AS q) AS q
            WHERE {" AND ".join(conditions)}
            ORDER BY score DESC, a.published_at DESC, a.id DESC
            LIMIT :limit OFFSET :offset"""), params).all()
        if not ranked:
            return []
        marks = f"StartSel={MARK_START}, StopSel={MARK_END}"
        shown = conn.execute(_ids_param("""
            SELECT d.doc_id AS doc, d.body AS body,
                   ts_headline(search_config(:lang), d.title, q, :title_options) AS title,
                   ts_headline(search_config(:lang), coalesce(d.body, ''), q, :body_options)
                       AS snippet
            FROM search_docs AS d, to_tsquery(search_config(:lang), :tsq) AS q
            WHERE d.doc_id IN :ids"""), {
            "lang": lang, "tsq": params["tsq"], "ids": [row.doc for row in ranked],
            "title_options": f"{marks}, HighlightAll=true",
            "body_options": f"{marks}, MaxFragments=1, MaxWords={_SNIPPET_TOKENS}, MinWords=12"
                            ", FragmentDelimiter=…"}).all()
        by_doc = {row.doc: row for row in shown}
        return [Row(article_id=row.article_id, score=float(row.score),
                    title=by_doc[row.doc].title,
                    snippet=(window(by_doc[row.doc].body or "", substrings)
                             if substrings or not words else by_doc[row.doc].snippet))
                for row in ranked if row.doc in by_doc]
