"""Apertium engine: Debian's rule-based pairs (``apt-get install apertium apertium-eng-spa``).

Gist quality, but fast, small and packaged, so it is a fallback for pairs with no neural model
and a real engine for tests. All the sentences of a call go through one ``apertium`` process.
"""

from __future__ import annotations

import logging
import re
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from bbabo import langs
from bbabo.errors import ModelMissing, TranslationError

__all__ = ["ApertiumEngine"]

log = logging.getLogger(__name__)

_MODE = re.compile(r"[a-z]{2,3}-[a-z]{2,3}")  # "eng-spa"; variants such as "spa-eng_US" are left
# Debian's packages of Apertium pairs between languages bbabo knows, by the direction each
# ships a mode for (`dpkg -c` of each, Debian 12), for the install hint only: naming a package
# Debian does not have (apertium-eng-pol), or one without the direction (apertium-es-ro has
# only ro-es), sent operators after nothing.
_DEBIAN_PAIRS = {
    pair: package
    for package, pairs in (
        ("apertium-eng-spa", ("en-es", "es-en")), ("apertium-bel-rus", ("be-ru", "ru-be")),
        ("apertium-rus-ukr", ("ru-uk", "uk-ru")), ("apertium-spa-ita", ("es-it", "it-es")),
        ("apertium-fr-es", ("fr-es", "es-fr")), ("apertium-es-pt", ("es-pt", "pt-es")),
        ("apertium-es-ro", ("ro-es",)), ("apertium-swe-dan", ("sv-da", "da-sv")),
        ("apertium-swe-nor", ("sv-no", "no-sv")), ("apertium-dan-nor", ("da-no", "no-da")),
        ("apertium-urd-hin", ("ur-hi", "hi-ur")),
    )
    for pair in pairs
}
# Debian 12's apertium-tagger crashes on these pairs' taggers, and `apertium` then prints nothing
# and exits 0. This pipeline is the stock one with the tagger replaced by a sed that keeps the
# constraint grammar's first reading. Some readings it keeps (determiner + noun) make the first
# transfer stage emit two words with no blank between them ("шоступеремогу"); the perl step puts
# a blank between adjacent words inside a chunk, except around punctuation.
_NO_TAGGER = {"rus-ukr", "ukr-rus"}
_NO_TAGGER_PIPELINE = (
    "apertium-destxt"
    " | lt-proc -w {d}/{m}.automorf.bin"
    " | cg-proc -w {d}/{m}.rlx.bin"
    r" | sed 's/\^\([^/$]*\)\/\([^/$]*\)\(\/[^$]*\)\{{0,1\}}\$/^\2$/g'"
    " | apertium-pretransfer"
    " | lt-proc -b {d}/{m}.autobil.bin"
    " | lrx-proc -m {d}/{m}.autolex.bin"
    " | apertium-transfer -b {d}/apertium-rus-ukr.{m}.t1x {d}/{m}.t1x.bin"
    r" | perl -pe 's/(?<!<lquot>)(?<!<lpar>)(?<=>)\$\^"
    r"(?![^<\$]*<(?:cm|sent|rpar|rquot|apos|guio)>)/\$ ^/g'"
    " | apertium-interchunk {d}/apertium-rus-ukr.{m}.t2x {d}/{m}.t2x.bin"
    " | apertium-postchunk {d}/apertium-rus-ukr.{m}.t3x {d}/{m}.t3x.bin"
    " | lt-proc -n {d}/{m}.autogen.bin"  # -n: no "*" on unknown words, as `apertium -u`
    " | lt-proc -p {d}/{m}.autopgen.bin"
    " | apertium-retxt"
)
_NO_TAGGER_FILES = ("automorf.bin", "rlx.bin", "autobil.bin", "autolex.bin", "t1x.bin",
                    "t2x.bin", "t3x.bin", "autogen.bin", "autopgen.bin")


