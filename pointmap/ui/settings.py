"""Window settings kept between runs in QSettings (window geometry, docks, the view and its
layers, theme, label size): read defensively, written at once, and a settings file that cannot be
written is said, not ignored. Nothing a person records lives here (that is the user database)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from pointmap.state.app_state import THEMES, AppState, Layers


def _bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.lower() in ("1", "true", "yes"):
            return True
        if value.lower() in ("0", "false", "no"):
            return False
    return default


def _text(value: object, default: str) -> str:
    return value if isinstance(value, str) else default


MIN_WIDTH, MIN_HEIGHT = 800, 560  # smaller than this, the diagram and the panels cannot both be read


def fit_geometry(saved: QRect, available: QRect) -> QRect:
    """The saved window rectangle made to fit the screen it is on now: a window saved on another
    screen (a smaller one, or a 4K one at a tiny size) comes back usable, never off screen."""
    if available.isEmpty():
        return saved
    min_width, min_height = min(MIN_WIDTH, available.width() * 0.9), min(MIN_HEIGHT, available.height() * 0.9)
    too_small = saved.width() < min_width or saved.height() < min_height
    too_big = saved.width() > available.width() or saved.height() > available.height()
    if too_small or too_big or not available.intersects(saved):
        width, height = int(available.width() * 0.9), int(available.height() * 0.9)
        rect = QRect(0, 0, width, height)
        rect.moveCenter(available.center())
        return rect
    rect = QRect(saved)
    rect.moveLeft(max(available.left(), min(rect.left(), available.right() - rect.width() + 1)))
    rect.moveTop(max(available.top(), min(rect.top(), available.bottom() - rect.height() + 1)))
    return rect


class WindowSettings:
    """Reads and writes the window's settings; ``problem`` is a sentence when they cannot be kept."""

    def __init__(self, settings: QSettings):
        self.settings = settings
        self.problem: str | None = None

    def restore(self, window: QMainWindow, state: AppState) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        restored = isinstance(geometry, QByteArray) and not geometry.isEmpty() and window.restoreGeometry(geometry)
        screen = window.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else QRect()
        if restored and not window.isMaximized() and not window.isFullScreen():
            window.setGeometry(fit_geometry(window.geometry(), available))
        elif not restored:
            window.setGeometry(fit_geometry(QRect(), available) if not available.isEmpty() else QRect(0, 0, 1280, 860))
        state_bytes = s.value("window/state")
        if isinstance(state_bytes, QByteArray) and not state_bytes.isEmpty():
            window.restoreState(state_bytes)
        state.set_layers(
            Layers(
                labels=_bool(s.value("layers/labels"), True),
                paths=_bool(s.value("layers/paths"), False),
                grid=_bool(s.value("layers/grid"), False),
                anatomy=_bool(s.value("layers/anatomy"), False),
            )
        )
        state.set_large_labels(_bool(s.value("view/large_labels"), False))
        theme = _text(s.value("view/theme"), "system")
        state.set_theme(theme if theme in THEMES else "system")
        state.set_diagram(_text(s.value("view/diagram"), state.diagram))

    def save(self, window: QMainWindow, state: AppState) -> bool:
        """Write everything now; False (and ``problem`` set) when the file cannot be written."""
        s = self.settings
        s.setValue("window/geometry", window.saveGeometry())
        s.setValue("window/state", window.saveState())
        s.setValue("layers/labels", state.layers.labels)
        s.setValue("layers/paths", state.layers.paths)
        s.setValue("layers/grid", state.layers.grid)
        s.setValue("layers/anatomy", state.layers.anatomy)
        s.setValue("view/large_labels", state.large_labels)
        s.setValue("view/theme", state.theme)
        s.setValue("view/diagram", state.diagram)
        return self.sync()

    def sync(self) -> bool:
        self.settings.sync()
        if self.settings.status() != QSettings.Status.NoError or not self.settings.isWritable():
            where = self.settings.fileName()
            reason = (
                "it is not in a format PointMap can read"
                if self.settings.status() == QSettings.Status.FormatError
                else "it cannot be written"
            )
            self.problem = (
                f"Window settings cannot be kept in {where}: {reason}. Your records are not affected; "
                "only the window's size, views and theme will not be remembered."
            )
            return False
        self.problem = None
        return True
