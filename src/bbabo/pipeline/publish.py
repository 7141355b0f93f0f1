"""Publish: make what the pipeline stored visible in the static copy of the site.

The app reads the store directly, so a new article or translation is on the live site as soon
as it commits (the triggers that bump the data version the page cache watches run in that same
commit). With ``export_dir`` set, bbabo also keeps a static copy current (the layout of
``bbabo export-site``, for nginx or a CDN), and that is this stage: each pass re-renders
exactly the pages the new article versions since the last pass touched, and leaves every other
file alone:

- every language version of each changed article (the language switcher and hreflang of all
  of them name the new one), with its ``.json`` twin;
- in each language that gained a version: the home page, the article's section and outlet
  pages (the first ``listing_pages`` pages of each: newer articles push older ones down), and
  the language's and the section's feeds;
- the sitemaps holding the changed articles, the sitemap index and the news sitemap;
- for each story a stories pass changed since the last publish pass: its page, twin and feeds
  in every language, and all of the above for every version of its reports (their pages list
  the other coverage; listings show one entry per story); the story sitemaps from its page on;
  the file of a merged story's address, or of a story's old slug, replaced by a page that
  sends readers on to the story's current address (``writer.redirect_page``).

A pass knows what is new from a mark it keeps in the directory (``.bbabo-publish.json``): the
data version, the highest article and translation ids it published, and ids that were missing
below them (an id is taken when a transaction inserts, and may commit later). Articles and
translations are inserted, so ids above the mark are the change; a translation changed in
place (an editor's hand edit, a pinned name respelled) gets a revision
(``store.revisions``), whose ids the mark follows the same way. What every page
shows (the section menu, the languages, the outlets' names, the settings, the bbabo version)
is kept as a digest; when it differs, or there is no mark, or the counts show rows the mark
does not explain, the pass re-exports the whole site instead. Files are replaced atomically,
and a file that already holds the bytes is not touched, so a pass delivered twice, or cut off
and run again, writes nothing new. One pass at a time per directory (a lock file)."""

from __future__ import annotations

import asyncio
import enum
import fcntl
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from math import ceil
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp

import bbabo
from bbabo.config import Settings
from bbabo.errors import RecordMissing
from bbabo.model import NewVersion, StoryView
from bbabo.publish.plan import PagePlan, plan_pages, render_plan, stale_files
from bbabo.publish.urls import (
    FEED_FILES,
    SITEMAP_SIZE,
    json_twin,
    story_feed_path,
    story_path,
    story_sitemap_path,
)
from bbabo.publish.writer import (
    ExportReport,
    export_site,
    open_site,
    replace_file,
    sweep_numbered,
)
from bbabo.store import Store
from bbabo.store.changes import Snapshot

__all__ = ["PublishOptions", "PublishOutcome", "PublishReport", "Publisher", "publish_changes",
           "MARK_FILE", "WHOLE_EXPORT_FILE", "request_whole_export", "whole_export_asked",
           "clear_whole_export"]

log = logging.getLogger(__name__)

MARK_FILE = ".bbabo-publish.json"
WHOLE_EXPORT_FILE = ".bbabo-export-whole"
# A stories pass stamps its changes with the time it started, and commits later: a publish
# pass looks back this far before its predecessor's time (re-rendering a page that did not
# change writes nothing).
_STORY_LAG = timedelta(minutes=10)
# A mark from before stories: the stories of the last merge window (a week) and a day.
_STORY_LOOKBACK = timedelta(days=8)
_LOCK_FILE = ".bbabo-publish.lock"
_FORMAT = 2  # 2 added the revisions; a format-1 mark predates them, so it read as revision 0
# Ids found missing are asked for again this long (a transaction does not stay open longer);
# after a whole-site export, the last this many ids are checked for late commits.
_GAP_TTL = timedelta(minutes=15)
_GAP_WINDOW = 1000
_MAX_GAPS = 10_000


