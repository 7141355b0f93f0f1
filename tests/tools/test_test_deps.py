"""`scripts/test-deps`, the set-up `make test` runs first, met the way a newcomer meets it: on a
machine that lacks packages, as a user who is not root, without apt-get, with a service down.

Each case runs the real script with a PATH of stand-ins (an `apt-get` that records what it was
asked, an `id` that says who we are), so nothing is installed or started on this machine."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test-deps"
# Real tools the script uses besides the ones each case replaces.
_REAL_TOOLS = ("grep", "mktemp", "tail", "seq", "sleep", "ls", "rm", "cat", "bash", "dirname",
               "mkdir", "chmod", "printf")


def _stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/bash\n{body}\n")
    path.chmod(0o755)


def _bin(tmp_path: Path, *, apertium_pairs: str | None = "eng-spa\nrus-ukr\nspa-eng",
         chromium: bool = True, apt: bool = True, uid: int = 0) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in _REAL_TOOLS:
        real = shutil.which(tool)
        assert real, tool
        (bin_dir / tool).symlink_to(real)
    if apertium_pairs is not None:
        pairs = "".join(f"  {p}\\n" for p in apertium_pairs.split())
        _stub(bin_dir, "apertium", f'[ "$1" = -l ] && printf "{pairs}"')
    if chromium:
        _stub(bin_dir, "chromium", "exit 0")
    if apt:
        _stub(bin_dir, "apt-get", f'echo "$@" >> {tmp_path}/apt.log')
    _stub(bin_dir, "id", f"echo {uid}")
    return bin_dir


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(bin_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": str(bin_dir), "HOME": os.environ.get("HOME", "/root"),
               "BBABO_SETUP_SERVICES": "", "BBABO_SETUP_LIGHTHOUSE_DIR": "", **env}
    return subprocess.run(["bash", str(SCRIPT)], env=environ, capture_output=True, text=True,
                          timeout=60)


def test_nothing_to_do_is_quiet_and_quick(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path)
    started = time.monotonic()
    result = _run(bin_dir)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert time.monotonic() - started < 2
    assert not (tmp_path / "apt.log").exists()


def test_installs_exactly_what_is_missing_as_root(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, apertium_pairs="eng-spa", chromium=False)
    result = _run(bin_dir)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert any(call.endswith("update -q") for call in calls)
    install = next(call for call in calls if " install " in call)
    assert install.split()[-2:] == ["apertium-rus-ukr", "chromium"]
    assert "installing apertium-rus-ukr chromium" in result.stderr


def test_no_apertium_at_all_asks_for_the_engine_and_both_pairs(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, apertium_pairs=None)
    assert _run(bin_dir).returncode == 0
    install = next(c for c in (tmp_path / "apt.log").read_text().splitlines() if " install " in c)
    assert install.split()[-3:] == ["apertium", "apertium-eng-spa", "apertium-rus-ukr"]


def test_not_root_gets_one_line_with_the_command(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, chromium=False, uid=1000)
    result = _run(bin_dir)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "sudo apt-get install chromium" in result.stderr
    assert not (tmp_path / "apt.log").exists()


def test_no_apt_gets_one_line(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, chromium=False, apt=False)
    result = _run(bin_dir)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "no apt-get" in result.stderr and "chromium" in result.stderr


def test_failed_apt_is_reported_not_hidden(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path, chromium=False)
    _stub(bin_dir, "apt-get", 'echo "E: Unable to locate package chromium" >&2; exit 100')
    result = _run(bin_dir)
    assert result.returncode == 1
    assert "Unable to locate package chromium" in result.stderr
    assert result.stderr.rstrip().endswith("(apt-get failed, its last lines are above)")


@pytest.mark.parametrize(("service", "variable", "name"), [
    ("postgresql", "BBABO_SETUP_PG_PORT", "PostgreSQL"),
    ("redis", "BBABO_SETUP_REDIS_PORT", "Redis"),
    ("rabbitmq", "BBABO_SETUP_RABBIT_PORT", "RabbitMQ"),
])
def test_a_service_down_and_not_installed_is_named(tmp_path: Path, service: str, variable: str,
                                                   name: str) -> None:
    bin_dir = _bin(tmp_path)
    result = _run(bin_dir, BBABO_SETUP_SERVICES=service, **{variable: str(_free_port())})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert f"{name} is not running" in result.stderr and "not installed" in result.stderr


def test_a_running_service_is_left_alone(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path)  # no redis-server on this PATH: starting one would fail loudly
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = _run(bin_dir, BBABO_SETUP_SERVICES="redis", BBABO_SETUP_REDIS_PORT=str(port))
    assert (result.returncode, result.stderr) == (0, "")


def test_lighthouse_is_installed_from_the_lock_once(tmp_path: Path) -> None:
    bin_dir = _bin(tmp_path)
    target = tmp_path / "lighthouse"
    target.mkdir()
    _stub(bin_dir, "npm", f'echo "$@" >> {tmp_path}/npm.log; '
          f'mkdir -p {target}/node_modules/.bin; '
          f'printf "#!/bin/sh\\n" > {target}/node_modules/.bin/lighthouse; '
          f'chmod +x {target}/node_modules/.bin/lighthouse')
    first = _run(bin_dir, BBABO_SETUP_LIGHTHOUSE_DIR=str(target))
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "npm.log").read_text().split()[:3] == ["ci", "--prefix", str(target)]
    assert _run(bin_dir, BBABO_SETUP_LIGHTHOUSE_DIR=str(target)).stderr == ""
    assert len((tmp_path / "npm.log").read_text().splitlines()) == 1  # not again


def test_no_npm_gets_one_line(tmp_path: Path) -> None:
    result = _run(_bin(tmp_path), BBABO_SETUP_LIGHTHOUSE_DIR=str(tmp_path / "lighthouse"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "no npm" in result.stderr
