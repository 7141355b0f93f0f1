"""Build the tiny random-weight NLLB-style (M2M-100 architecture) multilingual model that the
tests run CTranslate2's target-prefix path on ("pol_Latn" as the decoder's first token).

Nothing is downloaded: the SentencePiece tokenizer is trained here on the same seeded synthetic
corpus as the tiny Marian model, the NLLB tokenizer adds its language codes, and the weights are
random. The output is a CTranslate2 int8 directory of well under 1 MB, committed as test data.

Building needs torch and transformers, which bbabo does not depend on (a throw-away venv, with
the CPU build of torch pinned; a plain ``torch`` pulls a multi-GB CUDA build):

    python3 -m venv /tmp/mkmodel
    /tmp/mkmodel/bin/pip install torch==2.13.0 transformers sentencepiece ctranslate2 protobuf
    /tmp/mkmodel/bin/python tests/tools/build_tiny_nllb.py --out tests/fixtures/models/tiny-nllb
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from build_tiny_model import synthetic_corpus  # same folder

SHAPE = {"layers": 2, "d_model": 64, "heads": 4, "ffn": 128, "vocab": 1000, "max_pos": 128}
LANGUAGES = ("en", "pl", "ru", "uk")  # what bbabo-model.json declares: 12 pairs
CODES = ["eng_Latn", "pol_Latn", "rus_Cyrl", "ukr_Cyrl"]  # their NLLB tokens, the vocab's last


def train_spm(corpus: Path, prefix: Path, n_pieces: int) -> None:
    import sentencepiece as spm

    # NLLB's tokenizer is BPE with fairseq's special ids: <s>=0, <pad>=1, </s>=2, <unk>=3.
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=n_pieces, model_type="bpe",
        character_coverage=0.9995, shuffle_input_sentence=False, num_threads=1,
        bos_id=0, pad_id=1, eos_id=2, unk_id=3, minloglevel=2,
    )
CT2_FILES = ("model.bin", "config.json", "shared_vocabulary.json")


def build_hf(out: Path, spm_model: Path, seed: int) -> dict[str, Any]:
    import torch
    from transformers import AutoTokenizer, M2M100Config, M2M100ForConditionalGeneration

    # transformers converts the SentencePiece model (this needs protobuf) and appends the
    # language codes as special tokens; only the four the tests use, to stay small.
    spm_dir = out.parent / "spm-dir"
    spm_dir.mkdir()
    shutil.copy(spm_model, spm_dir / "sentencepiece.bpe.model")
    (spm_dir / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "NllbTokenizer"}), encoding="utf-8")
    tokenizer = AutoTokenizer.from_pretrained(
        str(spm_dir), extra_special_tokens=CODES, src_lang="rus_Cyrl", tgt_lang="pol_Latn",
        model_max_length=SHAPE["max_pos"])
    out.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(str(out))
    n_vocab = len(tokenizer)
    config = M2M100Config(
        vocab_size=n_vocab, d_model=SHAPE["d_model"], encoder_layers=SHAPE["layers"],
        decoder_layers=SHAPE["layers"], encoder_attention_heads=SHAPE["heads"],
        decoder_attention_heads=SHAPE["heads"], encoder_ffn_dim=SHAPE["ffn"],
        decoder_ffn_dim=SHAPE["ffn"], max_position_embeddings=SHAPE["max_pos"],
        scale_embedding=True, activation_function="relu",
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.eos_token_id,
        tokenizer_class="NllbTokenizer", dropout=0.0,
    )
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config).eval()
    model.save_pretrained(str(out))
    return {"vocab_size": n_vocab, "parameters": sum(p.numel() for p in model.parameters())}


def ct2_convert(hf_dir: Path, ct2_dir: Path) -> None:
    from ctranslate2.converters import TransformersConverter

    TransformersConverter(str(hf_dir)).convert(str(ct2_dir), quantization="int8", force=True)


def build(out: Path, *, seed: int, corpus_lines: int) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tiny-nllb-") as tmp:
        work = Path(tmp)
        synthetic_corpus(work / "corpus.txt", corpus_lines, seed)
        train_spm(work / "corpus.txt", work / "spm", SHAPE["vocab"])
        info = build_hf(work / "hf", work / "spm.model", seed)
        ct2_convert(work / "hf", work / "ct2")
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        for name in CT2_FILES:
            shutil.copy(work / "ct2" / name, out / name)
        shutil.copy(work / "spm.model", out / "sentencepiece.bpe.model")
    record = {
        "what": "random-weight NLLB-style multilingual model (M2M-100 architecture, NLLB "
                "language codes), CTranslate2 int8; for tests only",
        "built_by": "tests/tools/build_tiny_nllb.py",
        "command": f"build_tiny_nllb.py --out {out.name} --seed {seed} "
                   f"--corpus-lines {corpus_lines}",
        "shape": SHAPE, **info, "quantization": "int8",
        "versions": {pkg: version(pkg) for pkg in
                     ("torch", "transformers", "sentencepiece", "ctranslate2", "protobuf")},
        "python": platform.python_version(),
        "bytes": sum(f.stat().st_size for f in out.iterdir()),
        "build_s": round(time.perf_counter() - started, 2),
    }
    (out / "build.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    (out / "bbabo-model.json").write_text(json.dumps({
        "name": "tiny-nllb", "multilingual": "nllb", "languages": list(LANGUAGES),
        "max_positions": SHAPE["max_pos"]}) + "\n", encoding="utf-8")
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="output directory (replaced)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus-lines", type=int, default=3000)
    args = parser.parse_args(argv)
    print(json.dumps(build(args.out, seed=args.seed, corpus_lines=args.corpus_lines), indent=2))


if __name__ == "__main__":
    main()