class PublishOutcome(enum.Enum):
    unchanged = "unchanged"  # nothing new since the last pass
    updated = "updated"  # the pages of the new versions were rendered
    full = "full"  # the whole site was exported
    failed = "failed"  # some pages did not render; the next pass tries again
    busy = "busy"  # another pass holds the directory


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishOptions:
    """``site_key`` stands for the settings every page shows (a change re-exports all)."""

    directory: Path
    base_url: str
    listing_pages: int = 10
    concurrency: int = 4
    site_key: str = ""
    targets: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> PublishOptions | None:
        """None when no ``export_dir`` is configured: the live site needs no publishing."""
        if not settings.export_dir:
            return None
        base_url = settings.export_url
        key = json.dumps([bbabo.__version__, settings.site_name, settings.target_languages,
                          settings.default_language, settings.qa_hold_back, base_url])
        return cls(directory=Path(settings.export_dir), base_url=base_url.rstrip("/"),
                   site_key=hashlib.sha256(key.encode()).hexdigest()[:16],
                   targets=settings.target_languages)


@dataclass(slots=True, kw_only=True)
class PublishReport:
    outcome: PublishOutcome
    version: int
    articles: int = 0
    files: int = 0
    unchanged: int = 0
    failed: list[tuple[str, int]] = field(default_factory=list)


def publish_changes(*, store: Store, site: ASGIApp, options: PublishOptions,
                    clock: Callable[[], datetime]) -> PublishReport:
    """One pass: bring ``options.directory`` up to what the store holds now. ``site`` is the
    app (``create_app(..., page_cache=False)``) that renders the pages."""
    options.directory.mkdir(parents=True, exist_ok=True)
    with _exclusive(options.directory) as mine:
        if not mine:
            return PublishReport(outcome=PublishOutcome.busy, version=0)
        report = _publish(store, site, options, clock())
    if report.failed:
        log.error("%d page(s) did not render; the next pass tries again: %s",
                  len(report.failed), ", ".join(f"{p} ({s})" for p, s in report.failed[:10]))
    elif report.outcome is not PublishOutcome.unchanged:
        log.info("published %d article(s): %d file(s) rendered, %d of them unchanged",
                 report.articles, report.files, report.unchanged)
    return report


class Publisher:
    """``publish_changes`` with its collaborators bound: what `bbabo run`'s publish thread
    and the Celery ``bbabo.publish`` task call."""

    def __init__(self, *, store: Store, site: ASGIApp, options: PublishOptions,
                 clock: Callable[[], datetime]) -> None:
        self.store, self.site, self.options, self.clock = store, site, options, clock

    @classmethod
    def for_settings(cls, settings: Settings, store: Store, *, clock: Callable[[], datetime],
                     make_site: Callable[[], ASGIApp]) -> Publisher | None:
        """None without ``export_dir``. ``make_site`` builds the app that renders the pages
        (``web.app.create_app(..., page_cache=False)``), called only when there is a site to
        keep: the web app and its templates load only in a process that publishes."""
        options = PublishOptions.from_settings(settings)
        if options is None:
            return None
        return cls(store=store, site=make_site(), options=options, clock=clock)

    def __call__(self) -> PublishReport:
        return publish_changes(store=self.store, site=self.site, options=self.options,
                               clock=self.clock)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Mark:
    """What the directory holds: the state of the store it was last brought up to."""

    version: int
    site_key: str
    chrome: str
    article_id: int
    translation_id: int
    articles: int
    translations: int
    article_gaps: dict[int, str]
    translation_gaps: dict[int, str]
    revision_id: int = 0
    revision_gaps: dict[int, str] = field(default_factory=dict)
    # The stories version the copy shows, and when the pass that read it ran ("": a mark
    # from before stories, which looks back one merge window).
    stories_version: int = 0
    stories_at: str = ""


