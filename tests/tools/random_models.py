"""Random-weight translation models in CTranslate2's format, built from numpy arrays.

Nothing is downloaded and neither torch nor transformers is needed: a SentencePiece tokenizer is
trained on seeded synthetic text (Latin and Cyrillic pseudo-words, so multi-byte UTF-8 is
exercised), CTranslate2's own ``TransformerSpec`` is filled with random weights drawn the way
Transformers initialises them (normal, std 0.02; zero biases; unit layer norms; sinusoidal
positions) and saved through CTranslate2's writer, int8-quantised. Two families:

- ``marian``: the Helsinki-NLP opus-mt layout (post-norm, swish, shared and tied embeddings
  scaled by sqrt(d_model), the decoder starting from a zero embedding, sources ending in
  "</s>"), with ``source.spm``/``target.spm`` beside it;
- ``nllb``: the NLLB-200 (M2M-100) layout (pre-norm, ReLU, fairseq's special ids and language
  codes as tokens), with ``sentencepiece.bpe.model`` and a ``bbabo-model.json`` naming its
  languages.

The committed test models and bench/translate.py's opus-mt-shaped model are made here:

    .venv/bin/python tests/tools/random_models.py marian --size tiny \
        --out tests/fixtures/models/tiny-marian
    .venv/bin/python tests/tools/random_models.py nllb --size tiny \
        --out tests/fixtures/models/tiny-nllb
    .venv/bin/python tests/tools/random_models.py marian --size opus --corpus-lines 60000 \
        --name opus-mt-shaped-random --out bench/out/opus-mt-shaped

Needs only numpy, sentencepiece and ctranslate2, all bbabo dependencies; imports nothing from
bbabo, so bench scripts load it by path (docs/decisions.md, 2026-12-06).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import platform
import random
import shutil
import struct
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Shape", "TINY", "OPUS", "build_marian", "build_nllb", "read_layout"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Shape:
    layers: int  # encoder and decoder each
    d_model: int
    heads: int
    ffn: int
    pieces: int  # SentencePiece vocabulary
    max_pos: int
    vocab: int = 0  # opus-mt's vocab.json size ("<pad>" included), reached with filler tokens


TINY = Shape(layers=2, d_model=64, heads=4, ffn=128, pieces=1000, max_pos=128)
# Exactly Helsinki-NLP opus-mt's shape: the same matrix work per token as a real opus-mt model.
OPUS = Shape(layers=6, d_model=512, heads=8, ffn=2048, pieces=8000, max_pos=512, vocab=58101)
SIZES = {"tiny": TINY, "opus": OPUS}
NLLB_CODES = {"en": "eng_Latn", "pl": "pol_Latn", "ru": "rus_Cyrl", "uk": "ukr_Cyrl"}
_STD = 0.02  # Transformers' init_std for Marian and M2M-100
_LAYOUTS = {"marian": "Marian's layout (Helsinki-NLP opus-mt)",
            "nllb": "NLLB-200's layout (M2M-100, NLLB language codes)"}


def synthetic_text(lines: int, seed: int, lexicon: int = 3000) -> Iterator[str]:
    """Deterministic pseudo-text, alternating Latin and Cyrillic lines."""
    rng = random.Random(seed)

    def word(consonants: str, vowels: str) -> str:
        return "".join(rng.choice(consonants) + rng.choice(vowels)
                       for _ in range(rng.randint(1, 4)))

    latin = [word("bcdfghjklmnprstvwz", "aeiou") for _ in range(lexicon)]
    cyrillic = [word("бвгдзклмнпрстфх", "аеиоуыя") for _ in range(lexicon)]
    for i in range(lines):
        words = [rng.choice(latin if i % 2 == 0 else cyrillic) for _ in range(rng.randint(5, 25))]
        words[0] = words[0].capitalize()
        yield " ".join(words) + rng.choice(".?!")


def train_spm(text: Iterable[str], pieces: int, family: str, threads: int = 1) -> bytes:
    """A SentencePiece model, serialised. Marian's tokenizers are unigram models; NLLB's is BPE
    with fairseq's special ids. Trained from an iterator into memory, so that no file path ends
    up in the model; one thread and no shuffling keep it a function of the text."""
    import sentencepiece as spm

    ids = (dict(unk_id=0, bos_id=1, eos_id=2, pad_id=-1) if family == "marian"
           else dict(bos_id=0, pad_id=1, eos_id=2, unk_id=3))
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text), model_writer=model, vocab_size=pieces,
        model_type="unigram" if family == "marian" else "bpe", character_coverage=0.9995,
        shuffle_input_sentence=False, num_threads=threads, minloglevel=2, **ids)
    return model.getvalue()


def _processor(model: bytes) -> Any:
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_proto=model)


def marian_vocabulary(sp: Any, size: int) -> list[str]:
    """opus-mt's order: "</s>", "<unk>", the pieces, fillers up to ``size``; its "<pad>" (last)
    is left out, as CTranslate2's converter does: the decoder starts from a zero embedding."""
    tokens = ["</s>", "<unk>"]
    tokens += [sp.id_to_piece(i) for i in range(sp.get_piece_size())
               if not (sp.is_control(i) or sp.is_unknown(i))]
    tokens += [f"<filler_{i}>" for i in range(len(tokens), size - 1)]
    return tokens


