"""The pipeline's stages as Celery tasks on Redis or RabbitMQ (``bbabo[cluster]``).

Three tasks, each on its own queue so that machines can specialise (fetch workers near the
network, translation workers on GPUs): ``bbabo.refresh_source`` (crawl), ``bbabo.ingest_page``
(fetch) and ``bbabo.translate_batch`` (translate; a batch of articles into one language, never
single sentences). Messages carry ids only.

Delivery is at least once: a task is acknowledged after it ran (``task_acks_late``), and a task
whose worker process died is handed out again (``task_reject_on_worker_lost``; on Redis, once
``broker_visibility_timeout_s`` has passed). The task bodies (``bbabo.tasks.jobs``) make the
effects exactly once. ``create_celery`` builds a fresh app per call: no module-level state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from bbabo.config import Settings
from bbabo.errors import ConfigError, StoreError
from bbabo.store.jobs import PAGE, SOURCE, TRANSLATION
from bbabo.tasks.context import WorkerContext
from bbabo.tasks.jobs import (
    RETRY_BASE_S,
    RETRY_MAX_S,
    run_ingest_page,
    run_refresh_source,
    run_translate_batch,
    translation_key,
)

__all__ = ["create_celery", "QUEUES", "REFRESH_SOURCE", "INGEST_PAGE", "TRANSLATE_BATCH",
           "ROUTES", "import_celery"]

log = logging.getLogger(__name__)

REFRESH_SOURCE, INGEST_PAGE, TRANSLATE_BATCH = (
    "bbabo.refresh_source", "bbabo.ingest_page", "bbabo.translate_batch")
ROUTES = {REFRESH_SOURCE: "crawl", INGEST_PAGE: "fetch", TRANSLATE_BATCH: "translate"}
QUEUES = ("crawl", "fetch", "translate")

# Retries of a task whose database was unreachable: 1, 2, 4 ... 60 s; then the lease runs out
# and the scheduler enqueues the work again.
_DB_RETRIES = 12


def import_celery() -> Any:
    """The ``celery`` module, or one clear line saying how to get it."""
    try:
        import celery
    except ImportError:
        raise ConfigError("Celery is not installed: pip install 'bbabo[cluster]'",
                          code="tasks.celery_missing") from None
    return celery


def create_celery(settings: Settings, *, context: WorkerContext | None = None) -> Any:
    """A Celery app on ``settings.broker_url`` with bbabo's three tasks registered."""
    if not settings.broker_url:
        raise ConfigError("no broker configured: set BBABO_BROKER_URL (redis://127.0.0.1:6379/0 "
                          "or amqp://guest:guest@127.0.0.1:5672//)", code="tasks.no_broker")
    celery = import_celery()
    app = celery.Celery("bbabo", broker=settings.broker_url, set_as_current=False)
    app.conf.update(_conf(settings))
    ctx = context or WorkerContext(settings)
    _register(app, ctx)
    return app


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
        return run_refresh_source(ctx, source_id)

    def ingest(url: str) -> str:
        return run_ingest_page(ctx, url)

    def translate(article_ids: Sequence[int], target: str) -> str:
        return run_translate_batch(ctx, article_ids, target)

    _task(app, ctx, REFRESH_SOURCE, refresh, lambda a: [(SOURCE, str(a[0]))])
    _task(app, ctx, INGEST_PAGE, ingest, lambda a: [(PAGE, a[0])])
    _task(app, ctx, TRANSLATE_BATCH, translate,
          lambda a: [(TRANSLATION, translation_key(i, a[1])) for i in a[0]])


Leases = Callable[[tuple[Any, ...]], list[tuple[str, str]]]


def _task(app: Any, ctx: WorkerContext, name: str, body: Callable[..., str],
          leases: Leases) -> None:
    @app.task(name=name, bind=True, max_retries=None)
    def task(self: Any, *args: Any) -> str:
        try:
            return body(*args)
        except sa.exc.IntegrityError:
            # Two deliveries of the same work ran at once and the other committed first: run
            # again, and the store now says the work is done.
            raise self.retry(countdown=1, max_retries=5) from None
        except (sa.exc.OperationalError, sa.exc.InterfaceError, StoreError) as exc:
            log.warning("database unavailable (%s); retrying %s", _first_line(exc), name)
            raise self.retry(countdown=min(2 ** self.request.retries, 60),
                             max_retries=_DB_RETRIES) from None
        except Exception:
            # A bug: keep the traceback, park the work for a while rather than spin on it.
            log.exception("task %s%r crashed", name, args)
            _park(ctx, leases(args))
            raise


def _park(ctx: WorkerContext, leases: list[tuple[str, str]]) -> None:
    try:
        now = ctx.clock()
        for kind, key in leases:
            ctx.jobs.back_off(kind, key, now=now, base_s=RETRY_BASE_S, max_s=RETRY_MAX_S)
    except (sa.exc.SQLAlchemyError, StoreError):
        log.warning("could not park the crashed task's work; its lease will run out")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
