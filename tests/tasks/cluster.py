"""Real ``bbabo worker`` processes for tests: started in their own process group (so SIGKILL
takes the pool with them), waited for by ping, stopped by SIGTERM; and a private
``redis-server`` that a test may kill and start again without touching the shared one."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
import sqlalchemy as sa

from bbabo.store import Store
from bbabo.store.schema import articles, fetch_queue, translations
from bbabo.tasks.celery.app import QUEUES
from bbabo.tasks.celery.broker import CelerySender, queue_depths, workers_alive
from bbabo.tasks.celery.context import utcnow
from bbabo.tasks.celery.scheduler import Scheduler, SchedulerConfig
from runprocess import free_port

__all__ = ["Cluster", "RedisServer", "wait_until", "free_port", "TINY_MODEL",
           "pipeline_counts", "idle", "SchedulerThread"]

TINY_MODEL = Path(__file__).parents[1] / "fixtures" / "models" / "tiny-marian"
REDIS_SERVER = "/usr/bin/redis-server"


def pipeline_counts(store: Store) -> dict[str, Any]:
    """Articles, distinct canonical URLs, translations, translated articles, pages by state:
    what "every article processed exactly once" is checked against."""
    with store.engine.connect() as conn:
        def one(query: Any) -> Any:
            return conn.execute(query).scalar_one()

        return {
            "articles": one(sa.select(sa.func.count()).select_from(articles)),
            "canonical": one(sa.select(sa.func.count(sa.distinct(articles.c.canonical_url)))),
            "translations": one(sa.select(sa.func.count()).select_from(translations)),
            "translated": one(sa.select(sa.func.count(sa.distinct(translations.c.article_id)))),
            "pages": dict(conn.execute(sa.select(fetch_queue.c.state, sa.func.count())
                                       .group_by(fetch_queue.c.state)).all()),
        }


def idle(app: Any, broker: redis.Redis) -> bool:
    """Nothing queued and nothing held by a worker (kombu's unacked hash is empty)."""
    return not any(queue_depths(app, QUEUES).values()) and not broker.hlen("unacked")


def wait_until(check: Callable[[], bool], *, timeout_s: float, what: str,
               every_s: float = 0.2) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


class Cluster:
    """Workers sharing one database and broker; translation into ``targets`` by the tiny
    CTranslate2 model (random weights: fast, and real)."""

    def __init__(self, tmp_path: Path, *, database_url: str, broker_url: str,
                 targets: tuple[str, ...] = ("de",), visibility_timeout_s: int = 2) -> None:
        self.tmp_path = tmp_path
        models = tmp_path / "data" / "models"
        for target in targets:
            if not (models / f"en-{target}").exists():
                shutil.copytree(TINY_MODEL, models / f"en-{target}")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
        self.env.update({
            "BBABO_DATABASE_URL": database_url, "BBABO_BROKER_URL": broker_url,
            "BBABO_BROKER_VISIBILITY_TIMEOUT_S": str(visibility_timeout_s),
            "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1", "BBABO_FETCH_TIMEOUT_S": "5",
            "BBABO_DATA_DIR": str(tmp_path / "data"),
            "BBABO_TARGET_LANGUAGES": ",".join(targets),
            "BBABO_TRANSLATE_ENGINES": "ctranslate2",
        })
        self._count = 0

    def start_worker(self, app: Any, *, concurrency: int = 2,
                     queues: str = "crawl,fetch,translate") -> subprocess.Popen[bytes]:
        return self.start_workers(app, 1, concurrency=concurrency, queues=queues)[0]

    def start_workers(self, app: Any, count: int, *, concurrency: int = 2,
                      queues: str = "crawl,fetch,translate") -> list[subprocess.Popen[bytes]]:
        """``count`` workers started together (their start-ups overlap), each answering."""
        started = [self._spawn(concurrency, queues) for _ in range(count)]
        for process in started:
            name = process.name  # type: ignore[attr-defined]
            wait_until(lambda name=name, process=process: (  # type: ignore[misc]
                name in workers_alive(app, timeout_s=0.3) or _dead(process)),
                timeout_s=60, what=f"worker {name} to answer a ping")
            assert process.poll() is None, self.log(process)
        return started

    def _spawn(self, concurrency: int, queues: str) -> subprocess.Popen[bytes]:
        self._count += 1
        name = f"test{self._count}@{os.getpid()}"
        log_path = self.tmp_path / f"worker{self._count}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "bbabo", "--log-format", "json", "worker", "-Q", queues,
                 "-c", str(concurrency),
                 # More slots per host than pool processes: slots a killed worker held
                 # (they expire after the fetch timeout) must not stall its successor.
                 "-n", name, "--host-delay", "0", "--per-host", "8"],
                # Logs go to stderr; Celery's own shutdown notices are plain lines on stdout.
                cwd=self.tmp_path, env=self.env, stdout=subprocess.DEVNULL, stderr=log,
                start_new_session=True)
        process.log_path = log_path  # type: ignore[attr-defined]
        process.name = name  # type: ignore[attr-defined]
        return process

    @staticmethod
    def records(process: subprocess.Popen[bytes]) -> list[dict[str, Any]]:
        """The worker's log: every line a JSON record (Celery's own lines included)."""
        return [json.loads(line) for line in Cluster.log(process).splitlines() if line]

    @staticmethod
    def log(process: subprocess.Popen[bytes]) -> str:
        return Path(process.log_path).read_text(errors="replace")  # type: ignore[attr-defined]

    @staticmethod
    def kill(process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and its pool processes at once: no shutdown of any kind."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, process: subprocess.Popen[bytes]) -> str:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
        output = self.log(process)
        assert process.returncode == 0, output
        return output


def _dead(process: subprocess.Popen[bytes]) -> bool:
    return process.poll() is not None


class RedisServer:
    """A ``redis-server`` of the test's own on a free loopback port, configured as production
    should be (append-only file, fsync on every write), so what it acknowledged survives a
    SIGKILL. ``kill`` and ``start`` again keep the port and the data directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        directory.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.starts += 1
        with (self.directory / f"redis{self.starts}.log").open("wb") as log:
            self.process = subprocess.Popen(
                [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                 "--dir", str(self.directory), "--appendonly", "yes",
                 "--appendfsync", "always", "--save", "", "--protected-mode", "yes",
                 "--daemonize", "no"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)

        def answers() -> bool:
            assert self.process is not None and self.process.poll() is None, self.log()
            try:
                return bool(client.ping())
            except redis.exceptions.RedisError:
                return False

        try:
            wait_until(answers, timeout_s=30, what=f"redis-server on port {self.port}")
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final save; only what the append-only file holds remains."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        return "".join(p.read_text(errors="replace")
                       for p in sorted(self.directory.glob("redis*.log")))


class SchedulerThread:
    """The scheduler sending ``store``'s due work (German translations) to ``app``'s queues
    every 0.2 s, on a thread of its own, as ``bbabo scheduler`` does in a cluster. No stories
    passes unless asked (``stories=True``): these workers take no ``stories`` queue."""

    def __init__(self, store: Store, app: Any, **config: Any) -> None:
        config.setdefault("stories", False)
        scheduler = Scheduler(store=store, sender=CelerySender(app), targets=("de",),
                              clock=utcnow, config=SchedulerConfig(
                                  interval_s=0.2, translate_linger_s=0.5, **config))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=scheduler.run, args=(self._stop,), daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop ticking and wait for the tick under way; again is harmless."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
