"""A client's face photo in a session (no Qt): read upright without its metadata, written only when
kept, for its owner alone, deleted with its session; points moved on it recorded in cun."""

from __future__ import annotations

import io
import os
import stat
from datetime import timedelta

import pytest
from PIL import Image, ImageDraw

from pointmap.core.errors import SessionError
from pointmap.core.userdata import open_store, photos, retention
from pointmap.core.userdata import sessions as rec
from tests.support.userdata_helpers import NOW


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    yield opened.store
    opened.store.close()


def synthetic_face(width=300, height=400, orientation: int | None = None) -> bytes:
    """A drawn face (no person's photo): an oval, two eyes, a mouth; with GPS-like metadata."""
    image = Image.new("RGB", (width, height), "#d9b59a")
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 40, width - 30, height - 30), fill="#f0c8a8", outline="#704030")
    draw.ellipse((90, 170, 120, 185), fill="#302020")
    draw.ellipse((180, 170, 210, 185), fill="#302020")
    draw.line((110, 300, 190, 300), fill="#a04040", width=5)
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0132] = "2026:12:01 14:00:00"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_read_upright_and_without_its_metadata(tmp_path):
    source = tmp_path / "face.jpg"
    source.write_bytes(synthetic_face(orientation=6))  # taken with the phone on its side
    photo = photos.read_photo(source)
    assert (photo.width, photo.height) == (400, 300)  # turned upright by its EXIF orientation
    with Image.open(io.BytesIO(photo.jpeg)) as image:
        assert not image.getexif()  # no camera, no time, no place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["face.jpg"]  # reading writes nothing anywhere


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"not an image at all", "not a photo PointMap can read"), (b"", "not a photo PointMap can read")],
)
def test_a_file_that_is_not_a_photo_is_refused_in_a_sentence(tmp_path, content, words):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(content)
    with pytest.raises(photos.PhotoError, match=words):
        photos.read_photo(bad)
    with pytest.raises(photos.PhotoError, match="is not a file"):
        photos.read_photo(tmp_path / "missing.jpg")


def test_a_kept_photo_is_for_its_owner_only_and_linked_to_the_session(store, tmp_path):
    session = rec.start(store, "C-104", NOW)
    photo = photos.read_photo(synthetic_face())
    assert not (tmp_path / "photos").exists()  # opened, not kept: nothing written
    kept = photos.keep(store, session.id, photo, {("pupil", "right"): (0.35, 0.44)}, NOW)
    assert kept.path.parent == tmp_path / "photos" and kept.path.name.startswith(f"session-{session.id}-")
    if os.name == "posix":
        assert stat.S_IMODE(kept.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(kept.path.parent.stat().st_mode) == 0o700
    client = store.conn.execute(
        "SELECT client_ref FROM session_photos JOIN sessions ON sessions.id = session_id"
    ).fetchone()[0]
    assert client == "C-104"
    again, saved = photos.open_kept(store, session.id)
    assert again.jpeg == photo.jpeg and saved.landmarks == {("pupil", "right"): (0.35, 0.44)}
    assert photos.set_landmarks(store, session.id, {("pupil", "right"): (0.36, 0.45)}, NOW)
    assert photos.saved(store, session.id).landmarks[("pupil", "right")] == (0.36, 0.45)
    assert photos.forget(store, session.id)
    assert not kept.path.exists() and photos.saved(store, session.id) is None


def test_a_photo_is_deleted_with_its_session(store, tmp_path):
    old = rec.start(store, "GONE", NOW - timedelta(days=365 * 9))
    kept = photos.keep(store, old.id, photos.read_photo(synthetic_face()), {}, NOW - timedelta(days=365 * 9))
    photos.correct(store, old.id, "ST6", "right", -0.3, 0.1, NOW - timedelta(days=365 * 9))
    rec.close(store, old.id, NOW - timedelta(days=365 * 9, hours=-1))
    stray = tmp_path / "photos" / "session-99-abcdef.jpg"  # left by a crash between a delete and its unlink
    stray.write_bytes(b"x")
    retention.delete_sessions(store, [old.id], tmp_path / "backups", NOW)
    assert not kept.path.exists()
    for table in ("session_photos", "photo_landmarks", "point_corrections"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert photos.sweep(store) == [stray] and not stray.exists()
    assert not list((tmp_path / "backups").glob("*.jpg"))  # a backup copies the database, never a photo


def test_a_point_moved_on_the_photo_is_recorded_in_cun_and_the_latest_stands(store):
    session = rec.start(store, "C-104", NOW)
    photos.correct(store, session.id, "ST6", "left", -0.3, 0.0, NOW)
    moved = photos.correct(store, session.id, "ST6", "left", -0.26, 0.12, NOW + timedelta(seconds=5))
    assert moved.words() == "0.3 cun inferior, 0.1 cun lateral"
    assert photos.corrections(store, session.id)[("ST6", "left", 0)].superior_cun == -0.26
    back = photos.correct(store, session.id, "ST6", "left", 0, 0, NOW + timedelta(seconds=9))
    assert not back.moved and back.words() == "back at its computed place"
    with pytest.raises(Exception, match="append-only"), store.write() as conn:
        conn.execute("UPDATE point_corrections SET superior_cun = 0")
    rec.close(store, session.id, NOW + timedelta(minutes=1))
    with pytest.raises(SessionError, match="open session"):
        photos.correct(store, session.id, "ST6", "left", 1, 0, NOW + timedelta(minutes=2))
    with pytest.raises(SessionError, match="closed"):
        photos.keep(store, session.id, photos.Photo(b"x", 1, 1), {}, NOW)
