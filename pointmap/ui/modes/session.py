"""Session mode: a treatment recorded on the diagram as it happens.

While a session is open, a click on a point (or search and Enter) marks a needle in at that point
and side, and a click on a needle's pin marks one out; points the screening answers concern carry a
caution ring and ask again before a needle goes in; the Session tab, the status bar and the timer
follow the record. The session closes as complete only when every needle is accounted for;
otherwise the missing-needle procedure runs and an incident is recorded. Closing the app (or a
crash) leaves the session open: it carries on at the next start.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMessageBox

from pointmap.core.errors import PointMapError
from pointmap.core.reference import Reference
from pointmap.core.screening import flagged_points, raised_flags
from pointmap.core.sessions import PROCEDURE_FOR_KIND, Site
from pointmap.core.userdata.sessions import Session
from pointmap.state.app_state import AppState, Mode
from pointmap.state.operations import hygiene as hygiene_ops
from pointmap.state.operations import sessions as ops
from pointmap.state.userdata import Changes, UserData
from pointmap.ui import messages
from pointmap.ui.actions import make_action
from pointmap.ui.diagram.scenes import Scenes
from pointmap.ui.panels.session import SessionPanel

TIMER_MS = 15_000
MISSING_NEEDLE_CHECKLIST = "incident-missing-needle"


class SessionMode(QObject):
    """Wires a treatment session into the window: actions, the Session tab, the diagram's needles."""

    def __init__(
        self,
        window: QMainWindow,
        reference: Reference,
        state: AppState,
        user: UserData,
        scenes: Scenes,
        panel: SessionPanel,
    ):
        super().__init__(window)
        self.window = window
        self.reference = reference
        self.state = state
        self.user = user
        self.scenes = scenes
        self.panel = panel
        self.session: Session | None = None
        self.dock = None  # the Session tab, brought forward when a session starts
        self.raised: list = []  # flags the screening answers raised
        self.cautions: dict[str, str] = {}  # the points they concern: code -> why
        self.count_label = QLabel(accessibleName="Needles in this session")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setToolTip("This session's needles: marked in, marked out, still in")
        window.statusBar().insertPermanentWidget(0, self.count_label)
        self._alerted = False
        self.timer = QTimer(self)
        self.timer.setInterval(TIMER_MS)
        self.timer.timeout.connect(self._tick_timers)
        self._make_actions()
        user.changed.connect(self._user_data_changed)
        scenes.point_activated.connect(self._point_clicked)
        scenes.needle_clicked.connect(self._needle_clicked)
        panel.start_requested.connect(self.start)
        panel.all_out_requested.connect(self.all_out)
        panel.undo_requested.connect(self.undo_last_mark)
        panel.adverse_requested.connect(self.adverse_event)
        panel.close_requested.connect(self.close_session)
        panel.site_chosen.connect(self._show_site)
        panel.notes_edited.connect(self._notes_edited)
        panel.alert_changed.connect(self._alert_changed)
        self.refresh()

    # -- actions -------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | None = None, tip: str = "") -> QAction:
        return make_action(self.window, text, slot, shortcut, tip)

    def _make_actions(self) -> None:
        self.new_action = self._action(
            "New session…", self.start, QKeySequence(QKeySequence.StandardKey.New), "Start recording a treatment"
        )
        self.all_out_action = self._action(
            "All needles out…", self.all_out, QKeySequence("Ctrl+Shift+O"), "Count the needles removed"
        )
        self.needle_here_action = self._action(
            "Needle the selected point",
            self.needle_selected,
            QKeySequence("N"),
            "Mark a needle in at the selected point (with ] and [, a protocol is applied point by point)",
        )
        self.undo_action = self._action("Undo last needle mark", self.undo_last_mark, tip="A needle marked by mistake")
        self.adverse_action = self._action("Record adverse event…", self.adverse_event)
        self.close_action = self._action(
            "Close session…", self.close_session, QKeySequence("Ctrl+Shift+W"), "Close the open session"
        )
        self.actions = [
            self.new_action,
            self.needle_here_action,
            self.all_out_action,
            self.undo_action,
            self.adverse_action,
            self.close_action,
        ]

    def fill_menu(self, menu) -> None:
        menu.addAction(self.new_action)
        menu.addSeparator()
        menu.addActions([self.needle_here_action, self.all_out_action, self.undo_action, self.adverse_action])
        menu.addSeparator()
        menu.addAction(self.close_action)

    # -- following the record ------------------------------------------------------------------

    def _user_data_changed(self, changes: Changes) -> None:
        if changes.touches(*ops.SESSIONS):
            self.refresh()

    def refresh(self) -> None:
        """Read the open session (if any) and show it everywhere."""
        self.session = ops.current(self.user)
        session = self.session
        self.raised = raised_flags(self.reference, session.answers, self.user.clock().date()) if session else []
        self.cautions = flagged_points(self.reference, self.raised)
        counts = {site: n for site, n in session.tally().still_in} if session else {}
        self.scenes.set_needles(counts, session.removal_under_way() if session else False)
        self.scenes.set_cautions(self.cautions)
        course = ops.course_number(self.user, session) if session else None
        self.panel.show_session(session, course, [r.sentence for r in self.raised], self.user.clock())
        if session is not None:
            self.state.set_mode(Mode.SESSION)
        elif self.state.mode == Mode.SESSION:  # another mode (study) is left as it is
            self.state.set_mode(Mode.BROWSE)
        for action in self.actions[1:]:
            action.setEnabled(session is not None)
        self.new_action.setEnabled(session is None and self.user.is_open)
        self.undo_action.setEnabled(session is not None and any(n.in_place for n in session.needles))
        if session is not None:
            self.timer.start()
            self._tick_timers()
        else:
            self.timer.stop()
            self._alerted = False
        self.show_count()

    def show_count(self) -> None:
        """The running total, always in view in the status bar while a session is open."""
        session = self.session
        self.count_label.setVisible(session is not None)
        if session is None:
            return
        tally = session.tally()
        self.count_label.setText(
            f"Session {session.client_ref}: {tally.inserted} in, {tally.removed} out, {tally.in_place} still in"
        )
        self.count_label.setStyleSheet("color: #c62828; font-weight: 600;" if tally.in_place else "")

    def _tick_timers(self) -> None:
        session = self.session
        if session is None:
            return
        now = self.user.clock()
        self.panel.show_timers(now)
        first, _last = session.first_and_last_in()
        if session.alert_minutes and first and session.tally().in_place and not self._alerted:
            from pointmap.ui.panels.session import minutes_since

            elapsed = minutes_since(first, now) or 0
            if elapsed >= session.alert_minutes:
                self._alerted = True
                QApplication.beep()
                messages.tell(
                    self.window,
                    "Retention time",
                    f"The first needle has been in for {elapsed} minutes (alert set at {session.alert_minutes}).",
                )

    # -- what a click means in a session -------------------------------------------------------

    def _point_clicked(self, code: str, side: str) -> None:
        if self.session is None:
            return
        position = next(
            (
                item.position
                for item in self.scenes.get(self.state.diagram).points.get(code, [])
                if item.position.side == side
            ),
            None,
        )
        site = position.site if position else 0
        for chosen in self._sides_for_one_sided_view(code, side):
            if not self.mark_in(Site(code, chosen, site)):
                return

    def _sides_for_one_sided_view(self, code: str, side: str) -> tuple[str, ...]:
        """The sides a click means. A view that draws one side only (the profile of the face, the
        inner and outer views of the right leg) asks, for a point of both sides: the needle may be in
        the other one, which is listed and counted like any other though this view cannot draw it."""
        diagram = self.reference.diagrams.get(self.state.diagram)
        point = self.reference.points.get(code)
        if diagram is None or point is None or diagram.sides == "both" or side not in ("right", "left"):
            return (side,)
        if point.laterality != "bilateral":
            return (side,)
        other = "left" if side == "right" else "right"
        return self._which_sides(
            f"This view shows the {side} side only. Mark a needle in at {code} on which side?",
            side,
            f"{other.capitalize()} (listed; not drawn here)",
        )

    def _which_sides(self, question: str, first: str, other_label: str) -> tuple[str, ...]:
        """Ask which side a needle is in: ``first`` (the default, as Enter takes it), the other one, both,
        or none (Cancel)."""
        other = "left" if first == "right" else "right"
        box = QMessageBox(QMessageBox.Icon.Question, "Which side?", question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        here = box.addButton(first.capitalize(), QMessageBox.ButtonRole.AcceptRole)
        there = box.addButton(other_label, QMessageBox.ButtonRole.AcceptRole)
        both = box.addButton("Both", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(here)
        box.exec()
        return {here: (first,), there: (other,), both: (first, other)}.get(box.clickedButton(), ())

    def mark_in(self, site: Site) -> bool:
        """A needle in at ``site``; at a point the screening concerns, only after asking again."""
        session = self.session
        if session is None:
            return False
        confirmed = False
        if site.point_code in self.cautions:
            point = self.reference.points.get(site.point_code)
            cautions = f"\n\nIts cautions: {point.cautions}" if point and point.cautions else ""
            if not messages.ask(
                self.window,
                "Caution at this point",
                f"{site.label()}: {self.cautions[site.point_code]}{cautions}\n\nMark a needle in here anyway?",
                "Yes",
            ):
                return False
            confirmed = True
        return self._do(ops.mark_in, self.user, session.id, site, self.state.diagram, confirmed_caution=confirmed)

    def mark_from_search(self, code: str) -> None:
        """Search and Enter in a session: a needle in at that point, asking which side when the
        view shows both, or shows one side only of a point of both sides."""
        if self.session is None:
            return
        items = self.scenes.get(self.state.diagram).points.get(code, [])
        sides = sorted({item.position.side for item in items})
        if len(sides) <= 1:  # one side drawn: on a view of one side only, the other may be meant
            chosen = self._sides_for_one_sided_view(code, sides[0] if sides else "midline")
        else:
            chosen = self._which_sides(f"Mark a needle in at {code} on which side?", "right", "Left")
        for side in chosen:
            if not self.mark_in(Site(code, side)):
                return

    def needle_selected(self) -> None:
        """N: a needle in at the selected point (the side clicked, or asked)."""
        selection = self.state.selection
        if self.session is None or selection is None:
            return
        if selection.side is not None:
            items = self.scenes.get(self.state.diagram).items_of(selection.code, selection.side)
            site = items[0].position.site if items else 0
            self.mark_in(Site(selection.code, selection.side, site))
        else:
            self.mark_from_search(selection.code)

    def _needle_clicked(self, site: Site) -> None:
        if self.session is not None:
            self._do(ops.mark_out, self.user, self.session.id, site)

    def _show_site(self, site: Site) -> None:
        self.state.select(site.point_code, site.side)

    # -- the buttons ---------------------------------------------------------------------------

    def _do(self, operation, *args, **kwargs) -> bool:
        try:
            operation(*args, **kwargs)
        except PointMapError as exc:
            messages.warn(self.window, "Not recorded", str(exc))
            self.refresh()
            return False
        return True

    def start(self) -> None:
        from pointmap.ui.dialogs.session import StartSessionDialog

        if self.session is not None:
            return
        if not self.user.is_open:
            messages.warn(self.window, "No session", self.user.unavailable or "Your records are not open yet.")
            return
        dialog = StartSessionDialog(self.reference, ops.last_needle_details(self.user), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        try:
            session = ops.start(
                self.user, values["client_ref"], course_planned=values["course_planned"], details=values["details"]
            )
            for question_id, (answer, detail) in values["answers"].items():
                ops.answer(self.user, session.id, question_id, answer, detail)
        except PointMapError as exc:
            messages.warn(self.window, "The session was not started", str(exc))
            return
        if self.dock is not None:
            self.dock.raise_()

    def all_out(self) -> None:
        from pointmap.ui.dialogs.session import AllOutDialog

        session = self.session
        if session is None:
            return
        expected = session.tally().in_place
        dialog = AllOutDialog(expected, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self._do(ops.all_out, self.user, session.id, dialog.counted.value()) and self.session:
            closing = self.session.closing()
            if not closing.complete:
                messages.warn(
                    self.window,
                    "The count does not match",
                    f"{closing.reason}\n\nCheck the client, couch, pillow, floor and clothing; count again when "
                    "the needle is found, or close the session with an incident record.",
                )

    def undo_last_mark(self) -> None:
        session = self.session
        if session is None:
            return
        marks = [n for n in session.needles if n.in_place]
        if marks:
            self._do(ops.undo_mark, self.user, session.id, marks[-1].id)

    def adverse_event(self) -> None:
        from pointmap.ui.dialogs.session import AdverseEventDialog

        session = self.session
        if session is None:
            return
        sites = {n.site.label(): n.site for n in session.needles if n.voided_at is None}
        dialog = AdverseEventDialog(list(sites), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        kind = dialog.kind.currentData()
        recorded = self._do(
            ops.adverse_event,
            self.user,
            session.id,
            kind,
            site=sites.get(dialog.site.currentData()),
            action_taken=dialog.action.toPlainText(),
            notes=dialog.notes.toPlainText(),
        )
        procedure = next((c for c in self.reference.checklists if c.id == PROCEDURE_FOR_KIND.get(kind)), None)
        if recorded and procedure is not None:
            # The incident's procedure, step by step, where its ticks are recorded with their times.
            self.window.checklist_panel.choose(procedure.id)
            self.window.checklist_dock.show()
            self.window.checklist_dock.raise_()
            self.window.statusBar().showMessage(
                f"Recorded. The procedure '{procedure.title}' is open in the Hygiene tab.", 15000
            )

    def close_session(self) -> None:
        session = self.session
        if session is None:
            return
        self.panel.flush_notes()
        closing = session.closing()
        if closing.complete:
            if messages.ask(
                self.window, "Close the session", f"{closing.reason} Close the session as complete?", "Close"
            ):
                self._do(ops.close, self.user, session.id)
            return
        self._incident(session, closing.reason)

    def _incident(self, session: Session, reason: str) -> None:
        from pointmap.ui.dialogs.session import IncidentDialog

        procedure = next((c for c in self.reference.checklists if c.id == MISSING_NEEDLE_CHECKLIST), None)
        run = hygiene_ops.current_run(self.user, procedure) if procedure else None
        dialog = IncidentDialog(reason, procedure, set(run.ticked) if run else set(), self.user.clock(), self.window)
        if procedure is not None:
            dialog.steps.itemChanged.connect(partial(self._procedure_ticked, procedure))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._do(
            ops.close_with_incident,
            self.user,
            session.id,
            dialog.discovered_at(),
            kind="needle-unaccounted" if session.tally().in_place else "count-mismatch",
            what=dialog.what.text(),
            where_found=dialog.where.text(),
            action_taken=dialog.action.toPlainText(),
        )

    def _procedure_ticked(self, procedure, row) -> None:
        """Each step of the missing-needle procedure is recorded as it is ticked (in the session)."""
        try:
            hygiene_ops.tick(
                self.user, procedure, row.data(Qt.ItemDataRole.UserRole), row.checkState() == Qt.CheckState.Checked
            )
        except PointMapError as exc:
            messages.warn(self.window, "Not recorded", str(exc))

    def _notes_edited(self, text: str) -> None:
        if self.session is not None:
            self._do(ops.update, self.user, self.session.id, notes=text)

    def _alert_changed(self, minutes: int | None) -> None:
        if self.session is not None:
            self._alerted = False
            self._do(ops.update, self.user, self.session.id, alert_minutes=minutes)

    # -- closing the app -----------------------------------------------------------------------

    def may_close_app(self) -> bool:
        """The session stays open across a restart; with needles in, ask first."""
        self.panel.flush_notes()
        session = self.session
        if session is None or session.tally().in_place == 0:
            return True
        in_place = session.tally().in_place
        return messages.ask(
            self.window,
            "Needles still in",
            f"{in_place} needle{'s are' if in_place != 1 else ' is'} still marked in for client "
            f"{session.client_ref}. The session stays open and carries on when PointMap starts again. "
            "Close PointMap anyway?",
            "Close",
        )


def install(window, dock) -> SessionMode:
    """Give the window's Session tab its panel, fill the Session menu, and start the session mode."""
    panel = SessionPanel()
    dock.setWidget(panel)
    mode = SessionMode(window, window.reference, window.state, window.user, window.scenes, panel)
    mode.dock = dock
    mode.fill_menu(window.session_menu)
    if mode.session is not None:
        dock.raise_()  # a session left open carries on where it was
    return mode
