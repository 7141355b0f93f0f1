"""What search engines and link previews read: OpenGraph and Twitter card meta, and JSON-LD.

JSON-LD sits in a ``<script type="application/ld+json">`` data block, where HTML escaping does
not apply: ``</script>`` or ``<!--`` in a title would end the block early. So ``<``, ``>`` and
``&`` are written as JSON ``\\u`` escapes, which any JSON parser reads back unchanged."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from bbabo.model import StoredArticle
from bbabo.web import i18n
from bbabo.web.syndication import rfc3339
from bbabo.web.views import article_moments, safe_link, source_name, text_in

__all__ = ["PageSeo", "json_for_html", "website_seo", "article_seo", "story_seo",
           "DESCRIPTION_LENGTH"]

DESCRIPTION_LENGTH = 200
# Google shows no more of a NewsArticle headline than this.
_HEADLINE_LENGTH = 110
_HTML_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass(frozen=True, slots=True, kw_only=True)
class PageSeo:
    """``meta`` holds (attribute, key, content): ``("property", "og:title", "...")``."""

    meta: tuple[tuple[str, str, str], ...] = ()
    jsonld: Markup | None = None


def json_for_html(data: Any) -> Markup:
    """JSON that cannot close the element it is embedded in, nor open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Safe as markup: no "<", ">" or "&" is left to start a tag, a comment or a reference.
    return Markup(text.translate(_HTML_UNSAFE))


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return cut.rstrip() + "…"


def _website_meta(title: str, description: str, url: str,
                  site_name: str) -> tuple[tuple[str, str, str], ...]:
    """Open Graph and Twitter card meta of a page that is not one article."""
    return (
        ("name", "description", description),
        ("property", "og:type", "website"), ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url), ("property", "og:site_name", site_name),
        ("name", "twitter:card", "summary"), ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    )


def website_seo(*, title: str, url: str, site_name: str,
                headlines: Sequence[str] = ()) -> PageSeo:
    """A listing's meta: its description is the headlines it shows (in the page's language,
    different on every page and every day), or its title and the site's name when empty."""
    description = _shorten(" · ".join(headlines) if headlines else f"{title} · {site_name}",
                           DESCRIPTION_LENGTH)
    return PageSeo(meta=_website_meta(title, description, url, site_name))


def article_seo(article: StoredArticle, lang: str, *, url: str, site_name: str,
                site_url: str, original_url: str) -> PageSeo:
    """``url`` is this version's absolute address; ``original_url`` the original's on this
    site, named in ``isBasedOn`` when the source's own address is not a web link."""
    title, paragraphs = text_in(article, lang)
    published, modified = article_moments(article, lang)
    description = _shorten(" ".join(paragraphs[:2]), DESCRIPTION_LENGTH)
    section = i18n.section_name(article.section, lang)
    meta = (
        ("name", "description", description),
        ("property", "og:type", "article"), ("property", "og:title", title),
        ("property", "og:description", description), ("property", "og:url", url),
        ("property", "og:site_name", site_name),
        ("property", "article:published_time", rfc3339(published)),
        ("property", "article:modified_time", rfc3339(modified)),
        ("property", "article:section", section),
        ("name", "twitter:card", "summary"), ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": _shorten(title, _HEADLINE_LENGTH), "description": description,
        "url": url, "mainEntityOfPage": url, "inLanguage": lang, "articleSection": section,
        "datePublished": rfc3339(published), "dateModified": rfc3339(modified),
        "author": {"@type": "Organization", "name": source_name(article)},
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
    }
    if lang != article.language:
        source_url = safe_link(article.canonical_url) or safe_link(article.url)
        data["isBasedOn"] = {
            "@type": "NewsArticle", "headline": article.title,
            "inLanguage": article.language, "url": source_url or original_url,
        }
    return PageSeo(meta=meta, jsonld=json_for_html(data))


def story_seo(*, title: str, lead: str, url: str, site_name: str, lang: str,
              reports: Sequence[str]) -> PageSeo:
    """A story page's meta: described by its lead (else its title); in JSON-LD a
    ``CollectionPage`` whose parts are the reports' pages (``reports``: absolute URLs)."""
    description = _shorten(lead or title, DESCRIPTION_LENGTH)
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "CollectionPage",
        "name": _shorten(title, _HEADLINE_LENGTH), "description": description, "url": url,
        "inLanguage": lang, "hasPart": [{"@type": "NewsArticle", "url": report}
                                        for report in reports],
    }
    return PageSeo(meta=_website_meta(title, description, url, site_name),
                   jsonld=json_for_html(data))
