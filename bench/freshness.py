"""Freshness: from a story's publication to its page being live in every language.

A loopback news site publishes a new article every N seconds on each of two feeds: one polled
(no hub), one that names a WebSub hub (Flask-WebSub's, on 127.0.0.1) and tells it of every new
article. A third feed publishes once a day (its entries are a week of daily stories) and is
there to count requests. `bbabo run` with default settings (poll floor 120 s, adaptive
polling, WebSub through its public address) and the tiny CTranslate2 model (en→de, en→fr)
follows them; a watcher reads `/api/v1/articles` every half second and notes when each story
can be read in each language, then checks that page answers 200.

Baseline, in the same run: a second `bbabo run` polling every 15 minutes whatever the source
does (`poll_interval_s=900`, which as the floor gives the old fixed interval) and without WebSub,
as bbabo was before adaptive polling.

    make bench-freshness ARGS="--quick"                  # about 6 minutes
    .venv/bin/python bench/freshness.py --minutes 30 --every 60

Prints a Markdown table for docs/benchmarks.md, then one JSON object last:
{"p50_s", "p95_s", "websub_p50_s", "rare_source_requests_per_day", ...} (a version never
seen live counts as infinitely late; a quantile that falls on one is null).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bbabo.store import open_store  # noqa: E402
from bbabo.store.schema import sources as sources_table  # noqa: E402
from fakeweb import FakeWeb, Reply, Request  # noqa: E402
from runprocess import free_port  # noqa: E402
from tasks.synthetic_site import article_html  # noqa: E402
from websub_hub import LocalHub  # noqa: E402

TINY_MODEL = ROOT / "tests" / "fixtures" / "models" / "tiny-marian"
TARGETS = ("en", "de", "fr")
OLD_INTERVAL_S = 900  # bbabo's fixed poll interval before adaptive polling


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Feed:
    """One feed of the news site; ``publish`` adds a story dated now."""

    web: FakeWeb
    prefix: str
    hub: str | None = None
    entries: list[tuple[int, datetime]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.web.route(f"{self.prefix}/feed.xml", self._answer)

    @property
    def url(self) -> str:
        return self.web.url(f"{self.prefix}/feed.xml")

    def article_url(self, index: int) -> str:
        return self.web.url(f"{self.prefix}/a/{index}.html")

    def add(self, index: int, when: datetime) -> str:
        self.web.route(f"{self.prefix}/a/{index}.html", body=article_html(index),
                       headers={"Content-Type": "text/html; charset=utf-8"})
        with self.lock:
            self.entries.append((index, when))
        return self.article_url(index)

    def _answer(self, request: Request) -> Reply:
        with self.lock:
            items = "".join(
                f"<item><title>Story {i}</title><link>{self.article_url(i)}</link>"
                f"<guid>{self.article_url(i)}</guid>"
                f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate></item>"
                for i, when in reversed(self.entries[-30:]))
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{self.prefix}</title>'
                f"<link>{self.web.base_url}</link>{items}</channel></rss>").encode()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Content-Type": "application/rss+xml"}
        if self.hub:
            headers["Link"] = f'<{self.hub}>; rel="hub", <{self.url}>; rel="self"'
        if request.headers.get("if-none-match") == etag:
            return Reply(status=304, headers=headers)
        return Reply(headers=headers, body=body)


def _start_bbabo(directory: Path, *, port: int, extra: dict[str, str]) -> subprocess.Popen[bytes]:
    models = directory / "data" / "models"
    for target in TARGETS:
        if target != "en":
            shutil.copytree(TINY_MODEL, models / f"en-{target}", dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": f"sqlite:///{directory}/bbabo.db",
                "BBABO_DATA_DIR": str(directory / "data"), "BBABO_PORT": str(port),
                "BBABO_TARGET_LANGUAGES": ",".join(TARGETS),
                "BBABO_TRANSLATE_ENGINES": "ctranslate2", "BBABO_MODELS_AUTO_INSTALL": "0",
                "BBABO_DEMO": "0", "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1", **extra})
    return subprocess.Popen([sys.executable, "-m", "bbabo", "run"], cwd=directory, env=env,
                            stdout=subprocess.DEVNULL,
                            stderr=(directory / "bbabo.log").open("wb"))


def _add_sources(directory: Path, feeds: list[Feed], now: datetime) -> None:
    store = open_store(f"sqlite:///{directory}/bbabo.db")
    try:
        for feed in feeds:
            store.sources.add(url=feed.url, now=now, lang_hint="en", name=feed.prefix.strip("/"))
    finally:
        store.close()


class Watcher(threading.Thread):
    """Notes when each story becomes readable in each language on one bbabo site."""

    def __init__(self, base_url: str) -> None:
        super().__init__(daemon=True)
        self.base_url = base_url
        self.live: dict[tuple[str, str], float] = {}  # (original URL, lang) -> time seen
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=10) as http:
            while not self.stop.wait(0.5):
                try:
                    answer = http.get("/api/v1/articles", params={"limit": 100})
                except httpx.HTTPError:
                    continue
                if answer.status_code != 200:
                    continue
                seen = time.time()
                for item in answer.json().get("articles", answer.json().get("results", [])):
                    original = item["source"]["url"]
                    for lang in item["languages"]:
                        if (original, lang) not in self.live:
                            page = http.get(item["url"].replace(f"/{item['lang']}/", f"/{lang}/",
                                                                1))
                            if page.status_code in (200, 301):
                                self.live[(original, lang)] = seen


def _quantiles(values: list[float]) -> tuple[float | None, float | None]:
    """p50 and p95; a version never seen live counts as infinitely late (None if the quantile
    falls on one)."""
    if not values:
        return None, None
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (None if math.isinf(p50) else p50), (None if math.isinf(p95) else p95)


def _interval_s(directory: Path, prefix: str) -> float | None:
    engine = sa.create_engine(f"sqlite:///{directory}/bbabo.db")
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(sources_table.c.next_check_at,
                                         sources_table.c.last_success_at)
                               .where(sources_table.c.name == prefix.strip("/"))).first()
    finally:
        engine.dispose()
    if row is None or row[0] is None or row[1] is None:
        return None
    return (datetime.fromisoformat(str(row[0])) - datetime.fromisoformat(str(row[1]))
            ).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="3 minutes of stories, one every 30 s per feed (about 6 minutes)")
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--every", type=float, default=60.0,
                        help="seconds between two stories on each feed")
    args = parser.parse_args()
    minutes, every = (3.0, 30.0) if args.quick else (args.minutes, args.every)
    work = Path(tempfile.mkdtemp(prefix="bbabo-freshness-"))
    web = FakeWeb().start()
    hub = LocalHub(work)
    start = _now()
    polled, rare = Feed(web, "/polled"), Feed(web, "/rare")
    pushed = Feed(web, "/pushed", hub=hub.url)
    # History at each feed's own pace, published before the sources are added (not counted).
    for k in range(8, 0, -1):
        polled.add(10_000 + k, start - timedelta(seconds=every * k))
        pushed.add(20_000 + k, start - timedelta(seconds=every * k))
        rare.add(30_000 + k, start - timedelta(days=k))
    runs = {}
    for name, extra in (("adaptive", {}), ("baseline", {"BBABO_POLL_INTERVAL_S":
                                                          str(OLD_INTERVAL_S)})):
        directory = work / name
        directory.mkdir()
        port = free_port()
        if name == "adaptive":
            extra = {"BBABO_PUBLIC_URL": f"http://127.0.0.1:{port}"}
        # Migrate and add the sources first (`bbabo sources add` would fetch them; same result).
        subprocess.run([sys.executable, "-m", "bbabo", "db", "migrate"], check=True,
                       cwd=directory, capture_output=True,
                       env={**os.environ, "BBABO_DATABASE_URL": f"sqlite:///{directory}/bbabo.db"})
        _add_sources(directory, [polled, pushed, rare], _now())
        process = _start_bbabo(directory, port=port, extra=extra)
        watcher = Watcher(f"http://127.0.0.1:{port}")
        watcher.start()
        runs[name] = (directory, process, watcher)
    # Both up, the history ingested and translated, the hub subscribed: measure the steady
    # state, not the first minute's backlog.
    time.sleep(45)
    published: dict[str, tuple[str, float]] = {}  # original URL -> (feed, time)
    deadline = time.monotonic() + minutes * 60
    index = 0
    while time.monotonic() < deadline:
        index += 1
        for feed in (polled, pushed):
            url = feed.add(index if feed is polled else 100 + index, _now())
            published[url] = (feed.prefix, time.time())
            if feed.hub:
                threading.Thread(target=hub.publish, args=(feed.url,), daemon=True).start()
        time.sleep(every)
    time.sleep(130)  # a poll interval (120 s) and the pipeline for the last ones
    report: dict[str, Any] = {"settings": {"minutes": minutes, "every_s": every,
                                           "targets": TARGETS, "poll_interval_s": "120 (default)",
                                           "baseline_poll_interval_s": OLD_INTERVAL_S}}
    for name, (directory, process, watcher) in runs.items():
        watcher.stop.set()
        process.terminate()
        process.wait(timeout=30)
        result: dict[str, Any] = {}
        for prefix in ("/polled", "/pushed"):
            stories = [u for u, (p, _) in published.items() if p == prefix]
            delays = [watcher.live[(u, lang)] - published[u][1] if (u, lang) in watcher.live
                      else math.inf for u in stories for lang in TARGETS]
            p50, p95 = _quantiles(delays)
            live = sum(1 for d in delays if not math.isinf(d))
            result[prefix.strip("/")] = {"stories": len(stories), "versions": len(delays),
                                         "live": live, "p50_s": p50, "p95_s": p95}
        interval = _interval_s(directory, "/rare")
        result["rare_interval_s"] = interval
        result["rare_requests_per_day"] = round(86400 / interval, 1) if interval else None
        report[name] = result
    hub.close()
    web.close()
    adaptive, baseline = report["adaptive"], report["baseline"]

    def cell(x: Any) -> str:
        return "not live" if x is None else f"{x:.0f} s"

    print(f"\nstories every {every:.0f} s per feed for {minutes:.0f} min, languages "
          f"{', '.join(TARGETS)} (tiny CTranslate2 model)\n")
    print("| run | polled p50 | polled p95 | live | WebSub p50 | WebSub p95 | live | "
          "daily source requests/day |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ("adaptive", "baseline"):
        r = report[name]
        # The old code polled every source every 15 minutes: 96 requests a day, whatever it
        # publishes (the baseline run's floor of 900 s stands in for it on the busy feeds).
        rare = (r["rare_requests_per_day"] if name == "adaptive"
                else f"{86400 / OLD_INTERVAL_S:.0f} (fixed {OLD_INTERVAL_S} s)")
        print(f"| {name} | {cell(r['polled']['p50_s'])} | {cell(r['polled']['p95_s'])} | "
              f"{r['polled']['live']}/{r['polled']['versions']} | {cell(r['pushed']['p50_s'])} | "
              f"{cell(r['pushed']['p95_s'])} | {r['pushed']['live']}/{r['pushed']['versions']} | "
              f"{rare} |")
    print(json.dumps({"p50_s": adaptive["polled"]["p50_s"], "p95_s": adaptive["polled"]["p95_s"],
                      "websub_p50_s": adaptive["pushed"]["p50_s"],
                      "rare_source_requests_per_day": adaptive["rare_requests_per_day"],
                      "baseline": {"p50_s": baseline["polled"]["p50_s"],
                                   "live": baseline["polled"]["live"],
                                   "rare_source_requests_per_day":
                                       86400 / OLD_INTERVAL_S},
                      "settings": report["settings"]}))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
