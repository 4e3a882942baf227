"""The small menu a click on a shared marker opens: one entry per point at that place."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QWidget

from pointmap.core.reference import Reference


def offer_points(
    parent: QWidget, reference: Reference, codes: list[str], where: QPoint, chosen: Callable[[str], None]
) -> QMenu:
    """Pop up a menu at ``where`` (screen pixels) naming each point of ``codes``; picking one calls
    ``chosen(code)``. The menu closes itself."""
    menu = QMenu(parent)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.setAccessibleName("Points at this place")
    for code in codes:
        point = reference.points.get(code)
        text = f"{code}  {point.pinyin}  {point.english}" if point else code
        action = menu.addAction(text)
        action.setData(code)
        action.triggered.connect(partial(chosen, code))
    menu.popup(where)
    return menu