class ApertiumEngine:
    """Runs the ``apertium`` command found on PATH (no pairs when there is none)."""

    name = "apertium"

    def __init__(
        self,
        executable: str | None = None,
        *,
        data_dir: Path = Path("/usr/share/apertium"),
        timeout_s: float = 300.0,
    ) -> None:
        self.executable = executable or shutil.which("apertium")
        self._data_dir = data_dir
        self._timeout_s = timeout_s
        self._modes: dict[tuple[str, str], str] | None = None

    @property
    def available(self) -> bool:
        return self.executable is not None

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._list_modes())

    def model_id(self, src: str, tgt: str) -> str:
        return f"apertium-{self._mode(src, tgt)}"

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        mode = self._mode(src, tgt)
        # A newline inside a sentence would shift every later line of the output.
        clean = [" ".join(text.split()) for text in texts]
        todo = [text for text in clean if text]
        if not todo:
            return ["" for _ in texts]
        done = iter(self._translate_all(mode, todo))
        return [next(done) if text else "" for text in clean]

    def install_hint(self, src: str, tgt: str) -> str:
        package = _DEBIAN_PAIRS.get(f"{src}-{tgt}")
        if package is None:
            return ""  # Debian has no package for it
        if self.available:
            return f"install Debian's {package}"
        return f"install Debian's apertium and {package}"

    def _list_modes(self) -> dict[tuple[str, str], str]:
        # Installing a language pair means restarting bbabo; one `apertium -l` per engine object.
        if self._modes is None:
            self._modes = {} if self.executable is None else _parse_modes(self._run_list())
        return self._modes

    def _run_list(self) -> str:
        assert self.executable is not None
        try:
            done = subprocess.run([self.executable, "-l"], capture_output=True, check=True,
                                  timeout=30)
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("apertium -l failed: %s", exc, extra={"engine": self.name})
            return ""
        return done.stdout.decode("utf-8", errors="replace")

    def _mode(self, src: str, tgt: str) -> str:
        mode = self._list_modes().get((src, tgt))
        if mode is None:
            raise ModelMissing(f"apertium has no {src}→{tgt} pair installed")
        return mode

    def _translate_all(self, mode: str, texts: list[str]) -> list[str]:
        # A blank line ends a paragraph, so Apertium's transfer rules cannot move words between
        # sentences (with single newlines "The big dog\nHouse" comes out as "La Casa de\nperro").
        output = self._run(mode, "\n\n".join(texts) + "\n")
        if not output.strip():
            raise TranslationError(f"apertium {mode} printed nothing for {len(texts)} sentences")
        lines = output.rstrip("\n").split("\n")
        if len(lines) == 2 * len(texts) - 1 and not any(lines[1::2]):
            results = [line.strip() for line in lines[0::2]]
            if all(results):
                return results
        log.warning(
            "apertium changed the line structure; translating one sentence at a time",
            extra={"engine": self.name, "mode": mode, "sentences": len(texts)},
        )
        return [self._translate_one(mode, text) for text in texts]

    def _translate_one(self, mode: str, text: str) -> str:
        result = " ".join(self._run(mode, text + "\n").split())
        if not result:
            raise TranslationError(f"apertium {mode} printed nothing for {text[:60]!r}")
        return result

    def _run(self, mode: str, data: str) -> str:
        try:
            done = subprocess.run(self._command(mode), input=data.encode("utf-8"),
                                  capture_output=True, timeout=self._timeout_s)
        except subprocess.TimeoutExpired:
            raise TranslationError(f"apertium {mode} timed out after {self._timeout_s} s") from None
        except OSError as exc:
            raise TranslationError(f"cannot run apertium {mode}: {exc}") from exc
        if done.returncode != 0:
            stderr = done.stderr.decode("utf-8", errors="replace").strip()[-300:]
            raise TranslationError(f"apertium {mode} exited {done.returncode}: {stderr}")
        return done.stdout.decode("utf-8", errors="replace")

    def _command(self, mode: str) -> list[str]:
        assert self.executable is not None
        pair_dir = self._data_dir / "apertium-rus-ukr"
        if mode in _NO_TAGGER and all(
            (pair_dir / f"{mode}.{name}").is_file() for name in _NO_TAGGER_FILES
        ):
            return ["sh", "-c", _NO_TAGGER_PIPELINE.format(d=shlex.quote(str(pair_dir)), m=mode)]
        return [self.executable, "-u", "-f", "txt", mode]


def _parse_modes(listing: str) -> dict[tuple[str, str], str]:
    modes: dict[tuple[str, str], str] = {}
    for line in listing.split():
        if not _MODE.fullmatch(line):
            continue
        src, tgt = line.split("-")
        if langs.is_known(src) and langs.is_known(tgt):
            modes.setdefault((langs.normalize(src), langs.normalize(tgt)), line)
    return modes
