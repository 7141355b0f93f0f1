"""CTranslate2 engine: per-pair Marian (opus-mt) or Argos Translate models on the local disk.

Layout: ``<models_dir>/<src>-<tgt>/`` holds a CTranslate2 model (``model.bin``) with
``source.spm`` and ``target.spm``; an Argos Translate package (``model/model.bin`` beside one
``sentencepiece.model``) works too. An optional ``bbabo-model.json`` (``{"name", "version"}``)
names the model in the translations it makes; otherwise the directory name does.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bbabo import langs
from bbabo.errors import ModelMissing, TranslationError
from bbabo.translate.segment import NO_SPACE_LANGS, cut_long

__all__ = ["CTranslate2Engine", "MODEL_META"]

log = logging.getLogger(__name__)

MODEL_META = "bbabo-model.json"
# Position embeddings of OPUS-MT Marian models; CTranslate2's config does not record the limit,
# and a longer input or output fails, so smaller models say theirs in bbabo-model.json.
_OPUS_POSITIONS = 512
# A model that never emits end-of-sentence (a broken or random-weight one) would otherwise decode
# up to CTranslate2's default of 256 tokens for every sentence.
_MAX_DECODING = 256


@dataclass(frozen=True, slots=True)
class _ModelFiles:
    directory: Path
    model_dir: Path
    source_spm: Path
    target_spm: Path


@dataclass(frozen=True, slots=True)
class _Loaded:
    translator: Any  # ctranslate2.Translator
    source: Any  # sentencepiece.SentencePieceProcessor
    target: Any
    source_suffix: tuple[str, ...]
    max_positions: int


class CTranslate2Engine:
    """Translates with CTranslate2, batching all the sentences of one call together.

    Batches of 32 sentences decoded greedily are ~7x faster than one sentence at a time with a
    beam of 4 (what Argos Translate does) on a 2-core CPU, so the defaults are batch and greedy.
    """

    name = "ctranslate2"

    def __init__(
        self,
        models_dir: Path,
        device: str = "auto",
        compute_type: str = "int8",
        inter_threads: int | None = None,
        intra_threads: int = 1,
        *,
        beam_size: int = 1,
        max_input_tokens: int = 200,
    ) -> None:
        self.models_dir = Path(models_dir)
        self._device = device
        self._compute_type = compute_type
        # Parallel batches beat parallel matrix products on a small CPU (2x1 threads beat 1x2).
        self._inter_threads = inter_threads or min(4, _cpu_count())
        self._intra_threads = intra_threads
        self._beam_size = beam_size
        self._max_input_tokens = max_input_tokens
        self._loaded: dict[tuple[str, str], _Loaded] = {}
        self._lock = threading.Lock()

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._scan())

    def model_id(self, src: str, tgt: str) -> str:
        directory = self._files(src, tgt).directory
        meta = _read_meta(directory)
        name = str(meta.get("name") or directory.name)
        version = meta.get("version")
        return f"{name}@{version}" if version else name

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        if not texts:
            return []
        model = self._model(src, tgt)
        chunks: list[list[str]] = []
        owners: list[int] = []
        for index, text in enumerate(texts):
            tokens = model.source.encode(text, out_type=str) if text.strip() else []
            if not tokens:
                continue
            limit = min(self._max_input_tokens, model.max_positions - len(model.source_suffix))
            for chunk in cut_long(tokens, limit):
                chunks.append(chunk + list(model.source_suffix))
                owners.append(index)
        pieces: list[list[str]] = [[] for _ in texts]
        if chunks:
            longest = max(len(chunk) for chunk in chunks)
            try:
                results = model.translator.translate_batch(
                    chunks,
                    max_batch_size=32,
                    batch_type="examples",
                    beam_size=self._beam_size,
                    max_decoding_length=min(_MAX_DECODING, 2 * longest + 10,
                                            model.max_positions - 1),
                )
            except (RuntimeError, ValueError) as exc:
                raise TranslationError(f"ctranslate2 failed on {src}→{tgt}: {exc}") from exc
            for owner, result in zip(owners, results, strict=True):
                pieces[owner].append(model.target.decode(result.hypotheses[0]))
        glue = "" if tgt in NO_SPACE_LANGS else " "
        return [glue.join(part.strip() for part in parts).strip() for parts in pieces]

    def install_hint(self, src: str, tgt: str) -> str:
        return f"put a CTranslate2 Marian model in {self.models_dir / f'{src}-{tgt}'}/"

    def _scan(self) -> dict[tuple[str, str], _ModelFiles]:
        found: dict[tuple[str, str], _ModelFiles] = {}
        if not self.models_dir.is_dir():
            return found
        for directory in sorted(self.models_dir.iterdir()):
            pair = _pair_of(directory.name)
            files = _model_files(directory) if pair is not None else None
            if pair is not None and files is not None:
                found.setdefault(pair, files)
        return found

    def _files(self, src: str, tgt: str) -> _ModelFiles:
        files = self._scan().get((src, tgt))
        if files is None:
            raise ModelMissing(f"no CTranslate2 model for {src}→{tgt} in {self.models_dir}")
        return files

    def _model(self, src: str, tgt: str) -> _Loaded:
        # Two workers asking for the same new pair must not both load it.
        with self._lock:
            loaded = self._loaded.get((src, tgt))
            if loaded is None:
                loaded = self._load(self._files(src, tgt))
                self._loaded[(src, tgt)] = loaded
            return loaded

    def _load(self, files: _ModelFiles) -> _Loaded:
        import ctranslate2
        import sentencepiece

        device = self._device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        try:
            translator = ctranslate2.Translator(
                str(files.model_dir),
                device=device,
                compute_type=self._compute_type,
                inter_threads=self._inter_threads,
                intra_threads=self._intra_threads,
            )
            source = sentencepiece.SentencePieceProcessor(model_file=str(files.source_spm))
            target = sentencepiece.SentencePieceProcessor(model_file=str(files.target_spm))
        except (RuntimeError, ValueError, OSError) as exc:
            raise TranslationError(
                f"cannot load the model in {files.directory}: {exc}", code="translate.model_invalid"
            ) from exc
        log.info(
            "loaded translation model",
            extra={"engine": self.name, "model": files.directory.name, "device": device},
        )
        max_positions = int(_read_meta(files.directory).get("max_positions", _OPUS_POSITIONS))
        return _Loaded(translator, source, target, _source_suffix(files.model_dir), max_positions)


def _read_meta(directory: Path) -> dict[str, Any]:
    """``bbabo-model.json``: optional ``name``, ``version`` and ``max_positions``."""
    meta_path = directory / MODEL_META
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or not int(meta.get("max_positions", 1)) > 0:
            raise ValueError("not an object with a positive max_positions")
    except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise TranslationError(
            f"{meta_path}: expected {{\"name\", \"version\", \"max_positions\"}}: {exc}",
            code="translate.model_invalid",
        ) from None
    return meta


def _pair_of(dirname: str) -> tuple[str, str] | None:
    parts = dirname.split("-")
    if len(parts) != 2 or not all(langs.is_known(part) for part in parts):
        return None
    src, tgt = (langs.normalize(part) for part in parts)
    return (src, tgt) if src != tgt else None


def _model_files(directory: Path) -> _ModelFiles | None:
    if (directory / "model.bin").is_file():
        source, target = directory / "source.spm", directory / "target.spm"
        if source.is_file() and target.is_file():
            return _ModelFiles(directory, directory, source, target)
    argos_spm = directory / "sentencepiece.model"
    if (directory / "model" / "model.bin").is_file() and argos_spm.is_file():
        return _ModelFiles(directory, directory / "model", argos_spm, argos_spm)
    return None


def _source_suffix(model_dir: Path) -> tuple[str, ...]:
    """The tokens a source sentence must end with for this model.

    Marian models converted from Transformers were trained on sources ending in "</s>" (the
    Transformers tokenizer appends it) and start decoding from "</s>"; CTranslate2 does not add it
    for them. OpenNMT (Argos) models start from "<s>" and want no suffix; models converted from
    Marian itself say ``add_source_eos`` and CTranslate2 appends it.
    """
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return ()
    eos = config.get("eos_token")
    if eos and not config.get("add_source_eos") and config.get("decoder_start_token") == eos:
        return (str(eos),)
    return ()


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