def _publish(store: Store, site: ASGIApp, options: PublishOptions,
             now: datetime) -> PublishReport:
    changes = store.changes
    mark = _read_mark(options.directory)
    asked = whole_export_asked(options.directory)
    # Before the snapshot: a stories pass committing in between is seen again next time.
    stories_version = store.stories.version()
    snap = changes.snapshot()
    if (asked is None and mark is not None and mark.site_key == options.site_key
            and mark.version == snap.version):
        return PublishReport(outcome=PublishOutcome.unchanged, version=snap.version)
    chrome = _chrome(store, options)
    revision = store.revisions.last_id()
    if asked is not None:
        log.info("articles were taken out; exporting the static site whole")
        report = _publish_all(store, site, options, snap, revision, chrome, now,
                              stories_version)
        if not report.failed:
            clear_whole_export(options.directory, asked)
        return report
    if mark is None or mark.site_key != options.site_key or mark.chrome != chrome:
        return _publish_all(store, site, options, snap, revision, chrome, now,
                            stories_version)
    found = changes.new_versions(
        articles_after=mark.article_id, articles_upto=snap.article_id,
        translations_after=mark.translation_id, translations_upto=snap.translation_id,
        article_ids=list(mark.article_gaps), translation_ids=list(mark.translation_gaps))
    originals = {v.article_id for v in found if v.translation_id is None}
    versions = {v.translation_id for v in found if v.translation_id is not None}
    published = (mark.articles + len(originals), mark.translations + len(versions))
    if snap.articles > published[0] or snap.translations > published[1]:
        # Rows the mark cannot account for (committed below it, after their id stopped being
        # watched): only a whole export is sure to show them.
        log.warning("the static site lost track of some rows; exporting it whole")
        return _publish_all(store, site, options, snap, revision, chrome, now,
                            stories_version)
    revised, edited = store.revisions.changes_since(after=mark.revision_id, upto=revision,
                                                    ids=list(mark.revision_gaps))
    advanced = replace(_advance(mark, snap, chrome, found, published, now,
                                revisions=(revision, revised)),
                       stories_version=stories_version, stories_at=now.isoformat())
    found += [v for v in edited if v.translation_id not in versions]
    in_stories = _StoryChanges(versions=[], pages=[], redirects=[], removed=[])
    if stories_version != mark.stories_version:
        since = (datetime.fromisoformat(mark.stories_at) - _STORY_LAG if mark.stories_at
                 else now - _STORY_LOOKBACK)
        in_stories = _story_changes(store, options, since)
        found += in_stories.versions
    if not found and not in_stories.pages:
        _write_mark(options.directory, advanced)
        return PublishReport(outcome=PublishOutcome.unchanged, version=snap.version)
    articles = store.articles.get_many(sorted({v.article_id for v in found})).values()
    plan = replace(plan_pages(found, articles, changes.readable_count,
                              listing_pages=options.listing_pages,
                              story_pages=in_stories.pages),
                   redirects=tuple(in_stories.redirects), removed=tuple(in_stories.removed))
    rendered = asyncio.run(_render(site, options, plan))
    report = _report(PublishOutcome.updated, snap, rendered,
                     articles=len({v.article_id for v in found}))
    if not report.failed:
        _write_mark(options.directory, advanced)
    return report


@dataclass(frozen=True, slots=True, kw_only=True)
class _StoryChanges:
    versions: list[NewVersion]
    pages: list[str]
    redirects: list[tuple[str, str]]
    removed: list[str]


def _story_changes(store: Store, options: PublishOptions, since: datetime) -> _StoryChanges:
    """What stories changed at or after ``since`` touch: every version of their reports (the
    article pages list the other coverage, the listings group by story) as changed versions;
    each story's pages (in every language its reports or the site are in: the page, its
    twin, its feeds); the story sitemaps from the page holding the lowest changed id on. A
    merged story's survivor stands for it: the file of its old address (and of a story's old
    slug) becomes a page sending readers to the current one (the live site answers 301), its
    old twin is taken out, its feeds (the survivor's, as the live site serves them) are
    rendered again."""
    views: dict[int, StoryView] = {}
    now_in: dict[int, int] = {}  # changed story -> the story that holds its reports now
    changed = store.stories.changed_since(since)
    for story_id in changed:
        try:
            view = store.stories.get(story_id, options.targets[0] if options.targets else "en")
        except RecordMissing:
            continue
        views[view.story.id] = view
        now_in[story_id] = view.story.id
    versions: dict[tuple[int, str], NewVersion] = {}
    languages = set(options.targets)
    for view in views.values():
        for report in view.reports:
            languages.update(report.readable_in)
            for lang in report.readable_in:
                versions[(report.article_id, lang)] = NewVersion(
                    article_id=report.article_id, translation_id=None, lang=lang,
                    section=report.section, source_id=report.source_id)
    pages: list[str] = []
    redirects: list[tuple[str, str]] = []
    removed: list[str] = []
    for lang in sorted(languages):
        current: dict[int, str] = {}
        for story_id, story in store.stories.summaries(sorted(views), lang).items():
            path = current[story_id] = story_path(lang, story_id, story.title,
                                                  story.title_lang)
            pages += [path, json_twin(path),
                      *(story_feed_path(lang, story_id, fmt) for fmt in FEED_FILES)]
        for story_id, survivor in sorted(now_in.items()):
            if survivor not in current:
                continue
            if story_id != survivor:
                pages += [story_feed_path(lang, story_id, fmt) for fmt in FEED_FILES]
            old_pages, old_twins = stale_files(options.directory, current[survivor], story_id)
            redirects += [(old, current[survivor]) for old in old_pages]
            removed += old_twins
    if changed:
        listed = store.stories.count_listed()
        first = store.stories.count_listed(before_id=min(changed)) // SITEMAP_SIZE + 1
        pages += [story_sitemap_path(lang, n) for lang in options.targets
                  for n in range(first, ceil(listed / SITEMAP_SIZE) + 1)]
    return _StoryChanges(versions=list(versions.values()), pages=pages, redirects=redirects,
                         removed=removed)


