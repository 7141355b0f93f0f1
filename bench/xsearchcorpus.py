"""The cross-lingual search benchmark's stores: the site benchmark's synthetic corpus
(``sitecorpus.fill``) with one stored vector per article, kept in ``bench/data`` (SQLite) and in
PostgreSQL database ``bbabo_xsearch_<n>_<seed>`` and reused by later runs of the same size.

The vectors are random unit vectors of e5-small's 384 dimensions, stored under the real model's
id: search time does not depend on what they say, and embedding 100,000 leads with the real
model would take hours on this machine (the query is embedded by the real model, timed)."""

from __future__ import annotations

import random
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
from sitecorpus import _SECTIONS, _SOURCES, LANGS, NOW, Vocabulary

from bbabo.embed import E5Embedder
from bbabo.store import open_store
from bbabo.store.schema import article_vectors, sources, stories, story_articles, translations
from bbabo.store.schema import articles as articles_table

__all__ = ["sqlite_store", "postgres_store", "DIM"]

DIM = 384
_CHUNK = 2000


def _fill(url: str, articles: int, seed: int) -> None:
    """Rows written in bulk, with ids given (the store API's one transaction per article
    takes an hour at this size here); the search index's triggers still index every row."""
    store = open_store(url)
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    vocabularies = {lang: Vocabulary(lang, random.Random(f"{seed}-{lang}")) for lang in LANGS}
    model = E5Embedder().model_id
    started = time.monotonic()
    try:
        with store.engine.begin() as conn:
            conn.execute(sources.insert(), [
                {"id": n + 1, "url": f"https://{n}.example.org/rss", "name": name,
                 "section": "news", "created_at": NOW} for n, name in enumerate(_SOURCES)])
        story, left, centre = 0, 0, np.zeros(DIM, dtype=np.float32)
        for start in range(0, articles, _CHUNK):
            rows, versions, members, vectors, opened = [], [], [], [], []
            for n in range(start, min(start + _CHUNK, articles)):
                lang = LANGS[n % len(LANGS)]
                words = vocabularies[lang]
                url = f"https://news{n % 97}.example.org/{n}"
                rows.append({
                    "id": n + 1, "source_id": n % len(_SOURCES) + 1, "url": url,
                    "canonical_url": url, "language": lang, "lang_confidence": 0.99,
                    "section": _SECTIONS[n % len(_SECTIONS)],
                    "title": words.text(rng.randint(6, 11)).capitalize(),
                    "paragraphs": [words.text(rng.randint(25, 60)).capitalize() + "."
                                   for _ in range(rng.randint(4, 8))],
                    "published_at": NOW - timedelta(minutes=n), "fetched_at": NOW,
                    "content_hash": f"{n:064d}"})
                if rng.random() < 0.2:
                    target = "pl" if lang == "en" else "en"
                    other = vocabularies[target]
                    versions.append({
                        "id": n + 1, "article_id": n + 1, "lang": target,
                        "title": other.text(8).capitalize(),
                        "paragraphs": [other.text(40) + "." for _ in range(5)],
                        "engine": "bench", "model": "bench-1", "qa": {}, "created_at": NOW})
                # Stories of one to five consecutive reports, their vectors near a centre.
                if left == 0:
                    story, left = story + 1, rng.randint(1, 5)
                    centre = nrng.standard_normal(DIM).astype(np.float32)
                    opened.append({"id": story, "representative_id": n + 1,
                                   "article_count": left, "languages": [lang],
                                   "first_seen_at": NOW, "last_seen_at": NOW,
                                   "created_at": NOW, "updated_at": NOW})
                left -= 1
                members.append({"article_id": n + 1, "story_id": story, "score": None,
                                "assigned_at": NOW})
                vector = centre + 0.8 * nrng.standard_normal(DIM).astype(np.float32)
                vectors.append({"id": n + 1, "article_id": n + 1, "model": model, "dim": DIM,
                                "vector": (vector / np.linalg.norm(vector)).astype("<f4")
                                .tobytes(), "created_at": NOW})
            with store.engine.begin() as conn:
                conn.execute(articles_table.insert(), rows)
                if versions:
                    conn.execute(translations.insert(), versions)
                conn.execute(stories.insert(), opened)
                conn.execute(story_articles.insert(), members)
                conn.execute(article_vectors.insert(), vectors)
            done = start + len(rows)
            print(f"  {done} articles ({done / (time.monotonic() - started):.0f}/s)",
                  flush=True)
    finally:
        store.close()


def sqlite_store(data: Path, articles: int, seed: int) -> str:
    db = data / f"xsearch-{articles}-{seed}.db"
    url = f"sqlite:///{db}"
    if db.exists():
        return url
    print(f"writing {articles} articles and vectors into {db} ...", flush=True)
    data.mkdir(parents=True, exist_ok=True)
    partial = db.with_suffix(".partial")
    for stale in data.glob(partial.name + "*"):
        stale.unlink()
    _fill(f"sqlite:///{partial}", articles, seed)
    partial.rename(db)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    return url


def _psql(sql: str) -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q",
                           "-tA", "-c", sql], check=True, capture_output=True, text=True
                          ).stdout.strip()


def _psql_db(name: str, sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-q", "-c", sql],
                   check=True, capture_output=True)


def postgres_store(articles: int, seed: int) -> str:
    """A database marked complete by a comment once filled (a run cut short leaves none)."""
    name = f"bbabo_xsearch_{articles}_{seed}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    done = _psql(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                 f"WHERE datname = '{name}'")
    if done == "complete":
        return url
    print(f"writing {articles} articles and vectors into PostgreSQL {name} ...", flush=True)
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{name}"')
    _fill(url, articles, seed)
    # Ids were given: the sequences must move past them for anything written later.
    for table in ("sources", "articles", "translations", "stories", "article_vectors"):
        _psql_db(name, f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"(SELECT max(id) FROM {table}))")
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-q", "-c",
                    "VACUUM ANALYZE"], check=True, capture_output=True)
    _psql(f"COMMENT ON DATABASE \"{name}\" IS 'complete'")
    return url
