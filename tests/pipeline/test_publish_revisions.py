"""The static copy follows translations changed in place: an editor's hand edit and a pinned
name respelled are found by their revision ids since the last pass, and the pages they show on
are rendered again (and only those)."""

from __future__ import annotations

import json
from pathlib import Path

from bbabo.model import NameSpelling
from bbabo.pipeline.names import pin_name
from bbabo.pipeline.publish import MARK_FILE, Publisher, PublishOutcome
from bbabo.pipeline.review import edit_translation
from bbabo.store import Store

from .test_publish import (  # noqa: F401 - fixtures, used by name
    NOW,
    Seed,
    _changed,
    _files,
    publish,
    seed,
    settings,
    site,
    stories,
)


def test_a_hand_edit_re_renders_the_pages_of_that_translation(
        publish: Publisher, store: Store, stories: dict[str, int], site: Path) -> None:
    publish()
    before = _files(site)
    derby = stories["derby"]
    edit_translation(store, derby, "en", title="Derby in Moscow ends in a draw",
                     paragraphs=("A draw in Moscow.", "Paragraph two."), editor="ann", now=NOW)

    report = publish()
    assert report.outcome is PublishOutcome.updated and report.articles == 1
    changed = _changed(before, _files(site))
    english = f"en/sport/{derby}-derby-in-moscow-ends-in-a-draw"
    for name in (f"{english}.html", f"{english}.json", f"ru/sport/{derby}-derbi-v-moskve.html",
                 "en/index.html", "en/feed.xml", "sitemaps/en.xml"):
        assert name in changed, name
    page = (site / f"{english}.html").read_text()
    assert "A draw in Moscow." in page
    assert "Machine translation from Russian, corrected by the editors." in page
    storm = f"en/news/{stories['storm']}-storm-hits-the-coast.html"
    assert storm not in changed
    assert publish().outcome is PublishOutcome.unchanged


def test_a_pinned_name_re_renders_the_translations_it_respelled(
        publish: Publisher, store: Store, seed: Seed, site: Path) -> None:
    story = seed.article("Токаев в Москве", lang="ru")
    seed.translation(story, "pl", "Tokajew w Moskwie", source_lang="ru")
    store.names.record("pl", [NameSpelling(source="Токаев", spelling="Tokajew")], now=NOW)
    publish()
    before = _files(site)

    report = pin_name(store, "Токаев", "pl", "Tokayev", now=NOW)
    assert report.respelled == 1
    assert publish().outcome is PublishOutcome.updated
    changed = _changed(before, _files(site))
    polish = f"pl/news/{story}-tokayev-w-moskwie.html"
    assert polish in changed and "Tokayev w Moskwie" in (site / polish).read_text()


def test_a_mark_written_before_revisions_existed_is_still_followed(
        publish: Publisher, store: Store, stories: dict[str, int], site: Path) -> None:
    publish()
    mark = json.loads((site / MARK_FILE).read_text())
    del mark["revision_id"], mark["revision_gaps"]
    (site / MARK_FILE).write_text(json.dumps({**mark, "format": 1}))
    edit_translation(store, stories["derby"], "en", title="Derby, corrected",
                     paragraphs=("One.", "Two."), editor="ann", now=NOW)
    # Not a whole export: the old mark is read as "no revision published yet".
    assert publish().outcome is PublishOutcome.updated
    assert json.loads((site / MARK_FILE).read_text())["revision_id"] == 1