def _publish_all(store: Store, site: ASGIApp, options: PublishOptions, snap: Snapshot,
                 revision: int, chrome: str, now: datetime,
                 stories_version: int) -> PublishReport:
    changes = store.changes
    for stale in options.directory.rglob(".*.tmp"):  # left by a pass killed mid-write
        stale.unlink(missing_ok=True)
    rendered = asyncio.run(export_site(site, options.directory, base_url=options.base_url,
                                       concurrency=options.concurrency))
    report = _report(PublishOutcome.full, snap, rendered, articles=snap.articles)
    if report.failed:
        return report
    swept = sweep_numbered(options.directory, rendered.paths)
    if swept:
        log.info("took out %d listing page(s) and sitemap(s) past their new last one", swept)
    # Ids below the snapshot's highest that were not there yet may still commit.
    low_a = max(0, snap.article_id - _GAP_WINDOW)
    low_t = max(0, snap.translation_id - _GAP_WINDOW)
    seen_a, seen_t = changes.existing(article_ids=range(low_a + 1, snap.article_id + 1),
                                      translation_ids=range(low_t + 1, snap.translation_id + 1))
    stamp = now.isoformat()
    low_r = max(0, revision - _GAP_WINDOW)
    seen_r = store.revisions.existing(range(low_r + 1, revision + 1))
    _write_mark(options.directory, _Mark(
        version=snap.version, site_key=options.site_key, chrome=chrome,
        article_id=snap.article_id, translation_id=snap.translation_id,
        articles=snap.articles, translations=snap.translations,
        article_gaps={i: stamp for i in range(low_a + 1, snap.article_id + 1) if i not in seen_a},
        translation_gaps={i: stamp for i in range(low_t + 1, snap.translation_id + 1)
                          if i not in seen_t},
        revision_id=revision,
        revision_gaps={i: stamp for i in range(low_r + 1, revision + 1) if i not in seen_r},
        stories_version=stories_version, stories_at=stamp))
    return report


async def _render(site: ASGIApp, options: PublishOptions, plan: PagePlan) -> ExportReport:
    async with open_site(site, options.base_url) as http:
        return await render_plan(http, options.directory, plan,
                                 concurrency=options.concurrency)


def _report(outcome: PublishOutcome, snap: Snapshot, rendered: ExportReport, *,
            articles: int) -> PublishReport:
    return PublishReport(outcome=PublishOutcome.failed if rendered.failed else outcome,
                         version=snap.version, articles=articles, files=rendered.files,
                         unchanged=rendered.unchanged, failed=rendered.failed)


def _advance(mark: _Mark, snap: Snapshot, chrome: str, found: list[NewVersion],
             published: tuple[int, int], now: datetime, *,
             revisions: tuple[int, set[int]]) -> _Mark:
    """The mark after a pass that found ``found`` (new rows) and, of the revisions up to
    ``revisions[0]``, those in ``revisions[1]``."""
    originals = {v.article_id for v in found if v.translation_id is None}
    versions = {v.translation_id for v in found if v.translation_id is not None}
    revision, revised = revisions
    return _Mark(
        version=snap.version, site_key=mark.site_key, chrome=chrome,
        article_id=max(mark.article_id, snap.article_id),
        translation_id=max(mark.translation_id, snap.translation_id),
        articles=published[0], translations=published[1],
        article_gaps=_gaps(mark.article_gaps, mark.article_id, snap.article_id, originals, now),
        translation_gaps=_gaps(mark.translation_gaps, mark.translation_id,
                               snap.translation_id, versions, now),
        revision_id=max(mark.revision_id, revision),
        revision_gaps=_gaps(mark.revision_gaps, mark.revision_id, revision, revised, now))


