"""Reading the history of treatment sessions: one line per session for the history list (ten
thousand in one query), a client's course in order, the adverse events across it, and the
sessions of a client or a date range for an export. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from pointmap.core.errors import SessionError
from pointmap.core.userdata.sessions import AdverseEvent
from pointmap.core.userdata.store import UserStore


class Line(NamedTuple):
    """A session as the history lists it. ``number`` is its place among the sessions of its client
    reference, oldest first; ``planned`` the course length that session was started with. (A named
    tuple: ten thousand of them are made in a few milliseconds.)"""

    id: int
    client_ref: str
    started_at: str
    closed_at: str | None
    outcome: str | None  # complete, incident, or None while open
    planned: int | None
    number: int
    needles: int  # marked in (marks undone are not counted)
    adverse: int
    incidents: int
    amendments: int

    @property
    def day(self) -> str:
        return self.started_at[:10]

    @property
    def state(self) -> str:
        return self.outcome or "open"

    def course(self) -> str:
        return course_label(self.number, self.planned)


def course_label(number: int, planned: int | None) -> str:
    """'3 of 10' within a planned course; past its end, or with none planned, the plain number."""
    if planned and number <= planned:
        return f"{number} of {planned}"
    if planned:
        return f"{number} (course of {planned} planned)"
    return str(number)


_COUNTED = {  # what each history line counts, per session
    "needles": "SELECT session_id, count(*) FROM needles WHERE voided_at IS NULL{and_} GROUP BY session_id",
    "adverse": "SELECT session_id, count(*) FROM adverse_events{where} GROUP BY session_id",
    "incidents": "SELECT session_id, count(*) FROM incidents{where} GROUP BY session_id",
    "amendments": "SELECT session_id, count(*) FROM session_amendments{where} GROUP BY session_id",
}


def lines(
    store: UserStore, *, client: str | None = None, since: str | None = None, until: str | None = None
) -> list[Line]:
    """Every session (or one client reference's, or those started between two days, YYYY-MM-DD,
    inclusive), newest first. The course numbers count all of a client's sessions, whatever the filter.

    A few plain queries and the numbering in Python: ten thousand sessions take some 50 ms."""
    cursor = store.conn.cursor()
    cursor.row_factory = None  # plain tuples: a Row per line would cost more than the query
    columns = "id, client_ref, started_at, closed_at, outcome, course_planned"
    if client:
        sessions = cursor.execute(
            f"SELECT {columns} FROM sessions WHERE client_ref = ? ORDER BY started_at, id", (client,)
        ).fetchall()
        scope = " session_id IN (SELECT id FROM sessions WHERE client_ref = ?)"
        args: tuple = (client,)
    else:
        sessions = cursor.execute(f"SELECT {columns} FROM sessions ORDER BY started_at, id").fetchall()
        scope, args = "", ()
    where, and_ = (" WHERE" + scope, " AND" + scope) if scope else ("", "")
    counts = {name: dict(cursor.execute(sql.format(where=where, and_=and_), args)) for name, sql in _COUNTED.items()}
    needles, adverse, incidents, amendments = (counts[name] for name in _COUNTED)
    numbers: dict[str, int] = {}
    found = []
    make = tuple.__new__
    for sid, ref, started, closed, outcome, planned in sessions:
        number = numbers[ref] = numbers.get(ref, 0) + 1
        if (since and started[:10] < since) or (until and started[:10] > until):
            continue
        counted = (needles.get(sid, 0), adverse.get(sid, 0), incidents.get(sid, 0), amendments.get(sid, 0))
        found.append(make(Line, (sid, ref, started, closed, outcome, planned, number, *counted)))
    found.reverse()
    return found


def line(store: UserStore, session_id: int) -> Line:
    row = store.conn.execute("SELECT client_ref FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise SessionError(f"There is no session {session_id} in your records.")
    return next(item for item in lines(store, client=row[0]) if item.id == session_id)


def course(store: UserStore, client_ref: str) -> list[Line]:
    """A client's sessions in the order they happened, numbered from 1."""
    return sorted(lines(store, client=client_ref), key=lambda item: item.number)


@dataclass(frozen=True)
class LoggedEvent:
    """An adverse event with the session it belongs to: a line of a client's bruise log."""

    session_id: int
    number: int
    planned: int | None
    session_started: str
    event: AdverseEvent


def adverse_log(store: UserStore, client_ref: str) -> list[LoggedEvent]:
    """Every adverse event (bruising, bleeding, pain, fainting, other) across a client's course,
    in the order they were recorded."""
    numbers = {item.id: item for item in course(store, client_ref)}
    rows = store.conn.execute(
        "SELECT a.* FROM adverse_events a JOIN sessions s ON s.id = a.session_id "
        "WHERE s.client_ref = ? ORDER BY s.started_at, s.id, a.id",
        (client_ref,),
    )
    found = []
    for r in rows:
        owner = numbers[r["session_id"]]
        event = AdverseEvent(r["id"], r["kind"], r["point_code"], r["side"], r["action_taken"], r["notes"], r["at"])
        found.append(LoggedEvent(owner.id, owner.number, owner.planned, owner.started_at, event))
    return found


def clients(store: UserStore) -> list[str]:
    """The client references in the records, in their sort order."""
    return [row[0] for row in store.conn.execute("SELECT DISTINCT client_ref FROM sessions ORDER BY client_ref")]


def count(store: UserStore) -> int:
    return int(store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0])
