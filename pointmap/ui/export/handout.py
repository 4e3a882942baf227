"""Handouts on paper (PDF or a printer, A4 or Letter) and images of a view.

A handout is always light whatever the screen's theme: white ground, near-black text. The first page
holds the title, the date, the standard followed and the disclaimer, then the first view; every other
view the handout's points are drawn on follows on a page of its own, its points marked and labelled;
then the table (location, depth and angle, cautions, a step's note), its header repeated on each page.
Every page carries a header and its number. Text is at least 9 pt, labels 8 pt; the artwork is drawn
as vectors from its print variant (``core.printart``: no gradients), never from the screen's raster.

Files are made in memory and written by core.fileio.atomic_write: a full disk or a folder that
cannot be written leaves no partial file and never destroys the file being replaced.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QGraphicsScene

from pointmap import __version__
from pointmap.core import paths
from pointmap.core.fileio import WriteError, atomic_write
from pointmap.core.geometry.channels import meridian_polylines
from pointmap.core.geometry.placement import Box, Label, place_labels
from pointmap.core.handout import DISCLAIMER, WHO_2008, Handout, HandoutView
from pointmap.core.printart import print_svg
from pointmap.ui.diagram.scene import DiagramScene, DiagramStyle

if TYPE_CHECKING:
    from PySide6.QtGui import QPagedPaintDevice
    from PySide6.QtSvg import QSvgRenderer

    from pointmap.core.reference import Position, Reference


class ExportError(WriteError):
    """An export could not be made or written; the message says so in a sentence."""


def pdf_document(
    what: str,
    title: str,
    layout: QPageLayout,
    resolution: int,
    paint: Callable[[QPainter, QPdfWriter], None],
    creator: str = f"PointMap {__version__}",
) -> bytes:
    """A PDF made in memory by Qt's PDF writer, its pages drawn by ``paint(painter, writer)``: the
    handout's, the treatment records' and the exam sheets'. ``what`` ("The handout") names it in the
    ExportError raised when the writer will not start or the document comes out incomplete."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator(creator)
    writer.setResolution(resolution)
    writer.setPageLayout(layout)
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"{what} could not be drawn (Qt's PDF writer refused to start).")
    try:
        paint(painter, writer)
    finally:
        ended = painter.end()
    del writer  # finishes the document in the buffer
    buffer.close()
    pdf = bytes(data.data())
    if not ended or not pdf.startswith(b"%PDF") or b"%%EOF" not in pdf[-64:]:
        raise ExportError(f"{what} could not be drawn completely; nothing was saved.")
    return pdf


PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
DPI = 300
TITLE_PT = 18.0
HEADING_PT = 11.0
TEXT_PT = 9.5  # body text and the table
SMALL_PT = 9.0  # header, footer, captions: still at least 9 pt
LABEL_PT = 8.0  # point labels on the diagrams (at least 7 pt)
MARKER_MM = 1.3  # a point marker's radius on paper
INK = QColor("#111111")
QUIET = QColor("#3d3d3d")  # secondary text: still over 10:1 against white
CAUTION = QColor("#8e0000")
RULE = QColor("#8a8a8a")
HEAD_FILL = QColor("#e9e9e9")
# Table columns (fractions of the width): number, point, location, depth and angle, cautions
COLUMNS = (0.05, 0.19, 0.36, 0.17, 0.23)
HEADINGS = ("#", "Point", "Location", "Depth, angle", "Cautions")


def paper_for_locale() -> str:
    """Letter where it is the usual paper (the United States, Canada, Mexico and a few more), else A4."""
    from PySide6.QtCore import QLocale

    letter = {"UnitedStates", "Canada", "Mexico", "Chile", "Colombia", "Venezuela", "Philippines"}
    territory = QLocale().territory()
    return "letter" if getattr(territory, "name", "") in letter else "a4"


# -- the artwork for paper ---------------------------------------------------------------------


