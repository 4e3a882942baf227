"""The status bar: the view shown and its number of points, the zoom, and the point chosen or
under the pointer. Everything from the data is shown as plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from pointmap.core.reference import Reference
from pointmap.state.app_state import AppState, Selection


class StatusLine:
    def __init__(self, bar: QStatusBar, reference: Reference, state: AppState):
        self.bar = bar
        self.reference = reference
        self.view_label = QLabel(accessibleName="Current view")
        self.view_label.setTextFormat(Qt.TextFormat.PlainText)
        self.view_label.setToolTip("The diagram shown and how many points it carries")
        self.zoom_label = QLabel("100%", accessibleName="Zoom")
        self.zoom_label.setTextFormat(Qt.TextFormat.PlainText)
        self.zoom_label.setToolTip("Zoom, relative to the whole diagram in the window")
        bar.addPermanentWidget(self.view_label)
        bar.addPermanentWidget(self.zoom_label)
        state.diagram_changed.connect(self.show_view)
        state.selection_changed.connect(self.show_selection)
        self.show_view(state.diagram)

    def show_view(self, diagram_id: str) -> None:
        diagram = self.reference.diagrams[diagram_id]
        count = len({p.point_code for p in self.reference.positions.get(diagram_id, [])})
        self.view_label.setText(f"{diagram.title} · {count} points")

    def show_zoom(self, percent: float) -> None:
        self.zoom_label.setText(f"{percent:.0f}%")

    def show_selection(self, selection: Selection | None) -> None:
        point = self.reference.points.get(selection.code) if selection else None
        if point is None:
            self.bar.clearMessage()
        else:
            self.bar.showMessage(f"{point.code} {point.pinyin} — {point.english}", 8000)

    def show_hovered(self, code: str) -> None:
        point = self.reference.points.get(code)
        if point is None:
            self.bar.clearMessage()
        else:
            self.bar.showMessage(f"{point.code}  {point.pinyin}  {point.hanzi}  —  {point.english}")
