"""View data: what a template shows, computed from store values in plain Python.

Templates only print these fields, which keeps logic out of them and gives each page's
future ``.json`` twin the same data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from markupsafe import Markup

from bbabo import langs
from bbabo.model import StoredArticle
from bbabo.web import i18n
from bbabo.web.snippets import excerpt, highlight
from bbabo.web.urls import article_path

__all__ = ["LangLink", "Timestamp", "ArticleCard", "ArticleView", "text_dir", "languages_of",
           "readable_in", "text_in", "path_in", "lang_links", "article_card", "article_view",
           "source_name", "article_moments", "safe_link", "SearchResult", "search_result"]

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
    href: str
    title: str
    section: str
    published: Timestamp | None
    source_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleView:
    title: str
    paragraphs: tuple[str, ...]
    section: str
    published: Timestamp | None
    source_name: str
    source_url: str | None
    translated_from: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    href: str
    title: Markup
    snippet: Markup
    section: str
    published: Timestamp | None
    source_name: str


def text_dir(lang: str) -> str:
    return "rtl" if lang in langs.RTL else "ltr"


def languages_of(article: StoredArticle) -> list[str]:
    """The languages an article can be read in: its own first, then its translations."""
    return [article.language, *sorted(set(article.translations) - {article.language})]


def readable_in(article: StoredArticle, lang: str) -> bool:
    return lang == article.language or lang in article.translations


def text_in(article: StoredArticle, lang: str) -> tuple[str, tuple[str, ...]]:
    if lang == article.language:
        return article.title, article.paragraphs
    translation = article.translations[lang]
    return translation.title, translation.paragraphs


def article_moments(article: StoredArticle, lang: str) -> tuple[datetime, datetime]:
    """When the ``lang`` version was published and last changed: a translation changes the
    day it is made, an original the day it was published (edits are not tracked)."""
    published = article.published_at or article.fetched_at
    assert published is not None, "the store always sets fetched_at"
    translation = article.translations.get(lang) if lang != article.language else None
    made = translation.created_at if translation is not None else None
    return published, max(published, made) if made is not None else published


def path_in(article: StoredArticle, lang: str) -> str:
    return article_path(article.id, article.section, text_in(article, lang)[0], lang)


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


def safe_link(url: str) -> str | None:
    """Only web URLs become links: autoescaping cannot defuse a ``javascript:`` href."""
    parts = urlsplit(url)
    return url if parts.scheme in {"http", "https"} and parts.netloc else None


def article_card(article: StoredArticle, lang: str) -> ArticleCard:
    title, _ = text_in(article, lang)
    return ArticleCard(
        href=path_in(article, lang), title=title,
        section=i18n.section_name(article.section, lang),
        published=_timestamp(article.published_at or article.fetched_at, lang),
        source_name=source_name(article),
    )


def article_view(article: StoredArticle, lang: str) -> ArticleView:
    title, paragraphs = text_in(article, lang)
    translated = lang != article.language
    return ArticleView(
        title=title, paragraphs=paragraphs, section=i18n.section_name(article.section, lang),
        published=_timestamp(article.published_at or article.fetched_at, lang),
        source_name=source_name(article),
        source_url=safe_link(article.canonical_url) or safe_link(article.url),
        translated_from=(i18n.gettext(lang, "translated_from",
                                      language=i18n.language_name(article.language, lang))
                         if translated else None),
    )


def search_result(article: StoredArticle, lang: str,
                  pattern: re.Pattern[str] | None) -> SearchResult:
    title, paragraphs = text_in(article, lang)
    return SearchResult(
        href=path_in(article, lang), title=highlight(title, pattern),
        snippet=highlight(excerpt(paragraphs, pattern), pattern),
        section=i18n.section_name(article.section, lang),
        published=_timestamp(article.published_at or article.fetched_at, lang),
        source_name=source_name(article),
    )
