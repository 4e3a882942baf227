"""Exam sheets as PDF: for each view of a deck a page with the blank diagram (no labels, no other
markers; the light look whatever the screen's theme) and numbered markers, then the answer key on a
page of its own. Written whole or not at all (core.fileio.atomic_write)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QTextDocument

from pointmap.core.fileio import atomic_write, safe_file_stem
from pointmap.core.study.exam import ExamSheet, exam_sheet
from pointmap.ui.diagram.background import SvgCache
from pointmap.ui.diagram.scene import DiagramScene
from pointmap.ui.export.handout import ExportError, light, pdf_document

if TYPE_CHECKING:
    from pointmap.core.reference import Reference
    from pointmap.core.study.decks import Deck

MARKER_MM = 2.6  # the radius of a numbered marker on paper


def blank_scene(reference: Reference, diagram_id: str, svg_cache: SvgCache | None = None, cache_dir=None):
    """A scene of its own for paper: the artwork only (every marker hidden); the window's scenes are left alone."""
    scene = DiagramScene(reference, reference.diagrams[diagram_id], svg_cache or SvgCache(), cache_dir)
    scene.conceal(frozenset())
    return scene


def _title(painter: QPainter, page: QRectF, text: str, size: float = 15) -> float:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#000000"))
    height = painter.fontMetrics().height() * 1.5
    painter.drawText(QRectF(page.left(), page.top(), page.width(), height), Qt.AlignmentFlag.AlignLeft, text)
    return height


def _key_html(sheet: ExamSheet) -> str:
    rows = "".join(
        f"<tr><td align='right'>{row.number}</td><td><b>{html.escape(row.code)}</b></td>"
        f"<td>{html.escape(row.pinyin)}</td><td>{html.escape(row.hanzi)}</td><td>{html.escape(row.english)}</td>"
        f"<td>{html.escape(row.view)}</td></tr>"
        for row in sheet.key
    )
    head = "".join(f"<th align='left'>{t}</th>" for t in ("No.", "Code", "Pinyin", "Hanzi", "English", "View"))
    return (
        f"<h2>Answer key — {html.escape(sheet.title)}</h2>"
        f"<table cellspacing='0' cellpadding='3' border='0' width='100%'><tr>{head}</tr>{rows}</table>"
    )


def pdf_bytes(reference: Reference, sheet: ExamSheet, svg_cache: SvgCache | None = None, cache_dir=None) -> bytes:
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(15, 15, 15, 15),
        QPageLayout.Unit.Millimeter,
    )

    def paint(painter: QPainter, writer: QPdfWriter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        page.moveTo(0, 0)
        dots_per_mm = writer.resolution() / 25.4
        scenes: dict[str, DiagramScene] = {}
        for n, sheet_page in enumerate(sheet.pages):
            if n:
                writer.newPage()
            top = _title(painter, page, f"{sheet.title} — {sheet_page.title}")
            small = QFont()
            small.setPointSizeF(10)
            painter.setFont(small)
            painter.drawText(
                QRectF(page.left(), page.top() + top, page.width(), painter.fontMetrics().height() * 1.6),
                Qt.AlignmentFlag.AlignLeft,
                "Name: ______________________   Date: ____________   Write the code of each numbered point.",
            )
            top += painter.fontMetrics().height() * 2
            scene = scenes.get(sheet_page.diagram) or blank_scene(reference, sheet_page.diagram, svg_cache, cache_dir)
            scenes[sheet_page.diagram] = scene
            source = scene.sceneRect()
            room = QRectF(page.left(), page.top() + top, page.width(), page.height() - top)
            scale = min(room.width() / source.width(), room.height() / source.height())
            size = QSizeF(source.width() * scale, source.height() * scale)
            target = QRectF(room.left() + (room.width() - size.width()) / 2, room.top(), size.width(), size.height())
            with light(scene, writer.resolution()):
                scene.render(painter, target, source)
            radius = MARKER_MM * dots_per_mm
            font = QFont()
            font.setPointSizeF(7.5)
            font.setBold(True)
            painter.setFont(font)
            for marker in sheet_page.markers:
                spot = QPointF(target.left() + marker.x * target.width(), target.top() + marker.y * target.height())
                pen = QPen(QColor("#0d47a1"))
                pen.setWidthF(0.3 * dots_per_mm)
                painter.setPen(pen)
                painter.setBrush(QColor("#ffffff"))
                painter.drawEllipse(spot, radius, radius)
                painter.setPen(QColor("#0d47a1"))
                painter.drawText(
                    QRectF(spot.x() - radius, spot.y() - radius, 2 * radius, 2 * radius),
                    Qt.AlignmentFlag.AlignCenter,
                    str(marker.number),
                )
        writer.newPage()  # the key on a page of its own: the sheets can be handed out without it
        document = QTextDocument()
        document.setDefaultFont(QFont(QFont().family(), 10))
        document.setHtml(_key_html(sheet))
        factor = writer.resolution() / 96.0  # the document lays out at 96 dots per inch: scaled up to the page's
        height = page.height() / factor
        document.setPageSize(QSizeF(page.width() / factor, height))
        for n in range(document.pageCount()):
            if n:
                writer.newPage()
            painter.save()
            painter.translate(page.left(), page.top())
            painter.scale(factor, factor)
            painter.translate(0, -n * height)
            document.drawContents(painter, QRectF(0, n * height, page.width() / factor, height))
            painter.restore()

    return pdf_document("The exam sheet", f"{sheet.file_stem} — PointMap", layout, 300, paint, creator="PointMap")


def write_exam_sheet(
    path: str | Path, reference: Reference, deck: Deck, *, seed: int | None = None, svg_cache=None, cache_dir=None
) -> ExamSheet:
    sheet = exam_sheet(reference, deck, seed)
    if not sheet.pages:
        raise ExportError(f"No view draws the points of “{deck.title}”: there is nothing to put on a sheet.")
    atomic_write(path, pdf_bytes(reference, sheet, svg_cache, cache_dir))
    return sheet


def export_exam_sheet(window, deck: Deck, path: str | None = None) -> str | None:
    """Ask where (unless ``path``), write, and say so in the status bar; a failure in a sentence."""
    from pointmap.core.errors import PointMapError
    from pointmap.ui import messages
    from pointmap.ui.export.dialogs import _ask_path, _with_suffix

    path = path or _ask_path(
        window, "Export exam sheet", f"{safe_file_stem('Exam — ' + deck.title)}.pdf", "PDF", ".pdf"
    )
    if not path:
        return None
    path = _with_suffix(path, ".pdf")
    try:
        sheet = write_exam_sheet(path, window.reference, deck, svg_cache=window.scenes.svg_cache)
    except PointMapError as exc:
        messages.warn(window, "Export failed", str(exc))
        return None
    count = len(sheet.key)
    left = f"; {len(sheet.left_out)} not drawn on any view" if sheet.left_out else ""
    window.statusBar().showMessage(f"Exam sheet of {count} points saved to {path}{left}", 8000)
    return path
