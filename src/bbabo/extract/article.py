"""Article extraction: a fetched HTML page in, title plus ordered plain-text paragraphs out.

Control characters XML cannot hold are removed first (``text``). ``sanitize`` removes the
boilerplate sites put inside the article area (promos, "read also" links, banners, comment
threads), then trafilatura finds the main text (dropping navigation, ads, share bars, related
links and comments) in its balanced mode. bbabo then drops the short blocks that are links to
the site's other articles (``teasers``) and puts back the lead paragraph trafilatura often
leaves out (``lead``); on real pages this scores above trafilatura alone (docs/benchmarks.md,
``bench/extraction.py``). When that finds too little text, trafilatura's own reading of the
untouched page is used instead. Title and author come from
trafilatura's reading of the page (see ``inferred``), falling back to the page's own
``<meta>``/``<link>`` declarations, which also supply canonical URL, image, language and the
date, with htmldate's reading as the date's fallback (see ``metadata``).
"""

from __future__ import annotations

import logging
import re

import lxml.html
import trafilatura
from trafilatura.settings import Document

from bbabo.errors import NotAnArticle
from bbabo.extract.body import Block, body_blocks
from bbabo.extract.inferred import infer_metadata
from bbabo.extract.lead import find_lead
from bbabo.extract.metadata import parse_date, parse_html, read_metadata
from bbabo.extract.sanitize import is_stray_line, strip_boilerplate
from bbabo.extract.teasers import PageLinks, drop_teasers, page_links, unlinked_text
from bbabo.extract.text import clean
from bbabo.model import ExtractedArticle, FetchedPage

__all__ = ["extract_article", "MIN_TEXT_CHARS"]

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 200
"""Below this many characters outside links (spaces not counted; a Chinese, Japanese or Korean
character counts three) a page is no article: section fronts and link lists are mostly the
headlines and menus they link to. Text in lists and tables counts: a results table or a list of
steps is an article's text."""

# Chinese, Japanese and Korean say in one character what alphabets say in about three.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Spaces are not counted: a long list of links leaves little but the spaces between them.
_VISIBLE = re.compile(r"\S")
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
    links = page_links(root, page.final_url)
    strip_boilerplate(root)
    document = _main_text(root, page.final_url)
    # The page's own date declaration wins, so htmldate's search is only needed without one.
    found = infer_metadata(root, page.final_url, with_date=meta.published_at is None)
    title = clean(found.title or meta.title or "")
    blocks: list[Block] = []
    if document is not None:
        blocks = _refine(body_blocks(document.body), title, links)
        if lead := find_lead(root, blocks, meta.description):
            blocks.insert(0, lead)
    if _text_weight(blocks, links) < MIN_TEXT_CHARS:
        # Too little: trafilatura on the page as it came, without bbabo's changes, may find more.
        fallback = _main_text(parse_html(html), page.final_url)
        if fallback is not None:
            found_blocks = _refine(body_blocks(fallback.body), title, links, teasers=False)
            if _text_weight(found_blocks, links) > _text_weight(blocks, links):
                blocks = found_blocks
    _require_article(page, title, blocks, links)
    article = ExtractedArticle(
        url=page.url,
        canonical_url=meta.canonical_url or page.final_url,
        title=title,
        paragraphs=tuple(block.text for block in blocks),
        author=clean(found.author or meta.author or "") or None,
        published_at=meta.published_at or parse_date(found.date or ""),
        lang_hint=meta.lang_hint,
        image_url=meta.image_url,
        amp_url=meta.amp_url,
    )
    log.debug("extracted", extra={"url": page.url, "paragraphs": len(article.paragraphs)})
    return article


def _main_text(root: lxml.html.HtmlElement | None, url: str) -> Document | None:
    if root is None:
        return None
    document = trafilatura.bare_extraction(
        root,  # copied, not changed: ``infer_metadata`` and ``find_lead`` read the same tree
        url=url,
        with_metadata=False,  # only title, author and date are wanted: see ``inferred``
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    return document if isinstance(document, Document) else None


def _refine(blocks: list[Block], title: str, links: PageLinks, *,
            teasers: bool = True) -> list[Block]:
    blocks = [block for block in _drop_leading_title(blocks, title)
              if not is_stray_line(block.text)]
    return drop_teasers(blocks, links) if teasers else blocks


def _require_html(page: FetchedPage) -> None:
    mime = page.content_type.split(";", 1)[0].strip().lower()
    if mime.startswith(_NON_HTML):
        raise NotAnArticle(f"{page.final_url} is {mime}, not HTML", code="extract.not_html")
    if not page.body.strip():
        raise NotAnArticle(f"empty body at {page.final_url}", code="extract.empty")


def _require_article(page: FetchedPage, title: str, blocks: list[Block],
                     links: PageLinks) -> None:
    if not title:
        raise NotAnArticle(f"no title at {page.final_url}")
    weight = _text_weight(blocks, links)
    if weight < MIN_TEXT_CHARS:
        raise NotAnArticle(
            f"only {weight} characters of text outside links at {page.final_url}"
        )


def _text_weight(blocks: list[Block], links: PageLinks) -> int:
    left = unlinked_text("\n".join(block.text for block in blocks), links)
    return len(_VISIBLE.findall(left)) + 2 * len(_CJK.findall(left))


def _drop_leading_title(blocks: list[Block], title: str) -> list[Block]:
    # trafilatura keeps the headline as the body's first heading; the title field already has it.
    key = title.casefold()
    while blocks and not blocks[0].prose and blocks[0].text.casefold() == key:
        blocks = blocks[1:]
    return blocks
