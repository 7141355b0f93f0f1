"""The pipeline's stages as Celery tasks on Redis or RabbitMQ (``bbabo[cluster]``).

Five tasks, each on its own queue so that machines can specialise (fetch workers near the
network, translation workers on GPUs, the publisher beside the static site's disk):
``bbabo.refresh_source`` (crawl), ``bbabo.ingest_page`` (fetch), ``bbabo.translate_batch``
(translate; a batch of articles into one language, never single sentences),
``bbabo.publish`` (publish; re-render the static site's pages that new articles and
translations touched) and ``bbabo.place_stories`` (stories; place the articles in no story yet,
one task at a time). Messages carry ids only (``bbabo.publish`` and ``bbabo.place_stories``
none: they do whatever is new since the last pass).

Delivery is at least once: a task is acknowledged after it ran (``task_acks_late``), and a task
whose worker process died is handed out again (``task_reject_on_worker_lost``; on Redis, once
``broker_visibility_timeout_s`` has passed). The task bodies (``bbabo.tasks.celery.jobs``) make the
effects exactly once. A running task holds its work's leases with a heartbeat
(``tasks.celery.running``), so a killed worker's work goes to another worker within about half
a minute whatever the broker does, and a second copy of a task that is running elsewhere is
dropped at once. ``create_celery`` builds a fresh app per call: no module-level state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from bbabo.config import Settings
from bbabo.errors import BbaboError, ConfigError, StoreError, Unavailable, install_extra
from bbabo.store.jobs import LeaseKind
from bbabo.tasks.celery.context import WorkerContext
from bbabo.tasks.celery.jobs import (
    ALL_STORIES,
    RETRY_BASE_S,
    RETRY_MAX_S,
    SITE,
    JobOutcome,
    run_ingest_page,
    run_place_stories,
    run_publish,
    run_refresh_source,
    run_translate_batch,
    translation_key,
)
from bbabo.tasks.celery.running import RUNNING_LEASE, LeaseHeartbeat

__all__ = ["create_celery", "broker_report", "QUEUES", "REFRESH_SOURCE", "INGEST_PAGE",
           "TRANSLATE_BATCH", "PUBLISH_SITE", "PLACE_STORIES", "ROUTES", "import_celery",
           "survive_broker_restarts"]

log = logging.getLogger(__name__)

REFRESH_SOURCE, INGEST_PAGE, TRANSLATE_BATCH, PUBLISH_SITE, PLACE_STORIES = (
    "bbabo.refresh_source", "bbabo.ingest_page", "bbabo.translate_batch", "bbabo.publish",
    "bbabo.place_stories")
ROUTES = {REFRESH_SOURCE: "crawl", INGEST_PAGE: "fetch", TRANSLATE_BATCH: "translate",
          PUBLISH_SITE: "publish", PLACE_STORIES: "stories"}
QUEUES = ("crawl", "fetch", "translate", "publish", "stories")

# Retries of a task whose database was unreachable: 1, 2, 4 ... 60 s; then the lease runs out
# and the scheduler enqueues the work again.
_DB_RETRIES = 12


def _broker_errors() -> tuple[type[BaseException], ...]:
    """Connection errors of the broker's clients (kombu; redis-py for Redis politeness)."""
    errors: list[type[BaseException]] = []
    try:
        from kombu.exceptions import OperationalError
        errors.append(OperationalError)
    except ImportError:  # no bbabo[cluster]: create_celery says so in one line
        pass
    try:
        import redis
        errors += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:
        pass
    return tuple(errors)


def import_celery() -> Any:
    """The ``celery`` module, or one clear line saying how to get it."""
    try:
        import celery
    except ImportError:
        raise ConfigError("Celery is not installed: " + install_extra("cluster"),
                          code="tasks.celery_missing") from None
    return celery


def create_celery(settings: Settings, *, context: WorkerContext | None = None) -> Any:
    """A Celery app on ``settings.broker_url`` with bbabo's four tasks registered."""
    if not settings.broker_url:
        raise ConfigError("no broker configured: set BBABO_BROKER_URL (redis://127.0.0.1:6379/0 "
                          "or amqp://guest:guest@127.0.0.1:5672//)", code="tasks.no_broker")
    celery = import_celery()
    app = celery.Celery("bbabo", broker=settings.broker_url, set_as_current=False)
    app.conf.update(_conf(settings))
    ctx = context or WorkerContext(settings)
    _register(app, ctx)
    # A pool process ends with os._exit: stop its page-reading children first, or the
    # standard library reports their locks as leaked (a warning line per pool process).
    from celery import signals

    signals.worker_process_shutdown.connect(
        lambda **_: ctx.close_reader(), weak=False, dispatch_uid=f"bbabo-reader-{id(ctx)}")
    return app


