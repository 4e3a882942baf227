"""The PDF treatment record as a practitioner reads it: the needle map's labels legible beside their
needles, no second-location rings that could pass for needles, and the screening summarised so
the needles, adverse events and notes stay on the first page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QBuffer
from PySide6.QtGui import QTransform

from pointmap.core.records.record import Record
from pointmap.core.sessions import Site
from pointmap.core.userdata import open_store
from pointmap.core.userdata import sessions as rec
from pointmap.ui.diagram.items import AlternativeItem
from pointmap.ui.export.records import SceneFactory, pdf_bytes
from tests.support.session_history import FACE_TREATMENT
from tests.support.userdata_helpers import NOW

FACE = FACE_TREATMENT  # the screenshots' facial treatment


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    yield opened.store
    opened.store.close()


def face_session(store, reference):
    s = rec.start(store, "C-104", NOW)
    for question in reference.screening:
        rec.answer(store, s.id, question.id, "no", "", NOW)
    for code, side in FACE:
        rec.mark_in(store, s.id, Site(code, side), "face", NOW + timedelta(minutes=1))
    for code, side in FACE:
        rec.mark_out(store, s.id, Site(code, side), NOW + timedelta(minutes=30))
    return rec.get(store, s.id)


def test_the_needle_maps_labels_are_legible_and_no_second_location_ring_is_drawn(qapp, reference, store):
    """BL2 and EX-HN3 printed as "B·EX-HN3"; LI20's hollow rings could be counted as needles."""
    session = face_session(store, reference)
    factory = SceneFactory(reference)
    seen: dict = {}
    scene = factory("face")
    render = scene.render

    def spy(painter, target, source, *args):  # what is on paper, in the PDF's device pixels
        s = target.width() / source.width()
        to_page = QTransform(s, 0, 0, s, target.left() - source.left() * s, target.top() - source.top() * s)
        on_page = lambda item, rect: item.deviceTransform(to_page).mapRect(rect)  # noqa: E731
        seen["labels"] = {
            (item.code, item.position.side): on_page(item.label, item.label.boundingRect())
            for item in scene.markers()
            if item.label.isVisible()
        }
        seen["heads"] = [on_page(pin, pin.shape().boundingRect()) for pin in scene.recorded.values()]
        seen["rings"] = [item for item in scene.items() if isinstance(item, AlternativeItem) and item.isVisible()]
        return render(painter, target, source, *args)

    scene.render = spy
    pdf_bytes([Record(session, 1)], factory, "Client C-104", NOW)
    labels = seen["labels"]
    assert {code for code, _side in labels} == {code for code, _side in FACE}  # every needled point named
    plates = list(labels.items())
    for n, (name, plate) in enumerate(plates):
        for other, rect in plates[n + 1 :]:
            assert not plate.intersects(rect), f"{name} and {other} overlap"
        for head in seen["heads"]:
            assert not plate.intersects(head), f"{name} under a needle's head"
    assert seen["rings"] == []  # LI20's second locations are not drawn on a needle map


def face_record(store, reference, yes: str = ""):
    from pointmap.core.records import load

    session = face_session(store, reference)
    if yes:
        question = next(q for q in reference.screening if yes in q.question)
        rec.answer(store, session.id, question.id, "yes", "warfarin since March", NOW)
    rec.adverse_event(store, session.id, "bruising", NOW + timedelta(minutes=31), site=Site("ST6", "left"))
    rec.update(store, session.id, notes="Client relaxed throughout.")
    return load(store, reference, session.id)


def test_the_screening_is_summarised_so_needles_adverse_events_and_notes_stay_on_page_one(
    qapp, reference, store, tmp_path
):
    """Twenty lines of "no" pushed the needles, adverse events and notes to page 2: one line says
    they were all no, and the questions asked close the record."""
    from tests.support.pdf import needs_poppler, read_pages

    if needs_poppler.args[0]:
        pytest.skip(needs_poppler.kwargs["reason"])
    from PIL import Image

    from tests.support.pdf import contrast, render_pages

    path = tmp_path / "record.pdf"
    path.write_bytes(pdf_bytes([face_record(store, reference)], SceneFactory(reference), "Client C-104", NOW))
    images = [Image.open(p).convert("RGB") for p in render_pages(path, tmp_path, 100)]
    pages = [  # the words printed (a line cut off at a page's end is in the file, clipped, yet not seen)
        " ".join(w.text for w in page.words if contrast(image, w, 100) > 3)
        for page, image in zip(read_pages(path), images, strict=True)
    ]
    first, last = pages[0], pages[-1]
    assert f"Screening: all {len(reference.screening)} questions answered no" in first
    for shown in ("Needles in and out (12 in, 12 out)", "CV24: in", "bruising at ST6 (left)", "relaxed throughout."):
        assert shown in first, shown
    assert "Are you pregnant, or could you be?" not in first.split("Needles in and out")[0]
    asked = last.split("Screening questions asked and answered no")[-1]
    assert "Are you pregnant, or could you be?" in asked and "implanted electrical device" in asked  # all asked


def test_a_yes_is_listed_with_its_detail_and_flag_and_the_rest_in_one_line(qapp, reference, store):
    from PySide6.QtGui import QPdfWriter

    from pointmap.ui.export.records import DPI, TEXT_PT, record_document

    record = face_record(store, reference, yes="thins the blood")
    writer = QPdfWriter(QBuffer())
    writer.setResolution(DPI)
    document = record_document(record, writer, 2000)
    text = document.toPlainText()
    screening = text.split("Screening\n")[1].split("Needles in and out")[0]
    assert "thins the blood" in screening and "yes: warfarin since March" in screening
    assert "! Bleeds or bruises easily" in screening  # what it flags, beside it
    assert f"All other {len(reference.screening) - 1} screening questions answered no." in screening
    assert "Are you pregnant" not in screening and "Flags the answers raised" not in text  # not said twice
    asked = text.split("Screening questions asked and answered no")[1]
    assert "Are you pregnant, or could you be?" in asked and "thins the blood" not in asked
    block = document.findBlock(text.index("All other"))
    assert block.charFormat().font().pointSizeF() == TEXT_PT >= 10
    block = document.findBlock(text.index("Are you pregnant, or could you be?"))
    assert block.charFormat().font().pointSizeF() == TEXT_PT
