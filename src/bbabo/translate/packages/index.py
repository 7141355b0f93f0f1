"""The model package index, in Argos Translate's format: a JSON list of packages, each with
``from_code``, ``to_code``, ``package_version`` and ``links`` (and, if the index has them, a
``checksum``/``sha256`` that bbabo verifies)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from bbabo import langs
from bbabo.errors import PermanentError, TransientError
from bbabo.fetch import check_url_allowed

__all__ = ["Package", "parse_index", "fetch_index", "pick_package"]

log = logging.getLogger(__name__)

_MAX_INDEX_BYTES = 16 * 1024 * 1024


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
    def version_key(self) -> tuple[int | str, ...]:
        return tuple(int(p) if p.isdigit() else p for p in self.version.split("."))


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
        packages.append(Package(
            src=langs.normalize(src), tgt=langs.normalize(tgt),
            name=str(entry.get("code") or entry.get("name") or f"translate-{src}_{tgt}"),
            version=str(entry.get("package_version", "0")),
            links=tuple(str(link) for link in links),
            sha256=checksum.removeprefix("sha256:").lower() if checksum else None,
            size=int(entry["size"]) if str(entry.get("size", "")).isdigit() else None,
        ))
    return packages


def fetch_index(url: str, client: httpx.Client, *, allow_private: bool) -> list[Package]:
    """Download and parse the index (the address guard applies: it is a URL from settings)."""
    check_url_allowed(url, allow_private=allow_private)
    try:
        response = client.get(url, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise TransientError(f"cannot download the model index {url}: {exc}",
                             code="models.index_unreachable") from None
    if response.status_code != 200:
        raise PermanentError(f"the model index {url} answered {response.status_code}",
                             code="models.index_status")
    if len(response.content) > _MAX_INDEX_BYTES:
        raise PermanentError(f"the model index {url} is too large", code="models.bad_index")
    try:
        return parse_index(json.loads(response.content))
    except ValueError:
        raise PermanentError(f"the model index {url} is not JSON", code="models.bad_index") \
            from None


def pick_package(packages: list[Package], src: str, tgt: str) -> Package | None:
    """The newest package for a pair."""
    found = [p for p in packages if (p.src, p.tgt) == (src, tgt)]
    return max(found, key=lambda p: p.version_key) if found else None
