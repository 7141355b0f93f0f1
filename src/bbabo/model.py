"""Plain value types that cross stage boundaries. No ORM rows and no dicts cross a boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = [
    "NameSpelling",
    "NewVersion",
    "Source",
    "FeedEntry",
    "ParsedFeed",
    "FetchedPage",
    "ExtractedArticle",
    "LanguageGuess",
    "QAFlag",
    "TranslatedText",
    "StoredTranslation",
    "StoredArticle",
    "StorySummary",
    "StoryReport",
    "StoryView",
]



@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A feed (or news sitemap) bbabo polls."""

    id: int
    url: str
    kind: str = "feed"
    name: str = ""
    site_url: str | None = None
    lang_hint: str | None = None
    section: str = "news"
    poll_interval_s: int = 900
    enabled: bool = True
    etag: str | None = None
    last_modified: str | None = None
    next_check_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error_code: str | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    # The WebSub hub the feed names and the topic (its self URL) to subscribe to there.
    websub_hub: str | None = None
    websub_topic: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One item of a feed: where an article lives, and what the feed says of it."""

    url: str
    title: str = ""
    published_at: datetime | None = None
    summary: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedFeed:
    """A feed's entries, and what the feed says about itself: the WebSub hub it names
    (``<link rel="hub">``, a JSON Feed's ``hubs``), its own address (``rel="self"``), and how
    long it may be cached (RSS ``<ttl>``, in seconds)."""

    entries: tuple[FeedEntry, ...] = ()
    hub: str | None = None
    self_url: str | None = None
    ttl_s: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """The outcome of one HTTP GET that was allowed and answered."""

    url: str
    final_url: str
    status: int
    content_type: str = ""
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes = b""
    fetched_at: datetime
    redirects: tuple[str, ...] = ()
    # What the server says about caching and about itself: ``Cache-Control`` and ``Expires``
    # (how soon asking again is pointless) and the ``Link`` header's (rel, url) pairs (a
    # feed's WebSub hub and self URL may be named there instead of in the body).
    cache_control: str | None = None
    expires: str | None = None
    links: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        """The body decoded with the charset the server declared, else UTF-8 (lenient)."""
        return self.body.decode(self.encoding or "utf-8", errors="replace")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractedArticle:
    """What extraction makes of one article page."""

    url: str
    canonical_url: str
    title: str
    paragraphs: tuple[str, ...]
    author: str | None = None
    published_at: datetime | None = None
    lang_hint: str | None = None
    image_url: str | None = None
    amp_url: str | None = None  # the page's <link rel="amphtml">: another URL of this article

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageGuess:
    lang: str
    confidence: float
    method: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QAFlag:
    """A faithfulness problem found in one translation."""

    check: str
    paragraph: int | None
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NameSpelling:
    """How the source name ``source`` (its shortest form, or the learned entry it matched)
    ended up spelled in the target language."""

    source: str
    spelling: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TranslatedText:
    """A translation an engine produced for one article into one language."""

    source_lang: str
    target_lang: str
    title: str
    paragraphs: tuple[str, ...]
    engine: str
    model: str
    qa: tuple[QAFlag, ...] = ()
    # The spelling each name ended with, for the site-wide name book (not stored with the text).
    names: tuple[NameSpelling, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredTranslation:
    article_id: int
    lang: str
    title: str
    paragraphs: tuple[str, ...]
    engine: str
    model: str
    qa: tuple[QAFlag, ...] = ()
    # The spelling each name ended with, for the site-wide name book (not stored with the text).
    names: tuple[NameSpelling, ...] = ()
    created_at: datetime | None = None
    # Corrected by hand in the console: by whom and when (None: the machine's text).
    edited_by: str | None = None
    edited_at: datetime | None = None

    @property
    def edited(self) -> bool:
        return self.edited_by is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredArticle:
    """An article as the store holds it, with its translations when asked for."""

    id: int
    url: str
    canonical_url: str
    source_id: int | None
    source_name: str
    language: str
    section: str
    title: str
    paragraphs: tuple[str, ...]
    author: str | None = None
    published_at: datetime | None = None
    fetched_at: datetime | None = None
    status: str = "extracted"
    translations: dict[str, StoredTranslation] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewVersion:
    """A language version that appeared: an original (``translation_id`` None) or a
    translation, with what the pages listing it are chosen by."""

    article_id: int
    translation_id: int | None
    lang: str
    section: str
    source_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySummary:
    """A story as a listing shows it in one language.

    ``title`` is, in the language asked for: the representative report's title if it was
    written in it, else the title of the earliest report written in it, else the
    representative's translation into it, else the representative's original title;
    ``title_lang`` says which language it is in, and ``lead`` is the first sentence of that
    same text. ``languages`` are the reports' original languages."""

    id: int
    title: str
    title_lang: str
    lead: str
    representative_id: int | None
    article_count: int
    languages: tuple[str, ...]
    first_seen_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryReport:
    """One report of a story: ``title`` in the language asked for when it was written in it
    or translated into it (``title_lang`` says), else its original; ``readable_in``: its
    original language and every language a translation exists in."""

    article_id: int
    source_id: int | None
    source_name: str
    language: str
    section: str
    title: str
    title_lang: str
    published_at: datetime | None
    readable_in: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryView:
    """A story with every report, oldest first."""

    story: StorySummary
    reports: tuple[StoryReport, ...]
