"""``bbabo sources``: add, list and remove the feeds bbabo polls."""

from __future__ import annotations

import json

import click

from bbabo import langs
from bbabo.cli.context import AppContext, utcnow
from bbabo.errors import UsageError
from bbabo.model import Source
from bbabo.pipeline.subscribe import add_source, check_source_url

__all__ = ["COMMANDS"]


@click.group()
def sources() -> None:
    """Manage the feeds bbabo polls."""


@sources.command("add")
@click.argument("url")
@click.option("--lang", help="Language hint for the source's articles (e.g. ru).")
@click.option("--section", default="news", show_default=True, help="Section to publish in.")
@click.option("--name", help="Display name (default: the feed's host).")
@click.pass_obj
def add(app: AppContext, url: str, lang: str | None, section: str, name: str | None) -> None:
    """Add a feed URL, or a site URL whose feed is found by autodiscovery."""
    check_source_url(url)
    lang = langs.normalize(lang) if lang else None
    section = _section(section)
    source = add_source(url, store=app.store, http=app.http, options=app.fetch_options,
                        now=utcnow(), lang=lang, section=section, name=name,
                        poll_interval_s=app.settings.poll_interval_s)
    click.echo(f"added source {source.id}: {source.url} ({source.name})")


def _section(value: str) -> str:
    slug = value.strip().lower()
    if not slug or not all(c.isalnum() or c in "-_" for c in slug):
        raise UsageError(f"section must be a word of letters, digits, '-' or '_': {value!r}")
    return slug


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array for machines.")
@click.pass_obj
def list_(app: AppContext, as_json: bool) -> None:
    """List sources with their health."""
    found = app.store.sources.list()
    if as_json:
        click.echo(json.dumps([_as_dict(s) for s in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no sources; add one with: bbabo sources add URL")
    for s in found:
        health = "ok" if s.consecutive_failures == 0 else (
            f"FAILING x{s.consecutive_failures}: {s.last_error_code}: {s.last_error}")
        last = s.last_success_at.isoformat(timespec="seconds") if s.last_success_at else "never"
        click.echo(f"{s.id:>4}  {s.name}  {s.url}  lang={s.lang_hint or '?'}  "
                   f"section={s.section}  last ok={last}  {health}")


def _as_dict(s: Source) -> dict[str, object]:
    def iso(value: object) -> object:
        return value.isoformat() if hasattr(value, "isoformat") else value

    return {
        "id": s.id, "url": s.url, "name": s.name, "kind": s.kind, "site_url": s.site_url,
        "lang": s.lang_hint, "section": s.section, "enabled": s.enabled,
        "poll_interval_s": s.poll_interval_s, "last_success_at": iso(s.last_success_at),
        "next_check_at": iso(s.next_check_at), "last_error_code": s.last_error_code,
        "last_error": s.last_error, "consecutive_failures": s.consecutive_failures,
    }


@sources.command("remove")
@click.argument("source_id", type=int)
@click.pass_obj
def remove(app: AppContext, source_id: int) -> None:
    """Remove a source (its articles stay)."""
    removed = app.store.sources.remove(source_id)
    click.echo(f"removed source {removed.id}: {removed.url}")


COMMANDS = [sources]
