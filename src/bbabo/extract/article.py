"""Article extraction: a fetched HTML page in, title plus ordered plain-text paragraphs out.

``sanitize`` first removes the boilerplate sites put inside the article area (promos, "read
also" links, banners, comment threads), then trafilatura finds the main text (dropping
navigation, ads, share bars, related links and comments). Title and author come from
trafilatura's reading of the page (see ``inferred``), falling back to the page's own
``<meta>``/``<link>`` declarations, which also supply canonical URL, image, language and the
date, with htmldate's reading as the date's fallback (see ``metadata``).
"""

from __future__ import annotations

import logging
import re

import trafilatura
from trafilatura.settings import Document

from bbabo.errors import NotAnArticle
from bbabo.extract.body import Block, body_blocks
from bbabo.extract.inferred import infer_metadata
from bbabo.extract.metadata import parse_date, parse_html, read_metadata
from bbabo.extract.sanitize import is_ad_label, strip_boilerplate
from bbabo.model import ExtractedArticle, FetchedPage

__all__ = ["extract_article", "MIN_PROSE_CHARS"]

log = logging.getLogger(__name__)

MIN_PROSE_CHARS = 200
"""Below this much running text (headings and list items not counted; a Chinese, Japanese or
Korean character counts three) a page is no article: section fronts and link lists are mostly
headings and items."""

_SPACE = re.compile(r"\s+")
# Chinese, Japanese and Korean say in one character what alphabets say in about three.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NON_HTML = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
             "application/octet-stream", "application/json")


def extract_article(page: FetchedPage) -> ExtractedArticle:
    """Extract the article a page holds; raise NotAnArticle when it holds none."""
    _require_html(page)
    html = page.text()
    root = parse_html(html)
    if root is None:
        raise NotAnArticle(f"empty document at {page.final_url}")
    meta = read_metadata(root, page.final_url)
    strip_boilerplate(root)
    document = trafilatura.bare_extraction(
        root,  # copied, not changed: ``infer_metadata`` below reads the same tree
        url=page.final_url,
        with_metadata=False,  # only title, author and date are wanted: see ``inferred``
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    if not isinstance(document, Document):
        raise NotAnArticle(f"no main text found at {page.final_url}")
    # The page's own date declaration wins, so htmldate's search is only needed without one.
    found = infer_metadata(root, page.final_url, with_date=meta.published_at is None)
    title = _clean(found.title or meta.title or "")
    blocks = [block for block in _drop_leading_title(body_blocks(document.body), title)
              if not is_ad_label(block.text)]
    _require_article(page, title, blocks)
    article = ExtractedArticle(
        url=page.url,
        canonical_url=meta.canonical_url or page.final_url,
        title=title,
        paragraphs=tuple(block.text for block in blocks),
        author=_clean(found.author or meta.author or "") or None,
        published_at=meta.published_at or parse_date(found.date or ""),
        lang_hint=meta.lang_hint,
        image_url=meta.image_url,
        amp_url=meta.amp_url,
    )
    log.debug("extracted", extra={"url": page.url, "paragraphs": len(article.paragraphs)})
    return article


def _require_html(page: FetchedPage) -> None:
    mime = page.content_type.split(";", 1)[0].strip().lower()
    if mime.startswith(_NON_HTML):
        raise NotAnArticle(f"{page.final_url} is {mime}, not HTML", code="extract.not_html")
    if not page.body.strip():
        raise NotAnArticle(f"empty body at {page.final_url}", code="extract.empty")


def _require_article(page: FetchedPage, title: str, blocks: list[Block]) -> None:
    if not title:
        raise NotAnArticle(f"no title at {page.final_url}")
    prose = sum(_weight(block.text) for block in blocks if block.prose)
    if prose < MIN_PROSE_CHARS:
        raise NotAnArticle(
            f"only {prose} characters of running text at {page.final_url}"
        )


def _weight(text: str) -> int:
    return len(text) + 2 * len(_CJK.findall(text))


def _drop_leading_title(blocks: list[Block], title: str) -> list[Block]:
    # trafilatura keeps the headline as the body's first heading; the title field already has it.
    key = title.casefold()
    while blocks and not blocks[0].prose and blocks[0].text.casefold() == key:
        blocks = blocks[1:]
    return blocks


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
