"""Model packages: the index, downloads, and installs into ``models_dir``."""

from bbabo.translate.packages.download import download, sha256_of
from bbabo.translate.packages.index import Package, fetch_index, parse_index, pick_package
from bbabo.translate.packages.install import (
    InstalledModel,
    install_archive,
    install_directory,
    installed_models,
    remove_model,
)
from bbabo.translate.packages.manager import install_pair

__all__ = [
    "InstalledModel",
    "Package",
    "download",
    "fetch_index",
    "install_archive",
    "install_directory",
    "install_pair",
    "installed_models",
    "parse_index",
    "pick_package",
    "remove_model",
    "sha256_of",
]
