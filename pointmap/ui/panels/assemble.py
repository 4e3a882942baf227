"""Assemble the side panels once the first frame is on screen: open the user's records, make the
panels and put them in their docks, then start the session mode, the person's own content, the
history of past sessions, study mode, the Lessons tab and presentation mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from pointmap.ui import messages

if TYPE_CHECKING:
    from pointmap.ui.main_window import MainWindow


def assemble(window: MainWindow) -> None:
    from pointmap.state.legacy import open_user_data
    from pointmap.ui.modes import photo, records, session, study
    from pointmap.ui.own import OwnContent
    from pointmap.ui.panels.checklists import ChecklistPanel
    from pointmap.ui.panels.details import PointDetails
    from pointmap.ui.panels.point_list import PointList
    from pointmap.ui.panels.sequences import MeridianPanel, ProtocolPanel

    ref, state = window.reference, window.state
    window.user.problem.connect(window.user_data_problem)
    if open_user_data(window.user, window.window_settings.settings, ref):
        QTimer.singleShot(3000, window.user, window.user.take_daily_backup)
    window._panels = {
        "details": PointDetails(ref, state),
        "points": PointList(ref, state),
        "meridians": MeridianPanel(ref, state),
        "protocols": ProtocolPanel(ref, state),
        "hygiene": ChecklistPanel(ref, window.user),
    }
    for dock, name in zip(window._docks, window._panels, strict=True):
        dock.setWidget(window._panels[name])
    window.session_mode = session.install(window, window.session_dock)
    window.photo_mode = photo.install(window, window.photo_dock)  # the face map on the client's photo
    window.own = OwnContent(window)  # the star and note in the details, favourites, own protocols, sharing
    window.records = records.install(window)  # Session → History… and the retention reminder
    window.study_mode = study.install(window)  # the Study tab, menu and button
    install_lessons(window)
    checklist = window.window_settings.settings.value("hygiene/checklist")
    if isinstance(checklist, str):
        window.checklist_panel.choose(checklist)
    if not window.window_settings.sync():  # a settings file that cannot be kept is said once
        messages.tell(window, "Window settings", window.window_settings.problem or "")
    window.scenes.prewarm(window.view)
    window.search.prepare_index(delay_ms=200)  # in idle time: the first keystroke finds it built


def install_lessons(window: MainWindow) -> None:
    """Lessons as a kind of sequence, the Lessons tab beside Protocols, and presentation mode (F5)."""
    from pointmap.state.operations import lessons as lesson_ops
    from pointmap.ui.modes import presentation
    from pointmap.ui.panels.lessons import LessonPanel

    ref, user = window.reference, window.user
    window.state.add_sequence_source(lesson_ops.LESSON, lesson_ops.lesson_lookup(user, ref))
    window.presentation_mode = presentation.install(window, lambda uid: lesson_ops.lesson(user, ref, uid))
    window.lessons_dock.setWidget(LessonPanel(window))
