"""Operations on past treatment records: read the history and a record, add to a closed record
(an amendment, an adverse event noticed later: new rows, the record is never rewritten), the
retention setting and its reminder, and the delete of records past it that the person asked for."""

from __future__ import annotations

from pointmap.core.errors import UserDataError
from pointmap.core.records import Record, load, load_many
from pointmap.core.reference import Reference
from pointmap.core.userdata import history, retention
from pointmap.core.userdata.retention import Deleted
from pointmap.state.operations.sessions import RUNS, SESSIONS
from pointmap.state.userdata import Changes, UserData

PREFERENCES = frozenset({"preferences"})


def _store(user: UserData):
    if user.store is None:
        raise UserDataError(user.unavailable or "Your user database is not open yet; your records cannot be shown.")
    return user.store


def lines(user: UserData, **filters) -> list[history.Line]:
    """The history, newest first (none while the records are not open)."""
    return history.lines(user.store, **filters) if user.store is not None else []


def record(user: UserData, reference: Reference | None, session_id: int) -> Record:
    return load(_store(user), reference, session_id)


def records(user: UserData, reference: Reference | None, ids: list[int]) -> list[Record]:
    """Several records, in the order of ``ids`` (for an export)."""
    return load_many(_store(user), reference, ids)


def course(user: UserData, client_ref: str) -> list[history.Line]:
    return history.course(_store(user), client_ref)


def adverse_log(user: UserData, client_ref: str) -> list[history.LoggedEvent]:
    return history.adverse_log(_store(user), client_ref)


def retention_years(user: UserData) -> int:
    return retention.years(user.store) if user.store is not None else retention.DEFAULT_YEARS


def set_retention_years(user: UserData, years: int) -> int:
    value = retention.set_years(_store(user), years)
    user.announce(Changes(PREFERENCES))
    return value


def past_retention(user: UserData, lines: list[history.Line] | None = None) -> list[history.Line]:
    """The records past retention (from ``lines``, every session's, when the caller has read them)."""
    if user.store is None:
        return []
    keep, today = retention.years(user.store), user.clock().date()
    return (
        retention.past_of(lines, keep, today)
        if lines is not None
        else retention.past_retention(user.store, keep, today)
    )


def due_reminder(user: UserData) -> list[history.Line]:
    """Records past retention, unless the reminder was already shown today."""
    return retention.due_reminder(user.store, user.clock().date()) if user.store is not None else []


def reminded(user: UserData) -> None:
    retention.reminded(_store(user), user.clock().date())


def delete_past_retention(user: UserData, ids: list[int]) -> Deleted:
    """Delete the chosen closed records past retention: a backup first, then one transaction."""
    done = retention.delete_sessions(_store(user), ids, user.config.backups_dir, user.clock())
    user.announce(Changes(SESSIONS | RUNS))
    return done
