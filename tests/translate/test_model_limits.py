"""The model index and package downloads are input from the network like any feed: names that
would escape the data directory, an index that never ends, compressed or oversized downloads,
and hosts that rebind to private addresses."""

from __future__ import annotations

import importlib
import itertools
import json
import time
import tracemalloc
from pathlib import Path

import httpx
import pytest

from bbabo.errors import Forbidden, PermanentError, TransientError, UsageError
from bbabo.translate.packages import (
    download,
    install_directory,
    install_pair,
    package_client,
    parse_index,
    pick_package,
)
from bbabo.translate.packages.index import MAX_INDEX_BYTES
from bombs import brotli_bomb, header_drip
from fakeweb import FakeWeb, Reply

from .servers import FakeIndex, argos_package, index_entry


@pytest.fixture
def client() -> httpx.Client:
    with package_client(timeout_s=2.0) as opened:
        yield opened  # type: ignore[misc]


def _everything_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*")}


@pytest.mark.parametrize("field", ["code", "package_version"])
@pytest.mark.parametrize("value", ["../../../escaped", "/tmp/escaped", "a/../../b", "..",
                                   ".hidden", "a\\b", "x" * 200])
def test_index_names_that_would_leave_the_data_directory_are_refused(
    tmp_path: Path, client: httpx.Client, field: str, value: str
) -> None:
    package = argos_package()
    index = FakeIndex(files={"/p.argosmodel": package})
    models_dir = tmp_path / "a" / "b" / "models"
    with index.running() as base:
        entry = {**index_entry(base, "/p.argosmodel", package), field: value}
        index.files["/index.json"] = json.dumps([entry]).encode()
        with pytest.raises(UsageError) as caught:
            install_pair("ru", "pl", models_dir=models_dir, index_url=base + "/index.json",
                         client=client, allow_private=True)
    assert caught.value.code == "models.no_package"
    outside = _everything_under(tmp_path) - _everything_under(models_dir) - {models_dir}
    assert all(path in (tmp_path / "a", tmp_path / "a" / "b") for path in outside), outside


def test_unsafe_entries_are_skipped_and_safe_ones_kept() -> None:
    packages = parse_index([
        {"from_code": "ru", "to_code": "pl", "code": "../x", "links": ["u"]},
        {"from_code": "ru", "to_code": "pl", "code": "ok", "package_version": "1.0/..",
         "links": ["u"]},
        {"from_code": "ru", "to_code": "pl", "code": "translate-ru_pl", "package_version": "1.9",
         "links": ["u"]},
        {"from_code": "ru", "to_code": "pl", "links": ["u"]},  # no code: named after the pair
    ])
    assert [(p.name, p.version) for p in packages] == [("translate-ru_pl", "1.9"),
                                                       ("translate-ru_pl", "0")]


def test_an_endless_index_is_cut_at_its_cap(fakeweb: FakeWeb, client: httpx.Client) -> None:
    fakeweb.route("/index.json", Reply(body=itertools.chain([b"["], itertools.repeat(
        b'{"from_code": "ru", "to_code": "pl", "links": ["x"]},' * 100))))
    tracemalloc.start()
    try:
        with pytest.raises(PermanentError) as caught:
            install_pair("ru", "pl", models_dir=Path("/nonexistent"),
                         index_url=fakeweb.url("/index.json"), client=client, allow_private=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "models.bad_index" and "too large" in str(caught.value)
    assert peak < 3 * MAX_INDEX_BYTES


def test_a_compressed_index_is_decoded_with_the_cap(fakeweb: FakeWeb,
                                                    client: httpx.Client) -> None:
    fakeweb.route("/index.json", Reply(headers={"Content-Encoding": "br"}, body=brotli_bomb()))
    with pytest.raises(PermanentError) as caught:
        install_pair("ru", "pl", models_dir=Path("/nonexistent"),
                     index_url=fakeweb.url("/index.json"), client=client, allow_private=True)
    assert caught.value.code == "models.bad_index"


def test_a_download_compressed_against_its_request_is_refused(
    fakeweb: FakeWeb, client: httpx.Client, tmp_path: Path
) -> None:
    fakeweb.route("/p.argosmodel", Reply(headers={"Content-Encoding": "br"},
                                         body=brotli_bomb()))
    dest = tmp_path / "p.argosmodel"
    with pytest.raises(PermanentError) as caught:
        download(fakeweb.url("/p.argosmodel"), dest, client, allow_private=True)
    assert caught.value.code == "models.bad_encoding"
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) < 1_000_000


