"""``bbabo glossary``: how names are always rendered (import from CSV, list, pin, remove), and
the spellings learned from the articles themselves."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from bbabo import langs
from bbabo.cli.context import AppContext, utcnow
from bbabo.errors import UsageError
from bbabo.pipeline.names import pin_name

__all__ = ["COMMANDS", "read_glossary_csv"]


def read_glossary_csv(path: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Rows ``source form, target language, target form`` ("Токаев,pl,Tokajew"), and a line
    naming each bad row (``names.csv:7: …``); a header row, blank lines and lines starting
    with "#" are skipped. A file that cannot be read is a UsageError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    terms: dict[tuple[str, str], str] = {}
    bad: list[str] = []
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise UsageError(f"{path} is not CSV: {exc}") from None
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if len(cells) != 3 or not all(cells):
            bad.append(f"{path}:{number}: expected 3 columns: source,language,target")
            continue
        source, lang, target = cells
        if number == 1 and not langs.is_known(lang):
            continue  # a header such as "source,language,target"
        try:
            code = langs.normalize(lang)
        except UsageError as exc:
            bad.append(f"{path}:{number}: {exc}")
            continue
        terms[(source, code)] = target
    return [(source, lang, target) for (source, lang), target in terms.items()], bad


# A vendor's file with a broken column has thousands of bad rows: the first ones say enough.
_SHOWN_BAD_ROWS = 20


@click.group()
def glossary() -> None:
    """The names glossary: a listed name is always rendered its one way."""


@glossary.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def import_(app: AppContext, file: Path) -> None:
    """Add or replace terms from a CSV file: source form, language, target form.

    Good rows go in even when some are bad; each bad one is named, and the exit status is
    then 1, so a script notices."""
    terms, bad = read_glossary_csv(file)
    added, changed = app.store.glossary.upsert(terms, now=utcnow())
    click.echo(f"glossary: {added} added, {changed} changed, "
               f"{len(terms) - added - changed} unchanged"
               + (f"; {len(bad)} bad row(s) left out" if bad else ""))
    for line in bad[:_SHOWN_BAD_ROWS]:
        click.echo(f"  {line}", err=True)
    if len(bad) > _SHOWN_BAD_ROWS:
        click.echo(f"  … and {len(bad) - _SHOWN_BAD_ROWS} more", err=True)
    if bad:
        raise SystemExit(1)


@glossary.command(name="list")
@click.option("--lang", help="Only terms for this target language.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def list_(app: AppContext, lang: str | None, as_json: bool) -> None:
    """Print the glossary, then the spellings learned from articles (with how many used them).

    The glossary's lines are CSV that `glossary import` reads back; learned ones are comments."""
    wanted = langs.normalize(lang) if lang else None
    terms = [t for t in app.store.glossary.all() if wanted is None or t[1] == wanted]
    pinned = {(source, code) for source, code, _ in terms}
    learned = [name for name in app.store.names.all(wanted)
               if (name.source, name.lang) not in pinned]
    if as_json:
        click.echo(json.dumps(
            [{"source": s, "lang": g, "target": t, "learned": False} for s, g, t in terms]
            + [{"source": n.source, "lang": n.lang, "target": n.spelling, "learned": True,
                "articles": n.articles} for n in learned], ensure_ascii=False, indent=2))
        return
    for source, code, target in terms:
        click.echo(f"{source},{code},{target}")
    for name in learned:
        click.echo(f"# learned: {name.source},{name.lang},{name.spelling} "
                   f"({name.articles} article(s))")


@glossary.command()
@click.argument("source")
@click.argument("lang")
@click.argument("spelling", required=False)
@click.pass_obj
def pin(app: AppContext, source: str, lang: str, spelling: str | None) -> None:
    """Settle how SOURCE is written in LANG: as learned from the articles, or as SPELLING.

    It joins the glossary, and the translations already published are respelled in place
    (nothing is translated again)."""
    report = pin_name(app.store, source, langs.normalize(lang), spelling, now=utcnow())
    click.echo(f"{report.source} is written {report.spelling} in {report.lang}; "
               f"{report.respelled} published translation(s) respelled")


@glossary.command()
@click.argument("source")
@click.argument("lang")
@click.pass_obj
def remove(app: AppContext, source: str, lang: str) -> None:
    """Remove one term."""
    if not app.store.glossary.remove(source, langs.normalize(lang)):
        raise UsageError(f"no glossary term {source!r} for {lang}")
    click.echo(f"removed {source} ({lang})")


COMMANDS = [glossary]
