"""Palettes: follow the system's light or dark scheme, or force light, dark or projector
(high contrast: black ground, white lines, big labels)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from pointmap.state.app_state import THEMES, AppState

if TYPE_CHECKING:
    from pointmap.ui.diagram.scene import DiagramStyle

__all__ = ["THEMES", "Look", "apply_theme", "is_dark", "system_is_dark"]


def _dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    p.setColor(roles.Window, QColor("#202124"))
    p.setColor(roles.WindowText, QColor("#e8eaed"))
    p.setColor(roles.Base, QColor("#17181a"))
    p.setColor(roles.AlternateBase, QColor("#26282b"))
    p.setColor(roles.ToolTipBase, QColor("#303134"))
    p.setColor(roles.ToolTipText, QColor("#e8eaed"))
    p.setColor(roles.Text, QColor("#e8eaed"))
    p.setColor(roles.Button, QColor("#2b2c2f"))
    p.setColor(roles.ButtonText, QColor("#e8eaed"))
    p.setColor(roles.BrightText, QColor("#ff8a80"))
    p.setColor(roles.Highlight, QColor("#8ab4f8"))
    p.setColor(roles.HighlightedText, QColor("#101114"))
    p.setColor(roles.Link, QColor("#8ab4f8"))
    p.setColor(roles.PlaceholderText, QColor("#9aa0a6"))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7378"))
    return p


def _projector_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role in (roles.Window, roles.Base, roles.Button, roles.ToolTipBase):
        p.setColor(role, QColor("#000000"))
    p.setColor(roles.AlternateBase, QColor("#141414"))
    for role in (roles.WindowText, roles.Text, roles.ButtonText, roles.ToolTipText):
        p.setColor(role, QColor("#ffffff"))
    p.setColor(roles.Highlight, QColor("#ffd600"))
    p.setColor(roles.HighlightedText, QColor("#000000"))
    p.setColor(roles.Link, QColor("#ffd600"))
    p.setColor(roles.PlaceholderText, QColor("#bdbdbd"))
    return p


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None:
        return scheme() == Qt.ColorScheme.Dark
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(app: QApplication, theme: str, default_palette: QPalette) -> None:
    """Apply a theme; ``default_palette`` is the style's own palette captured at start-up."""
    if theme == "projector":
        app.setPalette(_projector_palette())
    elif theme == "dark" or (theme == "system" and system_is_dark()):
        app.setPalette(_dark_palette())
    else:
        app.setPalette(default_palette)


def is_dark(app: QApplication) -> bool:
    return app.palette().color(QPalette.ColorRole.Base).lightness() < 128


class Look(QObject):
    """Applies the chosen theme to the application and tells the diagrams how to look (label
    font and colours, artwork, ground). Scenes listen to ``style_changed``; panels that draw with
    the palette listen to ``palette_changed``."""

    style_changed = Signal(object)  # DiagramStyle
    palette_changed = Signal()

    def __init__(self, state: AppState, parent: QObject | None = None):
        super().__init__(parent)
        self.state = state
        app = QApplication.instance()
        self._app = app if isinstance(app, QApplication) else None
        self._default_palette = self._app.palette() if self._app else QPalette()
        self.screen_factor = 1.0  # presenting on a screen of more than 1080 lines: see set_screen_factor
        state.theme_changed.connect(self.apply)
        state.large_labels_changed.connect(self._restyle)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # Qt 6.5+: follow the system's light/dark switch live
            hints.colorSchemeChanged.connect(self._system_scheme_changed)

    def apply(self, *_args) -> None:
        """Set the application palette for the state's theme, then restyle the diagrams."""
        if self._app is not None:
            apply_theme(self._app, self.state.theme, self._default_palette)
        self.palette_changed.emit()
        self._restyle()

    def set_screen_factor(self, factor: float) -> None:
        """Markers and labels ``factor`` times their size (presenting on a screen of many lines)."""
        if factor != self.screen_factor:
            self.screen_factor = factor
            self._restyle()

    def _system_scheme_changed(self, *_args) -> None:
        if self.state.theme == "system":
            self.apply()

    def _restyle(self, *_args) -> None:
        self.style_changed.emit(self.diagram_style())

    def diagram_style(self) -> DiagramStyle:
        from pointmap.ui.diagram.scene import DiagramStyle

        projector = self.state.theme == "projector"
        dark = projector or (self._app is not None and is_dark(self._app))
        scale = (1.6 if projector else 1.0) * (1.45 if self.state.large_labels else 1.0) * self.screen_factor
        font = QFont(QApplication.font())
        font.setPointSizeF(8.5 * scale)
        font.setBold(projector or self.state.large_labels)
        if projector:
            plate = QColor(0, 0, 0, 215)
        elif dark:
            plate = QColor(32, 33, 36, 210)
        else:
            plate = QColor(255, 255, 255, 205)
        ground = QColor("#000000") if projector else QApplication.palette().base().color()
        return DiagramStyle(
            font=font,
            text=QColor("#ffffff") if dark else QColor("#1b1b1b"),
            plate=plate,
            ground=ground,
            scale=scale,
            high_contrast=projector,
            dark=dark and not projector,
            # needles left in while the others come out: a red that reads on skin, dark grey and black
            warning=QColor("#ff3d3d") if projector else QColor("#ff5c5c") if dark else QColor("#d50000"),
        )
