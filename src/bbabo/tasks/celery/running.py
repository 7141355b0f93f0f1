"""The heartbeat of a running task: its leases renewed every few seconds while it runs.

A task claims its work's leases for ``RUNNING_LEASE`` when it starts (``JobsRepo.claim``) and a
thread renews them every ``HEARTBEAT_EVERY`` until the task ends. A worker that is killed
(``kill -9``, the machine lost) renews nothing more, its leases run out within
``RUNNING_LEASE`` and the scheduler, which looks every few seconds, sends the work to another
worker: recovery in well under a minute, whatever the broker does with the killed worker's
unacknowledged message (Redis hands it out after its visibility timeout, RabbitMQ at once; the
copy finds the work done, or held by the live heartbeat of whoever runs it, and is dropped)."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from types import TracebackType

import sqlalchemy as sa

from bbabo.errors import StoreError
from bbabo.store.jobs import JobsRepo, LeaseKind

__all__ = ["LeaseHeartbeat", "RUNNING_LEASE", "HEARTBEAT_EVERY", "process_owner"]

log = logging.getLogger(__name__)

RUNNING_LEASE = timedelta(seconds=30)
HEARTBEAT_EVERY = timedelta(seconds=10)


def process_owner() -> str:
    """A name for this process's leases: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class LeaseHeartbeat:
    """``with LeaseHeartbeat(...)``: renew ``leases`` for ``owner`` until the block ends."""

    def __init__(self, jobs: JobsRepo, leases: Sequence[tuple[LeaseKind, str]], *, owner: str,
                 clock: Callable[[], datetime], every: timedelta = HEARTBEAT_EVERY,
                 lease: timedelta = RUNNING_LEASE) -> None:
        self._jobs, self._owner, self._clock = jobs, owner, clock
        self._every, self._lease = every, lease
        self._by_kind: dict[LeaseKind, list[str]] = defaultdict(list)
        for kind, key in leases:
            self._by_kind[kind].append(key)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="bbabo-heartbeat", daemon=True)

    def __enter__(self) -> LeaseHeartbeat:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self._every.total_seconds()):
            until = self._clock() + self._lease
            try:
                for kind, keys in self._by_kind.items():
                    self._jobs.renew(kind, keys, owner=self._owner, until=until)
            except (sa.exc.SQLAlchemyError, StoreError) as exc:
                # The database is away: the next beat tries again; if none gets through, the
                # lease runs out and the work is handed out again, which is harmless.
                log.warning("could not renew a running task's lease: %s",
                            str(exc).strip().splitlines()[0] if str(exc).strip() else exc)
