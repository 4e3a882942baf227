"""Make the README's screenshots from the real window: python tools/screenshots.py [OUT_DIR]

Renders the main window offscreen at 1600x1000 for every view, with a point selected, and saves
PNGs (default docs/screenshots/). Install a CJK font (Debian: fonts-noto-cjk) so hanzi render.

    python tools/screenshots.py --review OUT_DIR

instead renders every view in the light, dark and projector themes, at fit and zoomed in on its
busiest part, with every layer on (for looking at the artwork, not for the README).

    python tools/screenshots.py --features [OUT_DIR]

renders the README's shots of treatment sessions, study mode and a person's own content instead, each
made against a fresh user database in a temporary folder (never the real user's records), driven
through the operations (pointmap/state/operations/) and AppState as the tests drive them; the session's
PDF record is rendered with pdftoppm (poppler-utils). PNGs are reduced to a palette with Pillow.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.session_history import FACE_TREATMENT  # noqa: E402 (the repository is on the path from here on)

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


# -- the features' shots: sessions, study mode, own content ------------------------------------------

TODAY = (2026, 3, 10, 10, 0)  # a fixed "now", so the shots say the same dates every time they are made
FACE_SESSION = FACE_TREATMENT  # twelve needles of a facial treatment: (point, side)
MISSING = ("ST4", "left")  # the needle not in hand at the removal


def today():
    """TODAY in the local time zone (the records keep aware times)."""
    from datetime import datetime

    return datetime(*TODAY).astimezone()


class Clock:
    """The user database's clock: a time the script moves on, as a treatment takes its minutes."""

    def __init__(self):
        self.now = today()

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)

    def set(self, when) -> None:
        self.now = when


def feature_window(app, reference, folder: Path, clock: Clock):
    """The main window on a fresh user database in ``folder`` (its own settings file and cache too)."""
    from PySide6.QtCore import QSettings

    from pointmap.core.paths import Config
    from pointmap.ui.main_window import MainWindow

    config = Config.from_environment(user_dir=folder)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(reference, settings, config)
    window.user.clock = clock
    window.resize(1600, 1000)
    window.show()
    window.state.set_theme("light")
    window.build_panels()
    settle(app, window)
    if not window.user.is_open:
        raise SystemExit(f"the user database in {folder} did not open: {window.user.unavailable}")
    return window


def close_window(window) -> None:
    """Close without the questions a person would be asked (a needle left in on purpose)."""
    window.session_mode.may_close_app = lambda: True
    window.checklist_panel.may_close = lambda: True
    window.close()
    window.deleteLater()


