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

With ``--hourly-feeds N``, N more polled feeds (no hub) publish one story an hour each, feed i
at i/N of the hour, each on its own loopback server (its own host:port, so per-host politeness
does not make them wait on each other) and each starting with six hours of hourly stories,
so adaptive polling learns the hourly pace from the entries' dates as it would in production.
Their delays and the requests each one received per hour are reported apart from the fast
feeds'. The measurement then starts once the history is ingested and translated.

    make bench-freshness ARGS="--quick"                  # about 6 minutes
    .venv/bin/python bench/freshness.py --minutes 30 --every 60
    .venv/bin/python bench/freshness.py --minutes 65 --hourly-feeds 36   # about 1.5 hours

Prints a Markdown table for docs/benchmarks.md, then one JSON object last:
{"p50_s", "p95_s", "websub_p50_s", "rare_source_requests_per_day", "hourly", ...} (a version
never seen live counts as infinitely late; a quantile that falls on one is null).
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
HOUR_S = 3600.0
HOURLY_HISTORY = 6  # past hourly entries each hourly feed shows when first polled


def hourly_offsets(feeds: int, period_s: float = HOUR_S) -> list[float]:
    """When in the period each of ``feeds`` feeds publishes: feed i at i/feeds of it, so the
    phases of the feeds against bbabo's polls are spread uniformly."""
    if feeds < 0 or period_s <= 0:
        raise ValueError("feeds must be >= 0 and period_s > 0")
    return [i * period_s / feeds for i in range(feeds)]


def hourly_history(offset_s: float, start: datetime, count: int = HOURLY_HISTORY,
                   period_s: float = HOUR_S) -> list[datetime]:
    """The ``count`` dates, oldest first, a feed publishing at ``offset_s`` into each period
    counted from ``start`` published before ``start``: its history, one period apart."""
    return [start + timedelta(seconds=offset_s - k * period_s) for k in range(count, 0, -1)]


def publication_plan(*, minutes: float, every_s: float, fast: list[str],
                     hourly_offsets_s: list[float],
                     period_s: float = HOUR_S) -> list[tuple[float, str]]:
    """(seconds after the start, feed) of every story to publish within ``minutes``, in time
    order: each fast feed every ``every_s`` from 0, hourly feed i (named ``hourly<i>``) at its
    offset and then once a period."""
    if minutes <= 0 or every_s <= 0 or period_s <= 0:
        raise ValueError("minutes, every_s and period_s must be > 0")
    window = minutes * 60
    plan = [(k * every_s, name) for k in range(math.ceil(window / every_s)) for name in fast]
    for i, offset in enumerate(hourly_offsets_s):
        plan += [(offset + m * period_s, f"hourly{i}")
                 for m in range(math.ceil((window - offset) / period_s))]
    order = {name: n for n, name in enumerate(fast)}
    return sorted(plan, key=lambda item: (item[0], order.get(item[1], len(fast)), item[1]))


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
    polls: list[tuple[float, str]] = field(default_factory=list)  # (time, query) of each GET

    def __post_init__(self) -> None:
        self.web.route(f"{self.prefix}/feed.xml", self._answer)

    @property
    def url(self) -> str:
        return self.web.url(f"{self.prefix}/feed.xml")

    def article_url(self, index: int) -> str:
        return self.web.url(f"{self.prefix}/a/{index}.html")

    def add(self, index: int, when: datetime) -> str:
        # The page dated when it is published, as a news page is (a fixed day in November
        # made the API list these stories among old ones, by that day).
        self.web.route(f"{self.prefix}/a/{index}.html", body=article_html(index, published=when),
                       headers={"Content-Type": "text/html; charset=utf-8"})
        with self.lock:
            self.entries.append((index, when))
        return self.article_url(index)

    def _answer(self, request: Request) -> Reply:
        with self.lock:
            self.polls.append((time.time(), request.query))
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


def _add_sources(directory: Path, feeds: list[Feed], now: datetime, *,
                 query: dict[str, str] | None = None) -> None:
    """``query`` maps a feed's prefix to a query string its URL gets in this run, so that the
    requests of each run can be told apart on a feed both runs follow."""
    store = open_store(f"sqlite:///{directory}/bbabo.db")
    try:
        for feed in feeds:
            extra = (query or {}).get(feed.prefix)
            store.sources.add(url=feed.url + (f"?{extra}" if extra else ""), now=now,
                              lang_hint="en", name=feed.prefix.strip("/"))
    finally:
        store.close()


def _counts(directory: Path) -> tuple[int, int]:
    """Articles and translations stored so far."""
    engine = sa.create_engine(f"sqlite:///{directory}/bbabo.db")
    try:
        with engine.connect() as conn:
            return (int(conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()),
                    int(conn.execute(sa.text("SELECT count(*) FROM translations")).scalar_one()))
    except sa.exc.OperationalError:
        return 0, 0
    finally:
        engine.dispose()


