"""Memory of `bbabo run` serving the demo (issue 14): with no translation model loaded it must
stay within 300 MB resident once it has crawled the demo and translated it with Apertium (the
translation QA check asks language identification about every title and paragraph). Before,
lingua's models for every language it had met took it to about 1 GB."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runprocess import free_port, start_run, stop_run, wait_for, wait_for_articles

LIMIT_BYTES = 300 * 2**20
DEFAULT_TARGETS = "ru,uk,be,pl,en,fr,de,es,it,bg"


def _status_bytes(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB$", status, re.MULTILINE)
    assert match, status
    return int(match.group(1)) * 1024


@pytest.mark.apertium
def test_run_on_the_demo_stays_within_300_mb(tmp_path: Path) -> None:
    port, demo_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    # The default target languages, as `make run` has them: the QA check meets ten languages.
    process = start_run(tmp_path, port, demo_port, BBABO_TARGET_LANGUAGES=DEFAULT_TARGETS)
    try:
        # Crawled, and translated by Apertium: en→es, es→en and ru→uk, each QA-checked.
        wait_for_articles(base, "en", 7)
        wait_for_articles(base, "uk", 5)
        wait_for_articles(base, "es", 7)
        # Search in every language: the query embedded by the stories step's model, the
        # article vectors held as a matrix in this process.
        wait_for(f"{base}/en/search?q=the", r'class="report-lang"', 1)
        peak, now = _status_bytes(process.pid, "VmHWM"), _status_bytes(process.pid, "VmRSS")
    finally:
        stop_run(process)
    assert now <= peak <= LIMIT_BYTES, f"peak {peak / 2**20:.0f} MB, now {now / 2**20:.0f} MB"
