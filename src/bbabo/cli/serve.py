"""``bbabo serve`` (the web site alone) and ``bbabo run`` (everything in one process)."""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import replace

import click
import uvicorn

from bbabo import fetch
from bbabo.cli.context import AppContext, utcnow
from bbabo.config import Settings
from bbabo.demo import DemoServer
from bbabo.errors import UsageError
from bbabo.pipeline import websub
from bbabo.pipeline.components import (
    model_keeper,
    poll_policy,
    reading_budget,
    story_keeper,
    translator_for,
)
from bbabo.pipeline.crawl import CrawlOptions
from bbabo.pipeline.demo import start_demo
from bbabo.pipeline.publish import Publisher
from bbabo.pipeline.websub import WebSubOptions
from bbabo.tasks.heartbeat import Heartbeat
from bbabo.tasks.local import WorkerConfig, Workers
from bbabo.translate import Translator
from bbabo.translate.packages.keeper import ModelKeeper
from bbabo.web.admin import ConsoleOptions
from bbabo.web.app import create_app
from bbabo.web.server import server_limits

__all__ = ["COMMANDS"]

log = logging.getLogger(__name__)

_host = click.option("--host", help="Address to listen on (default 127.0.0.1; BBABO_HOST).")
_port = click.option("--port", type=int, help="Port to listen on (default 8000; BBABO_PORT).")


