"""``bbabo status``: what the pipeline has done, what waits, and what is wrong."""

from __future__ import annotations

import json

import click

from bbabo.cli.context import AppContext, utcnow
from bbabo.cli.operations import print_freshness, print_operations
from bbabo.pipeline.components import translator_for
from bbabo.pipeline.status import INSTALL_MISSING, StatusReport, build_status

__all__ = ["COMMANDS"]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def status(app: AppContext, as_json: bool) -> None:
    """Counts per stage and language, failing sources, missing models."""
    settings = app.settings
    broker = None
    if settings.broker_url:
        from bbabo.tasks.celery.app import broker_report

        def broker() -> dict[str, object]:
            return broker_report(settings)

    report = build_status(app.store, targets=settings.target_languages, now=utcnow(),
                          celery=bool(settings.broker_url),
                          translator=translator_for(settings), broker=broker)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return
    _print(report)


def _counts(values: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(values.items())) or "none"


def _print(report: StatusReport) -> None:
    click.echo(f"sources: {report.sources}, failing: {len(report.failing_sources)}")
    for s in report.failing_sources:
        click.echo(f"  source {s.id} {s.url}: {s.code}: {s.error} ({s.failures} in a row)")
    click.echo(f"pages: {_counts(report.pages)}")
    for url, code, error in report.recent_page_failures:
        click.echo(f"  {url}: {code}: {error}")
    click.echo(f"articles by language: {_counts(report.articles)}")
    click.echo(f"translations by language: {_counts(report.translations)}")
    click.echo(f"articles waiting for translation: {report.pending_translation}")
    click.echo(f"translations with QA flags: {report.qa_flagged}, held back: {report.qa_held}; "
               f"translation memory: {report.translation_memory} sentence(s)")
    stories = report.stories
    click.echo(f"stories: {stories.total}, articles in none yet: {stories.unplaced}; "
               f"stories per day: {_counts(stories.per_day)}")
    if (storage := report.storage) is not None:
        size = "size unknown" if storage.bytes is None else f"{storage.bytes / 2**20:.1f} MiB"
        since = (f", articles stored since {storage.oldest_article_at:%Y-%m-%d}"
                 if storage.oldest_article_at else "")
        # Where retention is decided: the store keeps everything until pruned.
        click.echo(f"database: {size}{since} (`bbabo articles prune --older-than DAYS` "
                   "takes old stories out)")
    if report.missing_models:
        # One line for all pairs and the one command that installs them: ten languages times
        # a few sources is a screenful of identical advice otherwise (--json has each hint).
        pairs = ", ".join(f"{m.src}→{m.tgt}" for m in report.missing_models)
        click.echo(f"missing models ({len(report.missing_models)}): {pairs}")
        click.echo(f"  install them: {INSTALL_MISSING}  (or see `bbabo status --json` "
                   "for other ways per pair)")
    data = report.as_json()
    print_operations(data["operations"])
    print_freshness(data["freshness"])


COMMANDS = [status]
