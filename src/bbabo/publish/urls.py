"""Where pages live. Every URL the site links to is built here, so routes and links agree."""

from __future__ import annotations

import re

from bbabo.model import StoredArticle
from bbabo.publish.slug import slugify

__all__ = ["home_path", "article_path", "section_segment", "article_ref", "parse_article_id",
           "feed_path", "search_path", "page_number", "FEED_FILES", "section_path", "source_path",
           "json_twin", "sitemap_path", "RESERVED_SEGMENTS", "SITEMAP_SIZE", "languages_of",
           "path_in", "story_path", "story_feed_path", "STORY_SEGMENT", "story_sitemap_path"]

# Well under the protocol's 50,000 URLs and 50 MB: each URL carries an alternate per language.
SITEMAP_SIZE = 5000

# Feed format -> file name; the same names serve a language and a language's section.
FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}

# Ids are capped at 18 digits so a giant number is a 404, not an integer overflow in the driver.
# Any slug is accepted here: a stale or mangled one earns a redirect, not a 404.
_REF = re.compile(r"(?P<id>[0-9]{1,18})(?:-.*)?", re.DOTALL)


# The segment of story pages: ``/{lang}/story/{id}-{slug}``.
STORY_SEGMENT = "story"

# Second path segments that are not sections: a section with such a slug gets a suffix.
RESERVED_SEGMENTS = frozenset({"search", "source", "page", STORY_SEGMENT})


def _paged(folder: str, page: int) -> str:
    # Pages are folders, not ?page=N, so an exported site maps every page to a file.
    return folder if page <= 1 else f"{folder}page/{page}/"


def home_path(lang: str, page: int = 1) -> str:
    """``/{lang}/``, then ``/{lang}/page/2/`` and so on."""
    return _paged(f"/{lang}/", page)


def section_path(lang: str, section: str, page: int = 1) -> str:
    """``/{lang}/{section}/``, then ``/{lang}/{section}/page/2/``."""
    return _paged(f"/{lang}/{section_segment(section)}/", page)


def source_path(lang: str, source_id: int, page: int = 1) -> str:
    """``/{lang}/source/{id}``, then ``/{lang}/source/{id}/page/2/``."""
    base = f"/{lang}/source/{source_id}"
    return base if page <= 1 else f"{base}/page/{page}/"


def json_twin(path: str) -> str:
    """The address of a page's ``.json`` twin: ``index.json`` in a folder, else ``.json``."""
    return path + "index.json" if path.endswith("/") else path + ".json"


def sitemap_path(lang: str, page: int = 1) -> str:
    return f"/sitemaps/{lang}.xml" if page <= 1 else f"/sitemaps/{lang}/{page}.xml"


def story_sitemap_path(lang: str, page: int = 1) -> str:
    """The story pages of ``lang``: ``/sitemaps/story/{lang}.xml``, then ``.../{lang}/2.xml``."""
    folder = f"/sitemaps/{STORY_SEGMENT}"
    return f"{folder}/{lang}.xml" if page <= 1 else f"{folder}/{lang}/{page}.xml"


def feed_path(lang: str, fmt: str, section: str | None = None) -> str:
    """``/{lang}/feed.xml``, or ``/{lang}/{section}/feed.xml`` for one section."""
    folder = f"/{lang}/" if section is None else f"/{lang}/{section_segment(section)}/"
    return folder + FEED_FILES[fmt]


def search_path(lang: str) -> str:
    return f"/{lang}/search"


def section_segment(section: str) -> str:
    """Sections come from source settings; the URL keeps only their slug."""
    slug = slugify(section) or "news"
    return f"{slug}-section" if slug in RESERVED_SEGMENTS else slug


def article_ref(article_id: int, title: str, lang: str) -> str:
    """The last URL segment: ``"42-putin-meets-tokayev"``, or ``"42"`` for a title in a script
    the slug cannot represent."""
    slug = slugify(title, lang)
    return f"{article_id}-{slug}" if slug else str(article_id)


def article_path(article_id: int, section: str, title: str, lang: str) -> str:
    """``/{lang}/{section}/{id}-{slug}``, the slug made from the title in ``lang``."""
    return f"/{lang}/{section_segment(section)}/{article_ref(article_id, title, lang)}"


def story_path(lang: str, story_id: int, title: str, title_lang: str) -> str:
    """``/{lang}/story/{id}-{slug}``, the slug made from the story's title as shown in
    ``lang`` (``title_lang`` is the language that title is written in)."""
    return f"/{lang}/{STORY_SEGMENT}/{article_ref(story_id, title, title_lang)}"


def story_feed_path(lang: str, story_id: int, fmt: str) -> str:
    """``/{lang}/story/{id}/feed.xml``: by id only, so a retitled story keeps its feed."""
    return f"/{lang}/{STORY_SEGMENT}/{story_id}/{FEED_FILES[fmt]}"


def parse_article_id(segment: str) -> int | None:
    """The id in an ``{id}-{slug}`` segment, whatever the slug; None if there is no id."""
    match = _REF.fullmatch(segment)
    return int(match["id"]) if match else None


def page_number(raw: str) -> int | None:
    """Page numbers are positive integers; anything else is not a page of ours."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        return None
    number = int(raw)
    return number if number >= 1 else None


def languages_of(article: StoredArticle) -> list[str]:
    """The languages an article can be read in: its own first, then its translations."""
    return [article.language, *sorted(set(article.translations) - {article.language})]


def path_in(article: StoredArticle, lang: str) -> str:
    """The address of ``article`` read in ``lang`` (its slug is the title in that language)."""
    title = (article.title if lang == article.language
             else article.translations[lang].title)
    return article_path(article.id, article.section, title, lang)
