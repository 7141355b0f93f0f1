"""`bbabo run` as an operator starts it: with no sources it serves the demo corpus through the
real pipeline, translates it, serves the site, stops cleanly on SIGTERM and resumes on restart."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(tmp_path: Path, port: int, demo_port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": f"sqlite:///{tmp_path}/bbabo.db",
                "BBABO_DATA_DIR": str(tmp_path / "data"), "BBABO_PORT": str(port),
                "BBABO_DEMO_PORT": str(demo_port), "BBABO_TARGET_LANGUAGES": "en,uk,es"})
    return subprocess.Popen([sys.executable, "-m", "bbabo", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(url: str, pattern: str, count: int, timeout_s: float = 120.0) -> str:
    deadline = time.monotonic() + timeout_s
    body = ""
    while time.monotonic() < deadline:
        try:
            body = httpx.get(url, timeout=5).text
        except httpx.TransportError:
            body = ""
        if len(re.findall(pattern, body)) >= count:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {count} x {pattern!r}:\n{body[:2000]}")


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    return stderr


@pytest.mark.apertium
def test_run_serves_the_demo_then_stops_and_resumes(tmp_path: Path) -> None:
    port, demo_port = _free_port(), _free_port()
    base = f"http://127.0.0.1:{port}"
    process = _start(tmp_path, port, demo_port)
    try:
        # 5 English originals plus the 2 Spanish ones translated by Apertium.
        english = _wait_for(f"{base}/en/", r'href="/en/news/\d+-', 7)
        assert "Villaclara" in english
        # The 5 Russian demo articles, translated into Ukrainian.
        ukrainian = _wait_for(f"{base}/uk/", r'href="/uk/news/\d+-', 5)
        assert re.search("[іїєґ]", ukrainian)
        assert httpx.get(f"{base}/").headers["location"].endswith("/en/")
    finally:
        stderr = _stop(process)
    assert "demo sources added" in stderr

    again = _start(tmp_path, port, demo_port)
    try:
        _wait_for(f"{base}/en/", r'href="/en/news/\d+-', 7)
        status = httpx.get(f"{base}/-/status.json").json()
        assert sum(status["articles"].values()) == 12  # nothing ingested twice
    finally:
        stderr = _stop(again)
    assert "demo sources added" not in stderr


def test_busy_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = _start(tmp_path, busy.getsockname()[1], _free_port())
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "cannot listen on 127.0.0.1" in stderr and "Traceback" not in stderr
