"""What a report says that look-alike events do not share, read the same in every language."""

from __future__ import annotations

import pytest

from bbabo.lexical import first_sentence
from bbabo.stories import name_keys, number_keys


@pytest.mark.parametrize(("one", "lang_one", "other", "lang_other"), [
    ("Килиан Мбаппе забил дважды.", "ru", "Kylian Mbappé scored twice.", "en"),
    ("Гол забив Антуан Гризманн.", "uk", "Antoine Griezmann had equalised.", "en"),
    ("Председатель Адам Гляпиньский.", "ru", "Prezes Adam Glapiński wyjaśni.", "pl"),
    ("Голова НБП Адам Гляпінський нагадав.", "uk", "Governor Adam Glapiński spoke.", "en"),
    ("У городе Гриндавика.", "ru", "North of Grindavík, Iceland.", "en"),
    ("Аэропорт Катании закрыт.", "ru", "The airport of Catania is closed.", "en"),
    ("Агентство AFAD сообщило.", "ru", "The agency AFAD said.", "en"),
])
def test_one_name_in_two_scripts_and_inflections_has_one_key(
        one: str, lang_one: str, other: str, lang_other: str) -> None:
    assert name_keys(one, lang_one) & name_keys(other, lang_other)


def test_sentence_openers_are_names_only_when_capitalised_elsewhere() -> None:
    keys = name_keys("Strong winds hit the coast. Officials in Heraklion said Strong was "
                     "the word.", "en")
    # Heraklion (mid-sentence) and Strong (a sentence's first word, but capitalised mid-
    # sentence too); neither "Officials" nor "Strong winds"' position alone makes a name.
    assert keys == name_keys("in Heraklion and Strong", "en") and len(keys) == 2
    assert not name_keys("Officials said so.", "en")


def test_look_alike_events_have_different_names() -> None:
    iceland = name_keys("Volcano erupts near Grindavík on Iceland's Reykjanes peninsula.", "en")
    etna = name_keys("Mount Etna eruption shuts Catania airport in Sicily.", "en")
    assert not iceland & etna


@pytest.mark.parametrize(("text", "expected"), [
    ("Stopa referencyjna wynosi 4,25 proc.", {"4.25"}),
    ("cut its reference rate to 4.25%", {"4.25"}),
    ("Real gewinnt 2:1", {"2", "1"}),
    ("21 800 people and 21,800 more", {"21800", "21.8"}),
    ("no figures here", set()),
])
def test_numbers_are_read_as_values_whatever_the_locale(text: str, expected: set[str]) -> None:
    assert number_keys(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("A volcano erupted. Lava flows west.", "A volcano erupted."),
    ("Dr. Hannah Cole said it was rare. Then more.", "Dr. Hannah Cole said it was rare."),
    ("At 10 a.m. Monday the U.S. Senate voted. Then.", "At 10 a.m. Monday the U.S. Senate voted."),
    ("He said 2.5 percent. Next.", "He said 2.5 percent."),
    ("«Это конец», — сказал он. Потом.", "«Это конец», — сказал он."),
    ("No end in sight", "No end in sight"),
])
def test_first_sentence(text: str, expected: str) -> None:
    assert first_sentence(text) == expected


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    cut = first_sentence("word " * 100, max_chars=50)
    assert cut.endswith("…") and len(cut) <= 51 and " wor…" not in cut
