"""``bbabo qa``: translations held back by the QA checks (``qa_hold_back``), and the checks
run on a file of translations from anywhere (``bbabo qa check``)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from typing import IO

import click

from bbabo import langs
from bbabo.cli.context import AppContext
from bbabo.errors import UsageError
from bbabo.pipeline.review import release_translation
from bbabo.pipeline.review import retranslate as retranslate_article

__all__ = ["COMMANDS"]


@click.group()
def qa() -> None:
    """QA checks: run them on a file, or see the translations they held back."""


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
    release_translation(app.store, article_id, langs.normalize(lang))
    click.echo(f"released article {article_id} → {lang}")


@qa.command()
@click.argument("article_id", type=int)
@click.argument("lang")
@click.pass_obj
def retranslate(app: AppContext, article_id: int, lang: str) -> None:
    """Drop a machine translation, held or published, so the next pass translates the article
    again (after a model or glossary change). One corrected by hand is kept."""
    found = retranslate_article(app.store, article_id, langs.normalize(lang))
    click.echo(f"article {article_id} → {lang} ({found}) will be translated again")


@qa.command()
@click.option("--src", required=True, help="Language of the sources.")
@click.option("--tgt", required=True, help="Language of the translations.")
@click.option("--json", "as_json", is_flag=True,
              help='One JSON object a line: {"line": n, "flags": [{"check", "detail"}]}.')
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def check(src: str, tgt: str, as_json: bool, file: IO[str]) -> None:
    """Run the QA checks on FILE (source<TAB>translation a line; - reads stdin), as bbabo runs
    them on its own translations: for a vendor's or an engine's output."""
    from bbabo.langid import LanguageDetector
    from bbabo.translate.qa import QualityChecker

    src, tgt = langs.normalize(src), langs.normalize(tgt)
    checker = QualityChecker(LanguageDetector())
    counts: Counter[str] = Counter()
    checked = flagged = bad = 0
    for number, pair in _pairs(file):
        if isinstance(pair, str):
            bad += 1
            click.echo(f"bbabo: {file.name}:{number}: {pair}", err=True)
            if as_json:
                click.echo(json.dumps({"line": number, "flags": [], "error": pair}))
            continue
        checked += 1
        flags = [{"check": f.check, "detail": f.detail}
                 for f in checker.unit_flags([pair[0]], [pair[1]], src, tgt)]
        counts.update(f["check"] for f in flags)
        flagged += bool(flags)
        if as_json:
            click.echo(json.dumps({"line": number, "flags": flags}, ensure_ascii=False))
        else:
            for flag in flags:
                click.echo(f"line {number}: {flag['check']}: {flag['detail']}")
    if not as_json:
        by_check = ", ".join(f"{check} {n}" for check, n in sorted(counts.items()))
        click.echo(f"{checked} line{'' if checked == 1 else 's'} checked, {flagged} flagged"
                   + (f" ({by_check})" if by_check else "")
                   + (f", {bad} unreadable" if bad else ""))
    if bad:
        sys.exit(1)


def _pairs(file: IO[str]) -> Iterator[tuple[int, tuple[str, str] | str]]:
    """(line number, (source, translation) or what is wrong with the line); blank lines are
    skipped."""
    try:
        for number, line in enumerate(file, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
                yield number, "expected source<TAB>translation"
                continue
            yield number, (cells[0].strip(), cells[1].strip())
    except UnicodeDecodeError as exc:
        raise UsageError(f"{file.name}: not UTF-8 text ({exc.reason})") from None


COMMANDS = [qa]
