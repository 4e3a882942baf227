"""The one place that resolves where PointMap's files are: reference data and assets.

Installed from a wheel, the files live in the package (``pointmap/_resources``); in a source
checkout they live at the top of the repository. Nothing here depends on the current directory.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_ENV_DATA = "POINTMAP_REFERENCE_DB"


@cache
def resource_root() -> Path:
    """The folder that holds ``data/`` and ``assets/``."""
    bundled = _PACKAGE_DIR / "_resources"
    if (bundled / "assets").is_dir():
        return bundled
    return _PACKAGE_DIR.parent


def has_sources(root: Path) -> bool:
    """True when ``root`` holds the text sources of the reference data (``data/meridians.toml``)."""
    return (root / "data" / "meridians.toml").is_file()


def source_tree() -> Path | None:
    """The repository root when running from a checkout (where ``data/`` sources are), else None."""
    root = _PACKAGE_DIR.parent
    return root if has_sources(root) else None


def built_db_path(root: Path) -> Path:
    """Where ``pointmap db build`` writes the database of the sources under ``root``."""
    return root / "data" / "points.db"


def data_dir() -> Path:
    return resource_root() / "data"


def reference_db_path() -> Path:
    """Path of the read-only reference database (``POINTMAP_REFERENCE_DB`` overrides it)."""
    override = os.environ.get(_ENV_DATA)
    if override:
        return Path(override)
    return data_dir() / "points.db"


def assets_dir() -> Path:
    return resource_root() / "assets"


def asset_path(relative: str, high_contrast: bool = False) -> Path:
    """Resolve an asset named relative to ``assets/`` (e.g. ``diagrams/face.svg``); with
    ``high_contrast``, its projector twin (``face.hc.svg``) when there is one."""
    path = (assets_dir() / relative).resolve()
    if assets_dir().resolve() not in path.parents:
        raise ValueError(f"asset path escapes the assets folder: {relative}")
    if high_contrast:
        twin = path.with_name(f"{path.stem}.hc{path.suffix}")
        if twin.is_file():
            return twin
    return path


def user_settings_file() -> Path | None:
    """The settings file when ``POINTMAP_USER_DIR`` is set; None means the platform's place
    (the registry, ~/.config, ~/Library/Preferences) as Qt chooses it."""
    user = os.environ.get("POINTMAP_USER_DIR")
    return Path(user) / "settings.ini" if user else None


def user_cache_dir() -> Path:
    """Where PointMap may keep files it can always recreate (rendered artwork).

    ``POINTMAP_CACHE_DIR`` overrides it; with ``POINTMAP_USER_DIR`` set (tests, portable use) it
    lives inside that folder; otherwise the platform's cache folder.
    """
    override = os.environ.get("POINTMAP_CACHE_DIR")
    if override:
        return Path(override)
    user = os.environ.get("POINTMAP_USER_DIR")
    if user:
        return Path(user) / "cache"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "PointMap" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "PointMap"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pointmap"


APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_path(size: int = 256) -> Path:
    """The application icon at one of ``APP_ICON_SIZES`` (drawn by packaging/make_icons.py)."""
    return asset_path(f"icons/pointmap-{size}.png")
