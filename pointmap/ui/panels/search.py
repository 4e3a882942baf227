"""The search field and its results list: results update as the person types; Up/Down move
through them and Enter goes to the chosen point, all without the mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QWidget

from pointmap.core.reference import Reference
from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

    from pointmap.core.search import SearchIndex

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
MORE_ROLE = Qt.ItemDataRole.UserRole + 2  # the last row that lists every match when chosen
SHOWN = 40  # results listed as one types; beyond them a last row says how many more matched


class SearchField(QLineEdit):
    point_chosen = Signal(str)

    def __init__(self, reference: Reference, overlay_parent: QWidget, parent=None):
        super().__init__(parent)
        self.reference = reference
        self._index: SearchIndex | None = None
        self._own_notes: dict[str, str] = {}
        self.setPlaceholderText("Search: ST6, TB5, Ren12, Jiache, 颊车, jaw…")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search points")
        self.setToolTip("Find a point by code, alias, pinyin, hanzi, English name or words (Ctrl+F)")
        self.setMinimumWidth(260)
        self._overlay_parent = overlay_parent
        self._results: QListWidget | None = None
        self._hit_rows = 0  # rows that are points (a last "… and N more" row is not)
        self._everything = False  # the list shows every match (asked for on its last row)
        self.textEdited.connect(self.update_results)

    @property
    def results(self) -> QListWidget:
        """The results list, floating under the field; made on first use."""
        if self._results is None:
            # Imported here: the list's classes cost start-up a few ms of PySide6 enum wrapping.
            from PySide6.QtWidgets import QListWidget

            results = QListWidget(self._overlay_parent)
            results.setObjectName("searchResults")
            results.setAccessibleName("Search results")
            results.setFrameShape(QFrame.Shape.StyledPanel)
            results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            results.setUniformItemSizes(True)
            results.hide()
            results.itemClicked.connect(self._item_clicked)
            self._results = results
            # Follow the window's moves and resizes only now that there is a list to keep in
            # place: until then every event of the window would pass through Python for nothing.
            self._overlay_parent.installEventFilter(self)
        return self._results

    @property
    def index(self) -> SearchIndex:
        if self._index is None:  # built on first use: start-up does not pay for it
            from pointmap.core.search import index_from_reference

            self._index = index_from_reference(self.reference, self._own_notes)
        return self._index

    def set_own_notes(self, notes: dict[str, str]) -> None:
        """The person's notes by point code, searched too and marked "your note"; the index is built
        again in idle time (or when next used, if that comes first)."""
        if notes != self._own_notes:
            self._own_notes = dict(notes)
            self._index = None
            self.prepare_index(delay_ms=300)

    def prepare_index(self, delay_ms: int = 0) -> None:
        """Build the index in idle time, not on the person's first keystroke, and then let Python's
        garbage collector take its full look at the new index at once and set aside everything
        alive: see :func:`settle_garbage`."""
        from PySide6.QtCore import QTimer

        QTimer.singleShot(delay_ms, self, self._prepare_now)

    def _prepare_now(self) -> None:
        if self._index is not None:
            return
        self.index  # noqa: B018 - built here, in idle time
        settle_garbage()

    # -- results -------------------------------------------------------------------------------

    def update_results(self, text: str, *, everything: bool = False) -> None:
        """List what ``text`` finds: the best SHOWN, or every match when ``everything``."""
        from PySide6.QtWidgets import QListWidgetItem

        from pointmap.ui.icons import color_icon  # the first frame lists no result

        self._everything = everything
        self.results.clear()
        limit = len(self.reference.points) if everything else SHOWN
        found = self.index.find(text, limit=limit) if text.strip() else None
        hits = found.hits if found is not None else []
        self._hit_rows = len(hits)
        for hit in hits:
            point = self.reference.points[hit.code]
            mine = "   ✎ your note" if "your note '" in hit.why else ""
            item = QListWidgetItem(
                color_icon(self.reference.color_of(point)),
                f"{point.code}   {point.pinyin}   {point.hanzi}   —  {point.english}{mine}",
            )
            item.setData(CODE_ROLE, point.code)
            item.setToolTip(plain_tooltip(f"Matched: {hit.why}"))
            self.results.addItem(item)
        if found is not None and found.more > 0:
            # Say that the list was cut: a safety word ("pregnancy") concerns more points than fit,
            # and every one of them is a click (or the arrow keys and Enter) away.
            item = QListWidgetItem(f"… and {found.more} more: show them all")
            item.setData(MORE_ROLE, True)
            item.setToolTip("List every point the search finds (Enter)")
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
            self._show_popup()
        elif text.strip():
            item = QListWidgetItem(f"No point matches “{text.strip()}”")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
            self._show_popup()
        else:
            self.results.hide()

    def _show_popup(self) -> None:
        parent = self.results.parentWidget()
        origin = self.mapTo(parent, QPoint(0, self.height()))
        rows = min(self.results.count(), 12)
        height = rows * max(self.results.sizeHintForRow(0), 18) + 6
        width = max(self.width(), 420)
        x = min(origin.x(), max(0, parent.width() - width - 4))
        self.results.setGeometry(x, origin.y() + 2, width, height)
        self.results.raise_()
        self.results.show()

    def hide_results(self) -> None:
        if self._results is not None:
            self._results.hide()

    def results_visible(self) -> bool:
        return self._results is not None and self._results.isVisible()

    def current_code(self) -> str | None:
        item = self.results.currentItem()
        return item.data(CODE_ROLE) if item is not None else None

    def _item_clicked(self, item: QListWidgetItem) -> None:
        if item.data(MORE_ROLE):
            self._list_everything()
            return
        code = item.data(CODE_ROLE)
        if code:
            self._choose(code)

    def _more_row(self):
        last = self.results.item(self.results.count() - 1) if self.results.count() else None
        return last if last is not None and last.data(MORE_ROLE) else None

    def _list_everything(self) -> None:
        """Every match, the best first; the row that was the first of the rest becomes current."""
        first_of_rest = self._hit_rows
        self.update_results(self.text(), everything=True)
        self.results.setCurrentRow(min(first_of_rest, self._hit_rows - 1))
        self.results.scrollToItem(self.results.currentItem())

    def _choose(self, code: str) -> None:
        self.results.hide()
        self.point_chosen.emit(code)

    # -- keys ----------------------------------------------------------------------------------

    def event(self, event) -> bool:
        # Esc belongs to the field while it has something to close or clear; otherwise it falls
        # through to the window (which clears the selection).
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            results = getattr(self, "_results", None)
            if (results is not None and results.isVisible()) or self.text():
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) and self.results.count():
            if not self.results.isVisible():
                self.update_results(self.text())
            step = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 8,
                Qt.Key.Key_PageUp: -8,
            }[key]
            last = self._hit_rows - 1 + (1 if self._more_row() is not None else 0)
            if self._hit_rows:  # the points, and the "… and N more" row; never the "no match" row
                self.results.setCurrentRow(max(0, min(last, self.results.currentRow() + step)))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.results.isVisible() and self.text().strip():
                self.update_results(self.text())
            item = self.results.currentItem()
            if item is not None and item.data(MORE_ROLE):
                self._list_everything()
                return
            code = self.current_code()
            if code:
                self._choose(code)
            return
        if key == Qt.Key.Key_Escape:
            if self.results.isVisible():
                self.results.hide()
            else:
                self.clear()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason and self._results is not None:
            self._results.hide()

    def eventFilter(self, watched, event) -> bool:
        moved = event.type() in (QEvent.Type.Resize, QEvent.Type.Move)
        results = getattr(self, "_results", None)  # None too while the window is being torn down
        if moved and results is not None and results.isVisible():
            self._show_popup()
        return False

    def focus_and_select(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()
        if self.text().strip():
            self.update_results(self.text())


def settle_garbage() -> None:
    """A full collection now, in idle time, and then everything alive set aside (``gc.freeze``).

    CPython starts a full pass of its cyclic collector by itself, every so often, on whatever
    allocation comes: it walks every container alive, the window's and the search index's, which
    at 20,000 points took 15-20 ms, on a keystroke. Set aside, those are no longer walked; a
    later full pass walks only what was made since. Each preparation of the index (after the
    first frame, after a note changes) first takes everything back (``gc.unfreeze``), so a cycle
    left behind since the last one is still collected, then."""
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()
