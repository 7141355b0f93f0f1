"""QA checks benchmark (not part of the test suite): how often the checks of
``bbabo.translate.qa`` flag good human translations (false alarms), and how often they catch an
error put into one (one digit changed; a month changed to another month in the same inflection).

The sets are public and read at run time, never kept in this repository (bench/qadata.py): the
WMT21 to WMT24 general test sets, NTREX-128, and older WMT news sets to tune on, WMT13's news
test set in its German–French, German–Russian and French–Russian pairs kept aside
(bench/qadata.py says which is which).
Get them once (the German–French sets need OPUS-MT-testsets' history: one left its newest
tree), then run:

    mkdir -p data && for r in wmt-conference/wmt21-news-systems wmt-conference/wmt23-news-systems \\
        wmt-conference/wmt24-news-systems wmt-conference/wmt22-news-systems \\
        MicrosoftTranslator/NTREX; do git clone --depth 1 --filter=blob:none --sparse \\
        https://github.com/$r data/${r#*/} && git -C data/${r#*/} sparse-checkout set txt \\
        NTREX-128; done
    git clone --bare --filter=blob:none https://github.com/Helsinki-NLP/OPUS-MT-testsets \\
        data/OPUS-MT-testsets
    .venv/bin/python bench/qa.py --data data [--write docs/benchmarks.md]

``--show CHECK`` prints the good pairs a check flags (and, with ``--misses``, the injected errors
it misses), which is how the checks were tuned: on the tuning sets only.

A reference translation is not always faithful: a translator may leave a figure out or change it.
``--export FILE`` writes the pairs ``numbers`` flags as JSON lines, each with a key (set,
direction, line, a hash of the pair) for reviewers; their verdicts, in ``bench/qa-verdicts.tsv``
(``key<TAB>real|false<TAB>reason``; only our labels, never the text), let the report count the
flags on references that really differ from their source apart from the false alarms. A flag
without a verdict counts as a false alarm.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from qadata import Direction, MissingData, load_sets  # noqa: E402
from qainject import change_digit, change_month  # noqa: E402

from bbabo.langid import LanguageDetector  # noqa: E402
from bbabo.translate.qa import QualityChecker  # noqa: E402

CHECKS = ("numbers", "dates", "untranslated", "repetition", "length")
TARGETS = {"numbers": 0.003, "dates": 0.0005, "untranslated": 0.0005}
CATCH_TARGET = 0.99
REVIEWED = frozenset({"numbers", "dates"})  # checks whose flags reviewers judged
SEED = 15
# The kept-aside sets' figures as measured once, before the fixes that followed (the table under
# them is a re-run of the checks as they are now).
MEASURED_ONCE = (
    "Measured once, on 2026-12-07 (commit 0f54a06; the figures issue 15 is judged on; "
    "since then only `untranslated`'s second opinion changed, so the table's `numbers` and "
    "`dates` columns are the same measurement run again): 17,988 lines; `numbers` flagged "
    "62 lines (0.34%), 37 of "
    "them deserved, so **25 false alarms (0.14%, target ≤ 0.3%: met)**; `dates` flagged 12 "
    "(0.07%), 8 deserved, so **4 false alarms (0.022%, target ≤ 0.05%: met)**; "
    "`untranslated` 2 lines, 0.011% (met; both French read as English, none left with the "
    "function words' opinion that replaced lingua's high-accuracy reading after it); digit "
    "changes caught 99.79% (2,901 of 2,907), "
    "month changes 100% of 378 (met). The two rounds before it each missed one target when "
    "measured once (the eighth `dates`, 0.095%; the ninth `numbers`, 0.36%): see above.")
VERDICTS = Path(__file__).parent / "qa-verdicts.tsv"


def pair_key(direction: Direction, index: int, source: str, target: str) -> str:
    digest = hashlib.sha256(f"{source}\t{target}".encode()).hexdigest()[:12]
    return f"{direction.set_name}|{direction.label}|{index}|{digest}"


def flag_key(check: str, direction: Direction, index: int, source: str, target: str) -> str:
    """A `numbers` flag is keyed by its pair; a `dates` flag by ``dates|`` and its pair."""
    key = pair_key(direction, index, source, target)
    return key if check == "numbers" else f"{check}|{key}"


def verdict_of(verdicts: dict[str, str], key: str) -> str | None:
    """The reviewers' verdict on a flag: by its key, else by its pair alone (the key without
    its line's position), so a change to the sets that moves a pair keeps its verdict."""
    if key in verdicts:
        return verdicts[key]
    unplaced = _unplaced(key)
    return next((v for k, v in verdicts.items() if _unplaced(k) == unplaced), None)


def _unplaced(key: str) -> str:
    *head, _position, digest = key.split("|")
    return "|".join([*head, digest])