class PrintArt:
    """The print variant of each diagram's artwork (a committed ``*.print.svg`` when there is one,
    else the light drawing with its gradients flattened), one renderer per asset."""

    def __init__(self) -> None:
        self._renderers: dict[str, QSvgRenderer] = {}

    def renderer(self, asset: str) -> QSvgRenderer:
        found = self._renderers.get(asset)
        if found is None:
            from PySide6.QtSvg import QSvgRenderer

            light = paths.asset_path(asset)
            twin = light.with_name(f"{light.name.removesuffix('.svg')}.print.svg")
            try:
                text = twin.read_text(encoding="utf-8") if twin.is_file() else print_svg(light.read_text("utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise ExportError(f"The artwork {light.name} could not be read ({exc}); nothing was saved.") from None
            found = QSvgRenderer(QByteArray(text.encode("utf-8")))
            if not found.isValid():
                raise ExportError(f"The artwork {light.name} could not be drawn; nothing was saved.")
            self._renderers[asset] = found
        return found


# -- measuring and drawing text ----------------------------------------------------------------


def _font(points: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setItalic(italic)
    return font


_WRAP = int(Qt.AlignmentFlag.AlignLeft.value | Qt.AlignmentFlag.AlignTop.value | Qt.TextFlag.TextWordWrap.value)
_LEFT = int(Qt.AlignmentFlag.AlignLeft.value | Qt.AlignmentFlag.AlignVCenter.value)
_RIGHT = int(Qt.AlignmentFlag.AlignRight.value | Qt.AlignmentFlag.AlignVCenter.value)
_CENTER = int(Qt.AlignmentFlag.AlignCenter.value)


@dataclass
class _Run:
    """A paragraph of one font and colour."""

    text: str
    font: QFont
    color: QColor = field(default_factory=lambda: QColor(INK))


def _height(painter: QPainter, runs: list[_Run], width: float) -> float:
    total = 0.0
    for run in runs:
        if run.text:
            painter.setFont(run.font)
            total += painter.boundingRect(QRectF(0, 0, width, 1e7), _WRAP, run.text).height()
    return total


def _draw_runs(painter: QPainter, runs: list[_Run], rect: QRectF) -> float:
    y = rect.top()
    for run in runs:
        if not run.text:
            continue
        painter.setFont(run.font)
        painter.setPen(run.color)
        used = painter.boundingRect(QRectF(rect.left(), y, rect.width(), 1e7), _WRAP, run.text).height()
        painter.drawText(QRectF(rect.left(), y, rect.width(), used), _WRAP, run.text)  # plain text, never markup
        y += used
    return y - rect.top()


# -- the table ---------------------------------------------------------------------------------


def _cells(handout: Handout, index: int) -> list[list[_Run]]:
    point = handout.points[index]
    views = handout.view_titles_of(point.code)
    where = f"Drawn on: {', '.join(views)}" if views else "Not drawn on any view of PointMap"
    point_cell = [
        _Run(point.code, _font(TEXT_PT + 0.5, bold=True)),
        _Run(f"{point.pinyin} {point.hanzi}".strip(), _font(TEXT_PT)),
        _Run(point.english, _font(TEXT_PT, italic=True)),
        _Run(where, _font(SMALL_PT), QColor(QUIET)),
    ]
    location = [_Run(point.location, _font(TEXT_PT))]
    note = handout.note_of(index)
    if note:
        location.append(_Run(f"Note: {note}", _font(TEXT_PT, bold=True)))
    for alternative in point.alternatives:
        named = f" ({alternative.label})" if alternative.label else ""
        location.append(_Run(f"Second location{named}: {alternative.location}", _font(TEXT_PT)))
    if point.standard and point.standard != WHO_2008:
        location.append(_Run(f"Standard: {point.standard}", _font(SMALL_PT), QColor(QUIET)))
    depth = [_Run(point.depth, _font(TEXT_PT)), _Run(point.angle, _font(TEXT_PT))]
    cautions = [_Run(point.cautions or "None noted.", _font(TEXT_PT), QColor(CAUTION if point.cautions else QUIET))]
    return [[_Run(str(index + 1), _font(TEXT_PT))], point_cell, location, depth, cautions]


# -- pages -------------------------------------------------------------------------------------


@dataclass
class _Page:
    kind: str  # "view" or "table"
    view: HandoutView | None = None
    rows: list[int] = field(default_factory=list)
    cover: bool = False  # the first page: the title block above


class _Sheet:
    """Lays the handout out on a paged device and paints it."""

    def __init__(self, painter: QPainter, page: QRectF, resolution: float, reference: Reference, handout: Handout, art):
        self.p = painter
        self.page = page
        self.reference = reference
        self.handout = handout
        self.art = art
        self.mm = resolution / 25.4
        self.pt = resolution / 72
        self.header_h = 7 * self.mm
        self.footer_h = 7 * self.mm
        self.body = QRectF(
            page.left(), page.top() + self.header_h, page.width(), page.height() - self.header_h - self.footer_h
        )
        self.pad = 1.3 * self.mm
        self.widths = [w * self.body.width() for w in COLUMNS]

    # -- layout ------------------------------------------------------------------------------

    def cover_runs(self) -> list[_Run]:
        h = self.handout
        runs = [
            _Run(h.title, _font(TITLE_PT, bold=True)),
            _Run(h.subtitle(), _font(HEADING_PT), QColor(QUIET)),
            _Run("", _font(TEXT_PT)),
        ]
        if h.intro:
            runs.append(_Run(h.intro, _font(TEXT_PT)))
        runs.append(_Run(h.standard_line(), _font(SMALL_PT)))
        if h.left_out:
            runs.append(_Run(f"Not drawn on any view: {', '.join(h.left_out)} (in the table).", _font(SMALL_PT)))
        runs.append(_Run(DISCLAIMER, _font(SMALL_PT, italic=True), QColor(QUIET)))
        return runs

    def cover_height(self) -> float:
        return _height(self.p, self.cover_runs(), self.body.width()) + 3 * self.mm

    def row_height(self, index: int) -> float:
        cells = _cells(self.handout, index)
        return max(_height(self.p, runs, w - 2 * self.pad) for runs, w in zip(cells, self.widths, strict=True)) + (
            2 * self.pad
        )

    def head_height(self) -> float:
        self.p.setFont(_font(TEXT_PT, bold=True))
        return self.p.fontMetrics().height() + 2 * self.pad

    def layout(self) -> list[_Page]:
        pages: list[_Page] = []
        for n, view in enumerate(self.handout.views):
            pages.append(_Page("view", view, cover=n == 0))
        heights = [self.row_height(i) for i in range(len(self.handout.points))]
        head = self.head_height()
        table_top = self.body.top() + (self.cover_height() if not pages else 0) + 6 * self.mm
        page = _Page("table", cover=not pages)
        y = table_top + head
        for i, height in enumerate(heights):
            if page.rows and y + height > self.body.bottom():
                pages.append(page)
                page = _Page("table")
                y = self.body.top() + head
            page.rows.append(i)
            y += height
        pages.append(page)
        return pages

    # -- painting ----------------------------------------------------------------------------

    def header(self) -> None:
        p, page = self.p, self.page
        p.setFont(_font(SMALL_PT, bold=True))
        p.setPen(INK)
        band = QRectF(page.left(), page.top(), page.width(), self.header_h * 0.7)
        made = self.handout.made.isoformat() if self.handout.made else ""
        right = f"PointMap handout {made}".strip()
        room = band.width() - p.fontMetrics().horizontalAdvance(right) - 6 * self.mm
        p.drawText(band, _LEFT, p.fontMetrics().elidedText(self.handout.title, Qt.TextElideMode.ElideRight, room))
        p.setFont(_font(SMALL_PT))
        p.drawText(band, _RIGHT, right)
        self.rule(page.top() + self.header_h * 0.8)

    def footer(self, number: int, total: int) -> None:
        p, page = self.p, self.page
        p.setFont(_font(SMALL_PT))
        p.setPen(QUIET)
        band = QRectF(page.left(), page.bottom() - self.footer_h * 0.7, page.width(), self.footer_h * 0.7)
        p.drawText(band, _LEFT, f"PointMap {__version__} · a reference for trained people, not medical advice")
        p.setPen(INK)
        p.drawText(band, _RIGHT, f"page {number} of {total}")

    def rule(self, y: float, color: QColor = RULE, width_mm: float = 0.2) -> None:
        pen = QPen(color)
        pen.setWidthF(width_mm * self.mm)
        self.p.setPen(pen)
        self.p.drawLine(QPointF(self.page.left(), y), QPointF(self.page.right(), y))

    def cover(self) -> float:
        used = _draw_runs(self.p, self.cover_runs(), self.body)
        return self.body.top() + used + 3 * self.mm

    def view(self, view: HandoutView, top: float) -> None:
        p = self.p
        diagram = self.reference.diagrams[view.diagram]
        count = len(view.codes)
        rings = any(
            pos.diagram == view.diagram
            for code in view.codes
            for alternative in self.reference.points[code].alternatives
            for pos in alternative.positions
        )
        caption = [
            _Run(view.title, _font(HEADING_PT, bold=True)),
            _Run(
                f"{count} point{'s' if count != 1 else ''} of this handout: "
                + ", ".join(view.codes)
                + ". A point of both sides is labelled on one."
                + (" A ring marks a second location its standard keeps (see the table)." if rings else ""),
                _font(SMALL_PT),
                QColor(QUIET),
            ),
        ]
        top += _draw_runs(p, caption, QRectF(self.body.left(), top, self.body.width(), 0)) + 2 * self.mm
        room = QRectF(self.body.left(), top, self.body.width(), self.body.bottom() - top)
        crop = _crop(self.reference, view)  # the part of the diagram the points are on (diagram units)
        scale = min(room.width() / crop.width(), room.height() / crop.height())
        w, h = crop.width() * scale, crop.height() * scale
        target = QRectF(room.left() + (room.width() - w) / 2, room.top(), w, h)
        whole = QRectF(
            target.left() - crop.left() * scale,
            target.top() - crop.top() * scale,
            diagram.width * scale,
            diagram.height * scale,
        )
        p.save()
        p.setClipRect(target)
        self.art.renderer(diagram.asset).render(p, whole)  # vector: the PDF holds the paths, not pixels
        if view.meridian:
            self.course(view, whole, scale)
        p.restore()
        frame = QPen(RULE)
        frame.setWidthF(0.2 * self.mm)
        p.setPen(frame)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(target)

        def at(x: float, y: float) -> QPointF:  # fractions of the diagram to the page
            return QPointF(whole.left() + x * whole.width(), whole.top() + y * whole.height())

        radius = MARKER_MM * self.mm
        spots: list[tuple[float, float]] = []
        anchors: list[tuple[str, QPointF]] = []
        for code in view.codes:
            point = self.reference.points[code]
            color = QColor(self.reference.color_of(point))
            positions = self.reference.positions_of(code, view.diagram)
            for pos in positions:
                spot = at(pos.x, pos.y)
                if target.contains(spot):  # the other arm's marker, when the page shows one arm
                    spots.append((spot.x(), spot.y()))
                    self.marker(spot, radius, color)
            for alternative in point.alternatives:
                for pos in alternative.positions:
                    if pos.diagram == view.diagram and target.contains(at(pos.x, pos.y)):
                        spot = at(pos.x, pos.y)
                        spots.append((spot.x(), spot.y()))  # no label sits on a ring either
                        self.ring(spot, radius, color)
            if positions:
                anchors.append((code, at(*_label_spot(positions))))
        self.labels(anchors, spots, radius, target)

    def course(self, view: HandoutView, whole: QRectF, scale: float) -> None:
        lines = meridian_polylines(self.reference, view.diagram).get(view.meridian or "", [])
        if not lines:
            return
        p = self.p
        color = QColor(self.reference.meridians[view.meridian].color)
        color.setAlphaF(0.75)
        pen = QPen(color)
        pen.setWidthF(0.45 * self.mm)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for line in lines:
            path = QPainterPath(QPointF(whole.left() + line[0][0] * scale, whole.top() + line[0][1] * scale))
            for x, y in line[1:]:
                path.lineTo(whole.left() + x * scale, whole.top() + y * scale)
            p.drawPath(path)

    def marker(self, spot: QPointF, radius: float, color: QColor) -> None:
        p = self.p
        outline = QPen(QColor("#1b1b1b"))
        outline.setWidthF(0.12 * self.mm)
        p.setPen(outline)
        p.setBrush(QColor("#ffffff"))
        p.drawEllipse(spot, radius + 0.25 * self.mm, radius + 0.25 * self.mm)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(spot, radius, radius)

    def ring(self, spot: QPointF, radius: float, color: QColor) -> None:
        p = self.p
        pen = QPen(color)
        pen.setWidthF(0.35 * self.mm)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(spot, radius, radius)

    def labels(self, anchors: list[tuple[str, QPointF]], spots: list[tuple[float, float]], radius, target) -> None:
        p = self.p
        font = _font(LABEL_PT, bold=True)
        p.setFont(font)
        metrics = p.fontMetrics()
        pad = 0.5 * self.mm
        wanted = [
            Label(a.x(), a.y(), metrics.horizontalAdvance(code) + 2 * pad, metrics.height() + 0.4 * pad)
            for code, a in anchors
        ]
        bounds = Box(target.left(), target.top(), target.width(), target.height())
        placed = place_labels(wanted, radius + 0.25 * self.mm, bounds, spots)
        leader = QPen(QColor("#2b2b2b"))
        leader.setWidthF(0.18 * self.mm)
        for (_code, anchor), spot in zip(anchors, placed, strict=True):
            if spot.leader:
                end = QPointF(*spot.box.nearest(anchor.x(), anchor.y()))
                p.setPen(leader)
                p.drawLine(anchor, end)
        plate_pen = QPen(QColor("#6b6b6b"))
        plate_pen.setWidthF(0.12 * self.mm)
        for (code, _anchor), spot in zip(anchors, placed, strict=True):
            box = QRectF(spot.box.x, spot.box.y, spot.box.w, spot.box.h)
            p.setPen(plate_pen)
            p.setBrush(QColor("#ffffff"))
            p.drawRoundedRect(box, 0.6 * self.mm, 0.6 * self.mm)
            p.setPen(INK)
            p.drawText(box, _CENTER, code)

    def table(self, page: _Page, top: float) -> None:
        p = self.p
        head = self.head_height()
        left = self.body.left()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(HEAD_FILL)
        p.drawRect(QRectF(left, top, self.body.width(), head))
        x = left
        p.setFont(_font(TEXT_PT, bold=True))
        p.setPen(INK)
        for heading, width in zip(HEADINGS, self.widths, strict=True):
            p.drawText(QRectF(x + self.pad, top, width - 2 * self.pad, head), _LEFT, heading)
            x += width
        y = top + head
        for index in page.rows:
            height = self.row_height(index)
            x = left
            for runs, width in zip(_cells(self.handout, index), self.widths, strict=True):
                _draw_runs(p, runs, QRectF(x + self.pad, y + self.pad, width - 2 * self.pad, height))
                x += width
            y += height
            self.rule(y)

    def paint(self, pages: list[_Page], new_page) -> None:
        for number, page in enumerate(pages, 1):
            if number > 1:
                new_page()
            self.header()
            top = self.body.top()
            if page.cover:
                top = self.cover()
            if page.kind == "view" and page.view is not None:
                self.view(page.view, top)
            else:
                self.table(page, top + (3 * self.mm if page.cover else 0))
            self.footer(number, len(pages))


CROP_PAD = 0.09  # of the diagram's longer side, around the points drawn
CROP_MIN = 0.6  # the crop is at least this share of the diagram's width and height
SPLIT_GAP = 0.3  # two groups of points this far apart (share of the width): one side is shown


def _crop(reference: Reference, view: HandoutView) -> QRectF:
    """The part of the diagram a view's page shows (diagram units): the points with room around them
    for labels; where they fall in two groups far apart (the two arms), the labelled side's group."""
    diagram = reference.diagrams[view.diagram]
    spots = [(p.x, p.y) for code in view.codes for p in reference.positions_of(code, view.diagram)]
    if not spots:
        return QRectF(0, 0, diagram.width, diagram.height)
    xs = sorted(x for x, _ in spots)
    gaps = [(b - a, a, b) for a, b in itertools.pairwise(xs)]
    widest = max(gaps, default=(0.0, 0.0, 0.0))
    if widest[0] > SPLIT_GAP:
        labelled = [_label_spot(reference.positions_of(code, view.diagram)) for code in view.codes]
        labelled = [s for s in labelled if s is not None]
        left_side = sum(1 for x, _ in labelled if x <= widest[1]) >= len(labelled) / 2
        spots = [(x, y) for x, y in spots if (x <= widest[1]) == left_side]
    pad = CROP_PAD * max(diagram.width, diagram.height)
    x0 = min(x for x, _ in spots) * diagram.width - pad
    x1 = max(x for x, _ in spots) * diagram.width + pad
    y0 = min(y for _, y in spots) * diagram.height - pad
    y1 = max(y for _, y in spots) * diagram.height + pad
    x0, x1 = _widen(x0, x1, CROP_MIN * diagram.width, diagram.width)
    y0, y1 = _widen(y0, y1, CROP_MIN * diagram.height, diagram.height)
    return QRectF(x0, y0, x1 - x0, y1 - y0)


def _widen(low: float, high: float, least: float, limit: float) -> tuple[float, float]:
    """[low, high] at least ``least`` long, kept within [0, limit]."""
    if high - low < least:
        middle = (low + high) / 2
        low, high = middle - least / 2, middle + least / 2
    if low < 0:
        low, high = 0.0, min(limit, high - low)
    if high > limit:
        low, high = max(0.0, low - (high - limit)), limit
    return low, high


def _label_spot(positions: list[Position]) -> tuple[float, float]:
    """Where a point's one label goes: beside its marker on the subject's right (or the midline), first site."""
    ranked = sorted(positions, key=lambda p: (p.side not in ("right", "midline"), p.site))
    return ranked[0].x, ranked[0].y


def paint_handout(painter: QPainter, device: QPagedPaintDevice, resolution: float, reference, handout, art) -> int:
    """Lay out and paint the handout on a paged device (a PDF writer or a printer); the number of pages."""
    page = QRectF(device.pageLayout().paintRectPixels(round(resolution)))
    page.moveTo(0, 0)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    sheet = _Sheet(painter, page, resolution, reference, handout, art or PrintArt())
    pages = sheet.layout()
    sheet.paint(pages, device.newPage)
    return len(pages)


def _layout(paper: str) -> QPageLayout:
    if paper not in PAPERS:
        raise ExportError(f"Unknown paper '{paper}': choose {' or '.join(PAPERS)}.")
    return QPageLayout(
        QPageSize(PAPERS[paper]),
        QPageLayout.Orientation.Portrait,
        QMarginsF(14, 12, 14, 12),
        QPageLayout.Unit.Millimeter,
    )


def pdf_bytes(reference: Reference, handout: Handout, paper: str = "a4", art: PrintArt | None = None) -> bytes:
    """The handout as a PDF document, made in memory."""
    return pdf_document(
        "The handout",
        f"{handout.title} — PointMap handout",
        _layout(paper),
        DPI,
        lambda painter, writer: paint_handout(painter, writer, DPI, reference, handout, art),
    )


def export_pdf(
    path: str | Path, reference: Reference, handout: Handout, paper: str = "a4", art: PrintArt | None = None
) -> Path:
    """Write the handout as a PDF; raises ExportError/WriteError with a sentence on failure (no file left)."""
    return atomic_write(path, pdf_bytes(reference, handout, paper, art))


def print_handout(printer, reference: Reference, handout: Handout, art: PrintArt | None = None) -> None:
    """Paint the handout on a printer that the print dialog has set up (its paper, its resolution)."""
    painter = QPainter()
    if not painter.begin(printer):
        raise ExportError("The printer could not be opened.")
    try:
        paint_handout(painter, printer, printer.resolution(), reference, handout, art)
    finally:
        painter.end()


def write_pdf_headless(path: str | Path, reference: Reference, handout: Handout, paper: str = "a4") -> Path:
    """The command line's handout: Qt started without a window, the views drawn, the file written."""
    from pointmap.ui.export.headless import ensure_application

    ensure_application()
    return export_pdf(path, reference, handout, paper)


# -- images of a view (PNG export, Anki cards, exam sheets) -------------------------------------


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


def export_png(path: str | Path, scene: DiagramScene, width: int = 3000) -> Path:
    """Write the diagram as a PNG; raises ExportError/WriteError with a sentence on failure."""
    return atomic_write(path, png_bytes(scene, width))
