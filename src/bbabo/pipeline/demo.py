"""The demo: with no sources, ``bbabo run`` serves the bundled corpus from a loopback server and
subscribes to its feeds like any other source, so the sample articles take the real path."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from bbabo.demo import DemoServer, serves_demo, start_demo_server
from bbabo.model import Source
from bbabo.store import Store

__all__ = ["demo_origin", "start_demo", "demo_for_crawl", "PendingDemo"]

log = logging.getLogger(__name__)


def demo_origin(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def _has_demo_sources(sources: Iterable[Source], port: int) -> bool:
    origin = demo_origin(port) + "/"
    return any(source.url.startswith(origin) for source in sources)


def start_demo(store: Store, *, port: int, now: datetime) -> DemoServer | PendingDemo | None:
    """Start the demo server if the store has no sources, or still has demo sources.

    On a first start the demo feeds are added as sources; once the operator removes them and adds
    their own, the demo is not started again."""
    existing = store.sources.list()
    if existing and not _has_demo_sources(existing, port):
        return None
    try:
        server = start_demo_server(port=port)
    except OSError as exc:
        if existing:
            # The demo's sources are there, so the port is most likely held by a `bbabo crawl
            # --once` serving the demo for its few seconds: take the port over when it ends.
            return PendingDemo(port, first_error=exc)
        log.error("demo server cannot listen on 127.0.0.1:%d: %s (set BBABO_DEMO_PORT)",
                  port, exc)
        return None
    if not existing:
        for site in server.sites:
            store.sources.add(url=site.feed_url, now=now, name=site.name, site_url=site.home_url,
                              lang_hint=site.lang, section=site.section, poll_interval_s=3600)
        log.info("demo sources added: %s", ", ".join(site.name for site in server.sites))
    return server


class PendingDemo:
    """The demo for a store that has its sources when its port is taken at start: its origin
    is allowed at once (:meth:`allowed_origins`) if what holds the port is a bbabo demo server,
    and the port is tried again every ``retry_s`` seconds for ``give_up_s``, since a one-off
    crawl serving the demo lets it go within seconds. Giving up withdraws the allowance.
    Stopped like a :class:`DemoServer`."""

    def __init__(self, port: int, *, first_error: OSError, retry_s: float = 2.0,
                 give_up_s: float = 300.0) -> None:
        self.base_url = demo_origin(port)
        self.server: DemoServer | None = None
        self._port = port
        self._retry_s, self._give_up_s = retry_s, give_up_s
        self._stop = threading.Event()
        self._given_up = threading.Event()
        # Allowed while waiting only if the holder is a bbabo demo (a `bbabo crawl --once`).
        self._holder_is_demo = serves_demo(port)
        if not self._holder_is_demo:
            log.warning("demo port 127.0.0.1:%d is held by a program that is not bbabo's demo: "
                        "its address stays refused", port)
        self._thread = threading.Thread(target=self._keep_trying, name="demo-retry",
                                        daemon=True)
        log.info("demo port 127.0.0.1:%d is busy (%s); trying again for %.0f s",
                 port, first_error.strerror or first_error, give_up_s)
        self._thread.start()

    def _keep_trying(self) -> None:
        try:
            self._try_to_bind()
        finally:
            if self.server is None:  # given up, stopped, or an unexpected failure: no demo
                self._given_up.set()

    def _try_to_bind(self) -> None:
        waited = 0.0
        while not self._stop.wait(self._retry_s):
            waited += self._retry_s
            try:
                self.server = start_demo_server(port=self._port)
            except OSError as exc:
                if waited >= self._give_up_s:
                    self._given_up.set()
                    log.error("demo server cannot listen on 127.0.0.1:%d: %s (set "
                              "BBABO_DEMO_PORT)", self._port, exc.strerror or exc)
                    return
                continue
            log.info("demo corpus served at %s", self.base_url)
            if self._stop.is_set():  # stopped while it was starting
                self.server.stop()
            return

    def allowed_origins(self) -> frozenset[str]:
        """The demo's origin, to exempt from the address guard until the port is given up or
        the demo stopped: then whatever program holds that loopback port is not bbabo's, and
        fetching from it must be refused like any other private address."""
        if self._stop.is_set() or self._given_up.is_set():
            return frozenset()
        if self.server is None and not self._holder_is_demo:
            return frozenset()
        return frozenset({self.base_url})

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        if self.server is not None:
            self.server.stop()


@contextmanager
def demo_for_crawl(store: Store, *, port: int, enabled: bool = True) -> Iterator[str | None]:
    """For a one-off crawl (``bbabo crawl --once``) of a store that still has the demo's
    sources: the demo's origin, to allow past the private-address guard as ``bbabo run``
    allows it, served for the crawl's length when no ``bbabo run`` serves it already. Without
    this the guard refused the demo's loopback feeds and every demo source was recorded as
    failing, backing off for a day. None when the store has no demo source, or the demo is
    switched off (``BBABO_DEMO=0``)."""
    if not enabled or not _has_demo_sources(store.sources.list(), port):
        yield None
        return
    try:
        server: DemoServer | None = start_demo_server(port=port)
    except OSError:
        server = None  # the port is taken: by `bbabo run` serving the demo, or not?
        if not serves_demo(port):
            log.warning("demo port 127.0.0.1:%d is held by a program that is not bbabo's "
                        "demo: the demo's feeds stay refused", port)
            yield None
            return
    try:
        yield demo_origin(port)
    finally:
        if server is not None:
            server.stop()
