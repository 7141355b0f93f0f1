"""Sources: feed, sitemap and OPML parsing, and feed discovery. Bytes in, values out; no I/O."""

from bbabo.sources.discover import FEED_TYPES, discover_feeds
from bbabo.sources.feeds import parse_feed, read_feed
from bbabo.sources.opml import OpmlOutline, parse_opml, render_opml, section_slug
from bbabo.sources.sitemaps import Sitemap, is_sitemap, parse_sitemap
from bbabo.sources.websub import check_signature, new_secret, new_token

__all__ = [
    "FEED_TYPES",
    "OpmlOutline",
    "Sitemap",
    "discover_feeds",
    "is_sitemap",
    "parse_feed",
    "parse_opml",
    "parse_sitemap",
    "read_feed",
    "render_opml",
    "section_slug",
    "check_signature",
    "new_secret",
    "new_token",
]
