"""Site benchmark (not part of the test suite): how fast the site answers, against nginx
serving the same page as a static file in the same run, the physical limit of this machine.

From a fresh clone, one command (creates .venv, installs Debian's ``wrk`` and ``nginx`` if
missing, then runs this file with ARGS):

    make bench-site ARGS="--articles 100000"      # or: .venv/bin/python bench/site.py

Options: [--articles 100000] [--workers 2] [--seconds 10] [--runs 3]
[--postgres [--pg-articles 100000]] [--search-only]. All traffic stays on 127.0.0.1. The store
(SQLite, synthetic articles in five languages written through the store API) is kept in
``--data`` and reused by later runs with the same size. Measured:

- home and article pages at 64 connections: requests/s and p99, for bbabo (uvicorn, page
  cache warm) and for nginx serving the same bytes from a file, interleaved, ``--runs`` rounds,
  medians reported;
- search: p50/p99 of ``store.search.search`` over the whole store (one client), and the
  ``/{lang}/search`` page over HTTP on one connection.

The figures go to stdout, last as the Markdown table kept in docs/benchmarks.md ("Site")."""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sitecorpus import LANGS, fill  # noqa: E402

from bbabo.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UVICORN = Path(sys.executable).parent / "uvicorn"
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return bytes(response.read())


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict[str, float]:
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s",
               "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50, p99 = (re.search(rf"\s{q}%\s+([\d.]+)(us|ms|s)\b", out) for q in ("50", "99"))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": float(p50[1]) * _UNITS[p50[2]],  # type: ignore[index]
            "p99": float(p99[1]) * _UNITS[p99[2]],  # type: ignore[index]
            "errors": float(errors[1]) if errors else 0.0}


def _median(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}


