"""The history list as a Qt model: every session's line held in memory, newest first, and the
rows the filter lets through. Filtering and sorting work on plain Python lists (a keystroke over
ten thousand sessions takes a few milliseconds); the view is told once, with a model reset."""

from __future__ import annotations

from dataclasses import dataclass

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


def _when(line: Line) -> str:
    return f"{line.started_at[:10]} {line.started_at[11:16]}"


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[Line] = []
        self._keys: list[tuple[str, str, str, bool, int]] = []  # (client folded, day, state, adverse, id)
        self.shown: list[int] = []  # indexes into ``lines``
        self.filter = Filter()
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- content -------------------------------------------------------------------------------

    def set_lines(self, lines: list[Line]) -> None:
        self.beginResetModel()
        self.lines = lines
        self._keys = [(x.client_ref.casefold(), x.day, x.state, x.adverse > 0, x.id) for x in lines]
        self.shown = self._matching(self.filter)
        self._sorted()
        self.endResetModel()

    def set_filter(self, wanted: Filter) -> None:
        if wanted == self.filter:
            return
        self.beginResetModel()
        self.filter = wanted
        self.shown = self._matching(wanted)
        self._sorted()
        self.endResetModel()

    def _matching(self, f: Filter) -> list[int]:
        if f.is_empty():
            return list(range(len(self.lines)))
        text, since, until, outcome, adverse, only = (
            f.text.strip().casefold(),
            f.since,
            f.until,
            f.outcome,
            f.adverse,
            f.only,
        )
        return [
            n
            for n, (client, day, state, has_adverse, sid) in enumerate(self._keys)
            if (not text or text in client)
            and (not since or day >= since)
            and (not until or day <= until)
            and (not outcome or state == outcome)
            and (not adverse or has_adverse)
            and (only is None or sid in only)
        ]

    def line(self, row: int) -> Line | None:
        return self.lines[self.shown[row]] if 0 <= row < len(self.shown) else None

    def row_of(self, session_id: int) -> int:
        """The row showing ``session_id``, or -1 when the filter hides it."""
        for row, n in enumerate(self.shown):
            if self.lines[n].id == session_id:
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

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[self.shown[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and line.incidents:
            return f"{line.incidents} incident record{'s' if line.incidents != 1 else ''}"
        return None

    @staticmethod
    def _text(line: Line, column: int) -> str:
        if column == 0:
            return _when(line)
        if column == 1:
            return line.client_ref
        if column == 2:
            return line.course()
        if column == 3:
            return str(line.needles)
        if column == 4:
            return OUTCOMES.get(line.state, line.state) + (" (amended)" if line.amendments else "")
        return str(line.adverse) if line.adverse else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sorted()
        self.layoutChanged.emit()

    def _sorted(self) -> None:
        if self._sort is None:
            return  # newest first, as read
        column, order = self._sort
        keys = {
            0: lambda x: (x.started_at, x.id),
            1: lambda x: (x.client_ref.casefold(), x.started_at),
            2: lambda x: (x.number, x.started_at),
            3: lambda x: (x.needles, x.started_at),
            4: lambda x: (x.state, x.started_at),
            5: lambda x: (x.adverse, x.started_at),
        }
        key = keys.get(column, keys[0])
        lines = self.lines
        self.shown.sort(key=lambda n: key(lines[n]), reverse=order == Qt.SortOrder.DescendingOrder)
