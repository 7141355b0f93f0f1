"""``bbabo qa``: translations held back by the QA checks (``qa_hold_back``)."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from bbabo import langs
from bbabo.cli.context import AppContext
from bbabo.errors import UsageError

__all__ = ["COMMANDS"]


@click.group()
def qa() -> None:
    """Translations that failed QA checks while hold-back is on."""


@qa.command(name="list")
@click.option("--limit", default=100, show_default=True, help="How many to show.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def list_(app: AppContext, limit: int, as_json: bool) -> None:
    """Held translations with their flags, oldest first."""
    held = app.store.translations.held(limit=limit)
    if as_json:
        click.echo(json.dumps([{"article_id": h.article_id, "lang": h.lang, "title": h.title,
                                "engine": h.engine, "model": h.model,
                                "qa": [asdict(f) for f in h.qa]} for h in held],
                              ensure_ascii=False, indent=2))
        return
    for h in held:
        click.echo(f"article {h.article_id} → {h.lang}: {h.title}")
        for flag in h.qa:
            where = "title" if flag.paragraph is None else f"paragraph {flag.paragraph}"
            click.echo(f"  {flag.check} ({where}): {flag.detail}")


@qa.command()
@click.argument("article_id", type=int)
@click.argument("lang")
@click.pass_obj
def release(app: AppContext, article_id: int, lang: str) -> None:
    """Publish a held translation as it is (with its flags shown as a notice)."""
    if not app.store.translations.release(article_id, langs.normalize(lang)):
        raise UsageError(f"no held translation of article {article_id} into {lang}")
    click.echo(f"released article {article_id} → {lang}")


@qa.command()
@click.argument("article_id", type=int)
@click.argument("lang")
@click.pass_obj
def retranslate(app: AppContext, article_id: int, lang: str) -> None:
    """Drop a held translation so the next pass translates the article again (after a model
    or glossary change)."""
    if not app.store.translations.discard_held(article_id, langs.normalize(lang)):
        raise UsageError(f"no held translation of article {article_id} into {lang}")
    click.echo(f"article {article_id} → {lang} will be translated again")


COMMANDS = [qa]
