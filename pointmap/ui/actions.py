"""The window's actions (menus, toolbar, shortcuts), each wired to an intent of the application
state or of the window, and the checkable ones kept in step with the state."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from pointmap.state.app_state import AppState, Layers
from pointmap.ui.richtext import plain_tooltip
from pointmap.ui.undo import History

if TYPE_CHECKING:
    from pointmap.ui.main_window import MainWindow

SHORT_TITLES = {
    "face": "Face",
    "face-lateral": "Face (side)",
    "arm-anterior": "Arm (palm)",
    "arm-posterior": "Arm (back)",
    "hand-palmar": "Hand (palm)",
    "hand-dorsal": "Hand (back)",
    "abdomen": "Abdomen",
    "leg-anterior": "Leg (front)",
    "leg-medial": "Leg (inner)",
    "leg-lateral": "Leg (outer)",
    "leg-posterior": "Leg (back)",
    "foot-dorsal": "Foot (top)",
    "foot-plantar": "Sole",
}
THEME_TITLES = (
    ("system", "Follow system"),
    ("light", "Light"),
    ("dark", "Dark"),
    ("projector", "Projector (high contrast)"),
)


class Actions:
    """Every QAction of the main window, parented to it (so their shortcuts work anywhere in it)."""

    def __init__(self, window: MainWindow, state: AppState):
        self.window = window
        self.state = state
        key = QKeySequence.StandardKey
        view = window.view

        self.views: dict[str, QAction] = {}
        self.view_group = QActionGroup(window)
        for n, diagram in enumerate(state.reference.diagrams.values(), start=1):
            action = QAction(SHORT_TITLES.get(diagram.id, diagram.title), window)
            action.setCheckable(True)
            if n <= 9:  # Ctrl+1 … Ctrl+9; the views after the ninth by Ctrl+PgDown or the toolbar
                action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.setToolTip(plain_tooltip(f"{diagram.title} (Ctrl+{n})" if n <= 9 else diagram.title))
            action.setStatusTip(f"Show {diagram.title}")
            action.setData(diagram.id)
            action.triggered.connect(partial(state.set_diagram, diagram.id))
            self.view_group.addAction(action)
            self.views[diagram.id] = action
            window.addAction(action)
        self.next_view = self._make("Next view", self._next_view, QKeySequence("Ctrl+PgDown"), "Show the next diagram")
        self.prev_view = self._make(
            "Previous view", self._previous_view, QKeySequence("Ctrl+PgUp"), "Show the previous diagram"
        )
        self.labels = self._toggle("Labels", "labels", QKeySequence("L"), "Show point labels (L)")
        self.paths = self._toggle("Meridian paths", "paths", QKeySequence("M"), "Join each meridian's points (M)")
        self.grid = self._toggle("Cun grid", "grid", QKeySequence("G"), "Proportional cun grid from the landmarks (G)")
        self.anatomy = self._toggle(
            "Anatomy", "anatomy", QKeySequence("A"), "Bones, tendons and muscles that the locations name (A)"
        )
        self.zoom_in = self._make(
            "Zoom in", view.zoom_in, [QKeySequence(key.ZoomIn), QKeySequence("+")], "Zoom in (+, Ctrl+wheel)"
        )
        self.zoom_out = self._make(
            "Zoom out", view.zoom_out, [QKeySequence(key.ZoomOut), QKeySequence("-")], "Zoom out (-, Ctrl+wheel)"
        )
        self.fit = self._make("Fit to window", view.fit, QKeySequence("Ctrl+0"), "Show the whole diagram (Ctrl+0)")
        self.find = self._make(
            "Find…", window.search.focus_and_select, QKeySequence(key.Find), "Search for a point (Ctrl+F)"
        )
        self.next = self._make(
            "Next point",
            self._step_forward,
            [QKeySequence("]"), QKeySequence("Alt+Right")],
            "Next point of the chosen meridian or protocol (])",
        )
        self.prev = self._make(
            "Previous point",
            self._step_back,
            [QKeySequence("["), QKeySequence("Alt+Left")],
            "Previous point of the chosen meridian or protocol ([)",
        )
        self.clear = self._make("Clear selection", window.escape, QKeySequence("Escape"), "Clear the selection (Esc)")
        self.full_screen = self._make(
            "Full screen",
            window.set_full_screen,
            [QKeySequence(key.FullScreen), QKeySequence("F11")],
            "Fill the screen (F11; Esc leaves it)",
            checkable=True,
        )
        self.large_labels = self._make(
            "Large labels",
            state.set_large_labels,
            QKeySequence("Ctrl+Shift+L"),
            "Bigger labels and markers (Ctrl+Shift+L)",
            checkable=True,
        )
        self.theme_group = QActionGroup(window)
        self.themes: dict[str, QAction] = {}
        for name, text in THEME_TITLES:
            action = QAction(text, window, checkable=True)
            action.setData(name)
            action.triggered.connect(partial(state.set_theme, name))
            self.theme_group.addAction(action)
            self.themes[name] = action
        self.projector = self._make(
            "Projector theme on/off",
            state.toggle_projector,
            QKeySequence("Ctrl+Shift+H"),
            "High contrast for a projector: black ground, white lines, big labels (Ctrl+Shift+H)",
        )
        self.print = self._make(
            "Print handout…", window.print_handout, QKeySequence(key.Print), "Print the diagram and its points (Ctrl+P)"
        )
        self.pdf = self._make(
            "Export handout as PDF…",
            window.export_handout_pdf,
            QKeySequence("Ctrl+Shift+E"),
            "The diagram and a table of its points, for printing or sharing (Ctrl+Shift+E)",
        )
        self.png = self._make(
            "Export diagram as PNG…", window.export_diagram_png, QKeySequence("Ctrl+E"), "Save the diagram as an image"
        )
        # What a person adds: undo and redo of it, a star, and sharing (see ui/own.py).
        self.history = History(window.user, window)
        self.undo, self.redo = self.history.make_actions(window)
        window.addActions([self.undo, self.redo])
        self.star = self._make(
            "Add to favourites / take out",
            self._toggle_star,
            QKeySequence("Ctrl+D"),
            "Star the selected point, or take its star away (Ctrl+D)",
        )
        self.export_own = self._make(
            "Export notes and protocols…",
            self._export_own,
            tip="Your notes, favourites and protocols in one file, to keep or to give to others",
        )
        self.import_own = self._make(
            "Import notes and protocols…",
            self._import_own,
            tip="Add the notes, favourites and protocols of an exported file; you see what first",
        )
        self.quit = self._make("Quit", window.close, QKeySequence(key.Quit), "Quit PointMap")
        self.about = self._make("About PointMap", window.show_about)
        self.about_qt = self._make("About Qt", QApplication.aboutQt)

        state.diagram_changed.connect(self._diagram_changed)
        state.layers_changed.connect(self._layers_changed)
        state.theme_changed.connect(self._theme_changed)
        state.large_labels_changed.connect(self._large_labels_changed)
        self._diagram_changed(state.diagram)
        self._layers_changed(state.layers)
        self._theme_changed(state.theme)
        self._large_labels_changed(state.large_labels)

    # -- making ------------------------------------------------------------------------------------

    def _make(
        self,
        text: str,
        slot: Callable,
        shortcut: QKeySequence | list[QKeySequence] | None = None,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        return make_action(self.window, text, slot, shortcut, tip, checkable)

    def _toggle(self, text: str, layer: str, shortcut: QKeySequence, tip: str) -> QAction:
        return self._make(text, partial(self.state.set_layer, layer), shortcut, tip, checkable=True)

    @staticmethod
    def _quietly_check(action: QAction, on: bool) -> None:
        if action.isChecked() != on:
            action.blockSignals(True)
            action.setChecked(on)
            action.blockSignals(False)

    # -- intents -------------------------------------------------------------------------------

    def _next_view(self) -> None:
        self.state.cycle_diagram(1)

    def _previous_view(self) -> None:
        self.state.cycle_diagram(-1)

    def _step_forward(self) -> None:
        self.state.step(1)

    def _step_back(self) -> None:
        self.state.step(-1)

    def _own(self):
        self.window.build_panels()
        return getattr(self.window, "own", None)

    def _toggle_star(self) -> None:
        if (own := self._own()) is not None:
            own.toggle_favourite()

    def _export_own(self) -> None:
        if (own := self._own()) is not None:
            own.export_all()

    def _import_own(self) -> None:
        if (own := self._own()) is not None:
            own.import_file()

    # -- following the state ------------------------------------------------------------------

    def _diagram_changed(self, diagram_id: str) -> None:
        action = self.views.get(diagram_id)
        if action is not None:
            action.setChecked(True)

    def _layers_changed(self, layers: Layers) -> None:
        self._quietly_check(self.labels, layers.labels)
        self._quietly_check(self.paths, layers.paths)
        self._quietly_check(self.grid, layers.grid)
        self._quietly_check(self.anatomy, layers.anatomy)

    def _theme_changed(self, name: str) -> None:
        self.themes[name].setChecked(True)

    def _large_labels_changed(self, on: bool) -> None:
        self._quietly_check(self.large_labels, on)


def make_action(
    window: QWidget,
    text: str,
    slot: Callable,
    shortcut: QKeySequence | list[QKeySequence] | None = None,
    tip: str = "",
    checkable: bool = False,
) -> QAction:
    """An action of the window (its shortcut works wherever the focus is in it), its tip shown as
    plain text; ``slot`` gets ``toggled`` when it is ``checkable``, ``triggered`` otherwise."""
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(shortcut)
    if tip:
        action.setToolTip(plain_tooltip(tip))
        action.setStatusTip(tip)
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(slot)
    else:
        action.triggered.connect(slot)
    window.addAction(action)
    return action
