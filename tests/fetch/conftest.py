from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bbabo.fetch import FetchOptions, RetryPolicy, make_client

FAST_RETRY = RetryPolicy(retries=2, base_delay_s=0.001, max_wait_s=0.5)


@pytest.fixture
def options() -> FetchOptions:
    # Loopback is the only network tests may use, hence allow_private_networks.
    # Retries with tiny waits, so the retry path runs in every test without slowing the suite.
    return FetchOptions(timeout_s=2.0, max_bytes=1_000_000, allow_private_networks=True,
                        retry=FAST_RETRY)


@pytest.fixture
def client(options: FetchOptions) -> Iterator[httpx.Client]:
    with make_client(options) as opened:
        yield opened
