"""The history list as a Qt model: every session's line held in memory, newest first, and the
rows the filter lets through. Filtering and sorting work on plain Python lists (a keystroke over
ten thousand sessions takes a few milliseconds); the view is told once, with a model reset."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pointmap.core.userdata.history import Line

LINE_ROLE = Qt.ItemDataRole.UserRole + 1
OUTCOMES = {"complete": "Complete", "incident": "Incident", "open": "Open"}
COLUMNS = ("Date", "Client", "Session", "Needles", "Outcome", "Adverse")
_NUMERIC = (3, 5)


@dataclass(frozen=True)
class Filter:
    """What the history shows: a client reference containing ``text`` (any case), started between
    two days (YYYY-MM-DD, inclusive), with an outcome, with adverse events, or among ``only``."""

    text: str = ""
    since: str = ""
    until: str = ""
    outcome: str = ""  # "", complete, incident, open
    adverse: bool = False
    only: frozenset[int] | None = None  # session ids (records past retention), or None for all

    def is_empty(self) -> bool:
        return self == Filter()

    def _replace_text(self, text: str) -> Filter:
        return replace(self, text=text)


def _when(line: Line) -> str:
    return f"{line.started_at[:10]} {line.started_at[11:16]}"


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TIP = int(Qt.ItemDataRole.ToolTipRole.value)
_LINE = int(LINE_ROLE)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_SORT_KEYS = {
    0: lambda x: (x.started_at, x.id),
    1: lambda x: (x.client_ref.casefold(), x.started_at, x.id),
    2: lambda x: (x.number, x.started_at, x.id),
    3: lambda x: (x.needles, x.started_at, x.id),
    4: lambda x: (x.state, x.started_at, x.id),
    5: lambda x: (x.adverse, x.started_at, x.id),
}


class HistoryModel(QAbstractTableModel):
    """Rows are ``shown``: indexes into ``lines`` in the chosen order (newest first unless the list
    is sorted by a column). The order is worked out once per sort; a filter walks it and keeps what
    matches, so a keystroke never sorts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[Line] = []
        self._keys: list[tuple[str, str, str, bool, int]] = []  # (client folded, day, state, adverse, id)
        self.order: list[int] = []  # every index into ``lines``, in the order shown
        self.shown: list[int] = []  # the rows: indexes into ``lines``
        self.filter = Filter()
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- content -------------------------------------------------------------------------------

    def set_lines(self, lines: list[Line]) -> None:
        self.beginResetModel()
        self.lines = lines
        self._keys = [
            (x.client_ref.casefold(), x.started_at[:10], x.outcome or "open", x.adverse > 0, x.id) for x in lines
        ]
        self.order = self._ordered()
        self.shown = self._matching(self.filter)
        self.endResetModel()

    def set_filter(self, wanted: Filter) -> None:
        if wanted == self.filter:
            return
        # Typing on (the new text holds the old, nothing else changed) can only narrow the rows:
        # only those shown now are looked at again.
        narrower = (
            wanted.text.strip().casefold().find(self.filter.text.strip().casefold()) >= 0
            and wanted._replace_text(self.filter.text) == self.filter
        )
        shown = self._matching(wanted, self.shown if narrower else self.order)
        self.filter = wanted
        if shown == self.shown:
            return  # the same rows: nothing to tell the view
        self.beginResetModel()
        self.shown = shown
        self.endResetModel()

    def _matching(self, f: Filter, among: list[int] | None = None) -> list[int]:
        among = self.order if among is None else among
        if f.is_empty():
            return list(among)
        text, since, until, outcome, adverse, only = (
            f.text.strip().casefold(),
            f.since,
            f.until,
            f.outcome,
            f.adverse,
            f.only,
        )
        keys = self._keys
        return [
            n
            for n in among
            if (not text or text in keys[n][0])
            and (not since or keys[n][1] >= since)
            and (not until or keys[n][1] <= until)
            and (not outcome or keys[n][2] == outcome)
            and (not adverse or keys[n][3])
            and (only is None or keys[n][4] in only)
        ]

    def _ordered(self) -> list[int]:
        count = len(self.lines)
        if self._sort is None or (self._sort[0] == 0 and self._sort[1] == Qt.SortOrder.DescendingOrder):
            return list(range(count))  # as read: newest first
        column, order = self._sort
        key = _SORT_KEYS.get(column, _SORT_KEYS[0])
        ranks = [key(x) for x in self.lines]
        return sorted(range(count), key=ranks.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)

    def line(self, row: int) -> Line | None:
        return self.lines[self.shown[row]] if 0 <= row < len(self.shown) else None

    def row_of(self, session_id: int) -> int:
        """The row showing ``session_id``, or -1 when the filter hides it."""
        for row, n in enumerate(self.shown):
            if self._keys[n][4] == session_id:
                return row
        return -1

    def shown_lines(self) -> list[Line]:
        return [self.lines[n] for n in self.shown]

    # -- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        # Called for every role of every visible cell at each paint: the roles not answered leave first.
        if role == _DISPLAY:
            return self._text(self.lines[self.shown[index.row()]], index.column())
        if role == _ALIGN:
            return _RIGHT if index.column() in _NUMERIC else None
        if role == _LINE:
            return self.lines[self.shown[index.row()]]
        if role == _TIP and index.column() == 4:
            line = self.lines[self.shown[index.row()]]
            return f"{line.incidents} incident record{'s' if line.incidents != 1 else ''}" if line.incidents else None
        return None

    @staticmethod
    def _text(line: Line, column: int) -> str:
        if column == 0:
            return _when(line)
        if column == 1:
            return line.client_ref
        if column == 2:  # compact: "3 of 10", past the planned course "12 (10 planned)"
            return line.course().replace("course of ", "")
        if column == 3:
            return str(line.needles)
        if column == 4:
            return OUTCOMES.get(line.state, line.state) + (" (amended)" if line.amendments else "")
        return str(line.adverse) if line.adverse else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self._sort = (column, order)
        self.order = self._ordered()
        self.shown = self._matching(self.filter)
        self.endResetModel()
