"""One status report, built in one place, read by ``bbabo status``, ``/-/status.json`` and
``/metrics`` (and the operator console): what is stored, what waits and for how long, what was
done in the last hour, what is failing, which language pairs lack a model.

Every figure comes from the tables every mode writes (one process or many Celery workers), so
each reader says the same thing whichever mode produced the data. The parts that cost more than
a few indexed counts are asked for: the missing models need the translator (engine discovery),
the broker section a round trip to the broker, which only the CLI makes (handed in as
``broker``, so this module never imports Celery). The console's charts ask for a week of
history (``history``): counts per hour and language, failures by code, QA flags by check."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import bbabo
from bbabo.pipeline.components import source_languages
from bbabo.store import Store
from bbabo.store.freshness import Histogram, Measure
from bbabo.store.ops import History, Storage, Throughput
from bbabo.store.processes import ProcessBeat
from bbabo.translate import Translator
from bbabo.translate.packages.keeper import needed_pairs

__all__ = ["StatusReport", "FailingSource", "MissingModel", "StoriesStatus", "build_status",
           "WINDOW", "INSTALL_MISSING", "FRESHNESS_WINDOWS", "Freshness", "build_freshness",
           "STORY_DAYS", "HISTORY"]

WINDOW = timedelta(hours=1)
# What the console charts: the last seven days, hour by hour.
HISTORY = timedelta(days=7)
# A process whose heartbeat (every 30 s, tasks/heartbeat.py) stopped this long ago is gone.
PROCESS_SILENCE = timedelta(seconds=90)
# Freshness is reported over the last hour and the last day.
FRESHNESS_WINDOWS = {"1h": timedelta(hours=1), "1d": timedelta(days=1)}
# window -> measure ("published": from the source's publication; "seen": from bbabo first
# seeing the story) -> language -> histogram of the delays to the version going live.
Freshness = dict[str, dict[str, dict[str, Histogram]]]
STORY_DAYS = 7  # days of "stories per day" reported
# The one command that installs every missing pair (what `bbabo run`'s model keeper does).
INSTALL_MISSING = "bbabo models install --missing"


@dataclass(frozen=True, slots=True, kw_only=True)
class FailingSource:
    id: int
    url: str
    code: str | None
    error: str | None
    failures: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MissingModel:
    """A pair bbabo has articles (or a source's hint) for and no engine translates; ``hint``
    names the ways to get one."""

    src: str
    tgt: str
    hint: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoriesStatus:
    """``per_day``: stories by the UTC day of their first report, over the last ``STORY_DAYS``
    days (merged ones not counted); ``unplaced``: articles in no story yet."""

    total: int
    per_day: dict[str, int]
    unplaced: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusReport:
    version: str
    mode: str  # "single-process" or "celery"
    sources: int
    failing_sources: tuple[FailingSource, ...]
    pages: dict[str, int]
    articles: dict[str, int]
    translations: dict[str, int]
    pending_translation: int
    qa_flagged: int
    qa_held: int
    translation_memory: int
    recent_page_failures: tuple[tuple[str, str, str], ...]
    throughput: Throughput
    backlog_age_s: dict[str, float | None]
    leases: dict[str, int]
    stories: StoriesStatus
    processes: tuple[ProcessBeat, ...] = ()
    freshness: Freshness = field(default_factory=dict)
    websub: dict[str, int] = field(default_factory=dict)  # subscriptions by state
    storage: Storage | None = None  # None: not asked for
    missing_models: tuple[MissingModel, ...] | None = None  # None: not asked for
    broker: dict[str, Any] | None = None
    history: History | None = None  # None: not asked for

    def as_json(self) -> dict[str, Any]:
        """The report as ``bbabo status --json`` prints it."""
        done = self.throughput
        report: dict[str, Any] = {
            "version": self.version,
            "sources": {"total": self.sources,
                        "failing": [asdict(s) for s in self.failing_sources]},
            "pages": self.pages,
            "articles": self.articles,
            "translations": self.translations,
            "pending_translation": self.pending_translation,
            "qa": {"flagged": self.qa_flagged, "held": self.qa_held},
            "translation_memory": self.translation_memory,
            "stories": {"total": self.stories.total, "per_day": self.stories.per_day,
                        "unplaced": self.stories.unplaced},
            "recent_page_failures": [{"url": u, "code": c, "error": e}
                                     for u, c, e in self.recent_page_failures],
            "operations": {
                "mode": self.mode,
                "throughput_last_hour": {
                    "sources_refreshed": done.refreshed, "pages": done.pages,
                    "articles_by_language": done.ingested,
                    "translations_by_language": done.translated,
                },
                "backlog_age_s": self.backlog_age_s,
                "leases": self.leases,
                "processes": [{"role": p.role, "host": p.host, "pid": p.pid,
                               "version": p.version, "started_at": p.started_at.isoformat(),
                               "seen_at": p.seen_at.isoformat(),
                               "resident_bytes": p.resident_bytes,
                               "tree_resident_bytes": p.tree_resident_bytes,
                               "peak_resident_bytes": p.peak_resident_bytes}
                              for p in self.processes],
                "websub_subscriptions": self.websub,
            },
            "freshness": _freshness_json(self.freshness),
        }
        if self.storage is not None:
            oldest = self.storage.oldest_article_at
            report["store"] = {"bytes": self.storage.bytes,
                               "oldest_article_at": oldest.isoformat() if oldest else None}
        if self.missing_models is not None:
            report["missing_models"] = [{"from": m.src, "to": m.tgt, "hint": m.hint}
                                        for m in self.missing_models]
            if self.missing_models:
                report["install_missing"] = INSTALL_MISSING
        if self.broker is not None:
            report["operations"]["broker"] = self.broker
        if self.history is not None:
            past = self.history
            report["history"] = {
                "since": past.since.isoformat(),
                "articles_per_hour": past.ingested, "translations_per_hour": past.translated,
                "page_failures": past.page_failures, "source_failures": past.source_failures,
                "qa_flags": past.qa_flags,
            }
        return report


def _freshness_json(freshness: Freshness) -> dict[str, Any]:
    """p50 and p95 (seconds, estimated from the histogram) and the count, per window, measure
    and language."""
    return {window: {measure: {lang: {"count": h.count, "p50_s": _rounded(h.quantile(0.5)),
                                      "p95_s": _rounded(h.quantile(0.95))}
                               for lang, h in sorted(by_lang.items())}
                     for measure, by_lang in measures.items()}
            for window, measures in freshness.items()}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def build_freshness(store: Store, now: datetime) -> Freshness:
    return {window: {measure.value: store.freshness.histograms(now - span, measure)
                     for measure in Measure}
            for window, span in FRESHNESS_WINDOWS.items()}


def build_status(store: Store, *, targets: Sequence[str], now: datetime, celery: bool,
                 translator: Translator | None = None,
                 broker: Callable[[], dict[str, Any]] | None = None,
                 history: timedelta | None = None) -> StatusReport:
    """The report as of ``now``; ``translator`` adds the missing models, ``broker`` the
    broker's queues and workers (a broker that does not answer is reported, not raised),
    ``history`` that much of the past hour by hour, from the start of its first hour."""
    missing = None
    if translator is not None:
        # The model keeper's own list: the languages of the stored articles and of the
        # sources' hints, so a pair shows before its first article arrives.
        missing = tuple(MissingModel(src=src, tgt=tgt, hint=translator.missing_hint(src, tgt))
                        for src, tgt in needed_pairs(source_languages(store), targets,
                                                     translator))
    return StatusReport(
        version=bbabo.__version__,
        mode="celery" if celery else "single-process",
        sources=store.sources.count(),
        failing_sources=tuple(
            FailingSource(id=s.id, url=s.url, code=s.last_error_code, error=s.last_error,
                          failures=s.consecutive_failures)
            for s in store.sources.list() if s.consecutive_failures),
        pages=store.pages.counts(),
        articles=store.articles.count_by_language(),
        translations=store.translations.count_by_language(),
        pending_translation=store.translations.pending_count(targets),
        qa_flagged=store.translations.count_flagged(),
        qa_held=store.translations.count_held(),
        translation_memory=store.memory.count(),
        recent_page_failures=tuple(store.pages.failures(limit=10)),
        throughput=store.ops.throughput(now - WINDOW),
        backlog_age_s=store.ops.backlog(targets).ages_s(now),
        leases=store.jobs.live(now=now),
        processes=tuple(store.processes.live(now - PROCESS_SILENCE)),
        freshness=build_freshness(store, now),
        websub=store.websub.counts(),
        stories=StoriesStatus(
            total=store.stories.count(),
            per_day=store.stories.per_day((now - timedelta(days=STORY_DAYS - 1)).replace(
                hour=0, minute=0, second=0, microsecond=0)),
            unplaced=store.stories.count_unplaced()),
        missing_models=missing,
        broker=broker() if broker is not None else None,
        storage=store.ops.storage(),
        history=(store.ops.history(now.replace(minute=0, second=0, microsecond=0) - history)
                 if history is not None else None),
    )
