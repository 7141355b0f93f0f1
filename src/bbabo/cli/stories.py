"""``bbabo stories``: place articles in stories, and list the stories."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from bbabo import langs
from bbabo.cli.context import AppContext, utcnow
from bbabo.model import StorySummary
from bbabo.pipeline.components import story_keeper

__all__ = ["COMMANDS"]


@click.group()
def stories() -> None:
    """Stories: the reports of one event across outlets and languages."""


@stories.command("update")
@click.option("--once", is_flag=True, required=True,
              help="Place every article that is in no story yet, then exit "
                   "(`bbabo run` does it continuously).")
@click.pass_obj
def update(app: AppContext, once: bool) -> None:
    """Place each article in no story yet in an existing story or a new one."""
    keeper = story_keeper(app.store, clock=utcnow)
    report = keeper.update()
    click.echo(f"placed {report.placed} article(s): {report.opened} new stor"
               f"{'y' if report.opened == 1 else 'ies'}, {report.placed - report.opened} "
               f"joined one, {report.merged} merged; {report.embedded} embedded")


@stories.command("list")
@click.option("--lang", help="Title stories in this language (default: the default language).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story.")
@click.pass_obj
def list_stories(app: AppContext, lang: str | None, limit: int, as_json: bool) -> None:
    """The newest stories (any that has a report readable in the language), newest first."""
    lang = langs.normalize(lang) if lang else app.settings.default_language
    found = app.store.stories.latest(lang, limit=limit, readable_only=False)
    for story in found:
        if as_json:
            click.echo(json.dumps(_record(story), ensure_ascii=False))
        else:
            click.echo(f"{story.id:>6}  {story.last_seen_at:%Y-%m-%d %H:%M}  "
                       f"{story.article_count:>3} report(s)  {','.join(story.languages):<14} "
                       f"{story.title}")
    if not found and not as_json:
        click.echo("no stories yet: `bbabo stories update --once` places the stored articles")


def _record(story: StorySummary) -> dict[str, object]:
    data = asdict(story)
    data["languages"] = list(story.languages)
    data["first_seen_at"] = story.first_seen_at.isoformat()
    data["last_seen_at"] = story.last_seen_at.isoformat()
    return data


COMMANDS = [stories]
