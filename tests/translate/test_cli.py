"""The translation commands: glossary, qa, models, eval, translate and status."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bbabo.cli import cli
from bbabo.model import NameSpelling, QAFlag, TranslatedText
from bbabo.store import open_store

from .conftest import TINY_MODEL
from .servers import FakeIndex, argos_package, index_entry
from .test_pipeline import NOW, add_articles

Run = Callable[..., Result]


@pytest.fixture
def run(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Run:
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("BBABO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BBABO_FETCH_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("BBABO_TARGET_LANGUAGES", "pl")
    monkeypatch.setenv("BBABO_TRANSLATE_ENGINES", "ctranslate2")
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args))
        assert "Traceback" not in result.output
        return result

    return invoke


def test_glossary_import_list_remove(run: Run, tmp_path: Path) -> None:
    csv = tmp_path / "names.csv"
    csv.write_text("source,language,target\n# Kazakh politicians\nТокаев,pl,Tokajew\n\n"
                   "Назарбаев,pl,Nazarbajew\n\"Нур-Султан\",pl,Nur-Sułtan\nТокаев,en,Tokayev\n",
                   encoding="utf-8")
    result = run("glossary", "import", str(csv))
    assert result.exit_code == 0, result.output
    assert "glossary: 4 added, 0 changed, 0 unchanged" in result.output
    csv.write_text("Токаев,pl,Tokajew\nТокаев,en,Tokaev\n", encoding="utf-8")
    assert "0 added, 1 changed, 1 unchanged" in run("glossary", "import", str(csv)).output
    listed = run("glossary", "list", "--lang", "pl").output.splitlines()
    assert listed == ["Назарбаев,pl,Nazarbajew", "Нур-Султан,pl,Nur-Sułtan", "Токаев,pl,Tokajew"]
    assert len(json.loads(run("glossary", "list", "--json").output)) == 4
    assert run("glossary", "remove", "Токаев", "en").exit_code == 0
    assert run("glossary", "remove", "Токаев", "en").exit_code == 1


@pytest.mark.parametrize(("content", "message"), [
    ("Токаев,xx,Tokajew\nПутин,zz,Putin\n", "names.csv:2: unknown language code 'zz'"),
    ("Токаев,pl\n", "names.csv:1: expected 3 columns"),
])
def test_a_bad_glossary_row_is_named(run: Run, tmp_path: Path, content: str,
                                     message: str) -> None:
    (tmp_path / "names.csv").write_text(content, encoding="utf-8")
    result = run("glossary", "import", str(tmp_path / "names.csv"))
    assert result.exit_code == 1 and message in result.output


def test_the_good_rows_of_a_file_with_bad_ones_go_in(run: Run, tmp_path: Path) -> None:
    # A vendor's file of thousands of names with a few broken rows: the rest is imported,
    # the bad rows are named (the first twenty), and the exit status says some were bad.
    rows = [f"Имя{n},pl,Imię{n}" for n in range(30)]
    rows[3], rows[10] = "Токаев,pl", "Путин,zz,Putin"
    rows += [f"Плохо{n},pl" for n in range(25)]
    (tmp_path / "names.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("glossary", "import", str(tmp_path / "names.csv"))
    assert result.exit_code == 1
    assert "glossary: 28 added, 0 changed, 0 unchanged; 27 bad row(s) left out" in result.output
    assert "names.csv:4: expected 3 columns" in result.output
    assert "names.csv:11: unknown language code 'zz'" in result.output
    assert "… and 7 more" in result.output
    assert len(run("glossary", "list", "--lang", "pl").output.splitlines()) == 28


def test_translate_twice_then_status(run: Run, sqlite_url: str, tmp_path: Path) -> None:
    shutil.copytree(TINY_MODEL, tmp_path / "data" / "models" / "ru-pl")
    store = open_store(sqlite_url)
    add_articles(store, 3)
    store.close()
    first = run("translate", "--once")
    assert first.exit_code == 0, first.output
    assert "translated 3 article version(s) (pl: 3)" in first.output
    # 7 distinct sentences; random weights fail QA, so each is retried once with a beam of 4.
    assert "sentences: 14 sent to engines, 0 from memory" in first.output
    second = run("translate", "--once")
    assert second.output.startswith("translated 0") and "0 sent to engines" in second.output
    status = json.loads(run("status", "--json").output)
    assert status["translation_memory"] == 14
    assert set(status["qa"]) == {"flagged", "held"}
    assert "translations with QA flags:" in run("status").output


def test_qa_list_release_and_retranslate(run: Run, sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    first, second = add_articles(store, 2)
    flag = QAFlag(check="numbers", paragraph=0, detail="missing 21 800")
    for article in (first, second):
        store.translations.save(article, TranslatedText(
            source_lang="ru", target_lang="pl", title=f"Tytuł {article}", paragraphs=("P.",),
            engine="fake", model="m", qa=(flag,)), now=NOW, hold=True)
    listed = run("qa", "list").output
    assert f"article {first} → pl: Tytuł {first}" in listed
    assert "numbers (paragraph 0): missing 21 800" in listed
    assert json.loads(run("qa", "list", "--json").output)[0]["qa"][0]["check"] == "numbers"
    assert run("qa", "release", str(first), "pl").exit_code == 0
    assert run("qa", "retranslate", str(second), "pl").exit_code == 0
    assert run("qa", "release", str(second), "pl").exit_code == 1
    assert "pl" in store.articles.get(first).translations
    assert [p.article_id for p in store.translations.pending(["pl"])] == [second]
    store.close()


def test_models_install_list_remove(run: Run, monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    package = argos_package()
    index = FakeIndex(files={"/ru_pl.argosmodel": package})
    with index.running() as base:
        index.files["/index.json"] = json.dumps(
            [index_entry(base, "/ru_pl.argosmodel", package)]).encode()
        monkeypatch.setenv("BBABO_MODEL_INDEX_URL", base + "/index.json")
        assert "ru→pl  translate-ru_pl 1.1" in run("models", "list", "--available").output
        result = run("models", "install", "ru", "pl")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("installed ru-pl: translate-ru_pl 1.1, 0.6 MB, ru→pl")
    archive = tmp_path / "en_de.argosmodel"
    archive.write_bytes(argos_package("en", "de", "2.0"))
    assert run("models", "install", "--file", str(archive)).exit_code == 0
    assert run("models", "install", "--file", str(TINY_MODEL), "uk", "en").exit_code == 0
    listed = run("models", "list").output.splitlines()
    assert [line.split(":")[0] for line in listed] == ["en-de", "ru-pl", "uk-en"]
    records = json.loads(run("models", "list", "--json").output)
    assert records[1]["pairs"] == ["ru-pl"] and records[1]["size"] > 500_000
    assert run("models", "remove", "uk", "en").exit_code == 0
    missing = run("models", "remove", "uk", "en")
    assert missing.exit_code == 1 and "no model installed for uk→en" in missing.output
    assert run("models", "install").exit_code == 1
    digest = hashlib.sha256(package).hexdigest()
    meta = json.loads((tmp_path / "data/models/ru-pl/bbabo-model.json").read_text())
    assert meta["sha256"] == digest


def test_eval_scores_the_installed_model(run: Run, tmp_path: Path) -> None:
    shutil.copytree(TINY_MODEL, tmp_path / "data" / "models" / "ru-pl")
    tsv = tmp_path / "test.tsv"
    tsv.write_text("Привет, мир.\tWitaj, świecie.\n\nКак дела?\tJak się masz?\n",
                   encoding="utf-8")
    result = run("eval", "--src", "ru", "--tgt", "pl", str(tsv), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert (scores["engine"], scores["model"], scores["lines"]) == ("ctranslate2", "ru-pl", 2)
    assert 0 <= scores["chrf"] < 30 and 0 <= scores["bleu"] < 30  # random weights
    text = run("eval", "--src", "ru", "--tgt", "pl", str(tsv)).output
    assert "ctranslate2 ru-pl ru→pl, 2 lines: chrF" in text
    missing = run("eval", "--src", "de", "--tgt", "pl", str(tsv))
    assert missing.exit_code == 1 and "no model for de→pl" in missing.output
    tsv.write_text("no tab here\n", encoding="utf-8")
    bad = run("eval", "--src", "ru", "--tgt", "pl", str(tsv))
    assert bad.exit_code == 1 and "test.tsv:1: expected source<TAB>reference" in bad.output


def test_eval_without_its_extra_says_how_to_get_it(run: Run, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(TINY_MODEL, tmp_path / "data" / "models" / "ru-pl")
    tsv = tmp_path / "test.tsv"
    tsv.write_text("Привет, мир.\tWitaj, świecie.\n", encoding="utf-8")
    for name in [m for m in sys.modules if m.startswith("sacrebleu")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "sacrebleu", None)  # as if `bbabo[eval]` were missing
    result = run("eval", "--src", "ru", "--tgt", "pl", str(tsv))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert ".venv/bin/pip install -e '.[eval]'" in result.output


def test_glossary_lists_learned_names_and_pins_one(run: Run, sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    store.names.record("pl", [NameSpelling(source="Токаев", spelling="Tokajew")], now=NOW)
    store.names.record("pl", [NameSpelling(source="Токаев", spelling="Tokajew")], now=NOW)
    store.close()
    assert run("glossary", "list").output.splitlines() == [
        "# learned: Токаев,pl,Tokajew (2 article(s))"]
    (entry,) = json.loads(run("glossary", "list", "--json").output)
    assert entry == {"source": "Токаев", "lang": "pl", "target": "Tokajew", "learned": True,
                     "articles": 2}
    pinned = run("glossary", "pin", "Токаев", "pl")
    assert pinned.exit_code == 0, pinned.output
    assert "Токаев is written Tokajew in pl; 0 published translation(s) respelled" in pinned.output
    # Pinned, it is a glossary term (CSV that `glossary import` reads back), no longer "learned".
    assert run("glossary", "list").output.splitlines() == ["Токаев,pl,Tokajew"]
    unknown = run("glossary", "pin", "Назарбаев", "pl")
    assert unknown.exit_code == 1 and unknown.output.count("\n") == 1
    assert "no spelling of 'Назарбаев' learned for pl" in unknown.output
