"""A study deck exported for Anki: the images (a blank diagram per view, and each point marked on
its view, in the light look) drawn here with Qt, packed by core.study.anki with genanki."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtWidgets import QApplication

from pointmap.core.fileio import safe_file_stem
from pointmap.core.study import anki
from pointmap.core.study.decks import locate_view
from pointmap.core.study.questions import locating_steps
from pointmap.ui.export.exam_sheets import blank_scene
from pointmap.ui.export.handout import ExportError, light, render_image
from pointmap.ui.study.marks import AnswerMarks

if TYPE_CHECKING:
    from pointmap.core.reference import Reference
    from pointmap.core.study.decks import Deck

IMAGE_WIDTH = 700


def _encoded(image, kind: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = image.save(buffer, kind, 85 if kind == "JPG" else -1)
    buffer.close()
    if not ok or data.isEmpty():
        raise ExportError(f"An image could not be encoded as {kind}; nothing was saved.")
    return bytes(data.data())


def deck_notes(reference: Reference, deck: Deck, svg_cache=None) -> tuple[list[anki.AnkiNote], dict[str, bytes]]:
    """The notes and images of a deck: one blank image per view, one marked image per point."""
    notes: list[anki.AnkiNote] = []
    media: dict[str, bytes] = {}
    scenes = {}
    marks = AnswerMarks()
    for code in deck.codes:
        view = locate_view(reference, code, deck)
        if view is None:
            continue
        scene = scenes.get(view) or blank_scene(reference, view, svg_cache)
        scenes[view] = scene
        blank = f"pointmap-{view}.png"
        if blank not in media:
            scene.conceal(frozenset())
            with light(scene, 110, scale_fonts=True):
                media[blank] = _encoded(render_image(scene, IMAGE_WIDTH), "PNG")
        diagram = reference.diagrams[view]
        spots = [QPointF(p.x * diagram.width, p.y * diagram.height) for p in reference.positions_of(code, view)]
        scene.conceal(frozenset({code}))
        marks.asked(scene, spots)
        with light(scene, 110, scale_fonts=True):
            image = render_image(scene, IMAGE_WIDTH)
        marks.clear()
        marked = f"pointmap-{safe_file_stem(code)}-{view}.jpg"
        media[marked] = _encoded(image.convertToFormat(image.Format.Format_RGB32), "JPG")
        point = reference.points[code]
        notes.append(
            anki.AnkiNote(
                point.code,
                point.pinyin,
                point.hanzi,
                point.english,
                point.location,
                locating_steps(reference, point),
                blank,
                marked,
            )
        )
    return notes, media


def write_anki(path: str | Path, reference: Reference, deck: Deck, svg_cache=None) -> int:
    """Write the deck as an .apkg; the number of notes."""
    notes, media = deck_notes(reference, deck, svg_cache)
    if not notes:
        raise ExportError(f"No view draws the points of “{deck.title}”: there is nothing to export.")
    anki.write_package(path, deck.title, deck.kind, deck.key, notes, media)
    return len(notes)


def export_anki(window, deck: Deck, frames=None, path: str | None = None) -> str | None:
    from pointmap.core.errors import PointMapError
    from pointmap.ui import messages
    from pointmap.ui.export.dialogs import _ask_path, _with_suffix

    path = path or _ask_path(window, "Export to Anki", f"{safe_file_stem(deck.title)}.apkg", "Anki package", ".apkg")
    if not path:
        return None
    path = _with_suffix(path, ".apkg")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        count = write_anki(path, window.reference, deck, window.scenes.svg_cache)
    except PointMapError as exc:
        QApplication.restoreOverrideCursor()
        messages.warn(window, "Export failed", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(
        f"Anki deck of {count} points saved to {path}: import it in Anki (File → Import)", 8000
    )
    return path
