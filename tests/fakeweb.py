"""A real HTTP server on 127.0.0.1 for tests: files from ``tests/fixtures/site/`` plus routes a
test programs (status, headers, body, delay, chunked streaming, gzip, or raw bytes written as they
are, status line and headers included, for servers that misbehave below HTTP).

Use it through the ``fakeweb`` fixture (``pytest_plugins = ["fakeweb"]`` in tests/conftest.py)::

    def test_feed(fakeweb):
        fakeweb.route("/slow", Reply(body=b"late", delay=2.0))
        fakeweb.route("/dynamic", lambda request: Reply(body=request.path.encode()))
        fakeweb.redirect("/old", "/feeds/rss.xml", status=301)
        url = fakeweb.url("/feeds/rss.xml")

Static files answer conditional GETs (ETag / If-None-Match, Last-Modified / If-Modified-Since)
with 304, like a well-behaved publisher. ``fakeweb.requests`` records every request served.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import mimetypes
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

__all__ = ["FakeWeb", "Reply", "Request", "SITE_ROOT", "fakeweb"]

log = logging.getLogger(__name__)

SITE_ROOT = Path(__file__).parent / "fixtures" / "site"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Reply:
    """What a route answers. An iterable ``body`` is streamed chunked, without Content-Length.
    ``raw`` replaces the whole answer: its pieces are written as they are, ``chunk_delay``
    apart, and the connection is closed after them (a header drip, a broken status line)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
    delay: float = 0.0
    chunk_delay: float = 0.0
    gzip: bool = False
    raw: Iterable[bytes] | None = None


Handler = Callable[[Request], Reply]


class FakeWeb:
    def __init__(self, root: Path = SITE_ROOT) -> None:
        self.root = root.resolve()
        self.requests: list[Request] = []
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._server.handle_error = _quiet_error  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, reply: Reply | Handler | None = None, **fields: object) -> None:
        """Answer ``path`` with a fixed Reply, a handler function, or Reply(**fields)."""
        if reply is None:
            reply = Reply(**fields)  # type: ignore[arg-type]
        handler = reply if callable(reply) else _constant(reply)
        with self._lock:
            self._routes[path] = handler

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.route(path, Reply(status=status, headers={"Location": to}))

    def start(self) -> FakeWeb:
        self._thread.start()
        return self

    def reset(self) -> None:
        with self._lock:
            self._routes.clear()
            self.requests.clear()

    def close(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            handler = self._routes.get(request.path)
        if handler is not None:
            return handler(request)
        return _static(self.root, request)


def _constant(reply: Reply) -> Handler:
    return lambda request: reply


def _static(root: Path, request: Request) -> Reply:
    target = (root / request.path.lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(root) or not target.is_file():
        return Reply(status=404, headers={"Content-Type": "text/plain"}, body=b"not found")
    body = target.read_bytes()
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    modified = formatdate(int(target.stat().st_mtime), usegmt=True)
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if target.suffix == ".json":
        content_type = "application/feed+json"
    headers = {"ETag": etag, "Last-Modified": modified, "Content-Type": content_type}
    if _not_modified(request.headers, etag, modified):
        return Reply(status=304, headers={"ETag": etag, "Last-Modified": modified})
    return Reply(headers=headers, body=body)


def _not_modified(headers: dict[str, str], etag: str, modified: str) -> bool:
    if "if-none-match" in headers:
        return etag in [tag.strip() for tag in headers["if-none-match"].split(",")]
    since = headers.get("if-modified-since")
    if since:
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _quiet_error(request: object, client_address: object) -> None:
    # Clients that give up early (timeouts, size caps) break the pipe; that is the point.
    log.debug("fakeweb request failed", exc_info=True)


def _make_handler(web: FakeWeb) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body are separate writes: without this, Nagle's algorithm and delayed
        # ACKs add ~40 ms to every response of a kept-alive connection.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self._serve(send_body=True)

        def do_HEAD(self) -> None:
            self._serve(send_body=False)

        def do_POST(self) -> None:
            self._serve(send_body=True)

        def log_message(self, format: str, *args: object) -> None:
            log.debug("fakeweb: " + format, *args)

        def _serve(self, *, send_body: bool) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(method=self.command, path=parts.path, query=parts.query,
                              headers={k.lower(): v for k, v in self.headers.items()},
                              body=self.rfile.read(length) if length else b"")
            reply = web._answer(request)
            if reply.delay and web._stop.wait(reply.delay):
                return
            try:
                self._send(reply, send_body=send_body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _send(self, reply: Reply, *, send_body: bool) -> None:
            if reply.raw is not None:
                self.close_connection = True
                for piece in _chunks(reply.raw, reply.chunk_delay, web._stop):
                    self.wfile.write(piece)
                    self.wfile.flush()
                return
            self.send_response(reply.status)
            body = reply.body
            headers = dict(reply.headers)
            if isinstance(body, bytes):
                if reply.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                headers.setdefault("Content-Length", str(len(body)))
            else:
                headers["Transfer-Encoding"] = "chunked"
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not send_body or reply.status in (204, 304):
                return
            if isinstance(body, bytes):
                self.wfile.write(body)
                return
            for chunk in _chunks(body, reply.chunk_delay, web._stop):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")

    return _Handler


def _chunks(body: Iterable[bytes], delay: float, stop: threading.Event) -> Iterator[bytes]:
    for chunk in body:
        if stop.is_set():
            return
        if chunk:
            yield chunk
        if delay and stop.wait(delay):
            return


@pytest.fixture(scope="session")
def _fakeweb_server() -> Iterator[FakeWeb]:
    web = FakeWeb().start()
    yield web
    web.close()


@pytest.fixture
def fakeweb(_fakeweb_server: FakeWeb) -> Iterator[FakeWeb]:
    """The shared fake web server, with routes and request log cleared for each test."""
    _fakeweb_server.reset()
    yield _fakeweb_server
    _fakeweb_server.reset()
