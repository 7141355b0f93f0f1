"""Reading pages in a child process: a page over its time or memory budget fails with its code,
and the next page is read by a fresh child."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from bbabo.errors import InternalError, NotAnArticle, OverBudget
from bbabo.pipeline.reading import ProcessReader, ReadingBudget, read_page
from fakeweb import SITE_ROOT
from heavy_pages import as_fetched, slow_page, table_page

STORY = as_fetched((SITE_ROOT / "crawl" / "story.html").read_bytes(),
                   url="http://news.example/crawl/story")


@pytest.fixture
def reader() -> Iterator[ProcessReader]:
    with ProcessReader(ReadingBudget(time_s=2.0, memory_mb=48)) as reader:
        yield reader


def test_a_child_reads_as_extraction_does(reader: ProcessReader) -> None:
    assert reader.read(STORY) == read_page(STORY)


def test_a_page_over_its_time_budget_fails_and_the_next_page_is_read(
        reader: ProcessReader) -> None:
    started = time.monotonic()
    with pytest.raises(OverBudget) as failure:
        reader.read(as_fetched(slow_page(30_000)))  # about 20 s unbounded
    assert failure.value.code == "extract.timeout"
    assert "more than 2 s" in str(failure.value)
    assert time.monotonic() - started < 8
    assert reader.read(STORY).article.title == read_page(STORY).article.title


def test_a_page_over_its_memory_budget_fails_and_the_next_page_is_read() -> None:
    # Time enough that only memory can stop it, even on a loaded machine (2 s is not).
    with ProcessReader(ReadingBudget(time_s=60.0, memory_mb=48)) as reader:
        with pytest.raises(OverBudget) as failure:
            reader.read(as_fetched(table_page(20_000)))  # about 100 MB unbounded
        assert failure.value.code == "extract.too_complex"
        assert "more than 48 MB" in str(failure.value)
        assert reader.read(STORY).signature == read_page(STORY).signature


def test_extraction_failures_come_back_with_their_code(reader: ProcessReader) -> None:
    with pytest.raises(NotAnArticle) as failure:
        reader.read(as_fetched(b"<html><body><p>three words only</p></body></html>"))
    assert failure.value.code == "extract.not_article"


def test_pages_are_read_in_as_many_children_as_asked() -> None:
    heavy = as_fetched(slow_page(30_000))
    with ProcessReader(ReadingBudget(time_s=3.0), processes=2) as reader:
        reader.read(STORY)  # children started
        started = time.monotonic()
        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(lambda page: _code(reader, page), [heavy, heavy]))
        # Side by side: not two budgets' time, one after the other.
        assert time.monotonic() - started < 2 * 3.0 - 0.5
    assert outcomes == ["extract.timeout", "extract.timeout"]


def _code(reader: ProcessReader, page: object) -> str:
    try:
        reader.read(page)  # type: ignore[arg-type]
    except OverBudget as exc:
        return exc.code
    return "read"


def test_an_unexpected_error_in_the_child_is_an_internal_error_with_its_traceback_logged(
        reader: ProcessReader, caplog: pytest.LogCaptureFixture) -> None:
    # fetch/ never gives a page a codec Python lacks; a bug could, and reading must survive it.
    broken = replace(STORY, encoding="no-such-codec")
    with pytest.raises(InternalError) as failure:
        reader.read(broken)
    assert failure.value.code == "internal.error"
    assert str(failure.value) == "LookupError: unknown encoding: no-such-codec"
    assert "Traceback" in caplog.text and "LookupError" in caplog.text
    assert reader.read(STORY).article.title == read_page(STORY).article.title
