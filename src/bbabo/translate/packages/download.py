"""Streaming model downloads: bigger than ``fetch_max_bytes`` allows, so not through
``fetch_page`` but through ``bbabo.fetch.open_stream``, with the same client, address guard on
every redirect hop and on the connected peer, and a deadline for connecting and the headers.

A download goes to ``<dest>.part`` and resumes from there with an HTTP Range request when run
again; it becomes ``dest`` only once complete and, when a checksum is known, verified. The bytes
are taken as sent: a package is asked for without compression (so that a Range request resumes
exactly where the file ends), and one sent compressed anyway is refused rather than inflated.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import httpx

from bbabo import fetch
from bbabo.errors import PermanentError, TransientError
from bbabo.translate.packages.index import client_timeout

__all__ = ["download", "sha256_of", "Progress", "package_client", "MAX_DOWNLOAD_BYTES"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]
"""``progress(bytes_so_far, total_or_None)``"""

MAX_DOWNLOAD_BYTES = 4 * 1024 ** 3
"""One model package (the largest multilingual models bbabo uses are under 2.5 GB)."""
_MAX_REDIRECTS = 5


def package_client(timeout_s: float) -> httpx.Client:
    """The HTTP client for the index and downloads: ``bbabo.fetch``'s, asking for plain bytes."""
    client = fetch.make_client(fetch.FetchOptions(timeout_s=timeout_s))
    client.headers["Accept-Encoding"] = "identity"
    return client


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
    is deleted), ``models.download_status`` for an unexpected HTTP status,
    ``models.bad_encoding`` for a compressed answer, ``models.too_large`` past
    ``MAX_DOWNLOAD_BYTES``; the address guard's Forbidden as it is.
    """
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    options = fetch.FetchOptions(timeout_s=client_timeout(client), max_redirects=_MAX_REDIRECTS,
                                 allow_private_networks=allow_private)
    try:
        with fetch.open_stream(client, url, options,
                               headers={"Range": f"bytes={have}-"} if have else None) as answer:
            _receive(answer, part, have, progress)
    except TransientError as exc:
        raise TransientError(
            f"download of {url} interrupted ({exc}); run the command again to resume",
            code="models.interrupted") from None
    except PermanentError as exc:
        if exc.code == "models.too_large":
            part.unlink(missing_ok=True)
        if exc.code == "fetch.too_many_redirects":
            raise PermanentError(str(exc), code="models.download_status") from None
        raise
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
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        raise PermanentError(f"{response.url} sent the package compressed ({encoding}) though "
                             "asked not to", code="models.bad_encoding")
    length = response.headers.get("Content-Length")
    total = done + int(length) if length and length.isascii() and length.isdigit() else None
    if total is not None and total > MAX_DOWNLOAD_BYTES:
        raise PermanentError(f"{response.url} is {total} bytes, over {MAX_DOWNLOAD_BYTES}",
                             code="models.too_large")
    with part.open(mode) as handle:
        for chunk in response.iter_raw():
            handle.write(chunk)
            done += len(chunk)
            if done > MAX_DOWNLOAD_BYTES:
                raise PermanentError(f"{response.url} sent more than {MAX_DOWNLOAD_BYTES} "
                                     "bytes", code="models.too_large")
            if progress is not None:
                progress(done, total)
    if total is not None and done != total:
        raise TransientError(f"got {done} of {total} bytes", code="models.interrupted")


def _range_start(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Range", "")  # "bytes 100-199/200"
    try:
        return int(value.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return None
