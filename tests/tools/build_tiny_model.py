"""Build the tiny random-weight Marian model that the translate tests run CTranslate2 on.

Nothing is downloaded: the SentencePiece tokenizer is trained here on a seeded synthetic corpus
(Latin and Cyrillic pseudo-words, so multi-byte UTF-8 is exercised) and the weights are random.
The output is a CTranslate2 int8 directory of about 0.8 MB, committed as test data so that the
suite needs only ctranslate2 + sentencepiece.

Building needs torch and transformers, which bbabo does not depend on; use a throw-away venv and
pin the CPU build of torch (a plain ``torch`` pulls a multi-GB CUDA build):

    python3 -m venv /tmp/mkmodel
    /tmp/mkmodel/bin/pip install torch==2.13.0 transformers sentencepiece ctranslate2
    /tmp/mkmodel/bin/python tests/tools/build_tiny_model.py --out tests/fixtures/models/tiny-marian

Adapted from the project's build_marian.py (size "tiny", in-process converter only).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

# opus-mt layout at toy dimensions: the same converter and runtime code paths, in milliseconds.
SHAPE = {"layers": 2, "d_model": 64, "heads": 4, "ffn": 128, "vocab": 1000, "max_pos": 128}
CT2_FILES = ("model.bin", "config.json", "shared_vocabulary.json", "source.spm", "target.spm")


def synthetic_corpus(path: Path, n_lines: int, seed: int) -> None:
    """Deterministic pseudo-text, alternating Latin and Cyrillic lines."""
    rng = random.Random(seed)
    lat_c, lat_v = "bcdfghjklmnprstvwz", "aeiou"
    cyr_c, cyr_v = "бвгдзклмнпрстфх", "аеиоуыя"

    def word(consonants: str, vowels: str) -> str:
        return "".join(rng.choice(consonants) + rng.choice(vowels)
                       for _ in range(rng.randint(1, 4)))

    lex_lat = [word(lat_c, lat_v) for _ in range(3000)]
    lex_cyr = [word(cyr_c, cyr_v) for _ in range(3000)]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n_lines):
            lex = lex_lat if i % 2 == 0 else lex_cyr
            words = [rng.choice(lex) for _ in range(rng.randint(5, 25))]
            words[0] = words[0].capitalize()
            fh.write(" ".join(words) + rng.choice(".?!") + "\n")


def train_spm(corpus: Path, prefix: Path, n_pieces: int) -> None:
    import sentencepiece as spm

    # One thread and no shuffling keep the tokenizer reproducible from the seed.
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=n_pieces,
        model_type="unigram", character_coverage=0.9995, shuffle_input_sentence=False,
        num_threads=1, unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2,
    )


def write_vocab(spm_model: Path, out_json: Path) -> int:
    """opus-mt style vocab.json: '</s>'=0, '<unk>'=1, the pieces, '<pad>' last."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(sp.get_piece_size()):
        if sp.is_control(i) or sp.is_unknown(i):
            continue
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    out_json.write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")
    return len(vocab)


def build_hf(out: Path, spm_model: Path, seed: int) -> dict[str, Any]:
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(spm_model, out / "source.spm")
    shutil.copy(spm_model, out / "target.spm")
    n_vocab = write_vocab(spm_model, out / "vocab.json")
    pad = n_vocab - 1
    tok = MarianTokenizer(str(out / "source.spm"), str(out / "target.spm"),
                          str(out / "vocab.json"), source_lang="xx", target_lang="yy",
                          model_max_length=SHAPE["max_pos"])
    tok.save_pretrained(str(out))
    cfg = MarianConfig(
        vocab_size=n_vocab, decoder_vocab_size=n_vocab, d_model=SHAPE["d_model"],
        encoder_layers=SHAPE["layers"], decoder_layers=SHAPE["layers"],
        encoder_attention_heads=SHAPE["heads"], decoder_attention_heads=SHAPE["heads"],
        encoder_ffn_dim=SHAPE["ffn"], decoder_ffn_dim=SHAPE["ffn"],
        max_position_embeddings=SHAPE["max_pos"],
        activation_function="swish", scale_embedding=True,
        share_encoder_decoder_embeddings=True, tie_word_embeddings=True,
        pad_token_id=pad, decoder_start_token_id=pad, eos_token_id=0, bos_token_id=0,
        forced_eos_token_id=0, dropout=0.1, attention_dropout=0.0, activation_dropout=0.0,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(cfg).eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad, pad_token_id=pad, eos_token_id=0, bos_token_id=0,
        forced_eos_token_id=0, bad_words_ids=[[pad]], num_beams=4, max_length=SHAPE["max_pos"],
    )
    model.save_pretrained(str(out))
    return {"vocab_size": n_vocab, "parameters": sum(p.numel() for p in model.parameters())}


def ct2_convert(hf_dir: Path, ct2_dir: Path) -> None:
    from ctranslate2.converters import TransformersConverter

    TransformersConverter(str(hf_dir)).convert(str(ct2_dir), quantization="int8", force=True)
    for name in ("source.spm", "target.spm"):
        shutil.copy(hf_dir / name, ct2_dir / name)


def build(out: Path, *, seed: int, corpus_lines: int) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tiny-marian-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus.txt"
        synthetic_corpus(corpus, corpus_lines, seed)
        train_spm(corpus, work / "spm", SHAPE["vocab"])
        info = build_hf(work / "hf", work / "spm.model", seed)
        ct2_convert(work / "hf", work / "ct2")
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        for name in CT2_FILES:
            shutil.copy(work / "ct2" / name, out / name)
    record = {
        "what": "random-weight Marian (opus-mt layout), CTranslate2 int8; for tests only",
        "built_by": "tests/tools/build_tiny_model.py",
        "command": f"build_tiny_model.py --out {out.name} --seed {seed} "
                   f"--corpus-lines {corpus_lines}",
        "shape": SHAPE,
        **info,
        "quantization": "int8",
        "versions": {pkg: version(pkg) for pkg in
                     ("torch", "transformers", "sentencepiece", "ctranslate2")},
        "python": platform.python_version(),
        "bytes": sum(f.stat().st_size for f in out.iterdir()),
        "build_s": round(time.perf_counter() - started, 2),
    }
    (out / "build.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    # CTranslate2's config does not keep the position limit; bbabo reads it from here.
    (out / "bbabo-model.json").write_text(
        json.dumps({"max_positions": SHAPE["max_pos"]}) + "\n", encoding="utf-8")
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
