"""``bbabo status``: what the pipeline has done, what waits, and what is wrong."""

from __future__ import annotations

import json

import click

from bbabo.cli.context import AppContext, utcnow
from bbabo.cli.operations import print_operations
from bbabo.tasks.health import operations_report
from bbabo.tasks.models import needed_pairs
from bbabo.translate import translator_for

__all__ = ["COMMANDS"]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def status(app: AppContext, as_json: bool) -> None:
    """Counts per stage and language, failing sources, missing models."""
    store, settings = app.store, app.settings
    translator = translator_for(settings)
    by_lang = store.articles.count_by_language()
    targets = settings.target_languages
    # The model keeper's own list: the languages of the stored articles and of the sources'
    # hints, so a pair shows before its first article arrives, as the keeper installs it.
    missing_models = [{"from": src, "to": tgt, "hint": translator.missing_hint(src, tgt)}
                      for src, tgt in needed_pairs(store, targets, translator)]
    report = {
        "sources": {"total": store.sources.count(),
                    "failing": [{"id": s.id, "url": s.url, "code": s.last_error_code,
                                 "error": s.last_error, "failures": s.consecutive_failures}
                                for s in store.sources.list() if s.consecutive_failures]},
        "pages": store.pages.counts(),
        "articles": by_lang,
        "translations": store.translations.count_by_language(),
        "pending_translation": store.translations.pending_count(targets),
        "qa": {"flagged": store.translations.count_flagged(),
               "held": store.translations.count_held()},
        "translation_memory": store.memory.count(),
        "missing_models": missing_models,
        "recent_page_failures": [{"url": u, "code": c, "error": e}
                                 for u, c, e in store.pages.failures(limit=10)],
        "operations": operations_report(store, settings, now=utcnow()),
    }
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print(report)


def _print(report: dict) -> None:  # type: ignore[type-arg]
    def counts(values: dict[str, int]) -> str:
        return ", ".join(f"{k}: {v}" for k, v in sorted(values.items())) or "none"

    click.echo(f"sources: {report['sources']['total']}, "
               f"failing: {len(report['sources']['failing'])}")
    for s in report["sources"]["failing"]:
        click.echo(f"  source {s['id']} {s['url']}: {s['code']}: {s['error']} "
                   f"({s['failures']} in a row)")
    click.echo(f"pages: {counts(report['pages'])}")
    for f in report["recent_page_failures"]:
        click.echo(f"  {f['url']}: {f['code']}: {f['error']}")
    click.echo(f"articles by language: {counts(report['articles'])}")
    click.echo(f"translations by language: {counts(report['translations'])}")
    click.echo(f"articles waiting for translation: {report['pending_translation']}")
    click.echo(f"translations with QA flags: {report['qa']['flagged']}, "
               f"held back: {report['qa']['held']}; "
               f"translation memory: {report['translation_memory']} sentence(s)")
    if report["missing_models"]:
        click.echo("missing models:")
        for m in report["missing_models"]:
            click.echo(f"  {m['from']}→{m['to']}: {m['hint']}")
    print_operations(report["operations"])


COMMANDS = [status]
