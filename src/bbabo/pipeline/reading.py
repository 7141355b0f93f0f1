"""Reading a fetched page (extraction and its MinHash signature) within a time and memory budget.

Extraction is the one step whose cost no cap on the download bounds: trafilatura and lxml are
superlinear on some shapes of HTML (240 KB of ``<i>a</i>`` takes 21 s, 2.4 MB of short
paragraphs 40 s) and a tree of a few megabytes of tags takes hundreds of megabytes. Python
cannot interrupt a thread stuck in such a call, so a crawl reads pages in a child process
(``ProcessReader``, on pebble's process pool): a page over its time budget has its process
killed and fails with ``extract.timeout``; one over its memory budget (the child's address space
is capped with ``RLIMIT_AS`` at what its libraries take plus the budget) fails with
``extract.too_complex``; either way the next page goes on in a fresh process. The child also
takes extraction off the crawl's GIL: the fetching threads and the store writer keep the parent's
core while the child uses the other.

Language identification stays in the parent: lingua's models are the largest thing bbabo holds in
memory and read at most 1,200 characters, so a second copy in the child would cost more than it
saves. The MinHash signature goes with extraction: its cost grows with the text.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

import pebble

from bbabo import dedup, extract
from bbabo.errors import BbaboError, InternalError, OverBudget
from bbabo.model import ExtractedArticle, FetchedPage

__all__ = ["Reading", "ReadingBudget", "PageReader", "InlineReader", "ProcessReader",
           "read_page", "ReadingFailed", "EXTRACT_TIME_BUDGET_S", "EXTRACT_MEMORY_BUDGET_MB"]

log = logging.getLogger(__name__)

EXTRACT_TIME_BUDGET_S = 20.0
"""Reading one page may take this long. Of 1,171 real pages (two public extraction benchmarks,
docs/benchmarks.md "Extraction budget"), the median took about 0.1 s and the slowest 1.5 s:
a page over 20 s is hostile or broken."""
EXTRACT_MEMORY_BUDGET_MB = 128
"""Memory one page's reading may take beyond what the child's libraries hold. Of the same real
pages, the median took 7 MB and the most 40 MB; 580 KB of table rows takes 100 MB, 5.8 MB of
them a gigabyte. With it, a crawl's processes stay under 500 MB together (tests/hostile)."""
_PAGES_PER_CHILD = 200
"""A child is replaced after this many pages: Python rarely gives freed memory back, and the
address-space cap counts what a big page left behind."""
_OWN_DEADLINE_GRACE_S = 5.0
"""A child ends itself this long after its page's time budget if nobody killed it first."""
_OVER_MEMORY_EXIT, _TOO_DEEP_EXIT = 86, 87
"""Exit statuses of a child that ran out of its memory budget, or of stack for a tree nested
too deep (it exits rather than carry on with a heap it may have left half-built)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """What reading a page gives: the article and the signature of its text (None when the text
    is too short to compare)."""

    article: ExtractedArticle
    signature: bytes | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadingBudget:
    time_s: float = EXTRACT_TIME_BUDGET_S
    memory_mb: int = EXTRACT_MEMORY_BUDGET_MB


def read_page(page: FetchedPage) -> Reading:
    """Extract the article of ``page`` and sign its text; raises NotAnArticle."""
    article = extract.extract_article(page)
    signature = dedup.minhash(f"{article.title}\n{article.text}")
    return Reading(article=article,
                   signature=dedup.signature_bytes(signature) if signature else None)


class PageReader(Protocol):
    """Reads pages; safe to call from many threads at once."""

    def read(self, page: FetchedPage) -> Reading: ...

    def close(self) -> None: ...


class InlineReader:
    """Reads in the calling thread, with no budget: for one page the operator chose (``bbabo
    extract``) and for tests of what happens around reading."""

    def read(self, page: FetchedPage) -> Reading:
        return read_page(page)

    def close(self) -> None:
        pass


class ProcessReader:
    """Reads pages in ``processes`` child processes, each page within ``budget``.

    Children are forked from a small server process (multiprocessing's ``forkserver``) that has
    the extraction libraries loaded, so replacing a killed child takes milliseconds and children
    share those libraries' memory; none is forked from the caller, whose threads may hold locks.
    The children start on the first page, so a process that never reads a page never has one."""

    def __init__(self, budget: ReadingBudget | None = None, *, processes: int = 1) -> None:
        self.budget = budget or ReadingBudget()
        self._processes = processes
        self._lock = threading.Lock()
        self._pool: pebble.ProcessPool | None = None
        self._closed = False

    def read(self, page: FetchedPage) -> Reading:
        slack = max(16, self.budget.memory_mb // 8) * 2**20
        future = self._started().schedule(
            _read_in_child, args=(page, self.budget.time_s + _OWN_DEADLINE_GRACE_S, slack),
            timeout=self.budget.time_s)
        try:
            return future.result()
        except FutureTimeout:
            raise OverBudget(f"reading the page took more than {self.budget.time_s:g} s "
                             f"({len(page.body):,} bytes of HTML)",
                             code="extract.timeout") from None
        except pebble.ProcessExpired as exc:
            raise OverBudget(_expired_reason(exc, self.budget, len(page.body)),
                             code="extract.too_complex") from None
        except ReadingFailed as exc:
            # pebble passes the child's traceback along: the log gets it once, the page its
            # failure in a line.
            log.error("internal error while reading a page in the child:\n%s",
                      getattr(exc, "traceback", "(no traceback)").rstrip(),
                      extra={"url": page.url, "code": InternalError.code})
            raise InternalError(str(exc)) from None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            # A child still reading a page has nothing to finish for anyone. (pebble leaves
            # this one method unannotated.)
            pool.stop()  # type: ignore[no-untyped-call]
            pool.join()

    def __enter__(self) -> ProcessReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _started(self) -> pebble.ProcessPool:
        with self._lock:
            if self._closed:
                raise RuntimeError("this reader is closed")
            if self._pool is None:
                self._pool = pebble.ProcessPool(
                    max_workers=self._processes, max_tasks=_PAGES_PER_CHILD,
                    initializer=_start_child, initargs=(self.budget.memory_mb,),
                    context=_forkserver())
            return self._pool


def _forkserver() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    # Loaded once in the server, shared by every child it forks. (Only read when the server
    # starts: a server some other code started first makes each child import them itself.)
    context.set_forkserver_preload([__name__])
    return context


def _expired_reason(exc: pebble.ProcessExpired, budget: ReadingBudget, size: int) -> str:
    if exc.exitcode == _OVER_MEMORY_EXIT:
        return (f"reading the page needed more than {budget.memory_mb} MB "
                f"({size:,} bytes of HTML)")
    if exc.exitcode == _TOO_DEEP_EXIT:
        return f"the page's HTML is nested too deep to read ({size:,} bytes)"
    how = (f"signal {signal.Signals(-exc.exitcode).name}" if exc.exitcode < 0
           else f"status {exc.exitcode}")
    return f"the process reading the page died ({how}; {size:,} bytes of HTML)"


def _start_child(memory_mb: int) -> None:
    """In each child: cap its address space at what it holds now plus the budget, and let a
    SIGTERM end it at once. (pebble's handler for it is Python code, which waits for lxml to
    return control, so a child stuck in C was killed only after a further 3 s. pebble stops a
    child only when it holds the lock the children take work under, so none is killed in the
    middle of taking a page.)"""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    held = _address_space()
    limit = held + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


class ReadingFailed(Exception):
    """An exception no stage meant to raise, met in the child: its type and message (the
    original may not survive pickling: lxml's errors hold their parser's error log)."""


def _read_in_child(page: FetchedPage, deadline_s: float, slack: int) -> Reading:
    # The parent kills a child whose page is over budget; should the parent itself be gone,
    # the kernel ends the child at this deadline (SIGALRM's default action).
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_REAL, deadline_s)
    try:
        return read_page(page)
    except BbaboError:
        raise
    except MemoryError:
        # The heap may be half-built: this child ends, and a fresh one takes the next page.
        os._exit(_OVER_MEMORY_EXIT)
    except RecursionError:
        os._exit(_TOO_DEEP_EXIT)
    except Exception as exc:
        if _near_the_cap(slack):
            # libxml2 reports a failed allocation as a parse error ("unknown error").
            os._exit(_OVER_MEMORY_EXIT)
        # Chained, so that the traceback pebble sends along shows where it came from.
        raise ReadingFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _near_the_cap(slack: int) -> bool:
    """Whether this child's address space came within ``slack`` bytes of its cap: a failure
    then is most likely an allocation the cap refused."""
    cap = resource.getrlimit(resource.RLIMIT_AS)[0]
    if cap == resource.RLIM_INFINITY:
        return False
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        peak = next(int(line.split()[1]) * 1024 for line in status
                    if line.startswith("VmPeak:"))
    return peak >= cap - slack
