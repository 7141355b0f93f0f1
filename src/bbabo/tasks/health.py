"""The operations section of ``bbabo status``: queue depths and live workers (when a broker is
configured), throughput per stage and language over the last hour, backlog age, leases out.

A broker that does not answer is reported, not raised: status is what an operator runs when
something is wrong."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bbabo.config import Settings
from bbabo.errors import BbaboError
from bbabo.store import Store
from bbabo.store.jobs import JobsRepo
from bbabo.store.ops import OpsRepo

__all__ = ["operations_report", "WINDOW"]

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=1)


def operations_report(store: Store, settings: Settings, *, now: datetime,
                      ping_timeout_s: float = 1.0) -> dict[str, Any]:
    ops = OpsRepo(store.engine)
    done = ops.throughput(now - WINDOW)
    report: dict[str, Any] = {
        "mode": "celery" if settings.broker_url else "single-process",
        "throughput_last_hour": {
            "sources_refreshed": done.refreshed, "pages": done.pages,
            "articles_by_language": done.ingested, "translations_by_language": done.translated,
        },
        "backlog_age_s": ops.backlog(settings.target_languages).ages_s(now),
        "leases": JobsRepo(store.engine).live(now=now),
    }
    if settings.broker_url:
        report["broker"] = _broker_report(settings, ping_timeout_s)
    return report


def _broker_report(settings: Settings, ping_timeout_s: float) -> dict[str, Any]:
    from bbabo.tasks.broker import check_broker, queue_depths, safe_url, workers_alive
    from bbabo.tasks.distributed import QUEUES, create_celery

    try:
        app = create_celery(settings)
    except BbaboError as exc:
        return {"url": safe_url(settings.broker_url), "reachable": False, "error": str(exc)}
    try:
        check_broker(app, timeout_s=2.0)
        return {"url": safe_url(settings.broker_url), "reachable": True,
                "queues": queue_depths(app, QUEUES),
                "workers": workers_alive(app, timeout_s=ping_timeout_s)}
    except BbaboError as exc:
        return {"url": safe_url(settings.broker_url), "reachable": False, "error": str(exc)}
    finally:
        app.close()
