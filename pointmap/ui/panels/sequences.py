"""Panels that choose a sequence of points to step through: a meridian or a protocol (built-in, or one of
the person's own, or their favourites). Each follows the application state: the choice, and where the
stepping stands. The person's own protocols are edited here too; the built-in ones stay read-only."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from pointmap.core.reference import Reference
from pointmap.core.sequences import (
    FAVOURITES,
    FAVOURITES_KEY,
    MERIDIAN,
    OWN_PROTOCOL,
    PROTOCOL,
    Sequence,
    meridian_sequence,
    protocol_sequence,
)
from pointmap.state.app_state import AppState
from pointmap.ui.icons import color_icon
from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from pointmap.state.userdata import Changes, UserData
    from pointmap.ui.panels.own_protocols import ProtocolEditor
    from pointmap.ui.undo import History

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # rows of another kind than the panel's own (own protocols, favourites)


def _e(text: str) -> str:
    return escape(text or "").replace("\n", "<br>")


class SequencePanel(QWidget):
    """A list to choose from, notes about the choice, and previous/next buttons."""

    kind = ""
    kinds: tuple[str, ...] = ()  # the kinds of sequence its rows choose (default: ``kind`` alone)

    def __init__(self, title: str, reference: Reference, state: AppState, parent=None):
        super().__init__(parent)
        self.reference = reference
        self.state = state
        self.list = QListWidget(accessibleName=title)
        # Long titles wrap onto a second line rather than running off under a scroll bar.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
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
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.notes)
        split.setStretchFactor(1, 2)
        self.layout_ = layout = QVBoxLayout(self)
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

    @property
    def chosen_kinds(self) -> tuple[str, ...]:
        return self.kinds or (self.kind,)

    def add(self, key: str | None, text: str, color: str | None = None, kind: str | None = None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        if color:
            item.setIcon(color_icon(color))
        item.setData(KEY_ROLE, key)
        item.setData(KIND_ROLE, kind or self.kind)
        self.list.addItem(item)
        return item

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def current_kind(self) -> str:
        item = self.list.currentItem()
        return (item.data(KIND_ROLE) if item is not None else None) or self.kind

    def choose(self, key: str | None, kind: str | None = None) -> None:
        """Choose as the person would (in the list); the state follows."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(KEY_ROLE) == key and (key is None or kind is None or item.data(KIND_ROLE) == kind):
                self.list.setCurrentRow(row)
                return

    def _changed(self, current: QListWidgetItem | None, _previous) -> None:
        key = current.data(KEY_ROLE) if current is not None else None
        kind = self.current_kind()
        self.show_description(kind, key)
        self._enable(key is not None)
        if not self._following:
            if key is None:
                sequence = self.state.sequence
                if sequence is not None and sequence.kind in self.chosen_kinds:
                    self.state.choose_sequence(sequence.kind, None)
            else:
                self.state.choose_sequence(kind, key)

    def show_description(self, kind: str, key: str | None) -> None:
        self.notes.setHtml(self.describe(key) if key else "")

    def _sequence_changed(self, sequence: Sequence | None) -> None:
        """Follow a choice made elsewhere (the other panel, settings): show ours or none."""
        ours = sequence is not None and sequence.kind in self.chosen_kinds
        key = sequence.key if ours else None
        kind = sequence.kind if ours else None
        if key != self.current_key() or (key is not None and kind != self.current_kind()):
            self._following = True
            try:
                self.choose(key, kind)
            finally:
                self._following = False
        self._update_position()

    def _enable(self, on: bool) -> None:
        self.prev.setEnabled(on)
        self.next.setEnabled(on)

    def _update_position(self, *_args) -> None:
        sequence = self.state.sequence
        if sequence is None or sequence.kind not in self.chosen_kinds:
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
    """The built-in protocols (read-only) and, once ``attach_own`` is called, the person's own ones (marked
    as theirs, edited in place) and their favourites, all to step through with ] and [."""

    kind = PROTOCOL
    kinds = (PROTOCOL, OWN_PROTOCOL, FAVOURITES)

    def __init__(self, reference: Reference, state: AppState, parent=None):
        super().__init__("Protocols", reference, state, parent)
        self._following = True
        self.add(None, "No protocol chosen")
        for proto in reference.protocols:
            self.add(proto.id, f"{proto.title}  ({reference.region_title(proto.region)})")
        self._builtin_rows = self.list.count()
        self._following = False
        self.user: UserData | None = None
        self.editor: ProtocolEditor | None = None
        self._sequence_changed(state.sequence)

    # -- the person's own protocols ----------------------------------------------------------------

    def attach_own(self, user: UserData, history: History, share: Callable[[list[str]], None]) -> None:
        """Show the person's protocols and favourites beside the built-in ones, with an editor for theirs
        and buttons to make, delete and share them. ``share(uids)`` exports protocols to a file."""
        from PySide6.QtWidgets import QMenu, QStackedWidget, QToolButton

        from pointmap.ui.panels.own_protocols import ProtocolEditor

        self.user, self.history, self._share = user, history, share
        self.editor = ProtocolEditor(self.reference, self.state, user, history)
        self.stack = QStackedWidget()
        self.split.replaceWidget(1, self.stack)
        self.stack.addWidget(self.notes)
        self.stack.addWidget(self.editor)
        self.new_button = QToolButton(text="New protocol", accessibleName="New protocol")
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_button.setToolTip("Make a protocol of your own: empty, from a point, your favourites or a copy")
        self.new_menu = QMenu(self.new_button)
        self.new_button.setMenu(self.new_menu)
        self.new_menu.aboutToShow.connect(self._fill_new_menu)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete this protocol of yours (Ctrl+Z brings it back)")
        self.share_button = QPushButton("Share…")
        self.share_button.setToolTip("Export this protocol to a file another PointMap can import")
        self.delete_button.clicked.connect(self.delete_current)
        self.share_button.clicked.connect(self.share_current)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        bar.addWidget(self.share_button)
        bar.addWidget(self.delete_button)
        self.layout_.insertLayout(0, bar)
        self.new_button.setEnabled(user.is_open)
        if not user.is_open:
            self.new_button.setToolTip(user.unavailable or "Your records are not open")
        user.changed.connect(self._user_changed)
        self.fill_own()

    def _user_changed(self, changes: Changes) -> None:
        if changes.touches("own_protocols", "own_protocol_points", "favourites"):
            self.fill_own()

    def _colour_heading(self) -> None:
        """The "Yours" heading is no row to choose, but it is text to read: drawn in the text's own
        colour, not the greyed one of a disabled row."""
        if self.list.count() > self._builtin_rows:
            colour = self.list.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
            self.list.item(self._builtin_rows).setForeground(colour)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a theme was chosen
            self._colour_heading()

    def fill_own(self) -> None:
        """The rows after the built-in ones: a heading, the favourites, then each own protocol. Rows that
        stay are relabelled in place, so the protocol being edited keeps the keyboard focus."""
        from pointmap.state.operations import own as ops

        if self.user is None:
            return
        count = len(ops.favourites(self.user))
        rows: list[tuple[str | None, str, str, str]] = [
            (None, PROTOCOL, "Yours", ""),
            (
                FAVOURITES_KEY,
                FAVOURITES,
                f"★ Your favourites  ({count} points)",
                "Step through the points you starred, in the order you starred them",
            ),
        ]
        for p in ops.own_protocols(self.user):
            region = self.reference.region_title(p.draft.region) if p.draft.region else "several regions"
            tip = f"Your own protocol: {len(p.steps)} points. Edit it below."
            rows.append((p.uid, OWN_PROTOCOL, f"✎ {p.title}  ({region}) · yours", tip))
        present = [
            (self.list.item(r).data(KEY_ROLE), self.list.item(r).data(KIND_ROLE))
            for r in range(self._builtin_rows, self.list.count())
        ]
        kind, key = self.current_kind(), self.current_key()
        self.list.blockSignals(True)  # the rows change, not the person's choice
        try:
            if present != [(k, kd) for k, kd, _, _ in rows]:
                while self.list.count() > self._builtin_rows:
                    self.list.takeItem(self._builtin_rows)
                for row_key, row_kind, text, _ in rows:
                    self.add(row_key, text, kind=row_kind)
                heading = self.list.item(self._builtin_rows)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                self._colour_heading()
            for n, (_, _, text, tip) in enumerate(rows):
                item = self.list.item(self._builtin_rows + n)
                item.setText(text)
                item.setToolTip(plain_tooltip(tip) if tip else "")
            self.choose(key, kind)
            if self.current_key() != key:
                self.list.setCurrentRow(0)
        finally:
            self.list.blockSignals(False)
        self.show_description(self.current_kind(), self.current_key())
        self._enable(self.current_key() is not None)
        self._update_position()

    def show_description(self, kind: str, key: str | None) -> None:
        own = kind == OWN_PROTOCOL and key is not None and self.editor is not None
        if self.editor is not None:
            self.editor.show_protocol(key if own else None)
            self.stack.setCurrentWidget(self.editor if own else self.notes)
        if not own:
            self.notes.setHtml(self.describe_kind(kind, key) if key else "")
        if hasattr(self, "delete_button"):
            self.delete_button.setEnabled(own)
            self.share_button.setEnabled(own)

    def describe_kind(self, kind: str, key: str) -> str:
        if kind == FAVOURITES:
            from pointmap.state.operations import own as ops

            codes = [c for c in ops.favourites(self.user) if c in self.reference.points] if self.user else []
            rows = "".join(
                f"<li><b>{_e(c)}</b> {_e(self.reference.points[c].pinyin)}: {_e(self.reference.points[c].english)}</li>"
                for c in codes
            )
            empty = "<p>No favourites yet: star a point in its details, the point list or on the diagram.</p>"
            return "<p><span style='font-size:14pt; font-weight:600'>Your favourites</span></p>" + (
                f"<ol>{rows}</ol>" if rows else empty
            )
        return self.describe(key)

    def _fill_new_menu(self) -> None:
        from pointmap.state.operations import own as ops

        menu = self.new_menu
        menu.clear()
        code = self.state.selected_code
        favourites = ops.favourites(self.user) if self.user else []
        kind, key = self.current_kind(), self.current_key()
        copy_title = self._title_of(kind, key)
        menu.addAction("Empty protocol", self.new_empty)
        starting = menu.addAction(f"Starting with {code}" if code else "Starting with the selected point")
        starting.triggered.connect(self.new_from_selection)
        starting.setEnabled(code is not None)
        from_stars = menu.addAction(f"From your favourites ({len(favourites)} points)")
        from_stars.triggered.connect(self.new_from_favourites)
        from_stars.setEnabled(bool(favourites))
        copy = menu.addAction(
            f"Copy of “{copy_title.replace('&', '&&')}”" if copy_title else "Copy of the chosen protocol"
        )
        copy.triggered.connect(self.new_copy)
        copy.setEnabled(bool(copy_title))

    def _title_of(self, kind: str, key: str | None) -> str:
        from pointmap.state.operations import own as ops

        if key is None or kind == FAVOURITES:
            return ""
        if kind == OWN_PROTOCOL:
            found = ops.own_protocol(self.user, key) if self.user else None
            return found.title if found else ""
        return next((p.title for p in self.reference.protocols if p.id == key), "")

    def _create(self, draft) -> None:
        from pointmap.core.errors import PointMapError
        from pointmap.state.operations import own as ops
        from pointmap.ui import messages

        if self.user is None:
            return
        try:
            made, edit = ops.create_protocol(self.user, draft)
        except PointMapError as exc:
            messages.warn(self.window(), "The protocol was not made", str(exc))
            return
        self.history.record(edit)
        self.fill_own()
        self.choose(made.uid, OWN_PROTOCOL)
        if self.editor is not None:
            self.editor.title.setFocus(Qt.FocusReason.OtherFocusReason)
            self.editor.title.selectAll()

    def new_empty(self) -> None:
        from pointmap.core.userdata.protocols import Draft

        self._create(Draft("New protocol"))

    def new_from_selection(self) -> None:
        from pointmap.state.operations import own as ops

        code = self.state.selected_code
        if code is not None:
            self._create(ops.draft_from_codes(self.reference, f"Protocol from {code}", [code]))

    def new_from_favourites(self) -> None:
        from pointmap.state.operations import own as ops

        if self.user is not None:
            self._create(ops.draft_from_codes(self.reference, "From my favourites", ops.favourites(self.user)))

    def new_copy(self) -> None:
        from dataclasses import replace

        from pointmap.state.operations import own as ops

        kind, key = self.current_kind(), self.current_key()
        if key is None:
            return
        if kind == PROTOCOL:
            self._create(ops.draft_from_builtin(self.reference, key))
        elif kind == OWN_PROTOCOL and (found := ops.own_protocol(self.user, key)) is not None:
            self._create(replace(found.draft, title=f"{found.title} (copy)"[:200]))

    def delete_current(self) -> None:
        from pointmap.core.errors import PointMapError
        from pointmap.state.operations import own as ops
        from pointmap.ui import messages

        if self.current_kind() != OWN_PROTOCOL or self.current_key() is None or self.user is None:
            return
        try:
            edit = ops.delete_protocol(self.user, self.current_key())
        except PointMapError as exc:
            messages.warn(self.window(), "The protocol was not deleted", str(exc))
            return
        self.history.record(edit)
        bar = getattr(self.window(), "statusBar", None)
        if edit is not None and bar is not None:
            bar().showMessage(f"{edit.text}. Undo (Ctrl+Z) brings it back.", 8000)

    def share_current(self) -> None:
        if self.current_kind() == OWN_PROTOCOL and self.current_key() is not None:
            self._share([self.current_key()])

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
