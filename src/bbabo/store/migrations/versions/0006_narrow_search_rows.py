"""narrow PostgreSQL search rows: titles, texts and tsvectors stored out of line

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-26 21:00:00.000000

A search reads, for every match of its words, the row's language and article id, to keep the
newest matches (``search_sql``). With the title, text and tsvector inline, a row took about
2 KB, so a common word at 100,000 articles meant some 10,000 scattered pages read per query
(over 100 ms). ``toast_tuple_target = 128`` moves the long values to the TOAST table, leaving
rows of a few dozen bytes; only the rows kept for ranking and the page shown read them.

The documents already stored are rebuilt from ``articles`` and ``translations`` so that they
are stored that way too (the same statements as 0004's backfill). SQLite: nothing to do (FTS5
keeps its own structures).
"""

from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

_BODY = "(SELECT string_agg(value, E'\\n') FROM json_array_elements_text({row}.paragraphs))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_docs SET (toast_tuple_target = 128)")
    op.execute("DELETE FROM search_docs")
    op.execute(f"""INSERT INTO search_docs (doc_id, article_id, lang, title, body, tsv)
        SELECT a.id, a.id, a.language, a.title, b.body,
               setweight(to_tsvector(search_config(a.language), a.title), 'A')
               || setweight(to_tsvector(search_config(a.language), coalesce(b.body, '')), 'B')
        FROM articles a, LATERAL (SELECT {_BODY.format(row="a")} AS body) b""")
    op.execute(f"""INSERT INTO search_docs (doc_id, article_id, lang, title, body, tsv)
        SELECT -t.id, t.article_id, t.lang, t.title, b.body,
               setweight(to_tsvector(search_config(t.lang), t.title), 'A')
               || setweight(to_tsvector(search_config(t.lang), coalesce(b.body, '')), 'B')
        FROM translations t, LATERAL (SELECT {_BODY.format(row="t")} AS body) b""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_docs RESET (toast_tuple_target)")
