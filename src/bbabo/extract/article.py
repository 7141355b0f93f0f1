"""Article extraction: a fetched HTML page in, title plus ordered plain-text paragraphs out.

Control characters XML cannot hold are removed first (``text``), and the page is parsed as
trafilatura parses it (comments and processing instructions dropped). trafilatura finds the
main text of the page as it came (dropping navigation, ads, share bars, related links and
comments) in its balanced mode; bbabo does not change the tree it reads, because on real pages
removing elements beforehand moved trafilatura to another container as often as it helped. From
trafilatura's blocks bbabo then drops the headline, bare date and credit lines, blocks found
only inside boilerplate elements (``sanitize``: promos, "read also" boxes, banners, comment
threads), short blocks that are links to the site's other articles (``teasers``) and prose
paragraphs that a second extractor, Resiliparse, does not have when the two readings agree on
the page (``vote``), and puts back the lead paragraph trafilatura often leaves out (``lead``);
on real pages this scores above trafilatura alone (docs/benchmarks.md,
``bench/extraction.py``). When that leaves too little text, the heaviest of trafilatura's
unfiltered reading and its recall-mode reading is taken. A page that declares itself an article
keeps whatever text it has; another needs ``MIN_TEXT_CHARS``. Title and author come from
trafilatura's reading of the page (see ``inferred``), falling back to the page's own
``<meta>``/``<link>`` declarations (and, when the page names no title at all, to its first
heading or sentence), which also supply canonical URL, image, language and the date, with
htmldate's reading as the date's fallback (see ``metadata``).
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
from bbabo.extract.sanitize import Boilerplate, is_stray_line
from bbabo.extract.teasers import PageLinks, drop_teasers, page_links, unlinked_text
from bbabo.extract.text import clean, repair, repair_document
from bbabo.extract.vote import drop_unconfirmed, second_reading
from bbabo.model import ExtractedArticle, FetchedPage

__all__ = ["extract_article", "MIN_TEXT_CHARS", "MIN_DECLARED_CHARS"]

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 200
"""Below this many characters outside links (spaces not counted; a Chinese, Japanese or Korean
character counts three) a page is no article: section fronts and link lists are mostly the
headlines and menus they link to. Text in lists and tables counts: a results table or a list of
steps is an article's text."""

MIN_DECLARED_CHARS = 50
"""The minimum for a page that declares itself an article (``og:type``, JSON-LD, a single
``<article>``), counted the same way: about one sentence. A short real article (a brief, a blog
post of two lines) is kept; a section front's text is links, whatever it declares."""

# Chinese, Japanese and Korean say in one character what alphabets say in about three.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Spaces are not counted: a long list of links leaves little but the spaces between them.
_VISIBLE = re.compile(r"\S")
_MAX_TITLE_CHARS = 120
_NON_HTML = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
             "application/octet-stream", "application/json")


def extract_article(page: FetchedPage) -> ExtractedArticle:
    """Extract the article a page holds; raise NotAnArticle when it holds none."""
    _require_html(page)
    html = repair_document(page.text())
    root = parse_html(html)
    if root is None:
        raise NotAnArticle(f"empty document at {page.final_url}")
    meta = read_metadata(root, page.final_url)
    links = page_links(root, page.final_url)
    boilerplate = Boilerplate(root)
    # The page's own date declaration wins, so htmldate's search is only needed without one.
    found = infer_metadata(root, page.final_url, with_date=meta.published_at is None)
    title = clean(found.title or meta.title or "")
    read = _main_text(root, page.final_url)
    blocks = drop_unconfirmed(_refine(read, title, links, boilerplate), second_reading(html))
    if blocks and (lead := find_lead(root, blocks, meta.description)):
        blocks.insert(0, lead)
    if _text_weight(blocks, links) < MIN_TEXT_CHARS:
        blocks = _too_little(root, page.final_url, read, title, links, blocks)
    if not title:
        title = _title_from_text(blocks)
        blocks = _drop_leading_title(blocks, title)
    _require_article(page, title, blocks, links, declared=meta.declares_article)
    article = ExtractedArticle(
        url=page.url,
        canonical_url=meta.canonical_url or page.final_url,
        title=repair(title),
        paragraphs=tuple(repair(block.text) for block in blocks),
        author=repair(clean(found.author or meta.author or "")) or None,
        published_at=meta.published_at or parse_date(found.date or ""),
        lang_hint=meta.lang_hint,
        image_url=meta.image_url,
        amp_url=meta.amp_url,
    )
    log.debug("extracted", extra={"url": page.url, "paragraphs": len(article.paragraphs)})
    return article


