"""How `bbabo serve` and `bbabo run` answer Ctrl-C and TERM once uvicorn has stopped."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from bbabo.cli.serve import _exit_cleanly


@pytest.fixture
def handlers() -> Iterator[None]:
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


@pytest.mark.usefixtures("handlers")
def test_the_first_signal_stops_cleanly_and_a_second_one_says_it_was_forced() -> None:
    with pytest.raises(SystemExit) as first:
        _exit_cleanly(signal.SIGINT, None)
    assert first.value.code == 0
    # Pressed again while the workers are being stopped: not a clean stop.
    handler = signal.getsignal(signal.SIGINT)
    assert callable(handler)
    with pytest.raises(SystemExit) as second:
        handler(signal.SIGINT, None)
    assert second.value.code == 130
    term = signal.getsignal(signal.SIGTERM)
    assert callable(term)
    with pytest.raises(SystemExit) as third:
        term(signal.SIGTERM, None)
    assert third.value.code == 143
