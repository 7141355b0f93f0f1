"""The dashboard, ``/admin/`` (and ``/admin/dashboard.json``): the status report every other
reader gets (``pipeline.status``), with a week of history drawn as charts."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bbabo.pipeline.status import HISTORY, StatusReport, build_status
from bbabo.store.accounts import Session
from bbabo.web.admin.auth import page
from bbabo.web.admin.charts import DelayChart, bar_chart, delay_chart, hourly_chart
from bbabo.web.admin.render import admin_headers, render_admin
from bbabo.web.admin.state import console_of

__all__ = ["routes", "REFRESH_S"]

# The page reloads itself (a meta refresh: no script) so the charts fill as work is done.
REFRESH_S = 30


def _report(request: Request) -> StatusReport:
    console = console_of(request)
    return build_status(console.store, targets=console.settings.target_languages,
                        now=console.clock(), celery=bool(console.settings.broker_url),
                        history=HISTORY)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes = int(seconds // 60)
    if minutes < 1:
        return f"{int(seconds)} s"
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def _freshness(report: StatusReport) -> DelayChart:
    """Source publication → page live per language, as the status builder measures it
    (``pipeline.status.build_freshness``): medians and 95th percentiles estimated from its
    histograms, the bars for the last day, the table for the last hour and day."""
    windows = {window: {lang: (histogram.quantile(0.5), histogram.quantile(0.95),
                               histogram.count)
                        for lang, histogram in measures.get("published", {}).items()}
               for window, measures in report.freshness.items()}
    return delay_chart("freshness", "Source publication to page live, by language (last day)",
                       windows, chart_window="1d")


@page("editor")
def dashboard(request: Request, session: Session) -> Response:
    report = _report(request)
    history = report.history
    assert history is not None
    now = console_of(request).clock()
    until = now.replace(minute=0, second=0, microsecond=0)
    done = report.throughput
    return render_admin(
        request, "dashboard.html", session=session, title="Dashboard", refresh=REFRESH_S,
        report=report, now=now.strftime("%Y-%m-%d %H:%M"),
        ages={stage: _age(age) for stage, age in report.backlog_age_s.items()},
        stored_articles=sum(report.articles.values()),
        stored_translations=sum(report.translations.values()),
        last_hour_articles=sum(done.ingested.values()),
        last_hour_translations=sum(done.translated.values()),
        ingested=hourly_chart("ingested", "Articles stored per hour, by language",
                              history.ingested, since=history.since, until=until,
                              unit="articles"),
        translated=hourly_chart("translated", "Translations made per hour, by target language",
                                history.translated, since=history.since, until=until,
                                unit="translations"),
        page_failures=bar_chart("page-failures", "Pages that failed, by error code (7 days)",
                                history.page_failures, unit="pages"),
        source_failures=bar_chart("source-failures", "Sources failing now, by error code",
                                  history.source_failures, unit="sources"),
        qa_flags=bar_chart("qa-flags", "QA flags raised, by check (7 days)",
                           history.qa_flags, unit="flags"),
        freshness=_freshness(report),
    )


@page("editor")
def dashboard_json(request: Request, session: Session) -> Response:
    return JSONResponse(_report(request).as_json(), headers=admin_headers())


def _slash(request: Request) -> Response:
    return RedirectResponse("/admin/", status_code=308, headers=admin_headers())


routes = [
    Route("/admin", _slash, name="admin_bare"),
    Route("/admin/", dashboard, name="admin_dashboard"),
    Route("/admin/dashboard.json", dashboard_json, name="admin_dashboard_json"),
]
