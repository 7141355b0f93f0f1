"""The console's charts say their counts in English as a reader would: "1 flag", "2 flags"."""

from __future__ import annotations

from bbabo.web.admin.charts import bar_chart


def test_a_count_of_one_is_singular() -> None:
    chart = bar_chart("qa", "QA flags", {"untranslated": 1, "numbers": 3, "dates": 0},
                      unit="flags")
    assert chart.desc == "4 flags in all: numbers 3, untranslated 1."
    assert [bar.label for bar, _, _ in chart.bars] == ["numbers: 3 flags",
                                                      "untranslated: 1 flag"]
    one = bar_chart("src", "Failing sources", {"fetch.timeout": 1}, unit="sources")
    assert one.desc == "1 source in all: fetch.timeout 1."