def _wait_for_history(directories: list[Path], *, least_s: float = 45,
                      most_s: float = 900) -> float:
    """Wait until every run has stored and translated the feeds' history (counts steady for
    30 s, every article in every target language): the steady state is what is measured, not
    the first minutes' backlog. Returns the seconds waited."""
    began = time.monotonic()
    last: list[tuple[int, int]] = []
    steady_since = time.monotonic()
    while time.monotonic() - began < most_s:
        time.sleep(5)
        now = [_counts(d) for d in directories]
        if now != last:
            last, steady_since = now, time.monotonic()
        done = all(a > 0 and t >= a * (len(TARGETS) - 1) for a, t in now)
        if (done and time.monotonic() - steady_since >= 30
                and time.monotonic() - began >= least_s):
            break
    return time.monotonic() - began


class Watcher(threading.Thread):
    """Notes when each story becomes readable in each language on one bbabo site.

    Each look reads every page of ``/api/v1/articles`` published since the watcher started
    (following ``next``), not only the newest 100: in the long hourly runs the fast feeds'
    stories pushed an hourly story off the first page before its translations were done, and
    the watcher never saw them (26 of 39 stories in the run of 2026-12-06)."""

    def __init__(self, base_url: str, *, every: float = 0.5, max_pages: int = 50) -> None:
        super().__init__(daemon=True)
        self.base_url = base_url
        self.live: dict[tuple[str, str], float] = {}  # (original URL, lang) -> time seen
        self.stop = threading.Event()
        self.every, self.max_pages = every, max_pages
        # A minute's margin: a feed entry's date may be a little before it was published.
        self.since = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=10) as http:
            while not self.stop.wait(self.every):
                self.look(http)

    def look(self, http: httpx.Client) -> None:
        cursor: str | None = None
        for _ in range(self.max_pages):
            params = {"limit": "100", "since": self.since} | ({"cursor": cursor} if cursor else {})
            try:
                answer = http.get("/api/v1/articles", params=params)
            except httpx.HTTPError:
                return
            if answer.status_code != 200:
                return
            seen = time.time()
            body = answer.json()
            for item in body.get("articles", []):
                original = item["source"]["url"]
                for lang in item["languages"]:
                    if (original, lang) not in self.live:
                        page = http.get(item["url"].replace(f"/{item['lang']}/", f"/{lang}/",
                                                            1))
                        if page.status_code in (200, 301):
                            self.live[(original, lang)] = seen
            cursor = body.get("next")
            if not cursor:
                return


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
    parser.add_argument("--hourly-feeds", type=int, default=0,
                        help="add this many polled feeds publishing one story an hour each, "
                             "at phases spread over the hour")
    parser.add_argument("--raw", type=Path,
                        help="also write every publication, sighting and feed request here "
                             "(JSON), for a closer look")
    args = parser.parse_args()
    minutes, every = (3.0, 30.0) if args.quick else (args.minutes, args.every)
    if args.hourly_feeds < 0:
        parser.error("--hourly-feeds: must be 0 or more")
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
    # Each hourly feed on a server of its own: a host of its own for bbabo's politeness.
    offsets = hourly_offsets(args.hourly_feeds)
    hourly_webs = [FakeWeb().start() for _ in offsets]
    hourly = [Feed(w, f"/hourly{i}") for i, w in enumerate(hourly_webs)]
    for i, (feed, offset) in enumerate(zip(hourly, offsets, strict=True)):
        for k, when in enumerate(hourly_history(offset, start)):
            feed.add(40_000 + 100 * i + k, when)
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
        _add_sources(directory, [polled, pushed, rare, *hourly], _now(),
                     query={feed.prefix: f"run={name}" for feed in hourly})
        process = _start_bbabo(directory, port=port, extra=extra)
        watcher = Watcher(f"http://127.0.0.1:{port}")
        watcher.start()
        runs[name] = (directory, process, watcher)
    # Both up, the history ingested and translated, the hub subscribed: measure the steady
    # state, not the first minute's backlog.
    if hourly:
        waited = _wait_for_history([directory for directory, _, _ in runs.values()])
        print(f"history in after {waited:.0f} s", file=sys.stderr, flush=True)
    else:
        time.sleep(45)
    # The hourly feeds keep their hour from `start` (their history's): feed i publishes at
    # offset i/N of it, whatever the wait took. A story that fell due during the wait was not
    # published (one gap of two hours among a dozen of one: the median gap, what adaptive
    # polling learns from, is still an hour).
    shift = time.time() - start.timestamp()
    plan = publication_plan(minutes=minutes, every_s=every, fast=["/polled", "/pushed"],
                            hourly_offsets_s=[(o - shift) % HOUR_S for o in offsets])
    feeds = {"/polled": polled, "/pushed": pushed,
             **{f"hourly{i}": feed for i, feed in enumerate(hourly)}}
    published: dict[str, tuple[str, float]] = {}  # original URL -> (feed, time)
    t0 = time.time()
    counters = {"/polled": 0, "/pushed": 100, **{f"hourly{i}": 50_000 + 1000 * i
                                                 for i in range(len(hourly))}}
    for at, key in plan:
        time.sleep(max(0.0, t0 + at - time.time()))
        feed = feeds[key]
        counters[key] += 1
        url = feed.add(counters[key], _now())
        published[url] = (feed.prefix, time.time())
        if feed.hub:
            threading.Thread(target=hub.publish, args=(feed.url,), daemon=True).start()
    time.sleep(max(0.0, t0 + minutes * 60 - time.time()))
    # Then a poll interval (120 s) and the pipeline for the last ones; with hourly feeds, up to
    # their interval (450 s) and the pipeline, ending early once the adaptive run has them all.
    tail_end = time.time() + (600 if hourly else 130)
    adaptive_watcher = runs["adaptive"][2]
    while time.time() < tail_end:
        time.sleep(5)
        if hourly and time.time() - t0 - minutes * 60 >= 130 and all(
                (u, lang) in adaptive_watcher.live for u in published for lang in TARGETS):
            break
    t1 = time.time()
    report: dict[str, Any] = {"settings": {"minutes": minutes, "every_s": every,
                                           "hourly_feeds": len(hourly),
                                           "targets": TARGETS, "poll_interval_s": "120 (default)",
                                           "baseline_poll_interval_s": OLD_INTERVAL_S}}
    for name, (directory, process, watcher) in runs.items():
        watcher.stop.set()
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # busy with a long batch on a loaded machine
            process.kill()
            process.wait()
        result: dict[str, Any] = {}
        groups = {"polled": ("/polled",), "pushed": ("/pushed",),
                  "hourly": tuple(feed.prefix for feed in hourly)}
        for group, prefixes in groups.items():
            stories = [u for u, (p, _) in published.items() if p in prefixes]
            delays = [watcher.live[(u, lang)] - published[u][1] if (u, lang) in watcher.live
                      else math.inf for u in stories for lang in TARGETS]
            p50, p95 = _quantiles(delays)
            live = sum(1 for d in delays if not math.isinf(d))
            result[group] = {"stories": len(stories), "versions": len(delays),
                             "live": live, "p50_s": p50, "p95_s": p95}
        if hourly:
            # Every request each hourly feed had from this run while measured, per hour.
            polls = sum(1 for feed in hourly for when, query in feed.polls
                        if query == f"run={name}" and t0 <= when <= t1)
            result["hourly"]["requests_per_feed_per_hour"] = round(
                polls / len(hourly) / ((t1 - t0) / HOUR_S), 2)
            intervals = [i for feed in hourly if (i := _interval_s(directory, feed.prefix))]
            result["hourly"]["interval_s_median"] = (statistics.median(intervals)
                                                     if intervals else None)
        interval = _interval_s(directory, "/rare")
        result["rare_interval_s"] = interval
        result["rare_requests_per_day"] = round(86400 / interval, 1) if interval else None
        report[name] = result
    if args.raw:
        args.raw.write_text(json.dumps({
            "t0": t0, "t1": t1, "published": published,
            "live": {name: [[u, lang, when] for (u, lang), when in w.live.items()]
                     for name, (_, _, w) in runs.items()},
            "polls": {feed.prefix: feed.polls for feed in (polled, pushed, rare, *hourly)}}))
    hub.close()
    web.close()
    for w in hourly_webs:
        w.close()
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
        per_day = (r["rare_requests_per_day"] if name == "adaptive"
                   else f"{86400 / OLD_INTERVAL_S:.0f} (fixed {OLD_INTERVAL_S} s)")
        print(f"| {name} | {cell(r['polled']['p50_s'])} | {cell(r['polled']['p95_s'])} | "
              f"{r['polled']['live']}/{r['polled']['versions']} | {cell(r['pushed']['p50_s'])} | "
              f"{cell(r['pushed']['p95_s'])} | {r['pushed']['live']}/{r['pushed']['versions']} | "
              f"{per_day} |")
    if hourly:
        print(f"\n{len(hourly)} feeds publishing hourly (one story an hour each, phases spread "
              f"over the hour, {HOURLY_HISTORY} h of history), no hub\n")
        print("| run | hourly p50 | hourly p95 | live | requests per feed per hour |")
        print("|---|---|---|---|---|")
        for name in ("adaptive", "baseline"):
            h = report[name]["hourly"]
            print(f"| {name} | {cell(h['p50_s'])} | {cell(h['p95_s'])} | "
                  f"{h['live']}/{h['versions']} | {h['requests_per_feed_per_hour']} |")
    print(json.dumps({"p50_s": adaptive["polled"]["p50_s"], "p95_s": adaptive["polled"]["p95_s"],
                      "websub_p50_s": adaptive["pushed"]["p50_s"],
                      "rare_source_requests_per_day": adaptive["rare_requests_per_day"],
                      **({"hourly": adaptive["hourly"]} if hourly else {}),
                      "baseline": {"p50_s": baseline["polled"]["p50_s"],
                                   "live": baseline["polled"]["live"],
                                   "rare_source_requests_per_day":
                                       86400 / OLD_INTERVAL_S,
                                   **({"hourly": baseline["hourly"]} if hourly else {})},
                      "settings": report["settings"]}))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
