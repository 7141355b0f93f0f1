"""`bbabo worker` and `bbabo scheduler` from the command line: what they need, said in one line
when missing; `scheduler --once` sends what is due through a real Redis broker."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bbabo.cli import cli
from bbabo.config import Settings
from bbabo.store import open_store
from bbabo.tasks.celery.app import create_celery
from bbabo.tasks.celery.broker import queue_depths


def _run(*args: str) -> tuple[int, str]:
    """Exit code, and stdout (the command's report) or else stderr (its one-line error)."""
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout or result.stderr


@pytest.mark.parametrize("command", ["worker", "scheduler"])
def test_no_broker_is_one_line(command: str) -> None:
    code, output = _run(command)
    assert code == 2
    assert output.strip() == ("bbabo: configuration error: no broker configured: set "
                              "BBABO_BROKER_URL (redis://127.0.0.1:6379/0 or "
                              "amqp://guest:guest@127.0.0.1:5672//)")


def test_unreachable_broker_and_bad_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BBABO_BROKER_URL", "amqp://guest:guest@127.0.0.1:1//")
    code, output = _run("worker", "-Q", "fetch")
    assert code == 1 and output.startswith("bbabo: cannot reach the broker at "
                                           "amqp://guest:***@127.0.0.1:1//")
    code, output = _run("worker", "-Q", "fetch,mail")
    assert code == 1 and "unknown queue(s) mail: choose from crawl, fetch, translate, " \
        "publish" in output


def test_celery_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BBABO_BROKER_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setitem(sys.modules, "celery", None)  # import celery now raises ImportError
    code, output = _run("scheduler", "--once")
    assert code == 2 and ".venv/bin/pip install -e '.[cluster]'" in output


def test_scheduler_once_sends_due_sources(sqlite_url: str, redis_url: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(sqlite_url)
    store.sources.add(url="https://news.example/feed.xml", now=datetime.now(UTC))
    store.close()
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("BBABO_BROKER_URL", redis_url)
    code, output = _run("scheduler", "--once")
    assert code == 0, output
    assert output.strip() == "sent 1 source(s), 0 page(s), 0 translation batch(es)"
    app = create_celery(Settings(broker_url=redis_url))
    assert queue_depths(app, ["crawl", "fetch"]) == {"crawl": 1, "fetch": 0}
    app.close()
    code, output = _run("scheduler", "--once")  # leased: not sent twice
    assert output.strip().startswith("sent 0 source(s)")
    monkeypatch.setenv("BBABO_EXPORT_DIR", str(Path(sqlite_url.removeprefix("sqlite:///")
                                                    ).parent / "site"))
    code, output = _run("scheduler", "--once")  # a static site to keep: a publish pass
    assert output.strip() == ("sent 0 source(s), 0 page(s), 0 translation batch(es), "
                              "1 publish pass(es)")
