"""full-text search index, the site's data version, a recency index for listings

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-27 10:00:00.000000

Everything here is dialect-specific raw SQL, kept current by triggers so that no writer has to
remember the index: SQLite gets an FTS5 table, PostgreSQL a table of tsvectors built with the
language's text search configuration. Both get ``search_version``, a counter every change to a
published article, translation or source bumps, which the web's page cache compares.

All objects are named ``search_*`` (``bbabo.store.search.INDEX_PREFIX``): they are derived data,
not part of ``schema.py``, and the schema test leaves them out.

Each search document is one language version: an original (key: the article id) or a
translation (key: minus the translation id), so both fit one integer key space. On SQLite the
documents are numbered in the order they arrive, so the index can rank the newest matches of
a very common word without scoring every match (``search_sql``).

A later migration that recreates ``articles``, ``translations`` or ``sources`` (SQLite batch
mode copies and drops the table) drops these triggers with it and must create them again; the
search tests, which insert through the store, would catch it.
"""

from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

# bbabo language code -> PostgreSQL text search configuration, where PostgreSQL ships one.
# Languages without one (Polish, Ukrainian, Belarusian, Bulgarian, Czech...) use 'simple':
# no stemming, but prefix queries still find inflected forms.
PG_CONFIGS = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

_SQLITE_BODY = "(SELECT group_concat(value, char(10)) FROM json_each({row}.paragraphs))"
_BUMP = "UPDATE search_version SET n = n + 1;"


def _sqlite_document_triggers(table: str, key: str, lang: str, article: str) -> list[str]:
    """Index ``table``'s rows; ``key`` (``{row}.id`` or ``-{row}.id``) names a document in
    ``search_keys``. FTS5 numbers documents in the order they arrive, so the newest
    documents have the highest rowids, whichever table they come from."""
    add = f"""INSERT INTO search_fts (lang, title, body, article_id)
            VALUES (new.{lang}, new.title, {_SQLITE_BODY.format(row="new")}, new.{article});
        INSERT OR REPLACE INTO search_keys (key, doc)
            VALUES ({key.format(row="new")}, last_insert_rowid());"""
    old_key = key.format(row="old")
    remove = f"""DELETE FROM search_fts
            WHERE rowid = (SELECT doc FROM search_keys WHERE key = {old_key});
        DELETE FROM search_keys WHERE key = {old_key};"""
    trigger = "CREATE TRIGGER search_{0}_{1} AFTER {2} ON {0} BEGIN {3} " + _BUMP + " END"
    return [
        trigger.format(table, "ai", "INSERT", add),
        trigger.format(table, "au", "UPDATE", remove + add),
        trigger.format(table, "ad", "DELETE", remove),
    ]


