"""The one place that resolves where PointMap's files are: reference data, assets, and the
user's own folders (one Config made at start-up).

Installed from a wheel, the files live in the package (``pointmap/_resources``); in a source
checkout they live at the top of the repository. Nothing here depends on the current directory.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

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
    """Path of the read-only reference database when no Config is at hand (a script, a test):
    the one ``Config.from_environment`` would choose."""
    return Config.from_environment().reference_db


def assets_dir() -> Path:
    return resource_root() / "assets"


@cache
def _real_assets_dir() -> Path:
    """``assets_dir()`` with its links resolved, worked out once (asset_path checks every asset
    against it; a start asks for a few dozen)."""
    return assets_dir().resolve()


def asset_path(relative: str, high_contrast: bool = False, *, variant: str = "", layer: str = "") -> Path:
    """Resolve an asset named relative to ``assets/`` (e.g. ``diagrams/face.svg``). ``layer`` names
    a drawing that goes with it (``anatomy``: ``face.anatomy.svg``); ``variant`` its recoloured twin
    (``dark``, or ``hc`` for the projector, also asked for by ``high_contrast``: ``face.hc.svg``),
    when there is one."""
    path = (assets_dir() / relative).resolve()
    if _real_assets_dir() not in path.parents:
        raise ValueError(f"asset path escapes the assets folder: {relative}")
    stem = f"{path.stem}.{layer}" if layer else path.stem
    variant = "hc" if high_contrast else variant
    if variant:
        twin = path.with_name(f"{stem}.{variant}{path.suffix}")
        if twin.is_file():
            return twin
    return path.with_name(f"{stem}{path.suffix}")


ENV_USER_DIR = "POINTMAP_USER_DIR"
ENV_CACHE_DIR = "POINTMAP_CACHE_DIR"
USER_DB_NAME = "userdata.db"
APP_FOLDER = ("PointMap", "PointMap")  # organisation and application, as Qt names its folders


class Config(NamedTuple):
    """Where this run of PointMap reads and writes, decided once at start-up and passed down.
    (A NamedTuple rather than a frozen dataclass: making a dataclass, and importing the module
    that makes them, costs start-up a few milliseconds.)

    ``user_dir`` holds the user database and its backups; ``settings_file`` is None when Qt
    keeps the window settings in the platform's place (the registry, ~/.config, …).
    """

    reference_db: Path
    user_dir: Path
    cache_dir: Path
    settings_file: Path | None = None
    reference_given: bool = False  # the reference database was chosen (--data, the environment)

    @property
    def user_db(self) -> Path:
        return self.user_dir / USER_DB_NAME

    @property
    def backups_dir(self) -> Path:
        return self.user_dir / "backups"

    @classmethod
    def from_environment(
        cls,
        reference_db: Path | None = None,
        user_dir: Path | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Config:
        """Explicit arguments (the command line) win over the environment, which wins over the
        platform's folders: ``POINTMAP_REFERENCE_DB``, ``POINTMAP_USER_DIR`` (user database,
        settings and cache together: portable use and tests), ``POINTMAP_CACHE_DIR``."""
        env = os.environ if environ is None else environ
        if reference_db is None and env.get(_ENV_DATA):
            reference_db = Path(env[_ENV_DATA])
        if user_dir is None and env.get(ENV_USER_DIR):
            user_dir = Path(env[ENV_USER_DIR])
        portable = user_dir is not None
        cache = env.get(ENV_CACHE_DIR)
        return cls(
            reference_given=reference_db is not None,
            reference_db=Path(reference_db) if reference_db is not None else data_dir() / "points.db",
            user_dir=Path(user_dir) if portable else platform_data_dir(env),
            cache_dir=Path(cache) if cache else (Path(user_dir) / "cache" if portable else platform_cache_dir(env)),
            settings_file=Path(user_dir) / "settings.ini" if portable else None,
        )


def platform_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder Qt calls AppDataLocation for PointMap, worked out without Qt (the CLI needs it
    too): ~/.local/share/PointMap/PointMap, ~/Library/Application Support/PointMap/PointMap or
    %APPDATA%\\PointMap\\PointMap."""
    env = os.environ if environ is None else environ
    if sys.platform == "win32":
        base = Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base.joinpath(*APP_FOLDER)


def platform_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The platform's cache folder for PointMap (files it can always recreate)."""
    env = os.environ if environ is None else environ
    if sys.platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "PointMap" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "PointMap"
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pointmap"


APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_path(size: int = 256) -> Path:
    """The application icon at one of ``APP_ICON_SIZES`` (drawn by packaging/make_icons.py)."""
    return asset_path(f"icons/pointmap-{size}.png")
