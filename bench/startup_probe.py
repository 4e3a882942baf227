"""Child process for the start-up benchmark: open a window, print when its first frame is painted.

    python bench/startup_probe.py app|bare

Prints one JSON line: {"painted": <time.monotonic() at the first paint>, "maxrss_kb": <peak RSS>}.
"""

from __future__ import annotations

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

    if kind == "bare":
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
