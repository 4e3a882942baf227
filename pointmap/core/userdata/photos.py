"""A client's face photo in a treatment session, its landmarks, and the points moved on it.

A face photo identifies a person, so:

- a photo is read into memory when it is opened and written nowhere until the practitioner keeps
  it; then as a JPEG without its metadata (camera, place, time: only its pixels, turned upright by
  its EXIF orientation) in ``photos/`` inside the user data folder (0700), readable by its owner
  only (0600), named after the session, and linked to the session (and so its client reference)
  by ``session_photos``;
- it is in no export (PDF and CSV records, notes and protocols) and no database backup (the
  backups copy the database, and the photo is a file beside it);
- it is deleted with its session (records past retention) and when the practitioner forgets it.

Points moved to where palpation finds them (``point_corrections``) are part of the treatment
record, photo kept or not: each is the offset from the computed place in cun.
"""

from __future__ import annotations

import io
import os
import secrets
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pointmap.core.errors import SessionError, UserDataError
from pointmap.core.fileio import WriteError, atomic_write
from pointmap.core.userdata.store import UserStore

FOLDER = "photos"
MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a photo larger than this is refused before it is decoded
LONGEST_SIDE = 2400  # kept and shown at most this many pixels long: landmarks need no more
JPEG_QUALITY = 90
SIDES = ("left", "right", "midline")

