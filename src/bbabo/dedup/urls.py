"""URL normalisation, so that one article reached through differently decorated links (tracking
parameters, fragments, default ports, parameter order) is recognised as one."""

from __future__ import annotations

from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

__all__ = ["normalize_url", "TRACKING_PARAMS", "TRACKING_PREFIXES"]

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid",
    "twclid", "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
    "_hsmi", "mkt_tok", "ref_src", "ref_url", "cmpid", "ocid", "oly_anon_id", "oly_enc_id",
    "rb_clickid", "s_cid", "vero_conv", "vero_id", "wickedid", "__twitter_impression",
    "at_medium", "at_campaign", "ito", "spm",
})
"""Query parameters that identify the click, not the page (compared case-insensitively)."""

TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "stm_", "hsa_")
"""Families of campaign parameters: Google Analytics, Piwik/Matomo, HubSpot ads."""

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str) -> str:
    """Return the canonical spelling of ``url`` used to recognise duplicates.

    Lower-cases scheme and host, drops the default port, the fragment and tracking
    parameters, sorts the remaining parameters by name (repeated names keep their order)
    and leaves the path and parameter values exactly as they were.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    path = parts.path or ("/" if parts.netloc else "")
    query = _clean_query(parts.query)
    return urlunsplit((scheme, _netloc(parts, scheme), path, query, ""))


def _netloc(parts: SplitResult, scheme: str) -> str:
    userinfo, _, hostport = parts.netloc.rpartition("@")
    host, port = _split_port(hostport)
    host = host.lower().rstrip(".") if not host.startswith("[") else host.lower()
    if port is not None and _DEFAULT_PORTS.get(scheme) == port:
        port = None
    rebuilt = host if port is None else f"{host}:{port}"
    return f"{userinfo}@{rebuilt}" if userinfo else rebuilt


def _split_port(hostport: str) -> tuple[str, int | None]:
    host, sep, port = hostport.rpartition(":")
    # "[::1]" has colons but no port; "host:" has an empty port, which means the default.
    if not sep or "]" in port:
        return hostport, None
    if not port:
        return host, None
    if not port.isdigit():
        return hostport, None
    return host, int(port)


def _clean_query(query: str) -> str:
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        name = unquote_plus(piece.split("=", 1)[0])
        lowered = name.lower()
        if lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES):
            continue
        kept.append((name, piece))
    # A stable sort by name keeps repeated parameters (a=2&a=1) in their original order.
    kept.sort(key=lambda item: item[0])
    return "&".join(piece for _, piece in kept)
