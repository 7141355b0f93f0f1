"""Dedup: recognising the same article. URL normalisation for now; content fingerprints later."""

from bbabo.dedup.urls import normalize_url

__all__ = ["normalize_url"]
