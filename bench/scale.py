"""Whole-pipeline throughput: single-process mode (`bbabo run`'s worker threads) against Celery
mode (`bbabo worker -c 1|2` fed by the scheduler), on the same synthetic corpus served from a
loopback server, translated into Spanish (Apertium) and German (the tiny CTranslate2 model).

From a fresh clone, one command (creates .venv, runs the test suite's set-up, which installs
Debian's apertium pairs when missing and starts PostgreSQL, Redis and RabbitMQ on 127.0.0.1 when
they are down, then runs this file with ARGS):

    make bench-scale ARGS="--articles 150 --repeat 3"   # or: .venv/bin/python bench/scale.py

Options: [--articles 150] [--repeat 3] [--only NAME ...] (names: see CONFIGS below). Run
directly, a configuration whose service does not answer stops the run with one line saying which.
Per-host politeness is off (host delay 0): the figure is the pipeline's, not the courtesy
wait. Prints one Markdown row per configuration (median of the runs) for docs/benchmarks.md.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import sqlalchemy as sa  # noqa: E402

from bbabo.config import Settings  # noqa: E402
from bbabo.store import open_store  # noqa: E402
from bbabo.store.schema import articles, translations  # noqa: E402
from fakeweb import FakeWeb  # noqa: E402
from tasks.synthetic_site import serve_corpus  # noqa: E402

TARGETS = ("es", "de")
WARM_UP = 8  # articles: enough for every pool process to get some
TINY_MODEL = ROOT / "tests" / "fixtures" / "models" / "tiny-marian"


@dataclass(frozen=True)
class Config:
    name: str
    mode: str  # "single" or "celery"
    database: str  # "sqlite" or "postgresql"
    broker: str = ""  # "redis" or "amqp"
    processes: int = 1


CONFIGS = (
    Config("single-sqlite", "single", "sqlite"),
    Config("single-postgresql", "single", "postgresql"),
    Config("celery-redis-c1", "celery", "postgresql", "redis", 1),
    Config("celery-redis-c2", "celery", "postgresql", "redis", 2),
    Config("celery-rabbitmq-c2", "celery", "postgresql", "amqp", 2),
)


SERVICES = {"postgresql": ("PostgreSQL", 5432), "redis": ("Redis", 6379),
            "amqp": ("RabbitMQ", 5672)}


def _not_answering(configs: list[Config]) -> list[str]:
    """The services these configurations need that refuse a connection on 127.0.0.1."""
    silent = []
    for key in sorted({c.database for c in configs} | {c.broker for c in configs}):
        if key not in SERVICES:
            continue
        name, port = SERVICES[key]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        except OSError:
            silent.append(f"{name} (127.0.0.1:{port})")
    return silent


def _psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c",
                    sql], check=True, capture_output=True)


class Resources:
    """A fresh database and broker namespace for one run, removed afterwards."""

    def __init__(self, config: Config, tmp: Path) -> None:
        self.config, self.tmp = config, tmp
        self.name = f"bbabo_bench_{uuid.uuid4().hex[:10]}"
        self.database_url = f"sqlite:///{tmp}/bench.db"
        self.broker_url = ""

    def __enter__(self) -> Resources:
        if self.config.database == "postgresql":
            _psql(f'CREATE DATABASE "{self.name}"')
            self.database_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.name}"
        if self.config.broker == "redis":
            self.broker_url = "redis://127.0.0.1:6379/15"
            _redis_flush()
        elif self.config.broker == "amqp":
            subprocess.run(["rabbitmqctl", "-q", "add_vhost", self.name], check=True)
            subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", self.name, "guest",
                            ".*", ".*", ".*"], check=True)
            self.broker_url = f"amqp://guest:guest@127.0.0.1:5672/{self.name}"
        return self

    def __exit__(self, *exc: object) -> None:
        if self.config.database == "postgresql":
            _psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        if self.config.broker == "redis":
            _redis_flush()
        elif self.config.broker == "amqp":
            subprocess.run(["rabbitmqctl", "-q", "delete_vhost", self.name], check=False)


def _redis_flush() -> None:
    import redis

    client = redis.Redis(db=15)
    client.flushdb()
    client.close()


def _env(res: Resources, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": res.database_url, "BBABO_BROKER_URL": res.broker_url,
                "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1", "BBABO_DATA_DIR": str(data),
                "BBABO_TARGET_LANGUAGES": ",".join(TARGETS), "BBABO_DEMO": "0",
                "BBABO_TRANSLATE_ENGINES": "ctranslate2,apertium",
                "BBABO_BROKER_VISIBILITY_TIMEOUT_S": "600", "BBABO_LOG_LEVEL": "warning"})
    return env


def _progress(url: str) -> tuple[int, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return (conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one(),
                    conn.execute(sa.select(sa.func.count())
                                 .select_from(translations)).scalar_one())
    finally:
        engine.dispose()


def _wait_done(url: str, total: int, started: float, timeout_s: float = 900) -> tuple[float,
                                                                                       float]:
    """Seconds from ``started`` until every article is stored, and until all are translated."""
    stored_at = None
    while time.monotonic() - started < timeout_s:
        stored, translated = _progress(url)
        if stored_at is None and stored >= total:
            stored_at = time.monotonic() - started
        if translated >= total * len(TARGETS):
            return stored_at or 0.0, time.monotonic() - started
        time.sleep(0.1)
    raise TimeoutError(f"not done after {timeout_s} s: {_progress(url)}")


def _warm_up(url: str, feed: str) -> None:
    """A few articles through every stage first, so models and caches are loaded (lingua alone
    takes seconds) and the timed run measures the steady state."""
    _add_source(url, feed)
    _wait_done(url, WARM_UP, time.monotonic())


def _add_source(url: str, feed: str) -> None:
    store = open_store(url)
    store.sources.add(url=feed, now=datetime.now(UTC))
    store.close()


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=out,
                                start_new_session=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def run_single(res: Resources, env: dict[str, str], feeds: tuple[str, str],
               total: int) -> dict[str, float]:
    open_store(res.database_url).close()  # migrate before timing
    ready = res.tmp / "ready"
    child = _start([sys.executable, __file__, "--child-single", str(ready)], env,
                   res.tmp / "single.log")
    try:
        while not ready.exists():
            if child.poll() is not None:
                raise RuntimeError((res.tmp / "single.log").read_text())
            time.sleep(0.05)
        _warm_up(res.database_url, feeds[0])
        started = time.monotonic()
        _add_source(res.database_url, feeds[1])  # the crawl loop polls every second when idle
        stored, done = _wait_done(res.database_url, WARM_UP + total, started)
    finally:
        _stop(child)
    return {"stored_s": stored, "done_s": done}


def run_celery(res: Resources, config: Config, env: dict[str, str], feeds: tuple[str, str],
               total: int) -> dict[str, float]:
    from bbabo.tasks.celery.app import create_celery
    from bbabo.tasks.celery.broker import CelerySender, workers_alive
    from bbabo.tasks.celery.scheduler import Scheduler, SchedulerConfig

    settings = Settings(broker_url=res.broker_url, target_languages=TARGETS)
    app = create_celery(settings)
    store = open_store(res.database_url)
    worker = _start([sys.executable, "-m", "bbabo", "worker", "-c", str(config.processes),
                     "-n", f"bench@{res.name}", "--host-delay", "0"], env,
                    res.tmp / "worker.log")
    stop = threading.Event()
    try:
        while f"bench@{res.name}" not in workers_alive(app, timeout_s=0.3):
            if worker.poll() is not None:
                raise RuntimeError((res.tmp / "worker.log").read_text())
        scheduler = Scheduler(store=store, sender=CelerySender(app), targets=TARGETS,
                              clock=lambda: datetime.now(UTC),
                              config=SchedulerConfig(interval_s=0.2, translate_linger_s=1.0))
        threading.Thread(target=scheduler.run, args=(stop,), daemon=True).start()
        _warm_up(res.database_url, feeds[0])
        started = time.monotonic()
        _add_source(res.database_url, feeds[1])
        stored, done = _wait_done(res.database_url, WARM_UP + total, started)
        overhead = _task_overhead(app, res, total)
    finally:
        stop.set()
        _stop(worker)
        store.close()
        app.close()
    return {"stored_s": stored, "done_s": done, "noop_task_ms": overhead}


def _task_overhead(app: Any, res: Resources, total: int) -> float:
    """Milliseconds per task for tasks that find their work done: broker round trip, one
    database read, acknowledgement. What Celery adds to every real task."""
    from bbabo.tasks.celery.app import INGEST_PAGE
    from bbabo.tasks.celery.broker import CelerySender, queue_depths

    engine = sa.create_engine(res.database_url)
    with engine.connect() as conn:
        urls = list(conn.execute(sa.text("SELECT url FROM fetch_queue")).scalars())
    engine.dispose()
    tasks = [[urls[i % len(urls)]] for i in range(max(300, total))]
    started = time.monotonic()
    CelerySender(app).send_many(INGEST_PAGE, tasks)
    while queue_depths(app, ["fetch"])["fetch"]:
        time.sleep(0.02)
    time.sleep(0.2)  # the last prefetched tasks
    return (time.monotonic() - started - 0.2) * 1000 / len(tasks)


def child_single(ready: Path) -> None:
    """The single-process pipeline as `bbabo run` runs it, minus the web server."""
    from bbabo import fetch
    from bbabo.config import load_settings
    from bbabo.pipeline.components import fetch_options, translator_for
    from bbabo.pipeline.crawl import CrawlOptions
    from bbabo.tasks.local import WorkerConfig, Workers

    settings = load_settings()
    store = open_store(settings.database_url)
    options = fetch_options(settings)
    http = fetch.make_client(options)
    workers = Workers(store=store, http=http, options=options,
                      translator=translator_for(settings), clock=lambda: datetime.now(UTC),
                      config=WorkerConfig(targets=settings.target_languages, idle_wait_s=1.0,
                                          crawl=CrawlOptions(host_delay_s=0)))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    workers.start()
    ready.touch()
    stop.wait()
    workers.stop()
    http.close()
    store.close()


def bench(config: Config, total: int, web: FakeWeb) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "data"
        shutil.copytree(TINY_MODEL, data / "models" / "en-de")
        # Fresh paths per run: no page is known to the fetcher or the feed's ETag cache. The
        # warm-up stories are numbered past the corpus's, so no two share a text.
        run = uuid.uuid4().hex[:8]
        feeds = (serve_corpus(web, WARM_UP, prefix=f"/warm-{run}", first=total),
                 serve_corpus(web, total, prefix=f"/run-{run}"))
        with Resources(config, tmp) as res:
            env = _env(res, data)
            if config.mode == "single":
                return run_single(res, env, feeds, total)
            return run_celery(res, config, env, feeds, total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", action="append", help="run only these configurations")
    parser.add_argument("--child-single", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_single:
        child_single(args.child_single)
        return
    unknown = set(args.only or ()) - {c.name for c in CONFIGS}
    if unknown:
        sys.exit(f"bench: unknown configuration {', '.join(sorted(unknown))}; choose from "
                 f"{', '.join(c.name for c in CONFIGS)}")
    configs = [c for c in CONFIGS if not args.only or c.name in args.only]
    silent = _not_answering(configs)
    if silent:
        sys.exit(f"bench: {', '.join(silent)} not answering; `make test-deps` starts it, or "
                 "leave its configurations out with --only")
    web = FakeWeb().start()
    print("| configuration | all stored (s) | all translated (s) | articles/min | "
          "no-op task (ms) |")
    print("|---|---:|---:|---:|---:|")
    results: dict[str, list[dict[str, float]]] = {c.name: [] for c in configs}
    try:
        # Round-robin rather than config after config: load from elsewhere on a shared machine
        # then spreads over every configuration instead of skewing one.
        for _ in range(args.repeat):
            for config in configs:
                results[config.name].append(bench(config, args.articles, web))
        for config in configs:
            runs = results[config.name]
            done = statistics.median(r["done_s"] for r in runs)
            stored = statistics.median(r["stored_s"] for r in runs)
            noop = (f"{statistics.median(r['noop_task_ms'] for r in runs):.1f}"
                    if "noop_task_ms" in runs[0] else "–")
            print(f"| {config.name} | {stored:.1f} | {done:.1f} | "
                  f"{args.articles * 60 / done:.0f} | {noop} |", flush=True)
    finally:
        web.close()


if __name__ == "__main__":
    main()
