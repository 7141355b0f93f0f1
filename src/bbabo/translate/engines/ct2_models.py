"""Where CTranslate2 models live on disk and what each one translates.

Per-pair models: ``<models_dir>/<src>-<tgt>/`` holding a CTranslate2 model (``model.bin``) with
``source.spm`` and ``target.spm``; an unpacked Argos Translate package (``model/model.bin``
beside one ``sentencepiece.model``) works too.

Multilingual models (NLLB-200, M2M-100): any other directory name, with a ``bbabo-model.json``
saying ``{"multilingual": "nllb"|"m2m100"}`` (and optionally ``"languages": [...]`` to narrow the
pairs), ``model.bin`` and one SentencePiece model (``sentencepiece.bpe.model``,
``sentencepiece.model`` or ``source.spm``). They need a language token before the source and a
target-language prefix for the decoder.

An optional ``bbabo-model.json`` (``{"name", "version", "max_positions"}``) names the model in
the translations it makes; otherwise the directory name does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bbabo import langs
from bbabo.errors import TranslationError

__all__ = ["MODEL_META", "ModelFiles", "scan_models", "read_meta", "source_suffix",
           "language_token", "MULTILINGUAL_CODES"]

MODEL_META = "bbabo-model.json"
_SPM_NAMES = ("sentencepiece.bpe.model", "sentencepiece.model", "source.spm")

# bbabo code -> the language token of each multilingual family.
_NLLB = dict(pair.split(":") for pair in (
    "ar:arb_Arab be:bel_Cyrl bg:bul_Cyrl cs:ces_Latn da:dan_Latn de:deu_Latn el:ell_Grek "
    "en:eng_Latn es:spa_Latn et:est_Latn fa:pes_Arab fi:fin_Latn fr:fra_Latn he:heb_Hebr "
    "hi:hin_Deva hr:hrv_Latn hu:hun_Latn hy:hye_Armn id:ind_Latn it:ita_Latn ja:jpn_Jpan "
    "ka:kat_Geor kk:kaz_Cyrl ko:kor_Hang lt:lit_Latn lv:lvs_Latn nl:nld_Latn no:nob_Latn "
    "pl:pol_Latn pt:por_Latn ro:ron_Latn ru:rus_Cyrl sk:slk_Latn sl:slv_Latn sr:srp_Cyrl "
    "sv:swe_Latn tr:tur_Latn uk:ukr_Cyrl ur:urd_Arab uz:uzn_Latn vi:vie_Latn zh:zho_Hans"
).split())
MULTILINGUAL_CODES: dict[str, dict[str, str]] = {
    "nllb": _NLLB,
    "m2m100": {code: f"__{code}__" for code in langs.LANGUAGES},
}


@dataclass(frozen=True, slots=True)
class ModelFiles:
    directory: Path
    model_dir: Path
    source_spm: Path
    target_spm: Path
    family: str | None = None  # "nllb" or "m2m100" for a multilingual model
    languages: frozenset[str] = frozenset()
    # A multilingual model installed as a fallback serves only pairs with one of these
    # languages (empty: every pair of ``languages``); the rest go to faster per-pair models.
    serves: frozenset[str] = frozenset()

    def pairs(self) -> set[tuple[str, str]]:
        return {(a, b) for a in self.languages for b in self.languages
                if a != b and (not self.serves or a in self.serves or b in self.serves)}


def scan_models(models_dir: Path) -> dict[tuple[str, str], ModelFiles]:
    """Every pair the models under ``models_dir`` translate; a per-pair model wins over a
    multilingual one (it is several times faster on a CPU)."""
    found: dict[tuple[str, str], ModelFiles] = {}
    if not models_dir.is_dir():
        return found
    multilingual: list[ModelFiles] = []
    for directory in sorted(models_dir.iterdir()):
        if directory.name.startswith("."):
            continue  # downloads and installs in progress
        pair = pair_of(directory.name)
        if pair is not None:
            files = _pair_files(directory)
            if files is not None:
                found.setdefault(pair, files)
        else:
            files = _multilingual_files(directory)
            if files is not None:
                multilingual.append(files)
    for files in multilingual:
        for pair in sorted(files.pairs()):
            found.setdefault(pair, files)
    return found


def pair_of(dirname: str) -> tuple[str, str] | None:
    parts = dirname.split("-")
    if len(parts) != 2 or not all(langs.is_known(part) for part in parts):
        return None
    src, tgt = (langs.normalize(part) for part in parts)
    return (src, tgt) if src != tgt else None


def _pair_files(directory: Path) -> ModelFiles | None:
    if (directory / "model.bin").is_file():
        source, target = directory / "source.spm", directory / "target.spm"
        if source.is_file() and target.is_file():
            return ModelFiles(directory, directory, source, target)
    argos_spm = directory / "sentencepiece.model"
    if (directory / "model" / "model.bin").is_file() and argos_spm.is_file():
        return ModelFiles(directory, directory / "model", argos_spm, argos_spm)
    return None


def _multilingual_files(directory: Path) -> ModelFiles | None:
    if not (directory / MODEL_META).is_file() or not (directory / "model.bin").is_file():
        return None
    meta = read_meta(directory)
    family = meta.get("multilingual")
    if family not in MULTILINGUAL_CODES:
        return None
    spm = next((directory / name for name in _SPM_NAMES if (directory / name).is_file()), None)
    if spm is None:
        return None
    known = set(MULTILINGUAL_CODES[family])
    wanted = {langs.normalize(c) for c in meta.get("languages", known) if langs.is_known(c)}
    serves = {langs.normalize(c) for c in meta.get("serves", ()) if langs.is_known(c)}
    return ModelFiles(directory, directory, spm, spm, family, frozenset(wanted & known),
                      frozenset(serves))


def read_meta(directory: Path) -> dict[str, Any]:
    """``bbabo-model.json``: optional ``name``, ``version``, ``max_positions``, and for
    multilingual models ``multilingual``, ``languages`` and ``serves``."""
    meta_path = directory / MODEL_META
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or not int(meta.get("max_positions", 1)) > 0:
            raise ValueError("not an object with a positive max_positions")
        for key in ("languages", "serves"):
            if not isinstance(meta.get(key, []), list):
                raise ValueError(f"{key} must be a list of codes")
    except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise TranslationError(
            f"{meta_path}: expected {{\"name\", \"version\", \"max_positions\"}}: {exc}",
            code="translate.model_invalid",
        ) from None
    return meta


def language_token(family: str, code: str) -> str:
    return MULTILINGUAL_CODES[family][code]


def source_suffix(model_dir: Path) -> tuple[str, ...]:
    """The tokens a source sentence must end with for this model.

    Marian and NLLB/M2M models converted from Transformers were trained on sources ending in
    "</s>" (the Transformers tokenizer appends it) and start decoding from "</s>"; CTranslate2
    does not add it for them. OpenNMT (Argos) models start from "<s>" and want no suffix; models
    converted from Marian itself say ``add_source_eos`` and CTranslate2 appends it.
    """
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return ()
    eos = config.get("eos_token")
    if eos and not config.get("add_source_eos") and config.get("decoder_start_token") == eos:
        return (str(eos),)
    return ()
