"""Hygiene operations: tick a checklist item, start a new run of a checklist, set the needle
counts, and carry over what older PointMaps kept in the settings file."""

from __future__ import annotations

from pointmap.core.errors import UserDataError
from pointmap.core.reference import Checklist, Reference
from pointmap.core.userdata import hygiene
from pointmap.state.userdata import Changes, UserData

RUNS = frozenset({"checklist_runs", "checklist_ticks"})
TALLY = frozenset({"needle_tally"})


def _store(user: UserData):
    if user.store is None:
        raise UserDataError(user.unavailable or "Your user database is not open yet; nothing was recorded.")
    return user.store


def current_run(user: UserData, checklist: Checklist) -> hygiene.ChecklistRun | None:
    """Today's open run of a checklist (None: nothing ticked today, or a new run was started)."""
    if user.store is None:
        return None
    return hygiene.current_run(user.store, checklist.id, user.today())


def tick(user: UserData, checklist: Checklist, position: int, checked: bool) -> hygiene.ChecklistRun:
    """Tick (or untick) one item; on disk when this returns. During a treatment session the
    patient's checklists (before, during and after treatment, incidents) belong to the session."""
    store = _store(user)
    session_id = None
    if checklist.stage in hygiene.SESSION_STAGES:
        from pointmap.core.userdata.sessions import open_session

        session = open_session(store)
        session_id = session.id if session is not None else None
    run = hygiene.record_tick(store, checklist.id, checklist.stage, position, checked, user.clock(), session_id)
    user.announce(Changes(RUNS))
    return run


def start_new_run(user: UserData, checklist: Checklist) -> None:
    """End today's run of the checklist, keeping its record; the next tick starts a fresh one."""
    hygiene.start_new_run(_store(user), checklist.id, user.clock())
    user.announce(Changes(RUNS))


def needle_counts(user: UserData) -> tuple[int, int]:
    return hygiene.needle_tally(user.store) if user.store is not None else (0, 0)


def set_needle_counts(user: UserData, needles_in: int, needles_out: int) -> None:
    hygiene.set_needle_tally(_store(user), needles_in, needles_out, user.clock())
    user.announce(Changes(TALLY))


def carry_over_legacy(user: UserData, state: object, reference: Reference) -> int:
    """Bring the undated ticks and counts older PointMaps kept in QSettings into today's runs,
    once; the number of ticks carried over."""
    known = {c.id: (c.stage, {item.position for item in c.items}) for c in reference.checklists}
    imported = hygiene.import_legacy_hygiene(_store(user), state, known, user.clock())
    user.announce(Changes(RUNS | TALLY))
    return imported
