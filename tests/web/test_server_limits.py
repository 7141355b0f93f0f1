"""``bbabo serve`` facing the network itself: a request head is bounded in bytes and in time, an
idle connection is closed, and past its connection limit the server answers 503, while it keeps
serving everyone else."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from bbabo.web.server import HEAD_TIMEOUT_S, MAX_CONNECTIONS, MAX_HEAD_BYTES
from runprocess import free_port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": f"sqlite:///{tmp}/bbabo.db", "BBABO_PORT": str(port),
                "BBABO_DATA_DIR": str(tmp / "data")})
    process = subprocess.Popen([sys.executable, "-m", "bbabo", "serve"], cwd=tmp, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(30)


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=HEAD_TIMEOUT_S + 10)


def _answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _still_serves(port: int) -> None:
    assert httpx.get(f"http://127.0.0.1:{port}/robots.txt", timeout=5).status_code == 200


def test_a_head_over_its_size_is_refused(server: int) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n")
        line = b"X-Filler: " + b"a" * 1000 + b"\r\n"
        sent = 0
        try:
            while sent < 8 * MAX_HEAD_BYTES:  # the server stops reading long before this
                sock.sendall(line)
                sent += len(line)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = _answer(sock)
    assert answer.startswith(b"HTTP/1.1 431 ")
    _still_serves(server)


def test_one_header_line_without_end_is_refused_too(server: int) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nX-Long: ")
        try:
            for _ in range(8 * MAX_HEAD_BYTES // 4096):
                sock.sendall(b"a" * 4096)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert _answer(sock).startswith(b"HTTP/1.1 431 ")


def test_a_head_sent_slowly_is_cut_off(server: int) -> None:
    started = time.monotonic()
    with _connect(server) as sock:
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n")
        answer = b""
        try:
            for n in range(int(HEAD_TIMEOUT_S * 3)):
                sock.sendall(b"X-Drip-%d: 1\r\n" % n)  # one header a second, for ever
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = _answer(sock)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < HEAD_TIMEOUT_S + 5


def test_a_connection_that_sends_nothing_is_closed(server: int) -> None:
    started = time.monotonic()
    with _connect(server) as sock:
        assert _answer(sock) == b""
    assert time.monotonic() - started < HEAD_TIMEOUT_S + 5


def test_past_its_connection_limit_the_server_answers_503(server: int) -> None:
    idle = [_connect(server) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.5)  # all accepted
        assert httpx.get(f"http://127.0.0.1:{server}/robots.txt", timeout=5).status_code == 503
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.5)
    _still_serves(server)

