"""Language identification benchmark: accuracy and memory of bbabo's language ID as configured
before issue 14 (lingua choosing among every language bbabo knows, in its high-accuracy mode),
with lingua's low-accuracy mode alone, and now (the languages in play for a text that declares
its language, every language for one that does not, low-accuracy mode), in the same run.

    make bench-langid ARGS="[--data PATH] [--split report|tune] [--write docs/benchmarks.md]"

Data, read at run time and never committed:
  * WMT23's general test sets (github.com/wmt-conference/wmt23-news-systems, ``txt/sources``
    and ``txt/references``): sources and human reference translations in cs, de, en, he, ja,
    ru, uk and zh (news, social media posts, speech transcripts, product reviews). ``--data``
    names a checkout or a bare git mirror of that repository; without it, those two folders
    (7 MB) are cloned, sparse, into bench/out/. The first half of every file is for tuning
    (``--split tune``); the second half is what is reported.
  * The quality corpus of tests/quality (31 pages in 17 languages written for bbabo's tests: a
    regression floor rather than evidence).

Kinds of text: ``sentence <120``: one segment of 20-119 letters (lingua's two modes differ only
below 120 letters; bbabo's QA check asks about titles and paragraphs this short); ``sentence
>=120``: one segment of 120 letters or more; ``passage``: consecutive segments of one file
joined to 600 characters or more, what bbabo reads of an article; for the quality corpus, each
article and each title and paragraph. Each comes declared (its own language as the hint),
declared wrongly (English, German for English texts: a template stuck on English) or
undeclared. The QA check (``QualityChecker.unit_flags``, as production builds it around the
same detector) runs on human reference translations, where an ``untranslated`` flag is a false
alarm, and, for the pairs whose scripts are alike (the only ones it asks lingua about), on the
source passed through with its first word dropped, which it must flag.

The deployment measured: the default target languages (ru, uk, be, pl, en, fr, de, es, it, bg)
with sources in every language measured, so each is in play. ``Outside the set``: pages in
languages not in play that declare English, on a site with the default targets alone.

Each configuration runs in its own process (lingua's models are shared process-wide), so its
peak RSS is its own; the figure includes Python with bbabo imported (also given alone). The
last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
OUT = ROOT / "bench" / "out"
WMT_URL = "https://github.com/wmt-conference/wmt23-news-systems"
QUALITY = ROOT / "tests" / "quality" / "corpus"
TARGETS = ("ru", "uk", "be", "pl", "en", "fr", "de", "es", "it", "bg")
SHORT_MIN, LONG_MIN, PASSAGE_CHARS = 20, 120, 600
PER_KIND = {"sentence <120": 400, "sentence >=120": 200, "passage": 150}
QA_PER_PAIR = 400
_SCRIPT = {"ru": "Cyrillic", "uk": "Cyrillic", "he": "Hebrew", "ja": "Japanese", "zh": "Han"}
CONFIGS = {"before": "every language, high accuracy", "low only": "every language, low accuracy",
           "now": "languages in play, low accuracy"}


# ---------------------------------------------------------------- data

def wmt_files(data: Path | None) -> dict[str, str]:
    """``txt/`` file name -> text, from a checkout, a bare mirror, or a fresh sparse clone."""
    if data is None:
        data = OUT / "wmt23-news-systems"
        if not (data / "txt").is_dir():
            print(f"cloning txt/sources and txt/references of {WMT_URL} into {data} ...",
                  file=sys.stderr)
            part = data.with_name(data.name + ".part")  # renamed into place once complete
            shutil.rmtree(part, ignore_errors=True)
            try:
                subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--filter=blob:none",
                                "--sparse", WMT_URL, str(part)], check=True)
                subprocess.run(["git", "-C", str(part), "sparse-checkout", "set",
                                "txt/sources", "txt/references"], check=True)
            except (OSError, subprocess.CalledProcessError) as exc:
                raise SystemExit(f"cannot fetch WMT23 ({exc}); pass --data PATH to a checkout "
                                 "or mirror of wmt23-news-systems") from None
            part.rename(data)
    if (data / "txt").is_dir():
        return {p.relative_to(data / "txt").as_posix(): p.read_text(encoding="utf-8")
                for folder in ("sources", "references")
                for p in sorted((data / "txt" / folder).glob("*")) if p.is_file()}
    git = ["git", "--git-dir", str(data)]
    try:
        names = subprocess.run([*git, "ls-tree", "-r", "--name-only", "HEAD", "txt/sources",
                                "txt/references"], check=True, capture_output=True,
                               text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        raise SystemExit(f"{data} is neither a checkout nor a git mirror of "
                         "wmt23-news-systems") from None
    return {name.removeprefix("txt/"): subprocess.run(
        [*git, "show", f"HEAD:{name}"], check=True, capture_output=True).stdout.decode("utf-8")
        for name in names}


def letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def half(lines: list[str], split: str) -> list[str]:
    middle = len(lines) // 2
    return lines[:middle] if split == "tune" else lines[middle:]


def wmt_texts(files: dict[str, str], split: str) -> list[tuple[str, str, str]]:
    """(kind, language, text), sampled per language and kind with a fixed seed."""
    pools: dict[tuple[str, str], list[str]] = defaultdict(list)
    seen: set[str] = set()
    for name, text in sorted(files.items()):
        if not name.startswith(("sources/", "references/")):
            continue
        lang = name.rsplit(".", 1)[1]
        lines = [line.strip() for line in half(text.splitlines(), split)]
        passage: list[str] = []
        for line in lines:
            if line and line not in seen:
                seen.add(line)
                n = letters(line)
                if n >= SHORT_MIN:
                    pools["sentence <120" if n < LONG_MIN else "sentence >=120", lang].append(line)
            passage.append(line)
            joined = " ".join(part for part in passage if part)
            if len(joined) >= PASSAGE_CHARS:
                if joined not in seen:  # English sources recur in every en-* file
                    seen.add(joined)
                    pools["passage", lang].append(joined)
                passage = []
    rng = random.Random(14)
    sample = []
    for (kind, lang), pool in sorted(pools.items()):
        rng.shuffle(pool)
        sample += [(kind, lang, text) for text in pool[:PER_KIND[kind]]]
    return sample


QACase = tuple[str, str, str, str, str]
"""(kind, source language, target language, source, translation)"""


def qa_cases(files: dict[str, str], split: str) -> list[QACase]:
    """``reference``: each pair's human reference translation, and for ru→uk and uk→ru the
    Ukrainian and Russian references of the same English sentence (all right: a flag is a false
    alarm); ``untranslated``: for the pairs whose scripts are alike (where lingua is asked), the
    source itself with its first word dropped, so that the identity check does not catch it (an
    engine passing a sentence through: the check must flag it)."""
    rng = random.Random(14)
    cases: list[QACase] = []
    for name, text in sorted(files.items()):
        if not name.startswith("references/") or ".refA." not in name:
            continue
        pair = name.split(".")[1]  # references/generaltest2023.en-uk.ref.refA.uk
        src, tgt = pair.split("-")
        sources = files.get(f"sources/generaltest2023.{pair}.src.{src}")
        if sources is not None:
            cases += _pairs(rng, src, tgt, sources, text, split)
    ru = files.get("references/generaltest2023.en-ru.ref.refA.ru", "")
    uk = files.get("references/generaltest2023.en-uk.ref.refA.uk", "")
    if ru and len(ru.splitlines()) == len(uk.splitlines()):  # the same English source lines
        cases += _pairs(rng, "ru", "uk", ru, uk, split) + _pairs(rng, "uk", "ru", uk, ru, split)
    return cases


def _pairs(rng: random.Random, src: str, tgt: str, sources: str, targets: str,
           split: str) -> list[QACase]:
    both = [(s.strip(), t.strip()) for s, t in zip(half(sources.splitlines(), split),
                                                   half(targets.splitlines(), split),
                                                   strict=False) if s.strip() and t.strip()]
    rng.shuffle(both)
    cases = [("reference", src, tgt, s, t) for s, t in both[:QA_PER_PAIR]]
    if _SCRIPT.get(src, "Latin") == _SCRIPT.get(tgt, "Latin"):
        cases += [("untranslated", src, tgt, s, s.split(" ", 1)[1]) for s, _ in both[:QA_PER_PAIR]
                  if s.count(" ") >= 4]
    return cases


def quality_texts() -> list[tuple[str, str, str]]:
    texts = []
    for page in sorted(QUALITY.glob("*.json")):
        record = json.loads(page.read_text(encoding="utf-8"))
        lang, title, paragraphs = record["lang"], record["title"], record["paragraphs"]
        texts.append(("article", lang, "\n".join([title, *paragraphs])))
        texts += [("title or paragraph", lang, part) for part in [title, *paragraphs]
                  if letters(part) >= SHORT_MIN]
    return texts


# ---------------------------------------------------------------- one configuration

def wrong_hint(lang: str) -> str:
    """A declaration a template stuck on English would give (German for English pages)."""
    return "de" if lang == "en" else "en"


def child(config: str, in_play: list[str], texts_path: Path) -> dict[str, Any]:
    """Run one configuration over the texts in this process; peak RSS is the process's. Pages
    that declare their language come first (the first peak is a site whose pages all do, as
    the demo's), then the QA check, then pages that declare none."""
    from bbabo.errors import UnsupportedLanguage
    from bbabo.langid import LanguageDetector
    from bbabo.memory import peak_resident_bytes
    from bbabo.translate.qa.checks import QualityChecker

    payload = json.loads(texts_path.read_text(encoding="utf-8"))
    python_mb = peak_resident_bytes() / 2**20
    detector = {"before": lambda: LanguageDetector(low_accuracy=False),
                "low only": lambda: LanguageDetector(),
                "now": lambda: LanguageDetector.for_languages_in_play(in_play)}[config]()
    results: list[list[Any]] = []
    timings: list[float] = []

    def pages(phase: str) -> None:
        for kind, lang, text in payload["texts"]:
            if phase not in payload["phases"].get(kind, []):
                continue
            hint = {"declared": lang, "declared wrongly": wrong_hint(lang)}.get(phase)
            started = time.perf_counter()
            try:
                got = detector.detect(text, hint=hint).lang
            except UnsupportedLanguage:
                got = None
            timings.append(time.perf_counter() - started)
            results.append([f"{kind}, {phase}", lang, got])

    pages("declared")
    pages("declared wrongly")
    declared_mb = peak_resident_bytes() / 2**20
    checker = QualityChecker(detector)  # as production builds it, around the same detector
    qa: list[list[Any]] = []
    for kind, src, tgt, source, target in payload["qa"]:
        found = [flag.detail for flag in checker.unit_flags([source], [target], src, tgt)
                 if flag.check == "untranslated"]
        qa.append([kind, tgt, found[0] if found else None])
    qa_mb = peak_resident_bytes() / 2**20
    pages("undeclared")
    return {"results": results, "qa": qa, "median_ms": 1000 * statistics.median(timings),
            "python_mb": python_mb, "declared_mb": declared_mb, "qa_mb": qa_mb,
            "peak_mb": peak_resident_bytes() / 2**20, "languages": sorted(detector.languages)}


def run_child(config: str, in_play: list[str], texts: list[tuple[str, str, str]],
              phases: dict[str, list[str]],
              qa: list[QACase]) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"langid-{os.getpid()}.json"
    path.write_text(json.dumps({"texts": texts, "phases": phases, "qa": qa},
                               ensure_ascii=False), encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, __file__, "--child", config, "--in-play",
                               ",".join(in_play), "--texts", str(path)], check=True,
                              capture_output=True, text=True)
    finally:
        path.unlink()
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


