"""View data of search results: stories, each with the reports that matched, every report with
its language and outlet (found in any language, so the language is always said)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from bbabo import langs
from bbabo.pipeline.xsearch import Found, FoundStory
from bbabo.publish.urls import path_in
from bbabo.web import i18n
from bbabo.web.views import Timestamp, _timestamp, marked_html, source_name, text_dir

__all__ = ["ReportResult", "StoryResult", "story_result"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportResult:
    href: str
    title: Markup
    snippet: Markup
    lang: str  # the language the title and snippet are in
    lang_name: str
    dir: str
    original_lang: str
    section: str
    published: Timestamp | None
    source_name: str
    by_words: bool  # its words matched, in the reader's language
    by_meaning: bool  # its vector was near the query's


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryResult:
    """``title``: the story's, in the reader's language as well as can be (empty for a report
    in no story, or the only report its story has)."""

    story_id: int | None
    title: str
    title_lang: str
    reports: tuple[ReportResult, ...]
    more: int


def _name(code: str) -> str:
    return langs.native_name(code) if langs.is_known(code) else code


def report_result(found: Found, lang: str) -> ReportResult:
    article = found.article
    return ReportResult(
        href=path_in(article, found.lang), title=marked_html(found.title),
        snippet=marked_html(found.snippet), lang=found.lang, lang_name=_name(found.lang),
        dir=text_dir(found.lang), original_lang=article.language,
        section=i18n.section_name(article.section, lang),
        published=_timestamp(article.published_at or article.fetched_at, lang),
        source_name=source_name(article), by_words=found.text_rank is not None,
        by_meaning=found.similarity is not None)


def story_result(group: FoundStory, lang: str) -> StoryResult:
    story = group.story
    titled = story is not None and story.article_count > 1
    return StoryResult(
        story_id=group.story_id,
        title=story.title if titled and story is not None else "",
        title_lang=story.title_lang if story is not None else lang,
        reports=tuple(report_result(found, lang) for found in group.reports),
        more=group.more)
