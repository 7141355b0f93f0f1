"""A running process says it is alive, and how much memory it holds, every half minute (the
``processes`` table): `bbabo status`, /-/status.json and /metrics list every live process of a
deployment with its memory, whichever machine it runs on."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa

import bbabo
from bbabo import memory
from bbabo.errors import BbaboError
from bbabo.store import Store
from bbabo.store.processes import ProcessBeat

__all__ = ["Heartbeat", "EVERY", "SILENT_AFTER"]

log = logging.getLogger(__name__)

EVERY = timedelta(seconds=30)
# A process silent this long is shown no more; a day later its row is dropped.
SILENT_AFTER = 3 * EVERY


class Heartbeat:
    """A daemon thread beating for this process as ``role`` until ``stop()``."""

    def __init__(self, store: Store, role: str, *, clock: Callable[[], datetime],
                 every: timedelta = EVERY) -> None:
        self._store, self._role, self._clock, self._every = store, role, clock, every
        self._started = clock()
        host, pid = socket.gethostname(), os.getpid()
        self.id = f"{host}:{pid}:{self._started.timestamp():.0f}"[:128]
        self._host, self._pid = host[:255], pid
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # A Celery worker forks its pool after this: a child must not close (or use) the
        # database connections it inherits from the beating parent.
        os.register_at_fork(after_in_child=store.dispose_inherited)

    def start(self) -> Heartbeat:
        self.beat()
        self._thread = threading.Thread(target=self._loop, name="bbabo-heartbeat", daemon=True)
        self._thread.start()
        return self

    def beat(self) -> None:
        now = self._clock()
        try:
            self._store.processes.beat(ProcessBeat(
                id=self.id, role=self._role, host=self._host, pid=self._pid,
                version=bbabo.__version__, started_at=self._started, seen_at=now,
                resident_bytes=memory.resident_bytes(),
                tree_resident_bytes=memory.tree_resident_bytes(),
                peak_resident_bytes=memory.peak_resident_bytes()))
        except (BbaboError, sa.exc.SQLAlchemyError) as exc:
            # A database gone for a moment: the next beat says it again.
            log.warning("heartbeat not recorded: %s", str(exc).splitlines()[0])

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        try:
            self._store.processes.end(self.id, before=self._clock() - timedelta(days=1))
        except (BbaboError, sa.exc.SQLAlchemyError) as exc:
            log.warning("could not record the process's end: %s", str(exc).splitlines()[0])

    def _loop(self) -> None:
        while not self._stop.wait(self._every.total_seconds()):
            self.beat()
