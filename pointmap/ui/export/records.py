"""Treatment records as a PDF (Qt's PDF writer, A4): a page (or more) per session, each starting
with the session's needle map drawn on paper's light look whatever the screen's theme, then the
record in 10 pt text (the screening in short: what was not answered no, then the questions
answered no at the end); a header with the client reference and the date on every page. Several
sessions (a client's course, a date range) begin with a summary page: the sessions and the adverse
events across them (the bruise log).

Every word of the record is set as plain text (never HTML), so notes that look like markup or a
web address print as typed and the file holds no links. The document is made in memory and
written by ``core.fileio.atomic_write``: a failure leaves no partial file.

``write_pdf_headless`` is the command line's way in (``pointmap sessions export --pdf``): it starts
Qt offscreen when there is no display, since drawing the diagrams needs Qt but no window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLength,
    QTextTableFormat,
)
from PySide6.QtWidgets import QGraphicsItem

from pointmap import __version__
from pointmap.core.fileio import atomic_write
from pointmap.core.records.record import Record, sections, when
from pointmap.ui.export.handout import ExportError, light, pdf_document
from pointmap.ui.export.headless import ensure_application

DPI = 300
TEXT_PT = 10.0
HEADING_PT = 10.5
TITLE_PT = 14.0
MAP_SHARE = 0.42  # of the first page's body, for the needle map
# Markers, pins and labels grow with the map: a 10 cm map at 300 dpi gets labels of about 6 pt.
MARKER_STEP = 530  # device pixels of map height per step of the marker scale
ART_PIXELS = 1400  # the artwork's longer side in the PDF: one image per diagram, shared by every page


@dataclass
class _Page:
    record: Record | None  # None: the summary page(s)
    document: QTextDocument
    top: float  # the slice of the document shown on this page (document coordinates)
    bottom: float
    first: bool  # the first page of its record: title and map


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _char(points: float, bold: bool = False, color: str = "#000000") -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFont(_font(points, bold))
    fmt.setForeground(QColor(color))
    return fmt


def _document(device, width: float) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)  # fonts measured at the PDF's resolution
    document.setDefaultFont(_font(TEXT_PT))
    document.setDocumentMargin(0)
    document.setTextWidth(width)
    return document


HEADING = 1  # a block's user state: a heading, which a page never ends with


def _block(
    cursor: QTextCursor,
    text: str,
    fmt: QTextCharFormat,
    space_before: float = 0,
    first: bool = False,
    heading: bool = False,
):
    block = QTextBlockFormat()
    block.setTopMargin(space_before)
    if first:
        cursor.setBlockFormat(block)
        cursor.setBlockCharFormat(fmt)
    else:
        cursor.insertBlock(block, fmt)
    cursor.insertText(text, fmt)  # plain text: nothing in it is read as markup
    if heading:
        cursor.block().setUserState(HEADING)


def record_document(record: Record, device, width: float) -> QTextDocument:
    """The record's words (all but its title, which the page draws) as a text document."""
    document = _document(device, width)
    cursor = QTextCursor(document)
    gap = TEXT_PT * DPI / 72 * 0.6
    first = True
    for n, (heading, lines) in enumerate(sections(record, summary=True)):
        if n > 0:
            _block(cursor, heading, _char(HEADING_PT, bold=True), gap, first, heading=True)
            first = False
        for text in lines:
            _block(cursor, text, _char(TEXT_PT), 0, first)
            first = False
    return document


