"""Palettes: follow the system's light or dark scheme, or force light, dark or projector
(high contrast: black ground, white lines, big labels)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark", "projector")


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
