"""Choosing the points of the hand-picked study set: every point, filtered as you type, ticked or not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from pointmap.core.reference import Reference

CODE = Qt.ItemDataRole.UserRole


class PickDialog(QDialog):
    def __init__(self, reference: Reference, chosen: tuple[str, ...], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Your hand-picked set")
        self.resize(420, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tick the points to study together (in the order of the data)."))
        self.filter = QLineEdit(accessibleName="Filter the points")
        self.filter.setPlaceholderText("Filter: code, pinyin or English")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        layout.addWidget(self.filter)
        self.list = QListWidget(accessibleName="Points")
        wanted = set(chosen)
        for point in reference.points.values():
            item = QListWidgetItem(f"{point.code}  {point.pinyin} — {point.english}")
            item.setData(CODE, point.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if point.code in wanted else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.list.itemChanged.connect(self._count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._count()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(n) for n in range(self.list.count())]

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for item in self._items():
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _count(self, _item=None) -> None:
        self.count.setText(f"{len(self.codes())} points chosen")

    def codes(self) -> tuple[str, ...]:
        return tuple(item.data(CODE) for item in self._items() if item.checkState() == Qt.CheckState.Checked)

    def set_codes(self, codes) -> None:
        wanted = set(codes)
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.data(CODE) in wanted else Qt.CheckState.Unchecked)
