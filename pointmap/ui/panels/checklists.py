"""The clean-needle checklists, by stage: tick items as you go, and count needles in and out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.reference import STAGE_TITLES, Checklist, Reference
from pointmap.ui.richtext import plain_tooltip


class ChecklistPanel(QWidget):
    """Ticks and counts are kept by the window (``state``/``restore``) so that nothing typed here
    is lost when the app closes; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, reference: Reference, parent=None):
        super().__init__(parent)
        self.reference = reference
        self.checklists = {c.id: c for c in reference.checklists}
        self.chooser = QComboBox(accessibleName="Checklist")
        for checklist in reference.checklists:
            stage = STAGE_TITLES.get(checklist.stage, checklist.stage)
            self.chooser.addItem(f"{stage}: {checklist.title}", checklist.id)
        self.summary = QLabel(wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.items = QListWidget(accessibleName="Checklist items")
        self.items.setWordWrap(True)
        self.items.setAlternatingRowColors(True)
        self.progress = QLabel()
        self.progress.setAccessibleName("Checklist progress")
        self.count_in = QSpinBox(accessibleName="Needles inserted", maximum=999)
        self.count_out = QSpinBox(accessibleName="Needles removed", maximum=999)
        self.count_in.setToolTip("Needles inserted so far in this treatment")
        self.count_out.setToolTip("Needles removed and put in the sharps container")
        self.chooser.setToolTip("Choose a checklist; they are ordered by stage of the day")
        self.reconcile = QLabel(wordWrap=True)
        self.reconcile.setTextFormat(Qt.TextFormat.PlainText)
        self.reconcile.setAccessibleName("Needle count")
        self.reset_button = QPushButton("Clear ticks")
        self.reset_button.setToolTip("Untick every item of this checklist")
        counts = QFormLayout()
        counts.addRow("Needles in:", self.count_in)
        counts.addRow("Needles out:", self.count_out)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.chooser)
        layout.addWidget(self.summary)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.progress)
        layout.addLayout(counts)
        layout.addWidget(self.reconcile)
        layout.addWidget(self.reset_button)
        self._ticks: dict[str, set[int]] = {}
        self.chooser.currentIndexChanged.connect(self._show_current)
        self.items.itemChanged.connect(self._item_changed)
        self.count_in.valueChanged.connect(self._reconcile)
        self.count_out.valueChanged.connect(self._reconcile)
        self.count_in.valueChanged.connect(self.changed)
        self.count_out.valueChanged.connect(self.changed)
        self.chooser.currentIndexChanged.connect(self.changed)
        self.reset_button.clicked.connect(self.clear_ticks)
        self._show_current()
        self._reconcile()

    def current(self) -> Checklist | None:
        return self.checklists.get(self.chooser.currentData())

    def choose(self, checklist_id: str) -> None:
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(checklist_id)))

    def _show_current(self) -> None:
        checklist = self.current()
        self.items.blockSignals(True)
        self.items.clear()
        if checklist is not None:
            self.summary.setText(checklist.summary)
            ticked = self._ticks.setdefault(checklist.id, set())
            for item in checklist.items:
                row = QListWidgetItem(item.text)
                row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
                row.setCheckState(Qt.CheckState.Checked if item.position in ticked else Qt.CheckState.Unchecked)
                basis = ", ".join(self.reference.sources[b].title for b in item.basis if b in self.reference.sources)
                row.setToolTip(plain_tooltip(f"Why: {item.reason}" + (f"\nBasis: {basis}" if basis else "")))
                row.setData(Qt.ItemDataRole.UserRole, item.position)
                self.items.addItem(row)
        self.items.blockSignals(False)
        self._update_progress()

    def _item_changed(self, row: QListWidgetItem) -> None:
        checklist = self.current()
        if checklist is None:
            return
        ticked = self._ticks.setdefault(checklist.id, set())
        position = row.data(Qt.ItemDataRole.UserRole)
        if row.checkState() == Qt.CheckState.Checked:
            ticked.add(position)
        else:
            ticked.discard(position)
        self._update_progress()
        self.changed.emit()

    def clear_ticks(self) -> None:
        checklist = self.current()
        if checklist is not None:
            self._ticks[checklist.id] = set()
            self._show_current()
            self.changed.emit()

    def _update_progress(self) -> None:
        checklist = self.current()
        if checklist is None:
            self.progress.clear()
            return
        done = len(self._ticks.get(checklist.id, set()))
        total = len(checklist.items)
        self.progress.setText(f"{done} of {total} done" + ("  ✓ complete" if done == total and total else ""))

    def unaccounted(self) -> int:
        """Needles counted in but not out (negative: more out than in)."""
        return self.count_in.value() - self.count_out.value()

    def state(self) -> dict:
        return {
            "checklist": self.chooser.currentData(),
            "ticks": {key: sorted(value) for key, value in self._ticks.items() if value},
            "count_in": self.count_in.value(),
            "count_out": self.count_out.value(),
        }

    def restore(self, state: dict) -> None:
        """Put back what was ticked and counted (unknown checklists and bad values are skipped)."""
        ticks = state.get("ticks") if isinstance(state, dict) else None
        if isinstance(ticks, dict):
            for key, positions in ticks.items():
                if key in self.checklists and isinstance(positions, list):
                    self._ticks[key] = {p for p in positions if isinstance(p, int)}
        for box, key in ((self.count_in, "count_in"), (self.count_out, "count_out")):
            value = state.get(key) if isinstance(state, dict) else None
            if isinstance(value, int):
                box.setValue(value)
        chosen = state.get("checklist") if isinstance(state, dict) else None
        if chosen in self.checklists:
            self.choose(chosen)
        self._show_current()

    def _reconcile(self) -> None:
        needles_in, needles_out = self.count_in.value(), self.count_out.value()
        matched = needles_in == needles_out
        self.reconcile.setStyleSheet(
            ""
            if needles_in == 0 and needles_out == 0
            else ("color: #2e7d32;" if matched else "color: #c62828; font-weight: 600;")
        )
        if needles_in == 0 and needles_out == 0:
            self.reconcile.setText("Record the number of needles inserted, then the number removed.")
        elif needles_out == needles_in:
            self.reconcile.setText(f"✓ All {needles_in} needles accounted for.")
        elif needles_out < needles_in:
            missing = needles_in - needles_out
            self.reconcile.setText(
                f"⚠ {missing} needle{'s' if missing > 1 else ''} not yet removed or unaccounted for. "
                "Check the patient, couch, floor and clothing before they leave."
            )
        else:
            self.reconcile.setText("⚠ More needles out than in: recount the sharps container and the record.")
