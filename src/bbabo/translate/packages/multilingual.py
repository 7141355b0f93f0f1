"""The fallback for languages no package index covers: one multilingual CTranslate2 model
(NLLB-200 or M2M-100) downloaded file by file from a second source, a directory of a converted
model (``multilingual_model_url``, e.g. a Hugging Face repository's ``resolve/main/``).

Argos Translate's index has nothing for Belarusian, not even through English, so without it a
default language would never be published. The model is slow on a CPU (a 600M-parameter model
is several times slower than a per-pair one), so it is installed to serve only the languages that
need it (``serves`` in its bbabo-model.json): pairs with neither language in that list stay with
the faster per-pair models. A later language that needs it is added to ``serves`` without a new
download.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import httpx

from bbabo.errors import PermanentError, UsageError
from bbabo.translate.engines.ct2_models import MODEL_META, MULTILINGUAL_CODES, read_meta
from bbabo.translate.packages.download import Progress, download, sha256_of
from bbabo.translate.packages.install import InstalledModel, installed_models, place_model, stage

__all__ = ["install_multilingual", "multilingual_dirname", "REQUIRED_FILES", "VOCABULARIES"]

log = logging.getLogger(__name__)

# What a converted model directory holds (ct2-transformers-converter's output plus the
# tokenizer's SentencePiece model); the vocabulary is one of two names by converter version.
REQUIRED_FILES = ("config.json", "model.bin", "sentencepiece.bpe.model")
VOCABULARIES = ("shared_vocabulary.json", "shared_vocabulary.txt")


def multilingual_dirname(family: str) -> str:
    return f"multilingual-{family}"


def install_multilingual(url: str, family: str, serves: Iterable[str], *, models_dir: Path,
                         client: httpx.Client, allow_private: bool,
                         progress: Progress | None = None) -> InstalledModel:
    """Make the ``family`` model from ``url`` serve ``serves`` too: downloaded (resumably, each
    file through bbabo's guarded client) unless the same source is installed already."""
    if family not in MULTILINGUAL_CODES:
        raise UsageError(f"unknown multilingual model family {family!r} "
                         f"(known: {', '.join(MULTILINGUAL_CODES)})", code="models.bad_package")
    base = url if url.endswith("/") else url + "/"
    wanted = set(serves) & set(MULTILINGUAL_CODES[family])
    name = multilingual_dirname(family)
    target = models_dir / name
    meta = read_meta(target) if target.is_dir() else {}
    if meta.get("source") == base and (target / "model.bin").is_file():
        return _serve_more(target, meta, wanted)
    folder = models_dir / ".downloads" / name
    files = _download_all(base, folder, client, allow_private=allow_private, progress=progress)
    record = {**_their_meta(folder), "name": name, "multilingual": family,
              "serves": sorted(wanted), "source": base,
              "sha256": {file: sha256_of(folder / file) for file in files if file != MODEL_META}}
    staging = stage(models_dir)
    try:
        folder.rename(staging / "model")
        installed = place_model(staging / "model", models_dir, record, dirname=name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.warning("the multilingual model from %s is installed unverified (the source gives no "
                "checksums); its files' SHA-256 are in %s", base, target / MODEL_META)
    return installed


def _download_all(base: str, folder: Path, client: httpx.Client, *, allow_private: bool,
                  progress: Progress | None) -> list[str]:
    got = []
    for file in REQUIRED_FILES:
        if not (folder / file).is_file():
            download(base + file, folder / file, client, allow_private=allow_private,
                     progress=progress)
        got.append(file)
    for file in VOCABULARIES:
        if (folder / file).is_file() or _optional(base + file, folder / file, client,
                                                  allow_private=allow_private):
            got.append(file)
            break
    else:
        raise PermanentError(f"{base} holds no {' or '.join(VOCABULARIES)}: not a CTranslate2 "
                             "model directory", code="models.bad_package")
    if _optional(base + MODEL_META, folder / MODEL_META, client, allow_private=allow_private):
        got.append(MODEL_META)
    return got


def _optional(url: str, dest: Path, client: httpx.Client, *, allow_private: bool) -> bool:
    """Download ``url`` if the source has it; a 404 means it does not."""
    try:
        download(url, dest, client, allow_private=allow_private)
    except PermanentError as exc:
        if exc.code == "models.download_status" and " 404" in str(exc):
            return False
        raise
    return True


def _their_meta(folder: Path) -> dict[str, object]:
    """The source's own bbabo-model.json (e.g. a model's ``max_positions``), if it has one."""
    try:
        return read_meta(folder)
    finally:
        (folder / MODEL_META).unlink(missing_ok=True)


def _serve_more(target: Path, meta: dict[str, object], wanted: set[str]) -> InstalledModel:
    served = meta.get("serves", [])
    have = {str(code) for code in served} if isinstance(served, list) else set()
    if not wanted <= have:
        new = target / (MODEL_META + ".new")
        new.write_text(json.dumps({**meta, "serves": sorted(have | wanted)}, ensure_ascii=False,
                                  indent=2) + "\n", encoding="utf-8")
        os.replace(new, target / MODEL_META)  # one rename: the engine never reads half a file
    return next(model for model in installed_models(target.parent)
                if model.directory == target)
