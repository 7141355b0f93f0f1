"""What a page's markup declares about itself: canonical URL, title, image, language, date.

These come from ``<link>``/``<meta>`` tags rather than from trafilatura because the publisher's
own declarations beat heuristics, and because trafilatura's date search returns dates without
a time of day.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from bbabo import langs
from bbabo.dates import parse_iso_date as parse_date
from bbabo.extract.text import clean, strip_controls

__all__ = ["PageMetadata", "read_metadata", "parse_html", "parse_date"]

log = logging.getLogger(__name__)

_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date",
)


# schema.org's article types: Article, NewsArticle, OpinionNewsArticle, BlogPosting,
# LiveBlogPosting, TechArticle, ScholarlyArticle, Report...
_ARTICLE_TYPE = re.compile(r"Article$|BlogPosting$|^Report$", re.IGNORECASE)
_ARTICLES = lxml.etree.XPath("//article")


@dataclass(frozen=True, slots=True, kw_only=True)
class PageMetadata:
    canonical_url: str | None = None
    amp_url: str | None = None
    title: str | None = None
    author: str | None = None
    image_url: str | None = None
    lang_hint: str | None = None
    published_at: datetime | None = None
    description: str | None = None
    """The page's summary of itself (``og:description``, ``description``): often its lead."""
    declares_article: bool = False
    """The page says it is an article: ``og:type`` ``article``, a JSON-LD item of an article
    type (``NewsArticle``, ``BlogPosting``...), or a single ``<article>`` element."""


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """Parse decoded HTML; None for an empty or unparsable document. Control characters XML
    cannot hold are removed first (see ``text``)."""
    text = strip_controls(text)
    if not text.strip():
        return None
    # Re-encoding to UTF-8 bytes sidesteps lxml's refusal of str input with an XML declaration.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


def read_metadata(root: lxml.html.HtmlElement, page_url: str) -> PageMetadata:
    base = _base_url(root, page_url)
    meta = _meta_tags(root)
    json_ld = _json_ld(root)
    canonical = _first_url(base, _link_hrefs(root, "canonical") + [meta.get("og:url", "")])
    title = meta.get("og:title") or _text_of(root.find(".//title"))
    return PageMetadata(
        canonical_url=canonical,
        amp_url=_first_url(base, _link_hrefs(root, "amphtml")),
        title=title or None,
        author=meta.get("author") or meta.get("article:author") or None,
        image_url=_first_url(base, [meta.get(k, "") for k in ("og:image", "og:image:url",
                                                              "twitter:image")]),
        lang_hint=_lang_hint(root, meta),
        published_at=_published(root, meta, json_ld),
        description=meta.get("og:description") or meta.get("description")
        or meta.get("twitter:description") or None,
        declares_article=_declares_article(root, meta, json_ld),
    )


def _base_url(root: lxml.html.HtmlElement, page_url: str) -> str:
    for href in root.xpath("//base/@href"):
        return urljoin(page_url, str(href).strip())
    return page_url


def _meta_tags(root: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop")
               or tag.get("http-equiv") or "").strip().lower()
        value = clean(tag.get("content") or "")
        if key and value and key not in found:
            found[key] = value
    return found


def _link_hrefs(root: lxml.html.HtmlElement, rel: str) -> list[str]:
    return [str(link.get("href") or "") for link in root.iter("link")
            if rel in (link.get("rel") or "").lower().split()]


def _first_url(base: str, candidates: list[str]) -> str | None:
    for candidate in candidates:
        if candidate.strip():
            url = urljoin(base, candidate.strip())
            if urlsplit(url).scheme in ("http", "https"):
                return url
    return None


def _text_of(element: lxml.html.HtmlElement | None) -> str:
    return "" if element is None else clean(element.text_content())


def _lang_hint(root: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    candidates = [
        root.get("lang") or "",
        root.get("{http://www.w3.org/XML/1998/namespace}lang") or "",
        meta.get("content-language", "").split(",")[0],
        meta.get("og:locale", ""),
    ]
    for candidate in candidates:
        if candidate.strip() and langs.is_known(candidate):
            return langs.normalize(candidate)
    return None


def _declares_article(root: lxml.html.HtmlElement, meta: dict[str, str],
                      json_ld: list[object]) -> bool:
    if meta.get("og:type", "").lower() == "article":
        return True
    types: list[str] = []
    for data in json_ld:
        _collect(data, "@type", types)
    if any(_ARTICLE_TYPE.search(kind) for kind in types):
        return True
    # One <article> is the article; a section front lists its teasers as many.
    return len(_ARTICLES(root)) == 1


def _published(root: lxml.html.HtmlElement, meta: dict[str, str],
               json_ld: list[object]) -> datetime | None:
    for key in _DATE_META:
        if key in meta and (moment := parse_date(meta[key])):
            return moment
    dates: list[str] = []
    for data in json_ld:
        _collect(data, "datePublished", dates)
    for value in dates:
        if moment := parse_date(value):
            return moment
    for value in root.xpath("//article//time/@datetime | //time[@pubdate]/@datetime"):
        if moment := parse_date(str(value)):
            return moment
    return None


def _json_ld(root: lxml.html.HtmlElement) -> list[object]:
    found: list[object] = []
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            found.append(json.loads(script.text or ""))
        except ValueError:
            log.debug("unparsable JSON-LD block")
    return found


def _collect(node: object, key: str, values: list[str]) -> None:
    """Every string value of ``key`` in a JSON-LD tree (an ``@type`` may be a list too)."""
    if isinstance(node, dict):
        value = node.get(key)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values.extend(item for item in value if isinstance(item, str))
        for child in node.values():
            if isinstance(child, dict | list):
                _collect(child, key, values)
    elif isinstance(node, list):
        for child in node:
            _collect(child, key, values)
