"""A hand edit, end to end through the console: stored as such (who, when, the machine's text
kept), the flags, the warning and ``noindex`` gone, the page saying "corrected by the
editors" in the reader's language, ``bbabo articles export`` naming the editor, and no machine
path ever replacing it (the translation pass, a new model, re-translating, a pinned name)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from console import Browser, Clock, add_user, make_console_app
from harness import NOW, Seeder
from starlette.applications import Starlette

from bbabo.cli import cli
from bbabo.errors import UsageError
from bbabo.model import NameSpelling, QAFlag, TranslatedText
from bbabo.pipeline.names import pin_name
from bbabo.pipeline.review import retranslate
from bbabo.pipeline.translate import translate_pending
from bbabo.store import Store
from bbabo.translate import Translator
from bbabo.translate.engines.fake import FakeEngine

FLAG = QAFlag(check="numbers", paragraph=0, detail="missing 2,4; found instead 24")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(settings: object, store: Store, clock: Clock) -> Starlette:
    return make_console_app(settings, store, clock)  # type: ignore[arg-type]


@pytest.fixture
def editor(app: Starlette, store: Store) -> Browser:
    add_user(store, "eddie", "editor")
    browser = Browser(app)
    assert browser.sign_in("eddie").status_code == 303
    return browser


@pytest.fixture
def story(seed: Seeder) -> int:
    article = seed.article("Дума приняла бюджет", paragraphs=(
        "Бюджет составит 2,4 трлн рублей.", "Депутаты проголосовали в среду."))
    seed.translation(article, "pl", "Duma przyjęła budżet", paragraphs=(
        "Budżet wyniesie 24 bln rubli.", "Posłowie głosowali w środę."), qa=(FLAG,))
    seed.translation(article, "en", "Duma passes the budget", paragraphs=(
        "The budget will be 2.4 trillion roubles.", "MPs voted on Wednesday."))
    return article


def _edit(browser: Browser, article: int, lang: str, title: str,
          paragraphs: list[str]) -> str:
    path = f"/admin/review/{article}/{lang}"
    answer = browser.post(path + "/edit", data={"csrf_token": browser.csrf(path),
                                                "title": title, "paragraph": paragraphs})
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def _public(browser: Browser, article: int, lang: str) -> str:
    answer = browser.get(f"/{lang}/news/{article}")
    if answer.status_code == 301:
        answer = browser.get(answer.headers["location"])
    assert answer.status_code == 200
    return answer.text


def test_a_hand_edit_is_what_readers_see_marked_as_corrected(
        editor: Browser, store: Store, story: int) -> None:
    before = _public(editor, story, "pl")
    assert 'class="qa-warning"' in before  # the warning, in Polish
    assert '<meta name="robots" content="noindex">' in before

    back = _edit(editor, story, "pl", "Duma przyjęła budżet na 2027 rok",
                 ["Budżet wyniesie 2,4 bln rubli.", "Posłowie głosowali w środę."])
    assert "Your correction is published" in editor.get(back).text

    after = _public(editor, story, "pl")
    assert "Budżet wyniesie 2,4 bln rubli." in after
    assert "Duma przyjęła budżet na 2027 rok" in after
    assert "Tłumaczenie maszynowe z języka: rosyjski, poprawione przez redakcję." in after
    assert 'class="qa-warning"' not in after
    assert 'content="noindex"' not in after
    # The other languages are untouched and say nothing of editors.
    assert "corrected by the editors" not in _public(editor, story, "en")
    twin = editor.get(f"/pl/news/{story}-duma-przyjela-budzet-na-2027-rok.json").json()
    assert twin["article"]["corrected"] is True and twin["article"]["flagged"] is False
    api = editor.get(f"/api/v1/articles/{story}").json()
    assert api["versions"]["pl"]["edited"] is True and api["versions"]["en"]["edited"] is False


def test_the_edit_is_stored_as_such_with_the_machine_text_kept(
        editor: Browser, store: Store, story: int) -> None:
    _edit(editor, story, "pl", "Duma przyjęła budżet", ["Budżet: 2,4 bln rubli.",
                                                        "Posłowie głosowali w środę."])
    translation = store.articles.get(story).translations["pl"]
    assert (translation.edited_by, translation.edited_at) == ("eddie", NOW)
    assert translation.qa == () and translation.engine == "fake"
    text = store.review.text(story, "pl")
    assert text is not None and text.translation_id is not None
    [revision] = store.revisions.history(text.translation_id)
    assert (revision.kind, revision.editor) == ("edit", "eddie")
    assert revision.prior_paragraphs[0] == "Budżet wyniesie 24 bln rubli."
    assert revision.prior_qa == (FLAG,)
    page = editor.get(f"/admin/review/{story}/pl").text
    assert "corrected by hand by <strong>eddie</strong>" in page
    assert "Budżet wyniesie 24 bln rubli." in page  # the machine's text, kept
    assert "Translate again" not in page
    # It has left the review queue: nothing is flagged any more.
    assert f"/admin/review/{story}/pl" not in editor.get("/admin/review").text
    entry = store.audit.recent()[0]
    assert (entry.username, entry.action, entry.target) == (
        "eddie", "translation.edit", f"article {story} → pl")


def test_articles_export_shows_the_edit_and_the_editor(
        editor: Browser, store: Store, story: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(editor, story, "pl", "Duma przyjęła budżet", ["Jeden.", "Dwa."])
    database = store.engine.url.render_as_string(hide_password=False)  # type: ignore[union-attr]
    monkeypatch.setenv("BBABO_DATABASE_URL", database)
    result = CliRunner().invoke(cli, ["articles", "export"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    polish, english = record["translations"]["pl"], record["translations"]["en"]
    assert (polish["edited"], polish["edited_by"]) == (True, "eddie")
    assert polish["edited_at"] == NOW.isoformat() and polish["qa"] == []
    assert (english["edited"], english["edited_by"]) == (False, None)


def test_no_machine_path_replaces_a_hand_edit(editor: Browser, store: Store, story: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(editor, story, "pl", "Duma przyjęła budżet", ["Ręcznie.", "Poprawione."])
    # The translation pass, with an engine that would translate ru→pl (a new model, say).
    engine = FakeEngine({("ru", "pl"), ("ru", "en")})
    report = translate_pending(store=store, translator=Translator([engine]),
                               targets=["pl", "en"], clock=lambda: NOW)
    assert report.total == 0 and engine.calls == []
    # Saving a machine translation over it is refused by the store itself.
    assert store.translations.save(story, TranslatedText(
        source_lang="ru", target_lang="pl", title="Maszyna", paragraphs=("a", "b"),
        engine="ctranslate2", model="opus-mt-ru-pl"), now=NOW) is False
    # Re-translating is refused, from the console and the command line alike.
    with pytest.raises(UsageError, match="corrected by hand"):
        retranslate(store, story, "pl")
    path = f"/admin/review/{story}/pl"
    refused = editor.post(path + "/retranslate", data={"csrf_token": editor.csrf(path)})
    assert refused.status_code == 400 and "corrected by hand" in refused.text
    monkeypatch.setenv("BBABO_DATABASE_URL",
                       store.engine.url.render_as_string(hide_password=False))  # type: ignore[union-attr]
    command = CliRunner().invoke(cli, ["qa", "retranslate", str(story), "pl"])
    assert command.exit_code == 1 and "corrected by hand" in command.output
    # A pinned name respells machine translations only.
    store.names.record("pl", [NameSpelling(source="Дума", spelling="Duma")], now=NOW)
    pin_name(store, "Дума", "pl", "Dumа-X", now=NOW)
    translation = store.articles.get(story).translations["pl"]
    assert (translation.title, translation.paragraphs) == ("Duma przyjęła budżet",
                                                           ("Ręcznie.", "Poprawione."))


def test_editing_a_held_translation_publishes_it(editor: Browser, store: Store,
                                                 seed: Seeder) -> None:
    article = seed.article("Второй", paragraphs=("Один.",))
    store.translations.save(article, TranslatedText(
        source_lang="ru", target_lang="pl", title="Drugi", paragraphs=("Jeden jeden jeden.",),
        engine="fake", model="fake-1", qa=(FLAG,)), now=NOW, hold=True)
    page = editor.get(f"/admin/review/{article}/pl").text
    assert "held back" in page and "Release as it is" in page
    _edit(editor, article, "pl", "Drugi", ["Jeden."])
    assert store.translations.count_held() == 0
    translation = store.articles.get(article).translations["pl"]
    assert translation.edited and translation.paragraphs == ("Jeden.",)
    # A copy held back again later never replaces it either.
    store.translations.save_many([(article, TranslatedText(
        source_lang="ru", target_lang="pl", title="X", paragraphs=("Y",), engine="fake",
        model="fake-2"), True)], now=NOW)
    assert store.articles.get(article).translations["pl"].paragraphs == ("Jeden.",)


def test_the_sitemap_lists_the_page_once_corrected(editor: Browser, story: int) -> None:
    def listed() -> bool:
        sitemap = editor.get("/sitemaps/pl.xml").text
        return re.search(rf"/pl/news/{story}-", sitemap) is not None

    assert not listed()  # flagged: left out of the sitemap
    _edit(editor, story, "pl", "Duma przyjęła budżet", ["Jeden.", "Dwa."])
    assert listed()
