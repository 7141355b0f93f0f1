"""View data: what a template shows, computed from store values in plain Python.

Templates only print these fields, which keeps logic out of them and gives each page's
``.json`` twin the same data (``jsonview.jsonable``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from bbabo import langs
from bbabo.model import StoredArticle
from bbabo.publish.urls import languages_of, path_in, section_path, source_path
from bbabo.store.search import Marked, SearchHit
from bbabo.web import i18n

__all__ = ["site_link", "LangLink", "Timestamp", "ArticleCard", "ArticleView", "SearchResult",
           "SectionBlock", "text_dir", "languages_of", "readable_in", "text_in", "path_in",
           "lang_links", "article_card", "article_view", "source_name", "article_moments",
           "safe_link", "search_result", "marked_html", "marked_text", "is_flagged",
           "section_blocks", "timestamp"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LangLink:
    code: str
    name: str
    href: str
    dir: str
    current: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Timestamp:
    iso: str
    human: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleCard:
    id: int
    href: str
    title: str
    section: str
    section_href: str
    published: Timestamp | None
    source_name: str
    source_href: str | None
    # Set where the card stands for a story (``stories.grouped_cards``): the title is then the
    # story's, in ``title_lang`` (None: in the page's language), and ``more`` says, linked to the
    # story page, how many other reports it has. ``lead``: the first sentence under the title.
    title_lang: str | None = None
    lead: str | None = None
    more: str | None = None
    more_href: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleView:
    id: int
    lang: str
    title: str
    paragraphs: tuple[str, ...]
    section: str
    section_href: str
    published: Timestamp | None
    source_name: str
    # The original article on the outlet's site, and the outlet's page on this site.
    source_url: str | None
    source_href: str | None
    original_language: str
    # Set on translations only: the notice naming the language, and the original on this site.
    translated_from: str | None
    original_href: str | None
    # A machine translation whose QA flags were not cleared: a visible warning, and noindex.
    flagged: bool
    # A machine translation the editors corrected by hand (``translated_from`` says so).
    corrected: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    href: str
    title: Markup
    snippet: Markup
    section: str
    published: Timestamp | None
    source_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionBlock:
    """A section on the home page: its newest articles and a link to all of them."""

    name: str
    href: str
    cards: tuple[ArticleCard, ...]


def text_dir(lang: str) -> str:
    return "rtl" if lang in langs.RTL else "ltr"


def readable_in(article: StoredArticle, lang: str) -> bool:
    return lang == article.language or lang in article.translations


def text_in(article: StoredArticle, lang: str) -> tuple[str, tuple[str, ...]]:
    if lang == article.language:
        return article.title, article.paragraphs
    translation = article.translations[lang]
    return translation.title, translation.paragraphs


def is_flagged(article: StoredArticle, lang: str) -> bool:
    """A translation into ``lang`` whose QA flags nobody cleared."""
    translation = article.translations.get(lang) if lang != article.language else None
    return translation is not None and bool(translation.qa)


def article_moments(article: StoredArticle, lang: str) -> tuple[datetime, datetime]:
    """When the ``lang`` version was published and last changed: a translation changes the
    day it is made or an editor corrects it, an original the day it was published (edits of
    the source page are not tracked)."""
    published = article.published_at or article.fetched_at
    assert published is not None, "the store always sets fetched_at"
    translation = article.translations.get(lang) if lang != article.language else None
    changed = [moment for moment in (translation.created_at, translation.edited_at)
               if moment is not None] if translation is not None else []
    return published, max([published, *changed])


def lang_links(codes: Iterable[str], current: str,
               href_for: Callable[[str], str]) -> list[LangLink]:
    """Switcher entries; each language is named in itself, as readers look for their own."""
    return [
        LangLink(code=code, name=langs.native_name(code) if langs.is_known(code) else code,
                 href=href_for(code), dir=text_dir(code), current=code == current)
        for code in codes
    ]


def _timestamp(moment: datetime | None, lang: str) -> Timestamp | None:
    if moment is None:
        return None
    return Timestamp(iso=moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                     human=i18n.format_datetime(moment, lang))


def source_name(article: StoredArticle) -> str:
    return article.source_name or urlsplit(article.canonical_url).hostname or ""


def safe_link(url: str | None) -> str | None:
    """Only web URLs become links: autoescaping cannot defuse a ``javascript:`` href."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in {"http", "https"} and parts.netloc else None


