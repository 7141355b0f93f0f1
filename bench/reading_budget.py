"""What reading a real page costs, against the extraction budget (not part of the test suite).

Every page of two public sets of real web pages (ScrapingHub's article-extraction-benchmark:
181 news and blog pages; trafilatura's evaluation set: 990 pages; see ``evalsets.py`` for
where they come from) is read the way a crawl reads it (``pipeline.reading.read_page``:
extraction and MinHash signature), one after another in one process. For each page: the time,
and the memory it took beyond what the process held before it (the peak resident set, reset
before each page through ``/proc/self/clear_refs``, minus the resident set before). Medians,
the 99th percentile and the maximum are compared with ``EXTRACT_TIME_BUDGET_S`` and
``EXTRACT_MEMORY_BUDGET_MB``.

    .venv/bin/python bench/reading_budget.py --scrapinghub PATH --trafilatura PATH \\
        [--write docs/benchmarks.md]

PATH is a clone or a bare mirror of each repository.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from evalsets import RepoFiles, load_scrapinghub, load_trafilatura  # noqa: E402

from bbabo.errors import BbaboError  # noqa: E402
from bbabo.model import FetchedPage  # noqa: E402
from bbabo.pipeline.reading import (  # noqa: E402
    EXTRACT_MEMORY_BUDGET_MB,
    EXTRACT_TIME_BUDGET_S,
    read_page,
)

SECTION = "## Extraction budget"


def _kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def measure(pages: list[tuple[str, bytes]]) -> tuple[list[float], list[float], list[int]]:
    """Seconds, megabytes and sizes, one per page, each page read in a process forked for it
    from this one (the libraries loaded and warm): a process that read other pages before
    would reuse their memory and show less."""
    seconds, megabytes, sizes = [], [], []
    now = datetime.now(UTC)
    read_page(FetchedPage(url="http://warm.example/", final_url="http://warm.example/",
                          status=200, content_type="text/html", body=pages[0][1],
                          fetched_at=now))  # every lazy import and cache done before forking
    for url, html in pages:
        page = FetchedPage(url=url, final_url=url, status=200,
                           content_type="text/html; charset=utf-8", body=html, fetched_at=now)
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            os.write(writer, json.dumps(_cost(page)).encode())
            os._exit(0)
        os.close(writer)
        with os.fdopen(reader) as pipe:
            took, grew = json.loads(pipe.read())
        os.waitpid(pid, 0)
        seconds.append(took)
        megabytes.append(grew)
        sizes.append(len(html))
    return seconds, megabytes, sizes


def _cost(page: FetchedPage) -> tuple[float, float]:
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
    before = _kb("VmRSS")
    started = time.perf_counter()
    try:
        read_page(page)
    except BbaboError:
        pass  # not an article: it cost what it cost all the same
    return time.perf_counter() - started, max(0, _kb("VmHWM") - before) / 1024


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def report(sets: dict[str, tuple[list[float], list[float], list[int]]]) -> str:
    lines = [SECTION, "",
             f"`bench/reading_budget.py`, {datetime.now(UTC):%Y-%m-%d}: every page of two "
             "public sets of real pages read as a crawl reads it (extraction and MinHash "
             "signature), each in a process forked for it from one with the libraries "
             "loaded, as the crawl's extraction child is; the memory a page took is its "
             "peak resident set beyond what that process held before it.", "",
             "| pages | count | median KB | largest KB | median ms | p99 ms | slowest s | "
             "median MB | p99 MB | most MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, (seconds, megabytes, sizes) in sets.items():
        lines.append(
            f"| {name} | {len(seconds)} | {statistics.median(sizes) / 1024:.0f} | "
            f"{max(sizes) / 1024:.0f} | {statistics.median(seconds) * 1000:.0f} | "
            f"{_p99(seconds) * 1000:.0f} | {max(seconds):.2f} | "
            f"{statistics.median(megabytes):.1f} | {_p99(megabytes):.1f} | "
            f"{max(megabytes):.1f} |")
    slowest = max(max(s) for s, _, _ in sets.values())
    largest = max(max(m) for _, m, _ in sets.values())
    lines += ["", f"The budgets: {EXTRACT_TIME_BUDGET_S:g} s ({EXTRACT_TIME_BUDGET_S / slowest:.0f}"
              f"× the slowest real page) and {EXTRACT_MEMORY_BUDGET_MB} MB "
              f"({EXTRACT_MEMORY_BUDGET_MB / largest:.1f}× the most a real page took) "
              "(`extract_timeout_s`, `extract_memory_mb`).", ""]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    text = path.read_text()
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section.rstrip("\n") + "\n" + (text[end:] if end != -1 else "")
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scrapinghub", type=Path, required=True)
    parser.add_argument("--trafilatura", type=Path, required=True)
    parser.add_argument("--write", type=Path, help="update this section of that file")
    args = parser.parse_args()
    sets = {
        "ScrapingHub article-extraction-benchmark": measure(
            [(p.url, p.html) for p in load_scrapinghub(RepoFiles(args.scrapinghub))]),
        "trafilatura evaluation set": measure(
            [(p.url, p.html) for p in load_trafilatura(RepoFiles(args.trafilatura))]),
    }
    section = report(sets)
    print(section)
    if args.write:
        write_section(args.write, section)


if __name__ == "__main__":
    main()
