"""OPML subscription lists: read the outlines feed readers export, write bbabo's sources back.

Language and section come from an outline's own attributes (``language``/``lang``,
``section``), else its ``category`` (``lang/ru`` or ``language/ru`` for a language, any other
value for a section), else, for the section, the folder outline it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

import defusedxml

from bbabo import langs
from bbabo.errors import FeedParseError
from bbabo.model import Source
from bbabo.sources._urls import web_url
from bbabo.sources._xml import iter_events

__all__ = ["OpmlOutline", "parse_opml", "render_opml", "section_slug"]

_SLUG_JUNK = re.compile(r"[^\w-]+", re.UNICODE)


@dataclass(frozen=True, slots=True, kw_only=True)
class OpmlOutline:
    """One subscription. ``problem`` is set (and ``url`` may be unusable) for a bad outline."""

    url: str
    title: str = ""
    site_url: str | None = None
    lang: str | None = None
    section: str | None = None
    problem: str | None = None


def parse_opml(body: bytes) -> list[OpmlOutline]:
    """Every outline with an ``xmlUrl``, in document order, nested folders included.

    Raises FeedParseError: ``source.unsafe_xml`` for declared entities, ``source.too_deep``
    for folders nested past ``MAX_XML_DEPTH``, ``source.opml`` for anything else unreadable.
    """
    try:
        root = _tree(body)
    except defusedxml.DefusedXmlException:
        raise FeedParseError("OPML file declares XML entities or external references",
                             code="source.unsafe_xml") from None
    except (ParseError, ValueError, LookupError) as exc:
        raise FeedParseError(f"not a readable OPML file: {exc}", code="source.opml") from None
    body_node = root.find("body")
    if root.tag != "opml" or body_node is None:
        raise FeedParseError(f"not an OPML file (root <{root.tag}>)", code="source.opml")
    found: list[OpmlOutline] = []
    _walk(body_node, folder=None, found=found)
    return found


def _tree(body: bytes) -> Element:
    """The whole document, read as a stream so that nesting past the limit stops it early."""
    root: Element | None = None
    for _, element, _ in iter_events(body, what="OPML file"):
        root = element if root is None else root
    assert root is not None  # expat raises for a document without an element
    return root


def _walk(node: Element, *, folder: str | None, found: list[OpmlOutline]) -> None:
    for child in node.findall("outline"):
        url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
        if url:
            found.append(_outline(child, url, folder))
        label = child.get("text") or child.get("title") or ""
        _walk(child, folder=section_slug(label) or folder, found=found)


def _outline(node: Element, url: str, folder: str | None) -> OpmlOutline:
    categories = [c.strip().strip("/") for c in (node.get("category") or "").split(",")]
    lang_raw = node.get("language") or node.get("lang") or ""
    section_raw = node.get("section") or ""
    for category in filter(None, categories):
        head, _, tail = category.rpartition("/")
        if head.lower() in ("lang", "language"):
            lang_raw = lang_raw or tail
        else:
            section_raw = section_raw or tail
    problem = None
    if web_url("", url) is None:
        problem = f"not an http(s) URL: {url!r}"
    lang = None
    if lang_raw.strip():
        if langs.is_known(lang_raw.strip()):
            lang = langs.normalize(lang_raw.strip())
        else:
            problem = problem or f"unknown language code {lang_raw.strip()!r}"
    return OpmlOutline(
        url=url, title=(node.get("title") or node.get("text") or "").strip(),
        site_url=(node.get("htmlUrl") or "").strip() or None, lang=lang,
        section=section_slug(section_raw) or folder, problem=problem)


def section_slug(value: str) -> str:
    """A section name as bbabo stores it: lower case, words joined by "-"."""
    words = _SLUG_JUNK.sub(" ", value.strip().lower()).split()
    return "-".join(words)[:64]


def render_opml(sources: Iterable[Source], *, now: datetime,
                title: str = "bbabo sources") -> str:
    """An OPML 2.0 document listing ``sources``, readable by bbabo and by feed readers."""
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    SubElement(head, "dateCreated").text = format_datetime(now)
    body = SubElement(root, "body")
    for source in sources:
        attributes = {"type": "rss", "text": source.name or source.url,
                      "title": source.name or source.url, "xmlUrl": source.url,
                      "category": source.section}
        if source.site_url:
            attributes["htmlUrl"] = source.site_url
        if source.lang_hint:
            attributes["language"] = source.lang_hint
        if not source.enabled:
            attributes["bbaboDisabled"] = "1"
        SubElement(body, "outline", attributes)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode")
