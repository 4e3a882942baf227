"""Panels that choose a sequence of points to step through: a meridian or a protocol. Each
follows the application state: the choice, and where the stepping stands."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.reference import REGION_TITLES, Reference
from pointmap.core.sequences import MERIDIAN, PROTOCOL, Sequence, meridian_sequence, protocol_sequence
from pointmap.state.app_state import AppState
from pointmap.ui.icons import color_icon

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def _e(text: str) -> str:
    return escape(text or "").replace("\n", "<br>")


class SequencePanel(QWidget):
    """A list to choose from, notes about the choice, and previous/next buttons."""

    kind = ""

    def __init__(self, title: str, reference: Reference, state: AppState, parent=None):
        super().__init__(parent)
        self.reference = reference
        self.state = state
        self.list = QListWidget(accessibleName=title)
        self.notes = QTextBrowser(accessibleName=f"{title} notes")
        self.notes.setOpenLinks(False)
        self.notes.setOpenExternalLinks(False)
        self.position = QLabel(accessibleName=f"Position in the {title.lower()[:-1]}")
        self.position.setTextFormat(Qt.TextFormat.PlainText)
        self.prev = QPushButton("◀ Previous")
        self.next = QPushButton("Next ▶")
        self.prev.setToolTip("Previous point in the sequence ([)")
        self.next.setToolTip("Next point in the sequence (])")
        self.prev.clicked.connect(self.step_back)
        self.next.clicked.connect(self.step_forward)
        buttons = QHBoxLayout()
        buttons.addWidget(self.prev)
        buttons.addWidget(self.position, 1, Qt.AlignmentFlag.AlignCenter)
        buttons.addWidget(self.next)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.notes)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        layout.addLayout(buttons)
        self._following = False
        self.list.currentItemChanged.connect(self._changed)
        state.sequence_changed.connect(self._sequence_changed)
        state.selection_changed.connect(self._update_position)
        self._enable(False)

    def step_back(self) -> None:
        self.state.step(-1)

    def step_forward(self) -> None:
        self.state.step(1)

    def add(self, key: str | None, text: str, color: str | None = None) -> None:
        item = QListWidgetItem(text)
        if color:
            item.setIcon(color_icon(color))
        item.setData(KEY_ROLE, key)
        self.list.addItem(item)

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def choose(self, key: str | None) -> None:
        """Choose as the person would (in the list); the state follows."""
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == key:
                self.list.setCurrentRow(row)
                return

    def _changed(self, current: QListWidgetItem | None, _previous) -> None:
        key = current.data(KEY_ROLE) if current is not None else None
        self.notes.setHtml(self.describe(key) if key else "")
        self._enable(key is not None)
        if not self._following:
            self.state.choose_sequence(self.kind, key)

    def _sequence_changed(self, sequence: Sequence | None) -> None:
        """Follow a choice made elsewhere (the other panel, settings): show ours or none."""
        key = sequence.key if sequence is not None and sequence.kind == self.kind else None
        if key != self.current_key():
            self._following = True
            try:
                self.choose(key)
            finally:
                self._following = False
        self._update_position()

    def _enable(self, on: bool) -> None:
        self.prev.setEnabled(on)
        self.next.setEnabled(on)

    def _update_position(self, *_args) -> None:
        sequence = self.state.sequence
        if sequence is None or sequence.kind != self.kind:
            self.position.setText("")
            return
        index, total = self.state.sequence_position()
        self.position.setText(f"{index} of {total}" if index else f"{total} points: press ] to start")

    def describe(self, key: str) -> str:  # overridden
        return ""


class MeridianPanel(SequencePanel):
    kind = MERIDIAN

    def __init__(self, reference: Reference, state: AppState, parent=None):
        super().__init__("Meridians", reference, state, parent)
        self._following = True
        self.add(None, "No meridian chosen")
        for code in reference.groups:
            meridian = reference.meridians.get(code)
            if meridian:
                self.add(code, f"{code}  {meridian.name}  {meridian.hanzi}", meridian.color)
            else:
                self.add(code, f"{code}  extra points", "#546e7a")
        self._following = False
        self._sequence_changed(state.sequence)

    def describe(self, key: str) -> str:
        meridian = self.reference.meridians.get(key)
        sequence = meridian_sequence(self.reference, key)
        here = ", ".join(sequence.codes) if sequence else ""
        if meridian is None:
            return f"<p><b>{_e(key)}</b>: extra points outside the 14 meridians.</p><p>{_e(here)}</p>"
        views = " · ".join(self.reference.diagrams[d].title for d in meridian.diagrams if d in self.reference.diagrams)
        count = len(sequence.codes) if sequence else 0
        return (
            f"<p><span style='font-size:14pt; font-weight:600'>{_e(meridian.name)}</span> "
            f"({_e(meridian.code)})<br>{_e(meridian.pinyin)} {_e(meridian.hanzi)}</p>"
            f"<p>{meridian.point_count} points in all; {count} on PointMap's diagrams"
            f"{' (' + _e(views) + ')' if views else ''}.</p>"
            f"<p><b>Course</b><br>{_e(meridian.course)}</p>"
            f"<p><b>Notes</b><br>{_e(meridian.notes)}</p>"
            f"<p><b>Points here</b><br>{_e(here)}</p>"
        )


class ProtocolPanel(SequencePanel):
    kind = PROTOCOL

    def __init__(self, reference: Reference, state: AppState, parent=None):
        super().__init__("Protocols", reference, state, parent)
        self._following = True
        self.add(None, "No protocol chosen")
        for proto in reference.protocols:
            self.add(proto.id, f"{proto.title}  ({REGION_TITLES.get(proto.region, proto.region)})")
        self._following = False
        self._sequence_changed(state.sequence)

    def describe(self, key: str) -> str:
        proto = next((p for p in self.reference.protocols if p.id == key), None)
        if proto is None or protocol_sequence(self.reference, key) is None:
            return ""
        steps = "".join(
            f"<li><b>{_e(s.point_code)}</b> {_e(self.reference.points[s.point_code].pinyin)}: {_e(s.note)}</li>"
            for s in proto.steps
            if s.point_code in self.reference.points
        )
        return (
            f"<p><span style='font-size:14pt; font-weight:600'>{_e(proto.title)}</span><br>"
            f"<i>{_e(proto.status)}</i></p>"
            f"<p><b>Purpose</b><br>{_e(proto.purpose)}</p><ol>{steps}</ol>"
            f"<p><b>Notes</b><br>{_e(proto.notes)}</p>"
        )
