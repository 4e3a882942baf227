"""The Session tab: who is being treated, the cautions the screening raised, the needles in and
out with the sites that still hold them, the retention timer, and the session's buttons. It shows
what the record holds; the buttons ask the session controller (ui/modes/session.py) to act."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.userdata.sessions import Session
from pointmap.ui.richtext import plain_tooltip

SITE_ROLE = Qt.ItemDataRole.UserRole + 1


def _label(name: str) -> QLabel:
    label = QLabel(accessibleName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    # Long text wraps to the panel's width; it never widens the panel (the diagram keeps its room).
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(120)
    return label


def minutes_since(stamp: str | None, now: datetime) -> int | None:
    if not stamp:
        return None
    try:
        return max(0, int((now - datetime.fromisoformat(stamp)).total_seconds() // 60))
    except ValueError:
        return None


def clock(stamp: str | None) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%H:%M") if stamp else ""
    except ValueError:
        return stamp or ""


class SessionPanel(QWidget):
    start_requested = Signal()
    all_out_requested = Signal()
    undo_requested = Signal()
    adverse_requested = Signal()
    close_requested = Signal()
    site_chosen = Signal(object)  # Site: show it on the diagram
    notes_edited = Signal(str)
    alert_changed = Signal(object)  # minutes or None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: Session | None = None
        self.heading = _label("Session")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.when = _label("When")
        self.cautions = _label("Cautions raised by the screening")
        self.cautions.setStyleSheet(
            "background-color: #fdecea; color: #7f1d1d; padding: 6px; border-radius: 3px; font-weight: 600;"
        )
        self.counts = _label("Needle count")
        count_font = self.counts.font()
        count_font.setPointSizeF(count_font.pointSizeF() * 1.25)
        count_font.setBold(True)
        self.counts.setFont(count_font)
        self.problem = _label("What does not add up")
        self.problem.setStyleSheet(
            "background-color: #c62828; color: #ffffff; padding: 6px; border-radius: 3px; font-weight: 600;"
        )
        self.timers = _label("Retention")
        self.still_in = QListWidget(accessibleName="Sites that still hold needles")
        self.still_in.setToolTip("Sites that still hold needles; double-click to show one on the diagram")
        self.alert = QSpinBox(accessibleName="Retention alert in minutes", minimum=0, maximum=240)
        self.alert.setSpecialValueText("no alert")
        self.alert.setSuffix(" min")
        self.alert.setToolTip("Say so when the first needle has been in this long")
        self.notes = QPlainTextEdit(accessibleName="Session notes")
        self.notes.setPlaceholderText("Notes on this session (kept as you type)")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(110)
        self.start_button = QPushButton("New session…")
        self.all_out_button = QPushButton("All out…")
        self.undo_button = QPushButton("Undo last mark")
        self.adverse_button = QPushButton("Adverse event…")
        self.close_button = QPushButton("Close session…")
        self.start_button.setToolTip("Start recording a treatment (Ctrl+N)")
        self.all_out_button.setToolTip("Count the needles in your hand against those still marked in")
        self.undo_button.setToolTip("Undo the last needle marked in by mistake")
        self.close_button.setToolTip("Close the session: complete only when every needle is accounted for")
        buttons = QGridLayout()
        buttons.addWidget(self.all_out_button, 0, 0)
        buttons.addWidget(self.undo_button, 0, 1)
        buttons.addWidget(self.adverse_button, 1, 0)
        buttons.addWidget(self.close_button, 1, 1)
        alert_row = QFormLayout()
        alert_row.addRow("Alert after:", self.alert)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.when)
        layout.addWidget(self.start_button)
        layout.addWidget(self.cautions)
        layout.addWidget(self.counts)
        layout.addWidget(self.problem)
        layout.addWidget(self.still_in, 1)
        layout.addWidget(self.timers)
        layout.addLayout(alert_row)
        layout.addLayout(buttons)
        layout.addWidget(self.notes)
        self.start_button.clicked.connect(self.start_requested)
        self.all_out_button.clicked.connect(self.all_out_requested)
        self.undo_button.clicked.connect(self.undo_requested)
        self.adverse_button.clicked.connect(self.adverse_requested)
        self.close_button.clicked.connect(self.close_requested)
        self.still_in.itemActivated.connect(self._site_activated)
        self.alert.valueChanged.connect(self._alert_changed)
        self._notes_timer = QTimer(self, singleShot=True, interval=600)
        self._notes_timer.timeout.connect(self.flush_notes)
        self.notes.textChanged.connect(self._notes_timer.start)
        self.notes.installEventFilter(self)  # leaving the notes hands them over at once
        self.show_session(None, None, [], datetime.now().astimezone())

    # -- showing -------------------------------------------------------------------------------

    def show_session(
        self, session: Session | None, course: tuple[int, int | None] | None, cautions: list[str], now: datetime
    ) -> None:
        self.session = session
        active = session is not None
        for widget in (
            self.all_out_button,
            self.undo_button,
            self.adverse_button,
            self.close_button,
            self.notes,
            self.alert,
            self.still_in,
        ):
            widget.setEnabled(active)
        self.start_button.setVisible(not active)
        if session is None:
            self.heading.setText("No session open")
            self.when.setText(
                "Start one with Session → New session (Ctrl+N). While a session is open, a click on a point "
                "marks a needle in there, and a click on a needle's pin marks it out."
            )
            self.cautions.hide()
            self.problem.hide()
            self.counts.setText("")
            self.timers.setText("")
            self.still_in.clear()
            self._set_notes("")
            return
        number, planned = course or (0, None)
        of = f" · session {number} of {planned}" if planned else (f" · session {number}" if number else "")
        self.heading.setText(f"Client {session.client_ref}{of}")
        self.when.setText(f"Started {clock(session.started_at)}")
        if cautions:
            self.cautions.setText("⚠ " + "\n⚠ ".join(dict.fromkeys(cautions)))
            self.cautions.show()
        else:
            self.cautions.hide()
        tally = session.tally()
        self.counts.setText(f"In {tally.inserted} · out {tally.removed} · still in {tally.in_place}")
        self.counts.setStyleSheet(
            "color: #c62828;" if tally.in_place else ("color: #2e7d32;" if tally.inserted else "")
        )
        problem = session.count_problem()
        self.problem.setVisible(problem is not None)
        if problem is not None:
            self.problem.setText(
                f"⚠ {problem} Check the client, couch, pillow, floor and clothing. When the needle is found, "
                "mark it out at its site (or count again); otherwise close the session with an incident record."
            )
        self.still_in.clear()
        for site, count in tally.still_in:
            row = QListWidgetItem(f"{site.label()}" + (f"  ×{count}" if count > 1 else ""))
            row.setData(SITE_ROLE, site)
            row.setToolTip(plain_tooltip(f"{site.label()}: {count} needle{'s' if count != 1 else ''} in"))
            self.still_in.addItem(row)
        self.undo_button.setEnabled(any(n.in_place for n in session.needles))
        self.alert.blockSignals(True)
        self.alert.setValue(session.alert_minutes or 0)
        self.alert.blockSignals(False)
        if not self.notes.hasFocus():
            self._set_notes(session.notes)
        self.show_timers(now)

    def show_timers(self, now: datetime) -> None:
        session = self.session
        if session is None:
            return
        first, last = session.first_and_last_in()
        if first is None:
            self.timers.setText("No needle in yet.")
            return
        if session.tally().in_place == 0:
            self.timers.setText(f"First needle in at {clock(first)}; all out.")
            return
        self.timers.setText(
            f"First needle in at {clock(first)}, {minutes_since(first, now)} min ago; "
            f"last at {clock(last)}, {minutes_since(last, now)} min ago."
        )

    def _set_notes(self, text: str) -> None:
        if self.notes.toPlainText() != text:
            self.notes.blockSignals(True)
            self.notes.setPlainText(text)
            self.notes.blockSignals(False)

    # -- reporting -----------------------------------------------------------------------------

    def flush_notes(self) -> None:
        """Hand the notes over now (typing pauses, focus leaves, the window closes)."""
        self._notes_timer.stop()
        if self.session is not None and self.notes.toPlainText() != self.session.notes:
            self.notes_edited.emit(self.notes.toPlainText())

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched is getattr(self, "notes", None):
            self.flush_notes()
        return super().eventFilter(watched, event)

    def _site_activated(self, item: QListWidgetItem) -> None:
        site = item.data(SITE_ROLE)
        if site is not None:
            self.site_chosen.emit(site)

    def _alert_changed(self, minutes: int) -> None:
        self.alert_changed.emit(minutes or None)
