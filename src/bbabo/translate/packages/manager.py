"""``install_pair``: find a pair's package in the index, download it (resumably), verify it,
install it. What ``bbabo models install SRC TGT`` does; ``install_package`` is the second half."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx

from bbabo.errors import PermanentError, UsageError
from bbabo.translate.packages.download import Progress, download, sha256_of
from bbabo.translate.packages.index import Package, fetch_index, is_safe_name, pick_package
from bbabo.translate.packages.install import InstalledModel, install_archive

__all__ = ["install_pair", "install_package", "DOWNLOADS"]

log = logging.getLogger(__name__)

DOWNLOADS = ".downloads"  # under models_dir; hidden, so the engine never mistakes it for a model


def install_pair(src: str, tgt: str, *, models_dir: Path, index_url: str, client: httpx.Client,
                 allow_private: bool, progress: Progress | None = None) -> InstalledModel:
    """Install the newest package for ``src``→``tgt`` from the index at ``index_url``."""
    package = pick_package(fetch_index(index_url, client, allow_private=allow_private), src, tgt)
    if package is None:
        raise UsageError(f"the model index {index_url} has no {src}→{tgt} package",
                         code="models.no_package")
    return install_package(package, models_dir=models_dir, client=client,
                           allow_private=allow_private, progress=progress)


def install_package(package: Package, *, models_dir: Path, client: httpx.Client,
                    allow_private: bool, progress: Progress | None = None) -> InstalledModel:
    """Download (resuming a partial download), verify and install one index package."""
    if not package.links:
        raise PermanentError(f"{package.name}: the index gives no download link",
                             code="models.bad_index")
    if not (is_safe_name(package.name) and is_safe_name(package.version)):
        # parse_index skips such entries; a Package made elsewhere is checked here too.
        raise PermanentError(f"unsafe package name {package.name!r} {package.version!r}",
                             code="models.bad_index")
    archive = models_dir / DOWNLOADS / f"{package.name}-{package.version}.argosmodel"
    if not archive.exists():
        download(package.links[0], archive, client, allow_private=allow_private,
                 sha256=package.sha256, progress=progress)
    elif package.sha256 is not None and sha256_of(archive) != package.sha256:
        archive.unlink()  # a stale file from an older index: fetch it again
        download(package.links[0], archive, client, allow_private=allow_private,
                 sha256=package.sha256, progress=progress)
    digest = sha256_of(archive)
    if package.sha256 is None:
        log.warning("the index gives no checksum for %s; installed unverified (sha256 %s)",
                    package.name, digest)
    installed = install_archive(archive, models_dir, pair=(package.src, package.tgt), meta={
        "name": package.name, "version": package.version, "source": package.links[0],
        "sha256": digest, "verified": package.sha256 is not None})
    archive.unlink()
    return installed
