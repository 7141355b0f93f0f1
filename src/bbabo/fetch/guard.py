"""The address guard: bbabo fetches URLs that strangers put in feeds, so by default it refuses to
talk to loopback, private, link-local and other non-public addresses (SSRF protection).

A check made before connecting leaves a DNS-rebinding gap: the name may resolve to a public
address here and to a private one a moment later when httpx connects. ``fetch_page`` narrows the
gap by checking the peer address of the connection it got before reading the response body (see
``check_peer_allowed``); the request itself has then already been sent. Closing it fully means
pinning the vetted address in the transport, which httpx offers no public hook for.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable

import httpx

from bbabo.errors import FetchConnectError, Forbidden, PermanentError

__all__ = [
    "CachingResolver",
    "Resolver",
    "check_url_allowed",
    "check_peer_allowed",
    "is_blocked_address",
    "resolve_host",
]

log = logging.getLogger(__name__)

Resolver = Callable[[str, int], list[str]]
"""``resolver(host, port)`` returns the IP addresses a host name resolves to."""

_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def resolve_host(host: str, port: int) -> list[str]:
    """Resolve with the system resolver, as httpx will when it connects."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class CachingResolver:
    """A ``Resolver`` that remembers each host's addresses for ``ttl_s`` seconds, so a crawl
    fetching many pages from one site asks DNS once, not before every request. Thread-safe;
    failures are not remembered.

    This only spares the check made before connecting. The check of the connected peer
    (``check_peer_allowed``), which is what catches a host that rebound to a private address,
    still runs on every hop."""

    def __init__(self, resolve: Resolver = resolve_host, *, ttl_s: float = 60.0,
                 max_hosts: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._resolve, self._ttl_s, self._max_hosts, self._clock = resolve, ttl_s, max_hosts, clock
        self._known: dict[tuple[str, int], tuple[float, list[str]]] = {}
        self._lock = threading.Lock()

    def __call__(self, host: str, port: int) -> list[str]:
        now = self._clock()
        with self._lock:
            found = self._known.get((host, port))
        if found is not None and found[0] > now:
            return list(found[1])
        addresses = self._resolve(host, port)
        with self._lock:
            self._known.pop((host, port), None)
            if len(self._known) >= self._max_hosts:
                self._known = {key: entry for key, entry in self._known.items()
                               if entry[0] > now}
            while len(self._known) >= self._max_hosts:
                del self._known[next(iter(self._known))]  # the oldest answer
            self._known[(host, port)] = (now + self._ttl_s, list(addresses))
        return addresses


def is_blocked_address(address: str) -> bool:
    """True for any address that is not plainly public unicast (and for unparsable ones)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            # The socket talks IPv4 to the mapped address; only that address matters.
            return is_blocked_address(str(ip.ipv4_mapped))
        embedded = ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and is_blocked_address(str(embedded)):
            return True
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


# Refused by default (SSRF); an operator whose sources are on their own network needs the name.
_HOW_TO_ALLOW = " (refused unless BBABO_FETCH_ALLOW_PRIVATE_NETWORKS=1)"


def check_url_allowed(url: str, *, allow_private: bool, resolver: Resolver | None = None) -> None:
    """Raise unless ``url`` is http(s) and every address its host resolves to may be fetched.

    Raises PermanentError ``fetch.bad_url`` for a malformed URL or another scheme, Forbidden
    ``fetch.blocked_address`` for a non-public address, FetchConnectError ``fetch.dns`` when the
    host does not resolve. With ``allow_private`` nothing is resolved.
    """
    scheme, host, port = _split(url)
    if allow_private:
        return
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = _resolve(host, port, resolver or resolve_host)
    for address in addresses:
        if is_blocked_address(address):
            log.info("blocked address", extra={"url": url, "address": address})
            raise Forbidden(
                f"{host} resolves to the non-public address {address}{_HOW_TO_ALLOW}",
                code="fetch.blocked_address",
            )


def check_peer_allowed(url: str, peer_address: str | None, *, allow_private: bool) -> None:
    """Raise Forbidden if the connection for ``url`` actually went to a non-public address."""
    if allow_private or peer_address is None:
        return
    if is_blocked_address(peer_address):
        log.warning("connected to a blocked address", extra={"url": url, "address": peer_address})
        raise Forbidden(
            f"connection for {url} went to the non-public address {peer_address}"
            f"{_HOW_TO_ALLOW}",
            code="fetch.blocked_address",
        )


def _split(url: str) -> tuple[str, str, int]:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise PermanentError(f"malformed URL {url!r}: {exc}", code="fetch.bad_url") from None
    if parsed.scheme not in _DEFAULT_PORTS:
        raise PermanentError(f"refusing the {parsed.scheme!r} scheme: {url}", code="fetch.bad_url")
    # raw_host is the IDNA-encoded name httpx will connect to.
    host = parsed.raw_host.decode("ascii")
    if not host:
        raise PermanentError(f"URL without a host: {url!r}", code="fetch.bad_url")
    return parsed.scheme, host, parsed.port or _DEFAULT_PORTS[parsed.scheme]


def _resolve(host: str, port: int, resolver: Resolver) -> list[str]:
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchConnectError(f"cannot resolve {host}: {exc}", code="fetch.dns") from None
    if not addresses:
        raise FetchConnectError(f"{host} resolves to no address", code="fetch.dns")
    return addresses
