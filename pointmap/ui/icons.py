"""Small icons drawn at run time (never at import time)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap

_cache: dict[tuple[str, int], QIcon] = {}


def color_icon(color: str, size: int = 12) -> QIcon:
    """A square swatch of a meridian's colour, for lists and menus."""
    key = (color, size)
    if key not in _cache:
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(color))
        _cache[key] = QIcon(pixmap)
    return _cache[key]
