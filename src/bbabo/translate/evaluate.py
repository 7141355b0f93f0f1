"""Scoring an engine on a parallel file with sacreBLEU (chrF and BLEU), so operators can compare
engines and models on their own text. Lines are translated the way articles are (split into
sentences, batched), without the translation memory: the model is what is measured."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bbabo.errors import UsageError, install_extra
from bbabo.translate.base import Engine
from bbabo.translate.service import TranslationJob, Translator

__all__ = ["EvalResult", "read_parallel", "evaluate"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalResult:
    src: str
    tgt: str
    engine: str
    model: str
    lines: int
    chrf: float
    bleu: float
    seconds: float


def read_parallel(path: Path) -> list[tuple[str, str]]:
    """``source<TAB>reference`` lines; blank lines are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
            raise UsageError(f"{path}:{number}: expected source<TAB>reference")
        pairs.append((cells[0].strip(), cells[1].strip()))
    if not pairs:
        raise UsageError(f"{path}: no lines to score")
    return pairs


def evaluate(engine: Engine, pairs: Sequence[tuple[str, str]], src: str,
             tgt: str) -> EvalResult:
    """Translate every source line with ``engine`` and score it against the references."""
    try:  # only `bbabo eval` needs sacreBLEU: it is the `eval` extra, not a dependency
        from sacrebleu.metrics.bleu import BLEU
        from sacrebleu.metrics.chrf import CHRF
    except ImportError:
        raise UsageError("bbabo eval needs sacreBLEU: " + install_extra("eval"),
                         code="usage.missing_extra") from None

    translator = Translator([engine], pivot=None)
    jobs = [TranslationJob(key=i, source_lang=src, target_lang=tgt, title=source, paragraphs=())
            for i, (source, _) in enumerate(pairs)]
    started = time.perf_counter()
    hypotheses = [result.title for result in translator.translate_jobs(jobs)]
    seconds = time.perf_counter() - started
    references = [[reference for _, reference in pairs]]
    tokenize = "zh" if tgt == "zh" else "13a"  # sacreBLEU's defaults per language
    return EvalResult(
        src=src, tgt=tgt, engine=engine.name, model=engine.model_id(src, tgt), lines=len(pairs),
        chrf=round(CHRF().corpus_score(hypotheses, references).score, 2),
        bleu=round(BLEU(tokenize=tokenize).corpus_score(hypotheses, references).score, 2),
        seconds=round(seconds, 3),
    )
