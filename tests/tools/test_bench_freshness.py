"""The publication plan of `bench/freshness.py --hourly-feeds N`: phases spread over the hour,
a history one hour apart ending before the start, stories in time order within the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import ModuleType

import pytest

from benchscripts import load_bench


@pytest.fixture(scope="module")
def freshness() -> ModuleType:
    return load_bench("freshness")


def test_offsets_spread_uniformly_over_the_hour(freshness: ModuleType) -> None:
    assert freshness.hourly_offsets(4) == [0, 900, 1800, 2700]
    offsets = freshness.hourly_offsets(36)
    assert len(offsets) == 36 and offsets[0] == 0 and max(offsets) < 3600
    assert {round(b - a, 6) for a, b in zip(offsets, offsets[1:], strict=False)} == {100}
    assert freshness.hourly_offsets(0) == []
    with pytest.raises(ValueError):
        freshness.hourly_offsets(-1)


def test_history_is_hourly_and_ends_before_the_start(freshness: ModuleType) -> None:
    start = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    dates = freshness.hourly_history(600, start, count=12)
    assert len(dates) == 12 and dates == sorted(dates)
    assert all(b - a == timedelta(hours=1) for a, b in zip(dates, dates[1:], strict=False))
    # The last one is an hour before the feed's first story after the start (start + 600 s).
    assert dates[-1] == start + timedelta(seconds=600 - 3600) < start
    # What adaptive polling learns from it: the median gap (an hour) over eight.
    from bbabo.pipeline.schedule import PollPolicy, learned_interval
    assert learned_interval(dates, start, PollPolicy()) == 450


def test_plan_interleaves_fast_and_hourly_feeds_in_time_order(freshness: ModuleType) -> None:
    plan = freshness.publication_plan(minutes=90, every_s=60, fast=["/polled", "/pushed"],
                                      hourly_offsets_s=freshness.hourly_offsets(4))
    times = [at for at, _ in plan]
    assert times == sorted(times)
    assert all(0 <= at < 90 * 60 for at in times)
    fast = [at for at, name in plan if name == "/polled"]
    assert fast == [k * 60.0 for k in range(90)]
    by_feed = {name: [at for at, n in plan if n == name] for name in
               ("hourly0", "hourly1", "hourly2", "hourly3")}
    # Offsets 0, 15, 30, 45 min: twice within 90 minutes for the first two, once for the rest.
    assert by_feed == {"hourly0": [0, 3600], "hourly1": [900, 4500], "hourly2": [1800],
                       "hourly3": [2700]}
    with pytest.raises(ValueError):
        freshness.publication_plan(minutes=0, every_s=60, fast=[], hourly_offsets_s=[])


def test_the_watcher_reads_every_page_since_it_started(freshness: ModuleType) -> None:
    """Stories beyond the API's first page are watched too (the long hourly runs lost most
    of theirs when only the newest 100 were read), and a language counts once its page
    answers."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    import httpx

    def item(host: str, n: int, languages: list[str]) -> dict[str, object]:
        return {"source": {"url": f"https://news.example/{n}"}, "lang": "en",
                "languages": languages, "url": f"http://{host}/en/world/{n}-story"}

    pages = {None: ((1, ["en", "de"]), "c2"), "c2": ((2, ["en", "fr"]), None)}
    asked: list[dict[str, list[str]]] = []

    class Api(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlsplit(self.path)
            if url.path == "/api/v1/articles":
                query = parse_qs(url.query)
                asked.append(query)
                (n, languages), following = pages[query.get("cursor", [None])[0]]
                found = [item(self.headers["Host"], n, languages)]
                body = json.dumps({"articles": found, "next": following}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
            else:  # an article page: the French one is not there yet
                body = b"ok" if "/fr/" not in url.path else b""
                self.send_response(200 if "/fr/" not in url.path else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        watcher = freshness.Watcher(base)
        with httpx.Client(base_url=base, timeout=5) as http:
            watcher.look(http)
    finally:
        server.shutdown()
        server.server_close()
    assert set(watcher.live) == {("https://news.example/1", "en"), ("https://news.example/1", "de"),
                                 ("https://news.example/2", "en")}
    assert [q.get("cursor") for q in asked] == [None, ["c2"]]
    assert all(q["since"] == [watcher.since] for q in asked)
