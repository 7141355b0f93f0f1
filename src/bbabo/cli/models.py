"""``bbabo models``: list, install (from the package index or a file) and remove models."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import httpx

from bbabo import langs
from bbabo.cli.context import AppContext
from bbabo.errors import TransientError, UsageError
from bbabo.pipeline.components import model_keeper, translator_for
from bbabo.translate.packages import (
    InstalledModel,
    fetch_index,
    install_archive,
    install_directory,
    install_pair,
    installed_models,
    remove_model,
)
from bbabo.translate.packages.download import Progress, package_client

__all__ = ["COMMANDS"]


@click.group()
def models() -> None:
    """Translation models (CTranslate2) under data/models/."""


@models.command(name="list")
@click.option("--available", is_flag=True, help="List the packages of the model index instead.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def list_(app: AppContext, available: bool, as_json: bool) -> None:
    """Installed models with their size and language pairs."""
    settings = app.settings
    if available:
        with _client(settings.fetch_timeout_s) as client:
            packages = fetch_index(settings.model_index_url, client,
                                   allow_private=settings.fetch_allow_private_networks)
        rows = [{"from": p.src, "to": p.tgt, "name": p.name, "version": p.version}
                for p in sorted(packages, key=lambda p: (p.src, p.tgt))]
        if as_json:
            click.echo(json.dumps(rows, indent=2))
        for row in [] if as_json else rows:
            click.echo(f"{row['from']}→{row['to']}  {row['name']} {row['version']}")
        return
    found = installed_models(settings.models_dir)
    if as_json:
        click.echo(json.dumps([_record(m) for m in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"no models in {settings.models_dir} (`bbabo models install SRC TGT`)")
    for model in found:
        click.echo(_line(model))


@models.command()
@click.argument("src", required=False)
@click.argument("tgt", required=False)
@click.option("--file", "path", type=click.Path(exists=True, path_type=Path),
              help="Install a local .argosmodel package or CTranslate2 model directory.")
@click.option("--missing", is_flag=True,
              help="Install what the target languages lack for the languages of the stored "
                   "articles and the sources (what `bbabo run` does by itself).")
@click.pass_obj
def install(app: AppContext, src: str | None, tgt: str | None, path: Path | None,
            missing: bool) -> None:
    """Install the model for SRC→TGT from the package index (resumable, checksum-verified),
    a local package with --file, or every missing one with --missing."""
    settings = app.settings
    pair = (langs.normalize(src), langs.normalize(tgt)) if src and tgt else None
    if missing:
        if path is not None or src is not None:
            raise UsageError("--missing takes no SRC TGT and no --file")
        _install_missing(app)
        return
    if path is None and pair is None:
        raise UsageError("give SRC TGT (from the index), --file PATH or --missing")
    if path is not None:
        installed = (install_directory(path, settings.models_dir, pair=pair) if path.is_dir()
                     else install_archive(path, settings.models_dir, pair=pair))
    else:
        assert pair is not None
        with _client(settings.fetch_timeout_s) as client, _bar(f"{pair[0]}→{pair[1]}") as bar:
            installed = install_pair(*pair, models_dir=settings.models_dir,
                                     index_url=settings.model_index_url, client=client,
                                     allow_private=settings.fetch_allow_private_networks,
                                     progress=bar)
    click.echo(f"installed {_line(installed)}")


@models.command()
@click.argument("src")
@click.argument("tgt")
@click.pass_obj
def remove(app: AppContext, src: str, tgt: str) -> None:
    """Remove the model for SRC→TGT."""
    directory = remove_model(app.settings.models_dir, langs.normalize(src), langs.normalize(tgt))
    click.echo(f"removed {directory}")


def _install_missing(app: AppContext) -> None:
    keeper = model_keeper(app.settings, store=app.store, translator=translator_for(app.settings))
    report = keeper.check()
    if not report.missing:
        click.echo("every language pair has a translation engine; nothing to install")
        return
    if report.index_error:
        raise TransientError(report.index_error, code="models.index_unreachable")
    for src, tgt in report.installed:
        click.echo(f"installed {src}→{tgt}")
    for (src, tgt), reason in report.failed:
        click.echo(f"failed {src}→{tgt}: {reason}", err=True)
    for src, tgt in report.unavailable:
        click.echo(f"no package for {src}→{tgt} in the index (not even through English)",
                   err=True)
    if report.failed:
        raise SystemExit(1)


def _record(model: InstalledModel) -> dict[str, object]:
    return {"directory": str(model.directory), "name": model.name, "version": model.version,
            "size": model.size, "pairs": [f"{s}-{t}" for s, t in model.pairs],
            "multilingual": model.multilingual}


def _line(model: InstalledModel) -> str:
    pairs = ", ".join(f"{s}→{t}" for s, t in model.pairs[:6])
    if len(model.pairs) > 6:
        pairs += f" and {len(model.pairs) - 6} more"
    version = f" {model.version}" if model.version else ""
    return (f"{model.directory.name}: {model.name}{version}, {model.size / 1e6:.1f} MB, "
            f"{pairs}")


@contextmanager
def _client(timeout_s: float) -> Iterator[httpx.Client]:
    with package_client(timeout_s) as client:
        yield client


@contextmanager
def _bar(label: str) -> Iterator[Progress | None]:
    """A download progress bar on a terminal; nothing when output is piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    with Progress(*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"downloading {label}", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


COMMANDS = [models]
