"""A session's face photo: keep it, save its landmarks, forget it, record a point moved on it.
Each is one transaction in core, then announced."""

from __future__ import annotations

from collections.abc import Mapping

from pointmap.core.userdata import photos as rec
from pointmap.state.operations.sessions import _store
from pointmap.state.userdata import Changes, UserData

PHOTOS = frozenset({"session_photos", "photo_landmarks"})
CORRECTIONS = frozenset({"point_corrections"})
Fractions = Mapping[tuple[str, str], tuple[float, float]]


def keep(user: UserData, session_id: int, photo: rec.Photo, landmarks: Fractions) -> rec.KeptPhoto:
    kept = rec.keep(_store(user), session_id, photo, landmarks, user.clock())
    user.announce(Changes(PHOTOS))
    return kept


def save_landmarks(user: UserData, session_id: int, landmarks: Fractions) -> bool:
    saved = rec.set_landmarks(_store(user), session_id, landmarks, user.clock())
    if saved:
        user.announce(Changes(PHOTOS))
    return saved


def forget(user: UserData, session_id: int) -> bool:
    gone = rec.forget(_store(user), session_id)
    user.announce(Changes(PHOTOS))
    return gone


def kept(user: UserData, session_id: int) -> tuple[rec.Photo, rec.KeptPhoto] | None:
    return rec.open_kept(_store(user), session_id)


def correct(
    user: UserData,
    session_id: int,
    code: str,
    side: str,
    superior: float,
    lateral: float,
    *,
    site: int = 0,
    at: tuple[float, float] | None = None,
) -> rec.Correction:
    moved = rec.correct(_store(user), session_id, code, side, superior, lateral, user.clock(), site=site, at=at)
    user.announce(Changes(CORRECTIONS))
    return moved


def corrections(user: UserData, session_id: int) -> dict[tuple[str, str, int], rec.Correction]:
    return rec.corrections(user.store, session_id) if user.store is not None else {}
