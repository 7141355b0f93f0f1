"""Fetch: the only outbound HTTP in bbabo. Checked, capped, conditional, polite GETs."""

from bbabo.fetch.client import DEFAULT_USER_AGENT, FetchOptions, Gate, fetch_page, make_client
from bbabo.fetch.guard import CachingResolver, Resolver, check_url_allowed, is_blocked_address
from bbabo.fetch.politeness import Politeness, host_key
from bbabo.fetch.post import PostAnswer, post_form
from bbabo.fetch.result import parse_retry_after
from bbabo.fetch.retry import NO_RETRY, RetryPolicy
from bbabo.fetch.robots import RobotsCache, robots_url
from bbabo.fetch.stream import Answer, open_stream, send

__all__ = [
    "Answer",
    "CachingResolver",
    "DEFAULT_USER_AGENT",
    "FetchOptions",
    "Gate",
    "NO_RETRY",
    "Politeness",
    "PostAnswer",
    "Resolver",
    "RetryPolicy",
    "RobotsCache",
    "check_url_allowed",
    "fetch_page",
    "host_key",
    "is_blocked_address",
    "make_client",
    "open_stream",
    "parse_retry_after",
    "post_form",
    "robots_url",
    "send",
]
