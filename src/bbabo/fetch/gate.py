"""The hook a crawl puts in front of every request: ``fetch_page(..., gate=...)``."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

__all__ = ["Gate"]


class Gate(Protocol):
    """What a crawl puts in front of every request (``bbabo.fetch.politeness``)."""

    def hop(self, url: str) -> AbstractContextManager[None]:
        """Held while one request to ``url`` is in flight; may wait, or raise to refuse it."""
        ...

    def defer(self, url: str, seconds: float) -> None:
        """The host asked for a pause (429 / 503 with Retry-After)."""
        ...
