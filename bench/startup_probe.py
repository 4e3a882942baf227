"""Child process for the start-up benchmark: open a window, print when its first frame is painted.

    python bench/startup_probe.py app|shell|bare

``bare`` is the yardstick the issue names: a QMainWindow holding one QLabel. ``shell`` is a window of
PointMap's shape with nothing in it (menus, toolbar with a search field, the eight docks of its first
frame, seven of them tabbed, a graphics view, status bar; no data, no drawing, no pointmap imports):
it shows how much of the ratio the Qt widgets themselves cost before the app does any work. ``app``
is PointMap's own first frame, started as the ``pointmap`` command starts it (``cli.main()``).

Prints one JSON line: {"painted": <time.monotonic() at the first paint>, "maxrss_kb": <peak RSS>}.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def report_and_quit(app) -> None:
    print(json.dumps({"painted": time.monotonic(), "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    sys.stdout.flush()
    app.quit()


def shell_window() -> tuple:
    """PointMap's main-window shape, empty: the same application set-up, view settings, docks,
    actions, toolbar, menus and status bar as MainWindow's first frame, without data, scene
    content or pointmap imports (keep in step with pointmap/ui/app.py and main_window.py).
    It is a lower bound: the real widgets (search field, view) do a little more."""
    from PySide6.QtCore import QCoreApplication, QSize, Qt
    from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QPainter, QPixmapCache
    from PySide6.QtWidgets import (
        QApplication,
        QDockWidget,
        QFrame,
        QGraphicsScene,
        QGraphicsView,
        QLabel,
        QLineEdit,
        QMainWindow,
        QToolBar,
        QWidget,
    )

    QCoreApplication.setOrganizationName("PointMap")
    QCoreApplication.setApplicationName("PointMap")
    app = QApplication([sys.argv[0], "-style", "fusion"])
    app.setApplicationDisplayName("PointMap")
    app.setDesktopFileName("io.github.pointmap.PointMap")
    icon = QIcon()
    for png in sorted((Path(__file__).resolve().parent.parent / "assets" / "icons").glob("pointmap-*.png")):
        icon.addFile(str(png))
    app.setWindowIcon(icon)
    QPixmapCache.setCacheLimit(192 * 1024)

    window = QMainWindow()
    window.setWindowTitle("PointMap")
    view = QGraphicsView()
    view.setViewport(QWidget())
    hint = QPainter.RenderHint
    view.setRenderHints(hint.Antialiasing | hint.SmoothPixmapTransform | hint.TextAntialiasing)
    view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
    view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
    view.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
    view.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    view.viewport().grabGesture(Qt.GestureType.PinchGesture)
    view.setScene(QGraphicsScene(0, 0, 600, 800, view))
    window.setCentralWidget(view)

    docks = []
    feature = QDockWidget.DockWidgetFeature
    titles = ("Points", "Point", "Meridians", "Protocols", "Lessons", "Hygiene", "Session", "Photo")
    for n, title in enumerate(titles):
        dock = QDockWidget(title, window)
        dock.setObjectName(title)
        dock.setWidget(QWidget())
        dock.setFeatures(feature.DockWidgetMovable | feature.DockWidgetFloatable | feature.DockWidgetClosable)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        window.addDockWidget(left if n == 0 else right, dock)
        docks.append(dock)
    for first, second in itertools.pairwise(docks[1:]):  # the right-hand docks share tabs
        window.tabifyDockWidget(first, second)
    docks[1].raise_()
    option = QMainWindow.DockOption
    window.setDockOptions(option.AnimatedDocks | option.AllowTabbedDocks | option.AllowNestedDocks)

    key = QKeySequence.StandardKey
    views = QActionGroup(window)
    actions = []
    for n in range(5):  # one per diagram, checkable, in a group
        action = QAction(f"View {n}", window, checkable=True)
        action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
        views.addAction(action)
        actions.append(action)
    for n, shortcut in enumerate((key.ZoomIn, key.ZoomOut, key.Find, key.FullScreen, key.Print, key.Quit)):
        action = QAction(f"Standard {n}", window)
        action.setShortcuts([QKeySequence(shortcut), QKeySequence(f"Ctrl+Alt+{n}")])
        actions.append(action)
    for n in range(15):  # layers, go, export, projector, about: plain or checkable
        action = QAction(f"Action {n}", window, checkable=n < 5)
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{n % 10}"))
        action.setToolTip(f"Action {n}")
        action.setStatusTip(f"Action {n}")
        actions.append(action)
    themes = QActionGroup(window)
    for n in range(4):
        themes.addAction(QAction(f"Theme {n}", window, checkable=True))
    for action in actions:
        window.addAction(action)

    bar = QToolBar("Views and layers", window)
    bar.setMovable(False)
    bar.setIconSize(QSize(16, 16))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for n, action in enumerate(actions[:11]):
        if n in (5, 8):
            bar.addSeparator()
        bar.addAction(action)
    spacer = QWidget()
    spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy())
    bar.addWidget(spacer)
    search = QLineEdit()
    search.setClearButtonEnabled(True)
    search.setPlaceholderText("Search points (Ctrl+F)")
    bar.addWidget(search)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    for title in ("&File", "&Edit", "&View", "&Go", "&Session", "&Help"):
        menu = window.menuBar().addMenu(title)
        for action in actions[:6]:
            menu.addAction(action)
        if title == "&View":
            theme_menu = menu.addMenu("Theme")
            for action in themes.actions():
                theme_menu.addAction(action)
            panels = menu.addMenu("Panels")
            for dock in docks:
                panels.addAction(dock.toggleViewAction())
    window.statusBar().addPermanentWidget(QLabel("Face"))
    window.statusBar().addPermanentWidget(QLabel("100%"))
    return app, window, view.viewport()


def main() -> int:
    kind = sys.argv[1]
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self, app):
            super().__init__()
            self.app = app
            self.done = False

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                QTimer.singleShot(0, self.finish)
            return False

        def finish(self) -> None:
            report_and_quit(self.app)

    if kind == "shell":
        app, window, watched = shell_window()
    elif kind == "bare":
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        label = QLabel("PointMap")
        window.setCentralWidget(label)
        watched = label
    else:
        # Started as the `pointmap` command starts it: cli.main() with no arguments, which runs
        # run_app (data, window settings and caches in POINTMAP_USER_DIR). The probe goes on the
        # diagram's viewport as the window is shown; the window is imported first to reach its
        # show(), the same modules run_app would import a moment later.
        from PySide6.QtWidgets import QApplication

        from pointmap.ui.main_window import MainWindow

        shown = MainWindow.show

        def show(window) -> None:
            window.resize(1600, 1000)
            window.start_probe = FirstPaint(QApplication.instance())
            window.view.viewport().installEventFilter(window.start_probe)
            shown(window)

        MainWindow.show = show
        from pointmap.cli import main as command

        sys.argv = sys.argv[:1]
        return command()
    window.resize(1600, 1000)
    probe = FirstPaint(app)
    watched.installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