def _check_port_free(host: str, port: int) -> None:
    """Fail with one line before starting anything, rather than after uvicorn's bind error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror} "
                             "(choose another with --port or BBABO_PORT)",
                             code="usage.port_in_use") from None


def _exit_cleanly(signum: int, frame: object) -> None:
    # A second Ctrl-C (or TERM) while the `finally` blocks stop the workers means "now".
    signal.signal(signal.SIGINT, _exit_forced)
    signal.signal(signal.SIGTERM, _exit_forced)
    raise SystemExit(0)


def _exit_forced(signum: int, frame: object) -> None:
    """End the process at once, with a status that says the stop was not clean: raising
    SystemExit would still wait for the workers' threads, which is what the user cut short.
    What is stored stays consistent (each write is a transaction); work in flight is done again
    on the next start."""
    log.warning("stopped at once (signal %d again): work in flight is dropped", signum)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    _hard_exit(128 + signum)


_hard_exit = os._exit  # tests put a raising stand-in here


def _on_signal(server: uvicorn.Server) -> Callable[[int, object], None]:
    """The handler uvicorn passes its stop signal on to once it has shut down: a clean exit,
    unless the signal came twice while it waited for connections (its force-quit), which
    uvicorn passes on once only."""
    def handle(signum: int, frame: object) -> None:
        if server.force_exit:
            _exit_forced(signum, frame)
        _exit_cleanly(signum, frame)
    return handle


def _serve(app: AppContext, *, can_translate: Callable[[str, str], bool] | None = None,
           on_delivery: Callable[[], None] = lambda: None,
           console: ConsoleOptions | None = None) -> None:
    settings = app.settings
    # Bounded heads, head timeout, connection limit (bbabo.web.server): the site may face
    # the network with no proxy in front.
    config = uvicorn.Config(create_app(settings, app.store, can_translate=can_translate,
                                       on_delivery=on_delivery, console=console),
                            host=settings.host,
                            port=settings.port, log_config=None, access_log=False,
                            server_header=False, **server_limits())
    server = uvicorn.Server(config)
    log.info("site at http://%s:%d/", settings.host, settings.port)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal to the handler that was
    # there before it: make that handler a clean exit, so `finally` blocks (stopping the workers)
    # run and a service manager sees status 0.
    handler = _on_signal(server)
    signal.signal(signal.SIGTERM, handler)
    # Ctrl-C too: uvicorn stops gracefully on it, then re-raises it, and Python's default
    # KeyboardInterrupt made click print "Aborted!" after bbabo's own "stopped".
    signal.signal(signal.SIGINT, handler)
    # What exists now (modules, the app) lives as long as the process: kept out of the cyclic
    # collector's sweeps, which otherwise visit all of it in every full collection (~37 ms
    # for the ~90,000 objects of a search process, in the middle of whichever request it
    # fell on: the slowest cross-lingual searches in bench/xsearch.py were those).
    gc.freeze()
    server.run()


@click.command()
@_host
@_port
@click.pass_obj
def serve(app: AppContext, host: str | None, port: int | None) -> None:
    """Serve the web site."""
    app.override(host=host, port=port)
    _check_port_free(app.settings.host, app.settings.port)
    heartbeat = Heartbeat(app.store, "serve", clock=utcnow).start()
    try:
        _serve(app)
    finally:
        heartbeat.stop()


@click.command()
@_host
@_port
@click.pass_obj
def run(app: AppContext, host: str | None, port: int | None) -> None:
    """Poll sources on their interval, translate, and serve the site, until Ctrl-C/SIGTERM."""
    app.override(host=host, port=port)
    settings = app.settings
    _check_port_free(settings.host, settings.port)
    if settings.broker_url:
        # Same stage code either way: a broker only matters to `bbabo scheduler`/`bbabo worker`.
        log.info("a broker is configured, but `bbabo run` does all the work in this process; "
                 "to spread it, run `bbabo serve`, `bbabo scheduler` and `bbabo worker`")
    options = app.fetch_options
    demo = start_demo(app.store, port=settings.demo_port, now=utcnow()) if settings.demo else None
    # The demo server is on loopback, which the fetcher refuses: allow exactly its origin.
    if isinstance(demo, DemoServer):
        options = replace(options, allowed_origins=options.allowed_origins | {demo.base_url})
        log.info("demo corpus served at %s", demo.base_url)  # a PendingDemo logs it once it binds
    elif demo is not None:
        # Revocable: the port may stay with another program, whose service must not be allowed.
        options = replace(options, revocable_origins=demo.allowed_origins)
    translator = translator_for(settings)
    # With BBABO_EXPORT_DIR, a publish thread keeps the static copy of the site current.
    publish = Publisher.for_settings(
        settings, app.store, clock=utcnow,
        make_site=lambda: create_app(settings.for_export(), app.store, clock=utcnow,
                                     page_cache=False))
    workers = Workers(store=app.store, http=app.http, options=options, translator=translator,
                      clock=utcnow, config=WorkerConfig(
                          targets=settings.target_languages, publish=publish,
                          crawl=CrawlOptions(poll=poll_policy(settings),
                                             budget=reading_budget(settings)),
                          maintain=_websub(app, options),
                          stories=story_keeper(app.store, clock=utcnow),
                          models_kept=_keeps_models(settings)))
    workers.start()
    keeper = _model_keeper(app, translator, on_installed=workers.wake_translation)
    heartbeat = Heartbeat(app.store, "run", clock=utcnow).start()
    try:
        # The console shows this translator's missing pairs, and a model it installs wakes
        # the translation thread.
        _serve(app, can_translate=translator.can_translate, on_delivery=workers.wake_crawl,
               console=ConsoleOptions(translator=translator,
                                      on_models_installed=workers.wake_translation))
    finally:
        log.info("stopping workers")
        heartbeat.stop()
        if keeper is not None:
            keeper.stop()
        workers.stop()
        if demo is not None:
            demo.stop()
        log.info("stopped")


def _websub(app: AppContext, options: fetch.FetchOptions) -> Callable[[], None] | None:
    """WebSub subscriptions kept after each crawl pass, when the site has a public address
    for hubs to call back (without one, polling alone)."""
    settings = app.settings
    if not settings.public_url:
        return None
    websub_options = WebSubOptions(public_url=settings.public_url)

    def maintain() -> None:
        websub.maintain(store=app.store, http=app.http, fetch_options=options,
                        options=websub_options, now=utcnow())

    return maintain


def _keeps_models(settings: Settings) -> bool:
    return settings.models_auto_install and "ctranslate2" in settings.translate_engines


def _model_keeper(app: AppContext, translator: Translator,
                  on_installed: Callable[[], None]) -> ModelKeeper | None:
    settings = app.settings
    if not _keeps_models(settings):
        return None
    keeper = model_keeper(settings, store=app.store, translator=translator,
                          on_installed=on_installed)
    keeper.start()
    return keeper


COMMANDS = [serve, run]
