"""Language codes: what bbabo knows, how codes are normalised, how languages are named."""

from __future__ import annotations

from bbabo.errors import UsageError

__all__ = ["LANGUAGES", "RTL", "normalize", "english_name", "native_name", "is_known"]

# code -> (English name, native name). ISO 639-1 where one exists.
LANGUAGES: dict[str, tuple[str, str]] = {
    "ar": ("Arabic", "العربية"),
    "be": ("Belarusian", "Беларуская"),
    "bg": ("Bulgarian", "Български"),
    "cs": ("Czech", "Čeština"),
    "da": ("Danish", "Dansk"),
    "de": ("German", "Deutsch"),
    "el": ("Greek", "Ελληνικά"),
    "en": ("English", "English"),
    "es": ("Spanish", "Español"),
    "et": ("Estonian", "Eesti"),
    "fa": ("Persian", "فارسی"),
    "fi": ("Finnish", "Suomi"),
    "fr": ("French", "Français"),
    "he": ("Hebrew", "עברית"),
    "hi": ("Hindi", "हिन्दी"),
    "hr": ("Croatian", "Hrvatski"),
    "hu": ("Hungarian", "Magyar"),
    "hy": ("Armenian", "Հայերեն"),
    "id": ("Indonesian", "Bahasa Indonesia"),
    "it": ("Italian", "Italiano"),
    "ja": ("Japanese", "日本語"),
    "ka": ("Georgian", "ქართული"),
    "kk": ("Kazakh", "Қазақ тілі"),
    "ko": ("Korean", "한국어"),
    "lt": ("Lithuanian", "Lietuvių"),
    "lv": ("Latvian", "Latviešu"),
    "nl": ("Dutch", "Nederlands"),
    "no": ("Norwegian", "Norsk"),
    "pl": ("Polish", "Polski"),
    "pt": ("Portuguese", "Português"),
    "ro": ("Romanian", "Română"),
    "ru": ("Russian", "Русский"),
    "sk": ("Slovak", "Slovenčina"),
    "sl": ("Slovenian", "Slovenščina"),
    "sr": ("Serbian", "Српски"),
    "sv": ("Swedish", "Svenska"),
    "tr": ("Turkish", "Türkçe"),
    "uk": ("Ukrainian", "Українська"),
    "ur": ("Urdu", "اردو"),
    "uz": ("Uzbek", "Oʻzbekcha"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "zh": ("Chinese", "中文"),
}

RTL = frozenset({"ar", "fa", "he", "ur"})

# Three-letter and legacy aliases seen in feeds, HTML lang attributes and Apertium pair names.
_ALIASES = {
    "ara": "ar", "bel": "be", "bul": "bg", "ces": "cs", "cze": "cs", "dan": "da", "deu": "de",
    "ger": "de", "ell": "el", "gre": "el", "eng": "en", "spa": "es", "est": "et", "fas": "fa",
    "per": "fa", "fin": "fi", "fra": "fr", "fre": "fr", "heb": "he", "iw": "he", "hin": "hi",
    "hrv": "hr", "hun": "hu", "hye": "hy", "ind": "id", "in": "id", "ita": "it", "jpn": "ja",
    "kat": "ka", "kaz": "kk", "kor": "ko", "lit": "lt", "lav": "lv", "nld": "nl", "dut": "nl",
    "nor": "no", "nob": "no", "nb": "no", "pol": "pl", "por": "pt", "ron": "ro", "rum": "ro",
    "rus": "ru", "slk": "sk", "slo": "sk", "slv": "sl", "srp": "sr", "swe": "sv", "tur": "tr",
    "ukr": "uk", "urd": "ur", "uzb": "uz", "vie": "vi", "zho": "zh", "chi": "zh",
}


def normalize(code: str) -> str:
    """Return bbabo's code for a language tag ("en-GB" -> "en", "ukr" -> "uk").

    Raises UsageError for a tag bbabo does not know, so a typo never becomes a new language.
    """
    tag = code.strip().replace("_", "-").lower()
    primary = tag.split("-", 1)[0]
    primary = _ALIASES.get(primary, primary)
    if primary not in LANGUAGES:
        raise UsageError(f"unknown language code {code!r}", code="usage.unknown_language")
    return primary


def is_known(code: str) -> bool:
    try:
        normalize(code)
    except UsageError:
        return False
    return True


def english_name(code: str) -> str:
    return LANGUAGES[normalize(code)][0]


def native_name(code: str) -> str:
    return LANGUAGES[normalize(code)][1]
