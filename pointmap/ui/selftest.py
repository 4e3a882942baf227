"""`pointmap --self-test`: open the data, draw every diagram with all its layers offscreen,
and report what is broken (exit 1) or that all is well (exit 0)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from pointmap.core.paths import Config

# What Qt's offscreen platform says of every window it shows: not a problem of PointMap's, and
# nothing a person running the self-test can act on.
OFFSCREEN_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})


@contextmanager
def known_qt_noise_dropped() -> Iterator[None]:
    """While inside, Qt messages in OFFSCREEN_NOISE are dropped and every other one goes where
    it went before (the handler that was installed, else Qt's own output on stderr)."""
    from PySide6.QtCore import qFormatLogMessage, qInstallMessageHandler

    previous = None

    def handler(mode, context, message: str) -> None:
        if message in OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(qFormatLogMessage(mode, context, message), file=sys.stderr, flush=True)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def run_self_test(config: Config | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with known_qt_noise_dropped():
        return _self_test(config)


def _self_test(config: Config | None) -> int:
    config = config or Config.from_environment()
    from PySide6.QtGui import QColor

    from pointmap.core.errors import DataError
    from pointmap.core.reference import Reference
    from pointmap.core.search import index_from_reference
    from pointmap.state.app_state import Layers
    from pointmap.ui.app import make_application
    from pointmap.ui.diagram.background import SvgCache
    from pointmap.ui.diagram.scene import DiagramScene
    from pointmap.ui.export.handout import render_image

    make_application([sys.argv[0]])
    problems: list[str] = []
    try:
        reference = Reference.load(config.reference_db)
    except DataError as exc:
        print(f"pointmap self-test: {exc}", file=sys.stderr)
        return 1
    print(f"data: {reference.path} ({len(reference.points)} points, {len(reference.diagrams)} diagrams)")
    cache = SvgCache()
    for diagram in reference.diagrams.values():
        renderer = cache.renderer(diagram.asset, False)
        if not renderer.isValid():
            problems.append(f"{diagram.id}: its artwork {diagram.asset} is missing or not valid SVG")
            continue
        scene = DiagramScene(reference, diagram, cache)
        scene.apply_layers(Layers(labels=True, paths=True, grid=True))
        expected = {p.point_code for p in reference.positions.get(diagram.id, [])}
        drawn = set(scene.points)
        if expected != drawn:
            problems.append(f"{diagram.id}: {len(expected - drawn)} point(s) not drawn")
        image = render_image(scene, 1200)
        width, height = image.width(), image.height()
        inked = sum(
            1 for x in range(0, width, 12) for y in range(0, height, 12) if image.pixelColor(x, y) != QColor("#ffffff")
        )
        if inked < 50:
            problems.append(f"{diagram.id}: the rendered diagram is blank")
        print(f"{diagram.id}: {len(drawn)} points drawn, {len(scene.all_point_items())} markers")
    problems.extend(_window_problems(reference, config))
    hits = index_from_reference(reference).search("tb5")
    if not hits or hits[0].code != "TE5":
        problems.append("search: 'tb5' does not find TE5")
    problems.extend(_study_problems(reference))
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    if problems:
        return 1
    print("self-test passed")
    return 0


def _window_problems(reference, config: Config) -> list[str]:
    """Open the main window as a person would (with throwaway settings), paint it, close it."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from pointmap.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        throwaway = Config(config.reference_db, Path(tmp), Path(tmp) / "cache", Path(tmp) / "settings.ini")
        window = MainWindow(reference, settings, throwaway)
        window.show()
        QApplication.processEvents()
        shown = window.state.diagram
        items = len(window.current_scene().all_point_items()) if shown else 0
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    if not shown or not items:
        return ["window: the main window opened without a diagram and its points"]
    print(f"window: opened on {shown} with {items} markers")
    return []


def _study_problems(reference) -> list[str]:
    """Study mode's own libraries work here (a bundle that left out fsrs or genanki fails here, not in use):
    a click measured in cun, a card scheduled by FSRS, a deck packed for Anki."""
    from datetime import datetime

    from pointmap.core.geometry import Vec
    from pointmap.core.geometry.local import Frames
    from pointmap.core.study import anki, questions, scheduler

    try:
        position = reference.positions_of("PC6", "arm-anterior")[0] if "PC6" in reference.points else None
        if position is not None:
            diagram = reference.diagrams[position.diagram]
            spot = Vec(position.x * diagram.width, position.y * diagram.height)
            judged = questions.judge_locate(reference, Frames(reference), "PC6", position.diagram, spot)
            if judged.distance > 0.01:
                return [f"study: a click on PC6 itself measures {judged.distance:.2f} cun"]
        card = scheduler.review(None, "PC6", "locate", scheduler.GOOD, datetime.now().astimezone(), fuzz=False)
        note = anki.AnkiNote("PC6", "Nèiguān", "内关", "Inner Pass", "", "", "a.png", "b.png")
        packed = anki.package_bytes("Self-test", "picked", "set", [note], {"a.png": b"a", "b.png": b"b"})
    except Exception as exc:  # a missing library or module in a bundle: say which
        return [f"study: {type(exc).__name__}: {exc}"]
    print(f"study: FSRS schedules a new card for {card.due}; an Anki package of {len(packed):,} bytes")
    return []
