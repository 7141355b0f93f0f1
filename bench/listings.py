"""Listing pages grouped by story: how long the home and section pages take in-process on
PostgreSQL, with most articles in stories.

The corpus is ``sitecorpus``'s (articles a minute apart over five languages, a fifth
translated), written once into ``bbabo_bench_listings_<n>_<seed>`` and reused; then a share
of the articles is put in stories of two to six reports drawn from the articles near them in
time (as the stories step groups reports of one event), through the store API. Each page is
asked ``--rounds`` times through the app (page cache off, so every request reads the store)
and the p50 and p99 printed.

Run it with this checkout's interpreter and with another's (``/path/to/other/.venv/bin/python
bench/listings.py``) on the same database to compare two versions of the listing queries in
the same run: the database is the same, only the code differs. ``--store`` times the
listing query alone, by article and by story entry, interleaved in one process."""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from sitecorpus import NOW, fill  # noqa: E402

from bbabo.config import Settings  # noqa: E402
from bbabo.store import open_store  # noqa: E402
from bbabo.web.app import create_app  # noqa: E402
from storyseed import record_story  # noqa: E402

PAGES = ("/en/", "/en/page/2/", "/en/page/5/", "/en/page/20/", "/en/world/",
         "/en/world/page/3/", "/pl/")


def _psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAq",
                           "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


def prepare(articles: int, seed: int, share: float) -> str:
    name = f"bbabo_bench_listings_{articles}_{seed}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    if _psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1":
        print(f"reusing database {name}")
        return url
    # Filled under another name and renamed when done: a run cut off leaves no half corpus
    # to be reused.
    partial = f"{name}_partial"
    _psql(f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{partial}"')
    store = open_store(url.replace(name, partial))
    try:
        print(f"writing {articles} articles through the store API ...", flush=True)
        fill(store, articles, seed=seed)
        rng = random.Random(seed)
        ids = sorted(store.articles.get_many(list(range(1, articles + 1))))
        free = set(ids)
        made = 0
        for article_id in ids:
            if article_id not in free or rng.random() > share / 3:
                continue
            # Reports of one event: this one and others near it in time, in any language.
            near = [a for a in range(article_id + 1, article_id + 60) if a in free]
            members = [article_id, *rng.sample(near, min(len(near), rng.randint(1, 5)))]
            free -= set(members)
            record_story(store, members, now=NOW)
            made += 1
        print(f"{made} stories holding {len(ids) - len(free)} of {len(ids)} articles")
    finally:
        store.close()
    _psql(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
    return url


async def measure(url: str, rounds: int) -> dict[str, dict[str, float]]:
    store = open_store(url)
    settings = Settings(target_languages=("en", "pl", "ru", "de", "es"), default_language="en")
    app = create_app(settings, store, clock=lambda: NOW, page_cache=False)
    results: dict[str, dict[str, float]] = {}
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            for path in PAGES:
                assert (await http.get(path)).status_code == 200, path  # warm up
            timings: dict[str, list[float]] = {path: [] for path in PAGES}
            for _ in range(rounds):  # interleaved, so load from elsewhere hits every page
                for path in PAGES:
                    started = time.perf_counter()
                    response = await http.get(path)
                    timings[path].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, path
        for path, found in timings.items():
            found.sort()
            results[path] = {"p50": statistics.median(found),
                             "p99": found[max(0, int(len(found) * 0.99) - 1)]}
    finally:
        store.close()
    return results


def measure_store(url: str, rounds: int) -> dict[str, dict[str, float]]:
    """The listing query alone, by article and by story entry, interleaved in one process
    (so both see the same load): what paging by story costs the database."""
    store = open_store(url)
    cases = {"home p1": (None, 0), "home p5": (None, 120), "home p20": (None, 570),
             "world p1": (["world"], 0), "world p3": (["world"], 60)}
    timings: dict[str, list[float]] = {}
    try:
        for _ in range(rounds):
            for name, (sections, offset) in cases.items():
                for by_story in (False, True):
                    started = time.perf_counter()
                    store.articles.latest("en", sections=sections, limit=31, offset=offset,
                                          one_per_story=by_story)
                    timings.setdefault(f"{name} {'story' if by_story else 'article'}",
                                       []).append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    results = {}
    for key, found in timings.items():
        found.sort()
        results[key] = {"p50": statistics.median(found),
                        "p99": found[max(0, int(len(found) * 0.99) - 1)]}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--share", type=float, default=0.6,
                        help="about this share of the articles is put in stories")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--store", action="store_true",
                        help="time the listing query alone, by article and by story")
    args = parser.parse_args()
    url = prepare(args.articles, args.seed, args.share)
    if args.store:
        for key, row in measure_store(url, args.rounds).items():
            print(f"{key:20} p50 {row['p50']:7.1f} ms   p99 {row['p99']:7.1f} ms", flush=True)
        return
    for path, row in asyncio.run(measure(url, args.rounds)).items():
        print(f"{path:20} p50 {row['p50']:7.1f} ms   p99 {row['p99']:7.1f} ms", flush=True)


if __name__ == "__main__":
    main()
