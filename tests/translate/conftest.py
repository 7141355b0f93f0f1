from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TINY_MODEL = Path(__file__).parents[1] / "fixtures" / "models" / "tiny-marian"


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    """A models directory holding the tiny random-weight model as the ru→pl pair."""
    root = tmp_path / "models"
    root.mkdir()
    shutil.copytree(TINY_MODEL, root / "ru-pl")
    return root
