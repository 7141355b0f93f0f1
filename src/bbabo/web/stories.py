"""View data of stories: the story page, a story's entry in a listing, and the "other coverage"
of an article page, computed from the store's ``StorySummary``/``StoryView`` in plain Python
(as ``views`` does for articles), so each page's ``.json`` twin carries the same fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bbabo.model import StoredArticle, StoryReport, StorySummary, StoryView
from bbabo.publish.urls import article_path, source_path, story_path
from bbabo.web import i18n
from bbabo.web.views import ArticleCard, Timestamp, article_card, timestamp

__all__ = ["ReportView", "StoryPage", "OtherCoverage", "href_of", "report_view",
           "story_page", "other_coverage", "grouped_cards", "OTHER_COVERAGE_SIZE"]

# An article page lists this many other reports; the story page has them all.
OTHER_COVERAGE_SIZE = 12


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportView:
    """One report of a story, linked in the reader's language when it can be read in it, else
    in its original (``title_lang`` says which, for the link's ``hreflang`` and ``lang``)."""

    article_id: int
    href: str
    title: str
    title_lang: str
    original_language: str
    language_name: str
    source_name: str
    source_href: str | None
    published: Timestamp | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryPage:
    id: int
    title: str
    title_lang: str
    lead: str
    # "5 reports in 3 languages", in the reader's language.
    coverage: str
    first_seen: Timestamp | None
    last_seen: Timestamp | None
    reports: tuple[ReportView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OtherCoverage:
    """The other reports of an article's story, and the story page with all of them."""

    story_href: str
    reports: tuple[ReportView, ...]
    # Reports not listed here (the story page lists them).
    more: int


def href_of(story: StorySummary, lang: str) -> str:
    return story_path(lang, story.id, story.title, story.title_lang)


def report_view(report: StoryReport, lang: str) -> ReportView:
    return ReportView(
        article_id=report.article_id,
        href=article_path(report.article_id, report.section, report.title, report.title_lang),
        title=report.title, title_lang=report.title_lang,
        original_language=report.language,
        language_name=i18n.language_name(report.language, lang),
        source_name=report.source_name,
        source_href=(source_path(lang, report.source_id)
                     if report.source_id is not None else None),
        published=timestamp(report.published_at, lang))


def _coverage(story: StorySummary, lang: str) -> str:
    """"5 reports in 3 languages": on the story's page and under it in a listing. (A listing
    once said "and 4 more reports in 3 languages", counting the shown report's language among
    the others'.)"""
    ui = i18n.messages(lang)
    languages = ui.ngettext("{n} language", "{n} languages", len(story.languages))
    return ui.ngettext("{n} report in {languages}", "{n} reports in {languages}",
                       story.article_count, languages=languages)


def story_page(found: StoryView, lang: str) -> StoryPage:
    story = found.story
    return StoryPage(
        id=story.id, title=story.title, title_lang=story.title_lang, lead=story.lead,
        coverage=_coverage(story, lang), first_seen=timestamp(story.first_seen_at, lang),
        last_seen=timestamp(story.last_seen_at, lang),
        reports=tuple(report_view(report, lang) for report in found.reports))


def other_coverage(found: StoryView, article_id: int, lang: str) -> OtherCoverage | None:
    """None when the article is its story's only report."""
    others = [report for report in found.reports if report.article_id != article_id]
    if not others:
        return None
    shown = others[:OTHER_COVERAGE_SIZE]
    return OtherCoverage(story_href=href_of(found.story, lang),
                         reports=tuple(report_view(report, lang) for report in shown),
                         more=len(others) - len(shown))


def grouped_cards(found: Sequence[StoredArticle], stories: Mapping[int, StorySummary],
                  story_of: Mapping[int, int], lang: str) -> list[ArticleCard]:
    """A listing with one entry per story: the first (newest) of its reports here stands for
    it, titled and led as the story, with a link to the story page; the story's other reports
    on this page are left out. An article in no story yet is listed as it always was; one
    alone in its story gets its lead."""
    cards: list[ArticleCard] = []
    shown: set[int] = set()
    for article in found:
        card = article_card(article, lang)
        story = stories.get(story_of.get(article.id, 0))
        if story is None:
            cards.append(card)
            continue
        if story.id in shown:
            continue
        shown.add(story.id)
        if story.article_count < 2:
            lead = story.lead if story.title_lang == lang else ""
            cards.append(replace(card, lead=lead or None))
            continue
        href = href_of(story, lang)
        cards.append(replace(card, href=href, title=story.title,
                             title_lang=story.title_lang if story.title_lang != lang else None,
                             lead=story.lead or None, more=_coverage(story, lang),
                             more_href=href))
    return cards
