"""Session → History… (Ctrl+H) in the main window: the History window made on first use, its
needle maps styled like the diagram, PDF exports, and the reminder of records past the retention
period (at start, at most once a day, only when there are any). The window calls ``install``
once its panels exist; the widgets live in ``pointmap.ui.history``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox

from pointmap.core.errors import PointMapError
from pointmap.state.operations import records as ops
from pointmap.ui.richtext import plain_tooltip

if TYPE_CHECKING:
    from pointmap.core.records import Record
    from pointmap.ui.history.window import HistoryWindow
    from pointmap.ui.main_window import MainWindow

GEOMETRY_KEY = "history/geometry"  # in the window settings (QSettings), beside the main window's
REMIND_AFTER_MS = 1500  # after the window's first frame and its panels: the reminder waits its turn


class Records(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.history: HistoryWindow | None = None
        self.reminder: QMessageBox | None = None
        self.action = QAction("History…", window)
        self.action.setShortcut(QKeySequence("Ctrl+H"))
        tip = "Past sessions: records, needle maps, a client's course, exports (Ctrl+H)"
        self.action.setToolTip(plain_tooltip(tip))
        self.action.setStatusTip(tip)
        self.action.triggered.connect(self.show_history)
        window.addAction(self.action)
        window.session_menu.addSeparator()
        window.session_menu.addAction(self.action)
        QTimer.singleShot(REMIND_AFTER_MS, self, self.remind)

    def history_window(self) -> HistoryWindow:
        if self.history is None:
            from pointmap.ui.history.needle_map import NeedleMap
            from pointmap.ui.history.window import HistoryWindow

            w = self.window
            needle_map = NeedleMap(w.reference, w.scenes.svg_cache, w.config.cache_dir / "art")
            if w.scenes.style is not None:
                needle_map.apply_style(w.scenes.style)
            w.look.style_changed.connect(needle_map.apply_style)
            self.history = HistoryWindow(w.reference, w.user, needle_map, self.write_pdf, w)
            geometry = w.window_settings.settings.value(GEOMETRY_KEY)
            if isinstance(geometry, QByteArray) and not geometry.isEmpty():
                self.history.restoreGeometry(geometry)
            self.history.installEventFilter(self)
        return self.history

    def eventFilter(self, watched, event) -> bool:
        """The History window's size and place are remembered when it is closed or hidden. (During
        teardown PySide may call this after the Python attributes are gone: then nothing is done.)"""
        history = getattr(self, "history", None)
        if history is not None and watched is history and event.type() in (QEvent.Type.Close, QEvent.Type.Hide):
            self.window.window_settings.settings.setValue(GEOMETRY_KEY, history.saveGeometry())
        return super().eventFilter(watched, event)

    def show_history(self) -> HistoryWindow:
        history = self.history_window()
        history.show()
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # they cannot raise a window
            history.raise_()
            history.activateWindow()
        history.client.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return history

    def write_pdf(self, path: str, records: list[Record], title: str) -> None:
        from pointmap.ui.export.records import SceneFactory, export_pdf

        export_pdf(path, records, SceneFactory(self.window.reference, self.window.scenes.svg_cache), title, self._now())

    def _now(self) -> datetime:
        return self.window.user.clock()

    def remind(self) -> QMessageBox | None:
        """Say which records are past the retention period, once a day at most; nothing is deleted."""
        user = self.window.user
        try:
            due = ops.due_reminder(user)
            if not due:
                return None
            ops.reminded(user)
        except PointMapError:
            return None  # the records could not be read: the window says so elsewhere
        years = ops.retention_years(user)
        clients = len({x.client_ref for x in due})
        oldest = min(x.day for x in due)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Records past the retention period",
            f"{len(due):,} treatment record{'s' if len(due) != 1 else ''} of {clients:,} client"
            f"{'s' if clients != 1 else ''} {'are' if len(due) != 1 else 'is'} past the {years} years you keep "
            f"records for (the oldest from {oldest}; clients not seen since). Nothing is deleted unless you choose "
            "to: History shows them, and the retention period can be changed there.",
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("retentionReminder")
        show = box.addButton("Show them", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        show.clicked.connect(self._show_past)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.NonModal)  # a reminder: the window stays in use behind it
        box.show()
        self.reminder = box
        return box

    def _show_past(self) -> None:
        self.show_history().show_past_retention()


def install(window: MainWindow) -> Records:
    return Records(window)
