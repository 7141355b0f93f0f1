"""Links found in feeds, sitemaps and pages: absolute http(s) URLs, or nothing.

``urljoin`` raises ValueError for a malformed IPv6 host ("http://[x/"), and a port that is no
number ("http://a.example:²/") only fails later, wherever the port is read: a link a hostile
feed may carry, which must cost that one entry and not the whole feed.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

__all__ = ["web_url"]


def web_url(base: str, link: str) -> str | None:
    """``link`` resolved against ``base`` if the result is a usable http(s) URL, else None."""
    try:
        url = urljoin(base, link.strip())
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number in range
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url
