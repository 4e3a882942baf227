"""The point details pane. Every value from the data is escaped: nothing in it is ever
interpreted as HTML, whatever it contains."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QTextBrowser

from pointmap.core.describe import describe_definition
from pointmap.core.reference import Meridian, Point, Reference
from pointmap.state.app_state import AppState, Selection


def _e(text: str) -> str:
    return escape(text or "").replace("\n", "<br>")


class PointDetails(QTextBrowser):
    """Everything about the selected point: location, cun definition, depth and angle, cautions
    in a red box, actions, indications, alternatives and the standard followed."""

    def __init__(self, reference: Reference, state: AppState | None = None, parent=None):
        super().__init__(parent)
        self.reference = reference
        self.point: Point | None = None
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Point details")
        self.show_placeholder()
        if state is not None:
            state.selection_changed.connect(self._selection_changed)
            self._selection_changed(state.selection)

    def _selection_changed(self, selection: Selection | None) -> None:
        point = self.reference.points.get(selection.code) if selection else None
        if point is None:
            self.show_placeholder()
        else:
            self.show_point(point)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.point is not None:
            self.show_point(self.point)  # the caution box's colours follow light or dark

    def show_placeholder(self) -> None:
        self.point = None
        self.setHtml(
            "<p style='color:gray'>Click a point on the diagram, pick one from the list, or press "
            "Ctrl+F and type a code (ST6, TB5, Ren12), a name or a word.</p>"
        )

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def show_point(self, point: Point) -> None:
        self.point = point
        self.setHtml(self.render_html(point))

    def render_html(self, point: Point) -> str:
        ref = self.reference
        dark = self._dark()
        meridian: Meridian | None = ref.meridians.get(point.meridian or "")
        color = QColor(ref.color_of(point)).name()  # a valid #rrggbb whatever the data holds
        group = f"{meridian.name} meridian ({meridian.code})" if meridian else f"Extra point ({point.group})"
        region = ref.region_title(point.region)
        if point.standard_region:  # drawn with one region, placed by its standard in another
            region = f"{region} (its standard: {point.standard_region})"
        caution_bg, caution_fg = ("#4a1c1c", "#ffd9d6") if dark else ("#fdecea", "#7f1d1d")
        muted = "#a0a0a0" if dark else "#5f6368"
        rows = [
            f"<p style='margin-bottom:2px'><span style='font-size:20pt; font-weight:600'>{_e(point.code)}</span>"
            f"&nbsp;&nbsp;<span style='font-size:15pt'>{_e(point.pinyin)}</span>"
            f"&nbsp;&nbsp;<span style='font-size:15pt'>{_e(point.hanzi)}</span></p>",
            f"<p style='margin-top:0'><i>{_e(point.english)}</i><br>"
            f"<span style='color:{color}'>&#9679;</span> {_e(group)} · {_e(region)} · {_e(point.laterality)}</p>",
        ]
        if point.cautions:
            rows.append(
                f"<table width='100%' cellpadding='8' cellspacing='0' style='background-color:{caution_bg}'>"
                f"<tr><td style='color:{caution_fg}'><b>&#9888; Cautions</b><br>{_e(point.cautions)}</td></tr></table>"
            )
        rows.append(self._section("Location", _e(point.location)))
        if point.definition:
            text = describe_definition(point.definition, ref.landmark_label)
            rows.append(self._section("Cun definition", _e(text)))
        rows.append(
            "<table cellpadding='3' cellspacing='0'>"
            f"<tr><td><b>Depth</b></td><td>{_e(point.depth)}</td></tr>"
            f"<tr><td><b>Angle</b></td><td>{_e(point.angle)}</td></tr></table>"
        )
        rows.append(self._section("Actions", _e(point.actions)))
        rows.append(self._section("Indications", _e(point.indications)))
        if point.cosmetic:
            rows.append(self._section("Cosmetic use", _e(point.cosmetic)))
        for alt in point.alternatives:
            rows.append(
                self._section(
                    f"Alternative location: {alt.label}" if alt.label else "Alternative location",
                    f"{_e(alt.location)}<br><span style='color:{muted}'>{_e(alt.source)}</span>",
                )
            )
        rows.append(self._section("Standard", _e(point.standard)))
        if point.notes:
            rows.append(self._section("Notes", _e(point.notes)))
        if point.aliases:
            rows.append(f"<p style='color:{muted}'>Also written: {_e(', '.join(point.aliases))}</p>")
        views = " · ".join(ref.diagrams[d].title for d in ref.diagrams_showing(point.code))
        if views:
            rows.append(f"<p style='color:{muted}'>Shown on: {_e(views)}</p>")
        return "".join(rows)

    @staticmethod
    def _section(title: str, body: str) -> str:
        return f"<p style='margin-bottom:0'><b>{_e(title)}</b></p><p style='margin-top:2px'>{body}</p>"
