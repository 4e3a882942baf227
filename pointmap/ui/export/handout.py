"""Printed and PDF handouts: the current diagram on the first page, then a table of its points
(or of the chosen meridian's or protocol's points, in order). Also a PNG of the view.

Files are made in memory and written by core.fileio.atomic_write: a full disk or a folder that
cannot be written leaves no partial file and never destroys the file being replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QGraphicsScene

from pointmap.core.fileio import WriteError, atomic_write
from pointmap.core.handout import Handout
from pointmap.ui.diagram.scene import DiagramScene, DiagramStyle


class ExportError(WriteError):
    """An export could not be made or written; the message says so in a sentence."""


@contextmanager
def light(scene: DiagramScene, dpi: float, scale_fonts: bool = False) -> Iterator[DiagramScene]:
    """The scene drawn for paper or a file: light ground, normal artwork and dark labels whatever
    the screen's theme, markers and labels scaled for the device; the screen's look comes back after."""
    screen = scene.style()
    factor = max(1.0, dpi / 96.0)
    font = QFont(screen.font)
    if scale_fonts:  # on a printer or PDF fonts follow the device resolution by themselves
        font.setPointSizeF(screen.font.pointSizeF() * factor)
    scene.apply_style(
        DiagramStyle(
            font=font,
            text=QColor("#1b1b1b"),
            plate=QColor(255, 255, 255, 215),
            ground=QColor("#ffffff"),
            scale=screen.scale * factor,
            high_contrast=False,
        )
    )
    try:
        yield scene
    finally:
        scene.apply_style(screen)


def paint_handout(
    painter: QPainter, page: QRectF, scene: QGraphicsScene, handout: Handout, new_page: Callable[[], bool]
) -> None:
    """Paint the handout onto a paged device: ``new_page()`` starts the next page."""
    title_font = QFont()
    title_font.setPointSizeF(16)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.setPen(QColor("#000000"))
    title_height = painter.fontMetrics().height() * 1.6
    painter.drawText(
        QRectF(page.left(), page.top(), page.width(), title_height),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        f"{handout.title} — PointMap",
    )
    source = scene.sceneRect()
    target = QRectF(page.left(), page.top() + title_height, page.width(), page.height() - title_height)
    scale = min(target.width() / source.width(), target.height() / source.height())
    size = QSizeF(source.width() * scale, source.height() * scale)
    target = QRectF(target.left() + (target.width() - size.width()) / 2, target.top(), size.width(), size.height())
    scene.render(painter, target, source)
    document = QTextDocument()
    document.setDefaultFont(QFont(QFont().family(), 9))
    document.setHtml(handout.html())
    document.setPageSize(page.size())
    for n in range(document.pageCount()):
        new_page()
        painter.save()
        painter.translate(page.left(), page.top() - n * page.height())
        document.drawContents(painter, QRectF(0, n * page.height(), page.width(), page.height()))
        painter.restore()


def pdf_bytes(scene: DiagramScene, handout: Handout) -> bytes:
    """The handout as a PDF document (A4, 300 dpi), made in memory."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{handout.title} — PointMap")
    writer.setCreator("PointMap")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("The handout could not be drawn (Qt's PDF writer refused to start).")
    with light(scene, 300):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        page.moveTo(0, 0)
        paint_handout(painter, page, scene, handout, writer.newPage)
        ended = painter.end()
    del writer  # finishes the document in the buffer
    buffer.close()
    pdf = bytes(data.data())
    if not ended or not pdf.startswith(b"%PDF") or b"%%EOF" not in pdf[-64:]:
        raise ExportError("The handout could not be drawn completely; nothing was saved.")
    return pdf


def render_image(scene: QGraphicsScene, width: int) -> QImage:
    """The whole scene on white, ``width`` pixels wide, at the scene's proportions."""
    source = scene.sceneRect()
    height = round(width * source.height() / source.width())
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError(f"An image of {width}×{height} pixels could not be made (not enough memory).")
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, width, height), source)
    painter.end()
    return image


def png_bytes(scene: DiagramScene, width: int = 3000) -> bytes:
    """The diagram as a PNG image, light whatever the screen's theme, made in memory."""
    with light(scene, 250, scale_fonts=True):
        image = render_image(scene, width)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = image.save(buffer, "PNG")
    buffer.close()
    if not ok or data.isEmpty():
        raise ExportError("The image could not be encoded as PNG; nothing was saved.")
    return bytes(data.data())


def export_pdf(path: str | Path, scene: DiagramScene, handout: Handout) -> Path:
    """Write the handout as a PDF; raises ExportError/WriteError with a sentence on failure."""
    return atomic_write(path, pdf_bytes(scene, handout))


def export_png(path: str | Path, scene: DiagramScene, width: int = 3000) -> Path:
    """Write the diagram as a PNG; raises ExportError/WriteError with a sentence on failure."""
    return atomic_write(path, png_bytes(scene, width))


def print_handout(printer, scene: DiagramScene, handout: Handout) -> None:
    """Paint the handout on a printer that the print dialog has set up."""
    painter = QPainter()
    if not painter.begin(printer):
        raise ExportError("The printer could not be opened.")
    with light(scene, printer.resolution()):
        page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        page.moveTo(0, 0)
        paint_handout(painter, page, scene, handout, printer.newPage)
        painter.end()
