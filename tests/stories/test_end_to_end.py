"""Done when: `bbabo stories update --once` groups a crawl of independent multilingual reports
correctly with no translation model. Outlets on the fake web publish reports of six events in
eight languages (written for bbabo: tests/fixtures/stories/report.json), among them look-alike
pairs (two earthquakes, two central-bank decisions, two derbies, on the same days); bbabo
crawls them, places them with the real embedder, and every story holds exactly one event's
reports. A wire copy re-published by another outlet follows its original."""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bbabo.cli import cli
from bbabo.store import open_store
from fakeweb import FakeWeb, Reply

from .labelled import FIXTURES

EVENTS = ("r-quake-turkey", "r-quake-crete", "r-boe-cut", "r-fed-hold", "r-derby-kyiv",
          "r-derby-moscow")
Run = Callable[..., Result]


def _reports() -> list[dict[str, str]]:
    data = json.loads((FIXTURES / "report.json").read_text())
    bodies = json.loads((FIXTURES / "bodies.json").read_text())
    found = []
    for event in data["events"]:
        if event["id"] in EVENTS:
            for n, item in enumerate(event["reports"]):
                found.append({**item, "event": event["id"], "slug": f"{event['id']}-{n}",
                              "more": bodies[event["id"]][n]})
    return found


def _page(item: dict[str, str], url: str) -> bytes:
    title, lead = html.escape(item["title"]), html.escape(item["lead"])
    more = html.escape(item["more"])
    return f"""<!doctype html><html lang="{item['lang']}"><head><meta charset="utf-8">
<title>{title}</title><link rel="canonical" href="{url}">
<meta property="article:published_time" content="{item['at']}"></head>
<body><header><a href="/">{html.escape(item['outlet'])}</a></header>
<article><h1>{title}</h1><p>{lead}</p><p>{more}</p></article>
<footer>Written for bbabo's tests; not real news.</footer></body></html>""".encode()


def _serve(web: FakeWeb, reports: list[dict[str, str]]) -> list[str]:
    by_outlet: dict[str, list[dict[str, str]]] = defaultdict(list)
    for item in reports:
        url = web.url(f"/n/{item['slug']}.html")
        web.route(f"/n/{item['slug']}.html", Reply(body=_page(item, url), headers={
            "Content-Type": "text/html; charset=utf-8"}))
        by_outlet[item["outlet"]].append(item)
    feeds = []
    for number, (outlet, items) in enumerate(sorted(by_outlet.items())):
        links = "".join(f"<item><title>{html.escape(i['title'])}</title>"
                        f"<link>{web.url('/n/' + i['slug'] + '.html')}</link></item>"
                        for i in items)
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>'
                f"{html.escape(outlet)}</title><link>{web.url('/')}</link>{links}"
                "</channel></rss>").encode()
        web.route(f"/feeds/{number}.xml", Reply(body=body, headers={
            "Content-Type": "application/rss+xml"}))
        feeds.append(web.url(f"/feeds/{number}.xml"))
    return feeds


@pytest.fixture
def run(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Run]:
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("BBABO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BBABO_FETCH_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("BBABO_TRANSLATE_ENGINES", "ctranslate2")  # and no model: none
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args))
        assert "Traceback" not in result.output, result.output
        assert result.exit_code == 0, result.output
        return result

    yield invoke


def test_a_crawl_of_multilingual_reports_is_grouped_by_event(
        run: Run, fakeweb: FakeWeb, sqlite_url: str) -> None:
    reports = _reports()
    assert len({r["lang"] for r in reports}) >= 8
    feeds = _serve(fakeweb, reports)
    # Another outlet re-publishes the first English report word for word (a wire copy).
    original = next(r for r in reports if r["event"] == "r-quake-turkey" and r["lang"] == "en")
    copy_url = fakeweb.url("/wire/quake.html")
    fakeweb.route("/wire/quake.html", Reply(body=_page(original, copy_url).replace(
        b"Global Desk", b"Wire Service"), headers={"Content-Type": "text/html; charset=utf-8"}))
    fakeweb.route("/feeds/wire.xml", Reply(body=(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>w</title>'
        f"<link>{fakeweb.url('/')}</link><item><title>q</title><link>{copy_url}</link></item>"
        "</channel></rss>").encode(), headers={"Content-Type": "application/rss+xml"}))
    for feed in feeds:
        run("sources", "add", feed)
    first = run("crawl", "--once", "--host-delay", "0")
    assert f"pages: {len(reports)} new" in first.output, first.output
    run("sources", "add", fakeweb.url("/feeds/wire.xml"))
    crawled = run("crawl", "--once", "--host-delay", "0")
    assert "1 duplicate" in crawled.output

    placed = run("stories", "update", "--once")
    assert f"placed {len(reports)} article(s)" in placed.output
    again = run("stories", "update", "--once")
    assert "placed 0 article(s)" in again.output

    exported = [json.loads(line) for line in run("articles", "export").output.splitlines()]
    assert len(exported) == len(reports)
    event_of = {fakeweb.url(f"/n/{r['slug']}.html"): r["event"] for r in reports}
    stories: dict[int, set[str]] = defaultdict(set)
    for article in exported:
        assert article["story_id"] is not None
        stories[article["story_id"]].add(event_of[article["canonical_url"]])
    # Every story is one event, and every event is one story.
    assert sorted(sorted(events) for events in stories.values()) == [[e] for e in sorted(EVENTS)]

    store = open_store(sqlite_url)
    try:
        first = store.articles.find_by_urls([fakeweb.url(f"/n/{original['slug']}.html")])
        assert first is not None and store.articles.find_by_urls([copy_url]) == first
        turkey = store.stories.of_article(first)
        assert turkey is not None
        view = store.stories.get(turkey, "en")
        assert len(view.reports) == 5
        assert {r.language for r in view.reports} == {"en", "ru", "uk", "de", "bg"}
        assert view.story.title == original["title"]  # the earliest English report
        assert view.story.lead.startswith("A magnitude 5.9 earthquake struck")
    finally:
        store.close()

    listed = [json.loads(line) for line in run("stories", "list", "--lang", "ru",
                                               "--json").output.splitlines()]
    assert len(listed) == len(EVENTS)
    quake = next(s for s in listed if s["id"] == turkey)
    assert quake["title_lang"] == "ru"  # the Russian report's own title
    assert quake["article_count"] == 5 and quake["languages"] == ["bg", "de", "en", "ru", "uk"]
