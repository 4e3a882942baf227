"""The diagram scene: point markers and labels over the background (artwork, cun grid, paths).

The scene observes the application state (selection, sequence, layers) and the look (theme,
label size); items never talk to widgets: a click makes the scene emit
``point_activated(code, side)`` and whoever listens decides what to do (the orange-canvas pattern); a
right-click makes it emit ``point_menu_requested(code, side, screen position)`` the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSimpleTextItem

from pointmap.core.reference import Diagram, Position, Reference
from pointmap.state.app_state import AppState, Layers, Selection
from pointmap.ui.diagram.background import Background, SvgCache
from pointmap.ui.diagram.items import Z_GRID, AlternativeItem, PointItem

if TYPE_CHECKING:  # sessions' records and needles are not needed for the first frame
    from pointmap.core.sequences import Sequence
    from pointmap.core.sessions import Site
    from pointmap.ui.diagram.needles import CautionRing, NeedleItem

SHARED_PLACE = 1.0  # points closer than this (SVG units) share a place: one marker offers them all
WARNING = "#c62828"  # needles left in while the others come out, when the theme gives no colour of its own


class DiagramStyle(NamedTuple):
    """How markers, labels and the ground look (from the theme and the label size). A NamedTuple:
    the first frame makes one, and a dataclass costs start-up its making."""

    font: QFont
    text: QColor
    plate: QColor
    ground: QColor
    scale: float = 1.0
    high_contrast: bool = False
    dark: bool = False  # the dark theme: the artwork's dark colouring
    warning: QColor = QColor(WARNING)  # needles left in while removing (a shared default: copy it, never change it)

    @property
    def variant(self) -> str:
        """Which colouring of the artwork goes with this style: "hc", "dark" or "" (light)."""
        return "hc" if self.high_contrast else "dark" if self.dark else ""


class DiagramScene(QGraphicsScene):
    """One diagram with its points. Coordinates are the SVG's user units."""

    point_activated = Signal(str, str)  # code, side clicked
    point_hovered = Signal(str)  # code, or "" when the pointer leaves
    needle_clicked = Signal(object)  # the Site of a session's needle pin
    point_menu_requested = Signal(str, str, QPoint)  # code, side, where on the screen (a right-click)
    point_choice_requested = Signal(list, str, QPoint)  # codes sharing the place clicked, side, where

    def __init__(
        self,
        reference: Reference,
        diagram: Diagram,
        svg_cache: SvgCache,
        cache_dir: Path | None = None,
        parent=None,
        *,
        cache_items: bool = True,
        label_font: QFont | None = None,
    ):
        super().__init__(parent)
        self._label_font = label_font  # the labels' font when the style is known already
        self.reference = reference
        self.diagram = diagram
        self.layers = Layers()
        self.label_scale = 1.0
        self.selected_code: str | None = None
        self.selected_side: str | None = None  # the side clicked, when the selection came from a click
        self.meridian: str | None = None
        self.sequence: set[str] | None = None  # codes emphasised by a chosen meridian or protocol
        self.setSceneRect(0, 0, diagram.width, diagram.height)
        # The artwork is the scene's background, so exports (scene.render) draw it too.
        self.background = Background(reference, diagram, svg_cache, cache_dir)
        self.background.on_rendered = self._art_ready
        self.points: dict[str, list[PointItem]] = {}
        self.alternatives: dict[str, list[AlternativeItem]] = {}  # second locations, by point code
        self.items_cached = False
        self._build_points()
        if cache_items:
            self.cache_items()
        # The grid's rungs are drawn with the artwork; its cun numbers are items, so they keep
        # their size at any zoom (made when the grid is first shown: the rungs read the outline).
        self.grid_items: list[QGraphicsSimpleTextItem] = []
        self._grid_built = False
        self.needles: dict[Site, NeedleItem] = {}  # a treatment session's needles, by site
        self.needle_attention = False  # removal under way: the pins of the needles still in stand out
        self.warning = QColor(WARNING)  # the theme's warning colour
        self.cautions: dict[str, list[CautionRing]] = {}  # points a screening answer concerns
        # Study mode: only these points' markers are drawn, and no label, tooltip, hover, path or click
        # tells which point is which (None: everything as usual). See conceal().
        self.concealed: frozenset[str] | None = None
        self.apply_layers(self.layers)

    # -- building ------------------------------------------------------------------------------

    def to_scene(self, pos: Position) -> QPointF:
        return QPointF(pos.x * self.diagram.width, pos.y * self.diagram.height)

    def _build_points(self) -> None:
        made: list[PointItem] = []
        for pos in self.reference.positions.get(self.diagram.id, []):
            point = self.reference.points[pos.point_code]
            item = PointItem(point, pos, QColor(self.reference.color_of(point)), self.label_scale, self._label_font)
            item.setPos(self.to_scene(pos))
            self.addItem(item)
            self.points.setdefault(point.code, []).append(item)
            made.append(item)
        self._share_places(made)
        self._build_alternatives()

    def cache_items(self) -> None:
        """Keep markers and labels as pixmaps from their next paint on (a 4K frame then copies them).
        The window's first frame draws them directly: making 120 small pixmaps and painting into
        each would only slow that one frame down; the window asks for the caches right after it."""
        if self.items_cached:
            return
        self.items_cached = True
        for items in self.points.values():
            for item in items:
                item.set_cached()

    def _build_alternatives(self) -> None:
        """Second locations (WHO 2008 keeps two for LI19, LI20, GV26, PC9 …): rings in the point's
        colour, drawn always and answering a click as the point does."""
        for code in self.points:
            point = self.reference.points[code]
            for alternative in point.alternatives:
                for pos in alternative.positions:
                    if pos.diagram != self.diagram.id:
                        continue
                    ring = AlternativeItem(point, alternative, pos, QColor(self.reference.color_of(point)))
                    ring.alternative_number = alternative.number
                    ring.setPos(self.to_scene(pos))
                    self.addItem(ring)
                    self.alternatives.setdefault(code, []).append(ring)

    def _share_places(self, items: list[PointItem]) -> None:
        """Points of different codes at one place (PC9 and the middle finger's Shixuan; TE2 and
        Baxie between the ring and little fingers) are drawn by one marker: a meridian point leads."""
        order = {code: n for n, code in enumerate(self.reference.points)}
        ranked = sorted(items, key=lambda i: (self.reference.points[i.code].meridian is None, order[i.code]))
        # Positions read once (asking Qt for them in the pairwise loop cost start-up a few ms).
        places = [(item, item.code, item.pos().x(), item.pos().y()) for item in ranked]
        taken: set[int] = set()
        for n, (lead, code, x, y) in enumerate(places):
            if id(lead) in taken:
                continue
            others = [
                other
                for other, other_code, ox, oy in places[n + 1 :]
                if id(other) not in taken
                and other_code != code
                and abs(ox - x) < SHARED_PLACE
                and abs(oy - y) < SHARED_PLACE
            ]
            if others:
                lead.share_with(others)
                taken.update(id(o) for o in others)

    def _build_grid_numbers(self) -> None:
        """The grid's cun numbers (placed by the label layout, where no label is)."""
        self._grid_built = True
        for rung in self.background.rungs:
            if rung.cun == 0:
                continue  # the origin is a landmark everyone can see; it needs no number
            tick = QGraphicsSimpleTextItem(str(rung.cun))
            tick.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            tick.setBrush(QColor(50, 85, 150) if not self.background.variant else QColor(150, 190, 255))
            font = tick.font()
            font.setPointSizeF(7.5 * self.label_scale)
            tick.setFont(font)
            tick.setPos(*rung.label_at)
            tick.setZValue(Z_GRID)
            tick.setData(0, rung)
            tick.setVisible(self.layers.grid)
            self.addItem(tick)
            self.grid_items.append(tick)

    # -- observing the application state -------------------------------------------------------

    def bind(self, state: AppState) -> None:
        """Follow ``state`` from now on (selection, sequence, layers), starting from where it is."""
        state.selection_changed.connect(self._selection_changed)
        state.sequence_changed.connect(self.set_sequence)
        state.layers_changed.connect(self.apply_layers)
        self.apply_layers(state.layers)
        self.set_sequence(state.sequence)
        self._selection_changed(state.selection)

    def _selection_changed(self, selection: Selection | None) -> None:
        self.set_selected(selection.code if selection else None, selection.side if selection else None)

    def report_activated(self, code: str, side: str) -> None:
        if self.concealed is None:
            self.point_activated.emit(code, side)

    def report_menu(self, code: str, side: str, screen_pos: QPoint) -> None:
        if self.concealed is None:
            self.point_menu_requested.emit(code, side, screen_pos)

    def report_choice(self, codes: list[str], side: str, screen_pos: QPoint) -> None:
        """A click on a marker that several points share: whoever listens offers each of them and
        reports the one chosen with report_activated."""
        if self.concealed is None:
            self.point_choice_requested.emit(list(codes), side, screen_pos)

    def report_hovered(self, code: str) -> None:
        if self.concealed is None:
            self.point_hovered.emit(code)

    # -- study mode: nothing gives the answer away ------------------------------------------------

    def conceal(self, shown: frozenset[str] | None) -> None:
        """Draw only the markers of ``shown`` (none for an empty set), without labels, tooltips, paths
        or meridian courses, and report no click, hover or menu on a marker; None: as usual again."""
        self.concealed = None if shown is None else frozenset(shown)
        for code, items in self.points.items():
            for item in items:
                item.set_concealed(self.concealed is not None, self.concealed is None or code in self.concealed)
        for rings in self.alternatives.values():
            for ring in rings:
                ring.setVisible(self.concealed is None)  # a ring's place and tooltip name its point
        self.apply_layers(self.layers)

    def report_needle(self, site: Site) -> None:
        self.needle_clicked.emit(site)

    # -- a treatment session's layer -----------------------------------------------------------

    def item_at_site(self, site: Site) -> PointItem | None:
        """The marker of a point on one side (and site, for a point with several)."""
        for item in self.points.get(site.point_code, []):
            if item.position.side == site.side and item.position.site in (site.site, 0):
                return item
        return None

    def set_needles(self, counts: dict[Site, int], attention: bool = False) -> None:
        """Show a pin at every site that holds needles (on this diagram), with their number;
        ``attention`` (removal under way) draws them for attention. The labels make room."""
        before = {site: (item.count, item.attention) for site, item in self.needles.items()}
        for site in [s for s in self.needles if counts.get(s, 0) <= 0]:
            self.removeItem(self.needles.pop(site))
        self.needle_attention = attention
        for site, count in counts.items():
            if count <= 0:
                continue
            item = self.needles.get(site)
            if item is None:
                marker = self.item_at_site(site)
                if marker is None:
                    continue  # not drawn on this view
                from pointmap.ui.diagram.needles import NeedleItem  # a session's: not the first frame's

                item = NeedleItem(site, count, self.label_scale)
                item.setPos(marker.pos())
                self.addItem(item)
                self.needles[site] = item
            item.set_count(count)
            item.set_attention(attention, self.warning)
        if {site: (item.count, item.attention) for site, item in self.needles.items()} != before:
            self.relayout_labels()

    def label_obstacles(self) -> list[tuple[QGraphicsItem, list[QRectF], bool]]:
        """What labels keep clear of besides markers and other labels: (item, its rectangles in
        screen pixels from its position, greyed). A session's needle pins, second-location rings."""
        found: list[tuple[QGraphicsItem, list[QRectF], bool]] = [
            (item, item.obstacles(), False) for item in self.needles.values() if item.isVisible()
        ]
        for rings in self.alternatives.values():
            found += [(ring, ring.obstacles(), ring.dimmed and not ring.selected) for ring in rings if ring.isVisible()]
        return found

    def relayout_labels(self) -> None:
        """Ask the views showing this scene to place its labels again (something they avoid changed)."""
        for view in self.views():
            schedule = getattr(view, "schedule_labels", None)
            if schedule is not None:
                schedule()

    def set_cautions(self, reasons: dict[str, str]) -> None:
        """A caution ring on each point in ``reasons`` (code -> why), none elsewhere."""
        for code in [c for c in self.cautions if c not in reasons]:
            for ring in self.cautions.pop(code):
                self.removeItem(ring)
        for code, reason in reasons.items():
            if code in self.cautions or code not in self.points:
                continue
            rings = []
            for marker in self.points[code]:
                from pointmap.ui.diagram.needles import CautionRing  # a session's: not the first frame's

                ring = CautionRing(reason, self.label_scale)
                ring.setPos(marker.pos())
                self.addItem(ring)
                rings.append(ring)
            self.cautions[code] = rings

    # -- state ---------------------------------------------------------------------------------

    def _update_background(self) -> None:
        layers = self.layers
        hidden = self.concealed is not None  # a meridian's course would show where its points lie
        meridian, paths = (None, False) if hidden else (self.meridian, layers.paths)
        if self.background.set_state(layers.grid, meridian, paths, layers.anatomy):
            self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def apply_layers(self, layers: Layers) -> None:
        self.layers = layers
        self._update_background()
        for items in self.points.values():
            for item in items:
                item.label.setVisible(layers.labels and self.concealed is None)
        if layers.grid and not self._grid_built:
            self._build_grid_numbers()
        for item in self.grid_items:
            item.setVisible(layers.grid)

    def set_sequence(self, sequence: Sequence | None) -> None:
        """Emphasise a sequence's points and dim the rest (a meridian's course is drawn too);
        None clears."""
        codes = set(sequence.codes) if sequence is not None else None
        self.meridian = sequence.meridian if sequence is not None else None
        self.sequence = codes
        for code, items in self.points.items():
            in_seq = codes is None or code in codes
            for item in items:
                item.set_state(dimmed=not in_seq, emphasized=codes is not None and in_seq)
            for ring in self.alternatives.get(code, []):
                ring.set_state(dimmed=not in_seq)
        self._update_background()

    def set_selected(self, code: str | None, side: str | None = None) -> None:
        if self.selected_code in self.points:
            for item in [*self.points[self.selected_code], *self.alternatives.get(self.selected_code, [])]:
                item.set_state(selected=False)
        self.selected_code = code
        self.selected_side = side
        for item in [*self.points.get(code or "", []), *self.alternatives.get(code or "", [])]:
            item.set_state(selected=True)

    def apply_style(self, style: DiagramStyle) -> None:
        """Markers, labels, artwork and ground for a theme and label size."""
        if self.background.set_variant(style.variant):
            self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)
        if self.background.set_ground(style.ground):
            self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)
        self.label_scale = style.scale
        leader = QColor(style.text)
        leader.setAlpha(190)
        for items in self.points.values():
            for item in items:
                if item.scale_factor != style.scale:  # a marker of another size
                    item.prepareGeometryChange()
                    item.scale_factor = style.scale
                item.label.set_style(style.font, style.text, style.plate)
                item.set_leader_color(leader)
        number = QColor(150, 190, 255) if style.variant else QColor(50, 85, 150)
        for tick in self.grid_items:
            font = tick.font()
            font.setPointSizeF(7.5 * style.scale)
            tick.setFont(font)
            tick.setBrush(number)
        for rings in self.alternatives.values():
            for ring in rings:
                if ring.scale_factor != style.scale:
                    ring.prepareGeometryChange()
                    ring.scale_factor = style.scale
        self.warning = QColor(style.warning)
        for needle in self.needles.values():
            needle.set_scale(style.scale)
            needle.set_attention(needle.attention, self.warning)
        self.relayout_labels()  # labels of another size need other places (the projector's large labels)

    def style(self) -> DiagramStyle:
        """The style now applied (what apply_style was last given)."""
        items = self.all_point_items()
        label = items[0].label if items else None
        return DiagramStyle(
            font=QFont(label.font()) if label else QFont(),
            text=label.text_color if label else QColor("#1b1b1b"),
            plate=label.plate if label else QColor(255, 255, 255, 205),
            scale=self.label_scale,
            high_contrast=self.background.high_contrast,
            dark=self.background.variant == "dark",
            ground=QColor(self.background.ground),
            warning=QColor(self.warning),
        )

    # -- drawing -------------------------------------------------------------------------------

    def _art_ready(self) -> None:
        """A rendering made off the GUI thread is ready: the views copy it on their next frame
        (unless the scene went with its window meanwhile)."""
        if shiboken6.isValid(self):
            self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        self.background.draw(painter, rect, self.sceneRect(), ground_filled=False)

    @property
    def high_contrast(self) -> bool:
        return self.background.high_contrast

    @property
    def ground(self) -> QColor:
        return self.background.ground

    @property
    def art(self):
        return self.background.art

    @property
    def meridian_paths(self):
        return self.background.meridian_paths

    def shown_paths(self) -> list[str]:
        """The meridians whose paths are drawn now: all with the paths layer on, else only a
        chosen meridian's."""
        return list(self.background.shown)

    def selected_items(self) -> list[PointItem]:
        return list(self.points.get(self.selected_code or "", []))

    def selected_items_in_order(self) -> list[PointItem]:
        """The selected point's markers, the side that was clicked first."""
        return self.items_of(self.selected_code, self.selected_side)

    def items_of(self, code: str | None, side_first: str | None = None) -> list[PointItem]:
        """A point's markers on this diagram, those on ``side_first`` first."""
        return sorted(self.points.get(code or "", []), key=lambda item: item.position.side != side_first)

    def all_point_items(self) -> list[PointItem]:
        return [item for items in self.points.values() for item in items]

    def markers(self) -> list[PointItem]:
        """The markers drawn: every point item but those a shared marker draws for them."""
        return [item for items in self.points.values() for item in items if item.lead is None]
