"""Which addresses of the site a new article version shows on, and rendering just those into
an exported site (``bbabo.pipeline.publish`` keeps a static copy current with it, handing in
the changed versions, their articles and a count of the readable articles per language).

A version (an original, or a translation into ``lang``) appears on: every language version
of its article (each one's language switcher and hreflang list all of them); the home page,
the section page and the outlet page in ``lang`` (paged listings, newest first: everything
after it moves down a place, so their first pages are walked while an older page exists);
the feeds of ``lang`` and of the section in it; the sitemap pages of every language the
article is in from the page holding it on (sitemaps list articles by id, each entry with its
alternates); the sitemap index and the news sitemap."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from math import ceil
from pathlib import Path
from typing import Protocol

import httpx

from bbabo.model import NewVersion, StoredArticle
from bbabo.publish.urls import (
    FEED_FILES,
    SITEMAP_SIZE,
    feed_path,
    home_path,
    json_twin,
    languages_of,
    path_in,
    section_path,
    sitemap_path,
    source_path,
)
from bbabo.publish.writer import ExportReport, SiteWriter

__all__ = ["PagePlan", "plan_pages", "render_plan", "stale_files"]

Listing = Callable[[int], str]


class ReadableCount(Protocol):
    """How many articles are readable in ``lang`` (with an id below ``before_id``)."""

    def __call__(self, lang: str, *, before_id: int | None = None) -> int: ...


@dataclass(frozen=True, slots=True)
class PagePlan:
    """Single addresses to render, and paged listings (``href(n)`` is page ``n``) to render
    from their first page while an older page exists, at most ``listing_pages`` deep.
    ``redirects``: (old address, new address) pairs whose old file becomes a page sending
    readers on (a merged story's, an old slug's); ``removed``: files to take out (the
    ``.json`` twins of those: a twin cannot redirect, and a stale one would mislead)."""

    pages: tuple[str, ...]
    listings: tuple[Listing, ...]
    listing_pages: int
    redirects: tuple[tuple[str, str], ...] = ()
    removed: tuple[str, ...] = ()


def stale_files(directory: Path, current: str, item_id: int) -> tuple[list[str], list[str]]:
    """The addresses of the files in ``directory`` (an exported site) that held item
    ``item_id``'s page beside ``current``, its address now (``/{lang}/story/{id}-{slug}``),
    under another id or slug: (pages, ``.json`` twins)."""
    folder = current.rsplit("/", 1)[0]
    found = directory / folder.lstrip("/")
    pages: list[str] = []
    twins: list[str] = []
    for pattern in (f"{item_id}.html", f"{item_id}-*.html", f"{item_id}.json",
                    f"{item_id}-*.json"):
        for file in sorted(found.glob(pattern)):
            stem, suffix = file.name.rsplit(".", 1)
            path = f"{folder}/{stem}"
            if path == current:
                continue
            if suffix == "html":
                pages.append(path)
            else:
                twins.append(json_twin(path))
    return pages, twins


def plan_pages(found: Iterable[NewVersion], articles: Iterable[StoredArticle],
               readable_count: ReadableCount, *, listing_pages: int,
               story_pages: Iterable[str] = ()) -> PagePlan:
    """The addresses the ``found`` versions show on; ``articles`` are their articles.
    ``story_pages``: the pages of stories that changed (each language's page, its twin and
    feeds), whose reports are among ``found``."""
    found = list(found)
    pages: dict[str, None] = {"/sitemap.xml": None, "/sitemaps/news.xml": None}
    pages.update(dict.fromkeys(story_pages))
    listings: dict[tuple[str, str, str | int], Listing] = {}
    for version in found:
        lang = version.lang
        listings[("home", lang, "")] = partial(home_path, lang)
        listings[("section", lang, version.section)] = partial(section_path, lang,
                                                                version.section)
        if version.source_id is not None:
            listings[("source", lang, version.source_id)] = partial(source_path, lang,
                                                                     version.source_id)
        for fmt in FEED_FILES:
            pages[feed_path(lang, fmt)] = None
            pages[feed_path(lang, fmt, version.section)] = None
    first_in: dict[str, int] = {}  # language -> lowest changed article id readable in it
    for article in articles:
        for lang in languages_of(article):
            path = path_in(article, lang)
            pages[path] = pages[json_twin(path)] = None
            first_in[lang] = min(first_in.get(lang, article.id), article.id)
    for lang, article_id in sorted(first_in.items()):
        first = readable_count(lang, before_id=article_id) // SITEMAP_SIZE + 1
        last = max(1, ceil(readable_count(lang) / SITEMAP_SIZE))
        pages.update(dict.fromkeys(sitemap_path(lang, n) for n in range(first, last + 1)))
    return PagePlan(pages=tuple(pages), listings=tuple(listings.values()),
                    listing_pages=listing_pages)


async def render_plan(http: httpx.AsyncClient, directory: Path, plan: PagePlan, *,
                      concurrency: int = 4) -> ExportReport:
    """Render the plan's addresses through ``http`` (``export.open_site``) into
    ``directory``, as ``bbabo export-site`` would write them."""
    writer = SiteWriter(http, directory)
    gate = asyncio.Semaphore(concurrency)

    async def one(path: str) -> httpx.Response:
        async with gate:
            return await writer.render(path)

    async def walk(href: Listing) -> None:
        for number in range(1, plan.listing_pages + 1):
            path = href(number)
            _, twin = await asyncio.gather(one(path), one(json_twin(path)))
            if twin.status_code != 200 or not _has_older(twin):
                return

    await asyncio.gather(*(one(path) for path in plan.pages),
                         *(walk(href) for href in plan.listings))
    for old, new in plan.redirects:
        writer.redirect(old, new)
    for path in plan.removed:
        writer.remove(path)
    return writer.report


def _has_older(twin: httpx.Response) -> bool:
    pager = twin.json().get("pager") or {}
    return bool(pager.get("older_href"))
