"""``bbabo export-site DIR``: the whole site as static files for nginx or a CDN."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from bbabo.cli.context import AppContext
from bbabo.config import site_address_problem
from bbabo.pipeline.publish import clear_whole_export, whole_export_asked
from bbabo.publish.writer import export_site, sweep_numbered
from bbabo.web.app import create_app

__all__ = ["COMMANDS"]


@click.command("export-site")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", help="Where the files will be served, e.g. https://news.example.org "
                                 "(default: export_base_url, else public_url, else "
                                 "http://HOST:PORT).")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Pages rendered at once.")
@click.pass_obj
def export_site_command(app: AppContext, directory: Path, base_url: str | None,
                        concurrency: int) -> None:
    """Write every page, feed and sitemap of the site into DIRECTORY.

    Pages carry absolute canonical and hreflang addresses, so give the address the files
    will be served from. Search and the JSON API are not exported: proxy /*/search and
    /api/ to `bbabo serve`."""
    settings = app.settings
    base = (base_url or settings.export_url).rstrip("/")
    if problem := site_address_problem(base):
        raise click.BadParameter(problem, param_hint="--base-url")
    site = create_app(settings.for_export(base), app.store, page_cache=False)
    asked = whole_export_asked(directory)  # before: a prune meanwhile asks anew
    report = asyncio.run(export_site(site, directory, base_url=base, concurrency=concurrency))
    click.echo(f"wrote {report.files} files ({report.bytes / 2**20:.1f} MiB) to {directory}")
    for path, status in report.failed:
        click.echo(f"  {path}: HTTP {status}", err=True)
    if report.failed:
        raise click.ClickException(f"{len(report.failed)} page(s) could not be exported")
    # A listing that got shorter (articles pruned) leaves its old last pages behind.
    if swept := sweep_numbered(directory, report.paths):
        click.echo(f"took out {swept} listing page(s) and sitemap(s) past their new last one")
    if asked is not None:
        clear_whole_export(directory, asked)  # a prune's request, now done


COMMANDS = [export_site_command]
