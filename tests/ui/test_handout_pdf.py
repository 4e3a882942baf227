"""Handouts as a trainer prints them: two PDFs made once (a protocol that spans views, by the command
line on A4; a meridian on Letter), then read back with poppler as text with positions and as page
images: paper size, text and label sizes, contrast, every point labelled on a diagram page, the
table, title, date, standard, disclaimer, page numbers; no raster image and no gradient inside."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from pointmap.cli import main
from pointmap.core.handout import handout_of
from pointmap.core.sequences import meridian_sequence, protocol_sequence
from tests.support.pdf import needs_poppler, read_pages, render_pages

pytestmark = needs_poppler

PROTOCOL = "face-lift-cheeks-jowls"  # the face and, for LI4, an arm view
DPI = 100
A4 = (595, 842)
LETTER = (612, 792)


def _calibration(tmp_path_factory) -> dict[float, float]:
    """How tall pdftotext measures words set at 7 and 9 pt in the font the handout uses (bold and
    regular): the smallest is the floor each size must reach."""
    from PySide6.QtCore import QMarginsF, QPointF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

    path = tmp_path_factory.mktemp("calibration") / "sizes.pdf"
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(10, 10, 10, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    y = 100.0
    for size in (7.0, 9.0):
        for bold in (False, True):
            font = QFont()
            font.setPointSizeF(size)
            font.setBold(bold)
            painter.setFont(font)
            painter.drawText(QPointF(100, y), f"s{size:g} Hgjy LI4")
            y += 200
    painter.end()
    del writer
    heights: dict[float, float] = {}
    for word in read_pages(path)[0].words:
        if word.text.startswith("s"):
            size = float(word.text[1:])
            heights[size] = min(heights.get(size, 99.0), word.height)
    return heights


@pytest.fixture(scope="module")
def made(qapp, tmp_path_factory, reference):
    folder = tmp_path_factory.mktemp("handouts")
    protocol_pdf = folder / "protocol.pdf"
    assert main(["handout", "--protocol", PROTOCOL, str(protocol_pdf)]) == 0
    from pointmap.ui.export.handout import export_pdf

    meridian = handout_of(reference, meridian_sequence(reference, "LI"), made=date(2026, 3, 14))
    meridian_pdf = export_pdf(folder / "meridian.pdf", reference, meridian, "letter")
    protocol = handout_of(reference, protocol_sequence(reference, PROTOCOL), made=date.today())
    result = {}
    for name, pdf, handout in (("protocol", protocol_pdf, protocol), ("meridian", meridian_pdf, meridian)):
        images = [Image.open(p).convert("RGB") for p in render_pages(pdf, folder, DPI)]
        result[name] = (pdf, handout, read_pages(pdf), images)
    result["sizes"] = _calibration(tmp_path_factory)
    return result


def _all(made):
    return [made["protocol"], made["meridian"]]


def test_the_paper_is_a4_or_letter_as_asked(made):
    _, _, pages, _ = made["protocol"]
    assert {(round(p.width), round(p.height)) for p in pages} == {A4}
    _, _, pages, _ = made["meridian"]
    assert {(round(p.width), round(p.height)) for p in pages} == {LETTER}


def test_body_text_is_at_least_9_pt_and_labels_at_least_7_pt(made):
    floor_7, floor_9 = made["sizes"][7.0], made["sizes"][9.0]
    for _, handout, pages, _ in _all(made):
        codes = {p.code for p in handout.points}
        for page in pages:
            for word in page.words:
                if word.text in codes:  # a label (or a code in the table, which is larger)
                    assert word.height >= floor_7 - 0.05, (page.number, word)
                else:
                    assert word.height >= floor_9 - 0.05, (page.number, word)


def test_labels_on_the_diagrams_are_set_smaller_than_the_text_but_not_tiny(made):
    floor_7, floor_9 = made["sizes"][7.0], made["sizes"][9.0]
    _, handout, pages, _ = made["protocol"]
    view_codes = set(handout.views[0].codes)
    labels = [w for w in pages[0].words if w.text in view_codes and w.height < floor_9]
    assert len({w.text for w in labels}) == len(view_codes)
    assert min(w.height for w in labels) >= floor_7


def test_every_word_stands_out_from_its_ground_and_the_paper_is_white(made):
    from tests.support.pdf import contrast, light_ground

    for _, _, pages, images in _all(made):
        for page, image in zip(pages, images, strict=True):
            assert image.getpixel((2, 2)) == (255, 255, 255)  # the margin: white paper
            for word in page.words:
                assert light_ground(image, word, DPI), (page.number, word)
            worst = min(page.words, key=lambda w: contrast(image, w, DPI))
            assert contrast(image, worst, DPI) >= 4.5, (page.number, worst)


def test_every_point_is_labelled_on_a_diagram_page_and_has_a_row_in_the_table(made):
    for _, handout, pages, _ in _all(made):
        views = len(handout.views)
        assert views >= 2, "these sequences span views"
        diagram_pages = pages[:views]
        table_pages = pages[views:]
        for view, page in zip(handout.views, diagram_pages, strict=True):
            assert view.title.split(",")[0] in page.text
            assert {w.text for w in page.words} >= set(view.codes), view.title
        labelled = {w.text for page in diagram_pages for w in page.words}
        in_table = {w.text for page in table_pages for w in page.words}
        for point in handout.points:
            assert point.code in labelled, f"{point.code} has no label on a diagram page"
            assert point.code in in_table, f"{point.code} has no row in the table"
            assert point.location.split()[0] in " ".join(page.text for page in table_pages)


def test_a_protocol_spanning_views_draws_each_of_them(made, reference):
    _, handout, _, _ = made["protocol"]
    drawn = {code: v.diagram for v in handout.views for code in v.codes}
    assert drawn["ST6"] == "face" and drawn["LI4"] != "face"
    for code, diagram in drawn.items():
        assert diagram in reference.diagrams_showing(code)


def test_the_first_page_holds_title_date_standard_and_disclaimer_and_every_page_its_number(made):
    for _, handout, pages, _ in _all(made):
        first = pages[0].text
        assert handout.title.split()[0] in first and handout.made.isoformat() in first
        assert "WHO Standard Acupuncture Point Locations" in first
        assert "not medical advice" in first
        for page in pages:
            assert f"page {page.number} of {len(pages)}" in page.text


def test_the_table_has_its_header_on_every_page(made):
    for _, handout, pages, _ in _all(made):
        for page in pages[len(handout.views) :]:
            assert "Location" in page.text and "Cautions" in page.text and "Depth," in page.text


def test_the_artwork_is_vector_with_no_image_and_no_gradient(made):
    for pdf, _, _, _ in _all(made):
        data = Path(pdf).read_bytes()
        assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data
        assert b"/Shading" not in data and b"/ShadingType" not in data
        if shutil.which("pdfimages"):
            listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
            assert len(listing.strip().splitlines()) <= 2  # the header lines only


def test_the_window_exports_a_light_handout_from_the_projector_theme(qtbot, reference, tmp_path, made):
    from PySide6.QtCore import QSettings

    from pointmap.ui.main_window import MainWindow
    from tests.support.pdf import contrast, light_ground

    window = MainWindow(reference, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window._panels))
    window.state.set_theme("projector")
    window.state.choose_sequence("protocol", "eye-area")
    path = window.export_handout_pdf(str(tmp_path / "eye.pdf"))
    assert path is not None
    pages = read_pages(Path(path))
    images = [Image.open(p).convert("RGB") for p in render_pages(Path(path), tmp_path, DPI)]
    table = pages[-1]
    assert "Cautions" in table.text
    assert all(light_ground(images[-1], w, DPI) for w in table.words)
    assert min(contrast(images[-1], w, DPI) for w in table.words) >= 4.5
    assert images[0].getpixel((2, 2)) == (255, 255, 255)


def test_a_lesson_handout_labels_every_point_of_the_lesson(tmp_path, reference):
    """`pointmap handout --lesson`: a built-in lesson's points, each labelled and in the table."""
    from pointmap.core.lessons import lesson_outline

    outline = lesson_outline(reference, "face-cheeks-jowls")
    pdf = tmp_path / "lesson.pdf"
    assert main(["handout", "--lesson", "face-cheeks-jowls", "--paper", "letter", str(pdf)]) == 0
    pages = read_pages(pdf)
    assert {(round(p.width), round(p.height)) for p in pages} == {LETTER}
    words = {w.text for page in pages for w in page.words}
    assert outline.title.split()[0] in pages[0].text
    assert set(outline.codes) <= words
