"""Make the README's screenshots from the real window: python tools/screenshots.py [OUT_DIR]

Renders the main window offscreen at 1600x1000 for every view, with a point selected, and saves
PNGs (default docs/screenshots/). Install a CJK font (Debian: fonts-noto-cjk) so hanzi render.

    python tools/screenshots.py --review OUT_DIR

instead renders every view in the light, dark and projector themes, at fit and zoomed in on its
busiest part, with every layer on (for looking at the artwork, not for the README).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# file name -> (view, point to select, meridian or protocol to choose, layers, theme)
SHOTS = {
    "face": ("face", "ST6", None, {"labels": True}, "light"),
    "face-lateral": ("face-lateral", "SI19", None, {"labels": True, "paths": True}, "light"),
    "arm-anterior": ("arm-anterior", "PC6", "PC", {"labels": True}, "light"),
    "arm-posterior": ("arm-posterior", "TE5", None, {"labels": True, "grid": True}, "light"),
    "hand-palmar": ("hand-palmar", "PC8", None, {"labels": True, "anatomy": True}, "light"),
    "hand-dorsal": ("hand-dorsal", "LI4", "LI", {"labels": True, "anatomy": True}, "light"),
    "abdomen": ("abdomen", "CV12", None, {"labels": True, "grid": True}, "light"),
    "leg-anterior": ("leg-anterior", "ST36", "ST", {"labels": True, "grid": True}, "light"),
    "leg-medial": ("leg-medial", "SP6", None, {"labels": True, "anatomy": True}, "light"),
    "leg-lateral": ("leg-lateral", "GB34", "GB", {"labels": True}, "light"),
    "foot-dorsal": ("foot-dorsal", "LR3", None, {"labels": True}, "light"),
    "face-projector": ("face", "EX-HN3", "protocol:forehead-brow", {"labels": True}, "projector"),
    "arm-dark": ("arm-posterior", "SI6", None, {"labels": True, "anatomy": True}, "dark"),
}
LAYERS = ("labels", "paths", "grid", "anatomy")


def make_window(reference, theme: str, layers: dict[str, bool]):
    from PySide6.QtCore import QSettings

    from pointmap.ui.main_window import MainWindow

    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    window = MainWindow(reference, settings)
    window.resize(1600, 1000)
    window.show()
    window.state.set_theme(theme)
    for layer in LAYERS:
        action = getattr(window.actions, layer, None)
        if action is not None:
            action.setChecked(layers.get(layer, False))
    return window


def settle(app, window) -> None:
    for _ in range(3):
        app.processEvents()
    window.view.layout_labels()
    app.processEvents()


def readme_shots(app, reference, out: Path) -> None:
    for name, (diagram, code, sequence, layers, theme) in SHOTS.items():
        if diagram not in reference.diagrams:
            continue
        window = make_window(reference, theme, layers)
        window.state.set_diagram(diagram)
        settle(app, window)
        if sequence and sequence.startswith("protocol:"):
            window.protocol_dock.raise_()
            window.protocol_panel.choose(sequence.split(":", 1)[1])
        elif sequence:
            window.meridian_dock.raise_()
            window.meridian_panel.choose(sequence)
        window.state.select(code)
        window.state.set_diagram(diagram)
        if not sequence:
            window.details_dock.raise_()
        settle(app, window)
        path = out / f"{name}.png"
        window.grab().save(str(path))
        print(path)
        window.close()
        window.deleteLater()


def review_shots(app, reference, out: Path) -> None:
    """Every view in every theme: at fit with its labels, at fit with the cun grid, and zoomed 3x
    around its densest spot with the anatomy layer."""
    for theme in ("light", "dark", "projector"):
        for preset, layers in (
            ("fit", {"labels": True}),
            ("grid", {"labels": True, "grid": True}),
            ("zoom", {"labels": True, "anatomy": True}),
        ):
            window = make_window(reference, theme, layers)
            for diagram in reference.diagrams:
                window.state.set_diagram(diagram)
                window.view.fit()
                settle(app, window)
                if preset == "zoom":
                    scene = window.current_scene()
                    spots = [item.pos() for item in scene.markers()]
                    if not spots:
                        continue
                    best = max(spots, key=lambda p: sum((q - p).manhattanLength() < 60 for q in spots))
                    window.view.zoom_by(3.0)
                    window.view.centerOn(best)
                    settle(app, window)
                window.view.grab().save(str(out / f"{diagram}-{theme}-{preset}.png"))
            print(theme, preset)
            window.close()
            window.deleteLater()


def main() -> int:
    args = sys.argv[1:]
    review = "--review" in args
    args = [a for a in args if a != "--review"]
    out = Path(args[0]) if args else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    from pointmap.core.reference import Reference
    from pointmap.ui.app import make_application

    app = make_application([sys.argv[0]])
    reference = Reference.load()
    (review_shots if review else readme_shots)(app, reference, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