_SQLITE = [
    # The tokenizer folds case and Latin diacritics; combining marks stay inside words so
    # Devanagari and other abugidas are not cut apart. A prefix index serves short prefixes.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        lang, title, body, article_id UNINDEXED,
        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
        prefix = '3'
    )""",
    # Which document (FTS5 rowid) holds which version: key = article id for an original,
    # minus the translation id for a translation.
    "CREATE TABLE search_keys (key INTEGER PRIMARY KEY, doc INTEGER NOT NULL)",
    "CREATE TABLE search_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)",
    "INSERT INTO search_version (id, n) VALUES (1, 1)",
    *_sqlite_document_triggers("articles", "{row}.id", "language", "id"),
    *_sqlite_document_triggers("translations", "-{row}.id", "lang", "article_id"),
    # Sources are polled all the time (etag, next check): only what pages show counts.
    f"CREATE TRIGGER search_sources_ai AFTER INSERT ON sources BEGIN {_BUMP} END",
    "CREATE TRIGGER search_sources_au AFTER UPDATE OF name, site_url, section ON sources "
    f"BEGIN {_BUMP} END",
    f"CREATE TRIGGER search_sources_ad AFTER DELETE ON sources BEGIN {_BUMP} END",
    # Whatever the database held before this revision becomes searchable too, numbered in
    # the order it was stored.
    """INSERT INTO search_keys (key, doc)
        SELECT key, ROW_NUMBER() OVER (ORDER BY moment, key) FROM (
            SELECT id AS key, fetched_at AS moment FROM articles
            UNION ALL SELECT -id, created_at FROM translations)""",
    f"""INSERT INTO search_fts (rowid, lang, title, body, article_id)
        SELECT k.doc, a.language, a.title, {_SQLITE_BODY.format(row="a")}, a.id
        FROM articles AS a JOIN search_keys AS k ON k.key = a.id""",
    f"""INSERT INTO search_fts (rowid, lang, title, body, article_id)
        SELECT k.doc, t.lang, t.title, {_SQLITE_BODY.format(row="t")}, t.article_id
        FROM translations AS t JOIN search_keys AS k ON k.key = -t.id""",
]

_PG_BODY = "(SELECT string_agg(value, E'\\n') FROM json_array_elements_text({row}.paragraphs))"


def _pg_statements(configs: set[str]) -> list[str]:
    cases = " ".join(
        f"WHEN '{code}' THEN '{name}'"
        for code, name in sorted(PG_CONFIGS.items())
        if name in configs
    )
    document = """
        INSERT INTO search_docs (doc_id, article_id, lang, title, body, tsv)
        VALUES ({key}, {article}, {lang}, NEW.title, {body},
                setweight(to_tsvector(search_config({lang}), NEW.title), 'A')
                || setweight(to_tsvector(search_config({lang}), coalesce({body}, '')), 'B'));"""
    article_doc = document.format(
        key="NEW.id", article="NEW.id", lang="NEW.language", body=_PG_BODY.format(row="NEW")
    )
    translation_doc = document.format(
        key="-NEW.id", article="NEW.article_id", lang="NEW.lang", body=_PG_BODY.format(row="NEW")
    )
    return [
        f"""CREATE FUNCTION search_config(lang text) RETURNS regconfig
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT (CASE lang {cases} ELSE 'simple' END)::regconfig $$""",
        """CREATE TABLE search_docs (
            doc_id bigint PRIMARY KEY,
            article_id integer NOT NULL,
            lang varchar(16) NOT NULL,
            title text NOT NULL,
            body text,
            tsv tsvector NOT NULL
        )""",
        "CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)",
        "CREATE INDEX search_docs_lang ON search_docs (lang)",
        "CREATE TABLE search_version (id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL)",
        "INSERT INTO search_version (id, n) VALUES (1, 1)",
        f"""CREATE FUNCTION search_index_article() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    DELETE FROM search_docs WHERE doc_id = OLD.id;
                END IF;
                IF TG_OP <> 'DELETE' THEN {article_doc}
                END IF;
                RETURN NULL;
            END $$""",
        f"""CREATE FUNCTION search_index_translation() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    DELETE FROM search_docs WHERE doc_id = -OLD.id;
                END IF;
                IF TG_OP <> 'DELETE' THEN {translation_doc}
                END IF;
                RETURN NULL;
            END $$""",
        # A row, not a sequence: the bump commits with the change, so no reader sees a new
        # version before the data it stands for.
        """CREATE FUNCTION search_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE search_version SET n = n + 1;
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER search_articles_index AFTER INSERT OR UPDATE OR DELETE ON articles
            FOR EACH ROW EXECUTE FUNCTION search_index_article()""",
        """CREATE TRIGGER search_translations_index
            AFTER INSERT OR UPDATE OR DELETE ON translations
            FOR EACH ROW EXECUTE FUNCTION search_index_translation()""",
        # Deferred to commit: the counter row is every writer's, so it is locked only while a
        # transaction commits, after all its other work, not for the rest of the transaction
        # (where holding it while waiting for another lock could deadlock two writers).
        """CREATE CONSTRAINT TRIGGER search_articles_version
            AFTER INSERT OR UPDATE OR DELETE ON articles DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION search_bump_version()""",
        """CREATE CONSTRAINT TRIGGER search_translations_version
            AFTER INSERT OR UPDATE OR DELETE ON translations DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION search_bump_version()""",
        """CREATE CONSTRAINT TRIGGER search_sources_version
            AFTER INSERT OR DELETE OR UPDATE OF name, site_url, section ON sources
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION search_bump_version()""",
        f"""INSERT INTO search_docs (doc_id, article_id, lang, title, body, tsv)
            SELECT a.id, a.id, a.language, a.title, b.body,
                   setweight(to_tsvector(search_config(a.language), a.title), 'A')
                   || setweight(to_tsvector(search_config(a.language), coalesce(b.body, '')),
                                'B')
            FROM articles a, LATERAL (SELECT {_PG_BODY.format(row="a")} AS body) b""",
        f"""INSERT INTO search_docs (doc_id, article_id, lang, title, body, tsv)
            SELECT -t.id, t.article_id, t.lang, t.title, b.body,
                   setweight(to_tsvector(search_config(t.lang), t.title), 'A')
                   || setweight(to_tsvector(search_config(t.lang), coalesce(b.body, '')), 'B')
            FROM translations t, LATERAL (SELECT {_PG_BODY.format(row="t")} AS body) b""",
    ]


def upgrade() -> None:
    # Not search, but the same change made it needed: listings of one language (originals
    # and translations into it, newest first) walk this index and stop when a page is full.
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        statements = _SQLITE
    elif bind.dialect.name == "postgresql":
        # Only configurations this server has: a trimmed build may lack some.
        configs = {row[0] for row in bind.exec_driver_sql("SELECT cfgname FROM pg_ts_config")}
        statements = _pg_statements(configs)
    else:
        raise NotImplementedError(f"no search index for {bind.dialect.name}")
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in ("articles", "translations", "sources"):
            for event in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.execute("DROP TABLE IF EXISTS search_keys")
    else:
        for trigger, table in (
            ("search_articles_index", "articles"),
            ("search_translations_index", "translations"),
            ("search_articles_version", "articles"),
            ("search_translations_version", "translations"),
            ("search_sources_version", "sources"),
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute("DROP TABLE IF EXISTS search_docs")
        for function in (
            "search_index_article()",
            "search_index_translation()",
            "search_bump_version()",
            "search_config(text)",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.execute("DROP TABLE IF EXISTS search_version")
    op.drop_index("ix_articles_published_at", table_name="articles")
