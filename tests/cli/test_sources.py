"""`bbabo sources` health, enable/disable, OPML import/export, sitemap sources; `bbabo extract`."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bbabo.cli import cli
from bbabo.cli.context import utcnow
from bbabo.sources import parse_opml
from bbabo.store import open_store
from fakeweb import SITE_ROOT, FakeWeb

OPML = Path(__file__).parents[1] / "fixtures" / "opml" / "subscriptions.opml"


@pytest.fixture
def run(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("BBABO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BBABO_FETCH_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, stdin: bytes | None = None) -> Result:
        result = CliRunner().invoke(cli, list(args), input=stdin)
        assert "Traceback" not in result.output
        return result

    return invoke


def test_import_and_export_opml(run) -> None:  # type: ignore[no-untyped-def]
    first = run("sources", "import-opml", str(OPML))
    assert first.exit_code == 0, first.output
    assert "added 3 source(s), skipped 1 already present, 2 invalid" in first.output
    assert "skipped (already present): https://vestnik.example/rss.xml" in first.output
    assert "skipped (invalid): ftp://files.example/feed: not an http(s) URL" in first.output
    again = run("sources", "import-opml", "-", stdin=OPML.read_bytes())
    assert "added 0 source(s), skipped 4 already present" in again.output

    listed = json.loads(run("sources", "list", "--json").output)
    assert [(s["url"], s["lang"], s["section"]) for s in listed] == [
        ("https://herald.example/sport/feed.xml", "en", "sport-games"),
        ("https://gazeta.example/rss", "pl", "economy"),
        ("https://vestnik.example/rss.xml", "ru", "politics"),
    ]
    exported = run("sources", "export-opml")
    assert exported.exit_code == 0
    assert [o.url for o in parse_opml(exported.stdout_bytes)] == [s["url"] for s in listed]


def test_bad_opml_is_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.opml"
    bad.write_text("<html></html>")
    result = run("sources", "import-opml", str(bad))
    assert result.exit_code == 1
    assert result.output.strip().startswith("bbabo: not an OPML file")


def test_list_shows_health_and_disable_enable(run, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    run("sources", "import-opml", str(OPML))
    store = open_store(sqlite_url)
    now = utcnow()
    store.sources.record_success(1, now=now - timedelta(hours=2), etag=None, last_modified=None,
                                 next_check_at=now + timedelta(minutes=10))
    for _ in range(3):
        store.sources.record_failure(2, code="fetch.timeout", message="timed out after 20s",
                                     next_check_at=now + timedelta(hours=4))
    store.close()
    text = run("sources", "list").output
    blocks = re.split(r"^\s+(?=\d+  )", text, flags=re.MULTILINE)
    block = {int(chunk.split()[0]): chunk for chunk in blocks if chunk.strip()}
    assert "health: ok" in block[1] and "(2h ago)" in block[1] and "next poll:" in block[1]
    assert "[feed, enabled]" in block[1]
    assert "FAILING 3 times in a row (backing off): fetch.timeout: timed out after 20s" in block[2]
    assert "last success: never" in block[2] and "(in 3h" in block[2]
    assert "not polled yet" in block[3]

    assert run("sources", "disable", "2").output.startswith("disabled source 2")
    assert "[feed, DISABLED]" in run("sources", "list").output
    assert "not polled (disabled)" in run("sources", "list").output
    assert json.loads(run("sources", "list", "--json").output)[1]["enabled"] is False
    assert run("sources", "enable", "2").output.startswith("enabled source 2")
    health = json.loads(run("sources", "list", "--json").output)[1]
    assert health["enabled"] is True and health["consecutive_failures"] == 0
    missing = run("sources", "disable", "99")
    assert missing.exit_code == 1 and "no source with id 99" in missing.output


def test_add_detects_a_news_sitemap(run, fakeweb: FakeWeb) -> None:  # type: ignore[no-untyped-def]
    result = run("sources", "add", fakeweb.url("/sitemaps/index.xml"), "--lang", "pl")
    assert result.exit_code == 0, result.output
    feed = run("sources", "add", fakeweb.url("/feeds/rss.xml"))
    assert feed.exit_code == 0, feed.output
    kinds = [s["kind"] for s in json.loads(run("sources", "list", "--json").output)]
    assert kinds == ["sitemap", "feed"]
    html = run("sources", "add", fakeweb.url("/sections/world.html"))
    assert html.exit_code == 1 and "neither a feed, a sitemap nor a page" in html.output


def test_extract_prints_json(run) -> None:  # type: ignore[no-untyped-def]
    page = SITE_ROOT / "articles" / "ru-bolnica-cp1251.html"
    result = run("extract", str(page))
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert set(record) >= {"title", "paragraphs", "text", "author", "published_at",
                           "canonical_url", "language"}
    assert record["title"] == "В Приморске открыли новую детскую больницу"
    assert record["language"] == "ru" and record["encoding"] == "cp1251"
    assert record["text"] == "\n\n".join(record["paragraphs"])

    piped = run("extract", "--url", "https://gazeta.example/a/1", "-",
                stdin=(SITE_ROOT / "articles" / "pl-budzet-miasta.html").read_bytes())
    assert json.loads(piped.output)["language"] == "pl"


def test_extract_failures_are_one_line(run) -> None:  # type: ignore[no-untyped-def]
    front = run("extract", str(SITE_ROOT / "index.html"))
    assert front.exit_code == 1 and front.output.count("\n") == 1
    assert "characters of text outside links" in front.output or "no title" in front.output
    bad_url = run("extract", "--url", "ftp://x", str(SITE_ROOT / "index.html"))
    assert bad_url.exit_code == 1 and "--url must be an http(s) URL" in bad_url.output


def test_status_lists_the_models_a_source_will_need(run, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    # No article yet, but a Kazakh source: the pair shows in status as the model keeper sees it.
    store = open_store(sqlite_url)
    store.sources.add(url="https://kk.example/feed.xml", now=utcnow(), lang_hint="kk")
    store.sources.add(url="https://off.example/feed.xml", now=utcnow(), lang_hint="ka")
    store.sources.set_enabled(store.sources.find_by_url("https://off.example/feed.xml").id,
                              False, now=utcnow())
    store.close()
    result = run("status", "--json")
    pairs = {(m["from"], m["to"]) for m in json.loads(result.output)["missing_models"]}
    assert ("kk", "en") in pairs
    assert not any(src == "ka" for src, _ in pairs)  # a disabled source needs nothing
    text = run("status").output
    # Every pair on one line, and the one command that installs them all said once.
    assert [line for line in text.splitlines() if "kk→en" in line] == [
        next(line for line in text.splitlines() if line.startswith("missing models"))]
    assert text.count("bbabo models install --missing") == 1
