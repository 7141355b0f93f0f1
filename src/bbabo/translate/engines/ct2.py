"""CTranslate2 engine: per-pair Marian (opus-mt) or Argos Translate models, and multilingual
NLLB-200 / M2M-100 models, on the local disk (layout: ``ct2_models``)."""

from __future__ import annotations

import copy
import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bbabo.errors import ModelMissing, TranslationError
from bbabo.translate.engines.ct2_models import (
    MODEL_META,
    ModelFiles,
    language_token,
    read_meta,
    scan_models,
    source_suffix,
)
from bbabo.translate.segment import NO_SPACE_LANGS, cut_long

__all__ = ["CTranslate2Engine", "MODEL_META"]

log = logging.getLogger(__name__)

# Position embeddings of OPUS-MT Marian models; CTranslate2's config does not record the limit,
# and a longer input or output fails, so smaller models say theirs in bbabo-model.json.
_OPUS_POSITIONS = 512
# A model that never emits end-of-sentence (a broken or random-weight one) would otherwise decode
# up to CTranslate2's default of 256 tokens for every sentence.
_MAX_DECODING = 256
_BATCH = 32
_RESCAN_S = 2.0
_CAREFUL_BEAM = 4


@dataclass(frozen=True, slots=True)
class _Loaded:
    translator: Any  # ctranslate2.Translator
    source: Any  # sentencepiece.SentencePieceProcessor
    target: Any
    source_suffix: tuple[str, ...]
    max_positions: int
    family: str | None


class CTranslate2Engine:
    """Translates with CTranslate2, batching all the sentences of one call together.

    Batches of 32 sentences decoded greedily are ~7x faster than one sentence at a time with a
    beam of 4 (what Argos Translate does) on a 2-core CPU, so the defaults are batch and greedy;
    ``careful()`` gives the beam-4 variant that flagged sentences are retried with.
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
        self._loaded: dict[Path, _Loaded] = {}
        self._lock = threading.Lock()
        self._scanned: tuple[int, float, dict[tuple[str, str], ModelFiles]] | None = None

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._scan())

    def model_id(self, src: str, tgt: str) -> str:
        directory = self._files(src, tgt).directory
        meta = read_meta(directory)
        name = str(meta.get("name") or directory.name)
        version = meta.get("version")
        model = f"{name}@{version}" if version else name
        return model if self._beam_size == 1 else f"{model}#beam{self._beam_size}"

    def careful(self) -> CTranslate2Engine:
        """The same engine with a beam of 4, sharing the loaded models."""
        variant = copy.copy(self)  # shallow: the loaded models and their lock are shared
        variant._beam_size = max(_CAREFUL_BEAM, self._beam_size)
        return variant

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        if not texts:
            return []
        model = self._model(self._files(src, tgt))
        chunks, owners = self._encode(model, texts, src)
        pieces: list[list[str]] = [[] for _ in texts]
        if chunks:
            prefix = [language_token(model.family, tgt)] if model.family else None
            for owner, tokens in zip(owners, self._decode(model, chunks, prefix), strict=True):
                pieces[owner].append(model.target.decode(tokens))
        glue = "" if tgt in NO_SPACE_LANGS else " "
        return [glue.join(part.strip() for part in parts).strip() for parts in pieces]

    def install_hint(self, src: str, tgt: str) -> str:
        return f"`bbabo models install {src} {tgt}` (into {self.models_dir / f'{src}-{tgt}'}/)"

    def _encode(self, model: _Loaded, texts: Sequence[str],
                src: str) -> tuple[list[list[str]], list[int]]:
        """Token chunks that fit the model, and for each the index of the text it came from."""
        head = [language_token(model.family, src)] if model.family else []
        limit = min(self._max_input_tokens,
                    model.max_positions - len(model.source_suffix) - len(head))
        chunks: list[list[str]] = []
        owners: list[int] = []
        for index, text in enumerate(texts):
            tokens = model.source.encode(text, out_type=str) if text.strip() else []
            for chunk in (cut_long(tokens, limit) if tokens else []):
                chunks.append(head + chunk + list(model.source_suffix))
                owners.append(index)
        return chunks, owners

    def _decode(self, model: _Loaded, chunks: list[list[str]],
                prefix: list[str] | None) -> list[list[str]]:
        """Decode in batches of similar length, each bounded by its own longest input, all
        submitted at once so that CTranslate2's inter_threads workers decode them in parallel."""
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i]))
        batches = [order[i:i + _BATCH] for i in range(0, len(order), _BATCH)]
        batches.reverse()  # longest first: the workers' last batches are the short ones
        try:
            pending = [(batch, model.translator.translate_batch(
                [chunks[i] for i in batch],
                target_prefix=None if prefix is None else [prefix] * len(batch),
                max_batch_size=_BATCH, batch_type="examples", beam_size=self._beam_size,
                no_repeat_ngram_size=3 if self._beam_size > 1 else 0,
                max_decoding_length=min(_MAX_DECODING, 2 * len(chunks[batch[-1]]) + 10,
                                        model.max_positions - 1),
                asynchronous=True,
            )) for batch in batches]
            results: list[list[str]] = [[] for _ in chunks]
            for batch, answers in pending:
                for i, answer in zip(batch, answers, strict=True):
                    tokens = answer.result().hypotheses[0]
                    results[i] = tokens[1:] if prefix and tokens[:1] == prefix else tokens
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(f"ctranslate2 failed: {exc}") from exc
        return results

    def _scan(self) -> dict[tuple[str, str], ModelFiles]:
        """The models on disk; the listing is reused while the folder is unchanged (a pipeline
        asks for every article and language) and for at most a few seconds (a model's own
        folder can change without the models folder's mtime changing)."""
        try:
            mtime = self.models_dir.stat().st_mtime_ns
        except OSError:
            return {}
        cached = self._scanned
        if cached is not None and cached[0] == mtime and time.monotonic() - cached[1] < _RESCAN_S:
            return cached[2]
        found = scan_models(self.models_dir)
        self._scanned = (mtime, time.monotonic(), found)
        return found

    def _files(self, src: str, tgt: str) -> ModelFiles:
        files = self._scan().get((src, tgt))
        if files is None:
            raise ModelMissing(f"no CTranslate2 model for {src}→{tgt} in {self.models_dir}")
        return files

    def _model(self, files: ModelFiles) -> _Loaded:
        # Two workers asking for the same new model must not both load it.
        with self._lock:
            loaded = self._loaded.get(files.directory)
            if loaded is None:
                loaded = self._load(files)
                self._loaded[files.directory] = loaded
            return loaded

    def _load(self, files: ModelFiles) -> _Loaded:
        import ctranslate2
        import sentencepiece

        device = self._device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        try:
            translator = ctranslate2.Translator(
                str(files.model_dir), device=device, compute_type=self._compute_type,
                inter_threads=self._inter_threads, intra_threads=self._intra_threads,
            )
            source = sentencepiece.SentencePieceProcessor(model_file=str(files.source_spm))
            target = sentencepiece.SentencePieceProcessor(model_file=str(files.target_spm))
        except (RuntimeError, ValueError, OSError) as exc:
            raise TranslationError(
                f"cannot load the model in {files.directory}: {exc}", code="translate.model_invalid"
            ) from exc
        log.info("loaded translation model", extra={
            "engine": self.name, "model": files.directory.name, "device": device})
        max_positions = int(read_meta(files.directory).get("max_positions", _OPUS_POSITIONS))
        return _Loaded(translator, source, target, source_suffix(files.model_dir), max_positions,
                       files.family)


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
