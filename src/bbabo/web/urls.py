"""Where pages live. Every URL the site links to is built here, so routes and links agree."""

from __future__ import annotations

import re

from bbabo.web.slug import slugify

__all__ = ["home_path", "article_path", "section_segment", "article_ref", "parse_article_id",
           "feed_path", "search_path", "page_number", "FEED_FILES"]

# Feed format -> file name; the same names serve a language and a language's section.
FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}

# Ids are capped at 18 digits so a giant number is a 404, not an integer overflow in the driver.
# Any slug is accepted here: a stale or mangled one earns a redirect, not a 404.
_REF = re.compile(r"(?P<id>[0-9]{1,18})(?:-.*)?", re.DOTALL)


def home_path(lang: str) -> str:
    return f"/{lang}/"


def feed_path(lang: str, fmt: str, section: str | None = None) -> str:
    """``/{lang}/feed.xml``, or ``/{lang}/{section}/feed.xml`` for one section."""
    folder = f"/{lang}/" if section is None else f"/{lang}/{section_segment(section)}/"
    return folder + FEED_FILES[fmt]


def search_path(lang: str) -> str:
    return f"/{lang}/search"


def section_segment(section: str) -> str:
    """Sections come from source settings; the URL keeps only their slug."""
    return slugify(section) or "news"


def article_ref(article_id: int, title: str, lang: str) -> str:
    """The last URL segment: ``"42-putin-meets-tokayev"``, or ``"42"`` for a title in a script
    the slug cannot represent."""
    slug = slugify(title, lang)
    return f"{article_id}-{slug}" if slug else str(article_id)


def article_path(article_id: int, section: str, title: str, lang: str) -> str:
    """``/{lang}/{section}/{id}-{slug}``, the slug made from the title in ``lang``."""
    return f"/{lang}/{section_segment(section)}/{article_ref(article_id, title, lang)}"


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
