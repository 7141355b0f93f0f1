"""An editor's answers to a flagged translation: publish it as it is, have it translated
again, or correct it by hand.

A hand edit is stored as such (``store.revisions``: who and when, the text it replaced kept,
the machine's among it), clears the QA flags the editor answered (and with them the page's
notice and ``noindex``), and is never replaced by a machine: the translation stage only fills
in translations that are missing, re-translating refuses it, and respelling a pinned name
passes it by."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bbabo.errors import UsageError
from bbabo.store import Discarded, Store

__all__ = ["edit_translation", "release_translation", "retranslate", "MAX_TITLE",
           "MAX_PARAGRAPH"]

MAX_TITLE = 1_000
MAX_PARAGRAPH = 20_000


def _clean(text: str) -> str:
    # Browsers send CRLF from a textarea; a paragraph is one line of text on the site.
    return " ".join(text.replace("\r\n", "\n").split())


def edit_translation(store: Store, article_id: int, lang: str, *, title: str,
                     paragraphs: Sequence[str], editor: str, now: datetime) -> int:
    """Store an editor's text for the translation of ``article_id`` into ``lang`` (published,
    or held: then it is published by the edit), paragraph for paragraph; its id."""
    current = store.review.text(article_id, lang)
    if current is None:
        raise UsageError(f"article {article_id} has no translation into {lang}",
                         code="usage.no_translation")
    title, cleaned = _clean(title), [_clean(p) for p in paragraphs]
    if not title or len(title) > MAX_TITLE:
        raise UsageError(f"the title must have 1 to {MAX_TITLE} characters",
                         code="usage.bad_edit")
    if len(cleaned) != len(current.paragraphs):
        raise UsageError(f"expected {len(current.paragraphs)} paragraphs, got {len(cleaned)}",
                         code="usage.bad_edit")
    for number, paragraph in enumerate(cleaned, start=1):
        if not paragraph or len(paragraph) > MAX_PARAGRAPH:
            raise UsageError(f"paragraph {number} must have 1 to {MAX_PARAGRAPH} characters",
                             code="usage.bad_edit")
    edited = store.revisions.edit(article_id, lang, title=title, paragraphs=cleaned,
                                  editor=editor, now=now)
    if edited is None:  # dropped between the two reads
        raise UsageError(f"article {article_id} has no translation into {lang}",
                         code="usage.no_translation")
    return edited


def release_translation(store: Store, article_id: int, lang: str) -> None:
    """Publish a held translation as it is, with its flags shown as a notice."""
    if not store.translations.release(article_id, lang):
        raise UsageError(f"no held translation of article {article_id} into {lang}",
                         code="usage.not_held")


def retranslate(store: Store, article_id: int, lang: str) -> Discarded:
    """Drop the machine translation (held or published) so the next pass makes it again:
    after a model or the glossary changed (the same model gives the same text)."""
    found = store.translations.discard(article_id, lang)
    if found is Discarded.edited:
        raise UsageError(f"the translation of article {article_id} into {lang} was corrected "
                         "by hand; it is not translated again", code="usage.edited")
    if found is Discarded.missing:
        raise UsageError(f"article {article_id} has no translation into {lang}",
                         code="usage.no_translation")
    return found
