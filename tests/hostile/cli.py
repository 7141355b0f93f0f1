"""The real ``bbabo`` command in a subprocess, with its peak memory and wall time.

The peak is the child's own ``ru_maxrss`` from ``os.wait4``: exact for that one process, and
untouched by whatever else the test session ran before.
"""

from __future__ import annotations

import os
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
    out, err = home / "stdout.txt", home / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "bbabo", *args], cwd=home, env=env,
                                   stdin=subprocess.PIPE if stdin is not None else None,
                                   stdout=stdout, stderr=stderr)
        if stdin is not None:
            assert process.stdin is not None
            process.stdin.write(stdin)
            process.stdin.close()
        killer = threading.Timer(timeout_s, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return Run(args=args, returncode=process.returncode, stdout=out.read_text(errors="replace"),
               stderr=err.read_text(errors="replace"), seconds=seconds,
               peak_mb=usage.ru_maxrss / 1024)
