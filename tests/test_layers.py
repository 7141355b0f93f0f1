"""The layering the design guide promises, enforced: no import from a lower layer to a higher
one, no stage reading the settings, and a Celery worker that never loads the web app.

Layers, low to high: the foundation (errors, langs, dates, memory, model, config, lexical); the
stages, each a library of values in and values out, and the store; ``pipeline`` (the only code
that calls both a stage and the store); ``tasks`` and ``web`` (when and where work runs; the
site); ``cli``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "bbabo"

FOUNDATION = {"errors", "langs", "dates", "memory", "model", "config", "lexical", "__init__"}
STAGES = {"sources", "fetch", "extract", "langid", "dedup", "translate", "publish", "demo",
          "stories", "embed"}
LAYER = {**dict.fromkeys(FOUNDATION, 0), **dict.fromkeys(STAGES, 1), "store": 1,
         "pipeline": 2, "tasks": 3, "web": 3, "cli": 4, "__main__": 4}
# Stages that build on another stage: model downloads go through fetch's guarded client.
STAGE_USES = {("translate", "fetch")}


def _imports(path: Path) -> set[str]:
    """The ``bbabo`` packages a module imports (``from bbabo import x`` counts as ``x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = ([f"bbabo.{alias.name}" for alias in node.names]
                     if node.module == "bbabo" else [node.module])
        else:
            continue
        found |= {name.split(".")[1] for name in names
                  if name.startswith("bbabo.") and len(name.split(".")) > 1}
    # ``from bbabo import __version__`` names an attribute, not a module.
    return {name for name in found if (SRC / name).is_dir() or (SRC / f"{name}.py").is_file()}


def _modules() -> list[tuple[str, Path]]:
    return [(path.relative_to(SRC).parts[0].removesuffix(".py"), path)
            for path in sorted(SRC.rglob("*.py"))]


@pytest.mark.parametrize(("package", "path"), _modules(),
                         ids=[str(p.relative_to(SRC)) for _, p in _modules()])
def test_no_import_reaches_up_a_layer(package: str, path: Path) -> None:
    assert package in LAYER, f"{package}: add the new package to a layer in this test"
    for imported in _imports(path) - {package}:
        assert imported in LAYER, f"{path.name} imports unknown package {imported}"
        assert LAYER[imported] <= LAYER[package], (
            f"{path.relative_to(SRC)} ({package}) imports {imported}, a higher layer")
        if package in STAGES and imported in STAGES | {"store"}:
            assert (package, imported) in STAGE_USES, (
                f"{path.relative_to(SRC)}: stage {package} uses stage {imported}; "
                "stages meet in pipeline/")


@pytest.mark.parametrize("package", sorted(STAGES | {"store"}))
def test_stages_take_options_not_settings(package: str) -> None:
    root = SRC / package
    paths = sorted(root.rglob("*.py")) if root.is_dir() else []
    for path in paths:
        assert "config" not in _imports(path), (
            f"{path.relative_to(SRC)} imports bbabo.config: pass its options in "
            "(pipeline/components.py builds them from the settings)")


def test_a_celery_worker_does_not_load_the_web_app() -> None:
    code = ("import sys, bbabo.tasks.celery.app, bbabo.tasks.celery.jobs, "
            "bbabo.tasks.celery.scheduler, bbabo.pipeline.publish; "
            "print(sorted(m for m in sys.modules if m.startswith(('bbabo.web', 'jinja2'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"
