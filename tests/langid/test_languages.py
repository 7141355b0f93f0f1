"""Which languages a detector chooses among: the languages in play, the languages of scripts
none of them uses, the languages pages declare as they are met, and every language for a text
that declares none."""

from __future__ import annotations

import threading

import pytest

from bbabo.langid import LanguageDetector, candidate_languages, shared_detector
from bbabo.langid import shared as shared_module

TARGETS = ["ru", "uk", "be", "pl", "en", "fr", "de", "es", "it", "bg"]

KAZAKH = ("Қарағанды қалалық мәслихаты сейсенбі күні келесі жылға арналған бюджетті бекітті. "
          "Қаражаттың басым бөлігі жаңа трамвай желісін салуға жұмсалады.")
CZECH = ("Zastupitelstvo Olomouce v úterý schválilo rozpočet na příští rok. Většina peněz půjde "
         "na stavbu nové tramvajové trati, která propojí levý břeh s centrem města.")


def test_candidates_are_the_languages_in_play_and_other_scripts() -> None:
    chosen = candidate_languages(TARGETS)
    assert set(TARGETS) <= chosen
    # Scripts none of the targets uses: all their languages (they load only when met).
    assert {"el", "he", "ja", "zh", "ko", "ar", "fa", "hi", "hy", "ka"} <= chosen
    # Latin and Cyrillic are in play: their other languages are left out.
    assert not {"kk", "sr", "cs", "sk", "pt", "nl", "tr"} & chosen


def test_a_script_in_play_brings_only_its_languages_in_play() -> None:
    latin_only = candidate_languages(["en", "fr"])
    assert {"ru", "uk", "be", "bg", "kk", "sr"} <= latin_only  # Cyrillic: nobody in play
    assert "de" not in latin_only
    assert candidate_languages(["no"]) >= {"no"}  # Bokmål and Nynorsk, one bbabo code
    assert "uz" not in candidate_languages(["uz", "en"])  # lingua does not know Uzbek


def test_a_declared_language_joins_and_stays() -> None:
    detector = LanguageDetector.for_languages_in_play(["ru", "uk", "en"])
    assert "kk" not in detector.languages
    guess = detector.detect(KAZAKH, hint="kk")
    assert (guess.lang, guess.method) == ("kk", "lingua")
    assert "kk" in detector.languages
    # It stays: a later page that declares Russian but is in Kazakh is named right.
    assert detector.detect(KAZAKH, hint="ru").lang == "kk"


def test_a_page_declaring_nothing_is_told_among_every_language() -> None:
    detector = LanguageDetector.for_languages_in_play(TARGETS)
    assert "cs" not in detector.languages
    assert detector.detect(CZECH).lang == "cs"
    assert "cs" not in detector.languages  # undeclared texts do not widen the set
    # A wrong declaration keeps the choice to the languages in play: the nearest is named.
    assert detector.detect(CZECH, hint="en").lang in set(TARGETS)
    assert detector.detect(KAZAKH, hint="xx").lang == "kk"  # an unknown code declares nothing


def test_add_in_play_only_widens() -> None:
    detector = LanguageDetector.for_languages_in_play(["en", "de"])
    before = detector.languages
    detector.add_in_play(["ru"])
    assert before <= detector.languages and "ru" in detector.languages
    detector.add_in_play([])
    assert "uk" in detector.languages  # Cyrillic languages stay although ru is now in play
    with pytest.raises(ValueError):
        LanguageDetector(["en", "de"]).add_in_play(["ru"])  # a fixed set does not grow


def test_one_shared_detector_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_module, "_shared", None)
    found: list[LanguageDetector] = []
    threads = [threading.Thread(target=lambda: found.append(shared_detector(["en", "es"])))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(detector) for detector in found}) == 1
    widened = shared_detector(["pl"])
    assert widened is found[0]
    assert {"en", "es", "pl"} <= widened.languages


def test_growing_while_others_read() -> None:
    # A declaration widening the set while other threads detect: every answer stays valid.
    detector = LanguageDetector.for_languages_in_play(["ru", "en"])
    errors: list[Exception] = []

    def read() -> None:
        try:
            for _ in range(30):
                assert detector.detect(KAZAKH, hint="ru").lang in {"ru", "kk"}
        except Exception as exc:  # a KeyError from codes out of step with lingua's languages
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for thread in readers:
        thread.start()
    for code in ("kk", "bg", "sr"):
        detector.add_in_play([code])
    for thread in readers:
        thread.join()
    assert not errors