def save_png(image, path: Path) -> None:
    """Save a QImage as a small PNG: a 256-colour palette (screens of flat colours lose nothing a reader
    sees), optimised. Octree, not median cut: median cut merges a colour few pixels have (one needle
    left in) into its neighbour."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture = picture.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    picture.save(path, optimize=True)
    print(f"{path}  {path.stat().st_size // 1024} KB")


def shot(app, window, path: Path, dialog=None) -> None:
    """The window as it is now; with ``dialog`` (a dialog or message box of it) drawn over its middle,
    framed, as a desktop shows one (offscreen, the window's own grab leaves top-level dialogs out)."""
    from PySide6.QtGui import QColor, QPainter

    settle(app, window)
    image = window.grab().toImage()
    if dialog is not None:
        app.processEvents()
        top = dialog.grab().toImage()
        painter = QPainter(image)
        x = (image.width() - top.width()) // 2
        y = max(40, (image.height() - top.height()) // 2)
        for spread, alpha in ((6, 18), (4, 30), (2, 50)):  # a soft shadow
            painter.fillRect(
                x - spread, y - spread + 3, top.width() + 2 * spread, top.height() + 2 * spread, QColor(0, 0, 0, alpha)
            )
        painter.drawImage(x, y, top)
        painter.setPen(QColor("#7a7a7a"))
        painter.drawRect(x - 1, y - 1, top.width() + 1, top.height() + 1)
        painter.end()
    save_png(image, path)


def on_modal(app, act) -> None:
    """Do ``act(dialog)`` to the next modal dialog once it is on screen (it is modal: exec() waits)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, look)
            return
        act(dialog)

    QTimer.singleShot(0, look)


def session_shots(app, reference, out: Path, folder: Path) -> None:
    """A face session with twelve needles in; the removal with one needle not accounted for; the PDF
    record of the session (found, counted out, closed as complete)."""
    from datetime import timedelta

    from pointmap.core.sessions import Site
    from pointmap.state.operations import records as record_ops
    from pointmap.state.operations import sessions as ops

    clock = Clock()
    window = feature_window(app, reference, folder, clock)
    user = window.user
    details = {
        "needle_gauge": "0.16 mm",
        "needle_length": "15 mm",
        "needle_brand": "Seirin J-type",
        "needle_lot": "J2409117",
        "needle_expiry": "2029-08",
    }
    # Two earlier sessions of the client's course, so this one is "3 of 6" with a history behind it.
    for weeks, sites in ((2, FACE_SESSION[:6]), (1, FACE_SESSION[:9])):
        clock.set(today() - timedelta(weeks=weeks))
        earlier = ops.start(user, "C-104", course_planned=6, details=details)
        for question in reference.screening:
            ops.answer(user, earlier.id, question.id, "no")
        for code, side in sites:
            ops.mark_in(user, earlier.id, Site(code, side), "face")
            clock.advance(seconds=40)
        clock.advance(minutes=25)
        ops.all_out(user, earlier.id, len(sites))
        ops.close(user, earlier.id)
    clock.set(today())

    window.state.set_diagram("face")
    session = ops.start(user, "C-104", course_planned=6, details=ops.last_needle_details(user))
    for question in reference.screening:
        ops.answer(user, session.id, question.id, "no")
    clock.advance(minutes=3)
    for code, side in FACE_SESSION:
        ops.mark_in(user, session.id, Site(code, side), "face")
        clock.advance(seconds=35)
    clock.advance(minutes=6)
    window.session_dock.raise_()
    window.view.fit()
    shot(app, window, out / "session-needles.png")

    clock.advance(minutes=14)
    for code, side in FACE_SESSION:
        if (code, side) != MISSING:
            ops.mark_out(user, session.id, Site(code, side))
            clock.advance(seconds=10)
    window.session_dock.raise_()
    shot(app, window, out / "session-removal.png")

    # Found on the pillow: marked out there; a bruise noted; the session closes as complete.
    clock.advance(minutes=2)
    ops.mark_out(user, session.id, Site(*MISSING))
    ops.adverse_event(
        user,
        session.id,
        "bruising",
        site=Site("ST6", "left"),
        action_taken="Pressure 1 minute; client told it may show for a few days",
    )
    ops.update(
        user,
        session.id,
        notes="Client relaxed throughout. ST4 left needle found on the pillow, "
        "counted and disposed of in the sharps bin.",
    )
    ops.close(user, session.id)
    pdf = folder / "session.pdf"
    record = record_ops.record(user, reference, session.id)
    window.records.write_pdf(str(pdf), [record], "Client C-104, session 3")
    close_window(window)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(folder / "page")], check=True)
    save_png(side_by_side(sorted(folder.glob("page*.png"))), out / "session-record.png")


def side_by_side(pages: list[Path]):
    """Rendered PDF pages next to each other on a grey ground, as a PDF viewer shows two pages."""
    from PySide6.QtGui import QColor, QImage, QPainter

    images = [QImage(str(page)) for page in pages]
    gap = 24
    width = sum(i.width() for i in images) + gap * (len(images) + 1)
    height = max(i.height() for i in images) + 2 * gap
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#8a8d91"))
    painter = QPainter(sheet)
    x = gap
    for image in images:
        painter.drawImage(x, gap, image)
        x += image.width() + gap
    painter.end()
    return sheet


def study_history(user, reference, clock: Clock) -> None:
    """Three weeks of a student's locate answers (errors shrinking as they learn), answered through the
    study operations with the clock set to each day."""
    import random
    from datetime import timedelta

    from pointmap.core.study.scheduler import CLOSE, CORRECT, WRONG
    from pointmap.state.operations import study as ops

    rng = random.Random(12)
    harder = {"face": -0.2, "arm": 0.1, "abdomen": 0.35}  # the class began with the face
    studied = {"ST": (2, 3, 4, 5, 6, 7, 25), "LI": (4, 5, 10, 11, 20), "PC": (6, 7), "TE": (5,), "CV": (4, 6, 12)}
    studied |= {"SI": (3, 18), "HT": (7,), "LU": (7,), "GB": (14,), "BL": (2,)}
    names = [f"{meridian}{n}" for meridian, numbers in studied.items() for n in numbers]
    codes = [(code, reference.diagrams_showing(code)[0]) for code in names if reference.diagrams_showing(code)]
    start = clock.now - timedelta(days=21)
    for day in range(21):
        if day in (5, 12):  # a student misses a day now and then
            continue
        clock.set(start + timedelta(days=day, hours=19))
        for code, diagram in rng.sample(codes, 10):
            mean = 1.5 - 1.05 * day / 20 + harder.get(reference.points[code].region, 0.0)
            error = max(0.05, rng.gauss(mean, 0.3))
            outcome = CORRECT if error <= 0.5 else CLOSE if error <= 1.0 else WRONG
            ops.answer(user, code, "locate", outcome, diagram=diagram, error_cun=round(error, 2))
            clock.advance(seconds=25)


def study_shots(app, reference, out: Path, folder: Path) -> None:
    """A locate question before and after the answer; the progress view."""
    from dataclasses import replace

    from PySide6.QtCore import QPointF

    from pointmap.state.operations import study as ops

    clock = Clock()
    window = feature_window(app, reference, folder, clock)
    study_history(window.user, reference, clock)
    clock.set(today())
    mode = window.study_mode
    chosen = replace(ops.settings(window.user), deck=("picked", "set"), picked=("ST6",), kinds=("locate",))
    ops.save_settings(window.user, chosen)
    mode.show_setup()
    mode.panel.start.click()
    settle(app, window)
    shot(app, window, out / "study-question.png")

    code = mode.question.code
    diagram = reference.diagrams[window.state.diagram]
    position = next(p for p in reference.positions_of(code, diagram.id) if p.side == "right")
    # The student clicks a little off: 0.6 cun too far lateral, 0.3 cun too low ("close").
    spot = mode.frames.frame(position).spot_at(-0.3, 0.6)
    clock.advance(seconds=9)
    mode.answer_click(QPointF(spot.x, spot.y))
    shot(app, window, out / "study-answer.png")

    progress = mode.show_progress()
    progress.resize(820, 700)
    shot(app, window, out / "study-progress.png", progress)
    progress.close()
    mode.stop()
    close_window(window)


def own_shots(app, reference, out: Path, folder: Path) -> None:
    """A trainer's own protocol in the Protocols tab, marked as theirs; a note in the details pane; the
    preview of importing the trainer's shared file on a student's fresh user database."""
    from pointmap.core.sequences import OWN_PROTOCOL
    from pointmap.core.userdata.protocols import Draft, Step
    from pointmap.state.operations import own as ops

    clock = Clock()
    window = feature_window(app, reference, folder / "trainer", clock)
    user = window.user
    draft = Draft(
        "Jaw tension, class 3",
        "face",
        purpose="Masseter tension and clenching; the points of week 3, in the order we needle them",
        notes="Palpate the masseter first; needle the tighter side first.",
        steps=(
            Step("ST6", "clench the jaw: the muscle's highest point"),
            Step("ST7", "mouth closed; in the notch below the zygomatic arch"),
            Step("SI18", "below the cheekbone, in line with the outer canthus"),
            Step("LI4", "distal point: the hand, to finish"),
        ),
    )
    made, _edit = ops.create_protocol(user, draft)
    ops.move_step(user, made.uid, 2, 1)  # reordered: SI18 before ST7
    clock.advance(minutes=5)
    ops.save_note(
        user,
        "ST6",
        "Class 3 tip: ask the client to clench, then relax; needle into the centre of "
        "the bulge, 0.3–0.5 cun perpendicular. Bruises easily: press a minute after.",
    )
    ops.set_favourite(user, "ST6", True)
    ops.set_favourite(user, "LI4", True)
    window.state.set_diagram("face")
    window.protocol_dock.raise_()
    window.protocol_panel.choose(made.uid, OWN_PROTOCOL)
    window.state.select("ST6")
    window.state.set_diagram("face")
    window.protocol_dock.raise_()
    shot(app, window, out / "own-protocol.png")

    window.state.select("ST6")
    window.details_dock.raise_()
    shot(app, window, out / "own-note.png")
    shared = folder / "jaw-class-3.pointmap.json"
    ops.export_to(user, shared, favourites=False, protocol_uids=[made.uid])
    close_window(window)

    student = feature_window(app, reference, folder / "student", Clock())
    ops.save_note(student.user, "ST6", "Jiache: 'jaw chariot'.")  # a note of the student's own, kept

    def preview(box):
        shot(app, student, out / "own-import.png", box)
        box.reject()

    on_modal(app, preview)
    student.own.import_file(str(shared))
    close_window(student)


def photo_shots(app, reference, out: Path, folder: Path) -> None:
    """The face map on a client's photo: a landmark step (with its small picture), then the points on
    the photo with one moved where it was palpated. The "photo" is the face drawing rendered, turned
    and tinted (a synthetic face: never a person's photo)."""
    import math

    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from pointmap.core import paths
    from pointmap.core.geometry.photo import landmark_of
    from pointmap.state.operations import sessions as ops

    width, height = 1200, 1600
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#c9b6a4"))
    painter = QPainter(image)
    painter.translate(width / 2, height / 2)
    painter.rotate(4)  # a head turned a little, as a real photo's is
    painter.translate(-width / 2, -height / 2)
    QSvgRenderer(str(paths.asset_path("diagrams/face.svg"))).render(painter, QRectF(0, 0, width, height))
    painter.end()
    photo = folder / "synthetic-face.png"
    image.save(str(photo))

    clock = Clock()
    window = feature_window(app, reference, folder, clock)
    ops.start(window.user, "C-104")
    settle(app, window)
    mode = window.photo_mode
    mode.open_file(photo)
    window.photo_dock.raise_()
    truth = landmark_of(reference.diagrams["face"].landmarks, width, height)

    def turned(x: float, y: float) -> QPointF:  # where the turned drawing put a landmark
        a = math.radians(4)
        dx, dy = x - width / 2, y - height / 2
        return QPointF(
            width / 2 + dx * math.cos(a) - dy * math.sin(a), height / 2 + dx * math.sin(a) + dy * math.cos(a)
        )

    for _ in range(5):  # the pupils, then three more: the guesses follow them
        key = mode.plan.landmarks[mode.step]
        mode._landmark_clicked(turned(truth[key].x, truth[key].y))
    shot(app, window, out / "photo-landmarks.png")
    while mode.step is not None:
        key = mode.plan.landmarks[mode.step]
        mode._landmark_clicked(turned(truth[key].x, truth[key].y))
    window.state.select("ST6")
    scene = mode.scene
    target = scene.placement.spot_at("ST6", "right", superior=-0.4, lateral=0.2)
    mode._point_dragged("ST6", "right", 0, QPointF(target.x, target.y))
    window.actions.grid.setChecked(True)
    shot(app, window, out / "photo-points.png")
    close_window(window)


def teaching_shots(app, reference, out: Path, folder: Path) -> None:
    """Presentation mode as a class sees it at 1920x1080 and on a 3840x2160 projector, the presenter's
    window during a class quiz, and the reveal."""
    from PySide6.QtCore import Qt

    from pointmap.core import presenting

    window = feature_window(app, reference, folder, Clock())
    mode = window.presentation_mode
    for width, height in ((1920, 1080), (3840, 2160)):
        window.lessons_dock.widget().select_lesson("builtin:face-cheeks-jowls")
        mode.enter()
        window.showNormal()
        window.setGeometry(0, 0, width, height)
        window.look.set_screen_factor(presenting.label_factor(height))  # as on a screen of that many lines
        settle(app, window)
        for _ in range(2):
            mode.handle_key(Qt.Key.Key_PageDown)
        shot(app, window, out / f"present-{width}.png")
        mode.leave()
        settle(app, window)
    window.state.choose_sequence("protocol", "upper-arm-toning")
    mode.enter()
    window.showNormal()
    window.setGeometry(0, 0, 1920, 1080)
    settle(app, window)
    mode.handle_key(Qt.Key.Key_Q)
    for _ in range(2):
        mode.handle_key(Qt.Key.Key_PageDown)
    presenter = mode.open_presenter()
    presenter.resize(1600, 900)
    settle(app, window)
    presenter.follow()
    app.processEvents()
    save_png(presenter.grab().toImage(), out / "presenter-quiz.png")
    mode.handle_key(Qt.Key.Key_Space)
    shot(app, window, out / "present-quiz-revealed.png")
    mode.leave()
    close_window(window)


def feature_shots(app, reference, out: Path) -> None:
    for make in (session_shots, study_shots, own_shots, photo_shots, teaching_shots):
        with tempfile.TemporaryDirectory(prefix="pointmap-shots-") as folder:
            make(app, reference, out, Path(folder))


def main() -> int:
    args = sys.argv[1:]
    if any(a in ("-h", "--help") for a in args):
        print(__doc__)
        return 0
    review = "--review" in args
    features = "--features" in args
    args = [a for a in args if a not in ("--review", "--features")]
    unknown = [a for a in args if a.startswith("-")]
    if unknown or len(args) > 1:
        what = f"unknown option {unknown[0]}" if unknown else "more than one output folder"
        usage = "python tools/screenshots.py [--review | --features] [OUT_DIR]"
        print(f"screenshots.py: {what}; usage: {usage}", file=sys.stderr)
        return 2
    out = Path(args[0]) if args else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    from pointmap.core.reference import Reference
    from pointmap.ui.app import make_application

    app = make_application([sys.argv[0]])
    reference = Reference.load()
    (review_shots if review else feature_shots if features else readme_shots)(app, reference, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
