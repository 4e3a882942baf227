"""The point list, filterable by region and meridian (and, with the person's records open, by their
favourites), kept in step with the diagram. A star at the end of a row adds the point to the favourites."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.reference import Reference
from pointmap.state.app_state import AppState, Selection
from pointmap.ui.icons import color_icon
from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from pointmap.state.userdata import Changes, UserData
    from pointmap.ui.undo import History

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
REGION_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
FAVOURITE_ROLE = Qt.ItemDataRole.UserRole + 4
STAR_COLOR = "#e0a800"


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.region: str | None = None
        self.group: str | None = None
        self.favourites_only = False

    def set_filter(self, region: str | None, group: str | None, favourites_only: bool | None = None) -> None:
        def change() -> None:
            self.region, self.group = region, group
            if favourites_only is not None:
                self.favourites_only = favourites_only

        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        if self.region and index.data(REGION_ROLE) != self.region:
            return False
        if self.favourites_only and not index.data(FAVOURITE_ROLE):
            return False
        return not (self.group and index.data(GROUP_ROLE) != self.group)


class StarDelegate(QStyledItemDelegate):
    """Draws a star at the end of each row (filled for a favourite; hollow on the row under the pointer or
    selected) and reports a click on it."""

    def __init__(self, clicked: Callable[[str], None], parent=None):
        super().__init__(parent)
        self._clicked = clicked

    @staticmethod
    def star_rect(option_rect: QRect) -> QRect:
        side = option_rect.height()
        return QRect(option_rect.right() - side - 2, option_rect.top(), side, side)

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        on = bool(index.data(FAVOURITE_ROLE))
        hot = option.state & (QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_Selected)
        if not on and not hot:
            return
        painter.save()
        color = QColor(STAR_COLOR) if on else option.palette.color(option.palette.ColorRole.PlaceholderText)
        painter.setPen(color)
        painter.drawText(self.star_rect(option.rect), Qt.AlignmentFlag.AlignCenter, "★" if on else "☆")
        painter.restore()

    def editorEvent(self, event, model, option, index) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and self.star_rect(option.rect).contains(event.position().toPoint())
        ):
            self._clicked(index.data(CODE_ROLE))
            return True
        return super().editorEvent(event, model, option, index)


class PointList(QWidget):
    """Every point, filtered by region and meridian; choosing one selects it in the state, and
    a selection made elsewhere is followed without choosing again."""

    point_chosen = Signal(str)

    def __init__(self, reference: Reference, state: AppState | None = None, parent=None):
        super().__init__(parent)
        self.reference = reference
        self.region = QComboBox(accessibleName="Filter by region", toolTip="Show the points of one region")
        self.region.addItem("All regions", None)
        for key, region in reference.regions.items():
            self.region.addItem(region.title, key)
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
        self.favourites_only = QToolButton(text="★", accessibleName="Favourites only", checkable=True)
        self.favourites_only.setToolTip("Show only your favourites")
        self.favourites_only.setVisible(False)  # until the person's records are open
        self.user: UserData | None = None
        self.view = QListView(accessibleName="Points")
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        filters = QHBoxLayout()
        filters.addWidget(self.region)
        filters.addWidget(self.group)
        filters.addWidget(self.favourites_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self.region.currentIndexChanged.connect(self._refilter)
        self.group.currentIndexChanged.connect(self._refilter)
        self.favourites_only.toggled.connect(self._refilter)
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
            self.proxy.set_filter(self.region.currentData(), self.group.currentData(), self.favourites_only.isChecked())
        finally:
            self._syncing = False

    def set_filters(self, region: str | None = None, group: str | None = None, favourites: bool = False) -> None:
        self.region.setCurrentIndex(max(0, self.region.findData(region)))
        self.group.setCurrentIndex(max(0, self.group.findData(group)))
        self.favourites_only.setChecked(favourites and self.favourites_only.isVisible())

    # -- favourites ----------------------------------------------------------------------------------

    def attach_own(self, user: UserData, history: History) -> None:
        """Show the person's favourites: a star per row, the Favourites filter, a menu to star a point."""
        self.user, self.history = user, history
        self.favourites_only.setVisible(True)
        self.view.setMouseTracking(True)  # the hollow star follows the pointer
        self.view.setItemDelegate(StarDelegate(self.toggle_favourite, self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        user.changed.connect(self._user_changed)
        self.show_favourites()

    def _user_changed(self, changes: Changes) -> None:
        if changes.touches("favourites"):
            self.show_favourites()

    def show_favourites(self) -> None:
        from pointmap.state.operations import own as ops

        starred = set(ops.favourites(self.user)) if self.user is not None else set()
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            on = item.data(CODE_ROLE) in starred
            if bool(item.data(FAVOURITE_ROLE)) != on:
                item.setData(on, FAVOURITE_ROLE)
                point = self.reference.points[item.data(CODE_ROLE)]
                spoken = f"{point.code}, {point.pinyin}, {point.english}" + (", a favourite" if on else "")
                item.setData(spoken, Qt.ItemDataRole.AccessibleTextRole)
        if self.favourites_only.isChecked():
            self._refilter()

    def favourite_codes(self) -> list[str]:
        """The codes shown with a filled star, in list order."""
        return [
            self.model.item(r).data(CODE_ROLE)
            for r in range(self.model.rowCount())
            if self.model.item(r).data(FAVOURITE_ROLE)
        ]

    def toggle_favourite(self, code: str) -> None:
        from pointmap.core.errors import PointMapError
        from pointmap.state.operations import own as ops
        from pointmap.ui import messages

        if self.user is None:
            return
        try:
            self.history.record(ops.toggle_favourite(self.user, code))
        except PointMapError as exc:
            messages.warn(self.window(), "The favourite was not recorded", str(exc))

    def _menu(self, pos) -> None:
        from pointmap.state.operations import own as ops

        index = self.view.indexAt(pos)
        if not index.isValid() or self.user is None:
            return
        code = index.data(CODE_ROLE)
        menu = QMenu(self)
        on = ops.is_favourite(self.user, code)
        action = menu.addAction(f"Remove {code} from favourites" if on else f"Add {code} to favourites")
        action.triggered.connect(partial(self.toggle_favourite, code))
        menu.popup(self.view.viewport().mapToGlobal(pos))

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
