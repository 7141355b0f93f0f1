"""``bbabo articles export``: every stored article with its translations, as JSON lines;
``bbabo articles prune``: old stories and articles taken out."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import click

from bbabo import langs
from bbabo.cli.context import AppContext, utcnow
from bbabo.errors import UsageError
from bbabo.model import StoredArticle
from bbabo.pipeline.publish import Publisher, PublishOutcome
from bbabo.pipeline.retention import prune
from bbabo.web.app import create_app

MIN_RETENTION_DAYS = 30

__all__ = ["COMMANDS", "article_record"]


@click.group()
def articles() -> None:
    """Inspect and export stored articles."""


@articles.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl",
              show_default=True)
@click.option("--lang", help="Only articles originally written in this language.")
@click.pass_obj
def export(app: AppContext, fmt: str, lang: str | None) -> None:
    """Write one JSON object per article to standard output."""
    lang = langs.normalize(lang) if lang else None
    batch: list[StoredArticle] = []
    for article in app.store.articles.iter_all(lang=lang):
        batch.append(article)
        if len(batch) == 200:
            _write(app, batch)
            batch = []
    _write(app, batch)


@articles.command("prune")
@click.option("--older-than", "days", type=click.IntRange(1, 100 * 366), required=True,
              metavar="DAYS",
              help=f"Take out what is older than this many days (at least {MIN_RETENTION_DAYS}).")
@click.option("--export-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A static copy made with `bbabo export-site` whose files to take out too "
                   "(default: export_dir).")
@click.option("--dry-run", is_flag=True, help="Only say how much would be taken out.")
@click.pass_obj
def prune_command(app: AppContext, days: int, export_dir: Path | None, dry_run: bool) -> None:
    """Take out stories whose newest report is older than DAYS, with all their reports and
    translations, and articles in no story published before then.

    A story still being reported on keeps its old reports. A removed page's URL stays known,
    so a feed still listing it does not bring it back. With a static copy (export_dir), the
    removed pages' files go too, and the copy is exported whole once."""
    if days < MIN_RETENTION_DAYS:
        # Stories merge over a week and near-duplicates are recognised over two; a month
        # keeps both whole, and a slip of the finger (1 for 100) does not empty the site.
        raise UsageError(f"--older-than must be at least {MIN_RETENTION_DAYS} days "
                         f"(got {days})")
    before = utcnow() - timedelta(days=days)
    shown = before.strftime("%Y-%m-%d %H:%M UTC")
    if dry_run:
        stories, count = app.store.retention.pending(before)
        click.echo(f"would take out {stories} story(ies) and {count} article(s) from before "
                   f"{shown}")
        return
    settings = app.settings
    configured = Path(settings.export_dir).resolve() if settings.export_dir else None
    directory = export_dir.resolve() if export_dir is not None else configured
    report = prune(app.store, before, export_dir=directory)
    click.echo(f"took out {report.stories} story(ies) and {report.articles} article(s) from "
               f"before {shown}")
    if directory is None or not (report.articles or report.stories):
        return
    click.echo(f"took out {report.files} file(s) of the static copy in {directory}")
    publisher = (Publisher.for_settings(settings, app.store, clock=utcnow,
                                        make_site=lambda: create_app(settings.for_export(),
                                                                     app.store, clock=utcnow,
                                                                     page_cache=False))
                 if directory == configured else None)
    if publisher is None:
        click.echo(f"export the site again into {directory} (`bbabo export-site`) to rewrite "
                   "its listings and sitemaps")
        return
    done = publisher()
    if done.outcome is PublishOutcome.busy:
        click.echo("another publish pass is running; its next pass exports the copy whole")
    elif done.failed:
        raise click.ClickException(f"{len(done.failed)} page(s) of the static copy did not "
                                   "render; the next publish pass tries again")
    else:
        click.echo(f"exported the static copy whole: {done.files} file(s)")


def _write(app: AppContext, batch: list[StoredArticle]) -> None:
    story_of = app.store.stories.of_articles([a.id for a in batch])
    for article in batch:
        click.echo(json.dumps(article_record(article, story_id=story_of.get(article.id)),
                              ensure_ascii=False))


def article_record(article: StoredArticle, *, story_id: int | None = None) -> dict[str, object]:
    """``story_id``: the story the article is in (null until `bbabo stories update` or
    `bbabo run` has placed it)."""
    return {
        "id": article.id,
        "story_id": story_id,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "source": article.source_name,
        "language": article.language,
        "section": article.section,
        "title": article.title,
        "paragraphs": list(article.paragraphs),
        "author": article.author,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "translations": {
            lang: {"title": t.title, "paragraphs": list(t.paragraphs), "engine": t.engine,
                   "model": t.model, "qa": [asdict(flag) for flag in t.qa],
                   # Corrected by hand in the console: by whom, and when.
                   "edited": t.edited, "edited_by": t.edited_by,
                   "edited_at": t.edited_at.isoformat() if t.edited_at else None}
            for lang, t in sorted(article.translations.items())
        },
    }


COMMANDS = [articles]
