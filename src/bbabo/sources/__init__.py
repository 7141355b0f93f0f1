"""Sources: feed parsing and feed discovery. Bytes in, ``FeedEntry`` values out; no I/O."""

from bbabo.sources.discover import FEED_TYPES, discover_feeds
from bbabo.sources.feeds import parse_feed

__all__ = ["FEED_TYPES", "discover_feeds", "parse_feed"]
