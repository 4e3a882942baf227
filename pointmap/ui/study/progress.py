"""The Progress window: streak and cards due, a small chart of the mean locate error (cun) and the
share of cards mastered day by day, drawn with QPainter (no QtCharts), and a table per region and
meridian. It reads the same figures as `pointmap study stats`."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.errors import PointMapError
from pointmap.core.study.progress import ALL, Day, Group, Progress
from pointmap.state.operations import study as ops

ERROR_COLOUR = QColor("#c62828")
MASTERED_COLOUR = QColor("#2e7d32")
SHOWN_DAYS = 60


class ProgressChart(QWidget):
    """Mean locate error per day (a red line, left axis in cun) over the share of cards mastered at the
    end of each day (green bars, right axis 0–100 %); one column per day that had answers."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.days: tuple[Day, ...] = ()
        self.setMinimumSize(420, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Progress chart")

    def set_days(self, days: Sequence[Day]) -> None:
        self.days = tuple(days)[-SHOWN_DAYS:]
        self.setAccessibleDescription(self.summary())
        self.update()

    def mastered_note(self) -> str:
        """What the green bars mean while there are none yet (a new student would see an empty series)."""
        if self.days and not any(d.mastered_share > 0 for d in self.days):
            return "No card mastered yet: one counts once you remember it for three weeks or more."
        return ""

    def summary(self) -> str:
        if not self.days:
            return "No answers yet."
        errors = [d.mean_error for d in self.days if d.mean_error is not None]
        last = self.days[-1]
        part = f"; mean locate error on the last day {errors[-1]:.2f} cun" if errors else ""
        note = f" {self.mastered_note()}" if self.mastered_note() else ""
        return f"{len(self.days)} days with answers; {last.mastered_share * 100:.0f}% mastered{part}.{note}"

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        left, right, top, bottom = (
            metrics.horizontalAdvance("1.5 cun") + 12,
            metrics.horizontalAdvance("100%") + 12,
            24,
            metrics.height() + 14,
        )
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        painter.setPen(text)
        legend_y = 4 + metrics.ascent()
        painter.setPen(ERROR_COLOUR)
        painter.drawText(QPointF(left, legend_y), "— mean locate error (cun)")
        painter.setPen(MASTERED_COLOUR)
        painter.drawText(
            QPointF(left + metrics.horizontalAdvance("— mean locate error (cun)") + 18, legend_y), "▮ mastered"
        )
        grid = QPen(palette.color(QPalette.ColorRole.Mid))
        grid.setWidthF(0.6)
        if not self.days:
            painter.setPen(text)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No answers yet: your progress appears here.")
            return
        errors = [d.mean_error for d in self.days if d.mean_error is not None]
        top_error = max(1.5, max(errors, default=0.0) * 1.15)
        for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
            y = plot.bottom() - frac * plot.height()
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(ERROR_COLOUR)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{frac * top_error:.1f}",
            )
            painter.setPen(MASTERED_COLOUR)
            painter.drawText(
                QRectF(plot.right() + 6, y - metrics.height() / 2, right - 6, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{frac * 100:.0f}%",
            )
        n = len(self.days)
        step = plot.width() / n
        bar = QColor(MASTERED_COLOUR)
        bar.setAlphaF(0.35)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bar)
        for i, day in enumerate(self.days):
            height = day.mastered_share * plot.height()
            painter.drawRect(QRectF(plot.left() + i * step + step * 0.15, plot.bottom() - height, step * 0.7, height))
        if note := self.mastered_note():
            painter.setPen(MASTERED_COLOUR)
            painter.drawText(
                plot.adjusted(6, 0, -6, -4), Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter, note
            )
        path = QPainterPath()
        points = []
        for i, day in enumerate(self.days):
            if day.mean_error is None:
                continue
            spot = QPointF(
                plot.left() + (i + 0.5) * step,
                plot.bottom() - min(day.mean_error, top_error) / top_error * plot.height(),
            )
            points.append(spot)
            if len(points) == 1:
                path.moveTo(spot)
            else:
                path.lineTo(spot)
        pen = QPen(ERROR_COLOUR)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(ERROR_COLOUR)
        for spot in points:
            painter.drawEllipse(spot, 2.6, 2.6)
        painter.setPen(text)
        first, last = self.days[0].day, self.days[-1].day
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 4, plot.width(), metrics.height()), Qt.AlignmentFlag.AlignLeft, first
        )
        if n > 1:
            painter.drawText(
                QRectF(plot.left(), plot.bottom() + 4, plot.width(), metrics.height()),
                Qt.AlignmentFlag.AlignRight,
                last,
            )


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


class ProgressWindow(QDialog):
    """Non-modal: it stays open beside the window and refreshes when an answer is recorded."""

    COLUMNS = ("Group", "Cards", "Seen", "Learned", "Mastered", "Mean locate error")

    def __init__(self, reference, user, frames, parent=None):
        super().__init__(parent)
        self.reference, self.user, self.frames = reference, user, frames
        self.found: Progress | None = None
        self.setWindowTitle("Study progress — PointMap")
        self.setObjectName("studyProgress")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.headline = QLabel(accessibleName="Streak and cards due")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() + 2)
        font.setBold(True)
        self.headline.setFont(font)
        layout.addWidget(self.headline)
        self.summary = QLabel(accessibleName="All points")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(QLabel("Chart of"))
        self.group = QComboBox(accessibleName="Chart of")
        self.group.currentIndexChanged.connect(self._chart_group)
        row.addWidget(self.group, 1)
        layout.addLayout(row)
        self.chart = ProgressChart()
        layout.addWidget(self.chart, 2)
        self.table = QTableWidget(0, len(self.COLUMNS), accessibleName="Progress per region and meridian")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)
        user.changed.connect(self._user_data_changed)

    def _user_data_changed(self, changes) -> None:
        if self.isVisible() and changes.touches("study_cards", "study_reviews"):
            self.refresh()

    def refresh(self) -> None:
        try:
            found = ops.progress(self.user, self.reference, self.frames)
        except PointMapError as exc:
            self.headline.setText(str(exc))
            return
        self.found = found
        self.headline.setText(
            f"Streak: {found.streak} day{'s' if found.streak != 1 else ''} · due today: {found.due_today} · "
            f"answered today: {found.studied_today}"
        )
        o = found.overall
        error = "no locate answers yet" if o.mean_error is None else f"mean locate error {o.mean_error:.2f} cun"
        self.summary.setText(
            f"{o.seen} of {o.cards} cards seen; {_percent(o.learned_share)} learned, {_percent(o.mastered_share)} "
            f"mastered (remembered for three weeks or more); {error}; {found.total_reviews} answers in all."
        )
        chosen = self.group.currentData() or ALL
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem("All points", ALL)
        for g in (*found.regions, *found.meridians):
            if g.reviews:
                self.group.addItem(g.title, g.key)
        self.group.setCurrentIndex(max(0, self.group.findData(chosen)))
        self.group.blockSignals(False)
        self._chart_group()
        rows: list[Group] = [*found.regions, *found.meridians]
        self.table.setRowCount(len(rows))
        for r, g in enumerate(rows):
            values = (
                g.title,
                str(g.cards),
                str(g.seen),
                _percent(g.learned_share),
                _percent(g.mastered_share),
                "—" if g.mean_error is None else f"{g.mean_error:.2f} cun",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r < len(found.regions):
                    bold = item.font()
                    bold.setBold(True)
                    item.setFont(bold)
                self.table.setItem(r, c, item)

    def _chart_group(self) -> None:
        if self.found is not None:
            self.chart.set_days(self.found.days.get(self.group.currentData() or ALL, ()))
