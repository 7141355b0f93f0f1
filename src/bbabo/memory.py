"""How much memory this process holds, for `bbabo status` and the benchmarks.

Linux reports the current resident set in ``/proc/self/status`` (``VmRSS``) and its peak
(``VmHWM``). Elsewhere only the peak is known, from ``getrusage``, in bytes on macOS and in
kilobytes on Linux and the BSDs; the current figure is then None rather than a guess.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

__all__ = ["resident_bytes", "peak_resident_bytes", "tree_resident_bytes"]

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
