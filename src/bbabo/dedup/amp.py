"""AMP copies: the same article under an AMP URL. A page's own ``<link rel="amphtml">`` and
``<link rel="canonical">`` tie the two together once one is downloaded; these URL patterns let
a feed link to an AMP copy be recognised before anything is downloaded."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from bbabo.dedup.urls import normalize_url

__all__ = ["amp_variants", "is_amp_url"]

_AMP_QUERY = frozenset({"amp", "amp=1", "amp=true", "outputtype=amp", "_amp=true", "amp_js_v=0.1"})
_AMP_CACHE = re.compile(r"\.cdn\.ampproject\.org$|\.amp\.cloudflare\.com$")


def is_amp_url(url: str) -> bool:
    return bool(amp_variants(url))


def amp_variants(url: str) -> list[str]:
    """Normalised URLs the non-AMP original of ``url`` probably has; empty if not AMP-like."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _AMP_CACHE.search(host):
        return _from_amp_cache(parts.path)
    path, query = parts.path, parts.query
    kept = [p for p in query.split("&") if p and p.lower() not in _AMP_QUERY]
    new_query = "&".join(kept)
    found: list[str] = []
    for new_path in _paths_without_amp(path):
        found.append(urlunsplit((parts.scheme, parts.netloc, new_path, new_query, "")))
    if new_query != query:
        found.append(urlunsplit((parts.scheme, parts.netloc, path, new_query, "")))
    if host.startswith("amp.") and host.count(".") >= 2:
        netloc = parts.netloc.lower().replace("amp.", "www.", 1)
        found += [urlunsplit((parts.scheme, netloc, path, new_query, "")),
                  urlunsplit((parts.scheme, netloc.removeprefix("www."), path, new_query, ""))]
    normal = normalize_url(url)
    return [v for v in dict.fromkeys(normalize_url(v) for v in found) if v != normal]


def _paths_without_amp(path: str) -> list[str]:
    candidates = []
    if path.endswith(("/amp", "/amp/")):
        candidates.append(path.rstrip("/").removesuffix("/amp") or "/")
        candidates.append(path.rstrip("/").removesuffix("amp"))
    if "/amp/" in path:
        candidates.append(path.replace("/amp/", "/", 1))
    for suffix in (".amp.html", ".amp.htm", ".amp"):
        if path.endswith(suffix):
            candidates.append(path.removesuffix(suffix) + (".html" if "htm" in suffix else ""))
    return candidates


def _from_amp_cache(path: str) -> list[str]:
    # Google's AMP cache: /c/s/www.example.com/path (s = https) or /c/www.example.com/path.
    segments = path.lstrip("/").split("/")
    if len(segments) < 3 or segments[0] not in ("c", "v", "i"):
        return []
    secure = segments[1] == "s"
    rest = segments[2:] if secure else segments[1:]
    original = ("https://" if secure else "http://") + "/".join(rest)
    return [normalize_url(original), *amp_variants(original)]
