"""Translation benchmark (not part of the test suite): target tokens per second for

  (a) raw CTranslate2 ``translate_batch`` on pre-tokenised sentences, batches of 32 sorted by
      length and submitted together (the engine's limit on this machine);
  (b) bbabo end to end: articles stored in SQLite -> ``translate_pending`` (reading, sentence
      splitting, translation memory, tokenising, decoding, QA checks, names, storing);
  (c) one sentence per ``translate_batch`` call, as a LibreTranslate request translates
      (greedy, like (a) and (b): the comparison isolates batching).

The model is random-weight with the exact opus-mt architecture, built from numpy arrays (no
torch) by tests/tools/random_models.py on the first run, about 15 s, and cached in bench/out/
(gitignored; delete bench/out/opus-mt-shaped to rebuild). Random weights produce no
end-of-sentence, so every call is forced to decode exactly as many tokens as its longest input:
output length equals input length, the same work in (a), (b) and (c). QA checks run in (b), but
flagged sentences are not retried: random weights fail every check, a real model rarely.

From a fresh clone, one command (creates .venv, then runs this file with ARGS):

    make bench-translate ARGS="--quick"      # or: .venv/bin/python bench/translate.py --quick

Options: [--quick] [--sentences N] [--repeat N] [--write docs/benchmarks.md].

The last line printed is one JSON object: raw_tps, pipeline_tps, per_sentence_tps, peak_rss_mb.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ctranslate2
import sentencepiece

ROOT = Path(__file__).parents[1]
OUT = ROOT / "bench" / "out"
MODEL = OUT / "opus-mt-shaped"
BUILDER = ROOT / "tests" / "tools" / "random_models.py"

from bbabo.langid import LanguageDetector  # noqa: E402
from bbabo.model import ExtractedArticle, LanguageGuess  # noqa: E402
from bbabo.pipeline.translate import translate_pending  # noqa: E402
from bbabo.store import open_store  # noqa: E402
from bbabo.translate import CTranslate2Engine, QualityChecker, Translator  # noqa: E402

_REAL = ctranslate2.Translator


class Forced:
    """Wraps ctranslate2.Translator: each call decodes exactly its longest input's length, and
    the target tokens produced are counted."""

    tokens = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._real = _REAL(*args, **kwargs)

    def translate_batch(self, source: list[list[str]], target_prefix: Any = None,
                        **options: Any) -> Any:
        length = max(len(s) - (s[-1] == "</s>") for s in source)
        options.update(min_decoding_length=length, max_decoding_length=length)
        Forced.tokens += length * len(source)
        return self._real.translate_batch(source, target_prefix, **options)


def ensure_model() -> Path:
    if not (MODEL / "model.bin").is_file():
        print(f"building the opus-mt-shaped model in {MODEL} (once) ...", file=sys.stderr)
        # In a process of its own, so that the build's memory stays out of peak_rss_mb.
        subprocess.run([sys.executable, str(BUILDER), "marian", "--size", "opus",
                        "--corpus-lines", "60000", "--name", "opus-mt-shaped-random",
                        "--out", str(MODEL)], check=True, stdout=subprocess.DEVNULL)
    return MODEL


def articles(count: int, seed: int = 1) -> list[tuple[str, list[str]]]:
    """News-shaped Russian-looking articles: a title and 3 paragraphs of 4 sentences, each
    sentence 12-26 words (about 20-45 tokens), every sentence distinct."""
    rng = random.Random(seed)
    lexicon = ["".join(rng.choice("бвгджзклмнпрстфх") + rng.choice("аеиоуыя")
                       for _ in range(rng.randint(1, 4))) for _ in range(20000)]

    def sentence(low: int, high: int) -> str:
        words = [rng.choice(lexicon) for _ in range(rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    return [(sentence(6, 10)[:-1], [" ".join(sentence(12, 26) for _ in range(4))
                                   for _ in range(3)]) for _ in range(count)]


def tokenised(corpus: list[tuple[str, list[str]]], spm: Any) -> list[list[str]]:
    from bbabo.translate import split_sentences

    texts = [s for title, paragraphs in corpus for unit in (title, *paragraphs)
             for s in split_sentences(unit, "ru")]
    return [spm.encode(text, out_type=str) + ["</s>"] for text in texts]


def raw_tps(translator: Any, batch: list[list[str]]) -> float:
    """(a): batches of 32 sorted by length, all submitted asynchronously, longest first (so no
    worker is left with a long batch at the end), as bbabo's engine does."""
    order = sorted(batch, key=len, reverse=True)
    Forced.tokens = 0
    started = time.perf_counter()
    pending = [translator.translate_batch(order[i:i + 32], max_batch_size=32, beam_size=1,
                                          asynchronous=True) for i in range(0, len(order), 32)]
    for answers in pending:
        for answer in answers:
            answer.result()
    return Forced.tokens / (time.perf_counter() - started)


