"""The clean-needle checklists, by stage: tick items as you go (each tick is recorded with its
time, in a run of the checklist that belongs to the day), and count needles in and out."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.errors import PointMapError
from pointmap.core.hygiene import EMPTY, MATCHED, reconcile
from pointmap.core.reference import STAGE_TITLES, Checklist, Reference
from pointmap.state.operations import hygiene as ops
from pointmap.state.userdata import Changes, UserData
from pointmap.ui import messages
from pointmap.ui.richtext import plain_tooltip

POSITION_ROLE = Qt.ItemDataRole.UserRole
MAX_NEEDLES = 999


def _clock(timestamp: str) -> str:
    try:
        return datetime.fromisoformat(timestamp).strftime("%H:%M")
    except ValueError:
        return timestamp


class ChecklistPanel(QWidget):
    """Shows today's run of the chosen checklist from the user database and records every change
    through the operations layer; it follows ``UserData.changed``, so a tick made in another
    PointMap (or a new day) shows here too."""

    def __init__(self, reference: Reference, user: UserData, parent=None):
        super().__init__(parent)
        self.reference = reference
        self.user = user
        self.checklists = {c.id: c for c in reference.checklists}
        self.chooser = QComboBox(accessibleName="Checklist")
        # As wide as the panel allows, not as wide as the longest title: the diagram keeps its room.
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(16)
        self.chooser.setToolTip("Choose a checklist; they are ordered by stage of the day")
        for checklist in reference.checklists:
            stage = STAGE_TITLES.get(checklist.stage, checklist.stage)
            self.chooser.addItem(f"{stage}: {checklist.title}", checklist.id)
        self.summary = QLabel(wordWrap=True, accessibleName="About this checklist")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.run_status = QLabel(wordWrap=True, accessibleName="This checklist today")
        self.run_status.setTextFormat(Qt.TextFormat.PlainText)
        self.items = QListWidget(accessibleName="Checklist items")
        self.items.setWordWrap(True)
        self.items.setAlternatingRowColors(True)
        self.progress = QLabel(accessibleName="Checklist progress")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.new_run_button = QPushButton("Start again")
        self.new_run_button.setToolTip(
            plain_tooltip("Keep this run in the record and start the checklist afresh (before the next patient)")
        )
        self.count_in = QSpinBox(accessibleName="Needles inserted", maximum=MAX_NEEDLES)
        self.count_out = QSpinBox(accessibleName="Needles removed", maximum=MAX_NEEDLES)
        self.count_in.setToolTip("Needles inserted so far in this treatment")
        self.count_out.setToolTip("Needles removed and put in the sharps container")
        self.reconcile = QLabel(wordWrap=True, accessibleName="Needle count")
        self.reconcile.setTextFormat(Qt.TextFormat.PlainText)
        self.reconcile.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Room for the longest message, so the fields above never move while the person types.
        self.reconcile.setMinimumHeight(self.reconcile.fontMetrics().lineSpacing() * 4 + 4)
        self.counts_box = QGroupBox("Needle count")
        self.counts_box.setToolTip("A quick count without a session; a treatment session keeps its own")
        counts = QFormLayout(self.counts_box)
        counts.addRow("Needles in:", self.count_in)
        counts.addRow("Needles out:", self.count_out)
        counts.addRow(self.reconcile)
        self.session_count = QLabel(wordWrap=True, accessibleName="This session's needle count")
        self.session_count.setTextFormat(Qt.TextFormat.PlainText)
        self.session_count.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.chooser)
        layout.addWidget(self.summary)
        layout.addWidget(self.run_status)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.new_run_button)
        layout.addWidget(self.counts_box)
        layout.addWidget(self.session_count)
        self._run_ticked: frozenset[int] = frozenset()
        self.chooser.currentIndexChanged.connect(self.refresh)
        self.items.itemChanged.connect(self._item_changed)
        self.count_in.valueChanged.connect(self._counts_changed)
        self.count_out.valueChanged.connect(self._counts_changed)
        self.new_run_button.clicked.connect(self.start_new_run)
        user.changed.connect(self._user_data_changed)
        self.refresh()
        self._show_counts(*ops.needle_counts(user))
        self._show_session()

    # -- choosing ------------------------------------------------------------------------------

    def current(self) -> Checklist | None:
        return self.checklists.get(self.chooser.currentData())

    def choose(self, checklist_id: str) -> None:
        index = self.chooser.findData(checklist_id)
        if index >= 0:
            self.chooser.setCurrentIndex(index)

    # -- showing what is recorded ----------------------------------------------------------------

    def _user_data_changed(self, changes: Changes) -> None:
        if changes.touches(*ops.RUNS):
            self.refresh()
        if changes.touches(*ops.TALLY):
            self._show_counts(*ops.needle_counts(self.user))
        if changes.touches("sessions", "needles", "removal_counts"):
            self._show_session()

    def _show_session(self) -> None:
        """While a treatment session is open its count is the one that matters: shown here, and
        the quick count is put away (one count at a time, never two that disagree)."""
        from pointmap.state.operations import sessions

        session = sessions.current(self.user)
        self.counts_box.setVisible(session is None)
        self.session_count.setVisible(session is not None)
        if session is not None:
            tally = session.tally()
            self.session_count.setText(
                f"Session {session.client_ref}: {tally.sentence()} Needles are marked in and out on the diagram "
                "and in the Session tab."
            )

    def refresh(self) -> None:
        """Show today's run of the chosen checklist as the database holds it."""
        checklist = self.current()
        enabled = self.user.is_open
        for widget in (self.items, self.count_in, self.count_out, self.new_run_button):
            widget.setEnabled(enabled)
        self.items.blockSignals(True)
        self.items.clear()
        if checklist is None:
            self.items.blockSignals(False)
            return
        self.summary.setText(checklist.summary)
        run = ops.current_run(self.user, checklist)
        self._run_ticked = run.ticked if run else frozenset()
        for item in checklist.items:
            row = QListWidgetItem(item.text)
            row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            row.setCheckState(Qt.CheckState.Checked if item.position in self._run_ticked else Qt.CheckState.Unchecked)
            basis = ", ".join(self.reference.sources[b].title for b in item.basis if b in self.reference.sources)
            row.setToolTip(plain_tooltip(f"Why: {item.reason}" + (f"\nBasis: {basis}" if basis else "")))
            row.setData(POSITION_ROLE, item.position)
            self.items.addItem(row)
        self.items.blockSignals(False)
        done, total = len(self._run_ticked & {i.position for i in checklist.items}), len(checklist.items)
        self.progress.setText(f"{done} of {total} done" + ("  ✓ complete" if done == total and total else ""))
        if not self.user.is_open:
            self.run_status.setText(self.user.unavailable or "Opening your records…")
        elif run is None:
            self.run_status.setText("Not started today: the first tick starts today's run.")
        else:
            last = run.events[-1].at if run.events else run.started_at
            self.run_status.setText(f"Today's run: started {_clock(run.started_at)}, last tick {_clock(last)}.")
        self.new_run_button.setEnabled(enabled and run is not None)

    def _show_counts(self, needles_in: int, needles_out: int) -> None:
        for box, value in ((self.count_in, needles_in), (self.count_out, needles_out)):
            if box.value() != value:
                box.blockSignals(True)
                box.setValue(min(value, MAX_NEEDLES))
                box.blockSignals(False)
        self._show_reconciliation()

    def _show_reconciliation(self) -> None:
        result = reconcile(self.count_in.value(), self.count_out.value())
        self.reconcile.setText(result.sentence)
        if result.state == EMPTY:
            self.reconcile.setStyleSheet("")
        elif result.state == MATCHED:
            self.reconcile.setStyleSheet("color: #2e7d32;")
        else:
            self.reconcile.setStyleSheet("color: #c62828; font-weight: 600;")

    def unaccounted(self) -> int:
        """Needles counted in but not out (negative: more out than in)."""
        return self.count_in.value() - self.count_out.value()

    def may_close(self) -> bool:
        """True when the needle counts match, or the person, asked, chooses to close anyway."""
        missing = self.unaccounted()
        if not missing:
            return True
        return messages.ask(
            self.window(),
            "Needles not accounted for",
            f"{abs(missing)} needle{'s' if abs(missing) != 1 else ''} "
            f"{'not yet counted out' if missing > 0 else 'more out than in'}. The counts are kept "
            "for next time; close PointMap anyway?",
            "Close",
        )

    # -- recording -----------------------------------------------------------------------------

    def _item_changed(self, row: QListWidgetItem) -> None:
        checklist = self.current()
        if checklist is None:
            return
        checked = row.checkState() == Qt.CheckState.Checked
        try:
            ops.tick(self.user, checklist, row.data(POSITION_ROLE), checked)
        except PointMapError as exc:
            self.refresh()  # show what is really recorded
            messages.warn(self, "The tick was not recorded", str(exc))

    def start_new_run(self) -> None:
        checklist = self.current()
        if checklist is None:
            return
        try:
            ops.start_new_run(self.user, checklist)
        except PointMapError as exc:
            messages.warn(self, "The checklist was not restarted", str(exc))

    def _counts_changed(self) -> None:
        self._show_reconciliation()
        try:
            ops.set_needle_counts(self.user, self.count_in.value(), self.count_out.value())
        except PointMapError as exc:
            self._show_counts(*ops.needle_counts(self.user))
            messages.warn(self, "The needle count was not recorded", str(exc))
