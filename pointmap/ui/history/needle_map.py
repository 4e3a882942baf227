"""A past session's needle map, drawn on scenes of its own: every site that had a needle (in and
out), with how many went in there, and a red ring where a needle was still marked in when the
session closed. Nothing here is clickable: the live session's scenes, where a click marks a
needle, are never used to show a past record. Second locations' rings are not drawn: on a needle
map a hollow ring could be read as another needle.

The needled points' labels are placed as on the handouts (``core.geometry.placement``): beside the
marker, or further off with a leader line, clear of other labels, markers and pins.

The same scenes draw the map into the PDF record (``light(scene, dpi)`` gives them paper's look)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QGraphicsItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pointmap.core.geometry.placement import Box, Label, place_labels
from pointmap.core.reference import Reference
from pointmap.core.sequences import Sequence
from pointmap.core.sessions import Site
from pointmap.core.userdata.sessions import Session
from pointmap.ui.diagram.background import SvgCache
from pointmap.ui.diagram.labels import layout_labels
from pointmap.ui.diagram.needles import NeedleItem
from pointmap.ui.diagram.scene import DiagramScene, DiagramStyle
from pointmap.ui.diagram.view import DiagramView
from pointmap.ui.richtext import plain_tooltip

STILL_IN = "#d50000"


class RecordedNeedle(NeedleItem):
    """A site of a past session: ``count`` needles went in there; ``left_in`` of them were never
    marked out. Not clickable."""

    def __init__(self, site: Site, count: int, left_in: int, scale: float = 1.0):
        self.left_in = left_in
        super().__init__(site, count, scale)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def update_tip(self) -> None:
        many = f"{self.count} needles" if self.count != 1 else "1 needle"
        still = f"\n{self.left_in} never marked out" if self.left_in else ""
        self.setToolTip(plain_tooltip(f"{self.site.label()}: {many} in this session{still}"))

    def paint(self, painter: QPainter, option, widget=None) -> None:
        super().paint(painter, option, widget)
        if self.left_in:
            pen = QPen(QColor(STILL_IN))
            pen.setWidthF(3.0 * self.scale_factor)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            r = 8.0 * self.scale_factor + 3.5 * self.scale_factor
            painter.drawEllipse(self.head(), r, r)
            painter.drawEllipse(QPointF(0, 0), 5 * self.scale_factor, 5 * self.scale_factor)


class RecordScene(DiagramScene):
    """A diagram showing one past session: its needled points emphasised and labelled, the rest
    greyed. Clicks and menus go nowhere."""

    def __init__(self, reference: Reference, diagram_id: str, svg_cache: SvgCache, cache_dir: Path | None = None):
        super().__init__(reference, reference.diagrams[diagram_id], svg_cache, cache_dir)
        self.recorded: dict[Site, RecordedNeedle] = {}
        self.paper_art: QImage | None = None  # for a PDF: the artwork as one shared image

    def _build_alternatives(self) -> None:
        return None  # a hollow ring on a needle map could be taken for a needle

    def label_obstacles(self):
        return [(item, item.obstacles(), False) for item in self.recorded.values()]

    def place_needle_labels(self, to_device: Callable[[QPointF], QPointF], bounds: QRectF) -> None:
        """Place the needled points' labels as the handouts do, in device pixels: ``to_device`` maps
        a scene position there, ``bounds`` is the map's area. The other labels are hidden."""
        markers = self.markers()
        needled = [item for item in markers if self.needled(item)]
        for item in self.all_point_items():
            item.label.setVisible(False)
        if not needled:
            return
        anchors = {id(item): to_device(item.pos()) for item in markers}
        labels = []
        for item in needled:
            a = anchors[id(item)]
            w, h = item.label.size()
            labels.append(Label(a.x(), a.y(), w, h))
        obstacles = []
        for pin in self.recorded.values():
            p = to_device(pin.pos())
            for rect in pin.obstacles():
                obstacles.append(Box(p.x() + rect.x(), p.y() + rect.y(), rect.width(), rect.height()))
        radius = needled[0].radius + 1
        spots = [(a.x(), a.y()) for a in anchors.values()]
        area = Box(bounds.x(), bounds.y(), bounds.width(), bounds.height())
        placed = place_labels(labels, radius, area, spots, obstacles)
        for item, label, spot in zip(needled, labels, placed, strict=True):
            item.label.place_at(QPointF(spot.box.x - label.x, spot.box.y - label.y), leader=spot.leader)
            item.label.setVisible(True)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        if self.paper_art is None:
            super().drawBackground(painter, rect)
            return
        painter.drawImage(self.sceneRect(), self.paper_art)

    def report_activated(self, code: str, side: str) -> None:
        return None

    def report_menu(self, code: str, side: str, screen_pos) -> None:
        return None

    def report_needle(self, site: Site) -> None:
        return None

    def show_session(self, session: Session | None) -> int:
        """Draw ``session``'s needles that were marked on this diagram; how many sites were drawn."""
        for item in self.recorded.values():
            self.removeItem(item)
        self.recorded = {}
        placed: Counter[Site] = Counter()
        left: Counter[Site] = Counter()
        for needle in session.needles if session else ():
            if needle.voided_at is None and needle.diagram == self.diagram.id:
                placed[needle.site] += 1
                if needle.removed_at is None:
                    left[needle.site] += 1
        for site, count in placed.items():
            marker = self.item_at_site(site)
            if marker is None:
                continue
            item = RecordedNeedle(site, count, left[site], self.label_scale)
            if self.paper_art is not None:  # drawn into a PDF: as lines, not as a cached image
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
            item.setPos(marker.pos())
            self.addItem(item)
            self.recorded[site] = item
        codes = tuple(dict.fromkeys(site.point_code for site in self.recorded))
        self.set_sequence(Sequence("record", "", "", codes) if codes else None)
        for item in self.all_point_items():
            item.label.setVisible(self.needled(item))
            item.label.place(0)
        return len(self.recorded)

    def needled(self, item) -> bool:
        """Whether a point marker is one of this session's sites (its label is shown)."""
        position = item.position
        return any(
            site.point_code == item.code and site.side == position.side and position.site in (site.site, 0)
            for site in self.recorded
        )

    def apply_style(self, style: DiagramStyle) -> None:
        super().apply_style(style)
        for item in self.recorded.values():
            item.prepareGeometryChange()
            item.scale_factor = style.scale
            item.update()


