"""The database's own trouble (a damaged or truncated file, a full disk) and input nested past
reason end in one line on stderr, never a traceback, and damage nothing stored."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fakeweb import SITE_ROOT, FakeWeb, Reply, Request


def _env(db: Path, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": f"sqlite:///{db}", "BBABO_DATA_DIR": str(tmp_path / "data"),
                "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1"})
    return env


def _bbabo(db: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bbabo", *args], cwd=tmp_path,
                          env=_env(db, tmp_path), capture_output=True, text=True, timeout=120)


def _one_line(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], result.stderr


def _feed(web: FakeWeb, pages: int) -> str:
    template = (SITE_ROOT / "crawl" / "story.html").read_text()

    def page(request: Request) -> Reply:
        n = int(request.path.rsplit("/", 1)[1])
        text = " ".join(f"word{n}x{k}" for k in range(400))  # no two pages alike
        return Reply(body=template.replace("The council said", text).replace(
            "Harbour ferry", f"Story {n}").replace("/crawl/story", f"/s/{n}").encode(),
            headers={"Content-Type": "text/html; charset=utf-8"})

    links = [f"/s/{n}" for n in range(pages)]
    for link in links:
        web.route(link, page)
    items = "".join(f"<item><title>{link}</title><link>{web.url(link)}</link></item>"
                    for link in links)
    web.route("/s.xml", body=(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t'
                              f"</title><link>{web.url('/')}</link>{items}</channel></rss>"
                              ).encode(), headers={"Content-Type": "application/rss+xml"})
    return web.url("/s.xml")


@pytest.fixture
def stored(fakeweb: FakeWeb, tmp_path: Path) -> Path:
    """A database with a source in it."""
    db = tmp_path / "bbabo.db"
    assert _bbabo(db, tmp_path, "sources", "add", _feed(fakeweb, 3)).returncode == 0
    return db


@pytest.mark.parametrize("damage", ["random", "truncated", "overwritten"])
def test_a_damaged_database_is_one_line(stored: Path, tmp_path: Path, damage: str) -> None:
    data = stored.read_bytes()
    if damage == "random":
        stored.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        stored.write_bytes(data[:len(data) // 2])
    else:  # the schema's page, after the file header
        stored.write_bytes(data[:100] + b"\xff" * 3996 + data[4096:])
    commands = [("status",), ("sources", "list"), ("crawl", "--once"), ("serve",)]
    # Every command opens the store the same way: one shape of damage is tried on each.
    for command in commands if damage == "random" else commands[:1]:
        _one_line(_bbabo(stored, tmp_path, *command), "the database file is damaged")
    assert stored.stat().st_size in (len(data), len(data) // 2)  # nothing written to it


def test_a_full_disk_is_one_line_and_damages_nothing(fakeweb: FakeWeb, tmp_path: Path) -> None:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to mount a small private filesystem")
    seed = tmp_path / "seed.db"
    assert _bbabo(seed, tmp_path, "sources", "add", _feed(fakeweb, 40)).returncode == 0
    disk = tmp_path / "disk"
    disk.mkdir()
    db = disk / "bbabo.db"
    # In a mount namespace of its own: a 3 MB filesystem holding the database and little else,
    # gone when the script ends (a copy of the database is kept for the checks below).
    script = f"""
        mount -t tmpfs -o size=3m tmpfs {disk} || exit 99
        cp {seed} {db}
        free=$(df --output=avail -B1 {disk} | tail -1)
        head -c $((free - 400000)) /dev/zero > {disk}/filler
        {sys.executable} -m bbabo crawl --once --host-delay 0 --per-host 8
        echo "exit=$?" >&2
        cp {db} {tmp_path}/after.db
        [ -e {db}-wal ] && cp {db}-wal {tmp_path}/after.db-wal
        true
    """
    result = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                             script], env=_env(db, tmp_path), cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    if "exit=" not in result.stderr:
        pytest.skip(f"cannot mount a private filesystem here: {result.stderr.strip()[:200]}")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr + result.stdout
    assert lines[-1] == "exit=1", result.stderr
    assert len(lines) == 2 and "the database's disk is full" in lines[0], result.stderr
    with sqlite3.connect(tmp_path / "after.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        done = conn.execute("SELECT count(*) FROM fetch_queue WHERE state = 'done'").fetchone()[0]
        pending = conn.execute(
            "SELECT count(*) FROM fetch_queue WHERE state = 'pending'").fetchone()[0]
    # Every page is either stored whole or still waiting, and some did not fit.
    assert stored == done and done + pending == 40 and pending > 0


def test_opml_nested_ten_thousand_deep_is_one_line(tmp_path: Path) -> None:
    depth = 10_000
    opml = tmp_path / "deep.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body>'
                    + '<outline text="f">' * depth
                    + '<outline text="x" xmlUrl="https://news.example/feed.xml"/>'
                    + "</outline>" * depth + "</body></opml>", encoding="utf-8")
    db = tmp_path / "bbabo.db"
    result = _bbabo(db, tmp_path, "sources", "import-opml", str(opml))
    _one_line(result, "nested")  # sources.opml refuses it before Python's stack runs out
    assert "0" in _bbabo(db, tmp_path, "status").stdout.splitlines()[0]  # nothing added