# ---------------------------------------------------------------- report

def accuracy(results: list[list[Any]]) -> dict[tuple[str, str], tuple[int, int]]:
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for kind, lang, got in results:
        table[kind, lang][0] += got == lang
        table[kind, lang][1] += 1
    return {key: (right, total) for key, (right, total) in table.items()}


def pct(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}" if total else "–"


def table_rows(runs: dict[str, dict[str, Any]]) -> Iterator[str]:
    acc = {config: accuracy(run["results"]) for config, run in runs.items()}
    first = next(iter(acc.values()))
    langs = sorted({lang for _, lang in first})
    kinds = list(dict.fromkeys(kind for kind, _, _ in next(iter(runs.values()))["results"]))
    yield "| text | configuration | " + " | ".join(langs) + " | all |"
    yield "|---|---|" + "---:|" * (len(langs) + 1)
    for kind in kinds:
        for config in runs:
            cells = []
            right_all = total_all = 0
            for lang in langs:
                right, total = acc[config].get((kind, lang), (0, 0))
                right_all, total_all = right_all + right, total_all + total
                cells.append(pct(right, total))
            yield (f"| {kind} | {config} | " + " | ".join(cells)
                   + f" | **{pct(right_all, total_all)}** |")


def sizes(texts: list[tuple[str, str, str]]) -> str:
    counts = Counter((kind, lang) for kind, lang, _ in texts)
    kinds = dict.fromkeys(kind for kind, _ in counts)
    return "; ".join(f"{kind}: " + ", ".join(f"{lang} {n}" for (k, lang), n in
                                              sorted(counts.items()) if k == kind)
                     for kind in kinds)


