"""Single-process mode (no broker): ``bbabo run`` SIGKILLed in the middle of a crawl on SQLite,
then started again, ends with every article stored once and translated once, and its publish
thread (the same stage as the ``bbabo.publish`` task) has the static site caught up."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from bbabo.store import open_store
from bbabo.store.schema import articles, fetch_queue, translations
from bbabo.tasks.celery.context import utcnow

from .cluster import TINY_MODEL, wait_until
from .synthetic_site import serve_corpus

ARTICLES = 6


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(tmp_path: Path, env: dict[str, str], run: int) -> subprocess.Popen[bytes]:
    with (tmp_path / f"run{run}.log").open("wb") as log:
        return subprocess.Popen([sys.executable, "-m", "bbabo", "run"], cwd=tmp_path, env=env,
                                stdout=log, stderr=subprocess.STDOUT)


def _counts(url: str) -> tuple[int, int, dict[str, int]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return (
                conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one(),
                conn.execute(sa.select(sa.func.count()).select_from(translations)).scalar_one(),
                dict(conn.execute(sa.select(fetch_queue.c.state, sa.func.count())
                                  .group_by(fetch_queue.c.state)).all()),
            )
    finally:
        engine.dispose()


def test_run_killed_mid_crawl_resumes_without_repeating(tmp_path: Path, fakeweb) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path}/bbabo.db"
    store = open_store(url)
    store.sources.add(url=serve_corpus(fakeweb, ARTICLES, delay_s=0.3), now=utcnow())
    store.close()
    shutil.copytree(TINY_MODEL, tmp_path / "data" / "models" / "en-de")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": url, "BBABO_DATA_DIR": str(tmp_path / "data"),
                "BBABO_PORT": str(_free_port()), "BBABO_DEMO": "0",
                "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1", "BBABO_TARGET_LANGUAGES": "de",
                "BBABO_TRANSLATE_ENGINES": "ctranslate2",
                "BBABO_EXPORT_DIR": str(tmp_path / "site")})

    first = _start(tmp_path, env, 1)
    try:
        wait_until(lambda: _counts(url)[0] >= 2, timeout_s=60, what="two articles")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert _counts(url)[0] < ARTICLES  # killed mid-crawl

    second = _start(tmp_path, env, 2)
    try:
        wait_until(lambda: _counts(url)[:2] == (ARTICLES, ARTICLES), timeout_s=60,
                   what="every article stored and translated")
        wait_until(lambda: len(list((tmp_path / "site").glob("de/news/*-*.html"))) == ARTICLES,
                   timeout_s=60, what="every translation in the static site")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    log = (tmp_path / "run2.log").read_text(errors="replace")
    assert second.returncode == 0, log
    assert "Traceback" not in log
    assert _counts(url) == (ARTICLES, ARTICLES, {"done": ARTICLES})
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        distinct = sa.select(sa.func.count(sa.distinct(articles.c.canonical_url)))
        assert conn.execute(distinct).scalar_one() == ARTICLES
    engine.dispose()
