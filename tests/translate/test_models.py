"""Model management: installs from a package index served on 127.0.0.1 (a package the tests
build from the tiny model, in Argos Translate's layout), resumable and checksum-verified
downloads, atomic installs, listing and removal."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import httpx
import pytest

from bbabo.errors import Forbidden, PermanentError, TransientError, UsageError
from bbabo.translate import CTranslate2Engine
from bbabo.translate.packages import (
    install_archive,
    install_directory,
    install_pair,
    installed_models,
    parse_index,
    remove_model,
)

from .conftest import TINY_MODEL
from .servers import FakeIndex, argos_package, index_entry


@pytest.fixture
def client() -> httpx.Client:
    with httpx.Client(headers={"Accept-Encoding": "identity"}) as c:
        yield c  # type: ignore[misc]


def _serve_index(index: FakeIndex, base: str, entries: list[dict[str, object]]) -> str:
    index.files["/index.json"] = json.dumps(entries).encode()
    return base + "/index.json"


def _leftovers(models_dir: Path) -> list[str]:
    hidden = [p for p in models_dir.iterdir() if p.name.startswith(".") and p.name != ".downloads"]
    downloads = models_dir / ".downloads"
    return sorted(p.name for p in hidden + (list(downloads.iterdir()) if downloads.exists()
                                            else []))


def test_install_from_the_index_then_translate(tmp_path: Path, client: httpx.Client) -> None:
    package, old = argos_package(), argos_package(version="1.0")
    index = FakeIndex(files={"/p/ru_pl-1_1.argosmodel": package, "/p/ru_pl-1_0.argosmodel": old})
    models_dir = tmp_path / "models"
    with index.running() as base:
        url = _serve_index(index, base, [index_entry(base, "/p/ru_pl-1_0.argosmodel", old, "1.0"),
                                         index_entry(base, "/p/ru_pl-1_1.argosmodel", package)])
        seen: list[tuple[int, int | None]] = []
        installed = install_pair("ru", "pl", models_dir=models_dir, index_url=url, client=client,
                                 allow_private=True, progress=lambda d, t: seen.append((d, t)))
    assert installed.directory == models_dir / "ru-pl" and installed.pairs == (("ru", "pl"),)
    assert installed.version == "1.1" and installed.size > 500_000
    assert seen[-1] == (len(package), len(package))
    meta = json.loads((models_dir / "ru-pl" / "bbabo-model.json").read_text())
    assert meta["verified"] is True and meta["sha256"] == hashlib.sha256(package).hexdigest()
    assert meta["max_positions"] == 128  # declared by the package, kept by the install
    assert _leftovers(models_dir) == []
    engine = CTranslate2Engine(models_dir)
    assert engine.model_id("ru", "pl") == "translate-ru_pl@1.1"
    assert all(engine.translate_batch(["Привет, мир.", "Да."], "ru", "pl"))


def test_a_bad_checksum_installs_nothing(tmp_path: Path, client: httpx.Client) -> None:
    package = argos_package()
    index = FakeIndex(files={"/p.argosmodel": package})
    with index.running() as base:
        entry = index_entry(base, "/p.argosmodel", b"something else")
        url = _serve_index(index, base, [entry])
        with pytest.raises(PermanentError, match="checksum") as caught:
            install_pair("ru", "pl", models_dir=tmp_path, index_url=url, client=client,
                         allow_private=True)
    assert caught.value.code == "models.checksum"
    assert not (tmp_path / "ru-pl").exists() and _leftovers(tmp_path) == []


def test_an_interrupted_download_resumes_with_a_range_request(tmp_path: Path,
                                                              client: httpx.Client) -> None:
    package = argos_package()
    index = FakeIndex(files={"/p.argosmodel": package}, break_once={"/p.argosmodel"})
    with index.running() as base:
        url = _serve_index(index, base, [index_entry(base, "/p.argosmodel", package)])
        with pytest.raises(TransientError, match="run the command again") as caught:
            install_pair("ru", "pl", models_dir=tmp_path, index_url=url, client=client,
                         allow_private=True)
        assert caught.value.code == "models.interrupted"
        (part,) = (tmp_path / ".downloads").iterdir()
        kept = part.stat().st_size
        assert part.name.endswith(".part") and 0 < kept <= len(package) // 2
        install_pair("ru", "pl", models_dir=tmp_path, index_url=url, client=client,
                     allow_private=True)
    assert index.ranges == [None, f"bytes={kept}-"]
    assert CTranslate2Engine(tmp_path).pairs() == {("ru", "pl")}


def test_redirects_are_followed_and_every_hop_is_guarded(tmp_path: Path,
                                                         client: httpx.Client) -> None:
    package = argos_package()
    index = FakeIndex(files={"/real.argosmodel": package})
    with index.running() as base:
        index.redirects["/moved.argosmodel"] = base + "/real.argosmodel"
        url = _serve_index(index, base, [index_entry(base, "/moved.argosmodel", package)])
        with pytest.raises(Forbidden):  # 127.0.0.1 is private: refused unless allowed
            install_pair("ru", "pl", models_dir=tmp_path, index_url=url, client=client,
                         allow_private=False)
        install_pair("ru", "pl", models_dir=tmp_path, index_url=url, client=client,
                     allow_private=True)
    assert (tmp_path / "ru-pl" / "model" / "model.bin").is_file()


def test_a_pair_missing_from_the_index_is_a_clear_error(tmp_path: Path,
                                                        client: httpx.Client) -> None:
    index = FakeIndex()
    with index.running() as base:
        url = _serve_index(index, base, [index_entry(base, "/x", None, pair=("en", "de"))])
        with pytest.raises(UsageError, match="has no ru→pl package"):
            install_pair("ru", "pl", models_dir=tmp_path, index_url=url, client=client,
                         allow_private=True)


def test_index_parsing_keeps_known_translate_packages() -> None:
    packages = parse_index([
        {"type": "translate", "from_code": "en", "to_code": "zt", "links": ["x"]},
        {"type": "sbd", "from_code": "en", "to_code": "en", "links": ["x"]},
        {"from_code": "uk", "to_code": "en", "links": ["u"], "package_version": "1.9",
         "sha256": "ABC", "size": "123"},
    ])
    assert [(p.src, p.tgt, p.version, p.sha256, p.size) for p in packages] == [
        ("uk", "en", "1.9", "abc", 123)]


def test_install_a_local_package_and_replace_it_atomically(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    for version in ("1.0", "1.1"):
        archive = tmp_path / f"ru_pl-{version}.argosmodel"
        archive.write_bytes(argos_package(version=version))
        installed = install_archive(archive, models_dir)
        assert installed.version == version
    assert [m.directory.name for m in installed_models(models_dir)] == ["ru-pl"]
    assert _leftovers(models_dir) == []


def test_install_a_ctranslate2_directory(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    with pytest.raises(UsageError, match="say which pair"):
        install_directory(TINY_MODEL, models_dir)
    installed = install_directory(TINY_MODEL, models_dir, pair=("uk", "en"))
    assert installed.pairs == (("uk", "en"),) and installed.name == "tiny-marian"
    assert CTranslate2Engine(models_dir).pairs() == {("uk", "en")}


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil.txt"])
def test_unsafe_or_broken_packages_are_refused(tmp_path: Path, member: str) -> None:
    unsafe = tmp_path / "unsafe.argosmodel"
    with zipfile.ZipFile(unsafe, "w") as bundle:
        bundle.writestr(member, "x")
    broken = tmp_path / "broken.argosmodel"
    broken.write_bytes(argos_package(root="pkg/")[:100])
    no_model = tmp_path / "no-model.argosmodel"
    with zipfile.ZipFile(no_model, "w") as bundle:
        bundle.writestr("pkg/metadata.json", '{"from_code": "ru", "to_code": "pl"}')
    models_dir = tmp_path / "models"
    for archive in (unsafe, broken, no_model):
        with pytest.raises(UsageError) as caught:
            install_archive(archive, models_dir)
        assert caught.value.code == "models.bad_package"
    assert list(models_dir.iterdir()) == []


def test_list_and_remove(tmp_path: Path) -> None:
    shutil.copytree(TINY_MODEL, tmp_path / "ru-pl")
    shutil.copytree(TINY_MODEL, tmp_path / "en-de")
    listed = installed_models(tmp_path)
    assert [(m.directory.name, m.pairs) for m in listed] == [
        ("en-de", (("en", "de"),)), ("ru-pl", (("ru", "pl"),))]
    assert all(m.size == listed[0].size > 500_000 for m in listed)
    remove_model(tmp_path, "ru", "pl")
    assert [m.directory.name for m in installed_models(tmp_path)] == ["en-de"]
    with pytest.raises(UsageError, match="no model installed for ru→pl"):
        remove_model(tmp_path, "ru", "pl")
