"""Ingest benchmark (not part of the test suite).

1. Extraction throughput on >= 200 generated article pages (the quality corpus layouts filled with
   shuffled sentences in 17 languages), twice: inside a news site's chrome (``chrome.py``; the
   size of real news pages, on which the target is judged) and alone. Against trafilatura
   baselines: ``bare_extraction`` on the in-memory HTML (with metadata, and text only), and
   trafilatura as a whole tool (``fetch_url`` from the same loopback server, then
   ``bare_extraction``), on one thread and on eight. bbabo: ``extract_article`` alone, and its
   whole fetch -> extract -> langid -> dedup -> store path (SQLite), on one thread and as a
   crawl with eight workers.
2. A crawl of >= 500 feeds on 50 loopback hosts (127.0.0.2-51) with politeness on: feeds/s for
   a first pass and for a second one answered with 304s.

From a fresh clone, one command (creates .venv, then runs this file with ARGS):

    make bench-ingest ARGS="--write docs/benchmarks.md"   # or: .venv/bin/python bench/ingest.py

Options: [--pages 240] [--feeds 500] [--hosts 50] [--repeat 3] [--write docs/benchmarks.md].

Figures are medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import multiprocessing
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from unittest import mock

import lxml.html
import trafilatura
from trafilatura.settings import use_config

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "tests" / "tools"))
sys.path.insert(0, str(ROOT / "bench"))

import chrome  # noqa: E402
from build_quality_corpus import BOILER, LAYOUTS  # noqa: E402
from quality_texts import ARTICLES  # noqa: E402

import bbabo.pipeline.ingest  # noqa: E402
from bbabo import dedup, extract, fetch  # noqa: E402
from bbabo.dedup import NearDuplicateIndex  # noqa: E402
from bbabo.errors import NotAnArticle  # noqa: E402
from bbabo.extract import extract_article  # noqa: E402
from bbabo.langid import LanguageDetector  # noqa: E402
from bbabo.model import FetchedPage  # noqa: E402
from bbabo.pipeline.crawl import CrawlOptions, crawl  # noqa: E402
from bbabo.pipeline.ingest import ingest_page  # noqa: E402
from bbabo.pipeline.reading import (  # noqa: E402
    InlineReader,
    PageReader,
    ProcessReader,
    Reading,
)
from bbabo.store import open_store  # noqa: E402
from bbabo.store.articles import ArticlesRepo  # noqa: E402
from bbabo.store.pages import PendingPage  # noqa: E402

STAGES = ("fetch", "extract", "langid", "minhash", "lookups", "record", "catch_up")
STAGE_LABELS = (
    ("fetch", "fetch (`fetch_page`: URL checks, HTTP over loopback, charset)"),
    ("extract", "extract (`extract_article`)"),
    ("langid", "language ID (lingua)"),
    ("minhash", "MinHash signature"),
    ("lookups", "URL lookups before fetching"),
    ("record", "store transaction (`record_page`: lookup, near-duplicate check, writes, commit)"),
    ("catch_up", "near-duplicate index catch-up (`load_index`)"),
)
TARGET = 1.2
"""Issue 3: bbabo's whole path may cost at most 20% more than trafilatura alone."""