def _gaps(old: dict[int, str], after: int, upto: int, found: set[int],
          now: datetime) -> dict[int, str]:
    """Ids still missing: the old ones not found and not expired, and the new range's holes."""
    stamp, oldest = now.isoformat(), (now - _GAP_TTL).isoformat()
    kept = {i: seen for i, seen in old.items() if i not in found and seen > oldest}
    kept.update({i: stamp for i in range(after + 1, upto + 1) if i not in found})
    return dict(sorted(kept.items())[-_MAX_GAPS:])


def _chrome(store: Store, options: PublishOptions) -> str:
    """A digest of what every page shows besides its own content: the section menu (biggest
    first), the languages beyond the targets that articles can be read in (each has pages
    and a sitemap), the outlets' names."""
    sections = store.articles.count_by_section()
    languages = (set(store.articles.count_by_language())
                 | set(store.translations.count_by_language())) - set(options.targets)
    outlets = [(s.id, s.name, s.site_url, s.section) for s in store.sources.list()]
    text = json.dumps([sorted(sections, key=lambda n: (-sections[n], n)), sorted(languages),
                       outlets, options.site_key])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def request_whole_export(directory: Path) -> None:
    """Ask the next pass to export ``directory`` whole: articles were taken out (``bbabo
    articles prune``), so every listing and sitemap that held them changes, which the ids
    the mark follows cannot show. A file holding a fresh token, safe while a pass runs: a
    pass clears it only if it read that same token before it began."""
    directory.mkdir(parents=True, exist_ok=True)
    replace_file(directory / WHOLE_EXPORT_FILE, secrets.token_hex(8).encode())


def whole_export_asked(directory: Path) -> bytes | None:
    """The token of a whole export asked for, if one is."""
    try:
        return (directory / WHOLE_EXPORT_FILE).read_bytes()
    except OSError:
        return None


def clear_whole_export(directory: Path, token: bytes) -> None:
    """Done with the request holding ``token`` (a newer one is left for the next pass)."""
    if whole_export_asked(directory) == token:
        (directory / WHOLE_EXPORT_FILE).unlink(missing_ok=True)


def _read_mark(directory: Path) -> _Mark | None:
    try:
        data: dict[str, Any] = json.loads((directory / MARK_FILE).read_text(encoding="utf-8"))
        if data.get("format") not in (1, _FORMAT):
            return None
        return _Mark(version=int(data["version"]), site_key=str(data["site_key"]),
                     chrome=str(data["chrome"]), article_id=int(data["article_id"]),
                     translation_id=int(data["translation_id"]),
                     articles=int(data["articles"]), translations=int(data["translations"]),
                     article_gaps={int(k): str(v) for k, v in data["article_gaps"].items()},
                     translation_gaps={int(k): str(v)
                                       for k, v in data["translation_gaps"].items()},
                     revision_id=int(data.get("revision_id", 0)),
                     revision_gaps={int(k): str(v)
                                    for k, v in data.get("revision_gaps", {}).items()},
                     stories_version=int(data.get("stories_version", 0)),
                     stories_at=str(data.get("stories_at", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # none, or not ours: the whole site is exported and a new mark written


def _write_mark(directory: Path, mark: _Mark) -> None:
    data = {"format": _FORMAT, "version": mark.version, "site_key": mark.site_key,
            "chrome": mark.chrome, "article_id": mark.article_id,
            "translation_id": mark.translation_id, "articles": mark.articles,
            "translations": mark.translations,
            "article_gaps": {str(k): v for k, v in mark.article_gaps.items()},
            "translation_gaps": {str(k): v for k, v in mark.translation_gaps.items()},
            "revision_id": mark.revision_id,
            "revision_gaps": {str(k): v for k, v in mark.revision_gaps.items()},
            "stories_version": mark.stories_version, "stories_at": mark.stories_at}
    replace_file(directory / MARK_FILE, json.dumps(data, indent=1).encode())


@contextmanager
def _exclusive(directory: Path) -> Iterator[bool]:
    """Whether this process got the directory to itself; the kernel frees the lock when the
    process dies, so a killed pass never blocks the next."""
    fd = os.open(directory / _LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
