"""What crawlers read first: ``/robots.txt``, the sitemap index, a sitemap per language with
hreflang alternates, a sitemap of story pages per target language (alternates too), and a
Google News sitemap of the last 48 hours."""

from __future__ import annotations

from datetime import timedelta
from math import ceil

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from bbabo.publish.urls import (
    SITEMAP_SIZE,
    STORY_SEGMENT,
    article_path,
    home_path,
    page_number,
    sitemap_path,
    story_path,
    story_sitemap_path,
)
from bbabo.store.articles import Headline
from bbabo.web.context import absolute_url, publishes, web_of
from bbabo.web.sitemaps import (
    SITEMAP_TYPE,
    NewsUrl,
    SitemapUrl,
    news_urlset,
    sitemap_index,
    urlset,
)

__all__ = ["routes", "NEWS_WINDOW", "NEWS_LIMIT"]

# Google News takes articles from the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000

_ROBOTS = """User-agent: *
Disallow: /api/
Disallow: /-/
Disallow: /*/search
Sitemap: {sitemap}
"""


def robots(request: Request) -> Response:
    return PlainTextResponse(_ROBOTS.format(sitemap=absolute_url(request, "/sitemap.xml")),
                             headers={"Cache-Control": "public, max-age=86400"})


def _xml(body: bytes, max_age: int) -> Response:
    return Response(body, media_type=f"{SITEMAP_TYPE}; charset=utf-8",
                    headers={"Cache-Control": f"public, max-age={max_age}"})


def index(request: Request) -> Response:
    web = web_of(request)
    counts = web.site.facts().readable_counts(web.settings.target_languages)
    locations = [
        absolute_url(request, sitemap_path(lang, page))
        for lang, count in sorted(counts.items())
        for page in range(1, max(1, ceil(count / SITEMAP_SIZE)) + 1)
    ]
    stories = web.store.stories.count_listed()
    locations += [absolute_url(request, story_sitemap_path(lang, page))
                  for lang in web.settings.target_languages
                  for page in range(1, ceil(stories / SITEMAP_SIZE) + 1)]
    locations.append(absolute_url(request, "/sitemaps/news.xml"))
    return _xml(sitemap_index(locations), 3600)


def _versions(headline: Headline) -> list[str]:
    """The versions to list: a translation whose QA flags were not cleared asks not to be
    indexed, and a sitemap must not contradict that."""
    others = set(headline.titles) - {headline.language} - headline.flagged
    return [headline.language, *sorted(others)]


def _path(headline: Headline, lang: str) -> str:
    return article_path(headline.id, headline.section, headline.titles[lang], lang)


def _entry(request: Request, headline: Headline, lang: str, default: str) -> SitemapUrl:
    alternates = [(code, absolute_url(request, _path(headline, code)))
                  for code in _versions(headline)]
    # The same x-default as the article page's own: the default language, else the original.
    fallback = default if default in _versions(headline) else headline.language
    alternates.append(("x-default", absolute_url(request, _path(headline, fallback))))
    return SitemapUrl(loc=absolute_url(request, _path(headline, lang)),
                      lastmod=headline.added_at[lang], alternates=tuple(alternates))


def language_sitemap(request: Request) -> Response:
    web = web_of(request)
    lang = request.path_params["lang"]
    page = page_number(request.path_params.get("page", "1"))
    if page is None or not publishes(web, lang):
        raise HTTPException(404)
    if "page" in request.query_params:  # the address sitemap pages had before
        moved = page_number(request.query_params["page"])
        if moved is None:
            raise HTTPException(404)
        return RedirectResponse(sitemap_path(lang, moved), status_code=301)
    found = web.store.articles.headlines(lang, limit=SITEMAP_SIZE,
                                         offset=(page - 1) * SITEMAP_SIZE)
    if page > 1 and not found:
        raise HTTPException(404)
    urls = [_entry(request, headline, lang, web.settings.default_language)
            for headline in found if lang not in headline.flagged]
    if page == 1:
        homes = [(code, absolute_url(request, home_path(code)))
                 for code in web.settings.target_languages]
        urls.insert(0, SitemapUrl(loc=absolute_url(request, home_path(lang)), lastmod=None,
                                  alternates=(*homes, ("x-default", absolute_url(request, "/")))))
    return _xml(urlset(urls), 3600)


def story_sitemap(request: Request) -> Response:
    """The story pages in a target language, each with its address in every target language
    (as the page's own hreflang links) and, as lastmod, when its newest report came out."""
    web = web_of(request)
    lang = request.path_params["lang"]
    page = page_number(request.path_params.get("page", "1"))
    targets = web.settings.target_languages
    if page is None or lang not in targets or not publishes(web, lang):
        raise HTTPException(404)
    ids = web.store.stories.listed(limit=SITEMAP_SIZE, offset=(page - 1) * SITEMAP_SIZE)
    if page > 1 and not ids:
        raise HTTPException(404)
    # Titles differ between languages, and so do the slugs: each language's summaries.
    titled = {code: web.store.stories.summaries(ids, code) for code in targets}
    default = web.settings.default_language
    urls = []
    for story_id in ids:
        if any(story_id not in titled[code] for code in targets):
            continue  # removed between the reads
        hrefs = {code: absolute_url(request, story_path(code, story_id, titled[code][story_id]
                                                        .title, titled[code][story_id]
                                                        .title_lang))
                 for code in targets}
        alternates = [*hrefs.items()]
        if default in hrefs:
            alternates.append(("x-default", hrefs[default]))
        urls.append(SitemapUrl(loc=hrefs[lang], lastmod=titled[lang][story_id].last_seen_at,
                               alternates=tuple(alternates)))
    return _xml(urlset(urls), 3600)


def news_sitemap(request: Request) -> Response:
    web = web_of(request)
    found = web.store.articles.recent_headlines(web.clock() - NEWS_WINDOW, limit=NEWS_LIMIT)
    urls = [
        NewsUrl(loc=absolute_url(request, _path(headline, code)), lang=code,
                title=headline.titles[code],
                published=headline.published_at or headline.added_at[headline.language])
        for headline in found for code in _versions(headline)
    ]
    return _xml(news_urlset(urls[:NEWS_LIMIT], publication=web.settings.site_name), 600)


routes = [
    Route("/robots.txt", robots, name="robots"),
    Route("/sitemap.xml", index, name="sitemap_index"),
    Route("/sitemaps/news.xml", news_sitemap, name="news_sitemap"),
    # Before the language sitemaps' pages, which would take "story" for a language.
    Route(f"/sitemaps/{STORY_SEGMENT}/{{lang}}.xml", story_sitemap, name="story_sitemap"),
    Route(f"/sitemaps/{STORY_SEGMENT}/{{lang}}/{{page}}.xml", story_sitemap,
          name="story_sitemap_page"),
    Route("/sitemaps/{lang}.xml", language_sitemap, name="language_sitemap"),
    Route("/sitemaps/{lang}/{page}.xml", language_sitemap, name="language_sitemap_page"),
]
