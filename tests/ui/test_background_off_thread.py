"""A view's artwork is rendered off the GUI thread: a first visit or a new zoom paints at once (the
ground, or the fitted rendering stretched) and the sharp rendering arrives a moment later."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from pointmap.ui.diagram.background import SvgCache
from pointmap.ui.diagram.scene import DiagramScene
from pointmap.ui.diagram.view import DiagramView

pytestmark = pytest.mark.gui


@pytest.fixture
def shown(qtbot, reference):
    scene = DiagramScene(reference, reference.diagrams["face"], SvgCache())  # no disk cache: nothing rendered
    for item in scene.items():
        item.setVisible(False)  # the artwork alone
    view = DiagramView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_diagram_scene(scene)
    yield scene, view
    qtbot.waitUntil(lambda: not scene.background.rendering_pending(), timeout=10_000)


def artwork_share(view: DiagramView, ground: QColor) -> float:
    """The share of sampled pixels that are not the plain ground: how much artwork is on screen."""
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    drawn = total = 0
    for y in range(0, image.height(), 9):
        for x in range(0, image.width(), 9):
            total += 1
            drawn += QColor(image.pixel(x, y)) != ground
    return drawn / total


def test_a_first_visit_paints_at_once_and_the_sharp_artwork_follows(shown, qtbot):
    scene, view = shown
    view.viewport().repaint()  # the first frame: it asks for the rendering and does not wait for it
    assert scene.background.rendering_pending()
    qtbot.waitUntil(lambda: not scene.background.rendering_pending(), timeout=10_000)
    view.viewport().repaint()
    assert artwork_share(view, scene.ground) > 0.05


def test_a_new_zoom_shows_the_fitted_rendering_until_its_own_is_ready(shown, qtbot):
    scene, view = shown
    view.viewport().repaint()
    qtbot.waitUntil(lambda: not scene.background.rendering_pending(), timeout=10_000)
    view.zoom_by(2.0)
    view.viewport().repaint()
    assert scene.background.rendering_pending()
    stretched = artwork_share(view, scene.ground)
    assert stretched > 0.05, "the fitted rendering stands in, stretched: never a blank frame"
    qtbot.waitUntil(lambda: not scene.background.rendering_pending(), timeout=10_000)
    view.viewport().repaint()
    assert abs(artwork_share(view, scene.ground) - stretched) < 0.1  # the same drawing, now sharp


def test_an_export_waits_for_the_artwork(shown):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    scene, _view = shown
    image = QImage(600, 800, QImage.Format.Format_RGB32)
    image.fill(scene.ground)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 600, 800), scene.sceneRect())
    painter.end()
    drawn = sum(QColor(image.pixel(x, y)) != scene.ground for y in range(0, 800, 9) for x in range(0, 600, 9))
    assert drawn > 100  # drawn in full straight away, not a stand-in


def test_a_restart_draws_the_fitted_artwork_from_the_disk_cache_without_the_svg(qtbot, reference, tmp_path):
    """The fitted rendering kept on disk is read and copied by the first frame: the SVG is not
    parsed or drawn on the GUI thread (it was, when the read rendering was not used)."""

    def first_frame(svg_cache: SvgCache) -> tuple[DiagramScene, DiagramView]:
        scene = DiagramScene(reference, reference.diagrams["face"], svg_cache, tmp_path)
        for item in scene.items():
            item.setVisible(False)
        view = DiagramView()
        qtbot.addWidget(view)
        view.resize(900, 700)
        view.show()
        view.set_diagram_scene(scene)
        view.viewport().repaint()
        return scene, view

    kept = first_frame(SvgCache())  # noqa: F841 (the scene lives while its rendering is made)
    qtbot.waitUntil(lambda: bool(list(tmp_path.glob("*.raw"))), timeout=10_000)  # the first run keeps it

    class NoSvg(SvgCache):
        def renderer(self, *args, **kwargs):
            raise AssertionError("the SVG was parsed for a frame the disk cache holds")

    scene, view = first_frame(NoSvg())
    assert not scene.background.rendering_pending()
    assert artwork_share(view, scene.ground) > 0.05
