"""The demo: with no sources, ``bbabo run`` serves the bundled corpus from a loopback server and
subscribes to its feeds like any other source, so the sample articles take the real path."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from bbabo.demo import DemoServer, start_demo_server
from bbabo.model import Source
from bbabo.store import Store

__all__ = ["demo_origin", "start_demo", "demo_for_crawl"]

log = logging.getLogger(__name__)


def demo_origin(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def _has_demo_sources(sources: Iterable[Source], port: int) -> bool:
    origin = demo_origin(port) + "/"
    return any(source.url.startswith(origin) for source in sources)


def start_demo(store: Store, *, port: int, now: datetime) -> DemoServer | None:
    """Start the demo server if the store has no sources, or still has demo sources.

    On a first start the demo feeds are added as sources; once the operator removes them and adds
    their own, the demo is not started again."""
    existing = store.sources.list()
    if existing and not _has_demo_sources(existing, port):
        return None
    try:
        server = start_demo_server(port=port)
    except OSError as exc:
        log.error("demo server cannot listen on 127.0.0.1:%d: %s (set BBABO_DEMO_PORT)",
                  port, exc)
        return None
    if not existing:
        for site in server.sites:
            store.sources.add(url=site.feed_url, now=now, name=site.name, site_url=site.home_url,
                              lang_hint=site.lang, section=site.section, poll_interval_s=3600)
        log.info("demo sources added: %s", ", ".join(site.name for site in server.sites))
    return server


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
        server = None  # the port is taken: `bbabo run` serves the demo there
    try:
        yield demo_origin(port)
    finally:
        if server is not None:
            server.stop()