def summary_document(records: Sequence[Record], title: str, device, width: float) -> QTextDocument:
    """The first pages of a multi-session record: which sessions, and the adverse events across them."""
    document = _document(device, width)
    cursor = QTextCursor(document)
    _block(cursor, title, _char(TITLE_PT, bold=True), 0, True)
    clients = sorted({r.session.client_ref for r in records})
    days = sorted(r.day for r in records)
    _block(
        cursor,
        f"{len(records)} session{'s' if len(records) != 1 else ''} of {len(clients)} client reference"
        f"{'s' if len(clients) != 1 else ''}, {days[0]} to {days[-1]}. Each session follows on a page of its own.",
        _char(TEXT_PT),
    )
    gap = TEXT_PT * DPI / 72
    _block(cursor, "Sessions", _char(HEADING_PT, bold=True), gap, heading=True)
    rows = [("Date", "Client", "Session", "Needles", "Outcome", "Adverse events")]
    for r in records:
        tally = r.session.tally()
        rows.append(
            (
                when(r.session.started_at),
                r.session.client_ref,
                r.course,
                str(tally.inserted),
                r.outcome(),
                str(len(r.session.adverse_events)),
            )
        )
    _table(cursor, rows)
    events = [(r, e) for r in records for e in r.session.adverse_events]
    _block(
        cursor, "Adverse events across these sessions (the bruise log)", _char(HEADING_PT, bold=True), gap, heading=True
    )
    if not events:
        _block(cursor, "None recorded.", _char(TEXT_PT))
    else:
        rows = [("Recorded", "Client", "Session", "Event", "Site", "Action taken; notes")]
        for r, e in events:
            site = e.point_code if e.side in (None, "midline") else f"{e.point_code} ({e.side})"
            said = "; ".join(x for x in (e.action_taken, e.notes) if x)
            rows.append((when(e.at), r.session.client_ref, r.course, e.kind, site or "", said))
        _table(cursor, rows)
    return document


def _table(cursor: QTextCursor, rows: list[tuple[str, ...]]) -> None:
    fmt = QTextTableFormat()
    fmt.setCellPadding(6)
    fmt.setCellSpacing(0)
    fmt.setBorder(0.5)
    fmt.setHeaderRowCount(1)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table = cursor.insertTable(len(rows), len(rows[0]), fmt)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cellAt(r, c).firstCursorPosition()
            cell.insertText(value, _char(TEXT_PT, bold=r == 0))
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _line_bottoms(document: QTextDocument) -> list[float]:
    """Where each laid-out line of the document ends (document coordinates), top to bottom: the
    places a page may end without cutting a line in half, or leaving a heading at its foot."""
    layout = document.documentLayout()
    bottoms = []
    block = document.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        text_layout = block.layout()
        for i in range(0 if block.userState() == HEADING else text_layout.lineCount()):
            line = text_layout.lineAt(i)
            bottoms.append(rect.top() + line.y() + line.height())
        block = block.next()
    bottoms.append(document.size().height())
    return sorted(set(bottoms))


def _slices(document: QTextDocument, first_height: float, height: float) -> list[tuple[float, float]]:
    """The document cut into page slices: the first ``first_height`` tall, the rest ``height``."""
    bottoms = _line_bottoms(document)
    total = document.size().height()
    slices, top, room = [], 0.0, first_height
    while top < total - 0.5:
        fitting = [b for b in bottoms if top < b <= top + room]
        end = fitting[-1] if fitting else min(total, top + room)  # a line taller than a page is cut
        slices.append((top, end))
        top, room = end, height
    return slices or [(0.0, 0.0)]