def test_a_download_past_the_cap_stops_and_leaves_nothing(
    fakeweb: FakeWeb, client: httpx.Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The package exports a function of the module's name: patch the module itself.
    module = importlib.import_module("bbabo.translate.packages.download")
    monkeypatch.setattr(module, "MAX_DOWNLOAD_BYTES", 1_000_000)
    fakeweb.route("/p.argosmodel", Reply(body=itertools.repeat(b"\0" * 65536)))
    with pytest.raises(PermanentError) as caught:
        download(fakeweb.url("/p.argosmodel"), tmp_path / "p.argosmodel", client,
                 allow_private=True)
    assert caught.value.code == "models.too_large"
    assert list(tmp_path.iterdir()) == []


def test_a_download_whose_headers_drip_times_out(fakeweb: FakeWeb, client: httpx.Client,
                                                 tmp_path: Path) -> None:
    fakeweb.route("/p.argosmodel", Reply(raw=header_drip(lines=40), chunk_delay=0.2))
    started = time.monotonic()
    with pytest.raises(TransientError) as caught:
        download(fakeweb.url("/p.argosmodel"), tmp_path / "p.argosmodel", client,
                 allow_private=True)
    assert caught.value.code == "models.interrupted"
    assert time.monotonic() - started < 4  # the 2 s timeout of the client, not 8 s of drip


def _lying_dns(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]  # "public", while the connection goes to 127.0.0.1


def test_the_index_checks_the_connected_peer(fakeweb: FakeWeb, client: httpx.Client,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bbabo.fetch.guard.resolve_host", _lying_dns)
    fakeweb.route("/index.json", body=b"[]")
    url = fakeweb.url("/index.json").replace("127.0.0.1", "localhost")
    with pytest.raises(Forbidden) as caught:
        install_pair("ru", "pl", models_dir=Path("/nonexistent"), index_url=url, client=client,
                     allow_private=False)
    assert caught.value.code == "fetch.blocked_address"


def test_a_download_checks_the_connected_peer(fakeweb: FakeWeb, client: httpx.Client,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bbabo.fetch.guard.resolve_host", _lying_dns)
    fakeweb.route("/p.argosmodel", body=b"PK not really a package")
    url = fakeweb.url("/p.argosmodel").replace("127.0.0.1", "localhost")
    with pytest.raises(Forbidden):
        download(url, tmp_path / "p.argosmodel", client, allow_private=False)
    assert list(tmp_path.iterdir()) == []


def test_a_multilingual_model_named_outside_the_models_directory_is_refused(
    tmp_path: Path
) -> None:
    source = tmp_path / "nllb"
    source.mkdir()
    (source / "bbabo-model.json").write_text(json.dumps(
        {"multilingual": "nllb", "name": "../../escaped"}))
    models_dir = tmp_path / "data" / "models"
    with pytest.raises(UsageError) as caught:
        install_directory(source, models_dir)
    assert caught.value.code == "models.bad_package"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "nllb"]
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["models"]


def test_any_two_versions_compare_and_odd_fields_are_ignored() -> None:
    packages = parse_index([
        {"from_code": "ru", "to_code": "pl", "code": "p", "package_version": v, "links": ["u"],
         "size": size}
        for v, size in [("1.9", "²"), ("1.10", "12"), ("1.a", None), ("2", [1])]])
    assert [p.size for p in packages] == [None, 12, None, None]
    assert pick_package(packages, "ru", "pl").version == "2"  # type: ignore[union-attr]
    assert sorted(p.version for p in packages if p.version != "2") == ["1.10", "1.9", "1.a"]
    assert max(packages[:3], key=lambda p: p.version_key).version == "1.10"