def start_app(db_url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BBABO_DATABASE_URL": db_url, "BBABO_TARGET_LANGUAGES": ",".join(LANGS)}
    return subprocess.Popen(
        [str(UVICORN), "--factory", "bbabo.web.asgi:create", "--host", "127.0.0.1", "--port",
         str(port), "--workers", str(workers), "--no-access-log", "--log-level", "warning",
         "--no-server-header"], env=env, cwd=ROOT)


def start_nginx(root: Path, port: int, workers: int, work: Path) -> subprocess.Popen[bytes]:
    config = work / "nginx.conf"
    config.write_text(f"""worker_processes {workers};
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri $uri.html $uri/index.html =404; }}
    }}
}}
""")
    return subprocess.Popen(["nginx", "-c", str(config), "-g", "daemon off;"])


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def search_latency(db_url: str, articles: int, seed: int, queries: int) -> dict[str, float]:
    """Store-level search over the whole store, one query at a time."""
    from sitecorpus import Vocabulary

    store = open_store(db_url)
    rng = random.Random(seed)
    vocabularies = {lang: Vocabulary(lang, random.Random(f"{seed}-{lang}")) for lang in LANGS}
    timings, hits = [], []
    try:
        for n in range(queries):
            lang = LANGS[n % len(LANGS)]
            words = vocabularies[lang].query_words()
            query = " ".join(rng.sample(words, 1 if rng.random() < 0.6 else 2))
            started = time.perf_counter()
            found = store.search.search(lang, query, limit=21)
            timings.append((time.perf_counter() - started) * 1000)
            hits.append(len(found))
    finally:
        store.close()
    timings.sort()
    return {"p50": statistics.median(timings), "p99": timings[int(len(timings) * 0.99) - 1],
            "max": timings[-1], "with_hits": sum(1 for h in hits if h) / len(hits)}


def prepare(data: Path, articles: int, seed: int) -> str:
    db = data / f"site-{articles}-{seed}.db"
    url = f"sqlite:///{db}"
    if db.exists():
        print(f"reusing {db}")
        return url
    print(f"writing {articles} articles through the store API into {db} ...")
    data.mkdir(parents=True, exist_ok=True)
    partial = db.with_suffix(".partial")
    for stale in data.glob(partial.name + "*"):
        stale.unlink()
    store = open_store(f"sqlite:///{partial}")
    try:
        fill(store, articles, seed=seed)
    finally:
        store.close()
    partial.rename(db)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    return url


def run(args: argparse.Namespace) -> dict[str, dict[str, float]]:
    db_url = prepare(args.data, args.articles, args.seed)
    results: dict[str, dict[str, float]] = {}
    work = Path(tempfile.mkdtemp(prefix="bbabo-bench-"))
    app_port, nginx_port = free_port(), free_port()
    app = start_app(db_url, app_port, args.workers)
    nginx = None
    try:
        base = f"http://127.0.0.1:{app_port}"
        wait_for(base + "/healthz")
        home = get(base + "/en/")
        article_path = re.search(rb'<h2><a href="(/en/[^"]+)"', home)[1].decode()  # type: ignore[index]
        pages = {"home": "/en/", "article": article_path}
        static = work / "static"
        for name, path in pages.items():
            target = static / (path.strip("/") + (".html" if name == "article" else "/index.html"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(get(base + path))  # the very bytes the app serves
        for directory in (work, *static.rglob("*")):
            directory.chmod(0o755)  # nginx's workers run as nobody
        nginx = start_nginx(static, nginx_port, args.workers, work)
        wait_for(f"http://127.0.0.1:{nginx_port}/en/")
        runs: dict[str, list[dict[str, float]]] = {}
        for path in pages.values():
            for port in (nginx_port, app_port):
                wrk(f"http://127.0.0.1:{port}{path}", 2, 64)  # warm up: cache, connections
        # Interleaved rounds, so a burst of load from elsewhere hits both servers alike.
        for _ in range(args.runs):
            for name, path in pages.items():
                for server, port in (("nginx", nginx_port), ("bbabo", app_port)):
                    measured = wrk(f"http://127.0.0.1:{port}{path}", args.seconds, 64)
                    runs.setdefault(f"{name} {server}", []).append(measured)
                    print(f"{name:8} {server:6} {measured}", flush=True)
        results.update({key: _median(rounds) for key, rounds in runs.items()})
        script = work / "search.lua"
        words = re.findall(rb"<h2><a [^>]+>([^<]+)</a>", home)
        terms = sorted({w.split()[-1].decode() for w in words})
        queries = ", ".join(f'"/en/search?q={t}"' for t in terms)
        script.write_text(f"local q = {{{queries}}}\nlocal n = 0\nrequest = function()\n"
                          "  n = n % #q + 1\n  return wrk.format(nil, q[n])\nend\n")
        results["search http"] = wrk(base + "/en/search", args.seconds, 1, script)
        print(f"search http (1 connection) {results['search http']}", flush=True)
    finally:
        if nginx is not None:
            stop(nginx)
        stop(app)
        shutil.rmtree(work, ignore_errors=True)
    results["search store"] = search_latency(db_url, args.articles, args.seed, args.queries)
    print(f"search store (1 client) {results['search store']}", flush=True)
    if args.postgres:
        results["search postgres"] = postgres_search(args)
        print(f"search postgres (1 client) {results['search postgres']}", flush=True)
    return results


def postgres_search(args: argparse.Namespace) -> dict[str, float]:
    """The same store-level search on PostgreSQL. Filling the store through the store API takes
    many minutes at 100,000 articles, so the database is kept (``bbabo_bench_<n>_<seed>``) and
    reused by later runs of the same size; ``--pg-drop`` drops it after the run."""
    name = f"bbabo_bench_{args.pg_articles}_{args.seed}"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-tA", "-c"]
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    exists = subprocess.run([*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                            check=True, capture_output=True, text=True).stdout.strip() == "1"
    try:
        if exists and _pg_count(url) == args.pg_articles:
            print(f"reusing PostgreSQL database {name}", flush=True)
        else:
            if exists:
                subprocess.run([*psql, f'DROP DATABASE "{name}" WITH (FORCE)'], check=True)
            subprocess.run([*psql, f'CREATE DATABASE "{name}"'], check=True)
            print(f"writing {args.pg_articles} articles into PostgreSQL {name} ...", flush=True)
            started = time.monotonic()
            store = open_store(url)
            try:
                fill(store, args.pg_articles, seed=args.seed)
            finally:
                store.close()
            print(f"filled in {time.monotonic() - started:.0f} s", flush=True)
        store = open_store(url)
        try:
            with store.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        finally:
            store.close()
        return search_latency(url, args.pg_articles, args.seed, args.queries)
    finally:
        if args.pg_drop:
            subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)


def _pg_count(url: str) -> int:
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM articles").scalar_one())
    except Exception:  # a half-made database from an interrupted run: made again
        return -1
    finally:
        store.close()


def search_only(args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Store-level search latency alone (no web servers): SQLite, and PostgreSQL if asked."""
    results = {"search store": search_latency(prepare(args.data, args.articles, args.seed),
                                              args.articles, args.seed, args.queries)}
    print(f"search store (1 client) {results['search store']}", flush=True)
    if args.postgres:
        results["search postgres"] = postgres_search(args)
        print(f"search postgres (1 client) {results['search postgres']}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn and nginx workers")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", action="store_true",
                        help="also time search on PostgreSQL (127.0.0.1:5432)")
    parser.add_argument("--pg-articles", type=int, default=100_000)
    parser.add_argument("--pg-drop", action="store_true",
                        help="drop the PostgreSQL bench database after the run")
    parser.add_argument("--search-only", action="store_true",
                        help="only the store-level search timings (no wrk, no nginx)")
    parser.add_argument("--data", type=Path,
                        default=Path(tempfile.gettempdir()) / "bbabo-bench")
    args = parser.parse_args()
    if args.search_only:
        for name, row in search_only(args).items():
            print(f"{name}: p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms, "
                  f"max {row['max']:.1f} ms, {row['with_hits']:.0%} with hits")
        return
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: run `make bench-site`, or apt-get install -y wrk nginx")
    results = run(args)
    print(markdown(results, args))


def markdown(results: dict[str, dict[str, float]], args: argparse.Namespace) -> str:
    """The table docs/benchmarks.md keeps."""
    lines = ["| page | server | requests/s | p50 ms | p99 ms | share of nginx |",
             "|---|---|---:|---:|---:|---:|"]
    for name in ("home", "article"):
        limit = results[f"{name} nginx"]["rps"]
        for server in ("nginx", "bbabo"):
            row = results[f"{name} {server}"]
            lines.append(f"| {name} | {server} | {row['rps']:,.0f} | {row['p50']:.2f} | "
                         f"{row['p99']:.2f} | {row['rps'] / limit:.0%} |")
    http, store = results["search http"], results["search store"]
    lines += ["", f"Search over {args.articles:,} articles: store p50 {store['p50']:.1f} ms, "
                  f"p99 {store['p99']:.1f} ms, max {store['max']:.1f} ms "
                  f"({store['with_hits']:.0%} of queries found something); "
                  f"the /en/search page over HTTP, one connection: p50 {http['p50']:.1f} ms, "
                  f"p99 {http['p99']:.1f} ms ({http['rps']:,.0f} requests/s)."]
    if "search postgres" in results:
        pg = results["search postgres"]
        lines.append(f"PostgreSQL, {args.pg_articles:,} articles: p50 {pg['p50']:.1f} ms, "
                     f"p99 {pg['p99']:.1f} ms, max {pg['max']:.1f} ms.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
