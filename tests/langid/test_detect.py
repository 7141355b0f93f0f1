from __future__ import annotations

import pytest

from bbabo.errors import UnsupportedLanguage
from bbabo.langid import LanguageDetector, supported_languages

# The same kind of news item in each language, so that topic words cannot give the answer away.
NEWS = {
    "ru": "Правительство утвердило новый план развития железных дорог. Министр транспорта "
          "заявил журналистам, что первые участки будут построены уже в следующем году.",
    "uk": "Уряд затвердив новий план розвитку залізниць. Міністр транспорту заявив "
          "журналістам, що перші ділянки будуть збудовані вже наступного року.",
    "be": "Урад зацвердзіў новы план развіцця чыгунак. Міністр транспарту заявіў "
          "журналістам, што першыя ўчасткі будуць пабудаваныя ўжо ў наступным годзе.",
    "bg": "Правителството одобри нов план за развитие на железниците. Министърът на "
          "транспорта заяви пред журналисти, че първите участъци ще бъдат построени догодина.",
    "kk": "Үкімет темір жолдарды дамытудың жаңа жоспарын бекітті. Көлік министрі "
          "журналистерге алғашқы учаскелер келесі жылы салынатынын айтты.",
    "pl": "Rząd zatwierdził nowy plan rozwoju kolei. Minister transportu powiedział "
          "dziennikarzom, że pierwsze odcinki zostaną zbudowane już w przyszłym roku.",
    "cs": "Vláda schválila nový plán rozvoje železnic. Ministr dopravy řekl novinářům, "
          "že první úseky budou postaveny už příští rok.",
    "sk": "Vláda schválila nový plán rozvoja železníc. Minister dopravy povedal novinárom, "
          "že prvé úseky budú postavené už budúci rok.",
}

HEADLINES = {
    "ru": "В Приморске открыли новую детскую больницу",
    "uk": "У Львові відкрили нову дитячу лікарню",
    "be": "У Гродна адкрылі новую дзіцячую бальніцу",
    "bg": "В Пловдив откриха нова детска болница",
    "kk": "Алматыда жаңа балалар ауруханасы ашылды",
    "pl": "W Gdańsku otwarto nowy szpital dziecięcy",
    "cs": "V Brně otevřeli novou dětskou nemocnici",
    "sk": "V Košiciach otvorili novú detskú nemocnicu",
}


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    # As bbabo runs it: these languages in play (texts declaring none are told among every
    # language). One detector for the module: lingua loads each model once, on first use.
    return LanguageDetector.for_languages_in_play(sorted(NEWS))


@pytest.mark.parametrize("lang", sorted(NEWS))
def test_news_paragraphs(detector: LanguageDetector, lang: str) -> None:
    guess = detector.detect(NEWS[lang])
    assert (guess.lang, guess.method) == (lang, "lingua")
    assert guess.confidence > 0.5


@pytest.mark.parametrize("lang", sorted(HEADLINES))
def test_headlines(detector: LanguageDetector, lang: str) -> None:
    assert detector.detect(HEADLINES[lang]).lang == lang


@pytest.mark.parametrize("lang", sorted(NEWS))
def test_a_wrong_hint_does_not_override_clear_text(detector: LanguageDetector, lang: str) -> None:
    wrong = "uk" if lang == "ru" else "ru"
    guess = detector.detect(NEWS[lang], hint=wrong)
    assert (guess.lang, guess.method) == (lang, "lingua")


def test_hint_breaks_a_tie_on_short_text(detector: LanguageDetector) -> None:
    # One word is plausible in several Cyrillic languages; the page's declaration settles it.
    plain = detector.detect("Новини")
    assert plain.method == "lingua" and plain.confidence < 0.5
    declared = "bg" if plain.lang != "bg" else "uk"
    guess = detector.detect("Новини", hint=declared)
    assert (guess.lang, guess.method) == (declared, "hint")
    assert 0 < guess.confidence < 0.5
    assert detector.detect("Спорт", hint="bg").lang == "bg"
    assert detector.detect("Minister", hint="en-GB").lang == "en"


def test_hint_in_another_script_is_ignored(detector: LanguageDetector) -> None:
    guess = detector.detect("Больница", hint="en")
    assert guess.method == "lingua" and guess.lang != "en"


def test_hint_alone_when_text_says_nothing(detector: LanguageDetector) -> None:
    assert detector.detect("", hint="pl-PL").lang == "pl"
    guess = detector.detect("2024 — 12:30 !!!", hint="ukr")
    assert (guess.lang, guess.method, guess.confidence) == ("uk", "hint", 0.0)


@pytest.mark.parametrize(("text", "hint"), [("", None), ("   \n", None), ("12345 %%%", None),
                                            ("", "xx"), ("", "")])
def test_nothing_to_go_on(detector: LanguageDetector, text: str, hint: str | None) -> None:
    with pytest.raises(UnsupportedLanguage) as caught:
        detector.detect(text, hint=hint)
    assert caught.value.code == "langid.unsupported"


def test_other_scripts_and_languages(detector: LanguageDetector) -> None:
    assert detector.detect("The council approved next year's budget on Thursday evening.").lang \
        == "en"
    assert detector.detect("Der Stadtrat hat am Donnerstag den Haushalt beschlossen.").lang == "de"
    assert detector.detect("Η κυβέρνηση ενέκρινε νέο σχέδιο για τους σιδηροδρόμους.").lang == "el"
    assert detector.detect("政府批准了新的铁路发展计划。").lang == "zh"


def test_built_lazily_and_restrictable() -> None:
    small = LanguageDetector(["ru", "uk", "en"])
    assert small._state[1] is None  # nothing loaded until the first detect()
    assert small.languages == {"ru", "uk", "en"}
    assert small.detect(NEWS["be"]).lang in {"ru", "uk"}  # only what it was given
    assert small._state[1] is not None
    with pytest.raises(ValueError):
        LanguageDetector(["en"])


def test_supported_languages_are_bbabo_codes() -> None:
    codes = set(supported_languages().values())
    assert {"ru", "uk", "be", "bg", "kk", "pl", "cs", "sk", "en", "no", "zh"} <= codes
    assert "uz" not in codes  # bbabo knows Uzbek, lingua does not


@pytest.mark.parametrize(("ranked", "expected"), [
    ([("ru", 0.50), ("uk", 0.45)], ("uk", "hint")),  # close: the hint decides
    ([("ru", 0.80), ("uk", 0.20)], ("ru", "lingua")),  # clear: the text decides
    ([("ru", 0.55), ("bg", 0.40), ("uk", 0.05)], ("ru", "lingua")),  # the hint is far behind
])
def test_tie_rule_on_long_text(monkeypatch: pytest.MonkeyPatch, ranked: list[tuple[str, float]],
                               expected: tuple[str, str]) -> None:
    detector = LanguageDetector(["ru", "uk", "bg"])
    monkeypatch.setattr(detector, "_ranked", lambda sample: ranked)
    guess = detector.detect("a long enough text " * 5, hint="uk")
    assert (guess.lang, guess.method) == expected
