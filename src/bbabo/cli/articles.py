"""``bbabo articles export``: every stored article with its translations, as JSON lines."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from bbabo import langs
from bbabo.cli.context import AppContext
from bbabo.model import StoredArticle

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
