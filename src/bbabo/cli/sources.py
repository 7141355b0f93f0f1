"""``bbabo sources``: add, list, enable, disable and remove the feeds and sitemaps bbabo polls;
import and export them as OPML."""

from __future__ import annotations

import json
from datetime import datetime
from typing import BinaryIO

import click

from bbabo import langs
from bbabo.cli.context import AppContext, utcnow
from bbabo.model import Source
from bbabo.pipeline.subscribe import add_source, check_section, check_source_url, import_opml
from bbabo.sources import render_opml

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
    """Add a feed or news sitemap URL, or a site URL whose feed is found by autodiscovery."""
    check_source_url(url)
    lang = langs.normalize(lang) if lang else None
    section = _section(section)
    source = add_source(url, store=app.store, http=app.http, options=app.fetch_options,
                        now=utcnow(), lang=lang, section=section, name=name)
    click.echo(f"added source {source.id}: {source.url} ({source.name})")


def _section(value: str) -> str:
    return check_section(value)


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array for machines.")
@click.pass_obj
def list_(app: AppContext, as_json: bool) -> None:
    """List sources with their health: last success, last error, failures, next poll."""
    found = app.store.sources.list()
    if as_json:
        click.echo(json.dumps([_as_dict(s) for s in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no sources; add one with: bbabo sources add URL")
    now = utcnow()
    for s in found:
        state = "enabled" if s.enabled else "DISABLED"
        click.echo(f"{s.id:>4}  {s.name}  [{s.kind}, {state}]  {s.url}")
        click.echo(f"      lang={s.lang_hint or '?'}  section={s.section}  "
                   f"polled about every {_duration(s.poll_interval_s)}"
                   + (f"  WebSub hub: {s.websub_hub}" if s.websub_hub else ""))
        click.echo(f"      health: {_health(s)}")
        next_poll = "not polled (disabled)" if not s.enabled else _when(s.next_check_at, now)
        click.echo(f"      last success: {_when(s.last_success_at, now)}; next poll: {next_poll}")


def _health(s: Source) -> str:
    if s.consecutive_failures == 0:
        return "ok" if s.last_success_at else "not polled yet"
    times = "once" if s.consecutive_failures == 1 else f"{s.consecutive_failures} times in a row"
    return f"FAILING {times} (backing off): {s.last_error_code}: {s.last_error}"


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = int((moment - now).total_seconds())
    stamp = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    if seconds <= 0:
        return f"{stamp} ({_duration(-seconds)} ago)" if seconds < 0 else f"{stamp} (now)"
    return f"{stamp} (in {_duration(seconds)})"


def _as_dict(s: Source) -> dict[str, object]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": s.id, "url": s.url, "name": s.name, "kind": s.kind, "site_url": s.site_url,
        "lang": s.lang_hint, "section": s.section, "enabled": s.enabled,
        "poll_interval_s": s.poll_interval_s, "last_success_at": iso(s.last_success_at),
        "next_check_at": iso(s.next_check_at), "last_error_code": s.last_error_code,
        "last_error": s.last_error, "consecutive_failures": s.consecutive_failures,
    }


def _duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@sources.command("remove")
@click.argument("source_id", type=int)
@click.pass_obj
def remove(app: AppContext, source_id: int) -> None:
    """Remove a source (its articles stay)."""
    removed = app.store.sources.remove(source_id)
    click.echo(f"removed source {removed.id}: {removed.url}")


@sources.command("disable")
@click.argument("source_id", type=int)
@click.pass_obj
def disable(app: AppContext, source_id: int) -> None:
    """Stop polling a source (it and its articles stay)."""
    source = app.store.sources.set_enabled(source_id, False, now=utcnow())
    click.echo(f"disabled source {source.id}: {source.url}")


@sources.command("enable")
@click.argument("source_id", type=int)
@click.pass_obj
def enable(app: AppContext, source_id: int) -> None:
    """Poll a disabled source again, from the next crawl on."""
    source = app.store.sources.set_enabled(source_id, True, now=utcnow())
    click.echo(f"enabled source {source.id}: {source.url}")


@sources.command("import-opml")
@click.argument("file", type=click.File("rb"))
@click.option("--section", default="news", show_default=True,
              help="Section for outlines that name none.")
@click.pass_obj
def import_opml_(app: AppContext, file: BinaryIO, section: str) -> None:
    """Add every feed of an OPML file (FILE, or - for standard input)."""
    report = import_opml(file.read(), store=app.store, now=utcnow(),
                         default_section=_section(section))
    click.echo(f"added {len(report.added)} source(s), skipped {len(report.duplicates)} "
               f"already present, {len(report.invalid)} invalid")
    for source in report.added:
        click.echo(f"  added {source.id}: {source.url}")
    for url in report.duplicates:
        click.echo(f"  skipped (already present): {url}")
    for url, problem in report.invalid:
        click.echo(f"  skipped (invalid): {url}: {problem}")


@sources.command("export-opml")
@click.pass_obj
def export_opml(app: AppContext) -> None:
    """Write every source as an OPML 2.0 file to standard output."""
    click.echo(render_opml(app.store.sources.list(), now=utcnow(),
                           title=f"{app.settings.site_name} sources"))


COMMANDS = [sources]
