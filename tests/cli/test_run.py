"""`bbabo run` as an operator starts it: with no sources it serves the demo corpus through the
real pipeline, translates it, places it in stories, serves the site, stops cleanly on SIGTERM
and resumes on restart."""

from __future__ import annotations

import re
import socket
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bbabo.store import open_store
from runprocess import free_port, start_run, stop_run, wait_for, wait_for_articles

NOW, LONG_AGO = datetime.now(UTC), timedelta(days=365)


def _wait_for_stories(base: str, timeout_s: float = 180.0) -> dict[str, object]:
    """The status once every stored article is in a story."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        stories = httpx.get(f"{base}/-/status.json").json()["stories"]
        if stories["total"] and not stories["unplaced"]:
            return dict(stories)
        time.sleep(0.5)
    raise AssertionError(f"articles still wait for a story: {stories}")


# Two `bbabo run`s one after the other, each with its own 120 s wait: the suite's
# per-test limit covers one.
@pytest.mark.timeout(300)
@pytest.mark.apertium
def test_run_serves_the_demo_then_stops_and_resumes(tmp_path: Path) -> None:
    port, demo_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_run(tmp_path, port, demo_port)
    try:
        # 8 English originals plus the 5 Spanish ones translated by Apertium.
        wait_for_articles(base, "en", 13)
        assert "Villaclara" in httpx.get(f"{base}/en/").text
        # The 8 Russian demo articles, translated into Ukrainian.
        wait_for_articles(base, "uk", 8)
        assert re.search("[іїєґ]", httpx.get(f"{base}/uk/").text)
        assert httpx.get(f"{base}/").headers["location"].endswith("/en/")
    finally:
        stderr = stop_run(process)
    assert "demo sources added" in stderr

    again = start_run(tmp_path, port, demo_port)
    try:
        wait_for_articles(base, "en", 13)
        status = httpx.get(f"{base}/-/status.json").json()
        assert sum(status["articles"].values()) == 21  # nothing ingested twice
        stories = _wait_for_stories(base)
        # 21 articles, six of them reports of events another site reported too.
        assert int(str(stories["total"])) <= 21 - 6
        # The process says it is alive, with its memory (what `bbabo status` prints too), the
        # embedding model the stories thread loaded included.
        status = httpx.get(f"{base}/-/status.json").json()
        (process,) = status["operations"]["processes"]
        assert process["role"] == "run" and process["pid"] == again.pid
        assert 50e6 < process["tree_resident_bytes"] < 1e9
    finally:
        stderr = stop_run(again)
    assert "demo sources added" not in stderr
    # Stopped cleanly: its heartbeat row is gone.
    store = open_store(f"sqlite:///{tmp_path}/bbabo.db")
    try:
        assert store.processes.live(NOW - LONG_AGO) == []
        # The demo's three events reported by all three sites are three stories.
        shared = [s for s in store.stories.latest("en", readable_only=False)
                  if s.languages == ("en", "es", "ru")]
    finally:
        store.close()
    assert len(shared) == 3, [(s.title, s.languages) for s in shared]


def test_busy_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = start_run(tmp_path, busy.getsockname()[1], free_port())
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "cannot listen on 127.0.0.1" in stderr and "Traceback" not in stderr


def test_ctrl_c_stops_cleanly_without_aborted(tmp_path: Path) -> None:
    """Ctrl-C in a terminal: the same clean stop as SIGTERM, status 0, and no click
    "Aborted!" after bbabo's own "stopped" line."""
    import signal

    port = free_port()
    process = start_run(tmp_path, port, free_port(), BBABO_DEMO="0")
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", '"ok"', 1, timeout_s=60)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "stopped" in stderr
    assert "Aborted" not in stderr and "Traceback" not in stderr


@pytest.mark.timeout(300)
@pytest.mark.apertium
def test_a_second_ctrl_c_while_a_request_is_open_stops_at_once(tmp_path: Path) -> None:
    """uvicorn waits for open requests on the first Ctrl-C; the second one forces the stop,
    and the status says so (it said 0, as for a clean stop)."""
    import signal

    port = free_port()
    process = start_run(tmp_path, port, free_port(), BBABO_DEMO="0")
    hanging: socket.socket | None = None
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", '"ok"', 1, timeout_s=60)
        # A request whose body never ends keeps uvicorn waiting after the first signal.
        hanging = socket.create_connection(("127.0.0.1", port))
        hanging.sendall(b"POST /admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        b"Content-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: 1000\r\n\r\nuser=a")
        time.sleep(1)
        process.send_signal(signal.SIGINT)
        time.sleep(2)
        assert process.poll() is None, "stopped without waiting for the open request"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if hanging is not None:
            hanging.close()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
