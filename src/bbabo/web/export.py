"""The whole site as static files: every page, its ``.json`` twin, the feeds, the sitemaps,
robots.txt and the stylesheet, laid out so nginx or a CDN serves them as they are.

The app itself renders every file, in-process, so the files are byte for byte what it
serves. Pages are found as a crawler finds them: from ``/`` and the sitemaps (which list every
article version), following the site's own links (menus, pagers, cards, feed links). Search
and the JSON API need the app: a static site proxies ``/*/search`` and ``/api/`` to it.

Addresses map to files as ``try_files $uri $uri.html $uri/index.html`` expects: a folder page
(``/en/``) is ``en/index.html``, a page without an extension (``/en/news/42-slug``) is
``en/news/42-slug.html``, and the rest keep their names. Text files get a ``.gz`` twin for
``gzip_static``."""

from __future__ import annotations

import asyncio
import gzip
import html
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import httpx
from starlette.types import ASGIApp

from bbabo.web.urls import json_twin

__all__ = ["ExportReport", "export_site", "file_for"]

_HREF = re.compile(r'\bhref="(/[^"#]*)"')
_LOC = re.compile(r"<loc>([^<]+)</loc>")
# Dynamic, or endless: left to the app behind the static files.
_SKIPPED = re.compile(r"^/(?:api/.*|[^/]+/search|-/.*|healthz)$")
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml",
               "application/atom+xml", "application/feed+json")
_MIN_GZIP = 1024
_REDIRECT_PAGE = ('<!doctype html><html><head><meta charset="utf-8">'
                  '<meta http-equiv="refresh" content="0; url={0}"><title>{0}</title></head>'
                  '<body><a href="{0}">{0}</a></body></html>\n')


@dataclass(slots=True)
class ExportReport:
    files: int = 0
    bytes: int = 0
    failed: list[tuple[str, int]] = field(default_factory=list)


def file_for(path: str) -> PurePosixPath:
    """The file that holds the page at ``path`` (an absolute, query-less site path)."""
    parts = PurePosixPath(path).parts[1:]
    if any(part in {"..", "."} for part in parts):
        raise ValueError(f"not a site path: {path!r}")
    if path.endswith("/"):
        return PurePosixPath(*parts, "index.html")
    name = parts[-1]
    if "." in name:
        return PurePosixPath(*parts)
    return PurePosixPath(*parts[:-1], f"{name}.html")


def _links(path: str, content_type: str, body: bytes, base_url: str) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("text/html"):
        found = [html.unescape(href) for href in _HREF.findall(text)]
        return [*found, json_twin(path)]
    if "xml" in content_type and path.startswith("/sitemap"):
        return [loc[len(base_url):] for loc in (html.unescape(x) for x in _LOC.findall(text))
                if loc.startswith(base_url + "/")]
    return []


def _write(root: Path, path: str, body: bytes, content_type: str) -> int:
    target = root / file_for(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    written = len(body)
    if len(body) >= _MIN_GZIP and content_type.startswith(_TEXT_TYPES):
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        target.with_name(target.name + ".gz").write_bytes(packed)
        written += len(packed)
    return written


class _Crawl:
    def __init__(self, http: httpx.AsyncClient, root: Path, base_url: str) -> None:
        self.http, self.root, self.base_url = http, root, base_url
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.seen: set[str] = set()
        self.report = ExportReport()

    def add(self, path: str) -> None:
        path = path.split("#", 1)[0]
        if (not path.startswith("/") or path.startswith("//") or "?" in path
                or _SKIPPED.match(path) or path in self.seen):
            return
        self.seen.add(path)
        self.queue.put_nowait(path)

    async def worker(self) -> None:
        while True:
            path = await self.queue.get()
            try:
                await self.fetch(path)
            finally:
                self.queue.task_done()

    async def fetch(self, path: str) -> None:
        response = await self.http.get(path)
        if response.is_redirect:
            location = urlsplit(response.headers["location"])
            self.add(location.path)
            if path == "/":  # the site's front door: a page that sends readers on
                body = _REDIRECT_PAGE.format(html.escape(location.path)).encode()
                self.report.bytes += _write(self.root, "/index.html", body, "text/html")
                self.report.files += 1
            return
        if response.status_code != 200:
            self.report.failed.append((path, response.status_code))
            return
        content_type = response.headers.get("content-type", "")
        self.report.bytes += _write(self.root, path, response.content, content_type)
        self.report.files += 1
        for link in _links(path, content_type, response.content, self.base_url):
            self.add(link)


async def export_site(app: ASGIApp, directory: Path, *, base_url: str,
                      concurrency: int = 4) -> ExportReport:
    """Render every page of ``app`` into ``directory``; ``base_url`` is where the files will
    be served, as pages carry absolute canonical, hreflang and feed addresses."""
    base_url = base_url.rstrip("/")
    # A page that crashes is reported as a failed 500, and the export goes on.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as http:
        crawl = _Crawl(http, directory, base_url)
        for seed in ("/", "/robots.txt", "/sitemap.xml", "/static/site.css"):
            crawl.add(seed)
        workers = [asyncio.create_task(crawl.worker()) for _ in range(concurrency)]
        try:
            await crawl.queue.join()
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        # nginx's error_page: the site's own 404, in the default language's chrome.
        missing = await http.get("/-/no-such-page")
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "404.html").write_bytes(missing.content)
    crawl.report.files += 1
    return crawl.report
