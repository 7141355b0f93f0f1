"""`bbabo crawl --once` on a store `bbabo run` filled with the demo's sources (the README's CLI
section invites it): the demo's loopback feeds are allowed as `bbabo run` allows them, whether
`bbabo run` is serving them or not, instead of each demo source being recorded as failing and
backed off for a day."""

from __future__ import annotations

import http.server
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bbabo.cli import cli
from bbabo.demo import serves_demo, start_demo_server
from bbabo.errors import Forbidden
from bbabo.fetch import FetchOptions, fetch_page, make_client
from bbabo.pipeline.demo import PendingDemo, start_demo
from bbabo.store import open_store
from runprocess import free_port

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def crawl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int,
                                                                     Callable[[], Result]]:
    url, port = f"sqlite:///{tmp_path}/bbabo.db", free_port()
    monkeypatch.setenv("BBABO_DATABASE_URL", url)
    monkeypatch.setenv("BBABO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BBABO_DEMO_PORT", str(port))
    monkeypatch.chdir(tmp_path)
    store = open_store(url)
    try:  # what `bbabo run`'s first start leaves: the demo's sources, its server stopped
        server = start_demo(store, port=port, now=NOW)
        assert server is not None
        server.stop()
    finally:
        store.close()
    return url, port, lambda: CliRunner().invoke(cli, ["crawl", "--once", "--host-delay", "0"])


def _failing(url: str) -> list[str]:
    store = open_store(url)
    try:
        return [f"{s.url}: {s.last_error}" for s in store.sources.list() if s.consecutive_failures]
    finally:
        store.close()


def test_crawl_once_reads_the_demo_without_bbabo_run(
        crawl: tuple[str, int, Callable[[], Result]]) -> None:
    url, _, run = crawl
    result = run()
    assert result.exit_code == 0, result.output
    assert "blocked_address" not in result.output
    assert " 0 failed; pages:" in result.output and " 0 new," not in result.output, result.output
    assert _failing(url) == []


def test_crawl_once_reads_the_demo_bbabo_run_serves(
        crawl: tuple[str, int, Callable[[], Result]]) -> None:
    url, port, run = crawl
    server = start_demo_server(port=port)  # as a running `bbabo run` holds the port
    try:
        result = run()
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert "blocked_address" not in result.output
    assert _failing(url) == []


def test_with_the_demo_off_the_guard_still_refuses_loopback(
        crawl: tuple[str, int, Callable[[], Result]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _, run = crawl
    monkeypatch.setenv("BBABO_DEMO", "0")
    result = run()
    assert result.exit_code == 0
    assert "fetch.blocked_address" in result.output
    assert len(_failing(url)) == 3


def test_bbabo_run_started_while_a_crawl_serves_the_demo_takes_the_port_over(
        crawl: tuple[str, int, Callable[[], Result]]) -> None:
    url, port, _ = crawl
    held = start_demo_server(port=port)  # a `bbabo crawl --once` serving the demo right now
    store = open_store(url)
    try:
        demo = start_demo(store, port=port, now=NOW)
        assert isinstance(demo, PendingDemo)
        assert demo.base_url == f"http://127.0.0.1:{port}"  # allowed from the start
        held.stop()  # the crawl ends
        deadline = time.monotonic() + 15
        while demo.server is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert demo.server is not None
        with urllib.request.urlopen(f"{demo.base_url}/", timeout=5) as answer:
            assert answer.status == 200
        demo.stop()
        with pytest.raises(OSError):
            urllib.request.urlopen(f"{demo.base_url}/", timeout=5)
    finally:
        held.stop()
        store.close()


def test_a_demo_port_another_program_keeps_is_given_up_with_one_error(
        crawl: tuple[str, int, Callable[[], Result]], caplog: pytest.LogCaptureFixture) -> None:
    _, port, _ = crawl
    held = start_demo_server(port=port)
    try:
        demo = PendingDemo(port, first_error=OSError(98, "Address already in use"),
                           retry_s=0.05, give_up_s=0.2)
        demo._thread.join(timeout=5)
        assert demo.server is None
        errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
        assert len(errors) == 1 and "BBABO_DEMO_PORT" in errors[0], errors
        demo.stop()
    finally:
        held.stop()


def _fetch_status(options: FetchOptions, url: str) -> int:
    with make_client(options) as client:
        return fetch_page(client, url, options).status


def test_a_waiting_demo_lets_the_guard_through_until_it_is_stopped(
        crawl: tuple[str, int, Callable[[], Result]]) -> None:
    _, port, _ = crawl
    held = start_demo_server(port=port)  # a `bbabo crawl --once` serving the demo for seconds
    try:
        demo = PendingDemo(port, first_error=OSError(98, "Address already in use"),
                           retry_s=0.05, give_up_s=60)
        options = FetchOptions(revocable_origins=demo.allowed_origins)
        assert _fetch_status(options, f"{demo.base_url}/") == 200
        demo.stop()
        with pytest.raises(Forbidden):
            _fetch_status(options, f"{demo.base_url}/")
    finally:
        held.stop()


def test_a_demo_port_given_up_is_refused_by_the_guard(
        crawl: tuple[str, int, Callable[[], Result]]) -> None:
    _, port, _ = crawl
    held = start_demo_server(port=port)  # another program keeps the port for good
    try:
        demo = PendingDemo(port, first_error=OSError(98, "Address already in use"),
                           retry_s=0.05, give_up_s=0.2)
        options = FetchOptions(revocable_origins=demo.allowed_origins)
        demo._thread.join(timeout=5)
        assert not demo._thread.is_alive() and demo.server is None
        assert demo.allowed_origins() == frozenset()
        with pytest.raises(Forbidden) as refused:
            _fetch_status(options, f"{demo.base_url}/")
        assert refused.value.code == "fetch.blocked_address"
        demo.stop()
    finally:
        held.stop()


class _OtherProgram:
    """Another program's HTTP server on the demo's port: not bbabo's demo."""

    def __init__(self, port: int) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            server_version = "not-bbabo"

            def do_GET(self) -> None:
                body = b"private\n"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_GET

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_demo_port_held_by_another_program_is_never_allowed(
        crawl: tuple[str, int, Callable[[], Result]]) -> None:
    url, port, run = crawl
    other = _OtherProgram(port)
    try:
        assert serves_demo(port) is False
        demo = PendingDemo(port, first_error=OSError(98, "Address already in use"),
                           retry_s=0.05, give_up_s=60)
        try:
            # Not even while it waits for the port: the holder is not bbabo's.
            assert demo.allowed_origins() == frozenset()
            options = FetchOptions(revocable_origins=demo.allowed_origins)
            with pytest.raises(Forbidden):
                _fetch_status(options, f"{demo.base_url}/")
        finally:
            demo.stop()
        # `bbabo crawl --once` does not let the demo's feeds reach it either.
        result = run()
    finally:
        other.stop()
    assert result.exit_code == 0
    assert "fetch.blocked_address" in result.output
    assert len(_failing(url)) == 3


def test_bbabos_own_demo_server_is_recognised() -> None:
    port = free_port()
    assert serves_demo(port) is False  # nothing listens
    server = start_demo_server(port=port)
    try:
        assert serves_demo(port) is True
    finally:
        server.stop()
