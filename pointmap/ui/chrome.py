"""The main window's toolbar and menus: made once, from the window's actions and docks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolBar, QToolButton, QWidget

from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from pointmap.ui.main_window import MainWindow

VIEWS_IN_A_ROW = 2
"""A region with more views than this gets one drop-down button for them (the arm's four, the lower
leg and foot's six), so the toolbar keeps room for the search field down to a 1200-pixel window;
Ctrl+1 … Ctrl+9, Ctrl+PgUp/PgDown and the View menu reach every view directly."""


def make_toolbar(window: MainWindow) -> tuple[QToolBar, dict[str, QToolButton]]:
    """The views (region by region), the layers, the zoom and the search field; returns the bar and
    the drop-down button of each region of many views."""
    a = window.actions
    bar = QToolBar("Views and layers", window)
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(16, 16))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    view_menus = _add_view_buttons(window, bar)
    bar.addSeparator()
    bar.addActions([a.labels, a.paths, a.grid, a.anatomy])
    bar.addSeparator()
    bar.addActions([a.zoom_out, a.fit, a.zoom_in])
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    bar.addWidget(window.search)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar, view_menus


def _add_view_buttons(window: MainWindow, bar: QToolBar) -> dict[str, QToolButton]:
    """A button per view, region by region; a region of many views as one button with a menu, named
    after the region and checked while one of its views is shown."""
    by_region: dict[str, list] = {}
    for diagram_id, action in window.actions.views.items():
        by_region.setdefault(window.reference.diagrams[diagram_id].region, []).append(action)
    view_menus: dict[str, QToolButton] = {}
    for region, actions in by_region.items():
        if len(actions) <= VIEWS_IN_A_ROW:
            bar.addActions(actions)
            continue
        title = window.reference.region_title(region)
        button = QToolButton(bar)
        button.setText(f"{title.replace('&', '&&')} ▾")  # '&' would mark a mnemonic
        button.setCheckable(True)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setAccessibleName(f"{title} views")
        button.setToolTip(plain_tooltip(f"{title}: choose a view"))
        button.setStatusTip(f"Choose a view: {title}")
        menu = QMenu(button)
        menu.addActions(actions)
        button.setMenu(menu)
        bar.addWidget(button)
        view_menus[region] = button

    def check(diagram_id: str) -> None:
        diagram = window.reference.diagrams.get(diagram_id)
        for region, button in view_menus.items():
            button.setChecked(diagram is not None and diagram.region == region)

    window.state.diagram_changed.connect(check)
    check(window.state.diagram)
    return view_menus


def make_menus(window: MainWindow) -> QMenu:
    """File, Edit, View, Go, Session and Help; returns the Session menu (filled when the records open)."""
    a, menu = window.actions, window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addActions([a.print, a.pdf, a.png, a.export_own, a.import_own])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    menu.addMenu("&Edit").addActions([a.undo, a.redo, a.star, a.find, a.clear])
    view_menu = menu.addMenu("&View")
    view_menu.addActions([*a.views.values(), a.next_view, a.prev_view])
    view_menu.addSeparator()
    view_menu.addActions([a.labels, a.paths, a.grid, a.anatomy, a.large_labels])
    view_menu.addSeparator()
    view_menu.addActions([a.zoom_in, a.zoom_out, a.fit])
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("Theme")
    theme_menu.addActions(list(a.themes.values()))
    theme_menu.addSeparator()
    theme_menu.addAction(a.projector)
    view_menu.addAction(a.full_screen)
    panels = view_menu.addMenu("Panels")
    for dock in (*window._docks, window.lessons_dock, window.session_dock, window.photo_dock):
        panels.addAction(dock.toggleViewAction())
    menu.addMenu("&Go").addActions([a.next, a.prev])
    session_menu = menu.addMenu("&Session")
    menu.addMenu("&Help").addActions([a.about, a.about_qt])
    return session_menu
