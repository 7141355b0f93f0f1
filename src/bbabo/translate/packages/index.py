"""The model package index, in Argos Translate's format: a JSON list of packages, each with
``from_code``, ``to_code``, ``package_version`` and ``links`` (and, if the index has them, a
``checksum``/``sha256`` that bbabo verifies).

The index is input from the network: it is fetched through ``bbabo.fetch`` (address guard on
every hop and on the connected peer, a deadline, a size cap while it streams), and the fields
that end up in file names (``code``, ``package_version``) must be plain names, or the entry is
skipped: ``../../x`` would otherwise write outside the data directory."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx

from bbabo import fetch, langs
from bbabo.errors import HTTPStatusError, NotFound, PermanentError, TooLarge, TransientError

__all__ = ["Package", "parse_index", "fetch_index", "pick_package", "is_safe_name",
           "MAX_INDEX_BYTES", "client_timeout"]

log = logging.getLogger(__name__)

MAX_INDEX_BYTES = 16 * 1024 * 1024
"""The index, decoded (Argos Translate's is about 60 KB)."""
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")


def is_safe_name(value: str) -> bool:
    """A name that can be one component of a file name and nothing else: letters, digits and
    ``._+-``, not starting with a dot, no ``..``, at most 100 characters."""
    return bool(_SAFE_NAME.fullmatch(value)) and ".." not in value


def client_timeout(client: httpx.Client, default: float = 20.0) -> float:
    """The timeout a package client was made with (``package_client``)."""
    return client.timeout.read or default


@dataclass(frozen=True, slots=True, kw_only=True)
class Package:
    src: str
    tgt: str
    name: str
    version: str
    links: tuple[str, ...]
    sha256: str | None = None
    size: int | None = None

    @property
    def version_key(self) -> tuple[tuple[int, str], ...]:
        """Orders "1.10" after "1.9"; numeric parts before text ones, so that any two
        versions compare (a tuple mixing int and str would not)."""
        return tuple((int(p), "") if p.isascii() and p.isdigit() else (-1, p)
                     for p in self.version.split("."))


def parse_index(data: Any) -> list[Package]:
    """The translation packages of an index whose languages bbabo knows."""
    if not isinstance(data, list):
        raise PermanentError("the model index is not a JSON list", code="models.bad_index")
    packages = []
    for entry in data:
        if not isinstance(entry, dict) or entry.get("type", "translate") != "translate":
            continue
        src, tgt = str(entry.get("from_code", "")), str(entry.get("to_code", ""))
        links = entry.get("links")
        if not (langs.is_known(src) and langs.is_known(tgt)) or not isinstance(links, list):
            continue
        checksum = str(entry.get("sha256") or entry.get("checksum") or "") or None
        name = str(entry.get("code") or entry.get("name") or f"translate-{src}_{tgt}")
        version = str(entry.get("package_version", "0"))
        if not (is_safe_name(name) and is_safe_name(version)):
            log.warning("model index entry skipped: unsafe name %r or version %r",
                        name[:120], version[:120])
            continue
        packages.append(Package(
            src=langs.normalize(src), tgt=langs.normalize(tgt), name=name, version=version,
            links=tuple(str(link) for link in links),
            sha256=checksum.removeprefix("sha256:").lower() if checksum else None,
            size=_size(entry.get("size")),
        ))
    return packages


def _size(value: object) -> int | None:
    text = str(value) if isinstance(value, int | str) else ""
    return int(text) if text.isascii() and text.isdigit() else None


def fetch_index(url: str, client: httpx.Client, *, allow_private: bool) -> list[Package]:
    """Download and parse the index (the address guard applies: it is a URL from settings)."""
    options = fetch.FetchOptions(timeout_s=client_timeout(client), max_bytes=MAX_INDEX_BYTES,
                                 allow_private_networks=allow_private, retry=fetch.NO_RETRY)
    try:
        page = fetch.fetch_page(client, url, options)
    except TooLarge:
        raise PermanentError(f"the model index {url} is too large (over {MAX_INDEX_BYTES} "
                             "bytes)", code="models.bad_index") from None
    except TransientError as exc:
        raise TransientError(f"cannot download the model index {url}: {exc}",
                             code="models.index_unreachable") from None
    except (NotFound, HTTPStatusError) as exc:
        raise PermanentError(f"the model index {url}: {exc}", code="models.index_status") \
            from None
    try:
        return parse_index(json.loads(page.body))
    except (ValueError, RecursionError):  # RecursionError: nested past the decoder's limit
        raise PermanentError(f"the model index {url} is not JSON", code="models.bad_index") \
            from None


def pick_package(packages: list[Package], src: str, tgt: str) -> Package | None:
    """The newest package for a pair."""
    found = [p for p in packages if (p.src, p.tgt) == (src, tgt)]
    return max(found, key=lambda p: p.version_key) if found else None
