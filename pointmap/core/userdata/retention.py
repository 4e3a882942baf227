"""How long treatment records are kept: a setting in years, which records are past it, a reminder
at most once a day, and a delete that happens only when the person asks for it.

Retention periods are set by local rules (a country's law, a professional body, an insurer), not by
PointMap; the default of 7 years is a common choice in clinics' record-keeping policies, to be
changed to whatever applies. A session counts as past retention when it is closed and its client's
most recent session started more than that many years ago: a client who still comes keeps their
whole history.

A delete removes the chosen sessions (with their needles, answers, counts, events, incidents,
points moved on a photo, amendments, checklist runs and a kept face photo) in one transaction,
after a copy of the whole database has been written to the backups folder; the append-only
triggers are set aside inside that transaction and put back as they were before it commits, so
nothing else can delete a record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pointmap.core.errors import SessionError
from pointmap.core.userdata import files, photos
from pointmap.core.userdata.history import Line, lines
from pointmap.core.userdata.sessions import APPEND_ONLY
from pointmap.core.userdata.store import UserStore, preference, set_preference

YEARS_PREFERENCE = "sessions.retention_years"
REMINDED_PREFERENCE = "sessions.retention_reminded"  # the last day the reminder was shown (YYYY-MM-DD)
DEFAULT_YEARS = 7
MAX_YEARS = 100
# Tables holding a session's rows, children first (the foreign keys point to sessions).
_CHILDREN = (
    "screening_answers",
    "needles",
    "removal_counts",
    "adverse_events",
    "incidents",
    "session_amendments",
    "point_corrections",
)
_GUARDED = (*APPEND_ONLY, "point_corrections")  # tables whose rows a trigger keeps


def years(store: UserStore) -> int:
    """The retention setting (DEFAULT_YEARS when unset or not a usable number)."""
    try:
        value = int(preference(store, YEARS_PREFERENCE, str(DEFAULT_YEARS)) or DEFAULT_YEARS)
    except ValueError:
        return DEFAULT_YEARS
    return value if 1 <= value <= MAX_YEARS else DEFAULT_YEARS


def set_years(store: UserStore, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_YEARS:
        raise SessionError(f"Keep records for a whole number of years, from 1 to {MAX_YEARS}.")
    set_preference(store, YEARS_PREFERENCE, str(value))
    return value


def cutoff(today: date, keep_years: int) -> date:
    """The day ``keep_years`` before ``today`` (29 February falls back to the 28th)."""
    year = today.year - keep_years
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def past_retention(store: UserStore, keep_years: int, today: date) -> list[Line]:
    """Closed sessions of clients whose most recent session started before the cutoff, newest first."""
    return past_of(lines(store), keep_years, today)


def past_of(every: list[Line], keep_years: int, today: date) -> list[Line]:
    """The same, from the history's lines already read (every session, in any order)."""
    limit = cutoff(today, keep_years).isoformat()
    latest: dict[str, str] = {}
    for item in every:
        if item.day > latest.get(item.client_ref, ""):
            latest[item.client_ref] = item.day
    return [item for item in every if item.closed_at is not None and latest[item.client_ref] < limit]


def due_reminder(store: UserStore, today: date) -> list[Line]:
    """The records past retention, if the reminder has not been shown today (else none)."""
    if preference(store, REMINDED_PREFERENCE) == today.isoformat():
        return []
    return past_retention(store, years(store), today)


def reminded(store: UserStore, today: date) -> None:
    set_preference(store, REMINDED_PREFERENCE, today.isoformat())


@dataclass(frozen=True)
class Deleted:
    count: int
    backup: Path


def delete_sessions(store: UserStore, ids: list[int], backups_dir: Path, now: datetime) -> Deleted:
    """Delete the sessions ``ids``, each closed and past retention, in one transaction, after a
    backup; refused whole (nothing deleted) when any is not. Returns how many and where the backup is."""
    chosen = sorted({int(i) for i in ids})
    if not chosen:
        raise SessionError("Choose the records to delete first.")
    keep_years = years(store)
    allowed = {item.id for item in past_retention(store, keep_years, now.date())}
    refused = [i for i in chosen if i not in allowed]
    if refused:
        raise SessionError(
            f"Record {refused[0]} is not a closed record past the retention period ({keep_years} years); "
            "nothing was deleted."
        )
    name = f"{store.path.stem}.before-delete-{files.stamp(now)}"
    backup = files.copy_database(store.conn, files.free_name(Path(backups_dir), name, store.path.suffix))
    marks = ", ".join("?" * len(chosen))
    previous = int(store.conn.execute("PRAGMA secure_delete").fetchone()[0])
    store.conn.execute("PRAGMA secure_delete = ON")  # the deleted rows are overwritten, not left in free pages
    try:
        with store.write() as conn:
            still = {item.id for item in past_retention(store, keep_years, now.date())}
            if not set(chosen) <= still:
                raise SessionError("The records changed meanwhile; nothing was deleted. Look again and choose.")
            guards = conn.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                f"({', '.join('?' * len(_GUARDED))})",
                [f"{table}_kept" for table in _GUARDED],
            ).fetchall()
            for guard in guards:
                conn.execute(f'DROP TRIGGER "{guard["name"]}"')
            conn.execute(
                "DELETE FROM checklist_ticks WHERE run_id IN "
                f"(SELECT id FROM checklist_runs WHERE session_id IN ({marks}))",
                chosen,
            )
            conn.execute(f"DELETE FROM checklist_runs WHERE session_id IN ({marks})", chosen)
            photo_files = photos.delete_rows(conn, chosen)  # the files go once this commits
            for table in _CHILDREN:
                conn.execute(f"DELETE FROM {table} WHERE session_id IN ({marks})", chosen)
            deleted = conn.execute(f"DELETE FROM sessions WHERE id IN ({marks})", chosen).rowcount
            for guard in guards:
                conn.execute(guard["sql"])
            if deleted != len(chosen):
                raise SessionError("The records changed meanwhile; nothing was deleted. Look again and choose.")
    finally:
        store.conn.execute(f"PRAGMA secure_delete = {previous}")
    for name in photo_files:
        (store.path.parent / photos.FOLDER / name).unlink(missing_ok=True)
    return Deleted(deleted, backup)
