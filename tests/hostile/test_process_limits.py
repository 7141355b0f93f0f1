"""The real ``bbabo crawl --once`` in a subprocess, through pages that are cheap to send and
dear to read (``heavy_pages``: minutes of extraction, a gigabyte of tree): each fails with its
budget's code, the normal page next to them is ingested, the crawl ends within its budgets and
its whole process tree (the crawl, the extraction server and its child) stays under 500 MB."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from bbabo.pipeline.reading import EXTRACT_MEMORY_BUDGET_MB
from fakeweb import FakeWeb
from heavy_pages import paragraphs_page, slow_page, table_page

from .server import NORMAL_PAGE, NORMAL_TITLE, rss

MEMORY_MB = 500
FETCH_TIMEOUT_S = 5.0
EXTRACT_TIMEOUT_S = 3.0  # the default is 20 s; shorter here only to keep the test short
HEAVY = {
    "slow": slow_page(30_000),  # 240 KB, about 20 s unbounded
    "paragraphs": paragraphs_page(60_000),  # 2.4 MB, about 40 s
    "table": table_page(200_000),  # 5.8 MB, about 60 s and 1 GB
}
# The heavy pages are read one after another by the one extraction child, each stopped at its
# budget; the normal page's fetch and the crawl's start (Python, the store, lingua) come on top.
CRAWL_BUDGET_S = len(HEAVY) * (EXTRACT_TIMEOUT_S + 1) + FETCH_TIMEOUT_S + 20


class TreeMemory:
    """Samples the memory of a process and all its descendants, every 50 ms: the sum of their
    proportional set sizes (PSS: a page shared by n processes counts 1/n in each, so the sum
    is the memory the tree holds, what a cgroup limit counts), and the sum of their resident
    sets (RSS, each shared page once per process, as ``ps`` adds them up: an upper bound)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_mb, self.peak_rss_mb, self.peak_processes = pid, 0.0, 0.0, 0
        self.at_peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            pids = _tree(self.pid)
            pss = {pid: _kb(pid, "smaps_rollup", "Pss:") for pid in pids}
            self.peak_rss_mb = max(self.peak_rss_mb,
                                   sum(_kb(pid, "status", "VmRSS:") for pid in pids) / 1024)
            if sum(pss.values()) / 1024 > self.peak_mb:
                self.peak_mb, self.peak_processes = sum(pss.values()) / 1024, len(pids)
                self.at_peak = {pid: kb // 1024 for pid, kb in pss.items()}


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _kb(pid: int, file: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # a process that ended meanwhile
    return 0


def _bbabo(home: Path, *args: str, timeout_s: float) -> tuple[subprocess.CompletedProcess[str],
                                                              float, TreeMemory]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": f"sqlite:///{home}/bbabo.db",
                "BBABO_DATA_DIR": str(home / "data"), "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1",
                "BBABO_FETCH_TIMEOUT_S": str(FETCH_TIMEOUT_S),
                "BBABO_EXTRACT_TIMEOUT_S": str(EXTRACT_TIMEOUT_S)})
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "bbabo", *args], cwd=home, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    finally:
        process.kill()
        memory.stop()
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return done, time.monotonic() - started, memory


def test_a_crawl_through_pages_dear_to_read_stays_within_its_budgets(
        fakeweb: FakeWeb, tmp_path: Path) -> None:
    links = []
    for name, body in HEAVY.items():
        fakeweb.route(f"/heavy/{name}.html", body=body,
                      headers={"Content-Type": "text/html; charset=utf-8"})
        links.append(fakeweb.url(f"/heavy/{name}.html"))
    links.append(fakeweb.url(NORMAL_PAGE))
    fakeweb.route("/heavy.xml", body=rss(links), headers={"Content-Type": "application/rss+xml"})
    added, _, _ = _bbabo(tmp_path, "sources", "add", fakeweb.url("/heavy.xml"), timeout_s=60)
    assert added.returncode == 0, added.stderr

    crawl, seconds, memory = _bbabo(tmp_path, "crawl", "--once", "--host-delay", "0",
                                    timeout_s=3 * CRAWL_BUDGET_S)

    print(f"crawl: {seconds:.1f} s, peak {memory.peak_mb:.0f} MB (PSS) in "  # shown with -s
          f"{memory.peak_processes} processes {memory.at_peak}; RSS summed "
          f"{memory.peak_rss_mb:.0f} MB")
    assert crawl.returncode == 0, crawl.stderr
    assert "Traceback" not in crawl.stderr, crawl.stderr
    assert "pages: 1 new, 0 duplicate, 3 failed" in crawl.stdout, crawl.stdout
    assert seconds < CRAWL_BUDGET_S, crawl.stdout
    assert memory.peak_processes >= 3  # the crawl, the extraction server and its child
    assert memory.peak_mb < MEMORY_MB
    with sqlite3.connect(tmp_path / "bbabo.db") as db:
        titles = [row[0] for row in db.execute("SELECT title FROM articles")]
        codes = {url.rsplit("/", 1)[1]: code for url, code in db.execute(
            "SELECT url, error_code FROM fetch_queue WHERE state = 'failed'")}
    assert [title for title in titles if NORMAL_TITLE in title], titles
    assert codes["slow.html"] == codes["paragraphs.html"] == "extract.timeout"
    # The table's tree outgrows the memory budget before its time is up.
    assert codes["table.html"] == "extract.too_complex", (codes, EXTRACT_MEMORY_BUDGET_MB)
