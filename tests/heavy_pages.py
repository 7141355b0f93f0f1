"""HTML that is cheap to send and dear to read: shapes on which extraction (lxml, trafilatura)
is superlinear in time or memory. Measured on the development machine, in one process:

- ``slow_page(30_000)``: 240 KB of ``<i>a</i>`` in one paragraph, about 20 s (quadratic);
- ``paragraphs_page(60_000)``: 2.4 MB of short paragraphs, about 40 s;
- ``table_page(20_000)``: 580 KB of table rows, about 10 s and 100 MB (200,000 rows: 1 GB).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bbabo.model import FetchedPage

__all__ = ["slow_page", "paragraphs_page", "table_page", "as_fetched"]


def _html(inner: str) -> bytes:
    return (f"<!doctype html><html lang=en><head><title>Heavy page</title></head><body>"
            f"<article><h1>Heavy page</h1>{inner}</article></body></html>").encode()


def slow_page(tags: int) -> bytes:
    return _html("<p>" + "<i>a</i>" * tags + "</p>")


def paragraphs_page(count: int) -> bytes:
    return _html("".join(f"<p>Short paragraph number {i} here.</p>" for i in range(count)))


def table_page(rows: int) -> bytes:
    return _html("<table>" + "<tr><td>a</td><td>b</td></tr>" * rows + "</table>")


def as_fetched(body: bytes, url: str = "http://news.example/heavy") -> FetchedPage:
    return FetchedPage(url=url, final_url=url, status=200,
                       content_type="text/html; charset=utf-8", encoding="utf-8", body=body,
                       fetched_at=datetime.now(UTC))
