"""Treatment sessions in the user database: who (a client reference, never a name), screening
answers, every needle marked in and out with its time, removal counts, adverse events, incidents,
amendments. Each function that writes is one transaction; a closed session is never rewritten
(amendments are new rows; triggers refuse the rest).

Times are ISO 8601 local time with the UTC offset, from the aware ``now`` the caller passes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from pointmap.core import sessions as rules
from pointmap.core.errors import SessionError
from pointmap.core.sessions import Site, Tally
from pointmap.core.userdata.hygiene import ChecklistRun, end_open_runs, runs_of_session
from pointmap.core.userdata.store import UserStore

SIDES = ("left", "right", "midline")
NEEDLE_DETAILS = ("needle_gauge", "needle_length", "needle_brand", "needle_lot", "needle_expiry")
INCIDENT_KINDS = ("needle-unaccounted", "count-mismatch", "other")

# Schema version 3 (see migrations.py). Statements one by one: executescript would commit half-way.
TABLES = [
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        client_ref TEXT NOT NULL CHECK (length(client_ref) BETWEEN 1 AND 40),
        started_at TEXT NOT NULL,
        closed_at TEXT,
        outcome TEXT CHECK (outcome IN ('complete', 'incident')),
        course_planned INTEGER CHECK (course_planned IS NULL OR (typeof(course_planned) = 'integer'
                                      AND course_planned BETWEEN 1 AND 100)),
        needle_gauge TEXT NOT NULL DEFAULT '',
        needle_length TEXT NOT NULL DEFAULT '',
        needle_brand TEXT NOT NULL DEFAULT '',
        needle_lot TEXT NOT NULL DEFAULT '',
        needle_expiry TEXT NOT NULL DEFAULT '',
        alert_minutes INTEGER CHECK (alert_minutes IS NULL OR alert_minutes BETWEEN 1 AND 240),
        notes TEXT NOT NULL DEFAULT '',
        CHECK ((closed_at IS NULL) = (outcome IS NULL))
    )
    """,
    "CREATE UNIQUE INDEX sessions_one_open ON sessions ((closed_at IS NULL)) WHERE closed_at IS NULL",
    "CREATE INDEX sessions_client ON sessions (client_ref, started_at)",
    "CREATE INDEX sessions_started ON sessions (started_at)",
    """
    CREATE TRIGGER sessions_closed_are_final BEFORE UPDATE ON sessions WHEN OLD.closed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a closed session is never rewritten: add an amendment'); END
    """,
    """
    CREATE TABLE screening_answers (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        question_id TEXT NOT NULL,
        answer TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'unsure')),
        detail TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX screening_answers_session ON screening_answers (session_id, id)",
    """
    CREATE TABLE needles (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        point_code TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('left', 'right', 'midline')),
        site INTEGER NOT NULL DEFAULT 0 CHECK (site >= 0),
        diagram TEXT NOT NULL,
        inserted_at TEXT NOT NULL,
        removed_at TEXT,
        voided_at TEXT,
        confirmed_caution INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_caution IN (0, 1)),
        CHECK (removed_at IS NULL OR voided_at IS NULL)
    )
    """,
    "CREATE INDEX needles_session ON needles (session_id, id)",
    """
    CREATE TRIGGER needles_out_are_final BEFORE UPDATE ON needles
    WHEN OLD.removed_at IS NOT NULL OR OLD.voided_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a needle marked out (or undone) is never changed again'); END
    """,
    """
    CREATE TRIGGER needles_of_closed_sessions BEFORE UPDATE ON needles
    WHEN (SELECT closed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the session is closed'); END
    """,
    """
    CREATE TABLE removal_counts (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        expected INTEGER NOT NULL CHECK (expected >= 0),
        counted INTEGER NOT NULL CHECK (counted >= 0),
        needle_marks INTEGER NOT NULL CHECK (needle_marks >= 0),
        at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE adverse_events (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        kind TEXT NOT NULL CHECK (kind IN ('bruising', 'bleeding', 'pain', 'fainting', 'other')),  -- v7 adds kinds
        point_code TEXT,
        side TEXT CHECK (side IS NULL OR side IN ('left', 'right', 'midline')),
        action_taken TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        kind TEXT NOT NULL CHECK (kind IN ('needle-unaccounted', 'count-mismatch', 'other')),
        what TEXT NOT NULL,
        where_found TEXT NOT NULL DEFAULT '',
        discovered_at TEXT NOT NULL,
        action_taken TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE session_amendments (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        text TEXT NOT NULL CHECK (length(text) > 0),
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX checklist_runs_session ON checklist_runs (session_id) WHERE session_id IS NOT NULL",
]
TABLE_NAMES = frozenset(
    {"sessions", "screening_answers", "needles", "removal_counts", "adverse_events", "incidents", "session_amendments"}
)
# Append-only tables: a row once written stays as it is.
APPEND_ONLY = ("screening_answers", "removal_counts", "adverse_events", "incidents", "session_amendments")


def adverse_events_v7(execute) -> None:
    """Schema version 7: adverse_events takes the kinds of rules.ADVERSE_KINDS_V7 (the needle accidents,
    burns, infections, allergic reactions). SQLite cannot change a CHECK in place: the table is made
    again with every row and its two guarding triggers, in the migration's transaction."""
    kinds = ", ".join(f"'{k}'" for k in rules.ADVERSE_KINDS_V7)
    execute(
        f"""
        CREATE TABLE adverse_events_v7 (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            point_code TEXT,
            side TEXT CHECK (side IS NULL OR side IN ('left', 'right', 'midline')),
            action_taken TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        )
        """
    )
    execute(
        "INSERT INTO adverse_events_v7 (id, session_id, kind, point_code, side, action_taken, notes, at) "
        "SELECT id, session_id, kind, point_code, side, action_taken, notes, at FROM adverse_events"
    )
    execute("DROP TABLE adverse_events")  # its triggers go with it; a drop fires no delete trigger
    execute("ALTER TABLE adverse_events_v7 RENAME TO adverse_events")
    _guard(execute, "adverse_events")


def _guard(execute, table: str) -> None:
    execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: record a new row instead'); END"
    )
    execute(
        f"CREATE TRIGGER {table}_kept BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are part of the record and are never deleted'); END"
    )


def create_tables(execute) -> None:
    """Run the statements of schema version 3 through ``execute`` (the migration's db.execute)."""
    for sql in TABLES:
        execute(sql)
    for table in APPEND_ONLY:
        _guard(execute, table)


# -- records ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Needle:
    id: int
    site: Site
    diagram: str
    inserted_at: str
    removed_at: str | None
    voided_at: str | None
    confirmed_caution: bool

    @property
    def in_place(self) -> bool:
        return self.removed_at is None and self.voided_at is None


@dataclass(frozen=True)
class Answer:
    question_id: str
    answer: str
    detail: str
    at: str


@dataclass(frozen=True)
class AdverseEvent:
    id: int
    kind: str
    point_code: str | None
    side: str | None
    action_taken: str
    notes: str
    at: str


@dataclass(frozen=True)
class Incident:
    id: int
    kind: str
    what: str
    where_found: str
    discovered_at: str
    action_taken: str
    at: str


@dataclass(frozen=True)
class Session:
    id: int
    client_ref: str
    started_at: str
    closed_at: str | None
    outcome: str | None
    course_planned: int | None
    details: Mapping[str, str]
    alert_minutes: int | None
    notes: str
    needles: tuple[Needle, ...] = ()
    answers: Mapping[str, Answer] = field(default_factory=dict)  # the latest answer to each question
    removal_counts: tuple[tuple[int, int, str, int], ...] = ()  # (expected, counted, at, needle marks before)
    adverse_events: tuple[AdverseEvent, ...] = ()
    incidents: tuple[Incident, ...] = ()
    amendments: tuple[tuple[str, str], ...] = ()  # (at, text)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def tally(self) -> Tally:
        return rules.tally((n.site, n.removed_at is not None, n.voided_at is not None) for n in self.needles)

    def counted_out(self) -> int | None:
        """What the practitioner last counted out with "all out" (None if never asked)."""
        return self.removal_counts[-1][1] if self.removal_counts else None

    def needle_marks(self) -> int:
        """How many marks the needles have had (in, out, undone): a count stands while this is unchanged."""
        return sum(1 + (n.removed_at is not None) + (n.voided_at is not None) for n in self.needles)

    def last_count(self) -> tuple[int, int] | None:
        """(expected, counted) of the last "all out" count while it still stands: a later mark in
        or out (the missing needle found and marked out at its site) sets it aside."""
        if not self.removal_counts:
            return None
        expected, counted, _at, marks = self.removal_counts[-1]
        if counted == expected:
            return expected, counted  # the needles were all marked out by the count itself
        return (expected, counted) if marks == self.needle_marks() else None

    def count_problem(self) -> str | None:
        """Why the needles in hand do not match the record, while that stands; None otherwise."""
        return rules.count_mismatch(self.last_count())

    def closing(self) -> rules.Closing:
        """Whether it can close as complete now, and if not, why."""
        return rules.can_close(self.tally(), self.last_count())

    def removal_under_way(self) -> bool:
        """Whether the needles still in must stand out: removal has begun, or a count fell short."""
        return rules.removal_under_way(self.tally(), self.last_count())

    def in_place(self) -> list[Needle]:
        return [n for n in self.needles if n.in_place]

    def first_and_last_in(self) -> tuple[str | None, str | None]:
        times = [n.inserted_at for n in self.needles if n.voided_at is None]
        return (min(times), max(times)) if times else (None, None)


@dataclass(frozen=True)
class Summary:
    """A line of the history: enough to list and filter ten thousand sessions quickly."""

    id: int
    client_ref: str
    started_at: str
    closed_at: str | None
    outcome: str | None
    course_planned: int | None
    needles: int
    adverse: int
    incidents: int


# -- reading ---------------------------------------------------------------------------------------

_COLUMNS = (
    "id, client_ref, started_at, closed_at, outcome, course_planned, needle_gauge, needle_length, "
    "needle_brand, needle_lot, needle_expiry, alert_minutes, notes"
)


def _session(conn: sqlite3.Connection, row: sqlite3.Row) -> Session:
    sid = row["id"]
    needles = tuple(
        Needle(
            r["id"],
            Site(r["point_code"], r["side"], r["site"]),
            r["diagram"],
            r["inserted_at"],
            r["removed_at"],
            r["voided_at"],
            bool(r["confirmed_caution"]),
        )
        for r in conn.execute("SELECT * FROM needles WHERE session_id = ? ORDER BY id", (sid,))
    )
    answers = {
        r["question_id"]: Answer(r["question_id"], r["answer"], r["detail"], r["at"])
        for r in conn.execute("SELECT * FROM screening_answers WHERE session_id = ? ORDER BY id", (sid,))
    }
    counts = tuple(
        (r["expected"], r["counted"], r["at"], r["needle_marks"])
        for r in conn.execute("SELECT * FROM removal_counts WHERE session_id = ? ORDER BY id", (sid,))
    )
    adverse = tuple(
        AdverseEvent(r["id"], r["kind"], r["point_code"], r["side"], r["action_taken"], r["notes"], r["at"])
        for r in conn.execute("SELECT * FROM adverse_events WHERE session_id = ? ORDER BY id", (sid,))
    )
    incidents = tuple(
        Incident(r["id"], r["kind"], r["what"], r["where_found"], r["discovered_at"], r["action_taken"], r["at"])
        for r in conn.execute("SELECT * FROM incidents WHERE session_id = ? ORDER BY id", (sid,))
    )
    amendments = tuple(
        (r["at"], r["text"])
        for r in conn.execute("SELECT at, text FROM session_amendments WHERE session_id = ? ORDER BY id", (sid,))
    )
    return Session(
        id=sid,
        client_ref=row["client_ref"],
        started_at=row["started_at"],
        closed_at=row["closed_at"],
        outcome=row["outcome"],
        course_planned=row["course_planned"],
        details={key: row[key] for key in NEEDLE_DETAILS},
        alert_minutes=row["alert_minutes"],
        notes=row["notes"],
        needles=needles,
        answers=answers,
        removal_counts=counts,
        adverse_events=adverse,
        incidents=incidents,
        amendments=amendments,
    )


def get(store: UserStore, session_id: int) -> Session:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise SessionError(f"There is no session {session_id} in your records.")
    return _session(store.conn, row)


def open_session(store: UserStore) -> Session | None:
    """The session left open (by closing the app, or a crash), if any: it carries on."""
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM sessions WHERE closed_at IS NULL").fetchone()
    return None if row is None else _session(store.conn, row)


def last_needle_details(store: UserStore) -> dict[str, str]:
    """Gauge, length, brand, lot and expiry of the latest session: the new one starts from them."""
    row = store.conn.execute(
        f"SELECT {', '.join(NEEDLE_DETAILS)} FROM sessions ORDER BY started_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return {key: row[key] for key in NEEDLE_DETAILS} if row else dict.fromkeys(NEEDLE_DETAILS, "")


def summaries(
    store: UserStore,
    *,
    client: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[Summary]:
    """Sessions newest first, optionally one client's, between two days (YYYY-MM-DD, inclusive)."""
    where, args = [], []
    if client:
        where.append("s.client_ref = ?")
        args.append(client)
    if since:
        where.append("s.started_at >= ?")
        args.append(since)
    if until:
        where.append("substr(s.started_at, 1, 10) <= ?")
        args.append(until)
    sql = (
        "SELECT s.id, s.client_ref, s.started_at, s.closed_at, s.outcome, s.course_planned, "
        "(SELECT count(*) FROM needles n WHERE n.session_id = s.id AND n.voided_at IS NULL) AS needles, "
        "(SELECT count(*) FROM adverse_events a WHERE a.session_id = s.id) AS adverse, "
        "(SELECT count(*) FROM incidents i WHERE i.session_id = s.id) AS incidents "
        "FROM sessions s"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY s.started_at DESC, s.id DESC"
    )
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    return [Summary(*row) for row in store.conn.execute(sql, args)]


def checklist_runs(store: UserStore, session_id: int) -> list[ChecklistRun]:
    """Which checklist items were ticked during the session, and when."""
    return runs_of_session(store, session_id)


def course_number(store: UserStore, session: Session) -> tuple[int, int | None]:
    """(this session's number among the client's sessions, the planned course length if any)."""
    number = store.conn.execute(
        "SELECT count(*) FROM sessions WHERE client_ref = ? AND (started_at < ? OR (started_at = ? AND id <= ?))",
        (session.client_ref, session.started_at, session.started_at, session.id),
    ).fetchone()[0]
    return int(number), session.course_planned


# -- writing ---------------------------------------------------------------------------------------


def _stamp(now: datetime) -> str:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("pass an aware datetime (datetime.now().astimezone()), not a naive one")
    return now.isoformat(timespec="seconds")


def _open_row(conn: sqlite3.Connection, session_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT id, closed_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise SessionError(f"There is no session {session_id} in your records.")
    if row["closed_at"] is not None:
        raise SessionError("This session is closed; its record is kept as it was. Add an amendment instead.")
    return row


def _details(values: Mapping[str, object] | None) -> dict[str, str]:
    values = values or {}
    unknown = set(values) - set(NEEDLE_DETAILS)
    if unknown:
        raise SessionError(f"Unknown needle detail(s): {', '.join(sorted(unknown))}.")
    return {key: rules.text(values.get(key, ""), key.replace("_", " "), 80) for key in NEEDLE_DETAILS}


def start(
    store: UserStore,
    client_ref: str,
    now: datetime,
    *,
    course_planned: int | None = None,
    details: Mapping[str, object] | None = None,
) -> Session:
    """Open a new session (one at a time: finish the open one first)."""
    ref = rules.client_ref(client_ref)
    if course_planned is not None and (
        isinstance(course_planned, bool) or not isinstance(course_planned, int) or not 1 <= course_planned <= 100
    ):
        raise SessionError("A planned course is a number of sessions from 1 to 100.")
    at = _stamp(now)
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM sessions WHERE closed_at IS NULL").fetchone():
            raise SessionError("A session is already open; close it before starting another.")
        values = _details(details)
        end_open_runs(conn, at)  # checklists ticked before this session are not this session's
        cursor = conn.execute(
            f"INSERT INTO sessions (client_ref, started_at, course_planned, {', '.join(NEEDLE_DETAILS)}) "
            f"VALUES (?, ?, ?, {', '.join('?' * len(NEEDLE_DETAILS))})",
            (ref, at, course_planned, *(values[k] for k in NEEDLE_DETAILS)),
        )
        session_id = int(cursor.lastrowid)
    return get(store, session_id)


def update(
    store: UserStore,
    session_id: int,
    *,
    details: Mapping[str, object] | None = None,
    notes: str | None = None,
    alert_minutes: int | bool | None = False,
) -> Session:
    """Change what an open session says about itself (needle details, notes, the retention alert)."""
    sets, args = [], []
    if details is not None:
        for key, value in _details({**_current_details(store, session_id), **details}).items():
            sets.append(f"{key} = ?")
            args.append(value)
    if notes is not None:
        sets.append("notes = ?")
        args.append(rules.text(notes, "notes"))
    if alert_minutes is not False:
        if alert_minutes is not None and (
            isinstance(alert_minutes, bool) or not isinstance(alert_minutes, int) or not 1 <= alert_minutes <= 240
        ):
            raise SessionError("The retention alert is a number of minutes from 1 to 240, or none.")
        sets.append("alert_minutes = ?")
        args.append(alert_minutes)
    if sets:
        with store.write() as conn:
            _open_row(conn, session_id)
            conn.execute(f"UPDATE sessions SET {', '.join(sets)} WHERE id = ?", (*args, session_id))
    return get(store, session_id)


def _current_details(store: UserStore, session_id: int) -> dict[str, str]:
    row = store.conn.execute(f"SELECT {', '.join(NEEDLE_DETAILS)} FROM sessions WHERE id = ?", (session_id,)).fetchone()
    return {key: row[key] for key in NEEDLE_DETAILS} if row else {}


def answer(store: UserStore, session_id: int, question_id: str, value: str, detail: str, now: datetime) -> None:
    """Record a screening answer (a later answer to the same question replaces it in the record's
    reading; both stay in the table)."""
    if value not in rules.ANSWERS:
        raise SessionError(f"A screening answer is yes, no or unsure, not '{value}'.")
    if not isinstance(question_id, str) or not question_id:
        raise SessionError("A screening answer needs its question.")
    at = _stamp(now)
    with store.write() as conn:
        _open_row(conn, session_id)
        conn.execute(
            "INSERT INTO screening_answers (session_id, question_id, answer, detail, at) VALUES (?, ?, ?, ?, ?)",
            (session_id, question_id, value, rules.text(detail, "detail", 400), at),
        )


def mark_in(
    store: UserStore, session_id: int, site: Site, diagram: str, now: datetime, *, confirmed_caution: bool = False
) -> Needle:
    """A needle in at ``site`` (several at one site are allowed)."""
    if site.side not in SIDES:
        raise SessionError(f"A needle's side is left, right or midline, not '{site.side}'.")
    if not site.point_code:
        raise SessionError("A needle needs its point.")
    at = _stamp(now)
    with store.write() as conn:
        _open_row(conn, session_id)
        cursor = conn.execute(
            "INSERT INTO needles (session_id, point_code, side, site, diagram, inserted_at, confirmed_caution) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (session_id, site.point_code, site.side, site.site, diagram, at, int(confirmed_caution)),
        )
        needle_id = int(cursor.lastrowid)
    return _needle(store, needle_id)


def _needle(store: UserStore, needle_id: int) -> Needle:
    r = store.conn.execute("SELECT * FROM needles WHERE id = ?", (needle_id,)).fetchone()
    return Needle(
        r["id"],
        Site(r["point_code"], r["side"], r["site"]),
        r["diagram"],
        r["inserted_at"],
        r["removed_at"],
        r["voided_at"],
        bool(r["confirmed_caution"]),
    )


def mark_out(store: UserStore, session_id: int, site: Site, now: datetime) -> Needle:
    """One needle out of ``site`` (the one put in last). Refused when none is in there: a needle is
    never marked out twice."""
    at = _stamp(now)
    with store.write() as conn:
        _open_row(conn, session_id)
        row = conn.execute(
            "SELECT id FROM needles WHERE session_id = ? AND point_code = ? AND side = ? AND site = ? "
            "AND removed_at IS NULL AND voided_at IS NULL ORDER BY id DESC LIMIT 1",
            (session_id, site.point_code, site.side, site.site),
        ).fetchone()
        if row is None:
            raise SessionError(f"No needle is in at {site.label()}; nothing was marked out.")
        conn.execute("UPDATE needles SET removed_at = ? WHERE id = ?", (at, row["id"]))
    return _needle(store, row["id"])


def undo_mark(store: UserStore, session_id: int, needle_id: int, now: datetime) -> Needle:
    """A needle marked by mistake: the mark is undone (kept in the record as undone, not counted)."""
    at = _stamp(now)
    with store.write() as conn:
        _open_row(conn, session_id)
        changed = conn.execute(
            "UPDATE needles SET voided_at = ? WHERE id = ? AND session_id = ? AND removed_at IS NULL "
            "AND voided_at IS NULL",
            (at, needle_id, session_id),
        ).rowcount
        if not changed:
            raise SessionError("That mark cannot be undone: the needle is already out, or the mark was undone.")
    return _needle(store, needle_id)


def all_out(store: UserStore, session_id: int, counted: int, now: datetime) -> Session:
    """ "All out": the practitioner counts the needles in hand. The count is recorded; when it equals
    the needles still marked in, they are all marked out; otherwise nothing else changes and the
    session shows what does not add up."""
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise SessionError("The count of needles removed is a whole number, never negative.")
    at = _stamp(now)
    with store.write() as conn:
        _open_row(conn, session_id)
        expected, marks = conn.execute(
            "SELECT coalesce(sum(removed_at IS NULL AND voided_at IS NULL), 0), "
            "coalesce(sum(1 + (removed_at IS NOT NULL) + (voided_at IS NOT NULL)), 0) "
            "FROM needles WHERE session_id = ?",
            (session_id,),
        ).fetchone()
        conn.execute(
            "INSERT INTO removal_counts (session_id, expected, counted, needle_marks, at) VALUES (?, ?, ?, ?, ?)",
            (session_id, expected, counted, marks, at),
        )
        if counted == expected:
            conn.execute(
                "UPDATE needles SET removed_at = ? WHERE session_id = ? AND removed_at IS NULL AND voided_at IS NULL",
                (at, session_id),
            )
    return get(store, session_id)


def adverse_event(
    store: UserStore,
    session_id: int,
    kind: str,
    now: datetime,
    *,
    site: Site | None = None,
    action_taken: str = "",
    notes: str = "",
) -> None:
    """Bruising, bleeding, pain, fainting or other, at a site or not, with the action taken. Also
    after the session closed (a bruise noticed later): a new row, the record is not rewritten."""
    if kind not in rules.ADVERSE_KINDS:
        raise SessionError(f"An adverse event is one of {', '.join(rules.ADVERSE_KINDS)}, not '{kind}'.")
    at = _stamp(now)
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
            raise SessionError(f"There is no session {session_id} in your records.")
        conn.execute(
            "INSERT INTO adverse_events (session_id, kind, point_code, side, action_taken, notes, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                kind,
                site.point_code if site else None,
                site.side if site else None,
                rules.text(action_taken, "action taken"),
                rules.text(notes, "notes"),
                at,
            ),
        )


def close(store: UserStore, session_id: int, now: datetime) -> Session:
    """Close as complete: only when every needle is out and the counts agree; otherwise SessionError
    with the reason (the caller then runs the incident procedure)."""
    at = _stamp(now)
    with store.write() as conn:
        _open_row(conn, session_id)
        session = _session(
            conn, conn.execute(f"SELECT {_COLUMNS} FROM sessions WHERE id = ?", (session_id,)).fetchone()
        )
        closing = session.closing()
        if not closing.complete:
            raise SessionError(f"The session cannot close as complete: {closing.reason}")
        conn.execute("UPDATE sessions SET closed_at = ?, outcome = 'complete' WHERE id = ?", (at, session_id))
        end_open_runs(conn, at, session_id=session_id)
    return get(store, session_id)


def close_with_incident(
    store: UserStore,
    session_id: int,
    now: datetime,
    *,
    kind: str,
    what: str,
    where_found: str,
    discovered_at: datetime,
    action_taken: str,
) -> Session:
    """Close a session whose needles do not reconcile, recording the incident (what, where, when
    discovered, action taken) in the same transaction."""
    if kind not in INCIDENT_KINDS:
        raise SessionError(f"An incident is one of {', '.join(INCIDENT_KINDS)}, not '{kind}'.")
    what_text = rules.text(what, "description of the incident")
    if not what_text:
        raise SessionError("Say what happened: the incident record needs a description.")
    discovered = rules.not_in_future(discovered_at, now, "time it was discovered")
    at = _stamp(now)
    with store.write() as conn:
        _open_row(conn, session_id)
        conn.execute(
            "INSERT INTO incidents (session_id, kind, what, where_found, discovered_at, action_taken, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                kind,
                what_text,
                rules.text(where_found, "place"),
                discovered.isoformat(timespec="minutes"),
                rules.text(action_taken, "action taken"),
                at,
            ),
        )
        conn.execute("UPDATE sessions SET closed_at = ?, outcome = 'incident' WHERE id = ?", (at, session_id))
        end_open_runs(conn, at, session_id=session_id)
    return get(store, session_id)


def amend(store: UserStore, session_id: int, text: str, now: datetime) -> None:
    """Add to a session's record (open or closed) without rewriting it."""
    value = rules.text(text, "amendment")
    if not value:
        raise SessionError("An amendment needs some text.")
    at = _stamp(now)
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
            raise SessionError(f"There is no session {session_id} in your records.")
        conn.execute("INSERT INTO session_amendments (session_id, text, at) VALUES (?, ?, ?)", (session_id, value, at))
