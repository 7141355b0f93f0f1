"""Build a random-weight model with the exact opus-mt architecture for bench/translate.py.

6+6 layers, d_model 512, 8 heads, FFN 2048, swish, scaled embeddings, 512 positions, a shared
vocabulary of 58,101 entries: the same matrix work per token as a Helsinki-NLP opus-mt model.
The SentencePiece tokenizer is trained on seeded synthetic text (nothing is downloaded) with
8,000 pieces; the vocabulary is padded with never-produced fillers to 58,101, as opus-mt's is
large, so the output projection costs what it costs in a real model. Converted to CTranslate2
int8. About 75 MB; cached under bench/out/ (gitignored).

Needs torch and transformers, which bbabo does not depend on; a throw-away venv, with the CPU
build of torch pinned (a plain ``torch`` pulls a multi-GB CUDA build):

    python3 -m venv /tmp/mkmodel
    /tmp/mkmodel/bin/pip install torch==2.13.0 transformers sentencepiece ctranslate2
    /tmp/mkmodel/bin/python bench/build_opus_model.py --out bench/out/opus-mt-shaped
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

SHAPE = {"layers": 6, "d_model": 512, "heads": 8, "ffn": 2048, "vocab": 58101, "max_pos": 512}
PIECES = 8000


def corpus(path: Path, lines: int, seed: int) -> None:
    """Pseudo-news in Cyrillic and Latin script: words of 1-5 syllables, some digits."""
    rng = random.Random(seed)
    alphabets = (("бвгджзклмнпрстфхцчшщ", "аеиоуыяюэ"), ("bcdfghjklmnprstvwzł", "aeiouyę"))
    lexicons = [["".join(rng.choice(c) + rng.choice(v) for _ in range(rng.randint(1, 5)))
                 for _ in range(20000)] for c, v in alphabets]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(lines):
            lexicon = lexicons[i % 2]
            words = [rng.choice(lexicon) for _ in range(rng.randint(8, 30))]
            words[0] = words[0].capitalize()
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), str(rng.randint(1, 99999)))
            handle.write(" ".join(words) + ".\n")


def opus_vocab(spm_model: Path) -> dict[str, int]:
    """opus-mt's vocab.json layout: "</s>"=0, "<unk>"=1, the pieces, fillers, "<pad>" last."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(sp.get_piece_size()):
        if not (sp.is_control(i) or sp.is_unknown(i)):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    while len(vocab) < SHAPE["vocab"] - 1:
        vocab[f"<filler_{len(vocab)}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    return vocab


def build(out: Path, seed: int) -> dict[str, object]:
    import sentencepiece as spm
    import torch
    from ctranslate2.converters import TransformersConverter
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="opus-shaped-") as tmp:
        work = Path(tmp)
        corpus(work / "corpus.txt", 60000, seed)
        spm.SentencePieceTrainer.train(
            input=str(work / "corpus.txt"), model_prefix=str(work / "spm"), vocab_size=PIECES,
            model_type="unigram", character_coverage=0.9995, num_threads=2, unk_id=0,
            bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
        vocab = opus_vocab(work / "spm.model")
        pad = vocab["<pad>"]
        hf = work / "hf"
        hf.mkdir()
        for name in ("source.spm", "target.spm"):
            shutil.copy(work / "spm.model", hf / name)
        (hf / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        MarianTokenizer(str(hf / "source.spm"), str(hf / "target.spm"), str(hf / "vocab.json"),
                        source_lang="xx", target_lang="yy").save_pretrained(str(hf))
        config = MarianConfig(
            vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=SHAPE["d_model"],
            encoder_layers=SHAPE["layers"], decoder_layers=SHAPE["layers"],
            encoder_attention_heads=SHAPE["heads"], decoder_attention_heads=SHAPE["heads"],
            encoder_ffn_dim=SHAPE["ffn"], decoder_ffn_dim=SHAPE["ffn"],
            max_position_embeddings=SHAPE["max_pos"], activation_function="swish",
            scale_embedding=True, share_encoder_decoder_embeddings=True,
            tie_word_embeddings=True, pad_token_id=pad, decoder_start_token_id=pad,
            eos_token_id=0, bos_token_id=0, forced_eos_token_id=0)
        torch.manual_seed(seed)
        model = MarianMTModel(config).eval()
        model.save_pretrained(str(hf))
        if out.exists():
            shutil.rmtree(out)
        TransformersConverter(str(hf)).convert(str(out), quantization="int8", force=True)
        for name in ("source.spm", "target.spm"):
            shutil.copy(hf / name, out / name)
        parameters = sum(p.numel() for p in model.parameters())
    record = {"shape": SHAPE, "pieces": PIECES, "parameters": parameters, "seed": seed,
              "bytes": sum(f.stat().st_size for f in out.iterdir()),
              "build_s": round(time.perf_counter() - started, 1)}
    (out / "bbabo-model.json").write_text(json.dumps(
        {"name": "opus-mt-shaped-random", "max_positions": SHAPE["max_pos"]}) + "\n")
    (out / "build.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(json.dumps(build(args.out, args.seed), indent=2))


if __name__ == "__main__":
    main()
