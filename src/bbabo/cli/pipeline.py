"""``bbabo crawl`` and ``bbabo translate``: one pass of a pipeline stage."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from bbabo import langs
from bbabo.cli.context import AppContext, utcnow
from bbabo.errors import BbaboError, UsageError
from bbabo.langid import shared_detector
from bbabo.pipeline.components import poll_policy, reading_budget, translator_for
from bbabo.pipeline.crawl import CrawlOptions
from bbabo.pipeline.crawl import crawl as crawl_pass
from bbabo.pipeline.demo import demo_for_crawl
from bbabo.pipeline.translate import translate_pending

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["COMMANDS", "parse_languages"]


@click.command()
@click.option("--once", is_flag=True, required=True,
              help="One pass over every source, then exit (`bbabo run` crawls continuously).")
@click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Pages fetched at once.")
@click.option("--per-host", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Requests to one host at once.")
@click.option("--host-delay", type=click.FloatRange(0, 60), default=1.0, show_default=True,
              help="Seconds between requests to one host (more if its robots.txt asks).")
@click.pass_obj
def crawl(app: AppContext, once: bool, workers: int, per_host: int, host_delay: float) -> None:
    """Poll every source, fetch new article pages, extract, detect language, store.

    Prints a summary; exits 0 even when sources or pages failed (each failure is recorded with
    its reason), and non-zero only when bbabo itself failed."""
    options = CrawlOptions(workers=workers, per_host=per_host, host_delay_s=host_delay,
                           poll=poll_policy(app.settings), budget=reading_budget(app.settings))
    fetch_options = app.fetch_options
    with demo_for_crawl(app.store, port=app.settings.demo_port,
                        enabled=app.settings.demo) as demo:
        if demo is not None:  # the demo's loopback feeds, allowed as `bbabo run` allows them
            fetch_options = replace(fetch_options,
                                    allowed_origins=fetch_options.allowed_origins | {demo})
        report = crawl_pass(store=app.store, http=app.http, options=fetch_options,
                            detector=shared_detector(app.settings.target_languages),
                            clock=utcnow, crawl_options=options)
    sources, pages = report.source_counts(), report.page_counts()
    click.echo(f"sources: {sources['updated']} updated, {sources['not_modified']} unchanged, "
               f"{sources['failed']} failed; pages: {pages['new']} new, "
               f"{pages['duplicate']} duplicate, {pages['failed']} failed")
    reasons = report.duplicate_reasons()
    if reasons:
        click.echo("  duplicates: " + ", ".join(f"{n} by {why}" for why, n in sorted(
            reasons.items())))
    for what, code, message in report.failures():
        click.echo(f"  failed: {what}: {code}: {message}")
    if report.internal_errors:
        raise BbaboError(f"{report.internal_errors} internal error(s) during the crawl; "
                         "see the log", code="bbabo.internal")


def parse_languages(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        return default
    codes = tuple(dict.fromkeys(langs.normalize(c) for c in value.split(",") if c.strip()))
    if not codes:
        raise UsageError("--to needs at least one language code")
    return codes


@click.command()
@click.option("--once", is_flag=True, required=True,
              help="Translate everything pending, then exit.")
@click.option("--to", "to", metavar="LANGS", help="Comma-separated target languages "
              "(default: the configured target languages).")
@click.pass_obj
def translate(app: AppContext, once: bool, to: str | None) -> None:
    """Translate every pending article into the target languages."""
    targets = parse_languages(to, app.settings.target_languages)
    translator = translator_for(app.settings)
    total = app.store.translations.pending_count(targets)
    with _progress(total) as advance:
        report = translate_pending(store=app.store, translator=translator, targets=targets,
                                   clock=utcnow, on_progress=advance)
    done = ", ".join(f"{lang}: {n}" for lang, n in sorted(report.translated.items())) or "none"
    click.echo(f"translated {report.total} article version(s) ({done})")
    memory = report.memory
    click.echo(f"  sentences: {memory.misses} sent to engines, {memory.hits} from memory")
    if report.flagged:
        held = sum(report.held.values())
        click.echo(f"  QA flags on {sum(report.flagged.values())} translation(s)"
                   + (f", {held} held back (`bbabo qa list`)" if held else ""))
    for (src, tgt), count in sorted(report.missing_pairs.items()):
        hint = translator.missing_hint(src, tgt)
        click.echo(f"  waiting: {count} article(s) {src}→{tgt}: {hint}")
    for article_id, lang, message in report.failed:
        click.echo(f"  failed: article {article_id} → {lang}: {message}")


class _progress:
    """A rich progress bar on a terminal; nothing when output is piped."""

    def __init__(self, total: int) -> None:
        self._total = total
        self._bar: Progress | None = None

    def __enter__(self) -> Callable[[int], None]:
        if not sys.stderr.isatty() or self._total == 0:
            return lambda n: None
        from rich.console import Console
        from rich.progress import Progress

        bar = self._bar = Progress(console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("translating", total=self._total)
        return lambda n: bar.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


COMMANDS = [crawl, translate]
