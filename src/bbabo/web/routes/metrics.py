"""``/metrics``: the pipeline's state in the Prometheus text format (version 0.0.4).

Every figure is read from the database, so one scrape of the web process covers the work of all
workers, whichever machines they run on. The values are gauges (what is stored now, what was
done in the last hour) rather than counters: they survive restarts and never reset."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bbabo.pipeline.status import build_status
from bbabo.web.context import web_of

__all__ = ["routes", "render_metrics", "Sample"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# (name, help, samples): samples are (labels, value).
Sample = tuple[Mapping[str, str], float]
Family = tuple[str, str, Iterable[Sample]]


def _escape(value: str) -> str:
    return value.replace("\\", r"\\").replace("\n", r"\n").replace('"', r"\"")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def render_metrics(families: Iterable[Family]) -> str:
    lines: list[str] = []
    for name, help_text, samples in families:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
        for labels, value in samples:
            tags = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items()))
            lines.append(f"{name}{{{tags}}} {_number(value)}" if tags
                         else f"{name} {_number(value)}")
    return "\n".join(lines) + "\n"


def _by(label: str, counts: Mapping[str, int]) -> list[Sample]:
    return [({label: key}, value) for key, value in sorted(counts.items())]


def _families(request: Request) -> list[Family]:
    web = web_of(request)
    report = build_status(web.store, targets=web.settings.target_languages, now=web.clock(),
                          celery=bool(web.settings.broker_url))
    done, ages = report.throughput, report.backlog_age_s
    return [
        ("bbabo_articles", "Articles stored, by original language.",
         _by("lang", report.articles)),
        ("bbabo_translations", "Translations published, by language.",
         _by("lang", report.translations)),
        ("bbabo_translations_pending", "Articles still lacking a target language.",
         [({}, report.pending_translation)]),
        ("bbabo_pages", "Article pages in the fetch queue, by state.",
         _by("state", report.pages)),
        ("bbabo_sources", "Sources configured.", [({}, report.sources)]),
        ("bbabo_sources_failing", "Sources whose last poll failed.",
         [({}, len(report.failing_sources))]),
        ("bbabo_processed_last_hour", "Work finished in the last hour, by stage and language.",
         [({"stage": "refresh", "lang": ""}, done.refreshed)]
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
    ]


def metrics(request: Request) -> Response:
    return Response(render_metrics(_families(request)), media_type=CONTENT_TYPE,
                    headers={"Cache-Control": "no-store"})


routes = [Route("/metrics", metrics, name="metrics")]
