"""The reviewers' verdicts that bench/qa.py counts against the `numbers` check's flags.

The QA figure in docs/benchmarks.md rests on them, so the file must say what its header says: a
flag is deserved ("real") only when both reviewers said so, and every line is well formed.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

from benchscripts import load_bench

BENCH = Path(__file__).parents[2] / "bench"
KEY = re.compile(r"^(dates\|)?[A-Za-z0-9-]+\|[a-z]{2}→[a-z]{2}( \(reversed\))?\|\d+\|[0-9a-f]{12}$")


def _qa_bench() -> ModuleType:
    return load_bench("qa")


def test_verdicts_file_is_well_formed_and_strict() -> None:
    lines = [line for line in (BENCH / "qa-verdicts.tsv").read_text().splitlines()
             if line and not line.startswith("#")]
    keys = set()
    for line in lines:
        key, verdict, first, second = line.split("\t")
        assert KEY.match(key), key
        assert key not in keys, key
        keys.add(key)
        one, two = first.split(":")[0], second.split(":")[0]
        assert {one, two} <= {"real", "false"}, line
        assert verdict == ("real" if one == two == "real" else "false"), line
    assert len(keys) >= 670  # every flag of both sets reviewed (673 on 2026-12-07)


def test_read_verdicts_skips_comments_and_refuses_unknown_verdicts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qa = _qa_bench()
    good = tmp_path / "good.tsv"
    good.write_text("# header\nA|de→en|3|0123456789ab\treal\tx\ty\n\n"
                    "A|de→en|4|0123456789ab\tfalse\n")
    assert qa.read_verdicts(good) == {"A|de→en|3|0123456789ab": "real",
                                      "A|de→en|4|0123456789ab": "false"}
    assert qa.read_verdicts(tmp_path / "absent.tsv") == {}
    bad = tmp_path / "bad.tsv"
    bad.write_text("A|de→en|3|0123456789ab\tmaybe\n")
    with pytest.raises(SystemExit, match="bad.tsv:1: verdict must be 'real' or 'false'"):
        qa.read_verdicts(bad)


def test_pair_key_names_set_direction_line_and_text() -> None:
    qa = _qa_bench()
    direction = qa.Direction(set_name="WMT22", src="de", tgt="fr", pairs=(("a", "b"),))
    key = qa.pair_key(direction, 7, "Es sind 5.", "Il y en a 5.")
    assert KEY.match(key)
    assert key.startswith("WMT22|de→fr|7|")
    assert key != qa.pair_key(direction, 7, "Es sind 5.", "Il y en a 6.")


def test_a_dates_flag_has_its_own_key_and_is_counted_apart() -> None:
    qa = _qa_bench()
    pair = ("Am 3. März kam er.", "Il est venu le 3 avril.")
    direction = qa.Direction(set_name="WMT17", src="de", tgt="fr", pairs=(pair,))
    numbers = qa.flag_key("numbers", direction, 0, *pair)
    dates = qa.flag_key("dates", direction, 0, *pair)
    assert numbers == qa.pair_key(direction, 0, *pair)
    assert dates == f"dates|{numbers}" and KEY.match(dates)
    # A reviewer's "real" for the dates flag counts for `dates`, not for `numbers`.
    tally = qa.measure(direction, qa.QualityChecker(), None, None, False, {dates: "real"})
    assert tally.flagged["dates"] == 1 and tally.real == {"dates": 1}


def test_a_verdict_follows_its_pair_when_the_pair_moves() -> None:
    # Leaving pairs out of a set (bench/qadata._unseen) moves the ones after them: the verdict
    # is found by the pair's hash, set and direction, never for another pair.
    qa = _qa_bench()
    verdicts = {"WMT14|en→de|138|0123456789ab": "real",
                "dates|WMT14|en→de|138|0123456789ab": "false"}
    assert qa.verdict_of(verdicts, "WMT14|en→de|203|0123456789ab") == "real"
    assert qa.verdict_of(verdicts, "dates|WMT14|en→de|203|0123456789ab") == "false"
    assert qa.verdict_of(verdicts, "WMT14|en→de|138|ffffffffffff") is None
    assert qa.verdict_of(verdicts, "WMT14|de→en (reversed)|138|0123456789ab") is None
