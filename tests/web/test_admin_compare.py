"""The review page's marks come from what the QA checks themselves write: each check's own
detail, for a real mistake, names words that are then found and marked in the texts."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from bbabo.model import QAFlag
from bbabo.translate.qa import compare_dates, compare_numbers, find_repetition
from bbabo.web.admin.compare import compare_rows, marked, spots_of


def _flag(check: str, detail: str | None) -> QAFlag:
    assert detail is not None, f"the {check} check found nothing"
    return QAFlag(check=check, paragraph=0, detail=detail)


@pytest.mark.parametrize(("check", "source", "target", "in_source", "in_target"), [
    ("numbers", "Бюджет составит 2,4 трлн рублей.", "Budżet wyniesie 24 bln rubli.",
     "2,4", "24"),
    ("repetition", "В Москве прошёл митинг.", "W Moskwie w Moskwie w Moskwie odbył się wiec.",
     None, "w Moskwie"),
    # The dates check names months in English ("month March missing"): nothing to mark, the
    # paragraph is flagged with the check's words beside it.
    ("dates", "Выборы пройдут 10 марта.", "Wybory odbędą się 10 kwietnia.", None, None),
])
def test_the_words_a_check_names_are_marked_where_they_occur(
        check: str, source: str, target: str, in_source: str | None,
        in_target: str | None) -> None:
    detail = {"numbers": lambda: compare_numbers(source, target),
              "repetition": lambda: find_repetition(target, source),
              "dates": lambda: compare_dates(source, target, "ru", "pl")}[check]()
    flag = _flag(check, detail)
    _title, row = compare_rows("T", [source], "T", [target], [flag])
    assert row.flags == (flag,)
    if in_source is None and in_target is None:
        assert "<mark>" not in row.source + row.translation
    if in_source is not None:
        assert f"<mark>{in_source}</mark>" in row.source
    if in_target is not None:
        assert f"<mark>{in_target}</mark>".lower() in row.translation.lower()


def test_marking_escapes_the_text_around_the_marks() -> None:
    text = marked("<b>2,4</b> & 2,4", spots_of("missing 2,4"))
    assert text == Markup("&lt;b&gt;<mark>2,4</mark>&lt;/b&gt; &amp; <mark>2,4</mark>")
    assert spots_of("'<script>' repeated 3 times") == ["<script>"]
    assert "<script>" not in marked("a <script> b", ["<script>"])
