"""Title, author and date as trafilatura finds them, without the rest of its metadata.

``bare_extraction(with_metadata=True)`` also works out site name, categories, tags, licence and
hostname, which bbabo never uses, and always runs its two costly searches: the byline heuristics
(XPath over a copy of the whole tree) and htmldate. This follows trafilatura's
``extract_metadata`` step for step with trafilatura's own functions, so title, author and date
come out as they did from ``bare_extraction``, but runs the byline search only when the page
declares no author (as trafilatura does too) and the date search only when the caller still
needs a date: bbabo prefers the date the page's markup declares (``metadata.read_metadata``).
Written against trafilatura 2.3.1; ``tests/extract/test_inferred.py`` pins the equivalence.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.html
from htmldate import find_date
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document

__all__ = ["InferredMetadata", "infer_metadata", "DATE_PARAMS"]

log = logging.getLogger(__name__)

DATE_PARAMS = {"extensive_search": False, "original_date": True}
"""Only dates the page states outright; the extensive search guesses from copyright lines."""


@dataclass(frozen=True, slots=True)
class InferredMetadata:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    """``YYYY-MM-DD`` from htmldate; None when not found or not asked for."""


def infer_metadata(root: lxml.html.HtmlElement, page_url: str, *,
                   with_date: bool) -> InferredMetadata:
    """Title, author and (when ``with_date``) date as trafilatura's ``extract_metadata`` finds
    them in ``root``, which is only read."""
    found = examine_meta(root)
    # trafilatura drops a one-word <meta> author (often a handle or a site name).
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = extract_meta_json(root, found)  # JSON-LD overrides or adds to <meta>
    except Exception:  # trafilatura shields itself from its JSON-LD reader's bugs too
        log.debug("trafilatura could not read the JSON-LD", exc_info=True)
    if not found.title:
        found.title = extract_title(root)
    if not found.author:
        found.author = extract_author(root)
    date = None
    if with_date:
        # The URL htmldate reads a date from is the page's declared one, as in trafilatura.
        url = found.url or extract_url(root, page_url)
        date = find_date(root, url=url, extensive_search=DATE_PARAMS["extensive_search"],
                         original_date=DATE_PARAMS["original_date"])
    # Trimmed by trafilatura's own rules (entities, control characters, spaces, length).
    result = Document(title=found.title, author=found.author, date=date)
    result.clean_and_trim()
    return InferredMetadata(title=result.title, author=result.author, date=result.date)
