"""The whole site as static files: every page, its ``.json`` twin, the feeds, the sitemaps,
robots.txt and the stylesheet, laid out so nginx or a CDN serves them as they are.

The app itself renders every file, in-process, so the files are byte for byte what it
serves. Pages are found as a crawler finds them: from ``/`` and the sitemaps (which list every
article version), following the site's own links (menus, pagers, cards, feed links). Search
and the JSON API need the app: a static site proxies ``/*/search`` and ``/api/`` to it.

Addresses map to files as ``try_files $uri $uri.html $uri/index.html`` expects: a folder page
(``/en/``) is ``en/index.html``, a page without an extension (``/en/news/42-slug``) is
``en/news/42-slug.html``, and the rest keep their names. Text files get a ``.gz`` twin for
``gzip_static``.

Files are replaced atomically (written beside, then renamed over), so nginx never serves half
a page while an export or ``bbabo.pipeline.publish`` rewrites the directory under it; a file
that already holds exactly the new bytes is left alone. ``SiteWriter`` is the piece both use:
it renders one address through the app and puts the result in place."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import html
import os
import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import httpx
from starlette.types import ASGIApp

from bbabo.publish.urls import RESERVED_SEGMENTS, json_twin

__all__ = ["ExportReport", "SiteWriter", "export_site", "file_for", "open_site", "redirect_page",
           "replace_file", "write_file", "sweep_numbered"]

_HREF = re.compile(r'\bhref="(/[^"#]*)"')
_LOC = re.compile(r"<loc>([^<]+)</loc>")
# Dynamic, or endless: left to the app behind the static files.
_SKIPPED = re.compile(r"^/(?:api/.*|[^/]+/search|-/.*|healthz)$")
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml",
               "application/atom+xml", "application/feed+json")
_MIN_GZIP = 1024
# What stands for a redirect in static files (nginx serves them as they are): a refresh to
# the page's address now, a link for a reader whose browser does not follow it, and the
# canonical address, so a crawler credits the new page rather than this one.
_REDIRECT_PAGE = ('<!doctype html><html><head><meta charset="utf-8">'
                  '<meta http-equiv="refresh" content="0; url={0}"><title>{0}</title>'
                  '<link rel="canonical" href="{1}"></head>'
                  '<body><a href="{0}">{0}</a></body></html>\n')


@dataclass(slots=True)
class ExportReport:
    """``files`` rendered (``unchanged`` of them already held those bytes), ``bytes``
    written, and the addresses that did not render (path, HTTP status)."""

    files: int = 0
    bytes: int = 0
    unchanged: int = 0
    failed: list[tuple[str, int]] = field(default_factory=list)
    # The addresses written: after a whole export, a numbered page not among them is stale
    # (``sweep_numbered``). The crawl holds the same set already, so it costs no more memory.
    paths: set[str] = field(default_factory=set)


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


def redirect_page(location: str, base_url: str) -> bytes:
    """The static file for an address that moved to ``location`` (a site path)."""
    return _REDIRECT_PAGE.format(html.escape(location),
                                 html.escape(base_url.rstrip("/") + location)).encode()


def replace_file(target: Path, body: bytes) -> None:
    """Write ``body`` beside ``target`` and rename it over: readers see one or the other."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        # Created like any file (0666 less the umask), for the web server to read.
        with open(temporary, "xb") as out:
            out.write(body)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _holds(target: Path, body: bytes) -> bool:
    try:
        return target.stat().st_size == len(body) and target.read_bytes() == body
    except FileNotFoundError:
        return False


def write_file(root: Path, path: str, body: bytes, content_type: str) -> int:
    """Put the page at ``path`` into ``root`` (with a ``.gz`` twin for text of 1 KiB or
    more); returns the bytes written, 0 when the files already held exactly this."""
    target = root / file_for(path)
    twin = target.with_name(target.name + ".gz")
    packed = (gzip.compress(body, compresslevel=9, mtime=0)
              if len(body) >= _MIN_GZIP and content_type.startswith(_TEXT_TYPES) else None)
    if _holds(target, body) and (packed is None or twin.exists()):
        if packed is None:
            twin.unlink(missing_ok=True)
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    written = len(body)
    if packed is None:
        twin.unlink(missing_ok=True)
    else:
        # The twin first: for a moment the new page may be served from the old .gz, never
        # a .gz that is newer than its page.
        replace_file(twin, packed)
        written += len(packed)
    replace_file(target, body)
    return written


