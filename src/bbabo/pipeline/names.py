"""Settling a name's spelling by hand: the operator pins the spelling learned from the articles
(or gives another), it becomes the glossary's, and the translations already published into that
language are respelled in place. No engine is asked: names are post-edits of the engine's
output (``translate.names``), and the translation memory keeps the engine's own words."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bbabo.errors import UsageError
from bbabo.store import Store
from bbabo.translate.names import name_stem, respell

__all__ = ["pin_name", "PinReport"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class PinReport:
    source: str
    lang: str
    spelling: str
    respelled: int  # published translations rewritten


def pin_name(store: Store, source: str, lang: str, spelling: str | None = None, *,
             now: datetime, editor: str | None = None) -> PinReport:
    """Make ``spelling`` (by default the learned one) how ``source`` is written in ``lang``.

    Each respelled translation is recorded as a revision (by ``editor``, if a console user
    pinned it), which is how the publish stage finds the pages to render again; translations
    an editor corrected by hand are left as they are."""
    learned = store.names.get(source, lang)
    before = store.glossary.for_language(lang).get(source)
    target = spelling or (learned.spelling if learned is not None else before)
    if not target:
        raise UsageError(f"no spelling of {source!r} learned for {lang}: give one",
                         code="usage.unknown_name")
    store.glossary.upsert([(source, lang, target)], now=now)
    olds = {old for old in (before, learned.spelling if learned else None)
            if old and old != target}
    respelled: set[int] = set()
    for old in sorted(olds):
        for translation_id, title, paragraphs in store.translations.containing(
                lang, name_stem(old, lang)):
            new_title = respell(title, old, target, lang)
            new_paragraphs = tuple(respell(p, old, target, lang) for p in paragraphs)
            if (new_title, new_paragraphs) != (title, paragraphs):
                store.revisions.respell(translation_id, title=new_title,
                                        paragraphs=new_paragraphs, editor=editor, now=now)
                respelled.add(translation_id)
    log.info("name pinned", extra={"lang": lang, "respelled": len(respelled)})
    return PinReport(source=source, lang=lang, spelling=target, respelled=len(respelled))