def per_sentence_tps(translator: Any, batch: list[list[str]]) -> float:
    """(c): one call per sentence, waiting for each."""
    Forced.tokens = 0
    started = time.perf_counter()
    for tokens in batch:
        translator.translate_batch([tokens], beam_size=1)
    return Forced.tokens / (time.perf_counter() - started)


def pipeline_tps(corpus: list[tuple[str, list[str]]], models: Path, work: Path) -> float:
    """(b): stored articles -> translate_pending -> stored translations (a fresh database, so
    the translation memory starts empty and every sentence is decoded)."""
    database = Path(tempfile.mkdtemp(dir=work)) / "bench.db"
    store = open_store(f"sqlite:///{database}")
    now = datetime.now(UTC)
    for n, (title, paragraphs) in enumerate(corpus):
        store.articles.save(ExtractedArticle(
            url=f"https://bench.example/{n}", canonical_url=f"https://bench.example/{n}",
            title=title, paragraphs=tuple(paragraphs)), language=LanguageGuess(
            lang="ru", confidence=1.0, method="bench"), source_id=None, section="news", urls=[],
            now=now)
    detector = LanguageDetector()
    detector.detect("прогрев детектора языка")  # lingua builds its models before the clock
    translator = Translator([CTranslate2Engine(models)], checker=QualityChecker(detector),
                            retry=False)
    translator.engines[0].translate_batch(["Прогрев."], "ru", "pl")  # load the model
    Forced.tokens = 0
    started = time.perf_counter()
    report = translate_pending(store=store, translator=translator, targets=["pl"],
                               clock=lambda: datetime.now(UTC))
    seconds = time.perf_counter() - started
    assert report.translated["pl"] == len(corpus), report
    store.close()
    return Forced.tokens / seconds


