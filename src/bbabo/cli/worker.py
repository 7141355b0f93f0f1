"""``bbabo worker`` (a Celery worker for some queues) and ``bbabo scheduler`` (hands out due work).

Both need a broker (``BBABO_BROKER_URL``) and the ``bbabo[cluster]`` extra; without either they
stop with one line. ``bbabo run`` needs neither."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import warnings
from dataclasses import replace

import click
import httpx

from bbabo import fetch
from bbabo.cli.context import AppContext, utcnow
from bbabo.config import Settings
from bbabo.errors import UsageError
from bbabo.fetch.client import Gate
from bbabo.pipeline import websub
from bbabo.pipeline.crawl import CrawlOptions
from bbabo.pipeline.websub import WebSubOptions
from bbabo.store import open_store
from bbabo.tasks.celery.app import QUEUES, create_celery, survive_broker_restarts
from bbabo.tasks.celery.broker import CelerySender, check_broker
from bbabo.tasks.celery.context import GateFactory, WorkerContext
from bbabo.tasks.celery.scheduler import Scheduler, SchedulerConfig
from bbabo.tasks.heartbeat import Heartbeat

__all__ = ["COMMANDS", "parse_queues"]

log = logging.getLogger(__name__)


def parse_queues(value: str) -> list[str]:
    queues = list(dict.fromkeys(q.strip() for q in value.split(",") if q.strip()))
    unknown = [q for q in queues if q not in QUEUES]
    if unknown or not queues:
        raise UsageError(f"unknown queue(s) {', '.join(unknown) or '(none)'}: "
                         f"choose from {', '.join(QUEUES)}", code="usage.bad_queue")
    return queues


def _gate_factory(settings: Settings, crawl: CrawlOptions) -> GateFactory:
    """Per-host politeness shared by every worker: kept in Redis when the broker is Redis."""
    def build(http: httpx.Client, options: fetch.FetchOptions) -> Gate:
        robots = fetch.RobotsCache(http, options)
        if not settings.broker_url.startswith(("redis://", "rediss://")):
            # RabbitMQ: no shared store for the limits; each worker process keeps its own.
            return fetch.Politeness(min_delay_s=crawl.host_delay_s, max_per_host=crawl.per_host,
                                    robots=robots)
        from bbabo.tasks.celery.politeness import RedisHostLimiter

        # A slot outlives no request: a killed worker's slots free themselves that soon.
        return RedisHostLimiter.from_url(settings.broker_url, min_delay_s=crawl.host_delay_s,
                                         max_per_host=crawl.per_host, robots=robots,
                                         slot_ttl_s=options.timeout_s + 5)

    return build


@click.command()
@click.option("--queues", "-Q", default=",".join(QUEUES), show_default=True,
              help="Comma-separated queues to take tasks from: crawl (poll sources), fetch "
                   "(ingest pages), translate, publish (re-render the static site in "
                   "BBABO_EXPORT_DIR; run it where that directory is), stories (place "
                   "articles in stories; one task at a time).")
@click.option("--concurrency", "-c", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: one per CPU core).")
@click.option("--hostname", "-n", default=None, help="Worker name (default: bbabo@HOST.PID).")
@click.option("--host-delay", type=click.FloatRange(0, 60), default=CrawlOptions().host_delay_s,
              show_default=True,
              help="Seconds between two requests to one host, across all workers.")
@click.option("--per-host", type=click.IntRange(1, 64), default=CrawlOptions().per_host,
              show_default=True, help="Requests in flight to one host, across all workers.")
@click.pass_obj
def worker(app: AppContext, queues: str, concurrency: int | None, hostname: str | None,
           host_delay: float, per_host: int) -> None:
    """Run pipeline tasks from the broker's queues until SIGTERM (finishes the running ones)."""
    settings = app.settings
    names = parse_queues(queues)
    # Celery warns through `warnings` (running as root, say): keep those lines in the log format.
    logging.captureWarnings(True)
    crawl = replace(CrawlOptions(), host_delay_s=host_delay, per_host=per_host)
    celery_app = create_celery(settings, context=WorkerContext(
        settings, gate_factory=_gate_factory(settings, crawl)))
    check_broker(celery_app)
    survive_broker_restarts()
    # Migrate once here, before the pool forks: pool processes open the store without it.
    store = open_store(settings.database_url)
    name = hostname or f"bbabo@{socket.gethostname()}.{os.getpid()}"
    log.info("worker %s taking tasks from %s", name, ", ".join(names))
    work = celery_app.Worker(queues=names, concurrency=concurrency, hostname=name,
                             pool="prefork", quiet=True, without_mingle=True,
                             without_gossip=True, loglevel=logging.getLogger().level)
    # Said on every broker outage; bbabo chose the behaviour it announces (distributed._conf).
    # After the Worker is built: its logging setup puts Celery's own "always" filter first.
    warnings.filterwarnings("ignore", message=r"\s*In Celery 5\.1 we introduced an optional "
                            r"breaking change which\s+on connection loss cancels")
    # The main process beats for the whole worker: its memory figure includes the pool's.
    heartbeat = Heartbeat(store, "worker", clock=utcnow).start()
    try:
        work.start()
    finally:
        heartbeat.stop()
        store.close()
    raise SystemExit(work.exitcode or 0)


@click.command()
@click.option("--interval", type=click.FloatRange(0.1, 3600), default=5.0, show_default=True,
              help="Seconds between two looks at the store.")
@click.option("--batch", "batch_articles", type=click.IntRange(1, 1000), default=16,
              show_default=True, help="Articles per translation task.")
@click.option("--linger", type=click.FloatRange(0, 600), default=5.0, show_default=True,
              help="Seconds a partial translation batch waits for more articles.")
@click.option("--once", is_flag=True, help="Send what is due now, print it, and exit.")
@click.pass_obj
def scheduler(app: AppContext, interval: float, batch_articles: int, linger: float,
              once: bool) -> None:
    """Send due sources, pending pages and untranslated articles to the workers, and publish
    passes when a static site is kept (BBABO_EXPORT_DIR)."""
    settings = app.settings
    celery_app = create_celery(settings)
    click.get_current_context().call_on_close(celery_app.close)
    check_broker(celery_app)
    maintenance = None
    if settings.public_url:
        # WebSub subscriptions: kept here, the one process that looks at the store on a clock.
        options = WebSubOptions(public_url=settings.public_url)

        def maintenance() -> object:
            return websub.maintain(store=app.store, http=app.http,
                                   fetch_options=app.fetch_options, options=options,
                                   now=utcnow())

    planner = Scheduler(store=app.store, sender=CelerySender(celery_app), clock=utcnow,
                        targets=settings.target_languages, maintenance=maintenance,
                        config=SchedulerConfig(interval_s=interval,
                                               batch_articles=batch_articles,
                                               translate_linger_s=linger,
                                               publish=bool(settings.export_dir)))
    if once:
        report = planner.tick()
        publishes = f", {report.publishes} publish pass(es)" if settings.export_dir else ""
        click.echo(f"sent {report.sources} source(s), {report.pages} page(s), "
                   f"{report.batches} translation batch(es){publishes}")
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    log.info("scheduler started (every %.1f s, broker %s)", interval,
             settings.broker_url.rpartition("@")[2])
    heartbeat = Heartbeat(app.store, "scheduler", clock=utcnow).start()
    try:
        planner.run(stop)
    finally:
        heartbeat.stop()
    log.info("scheduler stopped")


COMMANDS = [worker, scheduler]
