"""``bbabo eval``: score an installed engine on a parallel file (chrF and BLEU)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from bbabo import langs
from bbabo.cli.context import AppContext
from bbabo.errors import ModelMissing
from bbabo.translate import build_translator
from bbabo.translate.evaluate import evaluate, read_parallel

__all__ = ["COMMANDS"]


@click.command(name="eval")
@click.option("--src", required=True, help="Source language of the file.")
@click.option("--tgt", required=True, help="Target language.")
@click.option("--engine", "engine_name", help="Score this engine (default: the one bbabo would "
              "use for the pair).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def eval_(app: AppContext, src: str, tgt: str, engine_name: str | None, as_json: bool,
          file: Path) -> None:
    """Translate FILE (source<TAB>reference per line) and print sacreBLEU chrF and BLEU."""
    settings = app.settings
    src, tgt = langs.normalize(src), langs.normalize(tgt)
    names = (engine_name,) if engine_name else settings.translate_engines
    translator = build_translator(names, settings.models_dir,
                                  libretranslate_url=settings.libretranslate_url,
                                  libretranslate_api_key=settings.libretranslate_api_key)
    engine = next((e for e in translator.engines if (src, tgt) in e.pairs()), None)
    if engine is None:
        raise ModelMissing(translator.missing_hint(src, tgt))
    pairs = read_parallel(file)
    result = evaluate(engine, pairs, src, tgt)
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False))
        return
    click.echo(f"{result.engine} {result.model} {src}→{tgt}, {result.lines} lines: "
               f"chrF {result.chrf:.2f}, BLEU {result.bleu:.2f} ({result.seconds:.1f} s)")
    if result.lines < 100:
        click.echo("  (fewer than 100 lines: scores this small vary a lot)")




COMMANDS = [eval_]
