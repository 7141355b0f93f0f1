"""How much memory this process holds, for `bbabo status` and the benchmarks.

Linux reports the current resident set in ``/proc/self/status`` (``VmRSS``) and its peak
(``VmHWM``). Elsewhere only the peak is known, from ``getrusage``, in bytes on macOS and in
kilobytes on Linux and the BSDs; the current figure is then None rather than a guess.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import sys
from pathlib import Path

__all__ = ["resident_bytes", "peak_resident_bytes", "tree_resident_bytes", "cap_malloc_arenas"]

_M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)

_STATUS = Path("/proc/self/status")


def resident_bytes() -> int | None:
    """The resident set of this process now, in bytes (None where the system does not say)."""
    return _status_kb("VmRSS")


def peak_resident_bytes() -> int:
    """The largest resident set this process has had, in bytes."""
    peak = _status_kb("VmHWM")
    if peak is not None:
        return peak
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024


def tree_resident_bytes() -> int | None:
    """This process and every process it started (a Celery worker's pool, the extraction
    child of a crawl), in bytes; None where the system does not say. Pages shared between a
    parent and its forked children count once per process, as ``ps`` and ``top`` count them."""
    own = resident_bytes()
    if own is None:
        return None
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) may hold spaces and parentheses: split after its end.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = own, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        total += _status_kb("VmRSS", Path(f"/proc/{pid}/status")) or 0
        todo += children.get(pid, [])
    return total


def _status_kb(field: str, path: Path | None = None) -> int | None:
    try:
        lines = (path or _STATUS).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name == field:
            number, _, unit = value.strip().partition(" ")
            if unit.strip() == "kB" and number.isdigit():
                return int(number) * 1024
    return None


def cap_malloc_arenas(arenas: int = 2) -> bool:
    """Let glibc's malloc keep at most ``arenas`` heaps; True if it agreed.

    glibc gives a thread that finds the heap busy a heap of its own, up to eight per core, and
    memory freed in one heap serves no other: a long-running process whose threads (crawl,
    translation, stories, the web server) allocate at the same moments holds tens of megabytes
    more the busier the machine is. Two heaps is what ``MALLOC_ARENA_MAX=2``, the
    usual advice for threaded Python services, sets; it must happen before threads start. An
    operator's own ``MALLOC_ARENA_MAX`` wins; on other C libraries this does nothing."""
    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, arenas))
