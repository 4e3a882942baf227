"""One scene per diagram, made on first use, each following the application state and the look;
the other diagrams are prepared in idle time so that the first switch to one is quick."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QPoint, QTimer, Signal

from pointmap.core.reference import Reference
from pointmap.state.app_state import AppState
from pointmap.ui.diagram.background import SvgCache
from pointmap.ui.diagram.scene import DiagramScene, DiagramStyle
from pointmap.ui.diagram.view import DiagramView


class Scenes(QObject):
    """The diagram scenes. Their clicks and hovers are re-emitted here, whichever scene they
    come from."""

    point_activated = Signal(str, str)  # code, side
    point_hovered = Signal(str)
    needle_clicked = Signal(object)  # Site
    point_menu_requested = Signal(str, str, QPoint)  # code, side, screen position
    point_choice_requested = Signal(list, str, QPoint)  # codes sharing the place clicked, side, position

    def __init__(self, reference: Reference, state: AppState, cache_dir: Path | None, parent: QObject | None = None):
        super().__init__(parent)
        self.reference = reference
        self.state = state
        self.cache_dir = cache_dir
        self.svg_cache = SvgCache()
        self.style: DiagramStyle | None = None
        self._scenes: dict[str, DiagramScene] = {}
        self._prewarm: list[str] = []
        self._view: DiagramView | None = None
        self.needles: dict = {}  # Site -> needles in, for every scene (a session's)
        self.needle_attention = False  # removal under way: the needles still in stand out
        self.cautions: dict[str, str] = {}  # code -> why a screening answer concerns it
        self._substitutes: dict[str, DiagramScene] = {}  # a view drawn another way (the face on a photo)
        self._cache_items = False  # markers and labels kept as pixmaps: from just after the first frame

    def substitute(self, diagram_id: str, scene: DiagramScene | None) -> None:
        """Show ``scene`` wherever ``diagram_id`` is shown (the face view on the client's photo);
        None: the diagram again. Its clicks and hovers are re-emitted like a diagram scene's."""
        old = self._substitutes.pop(diagram_id, None)
        if old is not None and old is not scene:
            for signal, slot in self._relays(old):
                signal.disconnect(slot)
        if scene is None:
            return
        self._substitutes[diagram_id] = scene
        if old is not scene:
            for signal, slot in self._relays(scene):
                signal.connect(slot)
            scene.set_needles(self.needles, self.needle_attention)
            scene.set_cautions(self.cautions)
            if self.style is not None:
                scene.apply_style(self.style)

    def _relays(self, scene: DiagramScene) -> list:
        return [
            (scene.point_activated, self.point_activated),
            (scene.point_hovered, self.point_hovered),
            (scene.needle_clicked, self.needle_clicked),
            (scene.point_menu_requested, self.point_menu_requested),
            (scene.point_choice_requested, self.point_choice_requested),
        ]

    def substitute_for(self, diagram_id: str) -> DiagramScene | None:
        return self._substitutes.get(diagram_id)

    def drawing(self, diagram_id: str) -> DiagramScene:
        """The diagram's own scene, never a substitute (handouts and prints show the drawing)."""
        return self._get_drawing(diagram_id)

    def set_needles(self, counts: dict, attention: bool = False) -> None:
        """A session's needles still in (Site -> how many), on every scene; ``attention`` while
        they are being taken out (see ``Session.removal_under_way``)."""
        self.needles = dict(counts)
        self.needle_attention = attention
        for scene in [*self._scenes.values(), *self._substitutes.values()]:
            scene.set_needles(self.needles, attention)

    def set_cautions(self, reasons: dict[str, str]) -> None:
        self.cautions = dict(reasons)
        for scene in [*self._scenes.values(), *self._substitutes.values()]:
            scene.set_cautions(self.cautions)

    def get(self, diagram_id: str) -> DiagramScene:
        """The scene that shows ``diagram_id`` now (a substitute when one is set)."""
        return self._substitutes.get(diagram_id) or self._get_drawing(diagram_id)

    def _get_drawing(self, diagram_id: str) -> DiagramScene:
        scene = self._scenes.get(diagram_id)
        if scene is None:
            scene = DiagramScene(
                self.reference,
                self.reference.diagrams[diagram_id],
                self.svg_cache,
                self.cache_dir,
                self,
                cache_items=self._cache_items,
                label_font=self.style.font if self.style is not None else None,
            )
            scene.bind(self.state)
            scene.point_activated.connect(self.point_activated)
            scene.point_hovered.connect(self.point_hovered)
            scene.needle_clicked.connect(self.needle_clicked)
            scene.set_needles(self.needles, self.needle_attention)
            scene.set_cautions(self.cautions)
            scene.point_menu_requested.connect(self.point_menu_requested)
            scene.point_choice_requested.connect(self.point_choice_requested)
            if self.style is not None:
                scene.apply_style(self.style)
            self._scenes[diagram_id] = scene
        return scene

    def cache_items(self) -> None:
        """From now on every scene keeps its markers and labels as pixmaps (the window asks for this
        once its first frame is painted: see DiagramScene.cache_items)."""
        self._cache_items = True
        for scene in self._scenes.values():
            scene.cache_items()

    def made(self) -> list[DiagramScene]:
        """The scenes made so far."""
        return list(self._scenes.values())

    def apply_style(self, style: DiagramStyle) -> None:
        self.style = style
        for scene in [*self._scenes.values(), *self._substitutes.values()]:
            scene.apply_style(style)

    def prewarm(self, view: DiagramView) -> None:
        """In idle time, one diagram per turn of the event loop: build its scene and render its
        artwork at the size it will be shown."""
        self._view = view
        self._prewarm = [d for d in self.reference.diagrams if d not in self._scenes]
        QTimer.singleShot(50, self, self._prewarm_next)

    def stop_prewarm(self) -> None:
        """No more scenes made in idle time (the window is closing)."""
        self._prewarm = []
        self._view = None

    def _prewarm_next(self) -> None:
        if not self._prewarm or self._view is None:
            return
        if not (shiboken6.isValid(self) and shiboken6.isValid(self._view) and self._view.isVisible()):
            self.stop_prewarm()  # the window is being torn down: make nothing more
            return
        window = self._view.window()  # held while a scene is made: a window dropped meanwhile is not
        scene = self._get_drawing(self._prewarm.pop(0))  # collected (and its scenes deleted) halfway through
        scale = round(self._view.fit_scale_for(scene.sceneRect()) * self._view.devicePixelRatioF(), 4)
        scene.background.preferred_scale = scale
        scene.background.art_pixmap(scale, wait=False)  # rendered on the thread pool: no frame waits
        QTimer.singleShot(0, self, self._prewarm_next)
        del window
