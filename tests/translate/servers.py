"""Local HTTP servers on 127.0.0.1 for the translate tests: a fake LibreTranslate and a fake
model package index (with HTTP Range and a way to break a download half-way)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .conftest import TINY_MODEL

__all__ = ["FakeLibreTranslate", "FakeIndex", "serve", "argos_package", "index_entry"]


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler], owner: Any) -> Iterator[str]:
    """Run ``handler`` (which reads ``self.server.owner``) on a free port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.owner = owner  # type: ignore[attr-defined]
    server.handle_error = lambda *args: None  # type: ignore[method-assign]  # killed clients
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@dataclass
class FakeLibreTranslate:
    """LibreTranslate's API: ``GET /languages``, ``POST /translate`` with ``q`` a string or list.

    Translates ``text`` into ``f"{target}: {text}"``. ``requests`` records each translate call's
    sentences once answered. With ``gate_after=n``, call n+1 waits until ``gate.set()``
    (``gated`` is set when it arrives), so a test can kill the client mid-request.
    """

    languages: dict[str, list[str]] = field(default_factory=lambda: {
        "en": ["ru", "pl", "es"], "ru": ["en", "uk"], "uk": ["ru"], "es": ["en"], "zt": ["en"]})
    api_key: str = ""
    gate_after: int | None = None
    fail_with: int | None = None
    requests: list[list[str]] = field(default_factory=list)
    received: int = 0
    gate: threading.Event = field(default_factory=threading.Event)
    gated: threading.Event = field(default_factory=threading.Event)
    translate: Callable[[str, str], str] = lambda text, target: f"{target}: {text}"
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def running(self) -> Iterator[str]:
        with serve(_LibreHandler, self) as url:
            yield url


class _LibreHandler(_Handler):
    def do_GET(self) -> None:  # noqa: N802 - stdlib's name
        fake: FakeLibreTranslate = self.server.owner  # type: ignore[attr-defined]
        if self.path != "/languages":
            return self._send(404, b'{"error": "Not Found"}')
        listing = [{"code": code, "name": code, "targets": targets}
                   for code, targets in fake.languages.items()]
        self._send(200, json.dumps(listing).encode())

    def do_POST(self) -> None:  # noqa: N802
        fake: FakeLibreTranslate = self.server.owner  # type: ignore[attr-defined]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if fake.fail_with is not None:
            return self._send(fake.fail_with, b'{"error": "Slowdown: too many requests"}')
        if fake.api_key and body.get("api_key") != fake.api_key:
            return self._send(403, b'{"error": "Invalid API key"}')
        q, source, target = body["q"], body["source"], body["target"]
        if target not in fake.languages.get(source, []):
            return self._send(400, json.dumps({"error": f"{source} is not supported"}).encode())
        with fake._lock:
            fake.received += 1
            number = fake.received
        if fake.gate_after is not None and number > fake.gate_after:
            fake.gated.set()
            fake.gate.wait(30)
        texts = q if isinstance(q, list) else [q]
        answer = [fake.translate(text, target) for text in texts]
        self._send(200, json.dumps({"translatedText": answer if isinstance(q, list)
                                    else answer[0]}).encode())
        with fake._lock:
            fake.requests.append(list(texts))


@dataclass
class FakeIndex:
    """Static files (``files``: path -> bytes) honouring ``Range: bytes=N-``. A path listed in
    ``break_once`` is sent half-way once (full Content-Length, then the connection drops).
    ``ranges`` records the Range header of each package (non-JSON) request."""

    files: dict[str, bytes] = field(default_factory=dict)
    break_once: set[str] = field(default_factory=set)
    redirects: dict[str, str] = field(default_factory=dict)
    ranges: list[str | None] = field(default_factory=list)

    @contextmanager
    def running(self) -> Iterator[str]:
        with serve(_IndexHandler, self) as url:
            yield url


class _IndexHandler(_Handler):
    def do_GET(self) -> None:  # noqa: N802
        index: FakeIndex = self.server.owner  # type: ignore[attr-defined]
        if self.path in index.redirects:
            return self._send(302, b"", headers={"Location": index.redirects[self.path]})
        body = index.files.get(self.path)
        if body is None:
            return self._send(404, b"not found", "text/plain")
        if not self.path.endswith(".json"):
            index.ranges.append(self.headers.get("Range"))
        wanted = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
        if self.path in index.break_once:
            index.break_once.discard(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        if wanted is not None and int(wanted.group(1)) < len(body):
            start = int(wanted.group(1))
            return self._send(206, body[start:], "application/octet-stream", {
                "Content-Range": f"bytes {start}-{len(body) - 1}/{len(body)}"})
        content_type = "application/json" if self.path.endswith(".json") else "application/zip"
        return self._send(200, body, content_type)


def argos_package(src: str = "ru", tgt: str = "pl", version: str = "1.1",
                  root: str | None = None) -> bytes:
    """An .argosmodel: a zip of one folder with metadata.json, model/ and sentencepiece.model."""
    folder = root if root is not None else f"translate-{src}_{tgt}-{version.replace('.', '_')}/"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr(folder + "metadata.json", json.dumps(
            {"package_version": version, "from_code": src, "to_code": tgt,
             "package_name": f"{src}-{tgt} test package"}))
        for name in ("model.bin", "config.json", "shared_vocabulary.json"):
            bundle.write(TINY_MODEL / name, folder + "model/" + name)
        bundle.write(TINY_MODEL / "source.spm", folder + "sentencepiece.model")
        # The tiny model's short position limit, declared the way a package made for bbabo can.
        bundle.write(TINY_MODEL / "bbabo-model.json", folder + "bbabo-model.json")
    return buffer.getvalue()


def index_entry(base: str, path: str, body: bytes | None, version: str = "1.1",
                pair: tuple[str, str] = ("ru", "pl")) -> dict[str, object]:
    entry: dict[str, object] = {
        "type": "translate", "code": f"translate-{pair[0]}_{pair[1]}", "from_code": pair[0],
        "to_code": pair[1], "package_version": version, "argos_version": "1.0",
        "links": [base + path]}
    if body is not None:
        entry["checksum"] = "sha256:" + hashlib.sha256(body).hexdigest()
    return entry
