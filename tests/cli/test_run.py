"""`bbabo run` as an operator starts it: with no sources it serves the demo corpus through the
real pipeline, translates it, serves the site, stops cleanly on SIGTERM and resumes on restart."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bbabo.store import open_store
from runprocess import free_port, start_run, stop_run, wait_for

NOW, LONG_AGO = datetime.now(UTC), timedelta(days=365)


@pytest.mark.apertium
def test_run_serves_the_demo_then_stops_and_resumes(tmp_path: Path) -> None:
    port, demo_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_run(tmp_path, port, demo_port)
    try:
        # 5 English originals plus the 2 Spanish ones translated by Apertium.
        english = wait_for(f"{base}/en/", r'href="/en/news/\d+-', 7)
        assert "Villaclara" in english
        # The 5 Russian demo articles, translated into Ukrainian.
        ukrainian = wait_for(f"{base}/uk/", r'href="/uk/news/\d+-', 5)
        assert re.search("[іїєґ]", ukrainian)
        assert httpx.get(f"{base}/").headers["location"].endswith("/en/")
    finally:
        stderr = stop_run(process)
    assert "demo sources added" in stderr

    again = start_run(tmp_path, port, demo_port)
    try:
        wait_for(f"{base}/en/", r'href="/en/news/\d+-', 7)
        status = httpx.get(f"{base}/-/status.json").json()
        assert sum(status["articles"].values()) == 12  # nothing ingested twice
        # The process says it is alive, with its memory (what `bbabo status` prints too).
        (process,) = status["operations"]["processes"]
        assert process["role"] == "run" and process["pid"] == again.pid
        assert 50e6 < process["tree_resident_bytes"] < 1e9
    finally:
        stderr = stop_run(again)
    assert "demo sources added" not in stderr
    # Stopped cleanly: its heartbeat row is gone.
    assert open_store(f"sqlite:///{tmp_path}/bbabo.db").processes.live(NOW - LONG_AGO) == []


def test_busy_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = start_run(tmp_path, busy.getsockname()[1], free_port())
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "cannot listen on 127.0.0.1" in stderr and "Traceback" not in stderr
