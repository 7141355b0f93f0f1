"""Model packages: the index, downloads, and installs into ``models_dir``."""

from bbabo.translate.packages.download import download, package_client, sha256_of
from bbabo.translate.packages.index import Package, fetch_index, parse_index, pick_package
from bbabo.translate.packages.install import (
    InstalledModel,
    install_archive,
    install_directory,
    installed_models,
    remove_model,
)
from bbabo.translate.packages.manager import install_package, install_pair
from bbabo.translate.packages.plan import ModelPlan, plan_models

__all__ = [
    "InstalledModel",
    "ModelPlan",
    "Package",
    "download",
    "fetch_index",
    "install_archive",
    "install_directory",
    "install_package",
    "install_pair",
    "installed_models",
    "package_client",
    "parse_index",
    "pick_package",
    "plan_models",
    "remove_model",
    "sha256_of",
]
