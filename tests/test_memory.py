"""The process's memory as `bbabo status` will show it: the current resident set and its peak."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from bbabo import memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_resident_set_follows_what_the_process_holds() -> None:
    before = memory.resident_bytes()
    assert before is not None and before > 10 * 2**20  # Python and pytest alone hold more
    block = bytearray(64 * 2**20)  # written, so its pages are resident
    block[::4096] = b"x" * len(block[::4096])
    after = memory.resident_bytes()
    assert after is not None and after - before > 48 * 2**20
    assert memory.peak_resident_bytes() >= after
    del block


def test_without_proc_the_peak_comes_from_getrusage(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setattr(memory, "_STATUS", tmp_path / "missing")
    assert memory.resident_bytes() is None
    assert memory.peak_resident_bytes() > 10 * 2**20


def test_status_fields_are_read_in_bytes(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    status = tmp_path / "status"
    status.write_text("Name:\tbbabo\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n")
    monkeypatch.setattr(memory, "_STATUS", status)
    assert memory.resident_bytes() == 100 * 2**20
    assert memory.peak_resident_bytes() == 200 * 2**20


def _cap_in_child(env: dict[str, str]) -> str:
    code = "from bbabo import memory; print(memory.cap_malloc_arenas())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="mallopt is glibc's")
def test_long_running_processes_cap_mallocs_heaps_unless_the_operator_did() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    assert _cap_in_child(env) == "True"
    assert _cap_in_child({**env, "MALLOC_ARENA_MAX": "4"}) == "False"
