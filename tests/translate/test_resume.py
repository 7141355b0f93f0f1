"""Resume after a killed translation run: `bbabo translate --once` is SIGKILLed while a request
is in flight, then run again. Nothing is translated twice (every sentence the engine answered is
asked for at most once across both runs) and nothing is lost (every article ends up translated,
once). The engine is a fake LibreTranslate in this process, so every request is observable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bbabo.store import open_store

from .servers import FakeLibreTranslate
from .test_pipeline import BOILERPLATE, add_articles

ARTICLES = 40  # batches of 32 and 8 articles of two unique sentences, plus the boilerplate
# LibreTranslate requests hold 32 sentences: the first batch (65 sentences) makes three, the
# second (16: the boilerplate is known by then) one.
FIRST_BATCH = 32
FIRST_BATCH_REQUESTS = 3


def _bbabo(env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "bbabo", "translate", "--once"], env=env,
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _env(db_url: str, engine_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BBABO_")}
    env.update(BBABO_DATABASE_URL=db_url, BBABO_DATA_DIR=str(tmp_path / "data"),
               BBABO_TRANSLATE_ENGINES="libretranslate", BBABO_LIBRETRANSLATE_URL=engine_url,
               BBABO_TARGET_LANGUAGES="en")
    return env


def test_a_killed_run_resumes_without_translating_twice_or_losing_work(
        db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    try:
        add_articles(store, ARTICLES)
        # The second batch's request hangs until released.
        first = FakeLibreTranslate(gate_after=FIRST_BATCH_REQUESTS)
        with first.running() as url:
            process = _bbabo(_env(db_url, url, tmp_path), tmp_path)
            try:
                arrived = first.gated.wait(60)
                assert arrived, process.communicate(timeout=5)
                done_at_kill = store.translations.count_by_language().get("en", 0)
                answered = [list(q) for q in first.requests]  # before the hung one is released
                process.send_signal(signal.SIGKILL)
            finally:
                if process.poll() is None:
                    process.kill()
                process.communicate(timeout=10)
                first.gate.set()
        assert process.returncode == -signal.SIGKILL
        assert done_at_kill == FIRST_BATCH  # stored; the second batch was in flight
        assert len(answered) == FIRST_BATCH_REQUESTS

        second = FakeLibreTranslate()
        with second.running() as url:
            rerun = _bbabo(_env(db_url, url, tmp_path), tmp_path)
            out, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err.decode()
        rest = ARTICLES - FIRST_BATCH
        assert f"translated {rest} article version(s) (en: {rest})" in out.decode()

        asked = Counter(text for q in answered + second.requests for text in q)
        assert asked.most_common(1)[0][1] == 1  # nothing translated twice
        assert asked[BOILERPLATE] == 1  # and the shared line once, ever
        assert store.translations.count_by_language() == {"en": ARTICLES}  # nothing lost
        assert store.translations.pending_count(["en"]) == 0
        titles = {a.translations["en"].title for a in store.articles.iter_all()}
        assert titles == {f"en: Новость {n}." for n in range(ARTICLES)}
    finally:
        store.close()
