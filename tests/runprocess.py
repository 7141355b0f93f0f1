"""`bbabo run` as a subprocess, the way an operator starts it: start, poll its site, stop."""

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

__all__ = ["free_port", "start_run", "wait_for", "stop_run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_run(tmp_path: Path, port: int, demo_port: int,
              **env_vars: str) -> subprocess.Popen[str]:
    """``bbabo run`` on ``port`` with a fresh store under ``tmp_path``; ``env_vars`` are
    ``BBABO_*`` settings. The model keeper is off unless a test turns it on: it would read the
    public model index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": f"sqlite:///{tmp_path}/bbabo.db",
                "BBABO_DATA_DIR": str(tmp_path / "data"), "BBABO_PORT": str(port),
                "BBABO_DEMO_PORT": str(demo_port), "BBABO_TARGET_LANGUAGES": "en,uk,es",
                "BBABO_MODELS_AUTO_INSTALL": "0",
                # The multilingual fallback's default source is on the internet: tests give
                # their own when they want one.
                "BBABO_MULTILINGUAL_MODEL_URL": ""})
    env.update(env_vars)
    return subprocess.Popen([sys.executable, "-m", "bbabo", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_articles(base: str, lang: str, count: int, timeout_s: float = 120.0) -> str:
    """The ``lang`` feed once it lists ``count`` articles readable in ``lang``. The feed, not
    the home page: listings show one entry per story, however many of its reports are live."""
    return wait_for(f"{base}/{lang}/feed.xml", rf"<link>[^<]*/{lang}/news/\d+-", count,
                    timeout_s)


def wait_for(url: str, pattern: str, count: int, timeout_s: float = 120.0) -> str:
    """The body of ``url`` once it matches ``pattern`` ``count`` times."""
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


def stop_run(process: subprocess.Popen[str]) -> str:
    """SIGTERM, as a service manager stops it; asserts a clean exit; returns its stderr."""
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    return stderr
