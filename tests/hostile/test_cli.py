"""The real CLI against the bomb server, in a subprocess: peak memory, wall time, and that the
normal page next to the hostile ones is still ingested."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bbabo.sources.feeds import MAX_FEED_ITEMS
from bombs import deep_opml
from fakeweb import FakeWeb

from .cli import Run, bbabo
from .server import NORMAL_TITLE, install

MEMORY_MB = 500
TIMEOUT_S = 2.0
# A hostile page costs at most three attempts of TIMEOUT_S plus the back-off between them
# (at most 1 s, then 2 s). Sources are read first, then pages, two at a time per host: the
# two drips run side by side. The rest is starting Python and the normal work.
HOSTILE_PAGE_S = 3 * TIMEOUT_S + 3.0
CRAWL_BUDGET_S = 2 * HOSTILE_PAGE_S + 20.0


def _clean(run: Run) -> None:
    assert "Traceback" not in run.stderr, run
    assert run.peak_mb < MEMORY_MB, run


def test_a_crawl_through_every_bomb_stays_bounded_and_ingests_the_normal_page(
    fakeweb: FakeWeb, tmp_path: Path
) -> None:
    site = install(fakeweb)
    (tmp_path / "hostile.opml").write_bytes(site.opml())
    added = bbabo("sources", "import-opml", str(tmp_path / "hostile.opml"), home=tmp_path)
    assert added.returncode == 0, added

    crawl = bbabo("crawl", "--once", "--host-delay", "0", home=tmp_path, timeout_s=120,
                  BBABO_FETCH_TIMEOUT_S=str(TIMEOUT_S))

    print(f"crawl: {crawl.seconds:.1f}s, peak {crawl.peak_mb:.0f} MB")  # shown with -s
    assert crawl.returncode == 0, crawl
    _clean(crawl)
    assert crawl.seconds < CRAWL_BUDGET_S, crawl
    assert "pages: 1 new" in crawl.stdout, crawl
    with sqlite3.connect(tmp_path / "bbabo.db") as db:
        titles = [row[0] for row in db.execute("SELECT title FROM articles")]
        sources = {url: (code, etag) for url, code, etag in db.execute(
            "SELECT url, last_error_code, etag FROM sources")}
        pages = dict(db.execute("SELECT url, error_code FROM fetch_queue"))
        queued_from_huge = db.execute(
            "SELECT count(*) FROM fetch_queue JOIN sources ON sources.id = source_id "
            "WHERE sources.url = ?", (site.feeds["100k-entry-feed"],)).fetchone()[0]
    assert [title for title in titles if NORMAL_TITLE in title], titles
    assert {name: sources[url][0] for name, url in site.feeds.items()} == {
        "utf16-entity-bomb": "source.unsafe_xml",
        "deep-json-feed": "source.too_deep",
        "100k-entry-feed": None,  # read: its first entries queued
        "huge-sitemap-index": "fetch.not_found",  # read in time; its children are gone
        "bad-etag-feed": None,
        "brotli-bomb-feed": "fetch.too_large",
    }
    assert sources[site.feeds["bad-etag-feed"]][1] is None  # the non-ASCII ETag not kept
    assert queued_from_huge == MAX_FEED_ITEMS
    assert {name: pages[url] for name, url in site.hostile_pages.items()} == {
        "brotli-bomb": "fetch.too_large", "gzip-gzip-bomb": "fetch.too_large",
        "header-drip": "fetch.timeout", "body-drip": "fetch.timeout"}


def test_sources_add_refuses_an_entity_bomb_in_one_line(fakeweb: FakeWeb,
                                                        tmp_path: Path) -> None:
    site = install(fakeweb)
    run = bbabo("sources", "add", site.feeds["utf16-entity-bomb"], home=tmp_path)
    assert run.returncode == 1, run
    _clean(run)
    assert run.stderr.strip().splitlines()[-1] == (
        "bbabo: malformed feed declaring XML entities"), run


@pytest.mark.parametrize("depth", [10_000])
def test_an_opml_file_nested_too_deep_is_one_line(tmp_path: Path, depth: int) -> None:
    (tmp_path / "deep.opml").write_bytes(deep_opml(depth))
    run = bbabo("sources", "import-opml", str(tmp_path / "deep.opml"), home=tmp_path)
    assert run.returncode == 1, run
    _clean(run)
    assert run.stderr.strip().splitlines() == ["bbabo: OPML file nested more than 64 levels deep"]


def test_the_peak_is_the_commands_own_however_large_the_session(tmp_path: Path) -> None:
    """A test session that has grown (models loaded by earlier tests) must not lend its size
    to the command measured: Linux counts the forking process's resident size into the child's
    ``ru_maxrss``."""
    ballast = b"\x01" * (MEMORY_MB * 2**20)  # resident: every page written
    run = bbabo("--version", home=tmp_path)
    assert run.returncode == 0, run
    assert run.peak_mb < MEMORY_MB / 2, run
    assert len(ballast) == MEMORY_MB * 2**20
