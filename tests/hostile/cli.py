"""The real ``bbabo`` command in a subprocess, with its peak memory and wall time.

The peak is the command's own ``ru_maxrss`` from ``os.wait4``, taken by a small launcher
process that starts it: Linux carries the resident size of the process that forks (at the
``exec``) into the child's ``ru_maxrss``, so a child forked by the test session itself reported
the session's size (714 MB once the session had loaded the embedding model), not its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Run", "bbabo"]


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def __str__(self) -> str:
        return (f"bbabo {' '.join(self.args)}: exit {self.returncode}, {self.seconds:.1f}s, "
                f"{self.peak_mb:.0f} MB\n--- stdout\n{self.stdout[-3000:]}\n"
                f"--- stderr\n{self.stderr[-5000:]}")


def bbabo(*args: str, home: Path, timeout_s: float = 60.0, stdin: bytes | None = None,
          **settings: str) -> Run:
    """Run ``bbabo ARGS`` with a store and data directory under ``home``, private addresses
    allowed (the fixtures are on 127.0.0.1); ``settings`` are more ``BBABO_*`` variables. The
    process is killed after ``timeout_s``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update({"BBABO_DATABASE_URL": f"sqlite:///{home}/bbabo.db",
                "BBABO_DATA_DIR": str(home / "data"),
                "BBABO_FETCH_ALLOW_PRIVATE_NETWORKS": "1",
                "BBABO_MODELS_AUTO_INSTALL": "0", **settings})
    out, err, peak = home / "stdout.txt", home / "stderr.txt", home / "peak-kb.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(peak), *args],
                                   cwd=home, env=env, start_new_session=True,
                                   stdin=subprocess.PIPE if stdin is not None else None,
                                   stdout=stdout, stderr=stderr)
        if stdin is not None:
            assert process.stdin is not None
            process.stdin.write(stdin)
            process.stdin.close()
        # The launcher and the command are one process group: both go.
        killer = threading.Timer(timeout_s, os.killpg, (process.pid, signal.SIGKILL))
        killer.start()
        try:
            returncode = process.wait()
        finally:
            killer.cancel()
        seconds = time.monotonic() - started
    return Run(args=args, returncode=returncode, stdout=out.read_text(errors="replace"),
               stderr=err.read_text(errors="replace"), seconds=seconds,
               peak_mb=int(peak.read_text() or 0) / 1024 if peak.exists() else 0.0)


# Forks the command from a process of a few MB, reports its ru_maxrss (kB) in the file named
# first, and ends as the command ended (its exit status, or the same signal).
_LAUNCHER = """
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "bbabo", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.waitstatus_to_exitcode(status))
"""
