"""The story page, ``/{lang}/story/{id}-{slug}``: one event's reports from every outlet and
language, titled in the reader's language; its twin ``.json``; and its feeds,
``/{lang}/story/{id}/feed.xml`` (RSS), ``atom.xml`` and ``feed.json``.

A stale slug is answered with a permanent redirect to the current one, as article pages do;
a story merged into another (the stories step found they were one event) redirects to the one
that holds its reports now."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bbabo.errors import RecordMissing
from bbabo.model import StoredArticle, StoryView
from bbabo.publish.urls import (
    FEED_FILES,
    STORY_SEGMENT,
    json_twin,
    parse_article_id,
    story_feed_path,
)
from bbabo.web.context import FEED_LINKS, Web, absolute_url, publishes, respond, wants_json, web_of
from bbabo.web.feedviews import FEED_SIZE, feed_handlers, feed_item
from bbabo.web.seo import story_seo
from bbabo.web.stories import OtherCoverage, grouped_cards, href_of, other_coverage, story_page
from bbabo.web.syndication import FeedInfo, FeedItem
from bbabo.web.views import ArticleCard, lang_links, readable_in

__all__ = ["routes", "listing_cards", "listings_cards", "coverage_of"]


def listing_cards(web: Web, found: Sequence[StoredArticle], lang: str) -> list[ArticleCard]:
    """A listing's cards, one per story (``stories.grouped_cards``): two queries more."""
    return listings_cards(web, [found], lang)[0]


def listings_cards(web: Web, listings: Sequence[Sequence[StoredArticle]],
                   lang: str) -> list[list[ArticleCard]]:
    """The cards of several listings (the home page's section blocks), each grouped by story
    on its own, from one lookup of their stories: two queries for all of them."""
    ids = sorted({article.id for found in listings for article in found})
    story_of = web.store.stories.of_articles(ids)
    stories = web.store.stories.summaries(sorted(set(story_of.values())), lang)
    return [grouped_cards(found, stories, story_of, lang) for found in listings]


def coverage_of(web: Web, article_id: int, lang: str) -> OtherCoverage | None:
    """The other reports of an article's story, for its page (None: no story, or alone)."""
    story_id = web.store.stories.of_article(article_id)
    if story_id is None:
        return None
    try:
        found = web.store.stories.get(story_id, lang)
    except RecordMissing:  # removed between the two reads
        return None
    return other_coverage(found, article_id, lang)


def _story_id(raw: str) -> int:
    """The id in the path, resolved through merges; a 404 when there is no such story."""
    found = parse_article_id(raw)
    if found is None:
        raise HTTPException(404)
    return found


def _load(web: Web, story_id: int, lang: str) -> StoryView:
    try:
        return web.store.stories.get(story_id, lang)
    except RecordMissing:
        raise HTTPException(404) from None


def _resolved(web: Web, story_id: int) -> int:
    try:
        return web.store.stories.resolve(story_id)
    except RecordMissing:
        raise HTTPException(404) from None


def story(request: Request) -> Response:
    web = web_of(request)
    lang, ref = request.path_params["lang"], request.path_params["ref"]
    if not publishes(web, lang):
        raise HTTPException(404)
    asked = _story_id(ref)
    found = _load(web, _resolved(web, asked), lang)
    current = href_of(found.story, lang)
    # A merged story's old address, or a slug from an older title: one permanent redirect.
    if f"/{lang}/{STORY_SEGMENT}/{ref}" != current:
        return RedirectResponse(json_twin(current) if wants_json(request) else current,
                                status_code=301)
    view = story_page(found, lang)
    codes = list(dict.fromkeys((*web.settings.target_languages, lang)))
    # Each language's address has its own slug: titles differ between languages.
    story_id = found.story.id
    hrefs = {code: href_of(web.store.stories.summaries([story_id], code)[story_id], code)
             for code in codes if code != lang}
    hrefs[lang] = current
    title = f"{web.settings.site_name} · {view.title}"
    feeds = [(kind, f"{title} ({name})", story_feed_path(lang, view.id, fmt))
             for fmt, kind, name in FEED_LINKS]
    return respond(
        request, "story.html", lang=lang, data={"story": view},
        switcher=lang_links(codes, lang, hrefs.__getitem__), canonical=current,
        x_default=hrefs[web.settings.default_language]
        if web.settings.default_language in hrefs else None,
        extra_feeds=feeds,
        seo=story_seo(title=view.title, lead=view.lead, url=absolute_url(request, current),
                      site_name=web.settings.site_name, lang=lang,
                      reports=[absolute_url(request, report.href) for report in view.reports]),
    )


def _feed(request: Request, fmt: str) -> tuple[FeedInfo, list[FeedItem]]:
    web = web_of(request)
    lang = request.path_params["lang"]
    if not publishes(web, lang):
        raise HTTPException(404)
    # A merged story's feed is the survivor's (its address, not a redirect: feed readers
    # follow few of them well); the feed's self link names the survivor's.
    found = _load(web, _resolved(web, _story_id(request.path_params["id"])), lang)
    newest = sorted(found.reports, key=lambda r: (r.published_at is not None, r.published_at,
                                                  r.article_id), reverse=True)[:FEED_SIZE]
    articles = web.store.articles.get_many([report.article_id for report in newest])
    # Each report in the reader's language when it can be read in it, else in its original.
    items = [feed_item(request, article, lang if readable_in(article, lang)
                       else article.language)
             for report in newest if (article := articles.get(report.article_id)) is not None]
    story_id = found.story.id
    info = FeedInfo(
        title=f"{web.settings.site_name} · {found.story.title}", lang=lang,
        home_url=absolute_url(request, href_of(found.story, lang)),
        self_url=absolute_url(request, story_feed_path(lang, story_id, fmt)),
        updated=max((item.updated for item in items), default=found.story.last_seen_at),
        author=web.settings.site_name,
    )
    return info, items


_HANDLERS = feed_handlers(_feed)

routes = [
    *(Route(f"/{{lang}}/{STORY_SEGMENT}/{{id}}/{name}", _HANDLERS[fmt],
            name=f"story_feed_{fmt}") for fmt, name in FEED_FILES.items()),
    Route(f"/{{lang}}/{STORY_SEGMENT}/{{ref}}.json", story, name="story_json"),
    Route(f"/{{lang}}/{STORY_SEGMENT}/{{ref}}", story, name="story"),
]
