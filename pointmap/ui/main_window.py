"""The main window: diagram in the middle, points on the left, details, meridians, protocols
and hygiene checklists on the right; a toolbar with views, layers, zoom and search."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QGuiApplication, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QWidget,
)

from pointmap import __version__
from pointmap.core.describe import step
from pointmap.core.reference import Reference
from pointmap.ui import theme
from pointmap.ui.scene import DiagramScene, Layers, SvgCache
from pointmap.ui.search import SearchField
from pointmap.ui.view import DiagramView

if TYPE_CHECKING:
    from pointmap.ui.checklists import ChecklistPanel
    from pointmap.ui.details import PointDetails
    from pointmap.ui.point_list import PointList
    from pointmap.ui.sequences import MeridianPanel, ProtocolPanel

SHORT_TITLES = {
    "face": "Face",
    "face-lateral": "Face (side)",
    "arm-anterior": "Arm (palm)",
    "arm-posterior": "Arm (back)",
    "abdomen": "Abdomen",
}


class MainWindow(QMainWindow):
    def __init__(self, reference: Reference, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.reference = reference
        self.settings = settings or QSettings()
        self.setWindowTitle("PointMap")
        self.setObjectName("MainWindow")
        self.svg_cache = SvgCache()
        self.scenes: dict[str, DiagramScene] = {}
        self.current_diagram: str | None = None
        self.selected_code: str | None = None
        self.sequence_kind: str | None = None  # "meridian" | "protocol"
        self.sequence_key: str | None = None
        self.sequence_codes: list[str] = []
        self.layers = Layers()
        self.theme_name = "system"
        self.large_labels = False
        self._default_palette = QApplication.palette()

        self.view = DiagramView(self)
        self.setCentralWidget(self.view)
        self.search = SearchField(reference, self)
        self._panels: dict[str, QWidget] = {}

        self._make_docks()
        self._make_actions()
        self._make_toolbar()
        self._make_menus()
        self._make_status_bar()
        self._connect()
        self._restore_settings()

    # -- construction --------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _make_docks(self) -> None:
        """Docks are made now (so their layout can be restored); their panels are filled in
        right after the first frame is painted, or on first use."""
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.points_dock = self._dock("Points", "pointsDock", QWidget(), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.details_dock = self._dock("Point", "detailsDock", QWidget(), right)
        self.meridian_dock = self._dock("Meridians", "meridiansDock", QWidget(), right)
        self.protocol_dock = self._dock("Protocols", "protocolsDock", QWidget(), right)
        self.checklist_dock = self._dock("Hygiene", "hygieneDock", QWidget(), right)
        self.tabifyDockWidget(self.details_dock, self.meridian_dock)
        self.tabifyDockWidget(self.meridian_dock, self.protocol_dock)
        self.tabifyDockWidget(self.protocol_dock, self.checklist_dock)
        self.details_dock.raise_()
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )

    def _action(self, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.view_actions: dict[str, QAction] = {}
        self.view_group = QActionGroup(self)
        for n, diagram in enumerate(self.reference.diagrams.values(), start=1):
            action = QAction(SHORT_TITLES.get(diagram.id, diagram.title), self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.setToolTip(f"{diagram.title} (Ctrl+{n})")
            action.setData(diagram.id)
            action.triggered.connect(self._view_action_triggered)
            self.view_group.addAction(action)
            self.view_actions[diagram.id] = action
            self.addAction(action)
        self.next_view_action = self._action(
            "Next view", self.next_view, QKeySequence("Ctrl+PgDown"), "Show the next diagram"
        )
        self.prev_view_action = self._action(
            "Previous view",
            self.previous_view,
            QKeySequence("Ctrl+PgUp"),
            "Show the previous diagram",
        )
        self.labels_action = self._action(
            "Labels", self.set_labels_visible, QKeySequence("L"), "Show point labels (L)", True
        )
        self.paths_action = self._action(
            "Meridian paths",
            self.set_paths_visible,
            QKeySequence("M"),
            "Join each meridian's points (M)",
            True,
        )
        self.grid_action = self._action(
            "Cun grid",
            self.set_grid_visible,
            QKeySequence("G"),
            "Proportional cun grid from the landmarks (G)",
            True,
        )
        self.zoom_in_action = self._action(
            "Zoom in", self.view.zoom_in, [QKeySequence(key.ZoomIn), QKeySequence("+")], "Zoom in (+, Ctrl+wheel)"
        )
        self.zoom_out_action = self._action(
            "Zoom out", self.view.zoom_out, [QKeySequence(key.ZoomOut), QKeySequence("-")], "Zoom out (-, Ctrl+wheel)"
        )
        self.fit_action = self._action(
            "Fit to window", self.view.fit, QKeySequence("Ctrl+0"), "Show the whole diagram (Ctrl+0)"
        )
        self.find_action = self._action(
            "Find…", self.search.focus_and_select, QKeySequence(key.Find), "Search for a point (Ctrl+F)"
        )
        self.next_action = self._action(
            "Next point",
            self.step_forward,
            [QKeySequence("]"), QKeySequence("Alt+Right")],
            "Next point of the chosen meridian or protocol (])",
        )
        self.prev_action = self._action(
            "Previous point",
            self.step_back,
            [QKeySequence("["), QKeySequence("Alt+Left")],
            "Previous point of the chosen meridian or protocol ([)",
        )
        self.clear_action = self._action("Clear selection", self.clear_selection, QKeySequence("Escape"))
        self.full_screen_action = self._action(
            "Full screen",
            self.set_full_screen,
            [QKeySequence(key.FullScreen), QKeySequence("F11")],
            checkable=True,
        )
        self.large_labels_action = self._action(
            "Large labels",
            self.set_large_labels,
            QKeySequence("Ctrl+Shift+L"),
            "Bigger labels and markers",
            True,
        )
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name, text in (
            ("system", "Follow system"),
            ("light", "Light"),
            ("dark", "Dark"),
            ("projector", "Projector (high contrast)"),
        ):
            action = QAction(text, self, checkable=True)
            action.setData(name)
            action.triggered.connect(self._theme_action_triggered)
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
        self.projector_action = self._action(
            "Projector theme on/off",
            self.toggle_projector,
            QKeySequence("Ctrl+Shift+H"),
            "High contrast for a projector: black ground, white lines, big labels (Ctrl+Shift+H)",
        )
        self._theme_before_projector = "system"
        self.print_action = self._action(
            "Print handout…", self.print_handout, QKeySequence(key.Print), "Print the diagram and its points (Ctrl+P)"
        )
        self.pdf_action = self._action(
            "Export handout as PDF…",
            self.export_handout_pdf,
            QKeySequence("Ctrl+Shift+E"),
            "The diagram and a table of its points, for printing or sharing",
        )
        self.png_action = self._action(
            "Export diagram as PNG…", self.export_diagram_png, QKeySequence("Ctrl+E"), "Save the diagram as an image"
        )
        self.quit_action = self._action("Quit", self.close, QKeySequence(key.Quit), "Quit PointMap")
        self.about_action = self._action("About PointMap", self.show_about)
        self.about_qt_action = self._action("About Qt", QApplication.aboutQt)

    def _make_toolbar(self) -> None:
        bar = QToolBar("Views and layers", self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.view_actions.values():
            bar.addAction(action)
        bar.addSeparator()
        for action in (self.labels_action, self.paths_action, self.grid_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (self.zoom_out_action, self.fit_action, self.zoom_in_action):
            bar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy())
        bar.addWidget(spacer)
        bar.addWidget(self.search)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _make_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.pdf_action)
        file_menu.addAction(self.png_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.clear_action)
        view_menu = menu.addMenu("&View")
        for action in self.view_actions.values():
            view_menu.addAction(action)
        view_menu.addAction(self.next_view_action)
        view_menu.addAction(self.prev_view_action)
        view_menu.addSeparator()
        for action in (
            self.labels_action,
            self.paths_action,
            self.grid_action,
            self.large_labels_action,
        ):
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("Theme")
        for action in self.theme_actions.values():
            theme_menu.addAction(action)
        theme_menu.addSeparator()
        theme_menu.addAction(self.projector_action)
        view_menu.addAction(self.full_screen_action)
        panels = view_menu.addMenu("Panels")
        for dock in (
            self.points_dock,
            self.details_dock,
            self.meridian_dock,
            self.protocol_dock,
            self.checklist_dock,
        ):
            panels.addAction(dock.toggleViewAction())
        go_menu = menu.addMenu("&Go")
        go_menu.addAction(self.next_action)
        go_menu.addAction(self.prev_action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.about_qt_action)

    def _make_status_bar(self) -> None:
        self.view_label = QLabel(accessibleName="Current view")
        self.view_label.setToolTip("The diagram shown and how many points it carries")
        self.zoom_label = QLabel("100%")
        self.zoom_label.setToolTip("Zoom, relative to the whole diagram in the window")
        self.statusBar().addPermanentWidget(self.view_label)
        self.statusBar().addPermanentWidget(self.zoom_label)

    def _connect(self) -> None:
        self.view.zoom_changed.connect(self._zoom_changed)
        self.search.point_chosen.connect(self.go_to_point)
        # Build the side panels once the first frame is on screen (or on first use).
        self.view.viewport().installEventFilter(self)
        QTimer.singleShot(400, self, self.build_panels)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # Qt 6.5+: follow the system's light/dark switch live
            hints.colorSchemeChanged.connect(self._system_scheme_changed)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.view.viewport() and not self._panels:
            QTimer.singleShot(0, self, self.build_panels)
        return super().eventFilter(watched, event)

    # -- panels (built after the first frame) ------------------------------------------------

    def build_panels(self) -> None:
        if self._panels:
            return
        self.view.viewport().removeEventFilter(self)
        # Imported here: the first frame does not need them, so start-up does not pay for them.
        from pointmap.ui.checklists import ChecklistPanel
        from pointmap.ui.details import PointDetails
        from pointmap.ui.point_list import PointList
        from pointmap.ui.sequences import MeridianPanel, ProtocolPanel

        ref = self.reference
        self._panels = {
            "details": PointDetails(ref),
            "points": PointList(ref),
            "meridians": MeridianPanel(ref),
            "protocols": ProtocolPanel(ref),
            "hygiene": ChecklistPanel(ref),
        }
        self.points_dock.setWidget(self._panels["points"])
        self.details_dock.setWidget(self._panels["details"])
        self.meridian_dock.setWidget(self._panels["meridians"])
        self.protocol_dock.setWidget(self._panels["protocols"])
        self.checklist_dock.setWidget(self._panels["hygiene"])
        self.point_list.point_chosen.connect(self._list_chose)
        self.meridian_panel.chosen.connect(self.choose_meridian)
        self.meridian_panel.step.connect(self.step_sequence)
        self.protocol_panel.chosen.connect(self.choose_protocol)
        self.protocol_panel.step.connect(self.step_sequence)
        self._restore_hygiene()
        self.checklist_panel.changed.connect(self._save_hygiene)
        if self.selected_code:
            self.point_list.select_code(self.selected_code)
            self.details.show_point(ref.points[self.selected_code])
        self._prewarm_queue = [d for d in ref.diagrams if d != self.current_diagram]
        QTimer.singleShot(50, self, self._prewarm_next)

    def _prewarm_next(self) -> None:
        """In idle time, one diagram per turn of the event loop: build its scene and render its
        artwork at the size it will be shown, so the first switch to it is as quick as the next."""
        if not self._prewarm_queue:
            return
        diagram = self._prewarm_queue.pop(0)
        scene = self.scene_for(diagram)
        scale = round(self.view.fit_scale_for(scene.sceneRect()) * self.view.devicePixelRatioF(), 4)
        scene.preferred_scale = scale
        scene.art_pixmap(scale)
        QTimer.singleShot(0, self, self._prewarm_next)

    def _panel(self, name: str):
        self.build_panels()
        return self._panels[name]

    @property
    def details(self) -> PointDetails:
        return self._panel("details")

    @property
    def point_list(self) -> PointList:
        return self._panel("points")

    @property
    def meridian_panel(self) -> MeridianPanel:
        return self._panel("meridians")

    @property
    def protocol_panel(self) -> ProtocolPanel:
        return self._panel("protocols")

    @property
    def checklist_panel(self) -> ChecklistPanel:
        return self._panel("hygiene")

    # -- settings ------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._fit_to_screen()
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.layers = Layers(
            labels=_bool(s.value("layers/labels", True)),
            paths=_bool(s.value("layers/paths", False)),
            grid=_bool(s.value("layers/grid", False)),
        )
        for action, on in (
            (self.labels_action, self.layers.labels),
            (self.paths_action, self.layers.paths),
            (self.grid_action, self.layers.grid),
        ):
            action.blockSignals(True)
            action.setChecked(on)
            action.blockSignals(False)
        self.large_labels = _bool(s.value("view/large_labels", False))
        self.large_labels_action.blockSignals(True)
        self.large_labels_action.setChecked(self.large_labels)
        self.large_labels_action.blockSignals(False)
        name = str(s.value("view/theme", "system"))
        self.set_theme(name if name in theme.THEMES else "system")
        diagram = str(s.value("view/diagram", "face"))
        self.show_diagram(diagram if diagram in self.reference.diagrams else next(iter(self.reference.diagrams)))

    def _restore_hygiene(self) -> None:
        raw = self.settings.value("hygiene/state", "")
        try:
            state = json.loads(raw) if isinstance(raw, str) and raw else {}
        except ValueError:
            state = {}
        self.checklist_panel.restore(state)

    def _save_hygiene(self) -> None:
        """Saved on every tick and count, so nothing typed is lost if the app is closed or killed."""
        self.settings.setValue("hygiene/state", json.dumps(self.checklist_panel.state()))

    def _fit_to_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 860)
            return
        area = screen.availableGeometry()
        self.resize(int(area.width() * 0.9), int(area.height() * 0.9))
        self.move(area.center() - self.rect().center())

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("layers/labels", self.layers.labels)
        s.setValue("layers/paths", self.layers.paths)
        s.setValue("layers/grid", self.layers.grid)
        s.setValue("view/large_labels", self.large_labels)
        s.setValue("view/theme", self.theme_name)
        if self.current_diagram:
            s.setValue("view/diagram", self.current_diagram)
        s.sync()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.WindowStateChange:
            full = bool(self.windowState() & Qt.WindowState.WindowFullScreen)
            if self.full_screen_action.isChecked() != full:
                self.full_screen_action.blockSignals(True)
                self.full_screen_action.setChecked(full)
                self.full_screen_action.blockSignals(False)
        super().changeEvent(event)

    def confirm_close_with_needles_out(self, missing: int) -> bool:
        """Ask before closing while the needle counts do not match."""
        answer = QMessageBox.warning(
            self,
            "Needles not accounted for",
            f"{abs(missing)} needle{'s' if abs(missing) != 1 else ''} "
            f"{'not yet counted out' if missing > 0 else 'more out than in'}. The counts are kept "
            "for next time; close PointMap anyway?",
            QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Close

    def closeEvent(self, event) -> None:
        if (
            self._panels
            and self.checklist_panel.unaccounted()
            and not self.confirm_close_with_needles_out(self.checklist_panel.unaccounted())
        ):
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)

    # -- diagrams ------------------------------------------------------------------------------

    def scene_for(self, diagram_id: str) -> DiagramScene:
        scene = self.scenes.get(diagram_id)
        if scene is None:
            scene = DiagramScene(self.reference, self.reference.diagrams[diagram_id], self.svg_cache, self)
            scene.point_activated.connect(self.select_point)
            scene.point_hovered.connect(self._hovered)
            self.scenes[diagram_id] = scene
            self._style_scene(scene)
        return scene

    def show_diagram(self, diagram_id: str) -> None:
        if diagram_id not in self.reference.diagrams:
            return
        scene = self.scene_for(diagram_id)
        scene.apply_layers(self.layers)
        scene.set_selected(self.selected_code)
        scene.set_sequence(
            self.sequence_key if self.sequence_kind == "meridian" else None,
            set(self.sequence_codes) if self.sequence_kind else None,
        )
        self.current_diagram = diagram_id
        self.view.set_diagram_scene(scene)
        self.view_actions[diagram_id].setChecked(True)
        diagram = self.reference.diagrams[diagram_id]
        count = len({p.point_code for p in self.reference.positions.get(diagram_id, [])})
        self.view_label.setText(f"{diagram.title} · {count} points")
        self.setWindowTitle(f"{diagram.title} — PointMap")

    def _view_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.show_diagram(action.data())

    def _cycle_view(self, delta: int) -> None:
        ids = list(self.reference.diagrams)
        current = ids.index(self.current_diagram) if self.current_diagram in ids else 0
        self.show_diagram(ids[(current + delta) % len(ids)])

    def next_view(self) -> None:
        self._cycle_view(1)

    def previous_view(self) -> None:
        self._cycle_view(-1)

    def current_scene(self) -> DiagramScene | None:
        return self.scenes.get(self.current_diagram or "")

    # -- layers and look -----------------------------------------------------------------------

    def _apply_layers(self) -> None:
        for scene in self.scenes.values():
            scene.apply_layers(self.layers)
        self.view.schedule_labels()

    def set_labels_visible(self, on: bool) -> None:
        self.layers.labels = on
        self._apply_layers()

    def set_paths_visible(self, on: bool) -> None:
        self.layers.paths = on
        self._apply_layers()

    def set_grid_visible(self, on: bool) -> None:
        self.layers.grid = on
        self._apply_layers()

    def set_large_labels(self, on: bool) -> None:
        self.large_labels = on
        for scene in self.scenes.values():
            self._style_scene(scene)
        self.view.schedule_labels()

    def _theme_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.set_theme(action.data())

    def toggle_projector(self) -> None:
        if self.theme_name == "projector":
            self.set_theme(self._theme_before_projector)
        else:
            self._theme_before_projector = self.theme_name
            self.set_theme("projector")

    def set_theme(self, name: str) -> None:
        self.theme_name = name
        self.theme_actions[name].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, name, self._default_palette)
        for scene in self.scenes.values():
            self._style_scene(scene)
        if self._panels and self.details.point is not None:
            self.details.show_point(self.details.point)
        self.view.schedule_labels()

    def _system_scheme_changed(self, *_args) -> None:
        if self.theme_name == "system":
            self.set_theme("system")

    def _style_scene(self, scene: DiagramScene) -> None:
        projector = self.theme_name == "projector"
        app = QApplication.instance()
        dark = projector or (isinstance(app, QApplication) and theme.is_dark(app))
        scale = (1.6 if projector else 1.0) * (1.45 if self.large_labels else 1.0)
        font = QFont(QApplication.font())
        font.setPointSizeF(8.5 * scale)
        font.setBold(projector or self.large_labels)
        text = QColor("#ffffff") if dark else QColor("#1b1b1b")
        plate = QColor(0, 0, 0, 215) if projector else (QColor(32, 33, 36, 210) if dark else QColor(255, 255, 255, 205))
        scene.set_high_contrast(projector)
        scene.set_label_style(font, text, plate, scale)
        ground = QApplication.palette().base().color() if isinstance(app, QApplication) else QColor("#ffffff")
        scene.set_ground(QColor("#000000") if projector else ground)

    def set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        QTimer.singleShot(0, self, self.view.schedule_labels)

    # -- selection -----------------------------------------------------------------------------

    def select_point(self, code: str, center: bool = True) -> None:
        """Select a point everywhere: diagram (switching view if needed), list and details."""
        point = self.reference.points.get(code)
        if point is None:
            return
        diagram = self.reference.diagram_for(code, prefer=self.current_diagram)
        self.selected_code = code
        if diagram and diagram != self.current_diagram:
            self.show_diagram(diagram)
        for scene in self.scenes.values():
            scene.set_selected(code)
        self.details.show_point(point)
        self.point_list.select_code(code)
        scene = self.current_scene()
        if center and scene is not None:
            self.view.center_on_items(scene.selected_items())
        self.view.schedule_labels()
        self._update_sequence_position()
        self.statusBar().showMessage(f"{point.code} {point.pinyin} — {point.english}", 8000)

    def go_to_point(self, code: str) -> None:
        """From search: select and show the details tab."""
        self.select_point(code)
        self.details_dock.raise_()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _list_chose(self, code: str) -> None:
        self.select_point(code)

    def clear_selection(self) -> None:
        if self.search.results.isVisible():
            self.search.hide_results()
            return
        self.selected_code = None
        for scene in self.scenes.values():
            scene.set_selected(None)
        self.point_list.select_code(None)
        self.details.show_placeholder()
        self.statusBar().clearMessage()
        self.view.schedule_labels()

    def _hovered(self, code: str) -> None:
        point = self.reference.points.get(code)
        if point is None:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(f"{point.code}  {point.pinyin}  {point.hanzi}  —  {point.english}")

    def _zoom_changed(self, percent: float) -> None:
        self.zoom_label.setText(f"{percent:.0f}%")

    # -- sequences: meridians and protocols ----------------------------------------------------

    def choose_meridian(self, code: str | None) -> None:
        if code is not None:
            self.protocol_panel.choose(None)
        self._set_sequence("meridian", code, self.meridian_panel.codes(code) if code else [])

    def choose_protocol(self, key: str | None) -> None:
        if key is not None:
            self.meridian_panel.choose(None)
        self._set_sequence("protocol", key, self.protocol_panel.codes(key) if key else [])

    def _set_sequence(self, kind: str, key: str | None, codes: list[str]) -> None:
        if key is None:
            if self.sequence_kind == kind:
                self.sequence_kind, self.sequence_key, self.sequence_codes = None, None, []
        else:
            self.sequence_kind, self.sequence_key, self.sequence_codes = kind, key, codes
        highlight = set(self.sequence_codes) if self.sequence_kind else None
        meridian = self.sequence_key if self.sequence_kind == "meridian" else None
        for scene in self.scenes.values():
            scene.set_sequence(meridian, highlight)
        if meridian and not self.layers.paths:
            self._apply_layers()
        if key is not None and self.current_diagram:
            here = [c for c in codes if self.current_diagram in self.reference.diagrams_showing(c)]
            if not here and codes:
                target = self.reference.diagram_for(codes[0])
                if target:
                    self.show_diagram(target)
        self._update_sequence_position()
        self.view.schedule_labels()

    def step_sequence(self, delta: int) -> None:
        code = step(self.sequence_codes, self.selected_code, delta)
        if code is not None:
            self.select_point(code)

    def step_forward(self) -> None:
        if self.sequence_codes:
            self.step_sequence(1)

    def step_back(self) -> None:
        if self.sequence_codes:
            self.step_sequence(-1)

    def _update_sequence_position(self) -> None:
        panel = self.meridian_panel if self.sequence_kind == "meridian" else self.protocol_panel
        other = self.protocol_panel if panel is self.meridian_panel else self.meridian_panel
        other.set_position(0, 0)
        if not self.sequence_codes:
            panel.set_position(0, 0)
            return
        index = self.sequence_codes.index(self.selected_code) + 1 if self.selected_code in self.sequence_codes else 0
        panel.set_position(index, len(self.sequence_codes))

    # -- handouts ------------------------------------------------------------------------------

    def handout_content(self) -> tuple[str, str]:
        """Title and HTML table for the handout: the chosen sequence, or every point on the view."""
        from pointmap.ui.handout import points_table_html

        diagram = self.reference.diagrams[self.current_diagram or "face"]
        if self.sequence_codes:
            codes = [c for c in self.sequence_codes if c in self.reference.points]
            if self.sequence_kind == "meridian":
                name = self.reference.meridians.get(self.sequence_key or "")
                title = f"{name.name if name else self.sequence_key} meridian"
            else:
                proto = self.protocol_panel.protocol(self.sequence_key or "")
                title = proto.title if proto else "Protocol"
        else:
            shown = {p.point_code for p in self.reference.positions.get(diagram.id, [])}
            codes = [c for c in self.reference.points if c in shown]
            title = diagram.title
        points = [self.reference.points[c] for c in codes]
        return f"{title} — PointMap", points_table_html(self.reference, points, title)

    def _with_print_scale(self, dpi: float, paint, scale_fonts: bool = False) -> None:
        """Paint the current diagram for paper or a file: light ground, normal artwork and dark
        labels whatever the screen theme, markers and labels scaled for the device; then restore."""
        scene = self.current_scene()
        if scene is None:
            return
        items = scene.all_point_items()
        label = items[0].label if items else None
        font = QFont(label.font()) if label else QFont()
        text = label.text_color if label else QColor("#1b1b1b")
        plate = label.plate if label else QColor(255, 255, 255, 205)
        screen_scale, high_contrast, ground = scene.label_scale, scene.high_contrast, QColor(scene.ground)
        factor = max(1.0, dpi / 96.0)
        # On a printer or PDF fonts follow the device resolution by themselves; on an image they
        # do not. Markers and gaps are always in device pixels.
        big = QFont(font)
        if scale_fonts:
            big.setPointSizeF(font.pointSizeF() * factor)
        scene.set_high_contrast(False)
        scene.set_ground(QColor("#ffffff"))
        scene.set_label_style(big, QColor("#1b1b1b"), QColor(255, 255, 255, 215), screen_scale * factor)
        try:
            paint(scene)
        finally:
            scene.set_high_contrast(high_contrast)
            scene.set_ground(ground)
            scene.set_label_style(font, text, plate, screen_scale)

    def export_handout_pdf(self, path: str | None = None) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        from pointmap.ui.handout import export_pdf

        title, html = self.handout_content()
        if not path:
            suggested = f"{title.split(' — ')[0]}.pdf".replace("/", "-")
            path, _ = QFileDialog.getSaveFileName(self, "Export handout", suggested, "PDF (*.pdf)")
            if path and not path.lower().endswith(".pdf"):
                path += ".pdf"
        if not path:
            return None
        ok: list[bool] = []
        self._with_print_scale(300, lambda scene: ok.append(export_pdf(path, scene, title, html)))
        if not ok or not ok[0]:
            QMessageBox.warning(self, "Export failed", f"The handout could not be written to {path}.")
            return None
        self.statusBar().showMessage(f"Handout saved to {path}", 8000)
        return path

    def export_diagram_png(self, path: str | None = None) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        from pointmap.ui.handout import export_png

        if not path:
            suggested = f"{self.reference.diagrams[self.current_diagram or 'face'].title}.png"
            path, _ = QFileDialog.getSaveFileName(self, "Export diagram", suggested, "PNG image (*.png)")
            if path and not path.lower().endswith(".png"):
                path += ".png"
        if not path:
            return None
        ok: list[bool] = []
        self._with_print_scale(250, lambda scene: ok.append(export_png(path, scene)), scale_fonts=True)
        if not ok or not ok[0]:
            QMessageBox.warning(self, "Export failed", f"The image could not be written to {path}.")
            return None
        self.statusBar().showMessage(f"Diagram saved to {path}", 8000)
        return path

    def print_handout(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from pointmap.ui.handout import paint_handout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        title, html = self.handout_content()

        def paint(scene) -> None:
            painter = QPainter()
            if not painter.begin(printer):
                QMessageBox.warning(self, "Print failed", "The printer could not be opened.")
                return
            page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            page.moveTo(0, 0)
            paint_handout(painter, page, scene, title, html, printer.newPage)
            painter.end()

        self._with_print_scale(printer.resolution(), paint)

    # -- help ----------------------------------------------------------------------------------

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About PointMap",
            f"<h3>PointMap {__version__}</h3>"
            "<p>A reference of acupuncture points on the face, the arm and the abdomen, with meridian "
            "notes, cosmetic-acupuncture protocols and clean-needle checklists.</p>"
            "<p>Point locations follow the WHO Standard Acupuncture Point Locations (2008), by "
            "proportional bone cun; extra points say which standard they follow.</p>"
            "<p><b>PointMap is a reference for trained practitioners and students. It is not medical "
            "advice and does not replace training, supervision or clinical judgement.</b></p>"
            "<p>It works offline and stores no patient names.</p>",
        )


def _bool(value) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
