"""How bbabo talks HTTP: its fetch options and the one client factory every outbound request
uses (feeds, pages, robots.txt, the model index and downloads, LibreTranslate)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

import bbabo
from bbabo.fetch.deadline import make_transport
from bbabo.fetch.retry import RetryPolicy

__all__ = ["DEFAULT_USER_AGENT", "FetchOptions", "make_client", "origin"]

DEFAULT_USER_AGENT = f"bbabo/{bbabo.__version__} (+https://github.com/bbabo/bbabo)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/feed+json,application/xml;q=0.9,*/*;q=0.8"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    """How bbabo fetches. ``timeout_s`` bounds each network wait and each hop as a whole."""

    timeout_s: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    allow_private_networks: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    max_redirects: int = 10
    # Exact origins ("http://127.0.0.1:8001") exempt from the address guard, such as the demo
    # corpus server: narrower than allowing every private network.
    allowed_origins: frozenset[str] = frozenset()
    # Origins exempt only for as long as this returns them, read at each check: the demo's,
    # while `bbabo run` waits for its port, must be refused again if another program keeps it.
    revocable_origins: Callable[[], frozenset[str]] | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def __post_init__(self) -> None:
        if self.timeout_s <= 0 or self.max_bytes <= 0 or self.max_redirects < 0:
            raise ValueError(f"invalid fetch options: {self!r}")

    def exempt_origins(self) -> frozenset[str]:
        """The origins exempt from the address guard now."""
        if self.revocable_origins is None:
            return self.allowed_origins
        return self.allowed_origins | self.revocable_origins()

    def allows_private(self, url: str) -> bool:
        """Whether the address guard lets ``url`` reach a non-public address."""
        if self.allow_private_networks:
            return True
        exempt = self.exempt_origins()
        return bool(exempt) and origin(url) in {origin(o) for o in exempt}


def make_client(
    options: FetchOptions, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """A client for ``fetch_page`` and the other calls of ``bbabo.fetch``; the caller owns it
    and closes it."""
    return httpx.Client(
        headers={
            "User-Agent": options.user_agent,
            "Accept": _ACCEPT,
            "Accept-Encoding": "gzip, deflate, br",
        },
        timeout=httpx.Timeout(options.timeout_s),
        follow_redirects=False,
        # Its connections honour the per-hop deadline that ``fetch_page`` sets.
        transport=transport or make_transport(),
        # No proxies or .netrc from the environment: credentials must never reach feed hosts,
        # and a proxy would hide the peer address the guard checks.
        trust_env=False,
        # Stateless fetching: one site's cookies must not follow bbabo to the next request.
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
    )


def origin(url: str) -> str:
    """``scheme://host:port`` of a URL, with the default port spelled out; "" if malformed."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return ""
    port = parsed.port or {"http": 80, "https": 443}.get(parsed.scheme, 0)
    return f"{parsed.scheme}://{parsed.host}:{port}"
