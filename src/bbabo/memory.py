"""How much memory this process holds, for `bbabo status` and the benchmarks.

Linux reports the current resident set in ``/proc/self/status`` (``VmRSS``) and its peak
(``VmHWM``). Elsewhere only the peak is known, from ``getrusage``, in bytes on macOS and in
kilobytes on Linux and the BSDs; the current figure is then None rather than a guess.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

__all__ = ["resident_bytes", "peak_resident_bytes"]

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


def _status_kb(field: str) -> int | None:
    try:
        lines = _STATUS.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name == field:
            number, _, unit = value.strip().partition(" ")
            if unit.strip() == "kB" and number.isdigit():
                return int(number) * 1024
    return None
