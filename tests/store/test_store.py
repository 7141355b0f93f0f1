"""The store on SQLite and PostgreSQL: migrations, sources, pages, articles, translations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bbabo.errors import RecordMissing, StoreError, UsageError
from bbabo.model import ExtractedArticle, FeedEntry, LanguageGuess, QAFlag, TranslatedText
from bbabo.store import Store, open_store
from bbabo.store.schema import metadata
from bbabo.store.search import INDEX_PREFIX

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
RU = LanguageGuess(lang="ru", confidence=0.98, method="lingua")


def _article(n: int, *, canonical: str | None = None, title: str | None = None) -> ExtractedArticle:
    return ExtractedArticle(
        url=f"https://example.org/news/{n}?utm_source=x",
        canonical_url=canonical or f"https://example.org/news/{n}",
        title=title or f"Заголовок {n}",
        paragraphs=(f"Первый абзац статьи {n}.", f"Второй абзац статьи {n}."),
        published_at=NOW - timedelta(hours=n),
    )


def _translation(lang: str, n: int = 1, qa: tuple[QAFlag, ...] = ()) -> TranslatedText:
    return TranslatedText(source_lang="ru", target_lang=lang, title=f"Title {n} [{lang}]",
                          paragraphs=(f"First {n}.", f"Second {n}."), engine="fake",
                          model="fake-1", qa=qa)


def test_migrations_build_exactly_the_declared_schema(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    # The search index and the data version are dialect-specific derived objects (an FTS5
    # table with its shadow tables, or tsvectors), made by migration 0004 and kept current by
    # triggers: schema.py does not declare them, so they are left out by their name prefix.
    tables = {name for name in inspector.get_table_names()
              if name != "alembic_version" and not name.startswith(INDEX_PREFIX)}
    assert tables == set(metadata.tables)
    for name, table in metadata.tables.items():
        assert {c["name"] for c in inspector.get_columns(name)} == {c.name for c in table.c}
    assert store.schema_is_current()


def test_opening_twice_is_idempotent(db_url: str) -> None:
    open_store(db_url).close()
    again = open_store(db_url)
    assert again.schema_is_current()
    again.close()


def test_unreachable_database_is_one_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot reach the database"):
        open_store("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")


def test_sqlite_runs_in_wal_mode(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_sources_add_list_remove_and_health(store: Store) -> None:
    source = store.sources.add(url="https://example.org/feed.xml", now=NOW, name="Example",
                               lang_hint="ru", section="politics")
    assert source.next_check_at == NOW and source.next_check_at.tzinfo is not None
    with pytest.raises(UsageError, match="already added"):
        store.sources.add(url="https://example.org/feed.xml", now=NOW)
    assert [s.id for s in store.sources.due(NOW)] == [source.id]

    store.sources.record_failure(source.id, code="fetch.timeout", message="timed out",
                                 next_check_at=NOW + timedelta(minutes=30))
    store.sources.record_failure(source.id, code="fetch.timeout", message="timed out",
                                 next_check_at=NOW + timedelta(hours=1))
    failing = store.sources.get(source.id)
    assert failing.consecutive_failures == 2 and failing.last_error_code == "fetch.timeout"
    assert store.sources.due(NOW) == []
    assert store.sources.next_due_at() == NOW + timedelta(hours=1)

    store.sources.record_success(source.id, now=NOW, next_check_at=NOW, etag='"v1"',
                                 last_modified=None)
    healthy = store.sources.get(source.id)
    assert (healthy.consecutive_failures, healthy.last_error_code, healthy.etag) == (0, None,
                                                                                     '"v1"')
    store.sources.remove(source.id)
    with pytest.raises(RecordMissing):
        store.sources.get(source.id)


def test_fetch_queue_never_queues_a_known_url_twice(store: Store) -> None:
    source = store.sources.add(url="https://example.org/feed.xml", now=NOW)
    entries = [FeedEntry(url=f"https://example.org/news/{n}") for n in (1, 2, 2, 3)]
    assert store.pages.enqueue(source.id, entries, now=NOW) == 3
    assert store.pages.enqueue(source.id, entries, now=NOW) == 0
    saved = store.articles.save(_article(1), language=RU, source_id=source.id, section="news",
                                urls=["https://example.org/news/1"], now=NOW)
    store.pages.mark_done("https://example.org/news/1", article_id=saved.article_id, now=NOW)
    store.pages.mark_failed("https://example.org/news/2", code="fetch.not_found",
                            message="404", permanent=True, now=NOW)
    for _ in range(2):
        store.pages.mark_failed("https://example.org/news/3", code="fetch.timeout",
                                message="slow", permanent=False, now=NOW)
    assert [p.url for p in store.pages.pending()] == ["https://example.org/news/3"]
    store.pages.mark_failed("https://example.org/news/3", code="fetch.timeout",
                            message="slow", permanent=False, now=NOW)
    assert store.pages.pending() == []
    assert store.pages.counts() == {"done": 1, "failed": 2}
    # A URL that already led to an article is not queued again even from another feed.
    assert store.pages.enqueue(source.id, [FeedEntry(url=_article(1).url)], now=NOW) == 0


def test_articles_dedupe_by_canonical_url_and_content(store: Store) -> None:
    first = store.articles.save(_article(1), language=RU, source_id=None, section="news",
                                urls=[], now=NOW)
    assert first.created
    same_canonical = store.articles.save(_article(1, title="Другой заголовок"), language=RU,
                                         source_id=None, section="news",
                                         urls=["https://amp.example.org/1"], now=NOW)
    same_text = store.articles.save(_article(1, canonical="https://mirror.example/x"),
                                    language=RU, source_id=None, section="news", urls=[],
                                    now=NOW)
    assert not same_canonical.created and not same_text.created
    assert same_canonical.article_id == same_text.article_id == first.article_id
    assert store.articles.find_by_urls(["https://amp.example.org/1"]) == first.article_id
    assert store.articles.find_by_urls(["https://mirror.example/x"]) == first.article_id
    assert store.articles.count_by_language() == {"ru": 1}


def test_translations_pending_save_and_latest(store: Store) -> None:
    ids = [store.articles.save(_article(n), language=RU, source_id=None, section="news",
                               urls=[], now=NOW).article_id for n in (1, 2)]
    targets = ("ru", "pl", "en")
    pending = store.translations.pending(targets)
    assert [(p.article_id, p.missing) for p in pending] == [(ids[0], ("pl", "en")),
                                                            (ids[1], ("pl", "en"))]
    assert store.translations.pending_count(targets) == 2

    flag = QAFlag(check="numbers", paragraph=0, detail="2024 missing")
    assert store.translations.save(ids[0], _translation("pl", qa=(flag,)), now=NOW)
    assert not store.translations.save(ids[0], _translation("pl"), now=NOW)  # idempotent
    assert [(p.article_id, p.missing) for p in store.translations.pending(targets)] == [
        (ids[0], ("en",)), (ids[1], ("pl", "en"))]
    store.translations.save(ids[0], _translation("en"), now=NOW)
    assert [p.article_id for p in store.translations.pending(targets)] == [ids[1]]
    assert store.translations.pending(targets, after_id=ids[1]) == []

    polish = store.articles.latest("pl")
    assert [a.id for a in polish] == [ids[0]]
    assert set(polish[0].translations) == {"pl"}
    assert [a.id for a in store.articles.latest("ru")] == ids  # newest first
    full = store.articles.get(ids[0])
    assert set(full.translations) == {"pl", "en"}
    assert full.translations["pl"].qa == (flag,)
    assert full.published_at == NOW - timedelta(hours=1)
    assert store.translations.count_by_language() == {"pl": 1, "en": 1}
    assert store.translations.count_flagged() == 1
    with pytest.raises(RecordMissing):
        store.articles.get(9999)


def test_iter_all_pages_through_everything(store: Store) -> None:
    for n in range(1, 6):
        store.articles.save(_article(n), language=RU, source_id=None, section="news", urls=[],
                            now=NOW)
    assert [a.title for a in store.articles.iter_all(batch=2)] == [
        f"Заголовок {n}" for n in range(1, 6)]
    assert list(store.articles.iter_all(lang="en")) == []