def qa_cell(run: dict[str, Any], kind: str) -> str:
    rows = [(tgt, detail) for k, tgt, detail in run["qa"] if k == kind]
    flagged = Counter(tgt for tgt, detail in rows if detail)
    n = sum(flagged.values())
    detail = ", ".join(f"{lang} {count}" for lang, count in sorted(flagged.items()))
    return f"{n} of {len(rows)} ({100 * n / len(rows):.1f}%){': ' + detail if detail else ''}"


def summary(wmt: dict[str, dict[str, Any]]) -> str:
    """The headline figures, before → now."""
    before, now = wmt["before"], wmt["now"]

    def kind_pct(run: dict[str, Any], kind: str) -> str:
        rows = [got == lang for k, lang, got in run["results"] if k == kind]
        return pct(sum(rows), len(rows))

    def flags(run: dict[str, Any], kind: str) -> int:
        return sum(1 for k, _, detail in run["qa"] if k == kind and detail)

    kinds = list(dict.fromkeys(kind for kind, _, _ in now["results"]))
    accuracy_text = "; ".join(f"{kind} {kind_pct(before, kind)} → {kind_pct(now, kind)}"
                              for kind in kinds)
    return (f"Peak resident memory **{before['peak_mb']:.0f} MB → {now['peak_mb']:.0f} MB** "
            f"({now['peak_mb'] / before['peak_mb']:.2f}×; {now['declared_mb']:.0f} MB while "
            f"only pages declaring their language had come, {now['qa_mb']:.0f} MB after the QA "
            f"check too; Python and bbabo alone {now['python_mb']:.0f} MB). Accuracy, all "
            f"WMT23 languages, before → now: {accuracy_text}. QA false flags "
            f"{flags(before, 'reference')} → {flags(now, 'reference')}; text left in the source "
            f"language caught {flags(before, 'untranslated')} → "
            f"{flags(now, 'untranslated')}.")


