"""One module per page family; each exposes ``routes``, in the order they must be tried."""

from __future__ import annotations

__all__: list[str] = []
