"""Fetch: the only outbound HTTP in bbabo. Checked, capped, conditional GETs."""

from bbabo.fetch.client import DEFAULT_USER_AGENT, FetchOptions, fetch_page, make_client
from bbabo.fetch.guard import Resolver, check_url_allowed, is_blocked_address
from bbabo.fetch.result import parse_retry_after

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchOptions",
    "Resolver",
    "check_url_allowed",
    "fetch_page",
    "is_blocked_address",
    "make_client",
    "parse_retry_after",
]
