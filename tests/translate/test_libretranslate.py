"""The LibreTranslate client against a fake LibreTranslate server on 127.0.0.1."""

from __future__ import annotations

import json
import time

import pytest

from bbabo.errors import ModelMissing, TranslationError
from bbabo.translate import LibreTranslateEngine, TranslationJob, Translator, build_translator
from bombs import brotli_bomb, header_drip
from fakeweb import FakeWeb, Reply

from .servers import FakeLibreTranslate


def test_pairs_come_from_get_languages_with_bbabo_codes() -> None:
    fake = FakeLibreTranslate()
    with fake.running() as url:
        engine = LibreTranslateEngine(url)
        # "zt" (LibreTranslate's Traditional Chinese) is no bbabo code: left out.
        assert engine.pairs() == {("en", "ru"), ("en", "pl"), ("en", "es"), ("ru", "en"),
                                  ("ru", "uk"), ("uk", "ru"), ("es", "en")}
        assert engine.model_id("en", "pl") == "libretranslate@127.0.0.1"
        engine.close()


def test_a_batch_is_one_request_with_q_as_a_list() -> None:
    fake = FakeLibreTranslate()
    with fake.running() as url:
        engine = LibreTranslateEngine(url)
        texts = [f"Sentence {i}." for i in range(40)]
        out = engine.translate_batch(texts, "en", "pl")
        engine.close()
    assert out == [f"pl: Sentence {i}." for i in range(40)]
    assert [len(q) for q in fake.requests] == [32, 8]  # batches, not one request per sentence


def test_the_api_key_is_sent() -> None:
    fake = FakeLibreTranslate(api_key="k3y")
    with fake.running() as url:
        with pytest.raises(TranslationError, match="403: Invalid API key") as caught:
            LibreTranslateEngine(url).translate_batch(["Hi."], "en", "pl")
        assert caught.value.code == "translate.forbidden"
        assert LibreTranslateEngine(url, "k3y").translate_batch(["Hi."], "en", "pl") == [
            "pl: Hi."]


@pytest.mark.parametrize(("status", "code"), [(429, "translate.rate_limited"),
                                              (500, "translate.upstream"),
                                              (400, "translate.bad_request")])
def test_server_errors_are_translation_errors_with_codes(status: int, code: str) -> None:
    fake = FakeLibreTranslate(fail_with=status)
    with fake.running() as url:
        with pytest.raises(TranslationError) as caught:
            LibreTranslateEngine(url).translate_batch(["Hi."], "en", "pl")
    assert caught.value.code == code and str(status) in str(caught.value)


def test_an_unreachable_server_has_no_pairs_and_fails_clearly() -> None:
    with FakeLibreTranslate().running() as url:
        pass  # stopped: nothing listens there now
    engine = LibreTranslateEngine(url, timeout_s=2)
    assert engine.pairs() == set()
    with pytest.raises(ModelMissing):
        engine.translate_batch(["Hi."], "en", "pl")
    assert "install en→pl on the LibreTranslate server" in engine.install_hint("en", "pl")


def test_build_translator_uses_the_configured_server(tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake = FakeLibreTranslate()
    with fake.running() as url:
        translator = build_translator(["ctranslate2", "libretranslate"], tmp_path,
                                      libretranslate_url=url)
        job = TranslationJob(key=1, source_lang="ru", target_lang="en", title="Привет.",
                             paragraphs=("Мир.",))
        (result,) = translator.translate_jobs([job])
    assert (result.engine, result.title, result.paragraphs) == (
        "libretranslate", "en: Привет.", ("en: Мир.",))
    assert [engine.name for engine in build_translator(["libretranslate"], tmp_path).engines] \
        == []  # no URL configured: left out, with a warning


def test_pivot_through_english_over_libretranslate() -> None:
    """ru→es has no direct pair on the server: ru→en then en→es, recorded as a pivot."""
    fake = FakeLibreTranslate()
    with fake.running() as url:
        translator = Translator([LibreTranslateEngine(url)])
        assert translator.can_translate("ru", "es") and ("ru", "es") in translator.pairs()
        job = TranslationJob(key=1, source_lang="ru", target_lang="es", title="Привет.",
                             paragraphs=())
        (result,) = translator.translate_jobs([job])
    assert result.title == "es: en: Привет."
    assert result.engine == "pivot(libretranslate,libretranslate)"
    assert result.model == "libretranslate@127.0.0.1+libretranslate@127.0.0.1"


# The server is the operator's own setting, so a private address (127.0.0.1 in every test
# here) is allowed without BBABO_FETCH_ALLOW_PRIVATE_NETWORKS; everything else about the
# exchange is bbabo.fetch's: its client, a deadline, a size cap, bounded decoding.

def _languages(fakeweb: FakeWeb) -> None:
    fakeweb.route("/languages", body=json.dumps(
        [{"code": "en", "targets": ["pl"]}, {"code": "pl", "targets": ["en"]}]).encode())


def test_requests_go_through_bbabos_http_client(fakeweb: FakeWeb) -> None:
    _languages(fakeweb)
    fakeweb.route("/translate", body=b'{"translatedText": ["Cze\\u015b\\u0107."]}')
    engine = LibreTranslateEngine(fakeweb.base_url)
    assert engine.translate_batch(["Hi."], "en", "pl") == ["Cześć."]
    engine.close()
    for request in fakeweb.requests:
        assert request.headers["user-agent"].startswith("bbabo/")
        assert request.headers["accept"] == "application/json"
    assert json.loads(fakeweb.requests[-1].body)["q"] == ["Hi."]


def test_a_server_dripping_its_headers_is_cut_at_the_timeout(fakeweb: FakeWeb) -> None:
    fakeweb.route("/languages", Reply(raw=header_drip(lines=40), chunk_delay=0.2))
    engine = LibreTranslateEngine(fakeweb.base_url, timeout_s=1.0)
    started = time.monotonic()
    assert engine.pairs() == set()
    assert time.monotonic() - started < 2.5
    engine.close()


def test_an_oversized_or_compressed_answer_is_a_clear_error(fakeweb: FakeWeb) -> None:
    _languages(fakeweb)
    fakeweb.route("/translate", Reply(headers={"Content-Encoding": "br"}, body=brotli_bomb()))
    engine = LibreTranslateEngine(fakeweb.base_url)
    with pytest.raises(TranslationError) as caught:
        engine.translate_batch(["Hi."], "en", "pl")
    assert caught.value.code == "translate.bad_answer" and "too large" in str(caught.value)
    engine.close()
