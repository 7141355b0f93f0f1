"""A loopback web server that serves the demo corpus as three small news sites.

``bbabo run`` starts it when no sources are configured and adds its feeds as ordinary sources, so
the sample articles travel the real pipeline: feed, fetch, extract, detect, translate, store. The
corpus ships inside the package (``bbabo/demo/corpus``, described by ``sites.json``) and is read
once at start. Feeds and pages name the placeholder origin ``http://demo.invalid``; the server
rewrites it to its own base URL, so the feeds it serves carry working absolute links.

Only ``.html`` and ``.xml`` files are served, from an in-memory table: any other path, including
one with a ``..`` segment, is a 404, and nothing is ever read from the file system by request
path.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote, urlsplit

__all__ = ["PLACEHOLDER_ORIGIN", "DemoServer", "DemoSite", "serves_demo", "start_demo_server"]

log = logging.getLogger(__name__)

PLACEHOLDER_ORIGIN = "http://demo.invalid"
"""The origin the corpus files use for absolute links; replaced by the server's base URL."""

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
}
_MANIFEST = "sites.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoSite:
    """One demo news site: what ``bbabo run`` needs to register it as a source."""

    slug: str
    name: str
    lang: str
    section: str
    feed_url: str
    home_url: str


@dataclass(frozen=True, slots=True)
class _Resource:
    body: bytes
    content_type: str
    etag: str


class DemoServer:
    """A running demo server. Stop it with :meth:`stop`, or use it as a context manager."""

    def __init__(
        self, httpd: _DemoHTTPServer, thread: threading.Thread, base_url: str, sites: list[DemoSite]
    ) -> None:
        self._httpd = httpd
        self._thread = thread
        self._stopped = False
        self.base_url = base_url
        self.sites = sites

    def url(self, path: str) -> str:
        """The absolute URL of a root-relative ``path`` on this server."""
        return self.base_url + "/" + path.lstrip("/")

    def stop(self) -> None:
        """Stop serving and close the listening socket. Calling it again does nothing."""
        if self._stopped:
            return
        self._stopped = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._httpd.close_connections()
        self._thread.join(timeout=5)
        log.info("demo server stopped", extra={"url": self.base_url})

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<DemoServer {self.base_url} sites={[s.slug for s in self.sites]}>"


def start_demo_server(host: str = "127.0.0.1", port: int = 0) -> DemoServer:
    """Serve the packaged demo corpus on ``host:port`` (port 0: any free port) in a daemon thread.

    Returns once the socket listens, so the feeds can be fetched at once.
    """
    root = files("bbabo.demo") / "corpus"
    server_class = _DemoHTTPServer6 if ":" in host else _DemoHTTPServer
    httpd = server_class((host, port), _Handler)
    bound_port = httpd.server_address[1]
    base_url = f"http://{_url_host(host)}:{bound_port}"
    try:
        httpd.resources = _load_resources(root, origin=base_url)
        sites = _load_sites(root, base_url=base_url, resources=httpd.resources)
    except BaseException:
        httpd.server_close()
        raise
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.1},  # stop() waits at most this long
        name=f"bbabo-demo-{bound_port}",
        daemon=True,
    )
    thread.start()
    log.info("demo server started", extra={"url": base_url})
    return DemoServer(httpd, thread, base_url, sites)


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    resources: dict[str, _Resource]

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer is routine; socketserver would print a traceback.
        log.debug("demo server: connection error", exc_info=True)

    def close_connections(self) -> None:
        """End kept-alive connections, whose handler threads outlive ``shutdown()``."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the client

    def lookup(self, path: str) -> _Resource | None:
        """The resource at a decoded URL path; None for unknown and for unsafe paths."""
        if not path.startswith("/") or ".." in path.split("/") or "\\" in path or "\0" in path:
            return None
        return self.resources.get(path)


class _DemoHTTPServer6(_DemoHTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    server_version = "bbabo-demo"
    protocol_version = "HTTP/1.1"
    timeout = 30  # close idle keep-alive connections

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo server: %s %s", self.address_string(), format % args)

    def _respond(self, *, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        resource = self.server.lookup(path)
        if resource is None and self.server.lookup(path + "/") is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if resource is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", send_body)
            return
        if self.headers.get("If-None-Match") == resource.etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", resource.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(HTTPStatus.OK, resource.body, resource.content_type, send_body, resource.etag)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        send_body: bool,
        etag: str | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag is not None:
            self.send_header("ETag", etag)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def serves_demo(port: int, *, timeout_s: float = 2.0) -> bool:
    """Whether the program listening on 127.0.0.1:``port`` is a bbabo demo server (another
    bbabo's, such as a `bbabo run` serving it), by the name it answers with. The demo's origin
    is let past the address guard only then: whatever else holds the port is not bbabo's."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
    try:
        connection.request("HEAD", "/")
        server = connection.getresponse().getheader("Server") or ""
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
    return server.startswith(_Handler.server_version + " ")


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _walk(node: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for child in node.iterdir():
        path = prefix + child.name
        if child.is_dir():
            yield from _walk(child, path + "/")
        else:
            yield path, child


def _load_resources(root: Traversable, *, origin: str) -> dict[str, _Resource]:
    """Every servable file by URL path, with the placeholder origin rewritten to ``origin``."""
    resources: dict[str, _Resource] = {}
    for path, node in _walk(root):
        suffix = path[path.rfind(".") :]
        content_type = _CONTENT_TYPES.get(suffix)
        if content_type is None:
            continue
        body = node.read_text(encoding="utf-8").replace(PLACEHOLDER_ORIGIN, origin).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        resource = _Resource(body, content_type, etag)
        resources["/" + path] = resource
        if path == "index.html" or path.endswith("/index.html"):
            resources["/" + path.removesuffix("index.html")] = resource
    return resources


def _load_sites(
    root: Traversable, *, base_url: str, resources: dict[str, _Resource]
) -> list[DemoSite]:
    entries = json.loads((root / _MANIFEST).read_text(encoding="utf-8"))
    sites: list[DemoSite] = []
    for entry in entries:
        feed_path = "/" + entry["feed"]
        home_path = "/" + entry["home"].removesuffix("index.html")
        if feed_path not in resources or home_path not in resources:
            raise LookupError(f"demo corpus: {entry['slug']!r} names a file it does not ship")
        sites.append(
            DemoSite(
                slug=entry["slug"],
                name=entry["name"],
                lang=entry["lang"],
                section=entry["section"],
                feed_url=base_url + feed_path,
                home_url=base_url + home_path,
            )
        )
    return sites
