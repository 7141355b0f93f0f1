"""`bench/debs.sh`, which `make bench-<name>` runs for the Debian packages a benchmark needs, with
a PATH of stand-ins (a `dpkg-query` that knows which packages are installed, an `apt-get` that
records what it was asked, an `id` that says who we are): nothing is installed here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "debs.sh"
_REAL_TOOLS = ("sh", "grep", "mktemp", "tail", "rm")


def _bin(tmp_path: Path, *, installed: tuple[str, ...], apt: bool = True, uid: int = 0) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in _REAL_TOOLS:
        real = shutil.which(tool)
        assert real, tool
        (bin_dir / tool).symlink_to(real)
    stubs = {
        "dpkg-query": 'case " ' + " ".join(installed) + ' " in *" $3 "*) '
                      'printf "install ok installed";; *) exit 1;; esac',
        "id": f"echo {uid}",
    }
    if apt:
        stubs["apt-get"] = f'echo "$@" >> {tmp_path}/apt.log'
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return bin_dir


def _run(bin_dir: Path, *packages: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(SCRIPT), *packages], env={"PATH": str(bin_dir)},
                          capture_output=True, text=True, timeout=30)


def test_all_installed_is_silent(tmp_path: Path) -> None:
    result = _run(_bin(tmp_path, installed=("wrk", "nginx")), "wrk", "nginx")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not (tmp_path / "apt.log").exists()


def test_installs_exactly_what_is_missing_as_root(tmp_path: Path) -> None:
    result = _run(_bin(tmp_path, installed=("wrk",)), "wrk", "nginx")
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert calls[0].endswith("update -q") and calls[1].endswith("install -y -q nginx")


def test_not_root_or_no_apt_gets_one_line(tmp_path: Path) -> None:
    result = _run(_bin(tmp_path, installed=(), uid=1000), "wrk", "nginx")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "sudo apt-get install wrk nginx" in result.stderr
    other = tmp_path / "other"
    other.mkdir()
    result = _run(_bin(other, installed=(), apt=False), "wrk")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "no apt-get" in result.stderr


def test_a_failed_install_is_reported(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, installed=())
    (bin_dir / "apt-get").write_text('#!/bin/sh\necho "E: Unable to locate package wrk" >&2\n'
                                     "exit 100\n")
    result = _run(bin_dir, "wrk")
    assert result.returncode == 1
    assert "Unable to locate package wrk" in result.stderr
    assert result.stderr.rstrip().endswith("(apt-get failed, its last lines are above)")