def survive_broker_restarts() -> None:
    """Keep a worker alive when its Redis goes away (for ``bbabo worker``, before it starts).

    On a lost connection Celery (5.7) first collects the connection, which detaches kombu's
    Redis transport from it, and then closes it; closing puts the tasks in hand back in their
    queue and needs the detached settings, so kombu (5.7) raises AttributeError, which nothing
    expects, and the worker exits ("Unrecoverable error"). Acknowledging a task that finishes
    after the loss fails the same way. Turned into the connection error it is, both are
    handled: the messages stay in Redis' unacked set, and are handed out again after the
    visibility timeout, where the task bodies find their work done."""
    try:
        import redis
        from kombu.transport import redis as kombu_redis
    except ImportError:  # no Redis client: a RabbitMQ-only install
        return
    channel: Any = kombu_redis.Channel
    if getattr(channel, "_bbabo_detached_guard", False):
        return
    original = channel._connparams

    def connparams(self: Any, asynchronous: bool = False) -> Any:
        if self.connection.client is None:
            raise redis.exceptions.ConnectionError("the connection to the broker was closed")
        return original(self, asynchronous=asynchronous)

    channel._connparams = connparams
    channel._bbabo_detached_guard = True


def _conf(settings: Settings) -> dict[str, Any]:
    timeout = settings.broker_visibility_timeout_s
    return {
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_routes": {name: {"queue": queue} for name, queue in ROUTES.items()},
        "task_default_queue": "fetch",
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,
        # bbabo configures logging itself (`--log-format json` included); Celery must not.
        "worker_hijack_root_logger": False,
        "worker_redirect_stdouts": False,
        "broker_connection_retry_on_startup": True,
        # A worker outlives any broker outage: it reconnects every 2, 4 ... 30 s, for ever
        # (Celery's default gives up after 100 attempts, about 45 minutes, and exits).
        "broker_connection_retry": True,
        "broker_connection_max_retries": None,
        # A task running when the connection drops runs to its end: its effect is stored, and
        # the copy the broker hands out again (it was never acknowledged) finds it done. True
        # (Celery 6's default) would throw away a translation batch on every broker blip.
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "broker_transport_options": {
            "visibility_timeout": timeout,
            # Look for a dead worker's tasks often enough for the timeout to mean what it says.
            "unacked_restore_interval": max(1, min(10, timeout // 2)),
            "unacked_restore_throttle": 1,
        },
        "worker_disable_rate_limits": True,
        "enable_utc": True,
    }


def _register(app: Any, ctx: WorkerContext) -> None:
    def refresh(source_id: int) -> str:
        return run_refresh_source(ctx, source_id).value

    def ingest(url: str) -> str:
        return run_ingest_page(ctx, url).value

    def translate(article_ids: Sequence[int], target: str) -> str:
        return run_translate_batch(ctx, article_ids, target).value

    def publish() -> str:
        return run_publish(ctx).value

    def claimed_ids(args: tuple[Any, ...], keys: set[str]) -> tuple[Any, ...] | None:
        ids = [i for i in args[0] if translation_key(i, args[1]) in keys]
        return (ids, args[1]) if ids else None

    def place_stories() -> str:
        return run_place_stories(ctx).value

    _task(app, ctx, REFRESH_SOURCE, refresh, lambda a: [(LeaseKind.source, str(a[0]))])
    _task(app, ctx, INGEST_PAGE, ingest, lambda a: [(LeaseKind.page, a[0])])
    _task(app, ctx, TRANSLATE_BATCH, translate,
          lambda a: [(LeaseKind.translation, translation_key(i, a[1])) for i in a[0]],
          narrow=claimed_ids)
    _task(app, ctx, PUBLISH_SITE, publish, lambda a: [(LeaseKind.publish, SITE)])
    _task(app, ctx, PLACE_STORIES, place_stories, lambda a: [(LeaseKind.stories, ALL_STORIES)])


Leases = Callable[[tuple[Any, ...]], list[tuple[LeaseKind, str]]]
# The task's arguments cut down to the work it claimed; None when it claimed none.
Narrow = Callable[[tuple[Any, ...], set[str]], tuple[Any, ...] | None]


def _all_or_nothing(args: tuple[Any, ...], keys: set[str]) -> tuple[Any, ...] | None:
    return args if keys else None


def _task(app: Any, ctx: WorkerContext, name: str, body: Callable[..., str],
          leases: Leases, narrow: Narrow = _all_or_nothing) -> None:
    # The broker's clients' connection errors, and bbabo's word for a service gone for now.
    broker_errors: tuple[type[BaseException], ...] = (*_broker_errors(), Unavailable)

    def retry(task: Any, work: list[tuple[LeaseKind, str]], countdown: float,
              max_retries: int) -> Any:
        # The retry waits in the broker: the work's lease covers that wait and no more, so a
        # worker killed while holding the retry frees the work soon after it was due.
        _hold(ctx, work, seconds=countdown + RUNNING_LEASE.total_seconds())
        return task.retry(countdown=countdown, max_retries=max_retries)

    # shared=False: a second app in the same process (tests) must not inherit these bodies.
    @app.task(name=name, bind=True, max_retries=None, shared=False)  # type: ignore[untyped-decorator]  # Celery is untyped
    def task(self: Any, *args: Any) -> str:
        work = leases(args)
        try:
            mine = _claim(ctx, work)
            claimed = narrow(args, {key for _kind, key in mine})
            if claimed is None:
                # A copy of a task a live worker is running (a broker handed it out twice):
                # that worker finishes it; if it dies, its lease runs out and the scheduler
                # sends the work again.
                log.info("task %s is running elsewhere; this copy is dropped", name)
                return JobOutcome.running_elsewhere.value
            with LeaseHeartbeat(ctx.jobs, mine, owner=ctx.owner, clock=ctx.clock):
                return body(*claimed)
        except sa.exc.IntegrityError:
            # Two deliveries of the same work ran at once and the other committed first: run
            # again, and the store now says the work is done.
            raise retry(self, work, 1, 5) from None
        except (sa.exc.OperationalError, sa.exc.InterfaceError, StoreError) as exc:
            log.warning("database unavailable (%s); retrying %s", _first_line(exc), name)
            raise self.retry(countdown=min(2 ** self.request.retries, 60),
                             max_retries=_DB_RETRIES) from None
        except broker_errors as exc:
            # The broker (or the Redis that keeps per-host politeness, the same server) went
            # away mid-task. Not a bug: retry; if the retry cannot be sent either, the message
            # was never acknowledged and the broker hands it out again once it is back.
            log.warning("broker unavailable (%s); retrying %s", _first_line(exc), name)
            raise retry(self, work, min(2 ** self.request.retries, 60), _DB_RETRIES) from None
        except Exception:
            # A bug: keep the traceback, park the work for a while rather than spin on it.
            log.exception("task %s%r crashed", name, args)
            _park(ctx, work)
            raise


def _claim(ctx: WorkerContext, work: list[tuple[LeaseKind, str]]) -> list[tuple[LeaseKind, str]]:
    """The leases of ``work`` this process now holds for ``RUNNING_LEASE`` (``JobsRepo.claim``)."""
    now = ctx.clock()
    by_kind: dict[LeaseKind, list[str]] = {}
    for kind, key in work:
        by_kind.setdefault(kind, []).append(key)
    return [(kind, key) for kind, keys in by_kind.items()
            for key in ctx.jobs.claim(kind, keys, owner=ctx.owner, until=now + RUNNING_LEASE,
                                      now=now)]


def _hold(ctx: WorkerContext, work: list[tuple[LeaseKind, str]], *, seconds: float) -> None:
    try:
        until = ctx.clock() + timedelta(seconds=seconds)
        for kind in {kind for kind, _key in work}:
            ctx.jobs.hold(kind, [key for k, key in work if k == kind], until=until)
    except (sa.exc.SQLAlchemyError, StoreError):
        log.warning("could not hold the work of a task being retried; its lease will run out")


def _park(ctx: WorkerContext, leases: list[tuple[LeaseKind, str]]) -> None:
    try:
        now = ctx.clock()
        for kind, key in leases:
            ctx.jobs.back_off(kind, key, now=now, base_s=RETRY_BASE_S, max_s=RETRY_MAX_S)
    except (sa.exc.SQLAlchemyError, StoreError):
        log.warning("could not park the crashed task's work; its lease will run out")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def broker_report(settings: Settings, *, ping_timeout_s: float = 1.0) -> dict[str, Any]:
    """The broker section of ``bbabo status``: queue depths and live workers, or why the
    broker cannot be asked (status is what an operator runs when something is wrong)."""
    from bbabo.tasks.celery.broker import check_broker, queue_depths, safe_url, workers_alive

    url = safe_url(settings.broker_url)
    try:
        app = create_celery(settings)
    except BbaboError as exc:
        return {"url": url, "reachable": False, "error": str(exc)}
    try:
        check_broker(app, timeout_s=2.0)
        return {"url": url, "reachable": True, "queues": queue_depths(app, QUEUES),
                "workers": workers_alive(app, timeout_s=ping_timeout_s)}
    except BbaboError as exc:
        return {"url": url, "reachable": False, "error": str(exc)}
    finally:
        app.close()
