from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ctranslate2
import pytest

TINY_MODEL = Path(__file__).parents[1] / "fixtures" / "models" / "tiny-marian"
TINY_NLLB = Path(__file__).parents[1] / "fixtures" / "models" / "tiny-nllb"


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    """A models directory holding the tiny random-weight model as the ru→pl pair."""
    root = tmp_path / "models"
    root.mkdir()
    shutil.copytree(TINY_MODEL, root / "ru-pl")
    return root


@dataclass
class Spy:
    """Stands in for ctranslate2.Translator: counts loads and records translate_batch calls."""

    created: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[list[list[str]], dict[str, Any]]] = field(default_factory=list)

    def factory(self, *args: Any, **kwargs: Any) -> Any:
        real = _REAL_TRANSLATOR(*args, **kwargs)
        self.created.append({"path": args[0], **kwargs})
        spy = self

        class Proxy:
            def translate_batch(self, source: list[list[str]], target_prefix: Any = None,
                                **options: Any) -> Any:
                spy.calls.append((source, {"target_prefix": target_prefix, **options}))
                return real.translate_batch(source, target_prefix, **options)

        return Proxy()


_REAL_TRANSLATOR = ctranslate2.Translator


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Spy]:
    recorder = Spy()
    monkeypatch.setattr(ctranslate2, "Translator", recorder.factory)
    yield recorder
