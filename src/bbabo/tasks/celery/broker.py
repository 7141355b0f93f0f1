"""Talking to the broker: send tasks, read queue depths, ping workers, fail in one line.

Everything here works the same on Redis and RabbitMQ (kombu's passive ``queue_declare`` counts
the ready messages on both)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from bbabo.errors import BbaboError

__all__ = ["BrokerUnavailable", "CelerySender", "check_broker", "queue_depths", "workers_alive",
           "safe_url"]

log = logging.getLogger(__name__)


class BrokerUnavailable(BbaboError):
    code = "tasks.broker_unreachable"


def safe_url(url: str) -> str:
    """The broker URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"


def check_broker(app: Any, *, timeout_s: float = 3.0) -> None:
    """Connect once; an unreachable broker is one BrokerUnavailable line."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.5,
                                   timeout=timeout_s)
    except Exception as exc:  # kombu raises a different class per transport
        raise BrokerUnavailable(
            f"cannot reach the broker at {safe_url(app.conf.broker_url)}: {_line(exc)}"
        ) from None


def queue_depths(app: Any, queues: Sequence[str]) -> dict[str, int]:
    """Messages waiting in each queue (not counting those a worker holds)."""
    depths: dict[str, int] = {}
    with app.connection_for_read() as conn:
        for queue in queues:
            channel = conn.channel()
            try:
                depths[queue] = channel.queue_declare(queue=queue, passive=True).message_count
            except conn.channel_errors:
                depths[queue] = 0  # never declared: nothing was ever sent to it
            finally:
                _close_quietly(channel)
    return depths


def workers_alive(app: Any, *, timeout_s: float = 1.0) -> list[str]:
    """Host names of the workers that answered a ping within ``timeout_s``."""
    replies = app.control.ping(timeout=timeout_s) or []
    return sorted(name for reply in replies for name in reply)


class CelerySender:
    """What the scheduler sends through: task names and arguments, routed by the app."""

    def __init__(self, app: Any) -> None:
        self._app = app

    def send_many(self, name: str, args_list: Sequence[Sequence[Any]]) -> int:
        """Publish one message per argument list on one connection; returns how many."""
        sent = 0
        with self._app.producer_or_acquire() as producer:
            for args in args_list:
                self._app.send_task(name, args=list(args), producer=producer)
                sent += 1
        return sent

    def depths(self, queues: Sequence[str]) -> dict[str, int]:
        return queue_depths(self._app, queues)


def _close_quietly(channel: Any) -> None:
    try:
        channel.close()
    except Exception:  # a channel the broker already closed after a failed declare
        log.debug("channel close failed", exc_info=True)


def _line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
