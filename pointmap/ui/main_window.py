"""The main window, a shell: the diagram in the middle, points on the left, details, meridians,
protocols and hygiene on the right, menus, a toolbar and a status bar. What is shown lives in
AppState; the scenes and panels observe it, so the window only assembles them."""

from __future__ import annotations

import itertools
import sys
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from pointmap.core.paths import Config
from pointmap.core.reference import Reference
from pointmap.state.app_state import AppState, Mode
from pointmap.state.userdata import UserData
from pointmap.ui import chrome
from pointmap.ui.actions import Actions
from pointmap.ui.diagram.scene import DiagramScene
from pointmap.ui.diagram.scenes import Scenes
from pointmap.ui.diagram.view import DiagramView
from pointmap.ui.panels.search import SearchField
from pointmap.ui.settings import WindowSettings
from pointmap.ui.status import StatusLine
from pointmap.ui.theme import Look

if TYPE_CHECKING:
    from pointmap.core.handout import Handout
    from pointmap.ui.panels.checklists import ChecklistPanel
    from pointmap.ui.panels.details import PointDetails
    from pointmap.ui.panels.point_list import PointList
    from pointmap.ui.panels.sequences import MeridianPanel, ProtocolPanel


class MainWindow(QMainWindow):
    def __init__(
        self,
        reference: Reference,
        settings: QSettings | None = None,
        config: Config | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.reference = reference
        self.config = config or Config.from_environment()
        self.setWindowTitle("PointMap")
        self.setObjectName("MainWindow")
        self.state = AppState(reference, self)
        self.user = UserData(self.config, self)
        self.look = Look(self.state, self)
        self.scenes = Scenes(reference, self.state, self.config.cache_dir / "art", self)
        self.view = DiagramView(self)
        self.setCentralWidget(self.view)
        self.search = SearchField(reference, self)
        self._panels: dict[str, QWidget] = {}
        self._make_docks()
        self.actions = Actions(self, self.state)
        self.toolbar, self.view_menus = chrome.make_toolbar(self)
        self.session_menu = chrome.make_menus(self)  # the Session menu is filled when the records are open
        self.status = StatusLine(self.statusBar(), reference, self.state)
        self.window_settings = WindowSettings(settings or QSettings())
        self._connect()
        self.window_settings.restore(self, self.state)
        self.look.apply()
        self._show_diagram(self.state.diagram)

    # -- construction --------------------------------------------------------------------------

    def _dock(self, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(QWidget())  # its panel arrives right after the first frame
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _make_docks(self) -> None:
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.points_dock = self._dock("Points", "pointsDock", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.details_dock = self._dock("Point", "detailsDock", right)
        self.meridian_dock = self._dock("Meridians", "meridiansDock", right)
        self.protocol_dock = self._dock("Protocols", "protocolsDock", right)
        self.checklist_dock = self._dock("Hygiene", "hygieneDock", right)
        self.session_dock = self._dock("Session", "sessionDock", right)
        self.lessons_dock = self._dock("Lessons", "lessonsDock", right)
        self.photo_dock = self._dock("Photo", "photoDock", right)  # the face map on the client's photo
        self._docks = (self.details_dock, self.points_dock, self.meridian_dock, self.protocol_dock, self.checklist_dock)
        tabs = (self.details_dock, self.meridian_dock, self.protocol_dock, self.lessons_dock, self.checklist_dock)
        tabs = (*tabs, self.session_dock, self.photo_dock)
        for first, second in itertools.pairwise(tabs):
            self.tabifyDockWidget(first, second)
        self.details_dock.raise_()
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )

    def _connect(self) -> None:
        self.look.style_changed.connect(self.scenes.apply_style)
        self.scenes.point_activated.connect(self._point_clicked)
        self.scenes.point_choice_requested.connect(self._offer_points)
        self.scenes.point_hovered.connect(self.status.show_hovered)
        self.state.diagram_changed.connect(self._show_diagram)
        self.state.selection_changed.connect(self._selection_changed)
        self.state.sequence_changed.connect(self.view.schedule_labels)
        self.state.layers_changed.connect(self.view.schedule_labels)
        self.view.zoom_changed.connect(self.status.show_zoom)
        self.search.point_chosen.connect(self.go_to_point)
        # Build the side panels once the first frame is on screen (or on first use).
        self.view.viewport().installEventFilter(self)
        QTimer.singleShot(400, self, self._after_first_frame)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and not getattr(self, "_panels", True) and watched is self.view.viewport():
            QTimer.singleShot(0, self, self._after_first_frame)
        return super().eventFilter(watched, event)

    def _after_first_frame(self) -> None:
        self.scenes.cache_items()
        self.build_panels()

    # -- panels (built after the first frame) ------------------------------------------------

    def build_panels(self) -> None:
        if self._panels:
            return
        self.view.viewport().removeEventFilter(self)
        from pointmap.ui.panels.assemble import assemble  # the first frame does not need the panels

        assemble(self)

    def user_data_problem(self, sentence: str) -> None:
        from pointmap.ui import messages  # no message in the first frame: imported when one is shown

        messages.tell(self, "Your records", sentence)

    def _panel(self, name: str):
        self.build_panels()
        return self._panels[name]

    details: PointDetails = property(lambda self: self._panel("details"))  # type: ignore[assignment]
    point_list: PointList = property(lambda self: self._panel("points"))  # type: ignore[assignment]
    meridian_panel: MeridianPanel = property(lambda self: self._panel("meridians"))  # type: ignore[assignment]
    protocol_panel: ProtocolPanel = property(lambda self: self._panel("protocols"))  # type: ignore[assignment]
    checklist_panel: ChecklistPanel = property(lambda self: self._panel("hygiene"))  # type: ignore[assignment]

    # -- following the state -------------------------------------------------------------------

    def current_scene(self) -> DiagramScene:
        return self.scenes.get(self.state.diagram)

    def _show_diagram(self, diagram_id: str) -> None:
        self.view.set_diagram_scene(self.scenes.get(diagram_id))
        self.setWindowTitle(f"{self.reference.diagrams[diagram_id].title} — PointMap")

    def _selection_changed(self, selection) -> None:
        if selection is not None:
            self.view.center_on_items(self.current_scene().items_of(selection.code, selection.side))
        self.view.schedule_labels()

    def _point_clicked(self, code: str, side: str) -> None:
        """A click on the diagram: select the point on that side and show its details (in a
        session the Session tab stays in front; the session mode marks the needle)."""
        self.state.select(code, side)
        if self.state.mode != Mode.SESSION:
            self.details_dock.raise_()

    def _offer_points(self, codes: list[str], side: str, where) -> None:
        """A click on a marker several points share: a small menu names each; the one picked is
        treated as clicked (selected, or needled in a session)."""
        from pointmap.ui.diagram.choice import offer_points

        scene = self.current_scene()
        self.choice_menu = offer_points(self, self.reference, codes, where, partial(scene.report_activated, side=side))

    def go_to_point(self, code: str) -> None:
        """From search: select, show the details tab (in a session: mark a needle there), and give
        the keys back to the diagram."""
        self.state.select(code)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.state.mode == Mode.SESSION:
            self.session_mode.mark_from_search(code)
        else:
            self.details_dock.raise_()

    def escape(self) -> None:
        """Esc: close the search results, else leave full screen, else clear the selection."""
        if self.search.results_visible():
            self.search.hide_results()
        elif self.isFullScreen():
            self.set_full_screen(False)
        else:
            self.state.clear_selection()

    def set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        QTimer.singleShot(0, self, self.view.schedule_labels)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.user.look_for_changes()  # another PointMap may have written meanwhile
        if event.type() == QEvent.Type.WindowStateChange:
            Actions._quietly_check(self.actions.full_screen, bool(self.windowState() & Qt.WindowState.WindowFullScreen))
        super().changeEvent(event)

    # -- handouts and exports -------------------------------------------------------------------

    def handout(self) -> Handout:
        from datetime import date

        from pointmap.core.handout import handout_for  # not needed for the first frame

        return handout_for(self.reference, self.state.diagram, self.state.sequence, made=date.today())

    def export_handout_pdf(self, path: str | None = None) -> str | None:
        from pointmap.ui.export.dialogs import export_handout_pdf

        return export_handout_pdf(self, self.handout(), path)

    def export_diagram_png(self, path: str | None = None) -> str | None:
        from pointmap.ui import messages
        from pointmap.ui.export.dialogs import export_diagram_png

        scene = self.current_scene()
        if scene is not self.scenes.drawing(self.state.diagram) and not messages.ask(
            self,
            "Export the client's photo?",
            "The view shows your client's face photo. Export it with its points as an image? "
            "(Cancel exports the drawing instead.)",
            yes="Yes",
        ):
            scene = self.scenes.drawing(self.state.diagram)  # a face photo leaves only when chosen
        return export_diagram_png(self, scene, path)

    def print_handout(self) -> None:
        from pointmap.ui.export.dialogs import print_handout

        print_handout(self, self.handout())

    # -- help and closing ------------------------------------------------------------------------

    def show_about(self) -> None:
        from pointmap.ui import messages

        messages.about(self)

    def closeEvent(self, event) -> None:
        if self._panels and not (self.session_mode.may_close_app() and self.checklist_panel.may_close()):
            event.ignore()
            return
        if self._panels and (checklist := self.checklist_panel.current()) is not None:
            self.window_settings.settings.setValue("hygiene/checklist", checklist.id)
        self.scenes.stop_prewarm()
        if not self.window_settings.save(self, self.state):
            print(f"pointmap: {self.window_settings.problem}", file=sys.stderr)
        self.user.close()
        super().closeEvent(event)
