"""The Photo view of a treatment session: the face map on the client's own face.

Session → Open face photo… (or a photo dropped on the window) reads the photo into memory, asks for
the landmarks one at a time (the pupils first; every other landmark then has a first guess that
follows them), and shows the face view on the photo in place of the drawing while the Photo view is
on (``P``). Clicks there mark needles as on the drawing; a point dragged (Move points, or Shift+drag)
is recorded as moved, in cun. The photo is written nowhere unless "Keep with this session's record"
is ticked (see core/userdata/photos.py); closing the session closes the view.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow

from pointmap.core.errors import PointMapError
from pointmap.core.geometry import Vec
from pointmap.core.geometry.photo import FacePlan, LandmarkKey
from pointmap.core.userdata.photos import Photo, read_photo
from pointmap.state.operations import photos as ops
from pointmap.state.userdata import Changes
from pointmap.ui import messages
from pointmap.ui.photo.panel import PhotoPanel, landmark_picture
from pointmap.ui.photo.scene import PhotoScene
from pointmap.ui.richtext import plain_tooltip

FACE = "face"
PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.tif *.tiff *.bmp)"
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp"}


class PhotoMode(QObject):
    def __init__(self, window: QMainWindow, panel: PhotoPanel):
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.reference = window.reference
        self.state = window.state
        self.user = window.user
        self.scenes = window.scenes
        self.sessions = window.session_mode
        self.dock = None
        self.plan: FacePlan | None = None
        self.photo: Photo | None = None
        self.scene: PhotoScene | None = None
        self.session_id: int | None = None
        self.step: int | None = None  # the landmark asked for now (index into plan.landmarks)
        self.placed: dict[LandmarkKey, Vec] = {}  # landmarks the practitioner placed (the rest are guesses)
        self._make_actions()
        panel.open_requested.connect(self.choose_photo)
        panel.back_requested.connect(self.back)
        panel.next_requested.connect(self.take_guess)
        panel.done_requested.connect(self.finish_steps)
        panel.restart_requested.connect(self.restart_steps)
        panel.keep_toggled.connect(self.set_kept)
        panel.move_toggled.connect(self._move_toggled)
        panel.landmarks_toggled.connect(self._landmarks_toggled)
        panel.forget_requested.connect(self.close_photo)
        self.user.changed.connect(self._user_data_changed)
        window.view.viewport().installEventFilter(self)
        self.refresh()

    def _make_actions(self) -> None:
        self.open_action = QAction("Open face photo…", self.window)
        self.open_action.setStatusTip("Place the face points on a photo of this client's face")
        self.open_action.triggered.connect(self.choose_photo)
        self.view_action = QAction("Photo view", self.window, checkable=True)
        self.view_action.setShortcut(QKeySequence("P"))
        self.view_action.setToolTip(plain_tooltip("The face view on the client's photo (P), or the drawing"))
        self.view_action.toggled.connect(self.show_photo_view)
        self.window.addAction(self.open_action)
        self.window.addAction(self.view_action)

    def fill_menu(self, menu) -> None:
        menu.addSeparator()
        menu.addActions([self.open_action, self.view_action])

    # -- following the session -------------------------------------------------------------------

    def _user_data_changed(self, changes: Changes) -> None:
        if changes.touches("sessions", *ops.PHOTOS, *ops.CORRECTIONS):
            self.refresh()

    def refresh(self) -> None:
        session = self.sessions.session
        if self.scene is not None and (session is None or session.id != self.session_id):
            self._drop_scene()  # the session closed: its photo view goes with it
        if session is not None and self.scene is None and self.user.store is not None:
            self._reopen_kept(session.id)
        self.open_action.setEnabled(session is not None)
        self.view_action.setEnabled(self.scene is not None)
        self.panel.show_photo(self.scene is not None, session is not None)
        if session is None:
            self.panel.status.setText("Open a treatment session, then a face photo (or drop one on the window).")
        elif self.scene is None:
            self.panel.status.setText(f"Session {session.client_ref}: open a frontal face photo, or drop one here.")
        else:
            where = "kept with this session's record" if self._kept() else "in memory only, not kept"
            self.panel.status.setText(f"Photo of session {session.client_ref}: {where}. P: photo or drawing.")
        if self.scene is not None and self.step is not None:
            self._show_step()
        if self.scene is not None and self.session_id is not None:
            self.scene.set_corrections(ops.corrections(self.user, self.session_id))
            self._list_moved()
            self.panel.set_quietly(self.panel.keep, self._kept())

    def _kept(self) -> bool:
        from pointmap.core.userdata import photos

        return self.user.store is not None and photos.saved(self.user.store, self.session_id) is not None

    def _reopen_kept(self, session_id: int) -> None:
        """A session left open with a kept photo (the app closed, or crashed) finds it again."""
        try:
            found = ops.kept(self.user, session_id)
        except PointMapError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return
        if found is None:
            return
        photo, kept = found
        landmarks = {k: Vec(x * kept.width, y * kept.height) for k, (x, y) in kept.landmarks.items()}
        self._open(photo, session_id, landmarks, ask=False, show=False)

    # -- opening -----------------------------------------------------------------------------------

    def choose_photo(self) -> None:
        if self.sessions.session is None:
            messages.warn(self.window, "Face photo", "Start a treatment session first (Session → New session…).")
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open a face photo (kept only if you choose: see the Photo tab)", "", PHOTO_FILTER
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> bool:
        session = self.sessions.session
        if session is None:
            messages.warn(self.window, "Face photo", "Start a treatment session first (Session → New session…).")
            return False
        try:
            photo = read_photo(path)
        except PointMapError as exc:
            messages.warn(self.window, "Face photo", str(exc))
            return False
        if self.scene is not None:
            self._drop_scene(forget=self._kept())
        self._open(photo, session.id, {}, ask=True, show=True)
        self.window.statusBar().showMessage(
            "Face photo opened, in memory only: it is kept only if you tick “Keep with this session’s record”.", 10000
        )
        return True

    def _open(self, photo: Photo, session_id: int, landmarks: dict[LandmarkKey, Vec], *, ask: bool, show: bool):
        if self.plan is None:
            self.plan = FacePlan(self.reference, FACE)
        image = QImage.fromData(photo.jpeg)
        if image.isNull():
            image = QImage(photo.width, photo.height, QImage.Format.Format_RGB32)
            image.fill(Qt.GlobalColor.gray)
        self.photo = photo
        self.session_id = session_id
        self.placed = dict(landmarks)
        guesses = self.plan.guess(self.placed, photo.width, photo.height)
        self.scene = PhotoScene(self.reference, self.plan, image, guesses, self.scenes.svg_cache, self)
        self.scene.bind(self.state)
        self.scene.landmark_clicked.connect(self._landmark_clicked)
        self.scene.landmark_moved.connect(self._landmark_moved)
        self.scene.landmark_dropped.connect(self._landmark_dropped)
        self.scene.point_dragged.connect(self._point_dragged)
        self.panel.set_quietly(self.panel.move, False)
        self.panel.set_quietly(self.panel.show_landmarks, False)
        self.view_action.setEnabled(True)
        if show:
            self.show_photo_view(True)
        if ask:
            self.restart_steps()
        self.refresh()

    def _drop_scene(self, forget: bool = False) -> None:
        if forget and self.session_id is not None:
            ops.forget(self.user, self.session_id)
        self.show_photo_view(False)
        self.scenes.substitute(FACE, None)
        if self.scene is not None:
            self.scene.deleteLater()
        self.scene, self.photo, self.session_id, self.step = None, None, None, None
        self.view_action.setEnabled(False)

    def close_photo(self) -> None:
        kept = self._kept()
        if kept and not messages.ask(
            self.window,
            "Delete the kept photo?",
            "The photo is kept with this session's record. Close it and delete it (its landmarks too)? "
            "Points you moved stay in the record.",
            yes="Discard",
        ):
            return
        self._drop_scene(forget=kept)
        self.refresh()

    # -- the view ----------------------------------------------------------------------------------

    def show_photo_view(self, on: bool) -> None:
        on = bool(on and self.scene is not None)
        if self.view_action.isChecked() != on:
            self.view_action.blockSignals(True)
            self.view_action.setChecked(on)
            self.view_action.blockSignals(False)
        self.scenes.substitute(FACE, self.scene if on else None)
        if on:
            self.state.set_diagram(FACE)
        if self.state.diagram == FACE:
            self.window._show_diagram(FACE)
            if on:
                self.window.setWindowTitle("Face, on the client's photo — PointMap")
        if on and self.dock is not None:
            self.dock.raise_()

    def eventFilter(self, watched, event) -> bool:
        """A photo dropped on the diagram opens it (in a session)."""
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            photos = [p for p in paths if p.suffix.lower() in PHOTO_SUFFIXES]
            if photos and self.sessions.session is not None:
                event.acceptProposedAction()
                if kind == QEvent.Type.Drop:
                    self.open_file(photos[0])
                return True
        return super().eventFilter(watched, event)

    # -- the landmark steps ------------------------------------------------------------------------

    def restart_steps(self) -> None:
        if self.scene is None:
            return
        self.step = 0
        self.scene.conceal(frozenset())  # markers hidden: a click on the photo places the landmark
        self.scene.show_landmarks(True)
        self._show_step()

    def _show_step(self) -> None:
        assert self.scene is not None and self.plan is not None and self.step is not None
        keys = self.plan.landmarks
        key = keys[self.step]
        self.scene.ask_for(key)
        picture = landmark_picture(
            self.scenes.svg_cache.path(self.plan.diagram.asset), self.plan.template_position(key)
        )
        self.panel.show_step(self.step + 1, len(keys), self.plan.label(key), picture)

    def _landmark_clicked(self, pos: QPointF) -> None:
        if self.scene is None or self.step is None or self.plan is None:
            return
        key = self.plan.landmarks[self.step]
        self.placed[key] = Vec(pos.x(), pos.y())
        self._guess_again()
        self._advance()

    def take_guess(self) -> None:
        if self.scene is None or self.step is None or self.plan is None:
            return
        key = self.plan.landmarks[self.step]
        self.placed[key] = self.scene.landmarks[key]
        self._advance()

    def back(self) -> None:
        if self.step:
            self.step -= 1
            self._show_step()

    def _advance(self) -> None:
        assert self.plan is not None and self.step is not None
        if self.step + 1 >= len(self.plan.landmarks):
            self.finish_steps()
            return
        self.step += 1
        self._show_step()

    def _guess_again(self) -> None:
        """Landmarks not placed yet follow those that are."""
        assert self.scene is not None and self.plan is not None and self.photo is not None
        self.scene.set_landmarks(self.plan.guess(self.placed, self.photo.width, self.photo.height))

    def finish_steps(self) -> None:
        if self.scene is None:
            return
        for key, pos in self.scene.landmarks.items():
            self.placed.setdefault(key, pos)
        self.step = None
        self.scene.ask_for(None)
        self.scene.conceal(None)
        self.scene.show_landmarks(False)
        self.panel.end_steps()
        self._save_landmarks()
        self.window.view.schedule_labels()

    def _landmark_moved(self, key) -> None:
        self.window.view.schedule_labels()

    def _landmark_dropped(self, key) -> None:
        if self.scene is None:
            return
        self.placed[key] = self.scene.landmarks[key]
        if self.step is not None:
            self._guess_again()
        self._save_landmarks()

    def _landmarks_toggled(self, on: bool) -> None:
        if self.scene is not None:
            self.scene.show_landmarks(on)

    def _move_toggled(self, on: bool) -> None:
        if self.scene is not None:
            self.scene.moving_points = on

    # -- keeping and moving ------------------------------------------------------------------------

    def _save_landmarks(self) -> None:
        if self.scene is None or self.session_id is None or not self._kept():
            return
        self._do(ops.save_landmarks, self.user, self.session_id, self.scene.landmark_fractions())

    def set_kept(self, on: bool) -> None:
        if self.scene is None or self.session_id is None or self.photo is None:
            return
        if on:
            self._do(ops.keep, self.user, self.session_id, self.photo, self.scene.landmark_fractions())
        elif messages.ask(
            self.window,
            "Delete the kept photo?",
            "Delete the photo from this session's record? It stays on screen until you close it.",
            yes="Discard",
        ):
            self._do(ops.forget, self.user, self.session_id)
        self.panel.set_quietly(self.panel.keep, self._kept())

    def _point_dragged(self, code: str, side: str, site: int, pos: QPointF) -> None:
        if self.scene is None or self.session_id is None:
            return
        superior, lateral = self.scene.offset_of(code, side, site, pos)
        w, h = self.scene.photo_size
        self._do(
            ops.correct,
            self.user,
            self.session_id,
            code,
            side,
            superior,
            lateral,
            site=site,
            at=(pos.x() / w, pos.y() / h),
        )
        self.scene.set_corrections(ops.corrections(self.user, self.session_id))
        self._list_moved()

    def _list_moved(self) -> None:
        if self.session_id is None:
            return
        moved = [m for m in ops.corrections(self.user, self.session_id).values() if m.moved]
        self.panel.moved.setText(
            "Moved on this client:\n" + "\n".join(f"{m.point_code} ({m.side}): {m.words()}" for m in moved)
            if moved
            else "No point moved yet."
        )

    def _do(self, operation, *args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except PointMapError as exc:
            messages.warn(self.window, "Face photo", str(exc))
            return None


def install(window, dock) -> PhotoMode:
    panel = PhotoPanel()
    dock.setWidget(panel)
    mode = PhotoMode(window, panel)
    mode.dock = dock
    mode.fill_menu(window.session_menu)
    return mode