TABLES = [
    """
    CREATE TABLE session_photos (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id),
        file TEXT NOT NULL UNIQUE CHECK (file GLOB 'session-[0-9]*-*.jpg' AND file NOT GLOB '*[/\\]*'),
        width INTEGER NOT NULL CHECK (typeof(width) = 'integer' AND width > 0),
        height INTEGER NOT NULL CHECK (typeof(height) = 'integer' AND height > 0),
        kept_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE photo_landmarks (
        session_id INTEGER NOT NULL REFERENCES session_photos (session_id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        side TEXT NOT NULL CHECK (side IN ('left', 'right', 'midline')),
        x REAL NOT NULL CHECK (x BETWEEN 0 AND 1),
        y REAL NOT NULL CHECK (y BETWEEN 0 AND 1),
        PRIMARY KEY (session_id, name, side)
    )
    """,
    """
    CREATE TABLE point_corrections (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        point_code TEXT NOT NULL CHECK (length(point_code) BETWEEN 1 AND 20),
        side TEXT NOT NULL CHECK (side IN ('left', 'right', 'midline')),
        site INTEGER NOT NULL DEFAULT 0 CHECK (site >= 0),
        diagram TEXT NOT NULL,
        superior_cun REAL NOT NULL CHECK (abs(superior_cun) <= 20),
        lateral_cun REAL NOT NULL CHECK (abs(lateral_cun) <= 20),
        x REAL CHECK (x IS NULL OR x BETWEEN 0 AND 1),
        y REAL CHECK (y IS NULL OR y BETWEEN 0 AND 1),
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX point_corrections_session ON point_corrections (session_id, id)",
    """
    CREATE TRIGGER point_corrections_append_only BEFORE UPDATE ON point_corrections
    BEGIN SELECT RAISE(ABORT, 'point_corrections is append-only: record a new row instead'); END
    """,
    """
    CREATE TRIGGER point_corrections_kept BEFORE DELETE ON point_corrections
    BEGIN SELECT RAISE(ABORT, 'point_corrections rows are part of the record and are never deleted'); END
    """,
]
TABLE_NAMES = frozenset({"session_photos", "photo_landmarks", "point_corrections"})


def create_tables(execute) -> None:
    """The statements of the schema version that added photos (see migrations.py)."""
    for sql in TABLES:
        execute(sql)


class PhotoError(UserDataError):
    """A photo that cannot be opened or kept; the message is a sentence."""


@dataclass(frozen=True)
class Photo:
    """A face photo in memory: JPEG bytes without metadata, upright, and its size in pixels."""

    jpeg: bytes
    width: int
    height: int


@dataclass(frozen=True)
class KeptPhoto:
    session_id: int
    path: Path
    width: int
    height: int
    kept_at: str
    landmarks: dict[tuple[str, str], tuple[float, float]]  # (name, side) -> (x, y) fractions of the photo


@dataclass(frozen=True)
class Correction:
    """A point moved on the photo: how far from its computed place, in cun (superior, lateral)."""

    point_code: str
    side: str
    site: int
    superior_cun: float
    lateral_cun: float
    x: float | None
    y: float | None
    at: str

    @property
    def moved(self) -> bool:
        return abs(self.superior_cun) >= 0.05 or abs(self.lateral_cun) >= 0.05

    def words(self) -> str:
        """'0.3 cun inferior, 0.2 cun lateral' (a midline point's lateral is toward the client's left)."""
        parts = []
        if abs(self.superior_cun) >= 0.05:
            parts.append(f"{abs(self.superior_cun):.1f} cun {'superior' if self.superior_cun > 0 else 'inferior'}")
        if abs(self.lateral_cun) >= 0.05:
            across = (
                ("lateral", "medial") if self.side != "midline" else ("to the client's left", "to the client's right")
            )
            parts.append(f"{abs(self.lateral_cun):.1f} cun {across[0] if self.lateral_cun > 0 else across[1]}")
        return ", ".join(parts) or "back at its computed place"


# -- reading a photo ---------------------------------------------------------------------------------


def read_photo(source: Path | str | bytes) -> Photo:
    """A photo from a file (or its bytes): turned upright by its EXIF orientation, its metadata left
    behind, at most LONGEST_SIDE pixels long. PhotoError with a sentence when it cannot be."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = "The photo" if isinstance(source, bytes) else f"{source}"
    try:
        if isinstance(source, bytes):
            data = source
        else:
            path = Path(source)
            if not path.is_file():
                raise PhotoError(f"{name} is not a file.")
            if path.stat().st_size > MAX_FILE_BYTES:
                raise PhotoError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; choose a smaller photo.")
            data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(
                    f"{name} has more than {MAX_PIXELS // 1_000_000} million pixels; choose a smaller photo."
                )
            upright = ImageOps.exif_transpose(image)
            upright = upright.convert("RGB")
            upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            upright.save(out, "JPEG", quality=JPEG_QUALITY)  # no exif=: the metadata stays behind
            return Photo(out.getvalue(), upright.width, upright.height)
    except PhotoError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise PhotoError(f"{name} is not a photo PointMap can read (JPEG, PNG, WebP, TIFF, BMP).") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise PhotoError(f"{name} could not be read: {exc}.") from None


# -- kept photos -------------------------------------------------------------------------------------


def folder(store: UserStore) -> Path:
    """The photos' folder inside the user data folder, made (0700) when missing."""
    path = store.path.parent / FOLDER
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            os.chmod(path, 0o700)
    except OSError as exc:
        raise PhotoError(f"The photos folder {path} could not be made: {exc.strerror or exc}.") from None
    return path


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def _landmark_rows(session_id: int, landmarks: Mapping[tuple[str, str], tuple[float, float]]) -> list[tuple]:
    rows = []
    for (name, side), (x, y) in landmarks.items():
        if side not in SIDES:
            raise PhotoError(f"A landmark's side must be left, right or midline, not {side!r}.")
        rows.append((session_id, name, side, min(1.0, max(0.0, float(x))), min(1.0, max(0.0, float(y)))))
    return rows


def keep(
    store: UserStore,
    session_id: int,
    photo: Photo,
    landmarks: Mapping[tuple[str, str], tuple[float, float]],
    now: datetime,
) -> KeptPhoto:
    """Keep the photo of an open session (file first, 0600, then its row and landmarks in one
    transaction; the file is removed again if the transaction fails). A photo kept before is replaced."""
    row = store.conn.execute("SELECT closed_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise SessionError(f"There is no session {session_id}.")
    if row["closed_at"] is not None:
        raise SessionError("The session is closed; a photo is kept only while it is open.")
    target = folder(store) / f"session-{int(session_id)}-{secrets.token_hex(6)}.jpg"
    try:
        atomic_write(target, photo.jpeg, private=True)
    except WriteError as exc:
        raise PhotoError(str(exc)) from None
    old = saved(store, session_id)
    try:
        with store.write() as conn:
            conn.execute("DELETE FROM session_photos WHERE session_id = ?", (session_id,))
            conn.execute(
                "INSERT INTO session_photos (session_id, file, width, height, kept_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, target.name, photo.width, photo.height, _stamp(now), _stamp(now)),
            )
            conn.executemany(
                "INSERT INTO photo_landmarks (session_id, name, side, x, y) VALUES (?, ?, ?, ?, ?)",
                _landmark_rows(session_id, landmarks),
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if old is not None and old.path != target:
        old.path.unlink(missing_ok=True)
    kept = saved(store, session_id)
    assert kept is not None
    return kept


def saved(store: UserStore, session_id: int) -> KeptPhoto | None:
    """The kept photo of a session (its file, size and landmarks), or None."""
    row = store.conn.execute("SELECT * FROM session_photos WHERE session_id = ?", (session_id,)).fetchone()
    if row is None:
        return None
    marks = {
        (r["name"], r["side"]): (r["x"], r["y"])
        for r in store.conn.execute("SELECT * FROM photo_landmarks WHERE session_id = ?", (session_id,))
    }
    return KeptPhoto(
        session_id, store.path.parent / FOLDER / row["file"], row["width"], row["height"], row["kept_at"], marks
    )


def open_kept(store: UserStore, session_id: int) -> tuple[Photo, KeptPhoto] | None:
    """The kept photo read back, or None when the session has none. PhotoError when its file is gone."""
    kept = saved(store, session_id)
    if kept is None:
        return None
    try:
        data = kept.path.read_bytes()
    except OSError:
        raise PhotoError(f"The photo kept with this session ({kept.path}) could not be read.") from None
    return Photo(data, kept.width, kept.height), kept


def set_landmarks(
    store: UserStore, session_id: int, landmarks: Mapping[tuple[str, str], tuple[float, float]], now: datetime
) -> bool:
    """Save the landmarks of a kept photo (one transaction); False when the session keeps no photo."""
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM session_photos WHERE session_id = ?", (session_id,)).fetchone() is None:
            return False
        conn.executemany(
            "INSERT INTO photo_landmarks (session_id, name, side, x, y) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (session_id, name, side) DO UPDATE SET x = excluded.x, y = excluded.y",
            _landmark_rows(session_id, landmarks),
        )
        conn.execute("UPDATE session_photos SET updated_at = ? WHERE session_id = ?", (_stamp(now), session_id))
    return True


def forget(store: UserStore, session_id: int) -> bool:
    """Delete a session's kept photo: its rows (one transaction), then its file. False when there was none."""
    kept = saved(store, session_id)
    if kept is None:
        return False
    with store.write() as conn:
        conn.execute("DELETE FROM photo_landmarks WHERE session_id = ?", (session_id,))
        conn.execute("DELETE FROM session_photos WHERE session_id = ?", (session_id,))
    kept.path.unlink(missing_ok=True)
    return True


def delete_rows(conn: sqlite3.Connection, session_ids: Iterable[int]) -> list[str]:
    """Inside a transaction deleting sessions: their photos' rows; returns the files to remove after it commits."""
    ids = list(session_ids)
    marks = ", ".join("?" * len(ids))
    names = [r[0] for r in conn.execute(f"SELECT file FROM session_photos WHERE session_id IN ({marks})", ids)]
    conn.execute(f"DELETE FROM photo_landmarks WHERE session_id IN ({marks})", ids)
    conn.execute(f"DELETE FROM session_photos WHERE session_id IN ({marks})", ids)
    return names


def sweep(store: UserStore) -> list[Path]:
    """Remove photo files no row names (left by a crash between a delete's commit and its unlink,
    or a keep's write and its commit). Returns what was removed."""
    path = store.path.parent / FOLDER
    if not path.is_dir():
        return []
    named = {r[0] for r in store.conn.execute("SELECT file FROM session_photos")}
    removed = []
    for found in path.glob("session-*.jpg"):
        if found.name not in named:
            found.unlink(missing_ok=True)
            removed.append(found)
    return removed


# -- points moved on the photo ------------------------------------------------------------------------


def correct(
    store: UserStore,
    session_id: int,
    point_code: str,
    side: str,
    superior_cun: float,
    lateral_cun: float,
    now: datetime,
    *,
    site: int = 0,
    diagram: str = "face",
    at: tuple[float, float] | None = None,
) -> Correction:
    """Record where palpation found a point on this client, as its offset in cun from the computed
    place (0, 0: back at the computed place). One transaction; only while the session is open."""
    if side not in SIDES:
        raise SessionError(f"A side must be left, right or midline, not {side!r}.")
    with store.write() as conn:
        row = conn.execute("SELECT closed_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None or row["closed_at"] is not None:
            raise SessionError("Points are moved only in an open session.")
        x, y = (None, None) if at is None else (min(1.0, max(0.0, at[0])), min(1.0, max(0.0, at[1])))
        conn.execute(
            "INSERT INTO point_corrections (session_id, point_code, side, site, diagram, superior_cun, lateral_cun, "
            "x, y, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                point_code,
                side,
                site,
                diagram,
                round(superior_cun, 3),
                round(lateral_cun, 3),
                x,
                y,
                _stamp(now),
            ),
        )
    return corrections(store, session_id)[(point_code, side, site)]


def corrections(store: UserStore, session_id: int) -> dict[tuple[str, str, int], Correction]:
    """The standing correction of each point moved in a session (the latest row of each)."""
    found: dict[tuple[str, str, int], Correction] = {}
    for r in store.conn.execute("SELECT * FROM point_corrections WHERE session_id = ? ORDER BY id", (session_id,)):
        found[(r["point_code"], r["side"], r["site"])] = Correction(
            r["point_code"], r["side"], r["site"], r["superior_cun"], r["lateral_cun"], r["x"], r["y"], r["at"]
        )
    return found
