"""Checklist runs and the needle tally in the user database: dated runs with a log of every tick.

A run belongs to the local day it started on; an item's state is its latest tick event. Times are ISO 8601
local time with the UTC offset (``2026-12-01T14:17:19+01:00``), from the aware ``now`` the caller passes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from pointmap.core.userdata.store import UserStore

LEGACY_IMPORTED = "legacy.hygiene_imported_at"  # preferences key: when the QSettings ticks were carried over


@dataclass(frozen=True)
class TickEvent:
    position: int
    checked: bool
    at: str


# The stages whose runs belong to a treatment session (the others belong to the day).
SESSION_STAGES = ("before-patient", "during-treatment", "after-treatment", "incident")


def end_open_runs(conn: sqlite3.Connection, at: str, *, session_id: int | None = None) -> None:
    """Inside a session's start or close transaction: end the open runs of the session stages (those of
    ``session_id``, or, at a start, any left from before), so each session's ticks form runs of its own."""
    stages = ", ".join("?" * len(SESSION_STAGES))
    if session_id is None:
        conn.execute(
            f"UPDATE checklist_runs SET ended_at = ? WHERE ended_at IS NULL AND stage IN ({stages})",
            (at, *SESSION_STAGES),
        )
    else:
        conn.execute(
            "UPDATE checklist_runs SET ended_at = ? WHERE ended_at IS NULL AND session_id = ?", (at, session_id)
        )


@dataclass(frozen=True)
class ChecklistRun:
    id: int
    checklist_id: str
    stage: str
    day: str
    started_at: str
    ended_at: str | None
    ticked: frozenset[int]
    events: tuple[TickEvent, ...]
    session_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