def outside_summary(run: dict[str, Any]) -> list[str]:
    by_lang: dict[str, Counter[str | None]] = defaultdict(Counter)
    for _, lang, got in run["results"]:
        by_lang[lang][got] += 1
    lines = []
    for lang, counter in sorted(by_lang.items()):
        total = sum(counter.values())
        parts = ", ".join(f"{got or 'no answer'} {100 * n / total:.0f}%"
                          for got, n in counter.most_common(3))
        lines.append(f"{lang} ({total} texts): {parts}")
    return lines


def report(args: argparse.Namespace, wmt: dict[str, dict[str, Any]],
           quality: dict[str, dict[str, Any]], outside: dict[str, Any],
           wmt_sample: list[tuple[str, str, str]]) -> str:
    lines = [
        "## Language identification",
        "",
        f"`bench/langid.py --split {args.split}`, {datetime.now(UTC):%Y-%m-%d}, CPython "
        f"{platform.python_version()}, {platform.machine()}, lingua-language-detector "
        f"{_lingua_version()}, load average {os.getloadavg()[0]:.1f}. Accuracy in % (share of "
        "texts whose language bbabo names right); memory is the peak resident set of a process "
        "that ran only that configuration, Python and bbabo included.",
        "",
        f"Configurations: **before** = {CONFIGS['before']} (bbabo until issue 14: lingua "
        f"chooses among all {len(wmt['before']['languages'])} languages bbabo knows); "
        f"**low only** = {CONFIGS['low only']}; **now** = {CONFIGS['now']} (bbabo now: the "
        f"default targets and the languages measured, {len(wmt['now']['languages'])} with the "
        "languages of scripts none of them uses; a text that declares no language is told "
        "among every language, in low-accuracy mode, and so is the QA check's text, which "
        "declares none). *Declared*: the text comes with its right language as the page's "
        "declaration; *declared wrongly*: with English (German for English texts), as a "
        "template stuck on English would; *undeclared*: with none.",
        "",
        summary(wmt),
        "",
        f"**WMT23** ({args.split} half; {sizes(wmt_sample)}):",
        "",
        *table_rows(wmt),
        "",
        "| configuration | QA `untranslated` flags on human translations (all false) | "
        "source passed through, caught (de→en, en→cs, en→de, ru→uk, uk→ru) | "
        "peak RSS, MB: declared pages | + QA check | + undeclared pages | median ms per page |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for config, run in wmt.items():
        lines.append(f"| {config} | {qa_cell(run, 'reference')} | {qa_cell(run, 'untranslated')} | "
                     f"{run['declared_mb']:.0f} | {run['qa_mb']:.0f} | {run['peak_mb']:.0f} | "
                     f"{run['median_ms']:.2f} |")
    lines += ["", f"Python with bbabo imported, before any language ID: "
              f"{wmt['now']['python_mb']:.0f} MB.", "",
              "**Quality corpus** (tests/quality: 31 articles in 17 languages written for "
              "bbabo's tests, a regression floor rather than evidence):", "",
              *table_rows(quality), "",
              "**Outside the set**: a site on the default targets alone "
              f"({', '.join(TARGETS)}), pages in other languages that declare English: "
              "bbabo now names the nearest language in play (before, lingua chose among "
              "every language). A page declaring its own language, or none, is named right.",
              ""]
    lines += [f"- {line}" for line in outside_summary(outside)]
    lines.append("")
    return "\n".join(lines)


def _lingua_version() -> str:
    from importlib.metadata import version

    return version("lingua-language-detector")


def write_section(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else (
        "# Benchmarks\n\nMeasured figures; each section names the script that produced it.\n\n")
    start = text.find("## Language identification")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        rest = text[end + 1:] if end != -1 else ""
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="checkout or git mirror of wmt23-news-systems")
    parser.add_argument("--split", choices=("report", "tune"), default="report")
    parser.add_argument("--write", type=Path, help="update this file's Language identification "
                        "section")
    parser.add_argument("--child", choices=tuple(CONFIGS), help=argparse.SUPPRESS)
    parser.add_argument("--in-play", default="", help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.in_play.split(","), args.texts)))
        return

    files = wmt_files(args.data)
    wmt_sample = wmt_texts(files, args.split)
    qa = qa_cases(files, args.split)
    corpus = quality_texts()
    wmt_phases = {"sentence <120": ["declared", "undeclared"],
                  "sentence >=120": ["undeclared"],
                  "passage": ["declared wrongly", "undeclared"]}
    quality_phases = {"article": ["declared wrongly", "undeclared"],
                      "title or paragraph": ["declared", "undeclared"]}
    wmt_in_play = sorted(set(TARGETS) | {lang for _, lang, _ in wmt_sample})
    quality_in_play = sorted(set(TARGETS) | {lang for _, lang, _ in corpus})
    wmt_runs = {config: run_child(config, wmt_in_play, wmt_sample, wmt_phases, qa)
                for config in CONFIGS}
    quality_runs = {config: run_child(config, quality_in_play, corpus, quality_phases, [])
                    for config in CONFIGS}
    foreign = [(kind, lang, text) for kind, lang, text in wmt_sample + corpus
               if lang not in TARGETS and kind in ("passage", "article")]
    outside = run_child("now", list(TARGETS), foreign,
                        {"passage": ["declared wrongly"], "article": ["declared wrongly"]}, [])
    section = report(args, wmt_runs, quality_runs, outside, wmt_sample)
    print(section)
    if args.write:
        write_section(args.write, section)

    def overall(run: dict[str, Any]) -> float:
        return round(statistics.fmean(got == lang for _, lang, got in run["results"]), 4)

    print(json.dumps({
        "wmt_accuracy": {config: overall(run) for config, run in wmt_runs.items()},
        "quality_accuracy": {config: overall(run) for config, run in quality_runs.items()},
        "peak_rss_mb_declared": {config: round(run["declared_mb"])
                                 for config, run in wmt_runs.items()},
        "peak_rss_mb": {config: round(run["peak_mb"]) for config, run in wmt_runs.items()},
        "qa_false_flags": {config: sum(1 for k, _, d in run["qa"] if k == "reference" and d)
                           for config, run in wmt_runs.items()},
    }))


if __name__ == "__main__":
    main()
