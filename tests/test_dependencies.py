"""Dependencies as used: every third-party module bbabo imports is declared in pyproject.toml
(as a dependency or in the extra that needs it), and every declared dependency is imported,
except those another library loads for us (named here with the reason)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Loaded by another library, never imported by us.
USED_THROUGH = {
    "uvloop": "uvicorn's event loop",
    "httptools": "uvicorn's HTTP parser",
    "brotli": "httpx's `Content-Encoding: br` decoder",
    "psycopg": "SQLAlchemy's PostgreSQL driver",
    "redis": "Celery's Redis transport",
    "python-multipart": "Starlette's form parser (the console's forms and uploads)",
    "lxml-html-clean": "justext's lxml.html.clean (trafilatura's; see pyproject.toml)",
}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _declared() -> dict[str, set[str]]:
    """Distribution -> where it is declared ("" for a core dependency, else the extra)."""
    where: dict[str, set[str]] = {}
    for requirement in PROJECT["dependencies"]:
        where.setdefault(_name(requirement), set()).add("")
    for extra, requirements in PROJECT["optional-dependencies"].items():
        for requirement in requirements:
            if not requirement.startswith("bbabo"):
                where.setdefault(_name(requirement), set()).add(extra)
    return where


def _imported() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "bbabo").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {name for name in found
            if name != "bbabo" and name not in sys.stdlib_module_names and name != "__future__"}


_DISTRIBUTIONS = packages_distributions()  # a scan of every installed package: once


def _distributions(module: str) -> set[str]:
    return {name.lower().replace("_", "-") for name in _DISTRIBUTIONS.get(module, [])}


def test_every_imported_module_is_declared() -> None:
    declared = _declared()
    undeclared = sorted(module for module in _imported()
                        if not _distributions(module) & set(declared))
    assert undeclared == []


def test_every_core_dependency_is_imported_or_used_through_another() -> None:
    used = set().union(*(_distributions(module) for module in _imported()))
    core = {name for name, where in _declared().items() if "" in where}
    assert sorted(core - used - set(USED_THROUGH)) == []


def test_what_only_one_command_needs_is_an_extra() -> None:
    # sacreBLEU serves `bbabo eval` alone; the `eval` extra brings it.
    assert _declared()["sacrebleu"] == {"eval"}
