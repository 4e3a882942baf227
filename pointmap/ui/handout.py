"""Printed and PDF handouts: the current diagram on the first page, then a table of its points
(or of the chosen meridian's or protocol's points, in order). Also a PNG of the view."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QGraphicsScene

from pointmap.core.reference import Point, Reference


def points_table_html(reference: Reference, points: list[Point], title: str) -> str:
    rows = "".join(
        "<tr>"
        f"<td><b>{escape(p.code)}</b><br>{escape(p.pinyin)} {escape(p.hanzi)}<br><i>{escape(p.english)}</i></td>"
        f"<td>{escape(p.location)}</td>"
        f"<td>{escape(p.depth)}; {escape(p.angle)}</td>"
        f"<td>{escape(p.cautions)}</td>"
        "</tr>"
        for p in points
    )
    return (
        f"<h2>{escape(title)}</h2>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        "<tr><th>Point</th><th>Location</th><th>Depth and angle</th><th>Cautions</th></tr>"
        f"{rows}</table>"
        "<p style='font-size:8pt'>Locations: WHO Standard Acupuncture Point Locations (2008), proportional "
        "bone cun; extra points as noted. PointMap is a reference for trained practitioners and students, "
        "not medical advice.</p>"
    )


def paint_handout(painter: QPainter, page: QRectF, scene: QGraphicsScene, title: str, html: str, new_page) -> None:
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
        title,
    )
    source = scene.sceneRect()
    target = QRectF(page.left(), page.top() + title_height, page.width(), page.height() - title_height)
    scale = min(target.width() / source.width(), target.height() / source.height())
    size = QSizeF(source.width() * scale, source.height() * scale)
    target = QRectF(target.left() + (target.width() - size.width()) / 2, target.top(), size.width(), size.height())
    scene.render(painter, target, source)
    document = QTextDocument()
    document.setDefaultFont(QFont(QFont().family(), 9))
    document.setHtml(html)
    document.setPageSize(page.size())
    pages = document.pageCount()
    for n in range(pages):
        new_page()
        painter.save()
        painter.translate(page.left(), page.top() - n * page.height())
        document.drawContents(painter, QRectF(0, n * page.height(), page.width(), page.height()))
        painter.restore()


def export_pdf(path: str, scene: QGraphicsScene, title: str, html: str) -> bool:
    """Write the handout as a PDF; False when the file cannot be written."""
    writer = QPdfWriter(path)
    writer.setTitle(title)
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
        return False
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
    page.moveTo(0, 0)
    paint_handout(painter, page, scene, title, html, writer.newPage)
    return painter.end()


def render_image(scene: QGraphicsScene, width: int) -> QImage:
    """The whole scene on white, ``width`` pixels wide, at the scene's proportions."""
    source = scene.sceneRect()
    height = round(width * source.height() / source.width())
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, width, height), source)
    painter.end()
    return image


def export_png(path: str, scene: QGraphicsScene, width: int = 3000) -> bool:
    return render_image(scene, width).save(path, "PNG")
