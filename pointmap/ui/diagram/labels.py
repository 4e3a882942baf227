"""Label placement: each point's label goes where it fits beside its marker, or is hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsView

    from pointmap.ui.diagram.scene import DiagramScene


def layout_labels(scene: DiagramScene, view: QGraphicsView) -> None:
    """Show each label only where it fits: try right, left, above, below the marker, and hide
    it when all four would cover another label or marker. Selected and emphasised points are
    placed first, so a chosen sequence's labels win over the greyed ones."""
    items = scene.all_point_items()
    if not scene.layers.labels or scene.concealed is not None:  # study mode names no point
        for item in items:
            item.label.setVisible(False)
        return
    view_rect = QRectF(view.viewport().rect())
    labels = _RectIndex()  # labels placed so far
    markers = _RectIndex()  # every marker
    strong = _RectIndex()  # markers that are not greyed out
    anchors: dict[int, QPointF] = {}
    for item in items:
        p = QPointF(view.mapFromScene(item.pos()))
        anchors[id(item)] = p
        r = item.radius + 1
        rect = QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r)
        markers.add(rect)
        if not item.dimmed or item.selected:
            strong.add(rect)
    order = sorted(items, key=lambda i: (not i.selected, not i.emphasized, i.dimmed, i.code))
    for item in order:
        anchor = anchors[id(item)]
        r = item.radius + 1
        own = QRectF(anchor.x() - r, anchor.y() - r, 2 * r, 2 * r)
        if not view_rect.contains(anchor):
            item.label.setVisible(False)
            continue
        # A greyed marker may sit under a chosen point's label; a greyed label avoids everything.
        obstacles = markers if item.dimmed and not item.selected else strong
        for placement in range(4):
            rect = item.label.local_rect(placement).translated(anchor)
            if view_rect.contains(rect) and not labels.intersects(rect) and not obstacles.intersects(rect, ignore=own):
                item.label.place(placement)
                item.label.setVisible(True)
                labels.add(rect)
                break
        else:
            item.label.setVisible(item.selected)
            if item.selected:
                item.label.place(0)


class _RectIndex:
    """Rectangles bucketed on a coarse grid, for fast overlap tests."""

    CELL = 64.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[QRectF]] = {}

    def _keys(self, rect: QRectF):
        x0, x1 = int(rect.left() // self.CELL), int(rect.right() // self.CELL)
        y0, y1 = int(rect.top() // self.CELL), int(rect.bottom() // self.CELL)
        for gx in range(x0, x1 + 1):
            for gy in range(y0, y1 + 1):
                yield gx, gy

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self.cells.setdefault(key, []).append(rect)

    def intersects(self, rect: QRectF, ignore: QRectF | None = None) -> bool:
        for key in self._keys(rect):
            for other in self.cells.get(key, ()):
                if other is ignore or (ignore is not None and other == ignore):
                    continue
                if other.intersects(rect):
                    return True
        return False
