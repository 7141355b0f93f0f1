"""Installing, listing and removing models under ``models_dir``.

An install is atomic: the package is unpacked (or copied) into a hidden ``.install-*`` folder
next to its destination, checked to be a model the engine can load, then renamed into place.
A half-finished install never looks like a model, and a replaced model disappears in one rename.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bbabo import langs
from bbabo.errors import UsageError
from bbabo.translate.engines.ct2_models import MODEL_META, ModelFiles, pair_of, scan_models
from bbabo.translate.packages.index import is_safe_name

__all__ = ["InstalledModel", "install_archive", "install_directory", "installed_models",
           "remove_model"]


@dataclass(frozen=True, slots=True, kw_only=True)
class InstalledModel:
    directory: Path
    name: str
    version: str | None
    pairs: tuple[tuple[str, str], ...]
    size: int
    multilingual: str | None = None


def install_archive(archive: Path, models_dir: Path, *, meta: dict[str, Any] | None = None,
                    pair: tuple[str, str] | None = None) -> InstalledModel:
    """Install an Argos Translate ``.argosmodel`` (a zip with ``metadata.json``, ``model/`` and
    ``sentencepiece.model``); the pair comes from its metadata unless given."""
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=models_dir))
    try:
        try:
            with zipfile.ZipFile(archive) as bundle:
                _check_members(bundle, archive)
                bundle.extractall(staging / "unpacked")
        except (zipfile.BadZipFile, OSError) as exc:
            raise UsageError(f"{archive} is not a model package: {exc}",
                             code="models.bad_package") from None
        root = _package_root(staging / "unpacked", archive)
        info = _read_json(root / "metadata.json")
        found = pair or _pair_from(info, archive)
        name = str(info.get("package_name") or info.get("code") or archive.stem)
        version = info.get("package_version")
        # A package built for bbabo may declare its model's limits (max_positions) in a
        # bbabo-model.json of its own; what the index says about it is added on top.
        declared = _read_json(root / MODEL_META)
        record = {**declared, "name": name, **({"version": str(version)} if version else {}),
                  **(meta or {})}
        return _place(root, models_dir, found, record)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def install_directory(source: Path, models_dir: Path, *,
                      pair: tuple[str, str] | None = None) -> InstalledModel:
    """Install a CTranslate2 model directory (per-pair, or multilingual with its
    bbabo-model.json); a per-pair model needs ``pair`` unless the directory is named after it."""
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=models_dir))
    try:
        copy = staging / "model"
        shutil.copytree(source, copy)
        meta = _read_json(copy / MODEL_META)
        if meta.get("multilingual"):
            return _place(copy, models_dir, None, {"name": source.name, **meta},
                          dirname=str(meta.get("name") or source.name))
        found = pair or pair_of(source.name)
        if found is None:
            raise UsageError(f"say which pair {source} translates: "
                             "`bbabo models install --file DIR SRC TGT`")
        return _place(copy, models_dir, found, {"name": source.name, **meta})
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def installed_models(models_dir: Path) -> list[InstalledModel]:
    by_directory: dict[Path, list[tuple[str, str]]] = {}
    files: dict[Path, ModelFiles] = {}
    for found, model in scan_models(models_dir).items():
        by_directory.setdefault(model.directory, []).append(found)
        files[model.directory] = model
    return [_describe(directory, files[directory].family, sorted(pairs))
            for directory, pairs in sorted(by_directory.items())]


def remove_model(models_dir: Path, src: str, tgt: str) -> Path:
    directory = models_dir / f"{src}-{tgt}"
    if not directory.is_dir():
        raise UsageError(f"no model installed for {src}→{tgt} in {models_dir}",
                         code="models.not_installed")
    trash = Path(tempfile.mkdtemp(prefix=".remove-", dir=models_dir))
    directory.rename(trash / directory.name)  # gone from the engine's view in one step
    shutil.rmtree(trash, ignore_errors=True)
    return directory


def place_model(model: Path, models_dir: Path, record: dict[str, Any], *,
                dirname: str) -> InstalledModel:
    """Install ``model``, a folder prepared inside a hidden staging folder of ``models_dir``
    (``stage``), as ``models_dir/dirname``, with ``record`` as its bbabo-model.json."""
    return _place(model, models_dir, None, record, dirname=dirname)


def stage(models_dir: Path) -> Path:
    """A hidden staging folder in ``models_dir`` (same disk: the install is one rename)."""
    models_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".install-", dir=models_dir))


def _place(model: Path, models_dir: Path, pair: tuple[str, str] | None,
           record: dict[str, Any], *, dirname: str | None = None) -> InstalledModel:
    """Check ``model`` (inside a staging folder) the way the engine will see it, then swap it
    into ``models_dir`` under its pair's name (or ``dirname``)."""
    (model / MODEL_META).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    name = dirname or (f"{pair[0]}-{pair[1]}" if pair else model.name)
    if not is_safe_name(name):
        raise UsageError(f"{name!r} cannot name a model directory", code="models.bad_package")
    staged = model.parent / name
    model.rename(staged)
    found = scan_models(staged.parent)
    if not found or (pair is not None and pair not in found):
        raise UsageError(f"{name}: not a CTranslate2 model bbabo can load (model.bin with "
                         "source.spm/target.spm, an Argos package, or a multilingual model "
                         "with its bbabo-model.json)", code="models.bad_package")
    target = models_dir / name
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".replaced-", dir=models_dir))
        target.rename(old / name)
        staged.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staged.rename(target)
    family = record.get("multilingual")
    return _describe(target, family if isinstance(family, str) else None, sorted(found))


def _describe(directory: Path, family: str | None,
              pairs: list[tuple[str, str]]) -> InstalledModel:
    meta = _read_json(directory / MODEL_META)
    size = sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())
    version = meta.get("version")
    return InstalledModel(directory=directory, name=str(meta.get("name") or directory.name),
                          version=str(version) if version else None, pairs=tuple(pairs),
                          size=size, multilingual=family)


def _check_members(bundle: zipfile.ZipFile, archive: Path) -> None:
    for member in bundle.namelist():
        if member.startswith("/") or ".." in Path(member).parts:
            raise UsageError(f"{archive}: unsafe path {member!r} in the package",
                             code="models.bad_package")


def _package_root(staging: Path, archive: Path) -> Path:
    if (staging / "metadata.json").is_file():
        return staging
    roots = [p for p in staging.iterdir() if (p / "metadata.json").is_file()]
    if len(roots) != 1:
        raise UsageError(f"{archive}: no metadata.json in the package", code="models.bad_package")
    return roots[0]


def _pair_from(info: dict[str, Any], archive: Path) -> tuple[str, str]:
    src, tgt = str(info.get("from_code", "")), str(info.get("to_code", ""))
    if not (langs.is_known(src) and langs.is_known(tgt)):
        raise UsageError(f"{archive}: metadata.json names no language pair bbabo knows "
                         f"({src!r}→{tgt!r})", code="models.bad_package")
    return langs.normalize(src), langs.normalize(tgt)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