def read_verdicts(path: Path) -> dict[str, str]:
    """{key: "real" | "false"} from a reviewers' TSV; an unknown verdict is an error."""
    verdicts: dict[str, str] = {}
    if not path.exists():
        return verdicts
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, verdict, *_ = line.split("\t") + [""]
        if verdict not in ("real", "false"):
            sys.exit(f"{path}:{number}: verdict must be 'real' or 'false', not {verdict!r}")
        verdicts[key] = verdict
    return verdicts


@dataclass
class Tally:
    pairs: int = 0
    copies: int = 0
    flagged: Counter[str] = field(default_factory=Counter)
    digits: int = 0
    digits_caught: int = 0
    months: int = 0
    months_caught: int = 0
    # Flags on references reviewers found to differ from their source, by check.
    real: Counter[str] = field(default_factory=Counter)
    cheap_seconds: float = 0.0
    lingua_seconds: float = 0.0

    def add(self, other: Tally) -> None:
        self.pairs += other.pairs
        self.copies += other.copies
        self.flagged.update(other.flagged)
        self.digits += other.digits
        self.digits_caught += other.digits_caught
        self.months += other.months
        self.months_caught += other.months_caught
        self.real.update(other.real)
        self.cheap_seconds += other.cheap_seconds
        self.lingua_seconds += other.lingua_seconds

    def false_alarms(self, check: str) -> int:
        """The flags of ``check`` on references reviewers did not find unfaithful."""
        return self.flagged[check] - self.real[check]


def measure(direction: Direction, checker: QualityChecker, lingua: QualityChecker | None,
            show: str | None, misses: bool, verdicts: dict[str, str],
            export: list[dict[str, str]] | None = None) -> Tally:
    tally = Tally()
    rng = random.Random(f"{SEED}{direction.set_name}{direction.label}")
    src, tgt = direction.src, direction.tgt
    for index, (source, target) in enumerate(direction.pairs):
        if source.strip() == target.strip():
            tally.copies += 1  # a reference that copies its source is no good translation
            continue
        tally.pairs += 1
        start = time.perf_counter()
        problems = checker.sentence_problems(source, target, src, tgt)
        tally.cheap_seconds += time.perf_counter() - start
        checks = {check for check, _ in problems}
        if lingua is not None and "untranslated" not in checks:
            start = time.perf_counter()
            flags = lingua.unit_flags([source], [target], src, tgt)
            tally.lingua_seconds += time.perf_counter() - start
            problems += [(f.check, f.detail) for f in flags if f.check == "untranslated"]
            checks = {check for check, _ in problems}
        tally.flagged.update(checks)
        for check in REVIEWED & checks:
            key = flag_key(check, direction, index, source, target)
            tally.real[check] += verdict_of(verdicts, key) == "real"
            if export is not None:
                detail = "; ".join(d for c, d in problems if c == check)
                export.append({"key": key, "check": check,
                               "direction": f"{direction.set_name} {direction.label}",
                               "detail": detail, "source": source, "target": target})
        for check, detail in problems:
            if check == show:
                print(f"[{direction.set_name} {direction.label}] {detail}\n  S: {source}\n"
                      f"  T: {target}\n")
        if checks & {"numbers", "dates"}:
            continue  # an error put into a flagged pair would be "caught" for nothing
        for kind, mutated in (("digits", change_digit(source, target, rng)),
                              ("months", change_month(source, target, src, tgt, rng))):
            if mutated is None:
                continue
            found = {c for c, _ in checker.sentence_problems(source, mutated, src, tgt)}
            caught = bool(found & {"numbers", "dates"})
            setattr(tally, kind, getattr(tally, kind) + 1)
            setattr(tally, f"{kind}_caught", getattr(tally, f"{kind}_caught") + caught)
            if misses and not caught and show in (None, "numbers" if kind == "digits" else
                                                  "dates"):
                pairs = enumerate(zip(target, mutated, strict=False))
                at = next(i for i, (a, b) in pairs if a != b)
                print(f"[{direction.set_name} {direction.label}] MISSED {kind} "
                      f"…{target[max(0, at - 30):at + 30]}… → …{mutated[max(0, at - 30):at + 30]}…"
                      f"\n  S: {source}\n  T: {mutated}\n")
    return tally


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "–"


def _cells(t: Tally) -> str:
    shares = [_share(t.flagged[c], t.pairs) for c in CHECKS]
    shares.insert(1, _share(t.false_alarms("numbers"), t.pairs))
    shares.insert(3, _share(t.false_alarms("dates"), t.pairs))
    return (f"{t.pairs} | " + " | ".join(shares) + " | "
            f"{_share(t.digits_caught, t.digits)} of {t.digits} | "
            f"{_share(t.months_caught, t.months)} of {t.months} |")


