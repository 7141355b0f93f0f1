from __future__ import annotations

import pytest

from bbabo.translate.segment import cut_long, join_sentences, split_sentences

CASES = [
    pytest.param(
        "ru",
        "Он живёт в г. Москва на ул. Ленина. Это, т.е. всё, правда.",
        ["Он живёт в г. Москва на ул. Ленина.", "Это, т.е. всё, правда."],
        id="ru-abbreviations",
    ),
    pytest.param(
        "ru",
        "Рост составил 2.4%, а в прошлом году 2,4%. Проф. Иванов согласен.",
        ["Рост составил 2.4%, а в прошлом году 2,4%.", "Проф. Иванов согласен."],
        id="ru-decimals",
    ),
    pytest.param(
        "ru",
        "В. Путин встретился с А. Б. Ивановым. Встреча прошла в Кремле.",
        ["В. Путин встретился с А. Б. Ивановым.", "Встреча прошла в Кремле."],
        id="ru-initials",
    ),
    pytest.param(
        "en",
        "Dr. Smith met Mr. Jones, e.g. at home. J. Smith paid 3.5 dollars. They left!",
        ["Dr. Smith met Mr. Jones, e.g. at home.", "J. Smith paid 3.5 dollars.", "They left!"],
        id="en-titles-initials",
    ),
    pytest.param(
        "en",
        "He moved to the U.S. in May. Why? Nobody knows... Really.",
        ["He moved to the U.S. in May.", "Why?", "Nobody knows...", "Really."],
        id="en-acronym-question-ellipsis",
    ),
    pytest.param(
        "ru",
        "«Уходи!» — сказал он. Потом ушёл. (Так было.) Конец.",
        ["«Уходи!» — сказал он.", "Потом ушёл.", "(Так было.)", "Конец."],
        id="ru-quotes-dialogue-brackets",
    ),
    pytest.param(
        "ru",
        "Цена 5 млрд руб. Минфин возразил.",
        ["Цена 5 млрд руб.", "Минфин возразил."],
        id="ru-unit-ends-sentence",
    ),
    pytest.param(
        "ru",
        "1. Первый пункт списка. 2. Второй.",
        ["1. Первый пункт списка.", "2. Второй."],
        id="ru-list-markers",
    ),
    pytest.param(
        "de",
        "Am 3. Oktober feierten sie. Dann kam der Winter.",
        ["Am 3. Oktober feierten sie.", "Dann kam der Winter."],
        id="de-ordinal",
    ),
    pytest.param("zh", "我很好。你呢？好的", ["我很好。", "你呢？", "好的"], id="zh-no-spaces"),
    pytest.param("en", "No final stop here", ["No final stop here"], id="no-terminator"),
    pytest.param("ar", "ذهب إلى البيت. عاد غدا.", ["ذهب إلى البيت.", "عاد غدا."], id="caseless"),
]


@pytest.mark.parametrize(("lang", "paragraph", "expected"), CASES)
def test_split_sentences(lang: str, paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph, lang) == expected


@pytest.mark.parametrize(("lang", "paragraph", "expected"), CASES)
def test_joining_gives_back_the_paragraph(lang: str, paragraph: str, expected: list[str]) -> None:
    assert join_sentences(split_sentences(paragraph, lang), lang) == paragraph


def test_whitespace_is_normalised() -> None:
    assert split_sentences("  One  line.\nTwo\tlines.  ", "en") == ["One line.", "Two lines."]


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_blank_paragraph_has_no_sentences(blank: str) -> None:
    assert split_sentences(blank, "en") == []


def test_lowercase_after_a_dot_continues_the_sentence() -> None:
    assert split_sentences("See fig. and the table.", "en") == ["See fig. and the table."]


def test_cut_long_keeps_short_input_whole() -> None:
    assert cut_long(["▁a", "b"], 5) == [["▁a", "b"]]
    assert cut_long([], 5) == [[]]


def test_cut_long_loses_nothing_and_respects_the_limit() -> None:
    tokens = [f"▁w{i}" if i % 3 == 0 else f"p{i}" for i in range(50)]
    chunks = cut_long(tokens, 8)
    assert [t for chunk in chunks for t in chunk] == tokens
    assert all(0 < len(chunk) <= 8 for chunk in chunks)
    assert all(chunk[0].startswith("▁") for chunk in chunks)  # cut at word starts


def test_cut_long_cuts_inside_a_word_longer_than_the_window() -> None:
    tokens = ["▁x"] + ["y"] * 20
    chunks = cut_long(tokens, 6)
    assert [t for chunk in chunks for t in chunk] == tokens
    assert [len(chunk) for chunk in chunks] == [6, 6, 6, 3]


def test_cut_long_rejects_a_useless_limit() -> None:
    with pytest.raises(ValueError):
        cut_long(["▁a"], 0)
