"""A study deck as an Anki package (.apkg, with genanki): a note per point with two cards, *Locate*
(the point named, a blank diagram; on the back the diagram with the point marked, its location and
how to find it) and *Name* (the point marked; on the back its names). The images are drawn by the
window's export code (Qt) and handed in as PNG bytes; this module only packs them.

Ids are stable (the deck's from its kind and key, each note's from its point code), so importing a
newer export of the same deck into Anki updates the notes instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pointmap.core.fileio import atomic_write

MODEL_ID = 1_734_601_207  # fixed forever: Anki recognises the note type by it
CSS = """
.card { font-family: sans-serif; font-size: 18px; text-align: center; color: #1b1b1b; background: #ffffff; }
.prompt { font-size: 22px; margin: 8px 0 12px; }
.names { font-size: 20px; margin: 8px 0; }
.hanzi { font-size: 24px; }
.text { text-align: left; max-width: 36em; margin: 10px auto; font-size: 16px; }
img { max-width: 100%; max-height: 70vh; }
"""
LOCATE_FRONT = '<div class="prompt">Where is {{Code}} {{Pinyin}}?</div>{{Blank}}'
LOCATE_BACK = (
    '<div class="prompt">{{Code}} {{Pinyin}} <span class="hanzi">{{Hanzi}}</span> — {{English}}</div>'
    '<hr id="answer">{{Marked}}<div class="text">{{Location}}</div><div class="text">{{Steps}}</div>'
)
NAME_FRONT = '<div class="prompt">Which point is marked?</div>{{Marked}}'
NAME_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="names">{{Code}} {{Pinyin}} <span class="hanzi">{{Hanzi}}</span>'
    "<br>{{English}}</div>"
)
FIELDS = ("Code", "Pinyin", "Hanzi", "English", "Location", "Steps", "Blank", "Marked")


@dataclass(frozen=True)
class AnkiNote:
    """One point: its texts (plain) and the file names of its two images (keys of the media)."""

    code: str
    pinyin: str
    hanzi: str
    english: str
    location: str
    steps: str
    blank_image: str
    marked_image: str


def deck_id(kind: str, key: str) -> int:
    """A stable Anki deck id for a PointMap deck (within Anki's 31-bit range, away from its defaults)."""
    digest = hashlib.sha256(f"pointmap-deck:{kind}:{key}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _image(name: str) -> str:
    return f'<img src="{html.escape(name, quote=True)}">'


def package_bytes(title: str, kind: str, key: str, notes: Sequence[AnkiNote], media: Mapping[str, bytes]) -> bytes:
    """The .apkg file's content. Every text is escaped: Anki shows it as text, never as markup."""
    import genanki

    model = genanki.Model(
        MODEL_ID,
        "PointMap point",
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {"name": "Locate", "qfmt": LOCATE_FRONT, "afmt": LOCATE_BACK},
            {"name": "Name", "qfmt": NAME_FRONT, "afmt": NAME_BACK},
        ],
        css=CSS,
    )
    deck = genanki.Deck(deck_id(kind, key), f"PointMap::{title}")
    for note in notes:
        fields = [
            html.escape(note.code),
            html.escape(note.pinyin),
            html.escape(note.hanzi),
            html.escape(note.english),
            html.escape(note.location),
            html.escape(note.steps),
            _image(note.blank_image),
            _image(note.marked_image),
        ]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=genanki.guid_for("pointmap", note.code)))
    with tempfile.TemporaryDirectory(prefix="pointmap-anki-") as tmp:
        folder = Path(tmp)
        paths = []
        for name, data in media.items():
            if Path(name).name != name or not name:
                raise ValueError(f"a media file name must be a plain name, not {name!r}")
            (folder / name).write_bytes(data)
            paths.append(folder / name)
        package = genanki.Package(deck, media_files=[str(p) for p in paths])
        # genanki's write_to_file leaves its temporary collection behind; this writes the same zip, tidily.
        collection = folder / "collection.anki2"
        conn = sqlite3.connect(collection)
        try:
            import itertools
            import time

            stamp = time.time()
            package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", json.dumps({str(n): p.name for n, p in enumerate(paths)}))
            for n, path in enumerate(paths):
                archive.write(path, str(n))
    return out.getvalue()


def write_package(
    path: Path | str, title: str, kind: str, key: str, notes: Sequence[AnkiNote], media: Mapping[str, bytes]
) -> Path:
    """Write the .apkg whole or not at all (core.fileio.atomic_write)."""
    return atomic_write(path, package_bytes(title, kind, key, notes, media))
