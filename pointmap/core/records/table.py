"""Treatment records as CSV for spreadsheet programs: one row per needle event (a needle marked
in, marked out, a mark undone, a count of the needles in hand), each row carrying its session's
columns, so a sheet can be filtered by client, day or point and pivoted per session. A session
with no needle event still has one row (event ``none``), so every session chosen is in the file.

UTF-8 with a byte-order mark (Excel reads the file as UTF-8 only with one), comma-separated,
CRLF line ends, fields quoted where they hold a comma, a quote or a line break (RFC 4180). A cell
that a spreadsheet would run as a formula (one starting with = + - @, a tab or a carriage return)
gets a leading apostrophe: the file is data, never instructions."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from pointmap.core.records.record import Record

COLUMNS = (
    "session_id",
    "client_ref",
    "session_number",
    "course_planned",
    "session_started",
    "session_closed",
    "outcome",
    "needle_gauge",
    "needle_length",
    "needle_brand",
    "needle_lot",
    "needle_expiry",
    "event",
    "at",
    "needle_id",
    "point_code",
    "side",
    "site",
    "diagram",
    "caution_confirmed",
    "counted",
    "expected",
)
EVENTS = ("in", "undone", "count", "out", "none")  # also the order of events recorded at the same second
_RISKY = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value: object) -> str:
    """A cell as text; one a spreadsheet would read as a formula is prefixed with an apostrophe."""
    cell = "" if value is None else str(value)
    return "'" + cell if cell.startswith(_RISKY) else cell


def rows(record: Record) -> list[dict[str, object]]:
    """The CSV rows of one session, in the order things happened."""
    s = record.session
    base = {
        "session_id": s.id,
        "client_ref": s.client_ref,
        "session_number": record.number,
        "course_planned": s.course_planned,
        "session_started": s.started_at,
        "session_closed": s.closed_at,
        "outcome": s.outcome or "open",
        **{key: s.details.get(key, "") for key in COLUMNS[7:12]},
    }
    events: list[tuple[str, int, int, dict[str, object]]] = []
    for n in s.needles:
        needle = {
            "needle_id": n.id,
            "point_code": n.site.point_code,
            "side": n.site.side,
            "site": n.site.site or "",
            "diagram": n.diagram,
            "caution_confirmed": "yes" if n.confirmed_caution else "no",
        }
        events.append((n.inserted_at, EVENTS.index("in"), n.id, {**needle, "event": "in", "at": n.inserted_at}))
        if n.voided_at:
            events.append((n.voided_at, EVENTS.index("undone"), n.id, {**needle, "event": "undone", "at": n.voided_at}))
        if n.removed_at:
            events.append((n.removed_at, EVENTS.index("out"), n.id, {**needle, "event": "out", "at": n.removed_at}))
    for number, (expected, counted, at, *_marks) in enumerate(s.removal_counts):
        events.append(
            (at, EVENTS.index("count"), number, {"event": "count", "at": at, "counted": counted, "expected": expected})
        )
    events.sort(key=lambda item: item[:3])
    found = [{**base, **row} for *_key, row in events]
    return found or [{**base, "event": "none", "at": ""}]


def csv_text(records: Iterable[Record]) -> str:
    """The records as CSV text (with the byte-order mark at its start)."""
    out = io.StringIO(newline="")
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for record in records:
        for row in rows(record):
            writer.writerow([neutralise(row.get(column)) for column in COLUMNS])
    return out.getvalue()


def csv_bytes(records: Iterable[Record]) -> bytes:
    return csv_text(records).encode("utf-8")
