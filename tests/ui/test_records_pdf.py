"""The PDF treatment record as a practitioner reads it: the needle map's labels legible beside their
needles, no second-location rings that could pass for needles, and the screening summarised so
the needles, adverse events and notes stay on the first page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QTransform

from pointmap.core.records.record import Record
from pointmap.core.sessions import Site
from pointmap.core.userdata import open_store
from pointmap.core.userdata import sessions as rec
from pointmap.ui.diagram.items import AlternativeItem
from pointmap.ui.export.records import SceneFactory, pdf_bytes
from tests.support.userdata_helpers import NOW

FACE = [  # the screenshots' facial treatment
    ("EX-HN3", "midline"),
    ("BL2", "right"),
    ("BL2", "left"),
    ("GB14", "right"),
    ("GB14", "left"),
    ("ST4", "right"),
    ("ST4", "left"),
    ("LI20", "right"),
    ("LI20", "left"),
    ("ST6", "right"),
    ("ST6", "left"),
    ("CV24", "midline"),
]


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
    rec.all_out(store, s.id, len(FACE), NOW + timedelta(minutes=30))
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