def _too_little(root: lxml.html.HtmlElement, url: str, read: Document | None, title: str,
                links: PageLinks, blocks: list[Block]) -> list[Block]:
    """The heaviest of other readings of a page where bbabo found too little: trafilatura's
    balanced reading without bbabo's filters, and its recall mode, which reads some pages
    the balanced mode gives up on. Run only here: a second pass on every page costs time."""
    candidates = [blocks, _refine(read, title, links, None, teasers=False)]
    recall = _main_text(root, url, favor_recall=True)
    candidates.append(_refine(recall, title, links, None, teasers=False))
    return max(candidates, key=lambda found: _text_weight(found, links))


def _main_text(root: lxml.html.HtmlElement, url: str, *,
               favor_recall: bool = False) -> Document | None:
    document = trafilatura.bare_extraction(
        root,  # copied, not changed: ``infer_metadata`` and ``find_lead`` read the same tree
        url=url,
        with_metadata=False,  # only title, author and date are wanted: see ``inferred``
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=favor_recall,
    )
    return document if isinstance(document, Document) else None


def _refine(document: Document | None, title: str, links: PageLinks,
            boilerplate: Boilerplate | None, *, teasers: bool = True) -> list[Block]:
    """trafilatura's body as blocks, without the headline, stray lines, blocks found only in
    boilerplate elements and (with ``teasers``) links to the site's other articles."""
    if document is None:
        return []
    blocks = [block for block in _drop_leading_title(body_blocks(document.body), title)
              if not is_stray_line(block.text)
              and not (boilerplate and boilerplate.holds(block.text))]
    return drop_teasers(blocks, links) if teasers else blocks


def _require_html(page: FetchedPage) -> None:
    mime = page.content_type.split(";", 1)[0].strip().lower()
    if mime.startswith(_NON_HTML):
        raise NotAnArticle(f"{page.final_url} is {mime}, not HTML", code="extract.not_html")
    if not page.body.strip():
        raise NotAnArticle(f"empty body at {page.final_url}", code="extract.empty")


def _require_article(page: FetchedPage, title: str, blocks: list[Block],
                     links: PageLinks, *, declared: bool) -> None:
    if not title:
        raise NotAnArticle(f"no title at {page.final_url}")
    weight = _text_weight(blocks, links)
    if weight < (MIN_DECLARED_CHARS if declared else MIN_TEXT_CHARS):
        raise NotAnArticle(
            f"only {weight} characters of text outside links at {page.final_url}"
        )


def _text_weight(blocks: list[Block], links: PageLinks) -> int:
    left = unlinked_text("\n".join(block.text for block in blocks), links)
    return len(_VISIBLE.findall(left)) + 2 * len(_CJK.findall(left))


def _title_from_text(blocks: list[Block]) -> str:
    """A title for a page that names none (no ``<title>``, heading or ``og:title``): its
    first heading, else the start of its first paragraph, cut at a word."""
    heading = next((block.text for block in blocks[:3] if not block.prose
                    and len(block.text) <= _MAX_TITLE_CHARS), None)
    if heading or not blocks:
        return heading or ""
    text = blocks[0].text
    if len(text) <= _MAX_TITLE_CHARS:
        return text
    cut = text[:_MAX_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def _drop_leading_title(blocks: list[Block], title: str) -> list[Block]:
    # trafilatura keeps the headline as the body's first heading; the title field already has it.
    key = title.casefold()
    while blocks and not blocks[0].prose and blocks[0].text.casefold() == key:
        blocks = blocks[1:]
    return blocks
