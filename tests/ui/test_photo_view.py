"""The face map on a client's photo, in the window: the face drawing itself rendered as the photo
gives every point where points.db has it; landmarks asked one at a time and dragged; needles marked
on the photo; a point dragged recorded in cun; nothing written until the photo is kept."""

from __future__ import annotations

import stat

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtTest import QTest

from pointmap.core import paths
from pointmap.core.geometry.photo import landmark_of
from pointmap.core.sessions import Site
from pointmap.core.userdata import photos
from tests.conftest import WINDOWS
from tests.ui.test_session_mode import click_point, open_window, opened, start_session  # noqa: F401

W, H = 660, 880


@pytest.fixture
def face_png(tmp_path):
    """The face diagram rendered as a 660 x 880 "photo" (a synthetic face: no person's photo)."""
    image = QImage(W, H, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    QSvgRenderer(str(paths.asset_path("diagrams/face.svg"))).render(painter, QRectF(0, 0, W, H))
    painter.end()
    path = tmp_path / "synthetic-face.png"
    assert image.save(str(path))
    return path


@pytest.fixture
def window(qtbot, reference, tmp_path, opened):  # noqa: F811
    w = open_window(qtbot, reference, tmp_path, opened)
    start_session(qtbot, w)
    return w


def _place_own_landmarks(window, reference):
    """Answer every landmark step with a click where the drawing has it (the face is its own photo)."""
    mode = window.photo_mode
    truth = landmark_of(reference.diagrams["face"].landmarks, W, H)
    while mode.step is not None:
        key = mode.plan.landmarks[mode.step]
        assert mode.panel.step_name.text() == mode.plan.label(key)
        assert not mode.panel.picture.pixmap().isNull()  # a small picture of where it lies
        mode._landmark_clicked(QPointF(truth[key].x, truth[key].y))


def test_the_face_drawing_as_the_photo_puts_every_point_where_points_db_has_it(window, reference, face_png, tmp_path):
    mode = window.photo_mode
    assert mode.open_file(face_png)
    assert window.view.scene() is mode.scene and window.state.diagram == "face"
    assert mode.step == 0 and mode.plan.landmarks[0] == ("pupil", "right")
    assert not (tmp_path / "userdata" / "photos").exists() and not list(tmp_path.rglob("photos"))  # not kept
    _place_own_landmarks(window, reference)
    assert mode.step is None
    worst = 0.0
    for pos in reference.positions["face"]:
        item = next(i for i in mode.scene.points[pos.point_code] if i.position.side == pos.side)
        worst = max(worst, (item.pos() - QPointF(pos.x * W, pos.y * H)).manhattanLength())
    assert worst < 1.0, f"a point lies {worst:.2f} px from points.db"
    for code, rings in mode.scene.alternatives.items():
        for ring in rings:
            spot = next(
                p
                for a in reference.points[code].alternatives
                for p in a.positions
                if p.diagram == "face" and p.side == ring.position.side and a.number == ring.alternative_number
            )
            assert (ring.pos() - QPointF(spot.x * W, spot.y * H)).manhattanLength() < 1.0


def test_search_stepping_and_needles_work_on_the_photo(window, reference, face_png):
    mode = window.photo_mode
    mode.open_file(face_png)
    mode.finish_steps()  # the guesses stand
    window.go_to_point("CV24")  # search and Enter in a session: select and mark a needle (midline: no side asked)
    assert window.state.selected_code == "CV24" and window.view.scene() is mode.scene
    click_point(window, "ST6", "left")  # a click on the photo marks a needle there
    needles = window.session_mode.session.needles
    assert [(n.site.point_code, n.site.side, n.diagram) for n in needles] == [
        ("CV24", "midline", "face"),
        ("ST6", "left", "face"),
    ]
    assert set(mode.scene.needles) == {Site("CV24", "midline"), Site("ST6", "left")}
    window.state.choose_sequence("meridian", "ST")
    window.state.step(1)
    assert window.state.diagram == "face" and window.view.scene() is mode.scene  # stepping stays on the photo
    window.state.set_layers(window.state.layers.with_(grid=True, paths=True))
    assert mode.scene.background.rungs and "ST" in mode.scene.background.meridian_paths
    mode.view_action.trigger()  # P: the drawing again
    assert window.view.scene() is window.scenes.drawing("face")


def test_a_landmark_dragged_moves_the_points_and_a_point_dragged_is_recorded_in_cun(window, reference, face_png):
    mode = window.photo_mode
    mode.open_file(face_png)
    _place_own_landmarks(window, reference)
    scene = mode.scene
    st4 = next(i for i in scene.points["ST4"] if i.position.side == "left")
    before = QPointF(st4.pos())
    scene.landmark_dragged(
        ("mouth-corner", "left"), scene.landmark_items[("mouth-corner", "left")].pos() + QPointF(0, 15)
    )
    assert (st4.pos() - before).manhattanLength() > 10
    st6 = next(i for i in scene.points["ST6"] if i.position.side == "right")
    computed = QPointF(st6.pos())
    target = scene.placement.spot_at("ST6", "right", superior=-0.4, lateral=0.2)
    scene.moving_points = True
    view = window.view
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(computed))
    QTest.mouseMove(view.viewport(), view.mapFromScene(QPointF(target.x, target.y)))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(QPointF(target.x, target.y)))
    moved = photos.corrections(window.user.store, mode.session_id)[("ST6", "right", 0)]
    assert moved.superior_cun == pytest.approx(-0.4, abs=0.05) and moved.lateral_cun == pytest.approx(0.2, abs=0.05)
    assert ("ST6", "right", 0) in scene.moved_marks  # shown as moved
    assert "ST6 (right): 0.4 cun inferior, 0.2 cun lateral" in mode.panel.moved.text()
    assert [n.point_code for n in window.session_mode.session.needles] == []  # a drag marks no needle


def test_a_photo_is_kept_only_when_chosen_for_its_owner_and_goes_with_its_session(window, reference, face_png):
    mode = window.photo_mode
    mode.open_file(face_png)
    mode.finish_steps()
    folder = window.user.store.path.parent / photos.FOLDER
    assert not folder.exists()
    assert "deleted with the session" in mode.panel.privacy.text()  # said where the photo is opened
    mode.panel.keep.setChecked(True)
    kept = photos.saved(window.user.store, mode.session_id)
    assert kept is not None and kept.path.is_file() and len(kept.landmarks) == len(mode.plan.landmarks)
    if not WINDOWS:  # FILE_MODES: Windows has none to check
        assert stat.S_IMODE(kept.path.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    handout_scene = window.scenes.drawing("face")
    assert handout_scene is not mode.scene  # handouts and prints draw the drawing, never the photo
    window.session_mode.session and window.session_mode.close_session  # noqa: B018
    from pointmap.state.operations import sessions as session_ops

    session_ops.close(window.user, window.session_mode.session.id)
    assert mode.scene is None and window.view.scene() is window.scenes.drawing("face")


def test_the_photo_tab_fits_a_narrow_dock(qapp):
    """A checkbox that cannot wrap once made the dock (and the window) wider than a 1600-pixel screen."""
    from pointmap.ui.photo.panel import PhotoPanel

    panel = PhotoPanel()
    for group in (panel.steps, panel.tools):
        assert group.minimumSizeHint().width() <= 320, group.title()
    panel.deleteLater()
