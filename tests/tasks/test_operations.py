"""Operations: ``/metrics`` in the Prometheus text format, the operations section of
``bbabo status`` (with and without a broker), ``bbabo db backup`` and a restore from it,
``--log-format json`` lines."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from bbabo.cli import cli
from bbabo.config import Settings
from bbabo.model import ExtractedArticle, FeedEntry, LanguageGuess, TranslatedText
from bbabo.store import Membership, Store, StoryRecord, open_store
from bbabo.web.app import create_app

NOW = datetime.now(UTC).replace(microsecond=0)
_SAMPLE = re.compile(r'^[a-z_]+(\{([a-z_]+="[^"]*",?)*\})? -?[0-9.e+]+$')


def _seed(store: Store) -> None:
    source = store.sources.add(url="https://news.example/feed.xml", now=NOW - timedelta(hours=3))
    store.sources.record_failure(source.id, code="fetch.timeout", message="timed out",
                                 next_check_at=NOW)
    store.pages.enqueue(source.id, [
        FeedEntry(url=f"https://news.example/{i}", title="t", published_at=None, summary=None)
        for i in range(3)], now=NOW - timedelta(minutes=10))
    for i, lang in enumerate(["en", "en", "uk"]):
        article = ExtractedArticle(url=f"https://news.example/{i}",
                                   canonical_url=f"https://news.example/{i}",
                                   title=f"Story {i}", paragraphs=("Text.",))
        saved = store.articles.save(article, language=LanguageGuess(lang=lang, confidence=1,
                                                                     method="test"),
                                    source_id=source.id, section="news", urls=[article.url],
                                    now=NOW - timedelta(minutes=5))
        if i < 2:
            store.pages.mark_done(article.url, article_id=saved.article_id, now=NOW)
    store.translations.save(1, TranslatedText(source_lang="en", target_lang="de",
                                              title="Geschichte", paragraphs=("Text.",),
                                              engine="fake", model="fake"), now=NOW)


@pytest.fixture
def seeded(sqlite_url: str) -> Iterator[Store]:
    store = open_store(sqlite_url)
    _seed(store)
    yield store
    store.close()


def _get(app, path: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get(path)

    return asyncio.run(go())


def test_metrics_are_prometheus_text(seeded: Store) -> None:
    app = create_app(Settings(target_languages=("de", "en")), seeded, clock=lambda: NOW)
    response = _get(app, "/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    lines = response.text.splitlines()
    for line in lines:
        assert line.startswith(("# HELP ", "# TYPE ")) or _SAMPLE.match(line), line
    samples = {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
               for line in lines if not line.startswith("#")}
    assert samples['bbabo_articles{lang="en"}'] == 2
    assert samples['bbabo_translations{lang="de"}'] == 1
    assert samples['bbabo_pages{state="pending"}'] == 1
    assert samples["bbabo_sources_failing"] == 1
    assert samples['bbabo_processed_last_hour{lang="uk",stage="ingest"}'] == 1
    assert samples['bbabo_processed_last_hour{lang="",stage="fetch_done"}'] == 2
    assert samples['bbabo_backlog_age_seconds{stage="fetch"}'] == 600
    assert samples['bbabo_backlog_age_seconds{stage="translate"}'] == 300
    # Each family is declared once, before its samples.
    assert len([x for x in lines if x.startswith("# TYPE bbabo_articles ")]) == 1


def _status(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict:  # type: ignore[type-arg]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["status", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["operations"]  # type: ignore[no-any-return]


def test_status_without_a_broker(seeded: Store, sqlite_url: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    ops = _status({"BBABO_DATABASE_URL": sqlite_url, "BBABO_TARGET_LANGUAGES": "de,en"},
                  monkeypatch)
    assert ops["mode"] == "single-process" and "broker" not in ops
    assert ops["throughput_last_hour"]["articles_by_language"] == {"en": 2, "uk": 1}
    assert ops["throughput_last_hour"]["translations_by_language"] == {"de": 1}
    assert ops["backlog_age_s"]["fetch"] >= 600


def test_status_with_an_unreachable_broker_says_so(seeded: Store, sqlite_url: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ops = _status({"BBABO_DATABASE_URL": sqlite_url,
                   "BBABO_BROKER_URL": "redis://:secret@127.0.0.1:1/0"}, monkeypatch)
    assert ops["broker"]["reachable"] is False
    assert "cannot reach the broker" in ops["broker"]["error"]
    assert "secret" not in json.dumps(ops)
    result = CliRunner().invoke(cli, ["status"])
    assert "unreachable" in result.output and "Traceback" not in result.output


def test_status_with_redis_shows_queues_and_no_workers(seeded: Store, sqlite_url: str,
                                                       redis_url: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ops = _status({"BBABO_DATABASE_URL": sqlite_url, "BBABO_BROKER_URL": redis_url},
                  monkeypatch)
    assert ops["broker"] == {"url": redis_url, "reachable": True, "workers": [],
                             "queues": {"crawl": 0, "fetch": 0, "translate": 0,
                                        "publish": 0, "stories": 0}}


def test_status_shows_stories_per_day(seeded: Store, sqlite_url: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first = NOW - timedelta(minutes=5)
    with seeded.transaction() as tx:
        story = tx.stories.open(first_seen_at=first, now=NOW)
        tx.stories.record([Membership(article_id=1, story_id=story, score=None),
                           Membership(article_id=2, story_id=story, score=0.9)],
                          [StoryRecord(id=story, representative_id=1, article_count=2,
                                       languages=("en",), first_seen_at=first,
                                       last_seen_at=first)], [], now=NOW)
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    result = CliRunner().invoke(cli, ["status", "--json"])
    day = first.strftime("%Y-%m-%d")
    assert json.loads(result.output)["stories"] == {"total": 1, "per_day": {day: 1},
                                                     "unplaced": 1}
    text = CliRunner().invoke(cli, ["status"]).output
    assert f"stories: 1, articles in none yet: 1; stories per day: {day}: 1" in text
    app = create_app(Settings(target_languages=("de",)), seeded, clock=lambda: NOW)
    metrics = _get(app, "/metrics").text.splitlines()
    assert "bbabo_stories 1" in metrics and "bbabo_articles_unplaced 1" in metrics
    assert f'bbabo_stories_per_day{{day="{day}"}} 1' in metrics


def test_status_says_how_big_the_database_is_and_since_when(
        seeded: Store, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # What retention (`bbabo articles prune`) is decided on.
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    store = json.loads(CliRunner().invoke(cli, ["status", "--json"]).output)["store"]
    conn = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    # Its pages, the write-ahead log's included (what the file holds once checkpointed).
    assert store["bytes"] == pages * size > 100_000
    oldest = NOW - timedelta(minutes=5)
    assert store["oldest_article_at"] == oldest.isoformat()
    text = CliRunner().invoke(cli, ["status"]).output
    assert f"articles stored since {oldest:%Y-%m-%d}" in text and "articles prune" in text
    app = create_app(Settings(target_languages=("de",)), seeded, clock=lambda: NOW)
    assert f"bbabo_database_bytes {store['bytes']}" in _get(app, "/metrics").text.splitlines()


def test_postgres_reports_its_database_size(postgres_url: str) -> None:
    store = open_store(postgres_url)
    try:
        storage = store.ops.storage()
    finally:
        store.close()
    assert storage.bytes is not None and storage.bytes > 1_000_000
    assert storage.oldest_article_at is None  # an empty store


def test_sqlite_backup_while_open_and_restore(seeded: Store, sqlite_url: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    target = tmp_path / "backups" / "bbabo-1.db"
    result = CliRunner().invoke(cli, ["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "backed up to" in result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    restored = open_store(f"sqlite:///{target}")
    assert restored.articles.count_by_language() == {"en": 2, "uk": 1}
    assert restored.schema_is_current()
    restored.close()

    again = CliRunner().invoke(cli, ["db", "backup", str(target)])
    assert again.exit_code == 1 and "exists" in again.output


def test_postgres_backup_prints_the_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BBABO_DATABASE_URL", "postgresql://bbabo:pw@db.internal:5432/news")
    result = CliRunner().invoke(cli, ["db", "backup", "/backups/news.dump"])
    assert result.exit_code == 0, result.output
    assert ("PGPASSWORD=... pg_dump --format=custom --no-owner --file=/backups/news.dump "
            "postgresql://bbabo@db.internal:5432/news") in result.output
    assert "pg_restore --clean --if-exists" in result.output and "pw" not in result.output


def test_json_log_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BBABO_DATABASE_URL", f"sqlite:///{tmp_path}/fresh.db")
    result = CliRunner().invoke(cli, ["--log-format", "json", "--log-level", "info",
                                      "db", "migrate"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert records and all({"time", "level", "logger", "message"} <= set(r) for r in records)
