"""Treatment-session operations: start, screen, mark needles in and out, count them all out,
record adverse events, close (complete, or with an incident), amend. Each is one transaction in
core, then announced so the diagram, the session panel and the status bar refresh."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pointmap.core.errors import UserDataError
from pointmap.core.sessions import Site
from pointmap.core.userdata import sessions as rec
from pointmap.state.userdata import Changes, UserData

SESSIONS = frozenset(rec.TABLE_NAMES)
RUNS = frozenset({"checklist_runs", "checklist_ticks"})


def _store(user: UserData):
    if user.store is None:
        raise UserDataError(user.unavailable or "Your user database is not open yet; nothing was recorded.")
    return user.store


def _done(user: UserData, tables: frozenset[str] = SESSIONS) -> None:
    user.announce(Changes(tables))


def current(user: UserData) -> rec.Session | None:
    """The open session, if any (one left open by closing the app or a crash carries on)."""
    return rec.open_session(user.store) if user.store is not None else None


def get(user: UserData, session_id: int) -> rec.Session:
    return rec.get(_store(user), session_id)


def course_number(user: UserData, session: rec.Session) -> tuple[int, int | None]:
    """(this session's number in the client's history, the planned course length)."""
    return rec.course_number(_store(user), session)


def last_needle_details(user: UserData) -> dict[str, str]:
    return rec.last_needle_details(user.store) if user.store is not None else dict.fromkeys(rec.NEEDLE_DETAILS, "")


def start(
    user: UserData, client_ref: str, *, course_planned: int | None = None, details: Mapping[str, object] | None = None
) -> rec.Session:
    session = rec.start(_store(user), client_ref, user.clock(), course_planned=course_planned, details=details)
    _done(user, SESSIONS | RUNS)
    return session


def update(user: UserData, session_id: int, **changes) -> rec.Session:
    session = rec.update(_store(user), session_id, **changes)
    _done(user)
    return session


def answer(user: UserData, session_id: int, question_id: str, value: str, detail: str = "") -> None:
    rec.answer(_store(user), session_id, question_id, value, detail, user.clock())
    _done(user)


def mark_in(
    user: UserData, session_id: int, site: Site, diagram: str, *, confirmed_caution: bool = False
) -> rec.Needle:
    needle = rec.mark_in(_store(user), session_id, site, diagram, user.clock(), confirmed_caution=confirmed_caution)
    _done(user)
    return needle


def mark_out(user: UserData, session_id: int, site: Site) -> rec.Needle:
    needle = rec.mark_out(_store(user), session_id, site, user.clock())
    _done(user)
    return needle


def undo_mark(user: UserData, session_id: int, needle_id: int) -> rec.Needle:
    needle = rec.undo_mark(_store(user), session_id, needle_id, user.clock())
    _done(user)
    return needle


def all_out(user: UserData, session_id: int, counted: int) -> rec.Session:
    session = rec.all_out(_store(user), session_id, counted, user.clock())
    _done(user)
    return session


def adverse_event(user: UserData, session_id: int, kind: str, **details) -> None:
    rec.adverse_event(_store(user), session_id, kind, user.clock(), **details)
    _done(user)


def close(user: UserData, session_id: int) -> rec.Session:
    session = rec.close(_store(user), session_id, user.clock())
    _done(user, SESSIONS | RUNS)
    return session


def close_with_incident(user: UserData, session_id: int, discovered_at: datetime, **incident) -> rec.Session:
    session = rec.close_with_incident(_store(user), session_id, user.clock(), discovered_at=discovered_at, **incident)
    _done(user, SESSIONS | RUNS)
    return session


def amend(user: UserData, session_id: int, text: str) -> None:
    rec.amend(_store(user), session_id, text, user.clock())
    _done(user)