class _Painter:
    """Paints the pages: header, footer, title, maps and a slice of text."""

    def __init__(self, painter: QPainter, page: QRectF, printed: datetime, scene_for: SceneFactory):
        self.painter = painter
        self.page = page
        self.printed = printed
        self.scene_for = scene_for
        self.px = DPI / 72  # device pixels per point
        self.header_h = 3.2 * TEXT_PT * self.px
        self.footer_h = 2.4 * TEXT_PT * self.px
        self.body = QRectF(
            page.left(), page.top() + self.header_h, page.width(), page.height() - self.header_h - self.footer_h
        )
        self.title_h = 3.6 * TEXT_PT * self.px

    def header(self, left: str, right: str) -> None:
        p, page = self.painter, self.page
        p.setPen(QColor("#000000"))
        p.setFont(_font(9, bold=True))
        band = QRectF(page.left(), page.top(), page.width(), self.header_h * 0.6)
        p.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
        p.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
        p.setPen(QColor("#666666"))
        y = page.top() + self.header_h * 0.7
        p.drawLine(page.left(), y, page.right(), y)

    def footer(self, number: int, total: int) -> None:
        p, page = self.painter, self.page
        p.setPen(QColor("#444444"))
        p.setFont(_font(8))
        band = QRectF(page.left(), page.bottom() - self.footer_h * 0.6, page.width(), self.footer_h * 0.6)
        printed = self.printed.strftime("%Y-%m-%d %H:%M")
        p.drawText(
            band,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"PointMap {__version__} · treatment record · printed {printed} · holds no patient names",
        )
        p.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"page {number} of {total}")

    def title(self, record: Record) -> float:
        """The record's title and times; returns the height used."""
        p, body = self.painter, self.body
        s = record.session
        p.setPen(QColor("#000000"))
        p.setFont(_font(TITLE_PT, bold=True))
        p.drawText(
            QRectF(body.left(), body.top(), body.width(), self.title_h * 0.55),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            record.title(),
        )
        closed = f" to {when(s.closed_at, record.day)}" if s.closed_at else ""
        p.setFont(_font(TEXT_PT))
        p.drawText(
            QRectF(body.left(), body.top() + self.title_h * 0.55, body.width(), self.title_h * 0.4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"{when(s.started_at)}{closed} · {record.outcome()}",
        )
        return self.title_h

    def maps(self, record: Record, top: float, height: float) -> None:
        """The needle map of each diagram the session used, side by side, with its title."""
        from pointmap.ui.history.needle_map import diagrams_of

        p = self.painter
        used = diagrams_of(record.session, self.scene_for.reference)
        box = QRectF(self.body.left(), top, self.body.width(), height)
        if not used:
            p.setFont(_font(TEXT_PT))
            p.setPen(QColor("#444444"))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, "No needles were marked in this session.")
            return
        caption_h = 1.8 * TEXT_PT * self.px
        width = box.width() / len(used)
        for n, diagram_id in enumerate(used):
            scene = self.scene_for(diagram_id)
            scene.show_session(record.session)
            cell = QRectF(box.left() + n * width, box.top(), width, box.height())
            p.setFont(_font(9))
            p.setPen(QColor("#000000"))
            p.drawText(
                QRectF(cell.left(), cell.top(), cell.width(), caption_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                scene.diagram.title,
            )
            area = cell.adjusted(6 * self.px, caption_h, -6 * self.px, 0)
            source = scene.sceneRect()
            scale = min(area.width() / source.width(), area.height() / source.height())
            w, h = source.width() * scale, source.height() * scale
            target = QRectF(area.left() + (area.width() - w) / 2, area.top(), w, h)
            # Items that ignore transformations are drawn in device pixels with fonts at 96 dpi:
            # light() scales both by dpi / 96.
            with light(scene, 96 * h / MARKER_STEP, scale_fonts=True):
                # labels placed in the PDF's device pixels, where items that ignore transformations draw
                scene.place_needle_labels(
                    lambda point, t=target, s=scale: QPointF(t.left() + point.x() * s, t.top() + point.y() * s), target
                )
                scene.render(p, target, source)
            pen = p.pen()
            pen.setColor(QColor("#999999"))
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(target)

    def text(self, document: QTextDocument, top: float, bottom: float, at: float) -> None:
        p = self.painter
        p.save()
        p.translate(self.body.left(), at - top)
        document.drawContents(p, QRectF(0, top, self.body.width(), bottom - top))
        p.restore()


class SceneFactory:
    """Record scenes for the PDF, one per diagram, made when first needed (sharing ``svg_cache``)."""

    def __init__(self, reference, svg_cache=None, cache_dir: Path | None = None):
        from pointmap.ui.diagram.background import SvgCache

        self.reference = reference
        self.svg_cache = svg_cache or SvgCache()
        self.cache_dir = cache_dir
        self.scenes: dict = {}

    def __call__(self, diagram_id: str):
        from pointmap.ui.history.needle_map import RecordScene

        scene = self.scenes.get(diagram_id)
        if scene is None:
            scene = self.scenes[diagram_id] = RecordScene(self.reference, diagram_id, self.svg_cache, self.cache_dir)
            scene.paper_art = paper_art(scene)
            for item in scene.items():  # cached items would go into the PDF as hundreds of small images
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        return scene


def paper_art(scene) -> QImage:
    """The diagram's artwork on white, rendered once: drawn on every page as the same image, which
    the PDF then holds once (the vector artwork, repeated per session, made files of a megabyte each)."""
    rect = scene.sceneRect()
    scale = ART_PIXELS / max(rect.width(), rect.height())
    image = QImage(round(rect.width() * scale), round(rect.height() * scale), QImage.Format.Format_RGB32)
    if image.isNull():
        raise ExportError("The diagram could not be drawn for the record (not enough memory).")
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.background.art.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def pdf_bytes(records: Sequence[Record], scene_for: SceneFactory, title: str, printed: datetime) -> bytes:
    """The records as a PDF document, made in memory."""
    if not records:
        raise ExportError("There are no sessions to export; nothing was saved.")
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(15, 12, 15, 12),
        QPageLayout.Unit.Millimeter,
    )

    def paint_pages(painter: QPainter, writer: QPdfWriter) -> None:
        page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        page.moveTo(0, 0)
        paint = _Painter(painter, page, printed, scene_for)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pages: list[_Page] = []
        if len(records) > 1:
            summary = summary_document(records, title, writer, paint.body.width())
            cuts = _slices(summary, paint.body.height(), paint.body.height())
            pages += [_Page(None, summary, t, b, n == 0) for n, (t, b) in enumerate(cuts)]
        map_h = paint.body.height() * MAP_SHARE
        for record in records:
            document = record_document(record, writer, paint.body.width())
            first_room = paint.body.height() - paint.title_h - map_h - TEXT_PT * DPI / 72
            cuts = _slices(document, first_room, paint.body.height())
            pages += [_Page(record, document, t, b, n == 0) for n, (t, b) in enumerate(cuts)]
        for number, item in enumerate(pages, 1):
            if number > 1:
                writer.newPage()
            if item.record is None:
                paint.header("PointMap treatment records", title)
                paint.text(item.document, item.top, item.bottom, paint.body.top())
            else:
                s = item.record.session
                paint.header(
                    f"Client {s.client_ref} · session {item.record.course}",
                    f"{item.record.day}" + ("" if item.first else " · continued"),
                )
                at = paint.body.top()
                if item.first:
                    at += paint.title(item.record)
                    paint.maps(item.record, at, map_h)
                    at += map_h + TEXT_PT * DPI / 72
                paint.text(item.document, item.top, item.bottom, at)
            paint.footer(number, len(pages))

    return pdf_document("The record", title, layout, DPI, paint_pages)


def export_pdf(
    path: str | Path, records: Sequence[Record], scene_for: SceneFactory, title: str, printed: datetime
) -> Path:
    """Write the records as a PDF, readable by its owner only; ExportError/WriteError with a sentence on
    failure (no file left)."""
    return atomic_write(path, pdf_bytes(records, scene_for, title, printed), private=True)


def write_pdf_headless(path: str | Path, records: Sequence[Record], reference, title: str, printed: datetime) -> Path:
    """The command line's PDF export: Qt started without a window, the diagrams drawn, the file written."""
    ensure_application()
    return export_pdf(path, records, SceneFactory(reference), title, printed)
