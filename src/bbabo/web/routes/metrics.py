"""``/metrics``: the pipeline's state in the Prometheus text format (version 0.0.4).

Every figure is read from the database, so one scrape of the web process covers the work of all
workers, whichever machines they run on. The values are gauges (what is stored now, what was
done in the last hour) rather than counters: they survive restarts and never reset. Freshness is
a histogram per language over a window (``window="1h"`` or ``"1d"``): a snapshot of the versions
that went live in that window, not a counter since start, so it is read with
``histogram_quantile(0.95, bbabo_freshness_seconds_bucket{window="1h",from="published"})``
directly, without ``rate()``; ``bbabo_freshness_quantile_seconds`` has p50 and p95 ready."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo.pipeline.status import Freshness, build_status
from bbabo.store.freshness import BUCKETS_S
from bbabo.web.context import web_of

__all__ = ["routes", "render_metrics", "Sample", "Family", "histogram_family"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# Samples are (labels, value).
Sample = tuple[Mapping[str, str], float]


@dataclass(frozen=True, slots=True)
class Family:
    """One metric family: ``kind`` gauge or histogram; a histogram's samples are
    (suffix, labels, value) with suffix ``_bucket``, ``_sum`` or ``_count``."""

    name: str
    help: str
    samples: Iterable[Sample] | Iterable[tuple[str, Mapping[str, str], float]]
    kind: str = "gauge"


def _escape(value: str) -> str:
    return value.replace("\\", r"\\").replace("\n", r"\n").replace('"', r"\"")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _line(name: str, labels: Mapping[str, str], value: float) -> str:
    # ``le`` last, as client libraries write it; the other labels sorted.
    keys = sorted(labels, key=lambda k: (k == "le", k))
    tags = ",".join(f'{k}="{_escape(labels[k])}"' for k in keys)
    return f"{name}{{{tags}}} {_number(value)}" if tags else f"{name} {_number(value)}"


def render_metrics(families: Iterable[Family]) -> str:
    lines: list[str] = []
    for family in families:
        lines += [f"# HELP {family.name} {family.help}", f"# TYPE {family.name} {family.kind}"]
        for sample in family.samples:
            if family.kind == "histogram":
                suffix, labels, value = sample  # type: ignore[misc]
                lines.append(_line(family.name + suffix, labels, value))
            else:
                labels, value = sample  # type: ignore[misc]
                lines.append(_line(family.name, labels, value))
    return "\n".join(lines) + "\n"


def histogram_family(name: str, help_text: str,
                     series: Sequence[tuple[Mapping[str, str], Sequence[int], int, float]],
                     bounds: Sequence[float] = BUCKETS_S) -> Family:
    """A histogram family from (labels, cumulative bucket counts, count, sum) per series."""
    samples: list[tuple[str, Mapping[str, str], float]] = []
    for labels, cumulative, count, total in series:
        samples += [("_bucket", {**labels, "le": _number(bound)}, n)
                    for bound, n in zip(bounds, cumulative, strict=True)]
        samples += [("_bucket", {**labels, "le": "+Inf"}, count), ("_sum", labels, total),
                    ("_count", labels, count)]
    return Family(name, help_text, samples, kind="histogram")


def _freshness_families(freshness: Freshness) -> list[Family]:
    series = []
    quantiles: list[Sample] = []
    for window, measures in sorted(freshness.items()):
        for measure, by_lang in sorted(measures.items()):
            for lang, hist in sorted(by_lang.items()):
                labels = {"lang": lang, "window": window, "from": measure}
                series.append((labels, hist.cumulative, hist.count, hist.sum_s))
                for q in (0.5, 0.95):
                    value = hist.quantile(q)
                    if value is not None:
                        quantiles.append(({**labels, "quantile": str(q)}, value))
    return [
        histogram_family("bbabo_freshness_seconds",
                         "Seconds from a story's publication (from=published) or from bbabo "
                         "first seeing it (from=seen) to its version in a language going live, "
                         "over the versions live in the window.", series),
        Family("bbabo_freshness_quantile_seconds",
               "p50 and p95 of bbabo_freshness_seconds, estimated from its buckets.", quantiles),
    ]


def _by(label: str, counts: Mapping[str, int]) -> list[Sample]:
    return [({label: key}, value) for key, value in sorted(counts.items())]


def _families(request: Request) -> list[Family]:
    web = web_of(request)
    report = build_status(web.store, targets=web.settings.target_languages, now=web.clock(),
                          celery=bool(web.settings.broker_url))
    done, ages = report.throughput, report.backlog_age_s
    gauges: list[tuple[str, str, Sequence[Sample]]] = [
        ("bbabo_articles", "Articles stored, by original language.",
         _by("lang", report.articles)),
        ("bbabo_translations", "Translations published, by language.",
         _by("lang", report.translations)),
        ("bbabo_translations_pending", "Articles still lacking a target language.",
         [({}, report.pending_translation)]),
        ("bbabo_pages", "Article pages in the fetch queue, by state.",
         _by("state", report.pages)),
        ("bbabo_sources", "Sources configured.", [({}, report.sources)]),
        ("bbabo_database_bytes", "Size of the database (SQLite: its pages).",
         [({}, report.storage.bytes)] if report.storage and report.storage.bytes else []),
        ("bbabo_sources_failing", "Sources whose last poll failed.",
         [({}, len(report.failing_sources))]),
        ("bbabo_processed_last_hour", "Work finished in the last hour, by stage and language.",
         list[Sample]([({"stage": "refresh", "lang": ""}, done.refreshed)])
         + [({"stage": f"fetch_{state}", "lang": ""}, n) for state, n in sorted(done.pages.items())]
         + [({"stage": "ingest", "lang": lang}, n) for lang, n in sorted(done.ingested.items())]
         + [({"stage": "translate", "lang": lang}, n)
            for lang, n in sorted(done.translated.items())]),
        ("bbabo_backlog_age_seconds", "Age of the oldest waiting work (0: nothing waits).",
         [({"stage": stage}, age or 0.0) for stage, age in sorted(ages.items())]),
        ("bbabo_tasks_out", "Tasks handed to Celery workers and not finished, by kind.",
         _by("kind", report.leases)),
        ("bbabo_process_resident_bytes",
         "Resident memory of each live bbabo process with the processes it started.",
         [({"role": p.role, "host": p.host, "pid": str(p.pid)},
           float(p.tree_resident_bytes or p.resident_bytes or 0)) for p in report.processes]),
        ("bbabo_websub_subscriptions", "WebSub subscriptions, by state.",
         _by("state", report.websub)),
        ("bbabo_stories", "Stories (reports of one event), not merged into another.",
         [({}, report.stories.total)]),
        ("bbabo_stories_per_day", "Stories by the UTC day of their first report, last 7 days.",
         _by("day", report.stories.per_day)),
        ("bbabo_articles_unplaced", "Articles in no story yet.",
         [({}, report.stories.unplaced)]),
    ]
    return [Family(name, help_text, samples) for name, help_text, samples in gauges] + \
        _freshness_families(report.freshness)


def metrics(request: Request) -> Response:
    return Response(render_metrics(_families(request)), media_type=CONTENT_TYPE,
                    headers={"Cache-Control": "no-store"})


routes = [Route("/metrics", metrics, name="metrics")]
