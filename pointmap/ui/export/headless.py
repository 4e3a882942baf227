"""Qt for the command line's drawings (PDF records, handouts): an application without a window,
offscreen when there is no display."""

from __future__ import annotations

import os
import sys


def ensure_application():
    """A QApplication for drawing (none is shown): offscreen when there is no display."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app
    no_display = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pointmap.ui.app import make_application

    return make_application([sys.argv[0] if sys.argv else "pointmap"])