@asynccontextmanager
async def open_site(app: ASGIApp, base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client that asks ``app`` in-process for pages, as if it were served at ``base_url``;
    a page that crashes comes back as its 500, not as an exception."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=base_url.rstrip("/")) as http:
        yield http


class SiteWriter:
    """Renders single addresses of the site and writes each into the directory."""

    def __init__(self, http: httpx.AsyncClient, root: Path,
                 report: ExportReport | None = None) -> None:
        self.http, self.root = http, root
        self.report = report if report is not None else ExportReport()

    async def render(self, path: str) -> httpx.Response:
        """GET ``path`` and, if it answers 200, write it; a redirect is returned as it is
        (the caller decides), anything else is recorded as failed."""
        response = await self.http.get(path)
        if response.is_redirect:
            return response
        if response.status_code != 200:
            self.report.failed.append((path, response.status_code))
            return response
        self.put(path, response.content, response.headers.get("content-type", ""))
        return response

    def redirect(self, path: str, location: str) -> None:
        """Make the file of ``path`` a page that sends readers on to ``location``."""
        self.put(path, redirect_page(location, str(self.http.base_url)), "text/html")

    def remove(self, path: str) -> None:
        """Take the file of ``path`` (and its ``.gz``) out of the copy."""
        target = self.root / file_for(path)
        target.with_name(target.name + ".gz").unlink(missing_ok=True)
        target.unlink(missing_ok=True)

    def put(self, path: str, body: bytes, content_type: str) -> None:
        written = write_file(self.root, path, body, content_type)
        self.report.paths.add(path)
        self.report.files += 1
        self.report.bytes += written
        if not written:
            self.report.unchanged += 1


class _Crawl:
    def __init__(self, writer: SiteWriter, base_url: str) -> None:
        self.writer, self.base_url = writer, base_url
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.seen: set[str] = set()

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
        response = await self.writer.render(path)
        if response.is_redirect:
            location = urlsplit(response.headers["location"])
            self.add(location.path)
            if path == "/":  # the site's front door: a page that sends readers on
                self.writer.redirect("/index.html", location.path)
            return
        if response.status_code != 200:
            return
        content_type = response.headers.get("content-type", "")
        for link in _links(path, content_type, response.content, self.base_url):
            self.add(link)


async def export_site(app: ASGIApp, directory: Path, *, base_url: str,
                      concurrency: int = 4) -> ExportReport:
    """Render every page of ``app`` into ``directory``; ``base_url`` is where the files will
    be served, as pages carry absolute canonical, hreflang and feed addresses."""
    base_url = base_url.rstrip("/")
    async with open_site(app, base_url) as http:
        writer = SiteWriter(http, directory)
        crawl = _Crawl(writer, base_url)
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
        writer.put("/404.html", missing.content, "text/html")
    return writer.report


# A listing's later pages (``/en/page/3/``, ``/en/world/page/3/``, ``/en/source/7/page/3/``)
# and the numbered sitemaps (``/sitemaps/en/3.xml``, ``/sitemaps/story/en/3.xml``).
_NUMBERED_PAGE = re.compile(r"(?:.*/)?page/[0-9]+/index\.(?P<kind>html|json)")
_NUMBERED_SITEMAP = re.compile(r"sitemaps/(?:[^/]+/)+[0-9]+\.xml")
# A section's own files (``/en/politics/`` and its twin and feeds): a section left with no
# article is in no menu, so a whole export does not write them, and they would go on listing
# removed articles. Only under a section's folder, never a story's or an outlet's.
_SECTION_FILE = re.compile(r"[^/]+/(?P<segment>[^/]+)/(?:index\.(?:html|json)|feed\.xml"
                           r"|atom\.xml|feed\.json)")


def sweep_numbered(root: Path, written: set[str]) -> int:
    """After a whole export of the site into ``root`` (``written``: the addresses it wrote),
    take out the numbered listing pages and sitemaps it did not write, and the pages and
    feeds of sections it did not write: when articles were taken out (``bbabo articles
    prune``) a listing has fewer pages, a section may have none, and their old files would
    go on listing removed articles. Nothing else is touched: an article's or a story's page,
    a redirect page, stays. Returns how many files went."""
    removed = 0
    # A walk, not a sorted rglob: a large copy holds millions of files.
    for folder, _dirs, names in os.walk(root):
        for name in names:
            removed += _sweep_one(root, Path(folder) / name, written)
    return removed


def _sweep_one(root: Path, file: Path, written: set[str]) -> int:
    relative = file.relative_to(root).as_posix()
    found = _sweepable(relative)
    if found is None or found[0] in written:
        return 0
    file.with_name(file.name + ".gz").unlink(missing_ok=True)
    file.unlink(missing_ok=True)
    # Folders left empty go too (nginx answers 403, not 404, for a folder without an index).
    for up in range(found[1]):
        with contextlib.suppress(OSError):  # not empty: something else is still there
            file.parents[up].rmdir()
    return 1


def _sweepable(relative: str) -> tuple[str, int] | None:
    """The address a file of the copy was written for, if the sweep may take it out, and how
    many of its folders go with it when left empty."""
    if page := _NUMBERED_PAGE.fullmatch(relative):
        # A page is written as its folder's address, its ``.json`` twin as the file's; its
        # own folder and the "page" folder above it.
        return "/" + (relative.removesuffix("index.html") if page["kind"] == "html"
                      else relative), 2
    if _NUMBERED_SITEMAP.fullmatch(relative):
        return "/" + relative, 0
    section = _SECTION_FILE.fullmatch(relative)
    if (section and section["segment"] not in RESERVED_SEGMENTS
            and not relative.startswith("sitemaps/")):
        return "/" + relative.removesuffix("index.html"), 1
    return None
