"""The demo: with no sources, ``bbabo run`` serves the bundled corpus from a loopback server and
subscribes to its feeds like any other source, so the sample articles take the real path."""

from __future__ import annotations

import logging
from datetime import datetime

from bbabo.demo import DemoServer, start_demo_server
from bbabo.store import Store

__all__ = ["demo_origin", "start_demo"]

log = logging.getLogger(__name__)


def demo_origin(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def start_demo(store: Store, *, port: int, now: datetime) -> DemoServer | None:
    """Start the demo server if the store has no sources, or still has demo sources.

    On a first start the demo feeds are added as sources; once the operator removes them and adds
    their own, the demo is not started again."""
    existing = store.sources.list()
    origin = demo_origin(port)
    if existing and not any(s.url.startswith(origin + "/") for s in existing):
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