def measure(sentences: int, single: int, repeat: int) -> dict[str, Any]:
    model = ensure_model()
    corpus = articles(max(1, sentences // 13))
    spm = sentencepiece.SentencePieceProcessor(model_file=str(model / "source.spm"))
    batch = tokenised(corpus, spm)
    ctranslate2.Translator = Forced  # type: ignore[misc]  # bbabo's engine loads through it
    threads = min(4, len(os.sched_getaffinity(0)))
    raw = Forced(str(model), device="cpu", compute_type="int8", inter_threads=threads,
                 intra_threads=1)
    raw_tps(raw, batch[:64])  # warm up
    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        models.mkdir()
        (models / "ru-pl").symlink_to(model)
        runs: dict[str, list[float]] = {"raw_tps": [], "pipeline_tps": [],
                                        "per_sentence_tps": []}
        for _ in range(repeat):  # interleaved, so that load from elsewhere hits all three
            runs["raw_tps"].append(raw_tps(raw, batch))
            runs["pipeline_tps"].append(pipeline_tps(corpus, models, Path(tmp)))
            runs["per_sentence_tps"].append(per_sentence_tps(raw, batch[:single]))
        print(json.dumps({k: [round(v) for v in vs] for k, vs in runs.items()}),
              file=sys.stderr)
        figures = {name: statistics.median(values) for name, values in runs.items()}
        # Ratios within one run are what load from other processes disturbs least.
        figures["b_over_a"] = statistics.median(
            b / a for a, b in zip(runs["raw_tps"], runs["pipeline_tps"], strict=True))
        figures["b_over_c"] = statistics.median(
            b / c for b, c in zip(runs["pipeline_tps"], runs["per_sentence_tps"], strict=True))
    return {"sentences": len(batch), "articles": len(corpus), "repeat": repeat,
            "tokens": sum(len(s) - 1 for s in batch), "single_sentences": single,
            "threads": f"inter {threads} x intra 1", "runs": runs,
            **{k: round(v, 2 if "_over_" in k else 1) for k, v in figures.items()},
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def section(result: dict[str, Any], command: str) -> str:
    a, b, c = result["raw_tps"], result["pipeline_tps"], result["per_sentence_tps"]
    return "\n".join([
        "## Translation", "",
        f"`{command}`, {datetime.now(UTC):%Y-%m-%d}, CPython {platform.python_version()}, "
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, CTranslate2 "
        f"{ctranslate2.__version__} int8 on CPU, {result['threads']} threads; medians of "
        f"{result['repeat']} interleaved runs.", "",
        "Random-weight model with the exact opus-mt architecture (6+6 layers, d_model 512, "
        "FFN 2048, 8 heads, vocabulary 58,101); output forced to the input's length; "
        f"{result['sentences']} news-length sentences ({result['tokens']} tokens) in "
        f"{result['articles']} articles; (c) on the first {result['single_sentences']}.", "",
        "| path | target tokens/s | vs (a) |", "|---|---:|---:|",
        f"| (a) raw CTranslate2 `translate_batch`, sorted batches of 32 | {a:.0f} | 1.00 |",
        f"| (b) bbabo end to end, stored articles → stored translations | {b:.0f} | "
        f"{b / a:.2f} |",
        f"| (c) one sentence per call (a LibreTranslate request) | {c:.0f} | {c / a:.2f} |", "",
        f"Median of the per-run ratios: (b)/(a) = {result['b_over_a']:.2f} (target ≥ 0.85), "
        f"(b)/(c) = {result['b_over_c']:.1f} (target ≥ 3). Per run (a, b, c): "
        + "; ".join(f"{x:.0f}, {y:.0f}, {z:.0f}" for x, y, z in zip(
            *(result["runs"][k] for k in ("raw_tps", "pipeline_tps", "per_sentence_tps")),
            strict=True))
        + f". Peak RSS {result['peak_rss_mb']} MB (model, lingua, SQLite, in one process). "
        "The machine is shared: absolute figures vary ±20 % between runs, ratios much less.", "",
    ])


def write_section(path: Path, text: str) -> None:
    current = path.read_text() if path.exists() else (
        "# Benchmarks\n\nMeasured figures; each section names the script that produced it.\n\n")
    start = current.find("## Translation")
    if start == -1:
        current = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + 1)
        rest = current[end + 1:] if end != -1 else ""
        current = current[:start] + text.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    path.write_text(current)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer sentences (a few minutes)")
    parser.add_argument("--sentences", type=int, help="how many sentences (default 650, quick 260)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, interleaved")
    parser.add_argument("--write", type=Path, help="update the Translation section of this file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    sentences = args.sentences or (160 if args.quick else 650)
    result = measure(sentences, single=30 if args.quick else 150, repeat=args.repeat)
    command = "bench/translate.py" + (" --quick" if args.quick else "")
    text = section(result, command)
    print(text)
    if args.write:
        write_section(args.write, text)
    print(json.dumps({k: result[k] for k in ("raw_tps", "pipeline_tps", "per_sentence_tps",
                                             "peak_rss_mb", "b_over_a", "b_over_c")}))


if __name__ == "__main__":
    main()
