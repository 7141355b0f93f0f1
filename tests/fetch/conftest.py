from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bbabo.fetch import FetchOptions, make_client


@pytest.fixture
def options() -> FetchOptions:
    # Loopback is the only network tests may use, hence allow_private_networks.
    return FetchOptions(timeout_s=2.0, max_bytes=1_000_000, allow_private_networks=True)


@pytest.fixture
def client(options: FetchOptions) -> Iterator[httpx.Client]:
    with make_client(options) as opened:
        yield opened
