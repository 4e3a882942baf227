"""Child process for the start-up benchmark: open a window, print when its first frame is painted.

    python bench/startup_probe.py app|shell|bare

``bare`` is the yardstick the issue names: a QMainWindow holding one QLabel. ``shell`` is a window of
PointMap's shape with nothing in it (menus, toolbar with a search field, five docks, a graphics view,
status bar; no data, no drawing, no pointmap imports): it shows how much of the ratio the Qt widgets
themselves cost before the app does any work. ``app`` is PointMap's own first frame.

Prints one JSON line: {"painted": <time.monotonic() at the first paint>, "maxrss_kb": <peak RSS>}.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def report_and_quit(app) -> None:
    print(json.dumps({"painted": time.monotonic(), "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    sys.stdout.flush()
    app.quit()


def shell_window() -> tuple:
    """PointMap's main-window shape, empty (keep in step with MainWindow's first frame)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (
        QApplication,
        QDockWidget,
        QGraphicsScene,
        QGraphicsView,
        QLabel,
        QLineEdit,
        QMainWindow,
        QToolBar,
        QWidget,
    )

    app = QApplication([sys.argv[0], "-style", "fusion"])
    window = QMainWindow()
    view = QGraphicsView()
    view.setViewport(QWidget())
    view.setScene(QGraphicsScene(0, 0, 600, 800, view))
    window.setCentralWidget(view)
    docks = []
    for n, title in enumerate(("Points", "Point", "Meridians", "Protocols", "Hygiene")):
        dock = QDockWidget(title, window)
        dock.setObjectName(title)
        dock.setWidget(QWidget())
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        window.addDockWidget(left if n == 0 else right, dock)
        docks.append(dock)
    for first, second in itertools.pairwise(docks[1:]):  # the four right-hand docks share tabs
        window.tabifyDockWidget(first, second)
    actions = []
    for n in range(30):  # as many as the real window: views, layers, zoom, go, themes, export
        action = QAction(f"Action {n}", window)
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{n % 10}"))
        window.addAction(action)
        actions.append(action)
    bar = QToolBar("Views and layers", window)
    for action in actions[:11]:
        bar.addAction(action)
    bar.addWidget(QLineEdit())
    window.addToolBar(bar)
    for title in ("&File", "&Edit", "&View", "&Go", "&Help"):
        menu = window.menuBar().addMenu(title)
        for action in actions[:6]:
            menu.addAction(action)
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
        from PySide6.QtCore import QSettings

        from pointmap.core.reference import Reference
        from pointmap.ui.app import make_application
        from pointmap.ui.main_window import MainWindow

        app = make_application(sys.argv[:1])
        settings = QSettings(os.environ["BENCH_SETTINGS"], QSettings.Format.IniFormat)
        window = MainWindow(Reference.load(), settings)
        watched = window.view.viewport()
    window.resize(1600, 1000)
    probe = FirstPaint(app)
    watched.installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
