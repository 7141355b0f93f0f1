"""`bbabo serve` puts what start-up made out of the cyclic collector's reach before serving: a
full collection visiting every module and the app took ~37 ms in the middle of a request."""

from __future__ import annotations

import gc
import signal
from pathlib import Path

import pytest
import uvicorn

from bbabo.cli.context import AppContext
from bbabo.cli.serve import _serve
from bbabo.config import Settings


def test_what_start_up_made_is_frozen_before_serving(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = AppContext()
    app._settings = Settings(database_url=f"sqlite:///{tmp_path / 'site.db'}")
    frozen: list[int] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: frozen.append(gc.get_freeze_count()))
    before = signal.getsignal(signal.SIGTERM)
    gc.unfreeze()
    try:
        _serve(app)
    finally:
        gc.unfreeze()
        signal.signal(signal.SIGTERM, before)
        app.store.close()
    assert len(frozen) == 1
    assert frozen[0] > 10_000  # the modules, the app: everything made before serving