def _when(now: datetime) -> tuple[str, str]:
    """(timestamp, day) of an aware datetime, in its own offset."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("pass an aware datetime (datetime.now().astimezone()), not a naive one")
    return now.isoformat(timespec="seconds"), now.date().isoformat()


def _position(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"a checklist position is a whole number from 1, not {value!r}")
    return value


def _run(conn: sqlite3.Connection, row: sqlite3.Row) -> ChecklistRun:
    events = tuple(
        TickEvent(e["position"], bool(e["checked"]), e["at"])
        for e in conn.execute(
            "SELECT position, checked, at FROM checklist_ticks WHERE run_id = ? ORDER BY id", (row["id"],)
        )
    )
    state: dict[int, bool] = {}
    for event in events:
        state[event.position] = event.checked
    return ChecklistRun(
        id=row["id"],
        checklist_id=row["checklist_id"],
        stage=row["stage"],
        day=row["day"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        ticked=frozenset(p for p, on in state.items() if on),
        events=events,
        session_id=row["session_id"],
    )


_RUN_COLUMNS = "id, checklist_id, stage, day, started_at, ended_at, session_id"


def _open_row(conn: sqlite3.Connection, checklist_id: str, day: str) -> sqlite3.Row | None:
    return conn.execute(
        f"SELECT {_RUN_COLUMNS} FROM checklist_runs WHERE checklist_id = ? AND day = ? AND ended_at IS NULL",
        (checklist_id, day),
    ).fetchone()


def current_run(store: UserStore, checklist_id: str, day: str) -> ChecklistRun | None:
    """The open run of ``checklist_id`` on ``day`` (YYYY-MM-DD, local), or None: nothing ticked yet that day,
    or the last run was ended with ``start_new_run``."""
    row = _open_row(store.conn, checklist_id, day)
    return None if row is None else _run(store.conn, row)


def _start_run(
    conn: sqlite3.Connection, checklist_id: str, stage: str, at: str, day: str, session_id: int | None = None
) -> int:
    cursor = conn.execute(
        "INSERT INTO checklist_runs (checklist_id, stage, day, started_at, session_id) VALUES (?, ?, ?, ?, ?)",
        (checklist_id, stage, day, at, session_id),
    )
    return int(cursor.lastrowid)


def record_tick(
    store: UserStore,
    checklist_id: str,
    stage: str,
    position: int,
    checked: bool,
    now: datetime,
    session_id: int | None = None,
) -> ChecklistRun:
    """Tick (or untick) item ``position`` of a checklist, in one transaction: the event is appended to today's
    open run, which is started first if there is none (belonging to ``session_id`` when a treatment session is
    open and the stage is one of a session's). When this returns, the tick is on disk. Returns the run as it
    now stands."""
    at, day = _when(now)
    position = _position(position)
    with store.write() as conn:
        row = _open_row(conn, checklist_id, day)
        run_id = row["id"] if row is not None else _start_run(conn, checklist_id, stage, at, day, session_id)
        conn.execute(
            "INSERT INTO checklist_ticks (run_id, position, checked, at) VALUES (?, ?, ?, ?)",
            (run_id, position, 1 if checked else 0, at),
        )
        row = conn.execute(f"SELECT {_RUN_COLUMNS} FROM checklist_runs WHERE id = ?", (run_id,)).fetchone()
        return _run(conn, row)


def start_new_run(store: UserStore, checklist_id: str, now: datetime) -> None:
    """End today's open run of ``checklist_id`` (ended_at = now), keeping its ticks; the next tick starts a
    fresh run. Nothing happens when no run is open today."""
    at, day = _when(now)
    with store.write() as conn:
        conn.execute(
            "UPDATE checklist_runs SET ended_at = ? WHERE checklist_id = ? AND day = ? AND ended_at IS NULL",
            (at, checklist_id, day),
        )


def runs_on(store: UserStore, day: str) -> list[ChecklistRun]:
    """Every run of every checklist that started on ``day``, in the order they started."""
    rows = store.conn.execute(
        f"SELECT {_RUN_COLUMNS} FROM checklist_runs WHERE day = ? ORDER BY started_at, id", (day,)
    ).fetchall()
    return [_run(store.conn, row) for row in rows]


def runs_of_session(store: UserStore, session_id: int) -> list[ChecklistRun]:
    """The checklist runs ticked during a treatment session, in the order they started."""
    rows = store.conn.execute(
        f"SELECT {_RUN_COLUMNS} FROM checklist_runs WHERE session_id = ? ORDER BY started_at, id", (session_id,)
    ).fetchall()
    return [_run(store.conn, row) for row in rows]


def needle_tally(store: UserStore) -> tuple[int, int]:
    """(needles in, needles out) as last set; (0, 0) if never set."""
    row = store.conn.execute("SELECT needles_in, needles_out FROM needle_tally WHERE id = 1").fetchone()
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


def _count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative ({value})")
    return value


def _write_tally(conn: sqlite3.Connection, needles_in: int, needles_out: int, at: str) -> None:
    conn.execute(
        "INSERT INTO needle_tally (id, needles_in, needles_out, updated_at) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET needles_in = excluded.needles_in, needles_out = excluded.needles_out, "
        "updated_at = excluded.updated_at",
        (needles_in, needles_out, at),
    )


def set_needle_tally(store: UserStore, needles_in: int, needles_out: int, now: datetime) -> None:
    """Set both counts in one transaction (a stand-in until treatment sessions hold counts per session).
    Negative counts raise ValueError and nothing is written."""
    needles_in, needles_out = _count("needles_in", needles_in), _count("needles_out", needles_out)
    at, _ = _when(now)
    with store.write() as conn:
        _write_tally(conn, needles_in, needles_out, at)


def import_legacy_hygiene(
    store: UserStore, state: object, known: Mapping[str, tuple[str, set[int]]], now: datetime
) -> int:
    """Carry the hygiene state that older PointMaps kept as JSON in QSettings into the store, once.

    ``state`` is that JSON, parsed: ``{"checklist": id, "ticks": {id: [positions]}, "count_in": n,
    "count_out": n}``; anything malformed in it is skipped. ``known`` maps each checklist id of the reference
    data to (its stage, its valid positions); ticks of unknown checklists or positions are dropped. The old
    ticks carry no date, so they go into today's runs (ticked at ``now``): the person finds them where they
    left them, this once. The counts are kept if the store's tally is still 0/0.

    Everything happens in one transaction, which also records that the import was done: a second call (the
    app restarted before it could clear QSettings) imports nothing. Returns the number of ticks imported.
    """
    at, day = _when(now)
    state = state if isinstance(state, dict) else {}
    ticks = state.get("ticks") if isinstance(state.get("ticks"), dict) else {}
    imported = 0
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM preferences WHERE key = ?", (LEGACY_IMPORTED,)).fetchone():
            return 0
        for checklist_id, positions in ticks.items():
            if checklist_id not in known or not isinstance(positions, list):
                continue
            stage, valid = known[checklist_id]
            chosen = sorted(
                {p for p in positions if isinstance(p, int) and not isinstance(p, bool) and p in valid and p >= 1}
            )
            if not chosen:
                continue
            row = _open_row(conn, checklist_id, day)
            run_id = row["id"] if row is not None else _start_run(conn, checklist_id, stage, at, day)
            conn.executemany(
                "INSERT INTO checklist_ticks (run_id, position, checked, at) VALUES (?, ?, 1, ?)",
                [(run_id, p, at) for p in chosen],
            )
            imported += len(chosen)
        counts = [state.get("count_in"), state.get("count_out")]
        if all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts):
            row = conn.execute("SELECT needles_in, needles_out FROM needle_tally WHERE id = 1").fetchone()
            if row is None or (row[0], row[1]) == (0, 0):
                _write_tally(conn, counts[0], counts[1], at)
        conn.execute("INSERT INTO preferences (key, value) VALUES (?, ?)", (LEGACY_IMPORTED, at))
    return imported
