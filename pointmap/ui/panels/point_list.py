"""The point list, filterable by region and meridian, kept in step with the diagram."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QListView,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.reference import REGION_TITLES, Reference
from pointmap.state.app_state import AppState, Selection
from pointmap.ui.icons import color_icon
from pointmap.ui.richtext import plain_tooltip

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
REGION_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.region: str | None = None
        self.group: str | None = None

    def set_filter(self, region: str | None, group: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            self.region, self.group = region, group
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.region, self.group = region, group
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        if self.region and index.data(REGION_ROLE) != self.region:
            return False
        return not (self.group and index.data(GROUP_ROLE) != self.group)


class PointList(QWidget):
    """Every point, filtered by region and meridian; choosing one selects it in the state, and
    a selection made elsewhere is followed without choosing again."""

    point_chosen = Signal(str)

    def __init__(self, reference: Reference, state: AppState | None = None, parent=None):
        super().__init__(parent)
        self.reference = reference
        self.region = QComboBox(accessibleName="Filter by region", toolTip="Show the points of one region")
        self.region.addItem("All regions", None)
        for key, title in REGION_TITLES.items():
            self.region.addItem(title, key)
        self.group = QComboBox(accessibleName="Filter by meridian", toolTip="Show the points of one meridian")
        self.group.addItem("All meridians", None)
        for code in reference.groups:
            meridian = reference.meridians.get(code)
            title = f"{code} · {meridian.name}" if meridian else f"{code} · extra points"
            self.group.addItem(color_icon(meridian.color if meridian else "#546e7a"), title, code)
        self.model = QStandardItemModel(self)
        icons: dict[str, QIcon] = {}
        for point in reference.points.values():
            color = reference.color_of(point)
            icon = icons.setdefault(color, color_icon(color))
            item = QStandardItem(icon, f"{point.code}   {point.pinyin}   {point.hanzi}")
            item.setEditable(False)
            item.setData(point.code, CODE_ROLE)
            item.setData(point.region, REGION_ROLE)
            item.setData(point.meridian or point.group, GROUP_ROLE)
            item.setToolTip(plain_tooltip(f"{point.code} {point.pinyin} ({point.english})"))
            item.setData(f"{point.code}, {point.pinyin}, {point.english}", Qt.ItemDataRole.AccessibleTextRole)
            self.model.appendRow(item)
        for box in (self.region, self.group):  # as wide as the panel allows, not as the longest name
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QListView(accessibleName="Points")
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        filters = QHBoxLayout()
        filters.addWidget(self.region)
        filters.addWidget(self.group)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self.region.currentIndexChanged.connect(self._refilter)
        self.group.currentIndexChanged.connect(self._refilter)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self._syncing = False
        if state is not None:
            self.point_chosen.connect(state.select)
            state.selection_changed.connect(self._selection_changed)
            self._selection_changed(state.selection)

    def _selection_changed(self, selection: Selection | None) -> None:
        self.select_code(selection.code if selection else None)

    def _refilter(self) -> None:
        # Filtering may move the view's current row: that is not the person choosing a point.
        self._syncing = True
        try:
            self.proxy.set_filter(self.region.currentData(), self.group.currentData())
        finally:
            self._syncing = False

    def set_filters(self, region: str | None = None, group: str | None = None) -> None:
        self.region.setCurrentIndex(max(0, self.region.findData(region)))
        self.group.setCurrentIndex(max(0, self.group.findData(group)))

    def visible_codes(self) -> list[str]:
        return [self.proxy.index(r, 0).data(CODE_ROLE) for r in range(self.proxy.rowCount())]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.point_chosen.emit(current.data(CODE_ROLE))

    def current_code(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(CODE_ROLE) if index.isValid() else None

    def select_code(self, code: str | None) -> None:
        """Follow a selection made elsewhere, without emitting point_chosen."""
        self._syncing = True
        try:
            if code is None:
                self.view.setCurrentIndex(QModelIndex())
                self.view.clearSelection()
                return
            matches = self.model.match(self.model.index(0, 0), CODE_ROLE, code, 1, Qt.MatchFlag.MatchExactly)
            if not matches:
                return
            index = self.proxy.mapFromSource(matches[0])
            if not index.isValid():  # filtered out: widen the filter rather than lose the selection
                self.set_filters(None, None)
                index = self.proxy.mapFromSource(matches[0])
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        finally:
            self._syncing = False
