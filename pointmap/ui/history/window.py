"""The History window (Session → History…, Ctrl+H): every session, newest first, filtered as you
type (client reference, dates, outcome, adverse events); the chosen session's record read-only, its
needle map redrawn on scenes of its own, the client's course and the adverse events across it;
an amendment or a late adverse event added to a record (new rows: the record is never rewritten);
exports as PDF and CSV; the retention setting and the records past it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.errors import PointMapError
from pointmap.core.fileio import atomic_write, safe_file_stem
from pointmap.core.records import Record, text
from pointmap.core.records.record import when
from pointmap.core.records.table import csv_bytes
from pointmap.core.reference import Reference
from pointmap.core.userdata.history import Line, course_label
from pointmap.core.userdata.retention import DEFAULT_YEARS, MAX_YEARS
from pointmap.state.operations import records as ops
from pointmap.state.operations import sessions as session_ops
from pointmap.state.userdata import Changes, UserData
from pointmap.ui import messages
from pointmap.ui.history.model import LINE_ROLE, OUTCOMES, Filter, HistoryModel
from pointmap.ui.history.needle_map import NeedleMap

ANY_DAY = QDate(2000, 1, 1)  # the date edits' "any date" (their minimum, shown as words)
RETENTION_TIP = (
    "How long to keep treatment records, in years. Retention periods are set by local rules (the law "
    "where you practise, your professional body, your insurer): set the one that applies to you. "
    f"{DEFAULT_YEARS} years is a common choice in clinics' record-keeping policies, not advice. A record counts as "
    "past it when the client's most recent session is older; nothing is deleted unless you ask."
)
BIG_EXPORT = 500  # sessions: above this, ask before making the file


def _plain_item(value: str) -> QTableWidgetItem:
    item = QTableWidgetItem(value)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def _fill(table: QTableWidget, rows: list[tuple[str, ...]], ids: list[int] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = _plain_item(value)
            if ids is not None:
                item.setData(LINE_ROLE, ids[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), accessibleName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


class RecordPanel(QWidget):
    """One session, read-only: its record as text, the client's course, the bruise log, the map."""

    session_chosen = Signal(int)

    def __init__(self, reference: Reference, map_widget: NeedleMap, parent: QWidget | None = None):
        super().__init__(parent)
        self.reference = reference
        self.record: Record | None = None
        self.heading = QLabel(accessibleName="Session shown")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.text = QPlainTextEdit(accessibleName="The session's record")
        self.text.setReadOnly(True)  # plain text: notes that look like markup are shown as typed
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.course = _table(("Session", "Date", "Outcome", "Needles", "Adverse events"), "The client's course")
        self.course.setToolTip("Every session of this client reference; double-click one to open it")
        self.course.itemActivated.connect(self._course_activated)
        self.bruises = _table(
            ("Recorded", "Session", "Event", "Site", "Action taken", "Notes"), "Adverse events across the course"
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.text, "Record")
        self.tabs.addTab(self.course, "Client's course")
        self.tabs.addTab(self.bruises, "Bruise log")
        self.map = map_widget
        self.amend_button = QPushButton("Add to the record…")
        self.amend_button.setToolTip(
            "An amendment: added below the record with today's time; the record is not changed"
        )
        self.adverse_button = QPushButton("Adverse event noticed later…")
        self.pdf_button = QPushButton("Export PDF")
        self.csv_button = QPushButton("Export CSV")
        buttons = QHBoxLayout()
        for button in (self.amend_button, self.adverse_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.pdf_button, self.csv_button):
            buttons.addWidget(button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(self.map)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([460, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.show_record(None, [], [])

    def show_record(self, record: Record | None, course: list[Line], bruises: list) -> None:
        self.record = record
        for button in (self.amend_button, self.adverse_button):
            button.setEnabled(record is not None)
        self.map.show_session(record.session if record else None)
        if record is None:
            self.heading.setText("No session chosen")
            self.text.setPlainText("Choose a session in the list to read its record.")
            _fill(self.course, [])
            _fill(self.bruises, [])
            return
        self.heading.setText(f"{record.title()} · {when(record.session.started_at)}")
        self.text.setPlainText(text(record))
        rows = [
            (
                course_label(x.number, x.planned),
                when(x.started_at),
                OUTCOMES.get(x.state, x.state),
                str(x.needles),
                str(x.adverse) if x.adverse else "",
            )
            for x in course
        ]
        _fill(self.course, rows, [x.id for x in course])
        for r, x in enumerate(course):
            if x.id == record.session.id:
                self.course.selectRow(r)
        self.tabs.setTabText(1, f"Client's course ({len(course)})")
        rows = []
        for logged in bruises:
            e = logged.event
            site = "" if not e.point_code else (e.point_code + ("" if e.side in (None, "midline") else f" ({e.side})"))
            rows.append(
                (when(e.at), course_label(logged.number, logged.planned), e.kind, site, e.action_taken, e.notes)
            )
        _fill(self.bruises, rows, [logged.session_id for logged in bruises])
        self.tabs.setTabText(2, f"Bruise log ({len(bruises)})")

    def _course_activated(self, item: QTableWidgetItem) -> None:
        session_id = item.data(LINE_ROLE)
        if session_id is not None:
            self.session_chosen.emit(int(session_id))


class HistoryWindow(QWidget):
    """The window itself; ``user`` and ``reference`` as the main window has them."""

    def __init__(
        self,
        reference: Reference,
        user: UserData,
        map_widget: NeedleMap,
        pdf_writer: Callable[[str, list[Record], str], object],
        parent: QWidget | None = None,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Treatment history — PointMap")
        self.setObjectName("historyWindow")
        self.reference = reference
        self.user = user
        self.pdf_writer = pdf_writer
        self.model = HistoryModel(self)
        self.past: frozenset[int] = frozenset()
        self._current: int | None = None
        self._make_filters()
        self.table = QTableView(accessibleName="Sessions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first; a header click sorts
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((118, 72, 92, 58, 116)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._reselect)
        self.panel = RecordPanel(reference, map_widget)
        self.panel.session_chosen.connect(self.open_session)
        self.panel.amend_button.clicked.connect(self.amend)
        self.panel.adverse_button.clicked.connect(self.adverse_event)
        self.panel.pdf_button.setMenu(self._export_menu(self.export_pdf))
        self.panel.csv_button.setMenu(self._export_menu(self.export_csv))
        self._make_retention()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.filters)
        column.addWidget(self.table, 1)
        column.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([580, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(self.retention_row)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.client.setFocus)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self._reload_timer = QTimer(self, singleShot=True, interval=400)
        self._reload_timer.timeout.connect(self.reload)
        self._stale = False
        user.changed.connect(self._user_changed)
        self.resize(1360, 820)
        self.reload()

    # -- building ------------------------------------------------------------------------------

    def _make_filters(self) -> None:
        self.client = QLineEdit(accessibleName="Client reference contains")
        self.client.setPlaceholderText("Client reference…")
        self.client.setClearButtonEnabled(True)
        self.client.setToolTip("Sessions whose client reference contains this (any case)")
        self.since = self._date_edit("From", "Sessions from this day")
        self.until = self._date_edit("To", "Sessions up to this day")
        self.outcome = QComboBox(accessibleName="Outcome")
        for label, value in (("Any outcome", ""), ("Complete", "complete"), ("Incident", "incident"), ("Open", "open")):
            self.outcome.addItem(label, value)
        self.adverse = QCheckBox("With adverse events")
        self.clear_button = QPushButton("Show all")
        self.clear_button.setToolTip("Clear every filter")
        self.clear_button.clicked.connect(self.clear_filters)
        self.count = QLabel(accessibleName="Sessions shown")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.client.textChanged.connect(self.apply_filter)
        self.since.dateChanged.connect(self.apply_filter)
        self.until.dateChanged.connect(self.apply_filter)
        self.outcome.currentIndexChanged.connect(self.apply_filter)
        self.adverse.toggled.connect(self.apply_filter)
        first = QHBoxLayout()
        first.addWidget(self.client, 1)
        first.addWidget(self.outcome)
        second = QHBoxLayout()
        second.addWidget(QLabel("From"))
        second.addWidget(self.since)
        second.addWidget(QLabel("to"))
        second.addWidget(self.until)
        second.addWidget(self.adverse)
        second.addStretch(1)
        second.addWidget(self.clear_button)
        self.filters = QVBoxLayout()
        self.filters.addLayout(first)
        self.filters.addLayout(second)

    def _date_edit(self, name: str, tip: str) -> QDateEdit:
        edit = QDateEdit(accessibleName=f"{name} date")
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(ANY_DAY)
        edit.setSpecialValueText("any date")
        edit.setDate(ANY_DAY)
        edit.setToolTip(f"{tip}; the earliest value means any date")
        return edit

    def _make_retention(self) -> None:
        self.years = QSpinBox(accessibleName="Keep records for, in years", minimum=1, maximum=MAX_YEARS)
        self.years.setSuffix(" years")
        self.years.setToolTip(RETENTION_TIP)
        self.years.editingFinished.connect(self._years_changed)
        self.past_label = QLabel(accessibleName="Records past the retention period")
        self.past_label.setTextFormat(Qt.TextFormat.PlainText)
        self.past_label.setToolTip(RETENTION_TIP)
        self.show_past = QCheckBox("Show only these")
        self.show_past.toggled.connect(self.apply_filter)
        self.delete_button = QPushButton("Delete chosen…")
        self.delete_button.setToolTip(
            "Delete the chosen records past the retention period, after a backup of your database; asks first"
        )
        self.delete_button.clicked.connect(self.delete_chosen)
        self.retention_row = QHBoxLayout()
        keep = QLabel("Keep records for")
        keep.setToolTip(RETENTION_TIP)
        self.retention_row.addWidget(keep)
        self.retention_row.addWidget(self.years)
        self.retention_row.addWidget(self.past_label)
        self.retention_row.addWidget(self.show_past)
        self.retention_row.addWidget(self.delete_button)
        self.retention_row.addStretch(1)

    def _export_menu(self, slot) -> QMenu:
        menu = QMenu(self)
        menu.addAction("This session…", partial(slot, "session"))
        menu.addAction("This client's course…", partial(slot, "course"))
        menu.addAction("The sessions listed…", partial(slot, "listed"))
        return menu

    # -- reading -------------------------------------------------------------------------------

    def _user_changed(self, changes: Changes) -> None:
        """Read again soon when this window is the one in use; otherwise when it is next shown or
        activated (needles marked in the main window do not make ten thousand lines be read each time)."""
        if changes.touches(*ops.SESSIONS, *ops.PREFERENCES):
            if self.isVisible() and self.isActiveWindow():
                self._reload_timer.start()
            else:
                self._stale = True

    def _catch_up(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def showEvent(self, event) -> None:
        self._catch_up()
        super().showEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._catch_up()
        super().changeEvent(event)

    def reload(self) -> None:
        """Read the history again, keeping the filter and the session shown."""
        self.years.blockSignals(True)
        self.years.setValue(ops.retention_years(self.user))
        self.years.blockSignals(False)
        today = today_qdate(self.user.clock().date())
        for edit in (self.since, self.until):  # records exist up to today: a later day cannot be chosen
            edit.setMaximumDate(today)
        every = ops.lines(self.user)
        self.past = frozenset(x.id for x in ops.past_retention(self.user, every))
        self.model.set_lines(every)
        self._show_count()
        self._show_retention()
        if self._current is not None:
            self.open_session(self._current)

    def filter_now(self) -> Filter:
        since = "" if self.since.date() == ANY_DAY else self.since.date().toString("yyyy-MM-dd")
        until = "" if self.until.date() == ANY_DAY else self.until.date().toString("yyyy-MM-dd")
        return Filter(
            text=self.client.text(),
            since=since,
            until=until,
            outcome=self.outcome.currentData() or "",
            adverse=self.adverse.isChecked(),
            only=self.past if self.show_past.isChecked() else None,
        )

    def apply_filter(self, *_args) -> None:
        self.model.set_filter(self.filter_now())
        self._show_count()

    def clear_filters(self) -> None:
        for widget in (self.client, self.since, self.until, self.outcome, self.adverse, self.show_past):
            widget.blockSignals(True)
        self.client.clear()
        self.since.setDate(ANY_DAY)
        self.until.setDate(ANY_DAY)
        self.outcome.setCurrentIndex(0)
        self.adverse.setChecked(False)
        self.show_past.setChecked(False)
        for widget in (self.client, self.since, self.until, self.outcome, self.adverse, self.show_past):
            widget.blockSignals(False)
        self.apply_filter()

    def show_past_retention(self) -> None:
        """From the reminder: only the records past retention, all chosen."""
        self.clear_filters()
        self.show_past.setChecked(True)
        self.table.selectAll()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.lines)
        f = self.filter_now()
        if total == 0:
            words = "No sessions recorded yet." if self.user.is_open else (self.user.unavailable or "")
        elif f.since and f.until and f.since > f.until:
            words = "The from date is after the to date: no session can match."
        elif shown == total:
            words = f"{total:,} session{'s' if total != 1 else ''}, newest first."
        else:
            words = f"{shown:,} of {total:,} sessions match."
        self.count.setText(words)

    def _show_retention(self) -> None:
        n = len(self.past)
        if n:
            self.past_label.setText(f"{n:,} record{'s' if n != 1 else ''} past it (closed; client not seen since).")
            self.past_label.setStyleSheet("color: #b45309; font-weight: 600;")
        else:
            self.past_label.setText("No record is past it.")
            self.past_label.setStyleSheet("")
        self.show_past.setEnabled(bool(n) or self.show_past.isChecked())
        self._selection_changed()

    def _reselect(self) -> None:
        if self._current is None:
            return
        row = self.model.row_of(self._current)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        line = self.model.line(current.row()) if current.isValid() else None
        if line is not None and line.id != self._current:
            self.open_session(line.id)

    def _selection_changed(self, *_args) -> None:
        chosen = self.chosen_ids()
        self.delete_button.setEnabled(bool(chosen) and all(i in self.past for i in chosen))

    def chosen_ids(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [line.id for row in sorted(rows) if (line := self.model.line(row)) is not None]

    def open_session(self, session_id: int) -> None:
        """Show a session's record, read-only, with its map, course and bruise log."""
        try:
            record = ops.record(self.user, self.reference, session_id)
            course = ops.course(self.user, record.session.client_ref)
            bruises = ops.adverse_log(self.user, record.session.client_ref)
        except PointMapError as exc:
            self._current = None
            self.panel.show_record(None, [], [])
            self.panel.text.setPlainText(str(exc))
            return
        self._current = session_id
        self.panel.show_record(record, course, bruises)
        row = self.model.row_of(session_id)
        current = self.table.currentIndex()
        if row >= 0 and (not current.isValid() or current.row() != row):
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, 0))

    @property
    def record(self) -> Record | None:
        return self.panel.record

    # -- adding to a record --------------------------------------------------------------------

    def amend(self) -> None:
        from pointmap.ui.history.dialogs import AmendDialog

        record = self.record
        if record is None:
            return
        dialog = AmendDialog(record.title(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            session_ops.amend(self.user, record.session.id, dialog.text.toPlainText())
        except PointMapError as exc:
            messages.warn(self, "Not added", str(exc))
            return
        self.reload()

    def adverse_event(self) -> None:
        from pointmap.ui.dialogs.session import AdverseEventDialog

        record = self.record
        if record is None:
            return
        sites = {n.site.label(): n.site for n in record.session.needles if n.voided_at is None}
        dialog = AdverseEventDialog(list(sites), self)
        dialog.setWindowTitle(f"Adverse event noticed later — {record.title()}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            session_ops.adverse_event(
                self.user,
                record.session.id,
                dialog.kind.currentData(),
                site=sites.get(dialog.site.currentData()),
                action_taken=dialog.action.toPlainText(),
                notes=dialog.notes.toPlainText(),
            )
        except PointMapError as exc:
            messages.warn(self, "Not recorded", str(exc))
            return
        self.reload()

    # -- exports -------------------------------------------------------------------------------

    def _scope(self, scope: str) -> tuple[list[int], str, str] | None:
        """(session ids oldest first, a title, a file name) for an export, or None with a word why."""
        record = self.record
        if scope == "listed":
            lines = self.model.shown_lines()
            if not lines:
                messages.warn(self, "Nothing to export", "No session is listed; change the filter first.")
                return None
            lines.sort(key=lambda x: (x.started_at, x.id))
            f = self.filter_now()
            words = "all sessions" if f.is_empty() else "the sessions listed"
            title = f"Treatment records: {words}, {lines[0].day} to {lines[-1].day}"
            return [x.id for x in lines], title, f"sessions {lines[0].day} to {lines[-1].day}"
        if record is None:
            messages.warn(self, "Nothing to export", "Choose a session in the list first.")
            return None
        ref = record.session.client_ref
        if scope == "course":
            ids = [x.id for x in ops.course(self.user, ref)]
            return ids, f"Client {ref}: course of {len(ids)} session{'s' if len(ids) != 1 else ''}", f"client {ref}"
        return [record.session.id], f"Client {ref}: session {record.course}", f"client {ref} {record.day}"

    def _export(self, scope: str, kind: str, suffix: str, make: Callable[[list[Record], str, str], None]) -> None:
        chosen = self._scope(scope)
        if chosen is None:
            return
        ids, title, stem = chosen
        if len(ids) > BIG_EXPORT and not messages.ask(
            self, "A large export", f"This exports {len(ids):,} sessions; it may take a while. Go on?", "Yes"
        ):
            return
        path, _ = QFileDialog.getSaveFileName(
            self, f"Export as {kind}", f"{safe_file_stem(stem)}{suffix}", f"{kind} (*{suffix})"
        )
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            records = ops.records(self.user, self.reference, ids)
            make(records, path, title)
        except PointMapError as exc:
            QApplication.restoreOverrideCursor()
            messages.warn(self, "Export failed", str(exc))
            return
        QApplication.restoreOverrideCursor()
        messages.tell(self, "Exported", f"{len(ids):,} session{'s' if len(ids) != 1 else ''} written to {path}.")

    def export_pdf(self, scope: str) -> None:
        self._export(scope, "PDF", ".pdf", self._write_pdf)

    def export_csv(self, scope: str) -> None:
        self._export(scope, "CSV", ".csv", self._write_csv)

    def _write_pdf(self, records: list[Record], path: str, title: str) -> None:
        self.pdf_writer(path, records, title)

    @staticmethod
    def _write_csv(records: list[Record], path: str, _title: str) -> None:
        atomic_write(path, csv_bytes(records), private=True)

    # -- retention -----------------------------------------------------------------------------

    def _years_changed(self) -> None:
        if self.years.value() == ops.retention_years(self.user):
            return
        try:
            ops.set_retention_years(self.user, self.years.value())
        except PointMapError as exc:
            messages.warn(self, "Not changed", str(exc))
        self.reload()
        self.apply_filter()

    def delete_chosen(self) -> None:
        ids = self.chosen_ids()
        if not ids or not all(i in self.past for i in ids):
            return
        n = len(ids)
        keep = ops.retention_years(self.user)
        question = (
            f"Delete {n:,} treatment record{'s' if n != 1 else ''} past the retention period ({keep} years)? "
            "Each goes whole: needles, screening answers, counts, adverse events, incidents, amendments and "
            "checklist ticks. A copy of your whole database is written to the backups folder first; keep or "
            "remove it as your rules require. This cannot be undone in PointMap."
        )
        from pointmap.ui.history.dialogs import confirm_delete

        if not confirm_delete(self, question, n):
            return
        try:
            done = ops.delete_past_retention(self.user, ids)
        except PointMapError as exc:
            messages.warn(self, "Nothing was deleted", str(exc))
            self.reload()
            return
        if self._current in ids:
            self._current = None
            self.panel.show_record(None, [], [])
        self.reload()
        self.apply_filter()
        messages.tell(
            self,
            "Records deleted",
            f"{done.count:,} record{'s' if done.count != 1 else ''} deleted. The database as it was before is "
            f"kept at {done.backup}.",
        )


def today_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
