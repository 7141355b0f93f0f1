"""Where a cross-lingual search's time goes (not part of the test suite): each store read and
the vector steps of ``CrossSearch.search`` timed as spans, on the stores ``bench/xsearch.py``
builds (run it once first).

    .venv/bin/python bench/xsearchprofile.py sqlite|postgresql [queries, 100]

Spans overlap: the word list and its matches' stories run beside the vector list
(``_nearest_placed``: the embedding, the matrix, the stories of its matches); ``_page`` is what
follows both (fusion, then the page's articles, marked snippets and story titles); ``total`` is
the search as a caller sees it."""

from __future__ import annotations

import functools
import gc
import inspect
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from xsearch import ROOT, queries  # noqa: E402
from xsearchcorpus import postgres_store, sqlite_store  # noqa: E402

from bbabo.embed import E5Embedder  # noqa: E402
from bbabo.pipeline.xsearch import CrossSearch, SearchOptions  # noqa: E402
from bbabo.store import VectorMatrix, open_store  # noqa: E402
from bbabo.store.articles import ArticlesRepo  # noqa: E402
from bbabo.store.search import SearchRepo  # noqa: E402
from bbabo.store.stories import StoriesRepo  # noqa: E402

spans: dict[str, list[float]] = {}


def _timed(owner: Any, name: str) -> None:
    call: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(call)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            spans.setdefault(name, []).append((time.perf_counter() - started) * 1000)

    static = isinstance(inspect.getattr_static(owner, name), staticmethod)
    setattr(owner, name, staticmethod(timed) if static else timed)


def _row(name: str, timings: list[float]) -> str:
    timings = sorted(timings)
    return (f"| {name} | {len(timings)} | {statistics.mean(timings):.1f} | "
            f"{statistics.median(timings):.1f} | "
            f"{timings[max(0, int(len(timings) * 0.99) - 1)]:.1f} |")


def main() -> None:
    backend = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    url = (sqlite_store(ROOT / "bench" / "data", 100_000, 7) if backend == "sqlite"
           else postgres_store(100_000, 7))
    store = open_store(url)
    embedder = E5Embedder()
    finder = CrossSearch(store, embedder=lambda: embedder,
                         options=SearchOptions(cached_queries=0, min_similarity=-1.0))
    finder.search("en", "warm up")
    gc.freeze()  # as `bbabo serve` does before serving (cli/serve.py)
    for owner, name in [(SearchRepo, "ranked"), (SearchRepo, "stories_of"),
                        (SearchRepo, "shown"), (ArticlesRepo, "get_many"),
                        (StoriesRepo, "summaries"), (embedder, "embed"),
                        (VectorMatrix, "nearest"), (CrossSearch, "_nearest"),
                        (CrossSearch, "_nearest_placed"), (CrossSearch, "_page")]:
        _timed(owner, name)
    total = []
    try:
        for lang, query in queries(count, 7):
            started = time.perf_counter()
            finder.search(lang, query, limit=20)
            total.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    print(f"{backend}, load average {os.getloadavg()[0]:.1f}\n")
    print("| span | calls | mean ms | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|")
    print(_row("total", total))
    for name, timings in spans.items():
        print(_row(name, timings))


if __name__ == "__main__":
    main()
