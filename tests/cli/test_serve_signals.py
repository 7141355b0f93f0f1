"""How `bbabo serve` and `bbabo run` answer Ctrl-C and TERM once uvicorn has stopped."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from bbabo.cli import serve


class _Exited(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _raise(code: int) -> None:
    raise _Exited(code)


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # os._exit would end the test run: a stand-in records the status instead.
    monkeypatch.setattr(serve, "_hard_exit", _raise)
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


@pytest.mark.usefixtures("handlers")
def test_the_first_signal_stops_cleanly_and_a_second_one_at_once() -> None:
    handle = serve._on_signal(SimpleNamespace(force_exit=False))  # type: ignore[arg-type]
    with pytest.raises(SystemExit) as first:
        handle(signal.SIGINT, None)
    assert first.value.code == 0
    # Pressed again while the workers are being stopped: at once, and not a clean stop.
    again = signal.getsignal(signal.SIGINT)
    assert callable(again)
    with pytest.raises(_Exited) as second:
        again(signal.SIGINT, None)
    assert second.value.code == 130
    term = signal.getsignal(signal.SIGTERM)
    assert callable(term)
    with pytest.raises(_Exited) as third:
        term(signal.SIGTERM, None)
    assert third.value.code == 143


@pytest.mark.usefixtures("handlers")
def test_two_signals_while_uvicorn_waited_for_connections_are_a_forced_stop() -> None:
    # uvicorn force-quits on the second Ctrl-C and passes the signal on once only.
    handle = serve._on_signal(SimpleNamespace(force_exit=True))  # type: ignore[arg-type]
    with pytest.raises(_Exited) as stopped:
        handle(signal.SIGINT, None)
    assert stopped.value.code == 130