def site_link(site_url: str | None, feed_url: str) -> str | None:
    """An outlet's web site: its own when that is a web URL, else the feed's origin. Never
    the feed itself, whose path or query may hold the operator's private token."""
    own = safe_link(site_url)
    if own is not None:
        return own
    try:
        parts = urlsplit(feed_url)
        hostname, number = parts.hostname, parts.port
    except ValueError:  # a port that is no number ("host:abc"), an unclosed "[::1"
        return None
    if parts.scheme not in {"http", "https"} or not hostname:
        return None
    host = hostname if ":" not in hostname else f"[{hostname}]"
    port = f":{number}" if number else ""
    return f"{parts.scheme}://{host}{port}/"


# For the story views, which show the same instants the same way.
timestamp = _timestamp


def _source_href(article: StoredArticle, lang: str) -> str | None:
    return source_path(lang, article.source_id) if article.source_id is not None else None


def article_card(article: StoredArticle, lang: str) -> ArticleCard:
    title, _ = text_in(article, lang)
    return ArticleCard(
        id=article.id, href=path_in(article, lang), title=title,
        section=i18n.section_name(article.section, lang),
        section_href=section_path(lang, article.section),
        published=_timestamp(article.published_at or article.fetched_at, lang),
        source_name=source_name(article), source_href=_source_href(article, lang),
    )


def article_view(article: StoredArticle, lang: str) -> ArticleView:
    title, paragraphs = text_in(article, lang)
    translated = lang != article.language
    ui = i18n.messages(lang)
    language = i18n.language_name(article.language, lang)
    corrected = translated and article.translations[lang].edited
    notice = (ui.gettext("Machine translation from {language}, corrected by the editors.",
                         language=language) if corrected
              else ui.gettext("Translated by machine from {language}.", language=language))
    return ArticleView(
        id=article.id, lang=lang, title=title, paragraphs=paragraphs,
        section=i18n.section_name(article.section, lang),
        section_href=section_path(lang, article.section),
        published=_timestamp(article.published_at or article.fetched_at, lang),
        source_name=source_name(article),
        source_url=safe_link(article.canonical_url) or safe_link(article.url),
        source_href=_source_href(article, lang), original_language=article.language,
        translated_from=notice if translated else None,
        original_href=path_in(article, article.language) if translated else None,
        flagged=is_flagged(article, lang), corrected=corrected,
    )


def marked_html(segments: Marked) -> Markup:
    """Each piece escaped on its own, so ``<mark>`` is the only markup that gets through."""
    return Markup("").join(Markup("<mark>%s</mark>") % text if hit else escape(text)
                           for text, hit in segments)


def marked_text(segments: Marked) -> str:
    return "".join(text for text, _ in segments)


def search_result(hit: SearchHit, lang: str) -> SearchResult:
    article = hit.article
    return SearchResult(
        href=path_in(article, lang), title=marked_html(hit.title),
        snippet=marked_html(hit.snippet), section=i18n.section_name(article.section, lang),
        published=_timestamp(article.published_at or article.fetched_at, lang),
        source_name=source_name(article),
    )


def section_blocks(groups: Sequence[tuple[str, Sequence[ArticleCard]]],
                   lang: str) -> list[SectionBlock]:
    """``groups``: each section's cards (grouped by story, ``stories.grouped_cards``)."""
    return [SectionBlock(name=i18n.section_name(section, lang),
                         href=section_path(lang, section), cards=tuple(cards))
            for section, cards in groups if cards]
