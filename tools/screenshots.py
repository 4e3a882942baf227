"""Make the README's screenshots from the real window: python tools/screenshots.py [OUT_DIR]

Renders the main window offscreen at 1600x1000 for every view, with a point selected, and saves
PNGs (default docs/screenshots/). Install a CJK font (Debian: fonts-noto-cjk) so hanzi render.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# view -> (point to select, meridian or protocol to choose, layers, theme)
SHOTS = {
    "face": ("ST6", None, {"labels": True}, "light"),
    "face-lateral": ("SI19", None, {"labels": True, "paths": True}, "light"),
    "arm-anterior": ("PC6", "PC", {"labels": True}, "light"),
    "arm-posterior": ("TE5", None, {"labels": True, "grid": True}, "light"),
    "abdomen": ("CV12", None, {"labels": True, "grid": True}, "light"),
    "face-projector": ("EX-HN3", "protocol:forehead-brow", {"labels": True}, "projector"),
}


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QSettings

    from pointmap.core.reference import Reference
    from pointmap.ui.app import make_application
    from pointmap.ui.main_window import MainWindow

    app = make_application([sys.argv[0]])
    reference = Reference.load()
    for name, (code, sequence, layers, theme) in SHOTS.items():
        settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
        window = MainWindow(reference, settings)
        window.resize(1600, 1000)
        window.show()
        window.set_theme(theme)
        window.labels_action.setChecked(layers.get("labels", False))
        window.paths_action.setChecked(layers.get("paths", False))
        window.grid_action.setChecked(layers.get("grid", False))
        diagram = name if name in reference.diagrams else "face"
        window.show_diagram(diagram)
        if sequence and sequence.startswith("protocol:"):
            window.protocol_dock.raise_()
            window.protocol_panel.choose(sequence.split(":", 1)[1])
        elif sequence:
            window.meridian_dock.raise_()
            window.meridian_panel.choose(sequence)
        window.select_point(code)
        if not sequence:
            window.details_dock.raise_()
        window.show_diagram(diagram)
        app.processEvents()
        window.view.layout_labels()
        app.processEvents()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        print(path)
        window.close()
        window.deleteLater()
    return 0


if __name__ == "__main__":
    sys.exit(main())