def diagrams_of(session: Session | None, reference: Reference) -> list[str]:
    """The diagrams a session's needles were marked on, in the toolbar's order."""
    used = {n.diagram for n in session.needles if n.voided_at is None} if session else set()
    return [d for d in reference.diagrams if d in used]


class RecordView(DiagramView):
    """The map's view: labels only for the points that had needles, placed as on the handouts."""

    def layout_labels(self) -> None:
        scene = self.diagram_scene()
        if isinstance(scene, RecordScene):
            scene.place_needle_labels(lambda p: QPointF(self.mapFromScene(p)), QRectF(self.viewport().rect()))
        elif scene is not None:
            layout_labels(scene, self)


class NeedleMap(QWidget):
    """A past session's needle map, one diagram at a time (a chooser when it used several)."""

    def __init__(
        self,
        reference: Reference,
        svg_cache: SvgCache | None = None,
        cache_dir: Path | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.reference = reference
        self.svg_cache = svg_cache or SvgCache()
        self.cache_dir = cache_dir
        self.style: DiagramStyle | None = None
        self.scenes: dict[str, RecordScene] = {}
        self.session: Session | None = None
        self.chooser = QComboBox(accessibleName="Diagram of the needle map")
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.note = QLabel(accessibleName="About the needle map")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.view = RecordView(self)
        self.view.setAccessibleName("Needle map of the session")
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        self.show_session(None)

    def scene(self, diagram_id: str) -> RecordScene:
        scene = self.scenes.get(diagram_id)
        if scene is None:
            scene = RecordScene(self.reference, diagram_id, self.svg_cache, self.cache_dir)
            scene.setParent(self)
            if self.style is not None:
                scene.apply_style(self.style)
            self.scenes[diagram_id] = scene
        return scene

    def apply_style(self, style: DiagramStyle) -> None:
        self.style = style
        for scene in self.scenes.values():
            scene.apply_style(style)
        self.view.schedule_labels()

    def show_session(self, session: Session | None) -> None:
        self.session = session
        used = diagrams_of(session, self.reference)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for diagram_id in used:
            self.chooser.addItem(self.reference.diagrams[diagram_id].title, diagram_id)
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(used) > 1)
        if session is None:
            self.note.setText("Choose a session to see its needle map.")
        elif not used:
            self.note.setText("No needles were marked in this session.")
        else:
            left = sum(1 for n in session.needles if n.in_place)
            still = f" A red ring: {left} needle{'s' if left != 1 else ''} never marked out." if left else ""
            self.note.setText(f"Every site that had a needle, with how many went in.{still}")
        self.view.setVisible(bool(used))
        if used:
            self._chosen(0)

    def _chosen(self, index: int) -> None:
        diagram_id = self.chooser.itemData(index)
        if diagram_id is None:
            return
        scene = self.scene(diagram_id)
        scene.show_session(self.session)
        self.view.set_diagram_scene(scene)

    def current_scene(self) -> RecordScene | None:
        scene = self.view.diagram_scene()
        return scene if isinstance(scene, RecordScene) else None
