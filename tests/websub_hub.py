"""A real WebSub hub on 127.0.0.1 for tests and benchmarks: Flask-WebSub's (a hub no one here
wrote, from PyPI), served by werkzeug in a thread, its Celery tasks run eagerly (no broker).

It verifies a subscriber's intent with a GET to the callback before it answers the request,
keeps subscriptions in SQLite, signs every delivery with the subscription's secret
(``X-Hub-Signature``, the algorithm given), and, as its ``publish`` mode does, fetches the
topic and posts it to each subscriber. A topic must name the hub and itself in a ``Link``
header (Flask-WebSub checks).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import httpx

__all__ = ["LocalHub"]


class LocalHub:
    def __init__(self, directory: Path, *, algorithm: str = "sha256", min_lease_s: int = 60,
                 max_lease_s: int = 31 * 86400) -> None:
        from celery import Celery
        from flask import Flask
        from flask_websub.hub import Hub, SQLite3HubStorage
        from werkzeug.serving import make_server

        app = Flask("bbabo-test-hub")
        app.config.update(PUBLISH_SUPPORTED=True, HUB_MIN_LEASE_SECONDS=min_lease_s,
                          HUB_MAX_LEASE_SECONDS=max_lease_s,
                          HUB_DEFAULT_LEASE_SECONDS=min(max(10 * 86400, min_lease_s),
                                                        max_lease_s))
        celery = Celery("bbabo-test-hub", broker="memory://", set_as_current=False)
        celery.conf.update(task_always_eager=True, task_eager_propagates=False)
        self.storage = SQLite3HubStorage(str(directory / "hub.db"))
        hub = Hub(self.storage, celery, SIGNATURE_ALGORITHM=algorithm, REQUEST_TIMEOUT=10,
                  MAX_ATTEMPTS=1)
        app.register_blueprint(hub.build_blueprint(url_prefix="/hub"))
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/hub"

    def callbacks(self, topic: str) -> list[tuple[str, str]]:
        """(callback URL, secret) of the live subscriptions to ``topic``."""
        return list(self.storage.get_callbacks(topic))

    def publish(self, topic: str) -> httpx.Response:
        """Tell the hub ``topic`` changed: it fetches it and delivers it to every subscriber
        before it answers."""
        return httpx.post(self.url, data={"hub.mode": "publish", "hub.topic": topic},
                          timeout=30)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalHub:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
