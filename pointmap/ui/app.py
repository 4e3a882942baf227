"""Start the desktop application: one QApplication, the reference data, the main window."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QIcon, QPixmapCache
from PySide6.QtWidgets import QApplication

from pointmap import __version__
from pointmap.core import paths
from pointmap.core.errors import DataError
from pointmap.core.paths import Config

if TYPE_CHECKING:
    from pointmap.core.reference import Reference

APP_ID = "io.github.pointmap.PointMap"


def app_icon() -> QIcon:
    """The window icon, every packaged size (build it only once a QApplication exists)."""
    icon = QIcon()
    for size in paths.APP_ICON_SIZES:
        path = paths.icon_path(size)
        if path.is_file():
            icon.addFile(str(path))
    return icon


def name_application() -> None:
    """The names Qt builds its folders from (QSettings, QStandardPaths.AppDataLocation: the user
    database's folder, which core/paths.py works out without Qt for the command line)."""
    QCoreApplication.setOrganizationName(paths.APP_FOLDER[0])
    QCoreApplication.setApplicationName(paths.APP_FOLDER[1])
    QCoreApplication.setApplicationVersion(__version__)


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    name_application()
    # Fusion everywhere, so the dark and high-contrast palettes look the same on every system.
    # Asked for on the command line (Qt's own -style option) rather than with setStyle(): that
    # spares start-up the wrapping of QStyle's large enums, and a user's own -style still wins.
    app = QApplication([*argv[:1], "-style", "fusion", *argv[1:]])
    app.setApplicationDisplayName("PointMap")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    # Markers, labels and layers are cached as pixmaps at screen resolution; at 4K on a projector
    # they outgrow Qt's default 10 MB pixmap cache, and every frame would redraw them.
    QPixmapCache.setCacheLimit(192 * 1024)
    return app


def _no_display() -> str | None:
    """A sentence when there is plainly no screen to open a window on (Linux without X11 or
    Wayland and no other Qt platform chosen), else None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Run PointMap in a desktop session; the commands 'pointmap search', 'show' and '--self-test' "
        "work without one."
    )


def window_settings(config: Config) -> QSettings:
    """The QSettings of this run: a file in the user folder when one was given, else the platform's."""
    if config.settings_file is not None:
        return QSettings(str(config.settings_file), QSettings.Format.IniFormat)
    return QSettings()


def load_reference(config: Config) -> Reference:
    """The reference data, from the cache's snapshot of these very bytes when there is one (see
    pointmap.core.reference.snapshot); DataError when the database cannot be used."""
    from pointmap.core.reference import snapshot

    return snapshot.load(config.reference_db, config.cache_dir / "reference")


def run_app(argv: list[str], config: Config | None = None) -> int:
    problem = _no_display()
    if problem:
        print(f"pointmap: {problem}", file=sys.stderr)
        return 1
    config = config or Config.from_environment()
    app = make_application(argv)
    try:
        reference = load_reference(config)
    except DataError as exc:
        from pointmap.ui import messages

        messages.error(None, "PointMap cannot start", str(exc))
        print(f"pointmap: {exc}", file=sys.stderr)
        return 1
    from pointmap.ui.main_window import MainWindow

    window = MainWindow(reference, window_settings(config), config)
    window.show()
    # Ask for the keyboard focus: a window manager gives it anyway, but a bare X session (a kiosk,
    # a lecture-room PC without a desktop) would otherwise leave the shortcuts going nowhere.
    if app.platformName() not in ("offscreen", "minimal"):
        window.raise_()
        window.activateWindow()
    return app.exec()