def rows(results: Iterable[tuple[str, Tally]]) -> list[str]:
    out = ["| set | direction | pairs | numbers | numbers, false alarms | dates "
           "| dates, false alarms | untranslated | repetition | length | digit changes caught "
           "| month changes caught |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    out += [f"| {label} | {_cells(t)}" for label, t in results]
    return out


def verdict(name: str, total: Tally) -> str:
    parts = []
    for check, limit in TARGETS.items():
        share = total.flagged[check] / total.pairs
        if check not in REVIEWED:
            parts.append(f"`{check}` {100 * share:.2f}% (target ≤ {100 * limit:g}%: "
                         f"{'met' if share <= limit else '**not met**'})")
            continue
        # A flag on a reference that drops or changes a figure is no false alarm: the target
        # is judged on the flags whose reference reviewers found faithful (bench/qa-verdicts.tsv);
        # the raw share is given beside it.
        flagged, real = total.flagged[check], total.real[check]
        wrong = total.false_alarms(check) / total.pairs
        parts.append(f"`{check}` flags {100 * share:.2f}% of lines ({flagged}; raw share "
                     f"{'within' if share <= limit else '**over**'} the target); {real} of them "
                     f"are on references reviewers found unfaithful to the source, leaving "
                     f"{total.false_alarms(check)} false alarms, {100 * wrong:.2f}% (target ≤ "
                     f"{100 * limit:g}%: {'met' if wrong <= limit else '**not met**'})")
    for kind, label in (("digits", "digit changes"), ("months", "month changes")):
        n, caught = getattr(total, kind), getattr(total, f"{kind}_caught")
        share = caught / n if n else 0.0
        parts.append(f"{label} caught {100 * share:.2f}% (target ≥ 99%: "
                     f"{'met' if share >= CATCH_TARGET else '**not met**'})")
    return f"**{name}**: " + "; ".join(parts) + "."


def by_set(results: Iterable[tuple[str, Tally]]) -> str:
    """`numbers` flags and false alarms of each set, all its directions together."""
    sets: dict[str, Tally] = {}
    for label, tally in results:
        sets.setdefault(label.split(" | ")[0], Tally()).add(tally)
    parts = [f"{name} {_share(t.flagged['numbers'], t.pairs)} flagged, "
             f"{_share(t.false_alarms('numbers'), t.pairs)} false alarms "
             f"({t.flagged['numbers']} and {t.false_alarms('numbers')} of {t.pairs})"
             for name, t in sets.items()]
    return "`numbers` by set: " + "; ".join(parts) + "."


def section(results: dict[str, list[tuple[str, Tally]]], totals: dict[str, Tally],
            command: str) -> str:
    lines = [
        "## QA checks", "",
        f"`{command}`, {datetime.now(UTC):%Y-%m-%d}, CPython {platform.python_version()}.", "",
        "Good human translations of news text, read line by line as bbabo checks a paragraph: "
        "the share of pairs each check flags (a false alarm where the translation is right; "
        "for `numbers`, reviewed below), "
        "and, in the pairs the `numbers` and `dates` checks pass, the share of injected errors "
        "they catch: one digit changed in a number the source also has, and a month name "
        "changed to another month in the same inflection. `untranslated` includes the "
        "language identification of each line (lingua, every language bbabo knows), as in "
        "production. Tuned on WMT21's news test sets (`wmt-conference/wmt21-news-systems`, "
        "`txt/`: de↔fr, de↔en, en↔ru), WMT23's and WMT24's general test sets "
        "(`wmt-conference/wmt23-news-systems`, `wmt-conference/wmt24-news-systems`; WMT24's "
        "lines are paragraphs of news, social posts, speech transcripts and literature), "
        "WMT19's and WMT20's German–French news test sets and WMT19's development set "
        "(`Helsinki-NLP/OPUS-MT-testsets`, `testsets/de-fr/`; documents written in German and "
        "in French mixed, so each is read both ways; a pair whose shorter side is under 0.55 "
        "of the longer is left out, for stretches where the French side is a line off), "
        "WMT20's English–Polish news test sets and FLORES-101's devtest (1,012 sentences of "
        "Wikinews, Wikivoyage and Wikibooks, en→X for the nine other languages and the same "
        "pairs read X→en; from the same repository), older WMT news test sets from there too "
        "(WMT20 en↔de and en↔ru, each direction its own documents; WMT18 en–de and en–ru, "
        "WMT14 en–fr, WMT13 en–es and WMT09 en–it, each read both ways; never WMT19's, whose "
        "English is NTREX-128's), "
        "NTREX-128 (`MicrosoftTranslator/NTREX`, en→X and the same pairs read X→en) and "
        "WMT22's general test sets (`wmt-conference/wmt22-news-systems`); WMT22 and "
        "NTREX-128's odd-numbered documents were kept aside until the sixth round (below), "
        "and WMT17's and WMT16's en–de and en–ru and WMT12's en–es, en–fr and de–fr news "
        "test sets (each read both ways) in the sixth; WMT12's set is one set of articles "
        "first written in five languages (cs, de, en, es, fr) and translated into the others, "
        "so in most of its pairs both sides translate a third language's sentence. "
        "WMT15's and WMT14's en–de and en–ru news test sets were kept aside in the seventh "
        "round and are tuning data from the eighth; WMT11's news test set in its pairs with "
        "English (en–de, en–fr, en–es) and TICO-19's test set (en–ru, en–es; COVID-19 texts "
        "of Wikipedia, Wikinews, PubMed and others translated from English by professional "
        "translators) were kept aside in the eighth and are tuning data from the ninth; "
        "TICO-19's en–fr was chosen too and left out after that measurement as broken data: "
        "that copy pairs lines ~425-810 out of order (its `length` check flagged 3.1% of "
        "lines, 0.14% at most elsewhere; its 239 `numbers` flags there were misaligned "
        "lines); WMT10's and WMT08's news test sets and WMT09's system-combination set (each in "
        "its pairs with English: en–de, en–fr, en–es) and WMT15's news discussion test set "
        "(readers' comments, en–fr) were kept aside in the ninth and are tuning data from the "
        "tenth. Kept aside now and only measured: WMT13's news test set in the pairs no tuning "
        "set has a side of, German–French, German–Russian and French–Russian (its English and "
        "Spanish are tuning data), from `Helsinki-NLP/OPUS-MT-testsets`, each read both ways, "
        "chosen before any of them was measured (commit 0f54a06), without the two pairs a "
        "direction one of whose sides a tuning set holds. WMT13 is one set of articles first "
        "written in six languages and translated into the others, so most of its pairs are "
        "two translations of a third language's sentence. "
        "A reference line that copies its source is no "
        "good "
        f"translation and is left out ({sum(t.copies for t in totals.values())} lines; WMT23's "
        "ru→en reference leaves a Russian article untranslated, WMT24's keep a canary line and "
        "markup as they are); an article of WMT21's en→ru reference whose Windows-1251 bytes "
        "were read as Latin-1 is read back as written.", "",
        "Before this work (the checks of commit 227270e, tuned on WMT23 and NTREX-128's even "
        "half alone, the same injections, without language identification): `numbers` "
        "flagged 1.78% of good lines, `dates` 0.18%, `untranslated` 0.17% (its script and "
        "identity checks alone); 89.6% of digit changes were caught, 99.9% of month changes "
        "(in the inflections of today's tables). "
        "Before the second round (the checks of commit 5bc9523, tuned on the tuning sets only, "
        "the kept-aside sets measured after): `numbers` flagged 0.29% of the tuning lines and "
        "0.50% of the kept-aside ones; 99.64% and 99.28% of digit changes were caught. "
        "Before the third round (the checks of commit 2b7bc49, tuned on WMT23 and NTREX-128's "
        "even half): `numbers` flagged 0.34% of the kept-aside lines (116 of 33,911; WMT22 "
        "de→fr 1.01%, a direction no tuning set had), `dates` 0.03%, `untranslated` 0.01%, "
        "99.25% of digit changes and 99.89% of month changes caught; on today's grown tuning "
        "set those checks flagged 0.32% (`numbers`) and 0.12% (`dates`) and caught 99.64% and "
        "99.94%. The third round added WMT21 and WMT24 to the tuning sets and fixed the "
        "causes of their false alarms and misses, each with a test, before the kept-aside sets "
        "were measured again, once: kept aside, `numbers` flagged 117 lines of 33,911 "
        "(0.35%), one more than before (four fewer in WMT22 de→en, en→de and uk→en, five more "
        "in fr→de and ru→en, de→fr unchanged at 1.01%), so the target is still not met. "
        "The fourth round added the German–French sets of WMT19 and WMT20 (WMT22 "
        "de→fr, the worst kept-aside direction, had no tuning set but WMT21's 1,000 lines), "
        "and fixed what their alarms showed: a list's number before a heading (\"1) Dreimal "
        "rechts\" → \"Trois fois à droite\"), \"ein Prozent\" and \"un por ciento\" for "
        "1 %, \"cent\" of \"pour cent\" read as a hundred, a smaller scale after a larger "
        "one (\"deux millions huit cent mille\"), a fortnight and a week counted as fifteen "
        "and eight days (\"dans quinze jours\" for \"in 14 Tagen\") and French age nouns "
        "(\"quadragénaire\"); measured then, the kept-aside sets were unchanged (117 lines, "
        "de→fr 1.01%). It then added WMT20's English–Polish sets and FLORES-101's devtest, "
        "whose en→X alarms looked like NTREX-128's kept-aside half's (en→pl, de, es, it "
        "0.5-0.8%), and fixed: a century said as its hundreds (\"since the 1800s\" as \"с "
        "начала 19 века\", \"XIX stulecia\", \"19-ти век\"), vulgar fractions and mixed "
        "numbers (\"29¾\", \"29 3/4\" as \"29,75\"; a source's fraction may be rounded "
        "off), a four-digit clock with its time zone (\"1200 GMT\"), an hour with the part "
        "of the day (\"10 ранку\"), French \"20 h 30\", a Roman numeral after an elided "
        "article (\"dall'VIII secolo\") and German \"achtmal\"; each with a test, one "
        "rule (decades of any century, \"the 1850s\" as \"lata 50.\") dropped because it "
        "cost digit catches on the tuning sets. The rest of the new sets' alarms are true "
        "differences (a year or a figure left out, \"50\" → \"cinq cents\", \"2021\" → "
        "\"2012\"). Kept aside, measured at the end of the round: 113 lines of 33,911 "
        "(0.33%, from 117; WMT22 en→de and NTREX-128 fr→en fewer, de→fr still 1.01%), digit "
        "changes caught 99.26% as before: the target (≤ 101 lines) is still not met. A fifth "
        "round added the older WMT news sets (34,232 pairs more) and fixed what they showed: "
        "Italian clocks with a comma after \"alle\" or \"ore\" (\"alle 22,30\" for "
        "\"10:30 PM\"), a 24-hour time with a needless \"pm\" (\"20.30pm\"), a knockout "
        "round (\"the last 16\" as \"los octavos\"), Russian \"в час ночи\" and \"часа "
        "дня\" for 1am and 1 pm, and a miss: the seconds of a race time (\"2:07:48\" "
        "changed to \"2:07:41\" passed); kept aside, measured once after: 113 lines, "
        "unchanged. The `dates` figure on the tuning sets (68 lines of 100,807) is references "
        "leaving a month out or changing it.",
        "",
        "**Sixth round (2026-12-07): a fresh kept-aside set.** Once the old kept-aside flags "
        "had been reviewed (below), the kinds of their false alarms were known, so those sets "
        "could no longer check anything: WMT22 and NTREX-128's odd half became tuning data "
        "(in the tuning table now) and WMT17, WMT16 and WMT12 were chosen to keep aside, "
        "before any of them was measured (commit 85bfb36). The round fixed what the reviewed "
        "flags showed, each with a test: a temperature difference converted without the "
        "offset (\"a 20-degree difference\" as \"12 ºC\"), American weather's \"widespread "
        "80s\" (with a weather word in the line, so an age or a decade is still a number), a "
        "conversion in brackets after a measure in words (\"six meters (18 feet)\") or into "
        "another currency (\"$200 billion (£150 billion)\") that the translation leaves out, "
        "a German date without its year (\"am 16.3.\" as \"March 16\"; two such dates "
        "must agree on the month), a date's two-digit year (\"12.1.21\" as \"12/01/2021\"), "
        "German \"am\" after a time (\"17.30 am nächsten Tag\"), square metres glued to "
        "their number (\"60m2\", \"м2\") and \"1m85\", \"1-of-4\" and \"1-to-1\", "
        "\"d'un an\" for \"1 Jahr\", turning \"180 degrees\", a measure with a scale word "
        "(\"600 million pounds\" as \"272 millions de kg\"), cubic feet, Polish ages from 11 "
        "to 19 in one word (\"szesnastolatka\"; \"trzynastoletnia\" had been read as three), "
        "and Polish \"stopni\" (degrees), which had been read as feet. On the tuning sets "
        "`numbers` went from 404 flagged lines to 343 (of 134,945), digit changes caught from "
        "99.51% to 99.44%. The kept-aside sets were then measured once: `numbers` flagged 236 "
        "lines of 42,016 (0.56%), `dates` 33 (0.08%). Two reviewers read each of those flags, "
        "as below: 130 of the `numbers` flags and 14 of the `dates` flags are on references "
        "whose numbers or months really differ from the source (Cohen's κ 0.94 and 1.0), "
        "leaving 106 false alarms of `numbers` (0.25%, target ≤ 0.3%) and 19 of `dates` "
        "(0.045%, target ≤ 0.05%). Most of the deserved flags are in WMT12, whose two sides "
        "are often two translators' versions of a third language's article (1.0% flagged "
        "there, against 0.23% in WMT16 and WMT17). The `dates` review showed two defects, "
        "fixed after that measurement, each with a test: a German compound that begins with "
        "its month (\"die Septemberausgabe\") and French \"sept\" (seven) read as September; "
        "the table below is the checks as they are now, so its `dates` figures on the "
        "kept-aside sets are no longer a measure on unseen data; "
        "the figures measured once are those above. A code review of the round's rules "
        "then tightened them with constructed sentences, not benchmark data (a clock before "
        "German \"am\", \"4.5.\" ending an English sentence, a bracket far from its amount, "
        "\"einen Tag\" beside a changed 1, 80 °F as \"44 °C\", \"in his 80s\" near "
        "\"heat\": each had passed), and the tables below are re-run after it: two more "
        "kept-aside flags, unreviewed and so counted as false alarms.",
        "",
        "**Seventh round (2026-12-07, evening): another fresh kept-aside set.** The sixth "
        "round's kept-aside sets, their flags reviewed, became tuning data, and WMT15's and "
        "WMT14's en–de and en–ru news test sets were kept aside before any of them was "
        "measured (commits 9503b14 and 6844261: 15,970 pairs, 15,968 once the two whose "
        "reference copies its source are left out). The round fixed what "
        "the sixth round's reviewed false alarms showed, each with a test: thousands and the "
        "rest said apart (\"6 mille 74\", \"5 mil 352\" for 6074 and 5352), CO2 said by its "
        "name (\"carbon dioxide\", \"углекислый газ\"), a half after the unit (\"5 horas y "
        "media\" as \"5 1/2-hour\"), half years in months (\"18 months\" as \"полтора "
        "года\"), \"the mid-90s\" and \"les années 1990\" as decades, \"1510/11\" as two "
        "years, a decimal mistyped \"0, 5%\". On the tuning sets `numbers` went from 581 "
        "flagged lines to 532 (none of the reviewed deserved flags lost), digit changes "
        "caught 99.50% before and after. The kept-aside sets were then measured once: "
        "`numbers` flagged 36 lines of 15,970 (0.23%, within the target as a raw share), "
        "`dates` 18 (0.11%); two reviewers read each flag (Cohen's κ 1.0 on both checks): 18 "
        "of the `numbers` flags and 7 of the `dates` flags are deserved (a figure, a year or "
        "a month changed or left out by the translator, a misaligned line), leaving **18 "
        "false alarms of `numbers` (0.11%)** and **11 of `dates` (0.069%, over the 0.05% "
        "target)**; digit changes caught 99.84%, month changes 100%. Those false alarms "
        "showed defects, fixed after that measurement, each with a test: a month a name of "
        "the translation holds (\"October Revolution Street\" as \"улица Октябрьской "
        "революции\", a capital where Russian writes months in lower case), \"9/11\" for 11 "
        "September, lower-case English \"march\" by a year (\"the Russian march-2012\"), "
        "Cyrillic letters typed as a Roman numeral (\"ХХ века\"), the first hour of a range "
        "of hours (\"von 11 bis 17 Uhr\") and the 2000s as \"нулевые\". The tables below are "
        "the checks as they are now, so their kept-aside figures after those fixes are no "
        "longer a measure on unseen data: the figures measured once are those above. Left "
        "as they are: a month in a person's name (\"Karl März\", \"August Wilson\"), \"the "
        "101\" (\"the basics\"), a club's number (\"Mainz 05\"), a clock's hour alone "
        "(\"ab 19\" for \"from 7.00 p.m.\"). A code review of the round's rules then "
        "found readings that let real errors pass, each narrowed with a test: the split "
        "decimal's parts must stand side by side, a lone Cyrillic \"Х\" is a placeholder "
        "(\"день Х\"), a range's first hour is a clock only, \"нулевые\" are the 2000s "
        "only after a preposition of time or before a word for years (\"нулевые ставки\" are "
        "zero rates), a half joins its number only through a unit word, a name's month "
        "answers only when no month of the translation's own is left over (\"En agosto, "
        "Julio Iglesias\" for \"In July\" is caught again), \"9/11\" is September only in "
        "English, lower-case \"march\" by a day is March; and past 150 numbers a side the "
        "pairing is greedy (the largest pairing recursed once per number).",
        "",
        "**Eighth round (2026-12-07, night): a third fresh kept-aside set.** The seventh "
        "round's kept-aside sets, their flags reviewed, became tuning data; WMT11 (en–de, "
        "en–fr, en–es) and TICO-19 (en–ru, en–fr, en–es) were kept aside before any was "
        "measured. Fixed on the tuning sets' `dates` flags first, each with a test: a month "
        "in another language's word of the translation (a name kept as it was: \"June "
        "Corteen\", \"Karl März\", \"Oktoberfest\"; a month left untranslated: \"am 26. "
        "July 1999\"), French \"aout\" (the 1990 spelling), an English abbreviation ending a "
        "line (\"in select theaters Oct.\"): tuning `dates` flags 113 → 100, catches "
        "unchanged. Then measured once (commit 3113709), on 26,408 lines (TICO-19's en–fr "
        "left out): `numbers` flagged 149 lines (0.56%), 86 of them deserved, so 63 false "
        "alarms, **0.24% (met)**; `dates` flagged 35 (0.13%), 10 deserved, so 25 false "
        "alarms, **0.095% (not met)**; `untranslated` 13 lines, 0.049% (met); digit changes "
        "caught 99.55%, month changes 100%. Two "
        "reviewers read every `numbers` and `dates` flag (Cohen's κ 0.97 and 0.93). Most "
        "`numbers` flags are WMT11's, whose sides often translate a third language's "
        "article (\"19.1%\" and \"39.1%\", \"1978\" and \"1878\"). Most `dates` false "
        "alarms were the verb \"may\" after a code ending in a digit (\"SARS-CoV-2 may\", "
        "\"COVID-19 may\", TICO-19's medical text) and misspelt months in a reference "
        "(\"Setember\", \"Janaury\"); fixed after the measurement, each with a test: "
        "\"may\" is the month only by a number standing alone (a day or a year), and a "
        "month misspelt by one slip answers for the same month when no month of the "
        "translation's own is left over. The `untranslated` false alarms are lingua's "
        "low-accuracy mode reading plain English as French (\"But despite all automation, "
        "minor accidents still occur.\", 0.94); its high-accuracy mode reads them as "
        "English, and so do their function words.",
        "",
        "**Ninth round (2026-12-07, night): a fourth fresh kept-aside set.** The eighth "
        "round's sets became tuning data and WMT10, WMT08, WMT09's system-combination set and "
        "WMT15's news discussion set were kept aside before any was measured. Fixed on the "
        "tuning sets first, each with a test: an `untranslated` flag is read again by "
        "lingua's high-accuracy mode among the target and the suspect languages alone, and "
        "stands only if that reading is not the target language (the eighth round's false "
        "alarms; replaced after the tenth round by the paragraph's function words, jusText's "
        "stop lists, since those models took `bbabo run` over its memory budget); Spanish "
        "days of note by their month's initial (\"el 28-N\", \"11-M\"); "
        "for `numbers`, English plural scales (\"450 thousands\", \"five thousands\"), "
        "\"$300+ billion\" and a decimal without its leading zero (\".08%\"). Tuning "
        "`numbers` flags 730 → 723 (none of the deserved ones lost), digit catches 99.53% → "
        "99.52%. Then measured once (commit 3981009), on 33,142 lines: `numbers` flagged 266 "
        "(0.80%), 148 of them deserved (two reviewers, κ 0.95), so 118 false alarms, "
        "**0.36% (not met)**; `dates` flagged 33 (0.10%), 25 deserved (κ 1.0), so 8 false "
        "alarms, **0.024% (met)**; `untranslated` 0.01%; digit changes caught 99.38%, month "
        "changes 99.70%. The multi-way sets' `numbers` false alarms were fixed after that "
        "measurement where a rule could tell, each with a test: \"4x4s\" (off-roaders: "
        "\"Geländewagen\", \"SUV\") and \"3D\" as idioms, a world war by its number (\"2. "
        "Weltkrieg\" as \"World War II\"), \"1 May\" named as the holiday (\"May Day\", "
        "\"Tag der Arbeit\"; for `dates` too), markup tags left in a set (\"[b1]\"), "
        "\"Catch-22\". The rest need knowledge a rule does not have: a year said as \"this "
        "year\", a school year as \"Sixth Form\", \"12 months\" as \"more than a year\", an "
        "engine's \"1600\" as \"1,6 litre\", a model's or a project's code dropped "
        "(\"Mazda3\", \"S21\"), typos (\"140.OOO\", \"550 00\", \"auf32,9\").",
        "",
        "**Tenth round (2026-12-07, night): a fifth fresh kept-aside set.** The ninth round's "
        "sets became tuning data; WMT13's German–French, German–Russian and French–Russian "
        "pairs were kept aside before any was measured (with one fix on tuning data in the "
        "same commit: a German compound with a day of the month, \"Dezembertag\"). Measured "
        "once (the figures above the kept-aside table): **every target met** — `numbers` "
        "0.14% false alarms (25 of 17,988 lines; 37 of its 62 flags deserved), `dates` "
        "0.022% (4; 8 of its 12 flags deserved: a month left out, November and September "
        "swapped, \"last March\" as \"last Tuesday\"), `untranslated` 0.011%, digit "
        "changes caught 99.79%, month changes 100%. Two reviewers, κ 1.0 on both checks. "
        "The four `dates` false alarms are two Russian sentences whose translator wrote "
        "\"майский календарь\" (the May calendar) for the Maya calendar, each read two ways. "
        "Changed after, and only for `untranslated`: its second opinion before a flag is the "
        "paragraph's function words (more of the target language's than of the suspect's, "
        "by jusText's stop lists) instead of lingua's high-accuracy mode, whose models (15-30 "
        "MB a language) took `bbabo run` on the demo over its 300 MB budget; kept aside, "
        "`untranslated` goes from 2 lines to none (both were French read as English).",
        "",
        "**Flags reviewed (2026-12-07).** A reference translation is not always faithful: a "
        "translator leaves a figure out, mistypes a year, or a line is misaligned, and a flag "
        "there is the check doing its work, not a false alarm. Every pair `numbers` flags "
        "(`bench/qa.py --export`) was read by two reviewers working apart, each with the "
        "written question and nothing else: does a reader of the translation get every "
        "number-bearing fact of the source, with the same value, and no number the source "
        "lacks? (Numbers as words, another notation, an equivalent expression, a right unit "
        "conversion are faithful; a doubtful case counts against the check.) The reviewers "
        "were language-model agents given only the protocol and the flagged pairs, not the "
        "checks' code or tuning history; on 25 tuning pairs drawn at random their verdicts "
        "matched a reading by the checks' author in all 25 (and 15 of the sixth round's, "
        "drawn the same way, in all 15). A flag counts as deserved only "
        "when both reviewers said so; their agreement, Cohen's κ, was 0.90 and 0.93 on the "
        "two halves of the first tuning flags, 1.0 on the first kept-aside ones (WMT22 and "
        "NTREX-128's odd half), 0.94 on the sixth round's kept-aside `numbers` flags and 1.0 "
        "on their `dates` flags, 1.0 on the seventh round's (both checks), 0.97 and 0.93 on "
        "the eighth round's `numbers` and `dates` flags, 0.95 and 1.0 on the ninth round's, 1.0 "
        "on the tenth round's (both checks). "
        "The tuning sets' "
        "`dates` flags were reviewed only where they had been kept aside, so the rest "
        "count as false alarms. The seventh round's reviewers were asked the same of `dates` "
        "flags: is every month the source names as a month of a date or a time kept, the "
        "same month, and no other named? (A month word in a name, kept, is faithful.) The "
        "verdicts, keyed "
        "by set, line and a hash of the pair (never the text), are in `bench/qa-verdicts.tsv`; "
        "a flag without a verdict counts as a false alarm, so a change to the checks cannot "
        "look better for want of review. The column *numbers, false alarms* is the share of "
        "lines flagged where the reference's numbers are faithful (*dates, false alarms* the "
        "same for months). Only `untranslated` has changed since the tenth round's kept-aside "
        "sets were measured, so the kept-aside table's other columns are that measurement, "
        "run again.",
        "",
    ]
    for name, title in (("check", "Kept aside (not tuned on)"), ("tune", "Tuned on")):
        lines += [f"### {title}", ""]
        if name == "check":
            lines += [MEASURED_ONCE, ""]
        lines += [*rows(results[name]),
                  f"| **all** | | {_cells(totals[name])}", "", verdict(title, totals[name]), ""]
        if name == "check":
            lines += [by_set(results[name]), ""]
    every = Tally()
    for total in totals.values():
        every.add(total)
    cheap = 1000 * every.cheap_seconds / every.pairs
    lines += [f"Cost on this machine: the sentence checks take {cheap:.2f} ms a line; the unit "
              f"checks with language identification (lingua asked only where the scripts of "
              f"the source or English and the target are alike) "
              f"{1000 * every.lingua_seconds / every.pairs:.2f} ms a line (under whatever else "
              f"the shared machine runs: compare runs by their ratio, not these).", ""]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    current = path.read_text() if path.exists() else (
        "# Benchmarks\n\nMeasured figures; each section names the script that produced it.\n\n")
    start = current.find("## QA checks")
    if start == -1:
        current = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + 1)
        rest = current[end + 1:] if end != -1 else ""
        current = current[:start] + text.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    path.write_text(current)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True,
                        help="folder holding the repositories (see above)")
    parser.add_argument("--sets", choices=("tune", "check", "both"), default="both")
    parser.add_argument("--no-lingua", action="store_true",
                        help="skip language identification (quicker; untranslated incomplete)")
    parser.add_argument("--show", choices=CHECKS, help="print the pairs this check flags")
    parser.add_argument("--misses", action="store_true", help="print injected errors missed")
    parser.add_argument("--write", type=Path, help="update the QA checks section of this file")
    parser.add_argument("--export", type=Path,
                        help="write the pairs `numbers` and `dates` flag as JSON lines, for "
                             "review")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS,
                        help="reviewers' verdicts on flagged pairs (default: %(default)s)")
    args = parser.parse_args()
    verdicts = read_verdicts(args.verdicts)
    export: list[dict[str, str]] | None = [] if args.export else None
    try:
        sets = load_sets(args.data)
    except MissingData as exc:
        sys.exit(f"bench/qa.py: {exc}")
    checker = QualityChecker()
    lingua = None if args.no_lingua else QualityChecker(LanguageDetector())
    names = ("tune", "check") if args.sets == "both" else (args.sets,)
    results: dict[str, list[tuple[str, Tally]]] = {}
    totals: dict[str, Tally] = {}
    for name in names:
        results[name] = []
        totals[name] = Tally()
        for direction in sets[name]:
            tally = measure(direction, checker, lingua, args.show, args.misses, verdicts,
                            export)
            results[name].append((f"{direction.set_name} | {direction.label}", tally))
            totals[name].add(tally)
        print("\n".join(rows(results[name])), file=sys.stderr)
        print(verdict(name, totals[name]), file=sys.stderr)
    if args.export and export is not None:
        args.export.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in export))
    if args.write and len(names) == 2 and lingua is not None:
        write_section(args.write, section(results, totals, "bench/qa.py --data DATA --write "
                                          "docs/benchmarks.md"))
    elif args.write:
        sys.exit("--write needs both sets and lingua")


if __name__ == "__main__":
    main()