def make_pages(count: int, *, with_chrome: bool = False) -> dict[str, bytes]:
    """``count`` distinct article pages: corpus layouts around shuffled corpus sentences; with
    ``with_chrome``, each inside a news site's chrome (see ``chrome``)."""
    rng = random.Random(42)
    chrome_rng = random.Random(7)
    pages: dict[str, bytes] = {}
    by_lang: dict[str, list[str]] = {}
    words: dict[str, list[str]] = {}
    for lang, _, paras in ARTICLES:
        by_lang.setdefault(lang, []).extend(s.strip() + "." for p in paras
                                             for s in p.split(".") if s.strip())
        words.setdefault(lang, []).extend(" ".join(paras).replace(".", " ").split())
    for n in range(count):
        lang, title, _ = ARTICLES[n % len(ARTICLES)]
        sentences = by_lang[lang]
        paras = [" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
                 + f" ({n}-{k}-{rng.randint(0, 10**9)})" for k in range(rng.randint(4, 8))]
        others = [t for lg, t, _ in ARTICLES if lg == lang and t != title] or ["Other news"]
        others = (others * 3)[:3]
        layout = LAYOUTS[(n // len(ARTICLES)) % len(LAYOUTS)]
        html = layout(lang, f"{title} ({n})", paras, BOILER.get(lang, BOILER["en"]), others, rng)
        if with_chrome:
            html = chrome.wrap(html, words[lang], chrome_rng)
        pages[f"/a/{n}.html"] = html.encode("utf-8")
    return pages


class _Server:
    """A loopback server for fixed bodies, with ETag/304 (bound to one 127.0.0.x address)."""

    def __init__(self, host: str, bodies: dict[str, tuple[bytes, str]]) -> None:
        tags = {path: '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
                for path, (body, _) in bodies.items()}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; without this, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every response and the bench measures TCP, not bbabo.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                found = bodies.get(self.path)
                if found is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body, kind = found
                if self.headers.get("If-None-Match") == tags[self.path]:
                    self.send_response(304)
                    self.send_header("ETag", tags[self.path])
                    self.end_headers()
                    return
                self.send_response(200)
                for name, value in (("Content-Type", kind), ("ETag", tags[self.path]),
                                    ("Content-Length", str(len(body)))):
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _ServerProcess:
    """A ``_Server`` in a process of its own: the tools under test must not share their
    interpreter lock with the server's threads, as a real site's server is elsewhere."""

    def __init__(self, host: str, bodies: dict[str, tuple[bytes, str]]) -> None:
        # fork: the child gets the bodies without pickling; it only serves them.
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(host, bodies, child), daemon=True)
        self._process.start()
        self.base = parent.recv()

    def close(self) -> None:
        self._process.terminate()
        self._process.join(10)


def _serve(host: str, bodies: dict[str, tuple[bytes, str]], pipe: Connection) -> None:
    server = _Server(host, bodies)
    pipe.send(server.base)
    threading.Event().wait()  # until terminated


@contextmanager
def _stage_timers() -> Iterator[dict[str, float]]:
    """Seconds spent in each stage of bbabo's path while the block runs (one thread only):
    the stage functions are wrapped where the pipeline looks them up."""
    spent = dict.fromkeys(STAGES, 0.0)
    recording = [False]

    def timer(stage: str, function: Callable[..., object]) -> Callable[..., object]:
        def timed(*args: object, **kwargs: object) -> object:
            inside = stage == "record"
            if inside:
                recording[0] = True
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                if inside:
                    recording[0] = False
                # The lookup record_page makes is part of its transaction.
                if not (stage == "lookups" and recording[0]):
                    spent[stage] += time.perf_counter() - started
        return timed

    ingest = bbabo.pipeline.ingest
    targets = [(fetch, "fetch_page", "fetch"), (extract, "extract_article", "extract"),
               (LanguageDetector, "detect", "langid"), (dedup, "minhash", "minhash"),
               (ArticlesRepo, "find_by_urls", "lookups"), (ingest, "record_page", "record"),
               (ingest, "load_index", "catch_up")]
    with ExitStack() as stack:
        for owner, name, stage in targets:
            stack.enter_context(mock.patch.object(owner, name, timer(stage, getattr(owner, name))))
        yield spent


def bench_extraction(count: int, repeat: int, *, with_chrome: bool) -> dict[str, float]:
    load_start = os.getloadavg()[0]
    pages = make_pages(count, with_chrome=with_chrome)
    server = _ServerProcess("127.0.0.1",
                            {p: (b, "text/html; charset=utf-8") for p, b in pages.items()})
    now = datetime.now(UTC)
    fetched = [FetchedPage(url=server.base + p, final_url=server.base + p, status=200,
                           content_type="text/html; charset=utf-8", encoding="utf-8", body=b,
                           fetched_at=now) for p, b in pages.items()]
    options = fetch.FetchOptions(allow_private_networks=True, timeout_s=10)
    detector = LanguageDetector()
    detector.detect("warm up the models: " + " ".join(t for _, t, _ in ARTICLES))

    # bbabo's extraction settings, and trafilatura's metadata: both find the main text, title,
    # author and date (bbabo asks trafilatura for the last three only when the page does not
    # declare them, see bbabo.extract.inferred).
    settings = dict(with_metadata=True, include_comments=False, include_tables=True,
                    include_images=False, include_links=False, favor_precision=True,
                    date_extraction_params={"extensive_search": False, "original_date": True})
    # trafilatura's own downloader refuses loopback addresses by default, as bbabo's does;
    # both are told to allow it (bbabo: allow_private_networks above).
    tool_config = use_config()
    tool_config.set("DEFAULT", "SSRF_PROTECTION", "off")

    def trafilatura_alone() -> None:
        for page in fetched:
            trafilatura.bare_extraction(page.text(), url=page.url, **settings)

    def trafilatura_text_only() -> None:
        for page in fetched:
            trafilatura.bare_extraction(page.text(), url=page.url,
                                        **{**settings, "with_metadata": False})

    def trafilatura_tool_page(url: str) -> None:
        html = trafilatura.fetch_url(url, config=tool_config)
        assert html, f"trafilatura could not fetch {url}"
        trafilatura.bare_extraction(html, url=url, **settings)

    def trafilatura_tool() -> None:
        for page in fetched:
            trafilatura_tool_page(page.url)

    def trafilatura_tool_threads() -> None:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(trafilatura_tool_page, [page.url for page in fetched]))

    trafilatura_alone()  # warm-up: trafilatura and lxml initialise on first use
    trafilatura_tool_page(fetched[0].url)
    bbabo_extract_warm = [extract_article(page) for page in fetched[:5]]
    assert bbabo_extract_warm

    def bbabo_extract() -> None:
        for page in fetched:
            try:
                extract_article(page)
            except NotAnArticle:
                pass  # a generated page too short to count (extraction since 2026-12-06)

    def bbabo_path(concurrent: bool, reader: PageReader | None = None) -> Callable[[], float]:
        """The seconds bbabo takes to ingest every page into a store already open (creating
        and migrating the database is not ingesting; a running bbabo does it once, as it
        starts its reading processes once: ``reader`` is started before the clock)."""
        def run() -> float:
            with tempfile.TemporaryDirectory() as tmp, fetch.make_client(options) as http:
                store = open_store(f"sqlite:///{tmp}/bench.db")
                source = store.sources.add(url=server.base + "/feed", now=now)
                if concurrent:
                    _enqueue(store, source.id, server.base, pages, now)
                started = time.perf_counter()
                if concurrent:
                    crawl(store=store, http=http, options=options, detector=detector,
                          clock=lambda: datetime.now(UTC), reader=reader,
                          crawl_options=CrawlOptions(workers=8, per_host=8, host_delay_s=0))
                else:
                    index = NearDuplicateIndex()  # long-lived, as a real caller keeps it
                    for path in pages:
                        pending = PendingPage(url=server.base + path, source_id=source.id,
                                              attempts=0, feed_title=None, feed_published_at=None)
                        ingest_page(pending, source, store=store, http=http, options=options,
                                    detector=detector, now=now, index=index, reader=reader)
                elapsed = time.perf_counter() - started
                assert store.articles.count_by_language(), "nothing stored"
                store.close()
            return elapsed
        return run

    def clocked(run: Callable[[], None]) -> Callable[[], float]:
        def timed() -> float:
            started = time.perf_counter()
            run()
            return time.perf_counter() - started
        return timed

    # The crawl's readers: one and two child processes, started before any clock (a running
    # bbabo keeps them); and, as the baseline, reading in the crawl's own process one page at
    # a time, as crawls did before 2026-12-06.
    child, children = ProcessReader(), ProcessReader(processes=2)
    for started in (child, children):
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(started.read, fetched[:2]))
    variants = {"trafilatura_alone_s": clocked(trafilatura_alone),
                "trafilatura_text_s": clocked(trafilatura_text_only),
                "trafilatura_tool_s": clocked(trafilatura_tool),
                "trafilatura_tool_threads_s": clocked(trafilatura_tool_threads),
                "bbabo_extract_s": clocked(bbabo_extract),
                "bbabo_path_serial_s": bbabo_path(False),
                "bbabo_path_serial_child_s": bbabo_path(False, child),
                "bbabo_path_crawl_inline_s": bbabo_path(True, _OneAtATime()),
                "bbabo_path_crawl_s": bbabo_path(True, child),
                "bbabo_path_crawl_2_s": bbabo_path(True, children)}
    # Interleaved rounds, so a burst of load on the machine hits every variant alike; each round
    # starts with the next variant, so none is always first (or always after the crawl).
    times: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    for round_ in range(repeat):
        for name in order[round_ % len(order):] + order[:round_ % len(order)]:
            times[name].append(variants[name]())
    # Where the serial path's time goes: the same run with a timer around each stage.
    stages: dict[str, list[float]] = {stage: [] for stage in (*STAGES, "total")}
    for _ in range(repeat):
        with _stage_timers() as spent:
            total = bbabo_path(False)()
        for stage in STAGES:
            stages[stage].append(spent[stage])
        stages["total"].append(total)
    server.close()
    child.close()
    children.close()
    return {"pages": float(count), "load_start": load_start, "chrome": float(with_chrome),
            **_page_shape(pages), "same_text": float(_same_text(pages, with_chrome)),
            **{name: statistics.median(t) for name, t in times.items()},
            **{f"stage_{name}_s": statistics.median(t) for name, t in stages.items()}}


