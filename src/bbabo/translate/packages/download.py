"""Streaming model downloads: bigger than ``fetch_max_bytes`` allows, so not through
``fetch_page``, but through the same private-address guard on every redirect hop.

A download goes to ``<dest>.part`` and resumes from there with an HTTP Range request when run
again; it becomes ``dest`` only once complete and, when a checksum is known, verified.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import httpx

from bbabo.errors import PermanentError, TransientError
from bbabo.fetch import DEFAULT_USER_AGENT, check_url_allowed

__all__ = ["download", "sha256_of", "Progress", "package_client"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]
"""``progress(bytes_so_far, total_or_None)``"""

_MAX_REDIRECTS = 5
_CHUNK = 1 << 16


def package_client(timeout_s: float) -> httpx.Client:
    """The HTTP client for the index and downloads."""
    # Plain bytes (no compression) so that a Range request resumes exactly where a file ends.
    return httpx.Client(headers={"User-Agent": DEFAULT_USER_AGENT, "Accept-Encoding": "identity"},
                        timeout=httpx.Timeout(timeout_s), follow_redirects=False,
                        trust_env=False)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def download(url: str, dest: Path, client: httpx.Client, *, allow_private: bool,
             sha256: str | None = None, progress: Progress | None = None) -> Path:
    """Download ``url`` to ``dest``, resuming a previous partial download.

    Raises TransientError ``models.interrupted`` when the transfer breaks (run again to resume),
    PermanentError ``models.checksum`` when the file does not match ``sha256`` (the partial file
    is deleted), ``models.download_status`` for an unexpected HTTP status.
    """
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    response_url = url
    for _ in range(_MAX_REDIRECTS + 1):
        check_url_allowed(response_url, allow_private=allow_private)
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            with client.stream("GET", response_url, headers=headers) as response:
                if response.is_redirect:
                    response_url = str(response.url.join(response.headers["Location"]))
                    continue
                _receive(response, part, have, progress)
            break
        except httpx.HTTPError as exc:
            raise TransientError(
                f"download of {url} interrupted ({exc}); run the command again to resume",
                code="models.interrupted") from None
    else:
        raise PermanentError(f"too many redirects for {url}", code="models.download_status")
    if sha256 is not None and sha256_of(part) != sha256.lower():
        part.unlink()
        raise PermanentError(f"{url} does not match its checksum sha256:{sha256}",
                             code="models.checksum")
    part.replace(dest)
    return dest


def _receive(response: httpx.Response, part: Path, have: int,
             progress: Progress | None) -> None:
    if response.status_code == 416 and have:
        return  # the part file is already complete
    if response.status_code == 206 and _range_start(response) == have:
        mode, done = "ab", have
    elif response.status_code == 200:
        mode, done = "wb", 0  # no range support: start over
    else:
        raise PermanentError(f"{response.url} answered {response.status_code}",
                             code="models.download_status")
    length = response.headers.get("Content-Length")
    total = done + int(length) if length and length.isdigit() else None
    with part.open(mode) as handle:
        for chunk in response.iter_bytes(_CHUNK):
            handle.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    if total is not None and done != total:
        raise httpx.RemoteProtocolError(f"got {done} of {total} bytes")


def _range_start(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Range", "")  # "bytes 100-199/200"
    try:
        return int(value.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return None