def nllb_vocabulary(sp: Any, codes: list[str]) -> list[str]:
    """NLLB's order: the pieces with fairseq's specials first, "<mask>", the language codes."""
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())] + ["<mask>", *codes]


def marian_positions(count: int, dim: int) -> np.ndarray:
    """Marian's sinusoids: all sines, then all cosines, from position 0."""
    angles = np.arange(count)[:, None] / np.power(10000, 2 * (np.arange(dim) // 2) / dim)
    return np.concatenate([np.sin(angles[:, 0::2]), np.cos(angles[:, 1::2])], axis=1,
                          dtype=np.float32)


def fairseq_positions(count: int, dim: int, offset: int = 2) -> np.ndarray:
    """fairseq's (M2M-100's) sinusoids: positions start after the padding index."""
    half = dim // 2
    rates = np.exp(np.arange(half) * -(math.log(10000) / (half - 1)))
    angles = np.arange(offset, offset + count)[:, None] * rates[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1, dtype=np.float32)


def random_spec(shape: Shape, vocabulary: list[str], family: str, seed: int) -> Any:
    """A ``TransformerSpec`` of ``family``'s layout with every weight set, vocabulary registered."""
    from ctranslate2.specs import common_spec, transformer_spec

    marian = family == "marian"
    spec = transformer_spec.TransformerSpec.from_config(
        shape.layers, shape.heads, pre_norm=not marian,
        activation=common_spec.Activation.SWISH if marian else common_spec.Activation.RELU)
    rng = np.random.default_rng(seed)
    d = shape.d_model

    def linear(layer: Any, rows: int, columns: int) -> None:
        layer.weight = rng.standard_normal((rows, columns), dtype=np.float32) * _STD
        layer.bias = np.zeros(rows, np.float32)

    def norm(layer: Any) -> None:
        layer.gamma, layer.beta = np.ones(d, np.float32), np.zeros(d, np.float32)

    embeddings = rng.standard_normal((len(vocabulary), d), dtype=np.float32) * _STD
    if not marian:
        embeddings[vocabulary.index("<pad>")] = 0  # Transformers zeroes the padding row
    positions = (marian_positions if marian else fairseq_positions)(shape.max_pos, d)
    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = math.sqrt(d)
        side.position_encodings.encodings = positions
        if hasattr(side, "layer_norm"):  # pre-norm's final norm
            norm(side.layer_norm)
        for layer in side.layer:
            linear(layer.self_attention.linear[0], 3 * d, d)  # fused query, key, value
            linear(layer.self_attention.linear[1], d, d)
            norm(layer.self_attention.layer_norm)
            if hasattr(layer, "attention"):  # the decoder's attention over the encoder
                linear(layer.attention.linear[0], d, d)
                linear(layer.attention.linear[1], 2 * d, d)  # fused key, value
                linear(layer.attention.linear[2], d, d)
                norm(layer.attention.layer_norm)
            linear(layer.ffn.linear_0, shape.ffn, d)
            linear(layer.ffn.linear_1, d, shape.ffn)
            norm(layer.ffn.layer_norm)
    # One matrix for source and target embeddings and the output projection, as opus-mt ties
    # them; CTranslate2 stores it once and aliases the others.
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings
    spec.decoder.projection.weight = embeddings
    spec.decoder.start_from_zero_embedding = marian
    for key, value in dict(bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                           decoder_start_token="</s>").items():
        setattr(spec.config, key, value)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def _weights(spec: Any) -> int:
    arrays = {id(v): v for v in spec.variables().values() if isinstance(v, np.ndarray)}
    return sum(a.size for a in arrays.values())


def _save(spec: Any, out: Path, quantization: str) -> int:
    weights = _weights(spec)
    spec.validate()
    spec.optimize(quantization=quantization)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    spec.save(str(out))
    return weights


def _record(out: Path, family: str, size: str, shape: Shape, seed: int, corpus_lines: int,
            vocabulary: int, weights: int, started: float, meta: dict[str, Any]) -> dict[str, Any]:
    record = {
        "what": f"random weights in {_LAYOUTS[family]}, CTranslate2 int8; for tests and "
                "benchmarks only",
        "built_by": "tests/tools/random_models.py",
        "command": f"random_models.py {family} --size {size} --seed {seed} "
                   f"--corpus-lines {corpus_lines} --out {out.name}",
        "shape": asdict(shape), "vocabulary": vocabulary, "weights": weights,
        "quantization": "int8",
        "versions": {pkg: version(pkg) for pkg in ("numpy", "sentencepiece", "ctranslate2")},
        "python": platform.python_version(),
        "bytes": sum(f.stat().st_size for f in out.iterdir()),
        "build_s": round(time.perf_counter() - started, 2),
    }
    (out / "build.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    # CTranslate2's config does not keep the position limit; bbabo reads it from here.
    (out / "bbabo-model.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return record


def build_marian(out: Path, size: str = "tiny", *, seed: int = 0, corpus_lines: int = 3000,
                 name: str | None = None) -> dict[str, Any]:
    """An opus-mt-layout model in ``out`` (replaced); returns what build.json records."""
    shape, started = SIZES[size], time.perf_counter()
    # A larger lexicon for the larger tokenizer: 8,000 pieces need more distinct words.
    text = synthetic_text(corpus_lines, seed, 3000 if size == "tiny" else 20000)
    tokenizer = train_spm(text, shape.pieces, "marian", threads=1 if size == "tiny" else 2)
    vocabulary = marian_vocabulary(_processor(tokenizer), shape.vocab or shape.pieces)
    weights = _save(random_spec(shape, vocabulary, "marian", seed), out, "int8")
    for target in ("source.spm", "target.spm"):
        (out / target).write_bytes(tokenizer)
    meta: dict[str, Any] = {"max_positions": shape.max_pos}
    if name:
        meta = {"name": name, **meta}
    return _record(out, "marian", size, shape, seed, corpus_lines, len(vocabulary), weights,
                   started, meta)


def build_nllb(out: Path, size: str = "tiny", *, seed: int = 0, corpus_lines: int = 3000,
               languages: tuple[str, ...] = tuple(NLLB_CODES)) -> dict[str, Any]:
    """An NLLB-layout multilingual model for ``languages`` in ``out`` (replaced)."""
    shape, started = SIZES[size], time.perf_counter()
    tokenizer = train_spm(synthetic_text(corpus_lines, seed), shape.pieces, "nllb")
    vocabulary = nllb_vocabulary(_processor(tokenizer), [NLLB_CODES[code] for code in languages])
    weights = _save(random_spec(shape, vocabulary, "nllb", seed), out, "int8")
    (out / "sentencepiece.bpe.model").write_bytes(tokenizer)
    meta = {"name": out.name, "multilingual": "nllb", "languages": list(languages),
            "max_positions": shape.max_pos}
    return _record(out, "nllb", size, shape, seed, corpus_lines, len(vocabulary), weights,
                   started, meta)


_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


def read_layout(model_bin: Path) -> dict[str, Any]:
    """What a CTranslate2 ``model.bin`` holds, weights aside: spec name and revision, each
    variable's shape and dtype (and value, for scalars), and the aliases. CTranslate2's Python
    side writes this format (``ModelSpec._serialize``) but has no reader."""
    data, at = model_bin.read_bytes(), 0

    def take(fmt: str) -> Any:
        nonlocal at
        (value,) = struct.unpack_from(fmt, data, at)
        at += struct.calcsize(fmt)
        return value

    def text() -> str:
        nonlocal at
        length = take("H")
        at += length
        return data[at - length:at - 1].decode("utf-8")

    binary_version, name, revision = take("I"), text(), take("I")
    variables: dict[str, Any] = {}
    for _ in range(take("I")):
        key = text()
        dims = tuple(take("I") for _ in range(take("B")))
        dtype, size = _DTYPES[take("B")], take("I")
        entry: dict[str, Any] = {"shape": dims, "dtype": dtype}
        if not dims and dtype != "bfloat16":
            entry["value"] = np.frombuffer(data, dtype, 1, at)[0].item()
        variables[key] = entry
        at += size
    aliases = {text(): text() for _ in range(take("I"))}
    return {"format": binary_version, "spec": (name, revision), "variables": variables,
            "aliases": aliases}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("family", choices=("marian", "nllb"))
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--out", required=True, type=Path, help="output directory (replaced)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus-lines", type=int, default=3000)
    parser.add_argument("--name", help="the model's name in bbabo-model.json (marian)")
    args = parser.parse_args(argv)
    options = dict(seed=args.seed, corpus_lines=args.corpus_lines)
    record = (build_marian(args.out, args.size, name=args.name, **options)
              if args.family == "marian" else build_nllb(args.out, args.size, **options))
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