class _OneAtATime(InlineReader):
    """Reading in the calling process, one thread at a time: the crawl before 2026-12-06."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def read(self, page: FetchedPage) -> Reading:
        with self._lock:
            return super().read(page)


def _page_shape(pages: dict[str, bytes]) -> dict[str, float]:
    sizes = [len(body) for body in pages.values()]
    elements = [sum(1 for _ in lxml.html.document_fromstring(body).iter())
                for body in pages.values()]
    return {"median_kb": statistics.median(sizes) / 1024,
            "median_elements": statistics.median(elements)}


def _same_text(pages: dict[str, bytes], with_chrome: bool) -> int:
    """On how many pages bbabo extracts the same title and paragraphs as from the page without
    chrome (a bare date line aside): the chrome must not make extraction fast by breaking it."""
    if not with_chrome:
        return len(pages)
    now = datetime.now(UTC)
    bare = make_pages(len(pages))

    def read(path: str, body: bytes) -> tuple[str, list[str]]:
        url = "http://news.example" + path
        try:
            article = extract_article(FetchedPage(url=url, final_url=url, status=200,
                                                  content_type="text/html; charset=utf-8",
                                                  encoding="utf-8", body=body, fetched_at=now))
        except NotAnArticle:
            return "", []
        return article.title, [p for p in article.paragraphs if not _DATE_LINE.fullmatch(p)]

    return sum(read(path, body) == read(path, bare[path]) for path, body in pages.items())


_DATE_LINE = re.compile(r"[\d.:, -]+")


def _enqueue(store, source_id: int, base: str, pages: dict[str, bytes], now: datetime) -> None:  # type: ignore[no-untyped-def]
    from bbabo.model import FeedEntry

    store.pages.enqueue(source_id, [FeedEntry(url=base + p) for p in pages], now=now)


def bench_feeds(feeds: int, hosts: int, repeat: int) -> dict[str, float]:
    per_host = -(-feeds // hosts)
    servers = []
    for h in range(hosts):
        bodies = {}
        for f in range(per_host):
            items = "".join(f"<item><title>Story {h}-{f}-{i}</title><link>https://news{h}"
                            f".example/{f}/{i}</link></item>" for i in range(10))
            bodies[f"/feed{f}.xml"] = (f'<?xml version="1.0"?><rss version="2.0"><channel>'
                                       f"<title>Feed {h}-{f}</title>{items}</channel></rss>"
                                       .encode(), "application/rss+xml")
        servers.append(_Server(f"127.0.0.{h + 2}", bodies))
    urls = [s.base + f"/feed{f}.xml" for s in servers for f in range(per_host)][:feeds]
    options = fetch.FetchOptions(allow_private_networks=True, timeout_s=10)
    settings = CrawlOptions(workers=16, per_host=2, host_delay_s=1.0, max_pages=0)
    first, second = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp, fetch.make_client(options) as http:
            store = open_store(f"sqlite:///{tmp}/feeds.db")
            now = datetime.now(UTC)
            for url in urls:
                store.sources.add(url=url, now=now)
            for laps in (first, second):
                started = time.perf_counter()
                report = crawl(store=store, http=http, options=options,
                               detector=LanguageDetector(["en", "ru"]),
                               clock=lambda: datetime.now(UTC), crawl_options=settings)
                laps.append(time.perf_counter() - started)
                assert not report.source_counts().get("failed"), report.failures()[:3]
            store.close()
    for server in servers:
        server.close()
    return {"feeds": float(len(urls)), "hosts": float(hosts),
            "first_pass_s": statistics.median(first), "second_pass_s": statistics.median(second)}


def _extraction_table(ex: dict[str, float], repeat: int) -> list[str]:
    n = ex["pages"]
    memory, tool = ex["trafilatura_alone_s"], ex["trafilatura_tool_s"]
    tool8 = ex["trafilatura_tool_threads_s"]

    def ms(seconds: float) -> str:
        return f"{seconds / n * 1000:.1f}"

    def row(label: str, seconds: float, threads: float | None = None) -> str:
        cells = [label, ms(seconds), f"{n / seconds:.1f}", f"{seconds / memory:.2f}",
                 f"{seconds / tool:.2f}"]
        cells.append(f"{seconds / threads:.2f}" if threads is not None else "")
        return "| " + " | ".join(cells) + " |"

    def verdict(ratio: float) -> str:
        return f"**{ratio:.2f}×, {'met' if ratio <= TARGET else 'not met'}**"

    serial, crawl_s = ex["bbabo_path_serial_s"], ex["bbabo_path_crawl_s"]
    return [
        "| path | ms/page | pages/s | time vs trafilatura in memory | vs trafilatura fetch + "
        "extract | vs trafilatura fetch + extract, 8 threads |",
        "|---|---:|---:|---:|---:|---:|",
        row("trafilatura `bare_extraction` (in memory)", memory),
        row("trafilatura `bare_extraction`, text only (no title, author, date)",
            ex["trafilatura_text_s"]),
        row("trafilatura `fetch_url` + `bare_extraction`, one thread", tool),
        row("trafilatura `fetch_url` + `bare_extraction`, 8 threads", tool8, tool8),
        row("bbabo `extract_article` (in memory)", ex["bbabo_extract_s"]),
        row("bbabo fetch → extract → langid → dedup → store, one thread", serial),
        row("the same, reading each page in a child process (a Celery fetch worker)",
            ex["bbabo_path_serial_child_s"]),
        row("bbabo `crawl`, 8 workers fetching, reading in the crawl's process one page at a "
            "time (before 2026-12-06)", ex["bbabo_path_crawl_inline_s"], tool8),
        row("bbabo `crawl`, 8 workers fetching, reading in 1 child process (the default)",
            crawl_s, tool8),
        row("bbabo `crawl`, 8 workers fetching, reading in 2 child processes",
            ex["bbabo_path_crawl_2_s"], tool8),
        "",
        f"Target (issue 3): bbabo's whole path at most {TARGET:.2f}× trafilatura's time. One "
        f"thread against trafilatura in memory: {verdict(serial / memory)}; against trafilatura "
        f"fetch + extract: {verdict(serial / tool)}. The crawl against trafilatura fetch + "
        f"extract, whichever of its one- and 8-thread runs was faster: "
        f"{verdict(crawl_s / min(tool, tool8))}. Against trafilatura's text alone (no title, "
        f"author or date, which bbabo does find), the one-thread path takes "
        f"{serial / ex['trafilatura_text_s']:.2f}× its time.",
        "",
        "Where the one-thread path's time goes (the same run with a timer around each stage, "
        f"median of {repeat}):",
        "",
        "| stage | ms per page |",
        "|---|---:|",
        *(f"| {label} | {ms(ex[f'stage_{stage}_s'])} |" for stage, label in STAGE_LABELS),
        f"| everything else (URL normalisation, AMP variants, values passed between stages) | "
        f"{ms(ex['stage_total_s'] - sum(ex[f'stage_{stage}_s'] for stage in STAGES))} |",
        f"| **total** | **{ms(ex['stage_total_s'])}** |",
        f"| *for comparison: trafilatura `bare_extraction` in memory* | *{ms(memory)}* |",
    ]


def report(sets: list[dict[str, float]], fd: dict[str, float], repeat: int) -> str:
    realistic = next(ex for ex in sets if ex["chrome"])
    compact = next(ex for ex in sets if not ex["chrome"])
    lines = [
        "## Ingest",
        "",
        f"`bench/ingest.py`, {datetime.now(UTC):%Y-%m-%d}, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores shared with "
        f"other work, load average {compact['load_start']:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end, median of {repeat} interleaved runs.",
        "",
        f"Extraction on {int(realistic['pages'])} generated article pages: six article layouts "
        "with boilerplate inside the article area, in 17 languages (the quality corpus's "
        "layouts around shuffled corpus sentences), each time in two shapes. Each time is "
        "divided by a trafilatura baseline's on the same pages in the same run: "
        "`bare_extraction` on HTML already in memory, and trafilatura as a whole tool "
        "(`fetch_url` from the same loopback server, then `bare_extraction`), on one thread "
        "and on eight, with bbabo's extraction settings and with metadata, so that both find "
        "the text, title, author and date.",
        "",
        f"**Realistic pages** (median {realistic['median_kb']:.0f} KB, "
        f"{realistic['median_elements']:.0f} elements): the article inside a news site's chrome "
        "(mega menu, ticker, \"most read\" and \"more from this section\" rails of teaser "
        "cards, ad slots, footer link columns, inline styles, scripts and state; "
        "`bench/chrome.py`). HTTP Archive's 2023 crawl of news sites found a median of "
        "1,621-1,714 elements per page. bbabo extracts the same title and paragraphs from "
        f"{int(realistic['same_text'])} of the {int(realistic['pages'])} pages as from the "
        "same page without the chrome (a bare date line aside). **This is the shape the target "
        "is judged on.**",
        "",
        *_extraction_table(realistic, repeat),
        "",
        f"**Compact pages** (median {compact['median_kb']:.1f} KB, "
        f"{compact['median_elements']:.0f} elements): the article layouts alone, nothing around "
        "them. Here extraction is cheap and bbabo's own per-page work (language ID, MinHash, "
        "a durable store write) weighs most:",
        "",
        *_extraction_table(compact, repeat),
        "",
        "bbabo's extraction is trafilatura's main-text extraction plus bbabo's own boilerplate "
        "pass before it and its own reading of the page's declarations (canonical URL, image, "
        "language, date); it asks trafilatura only for the title, author and date, and for the "
        "byline and date searches only when the page does not declare them "
        "(`bbabo.extract.inferred`), where trafilatura with metadata also works out site name, "
        "categories, tags and licence. On a page with a site around the article those searches "
        "are what costs: that is why bbabo's extraction is cheaper than trafilatura's there. "
        "The rest of bbabo's path is work trafilatura does not do: the URL checks before every "
        "hop, language ID, a MinHash signature and LSH lookup, URL lookups, and a durable store "
        "write (article, URLs, signature, queue row, and the full-text index its triggers keep; "
        "one transaction per page on the one-thread path, which is how a Celery fetch worker "
        "writes; the crawl's writer commits every page ready at once together). Both tools' "
        "downloads reuse one keep-alive connection (the crawl's and the 8-thread run's, one per "
        "thread), and the server runs in a process of its own. The store is opened before the "
        "clock starts. Threads add little here: the server answers at once, so there is no "
        "network wait to overlap. Since 2026-12-06 a crawl reads each page in a child process "
        "within a time and memory budget (`pipeline/reading.py`); the extraction child's "
        "libraries are loaded and its processes started before the clock, as a running bbabo "
        "keeps them. Each page then crosses two pipes and the parent's pool threads take "
        "their turns at its interpreter lock: on this shared 2-core machine that cost more "
        "than the second core gave back (the rows above); the budget is what it buys.",
        "",
        f"Feed crawl: {int(fd['feeds'])} RSS feeds on {int(fd['hosts'])} loopback hosts, "
        "16 workers, politeness on (2 requests per host at once, 1 s between requests to a host):",
        "",
        "| pass | seconds | feeds/s |",
        "|---|---:|---:|",
        f"| first (200, parse, queue 10 items each) | {fd['first_pass_s']:.1f} | "
        f"{fd['feeds'] / fd['first_pass_s']:.1f} |",
        f"| second (every feed answers 304) | {fd['second_pass_s']:.1f} | "
        f"{fd['feeds'] / fd['second_pass_s']:.1f} |",
        "",
        f"With {int(fd['feeds'] / fd['hosts'])} feeds per host and 1 s between requests to a "
        "host, politeness alone bounds a pass at about "
        f"{fd['feeds'] / fd['hosts'] - 1:.0f} s; the feed crawl runs at that bound.",
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else (
        "# Benchmarks\n\nMeasured figures; each section names the script that produced it.\n\n")
    start = text.find("## Ingest")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        rest = text[end + 1:] if end != -1 else ""
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=240)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path, help="update the Ingest section of this file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    sets = [bench_extraction(args.pages, args.repeat, with_chrome=chrome)
            for chrome in (False, True)]
    feeds = bench_feeds(args.feeds, args.hosts, args.repeat)
    section = report(sets, feeds, args.repeat)
    print(section)
    if args.write:
        write_section(args.write, section)


if __name__ == "__main__":
    main()
