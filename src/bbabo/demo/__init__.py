"""Demo content: sample news sites that ``bbabo run`` serves on loopback when no sources exist.

The corpus under ``corpus/`` is original sample articles written for the bbabo demo (not real
news), in Russian, English and Spanish; see ``corpus/README.md``. It reaches the database only
through the real pipeline, fetched from :func:`start_demo_server`.
"""

from bbabo.demo.server import (
    PLACEHOLDER_ORIGIN,
    DemoServer,
    DemoSite,
    serves_demo,
    start_demo_server,
)

__all__ = ["PLACEHOLDER_ORIGIN", "DemoServer", "DemoSite", "serves_demo", "start_demo_server"]
