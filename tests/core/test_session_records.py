"""Past treatment records without Qt: the history's lines and course numbers, a record as plain
text and as data, the CSV (one row per needle event, formulas neutralised), the days a person types,
and retention (which records are past it, the reminder, a delete that takes a backup first)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date, timedelta

import pytest

from pointmap.core.errors import SessionError
from pointmap.core.records import load, load_many, parse_day, parse_range, plain, text
from pointmap.core.records.dates import DateError
from pointmap.core.records.table import COLUMNS, csv_bytes, csv_text, neutralise
from pointmap.core.sessions import Site
from pointmap.core.userdata import history, open_store, retention
from pointmap.core.userdata import sessions as rec
from tests.support.session_history import full_session, generate
from tests.support.userdata_helpers import NOW


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    yield opened.store
    opened.store.close()


def quick(store, client, start, needles=1, *, close=True, planned=None):
    """A small complete session: ``needles`` needles at ST6 right, all out."""
    s = rec.start(store, client, start, course_planned=planned)
    for _ in range(needles):
        rec.mark_in(store, s.id, Site("ST6", "right"), "face", start + timedelta(minutes=1))
    if close:
        if needles:
            rec.all_out(store, s.id, needles, start + timedelta(minutes=20))
        rec.close(store, s.id, start + timedelta(minutes=21))
    return s.id


# -- the history -----------------------------------------------------------------------------------


def test_history_lists_newest_first_and_numbers_each_clients_sessions(store):
    a1 = quick(store, "C-1", NOW - timedelta(days=30), planned=3)
    b1 = quick(store, "B-7", NOW - timedelta(days=20), needles=4)
    a2 = quick(store, "C-1", NOW - timedelta(days=10), planned=3)
    lines = history.lines(store)
    assert [x.id for x in lines] == [a2, b1, a1]
    assert [(x.client_ref, x.course()) for x in lines] == [("C-1", "2 of 3"), ("B-7", "1"), ("C-1", "1 of 3")]
    assert lines[1].needles == 4 and lines[1].state == "complete"


def test_history_filters_keep_the_course_numbers_of_the_whole_history(store):
    quick(store, "C-1", NOW - timedelta(days=30))
    second = quick(store, "C-1", NOW - timedelta(days=10))
    quick(store, "C-2", NOW - timedelta(days=10))
    since = (NOW - timedelta(days=15)).date().isoformat()
    (only,) = history.lines(store, client="C-1", since=since)
    assert only.id == second and only.number == 2
    until = (NOW - timedelta(days=30)).date().isoformat()
    assert [x.client_ref for x in history.lines(store, until=until)] == ["C-1"]


def test_marks_undone_are_not_counted_as_needles(store):
    s = rec.start(store, "C-1", NOW)
    needle = rec.mark_in(store, s.id, Site("ST6", "left"), "face", NOW)
    rec.undo_mark(store, s.id, needle.id, NOW)
    rec.mark_in(store, s.id, Site("ST6", "left"), "face", NOW)
    assert history.lines(store)[0].needles == 1 and history.lines(store)[0].state == "open"


def test_a_course_past_its_planned_length_says_so():
    assert history.course_label(3, 10) == "3 of 10"
    assert history.course_label(12, 10) == "12 (course of 10 planned)"
    assert history.course_label(4, None) == "4"


def test_the_bruise_log_gathers_a_clients_adverse_events_across_the_course(store):
    first = full_session(store, NOW - timedelta(days=40))
    second = quick(store, "C-104", NOW - timedelta(days=20))
    rec.adverse_event(store, second, "bleeding", NOW - timedelta(days=19), site=Site("ST6", "right"))
    quick(store, "C-999", NOW - timedelta(days=10))
    log = history.adverse_log(store, "C-104")
    assert [(x.session_id, x.number, x.event.kind) for x in log] == [(first, 1, "bruising"), (second, 2, "bleeding")]
    assert [x.number for x in history.course(store, "C-104")] == [1, 2]


# -- a record as text and data ---------------------------------------------------------------------


def test_the_record_says_everything_that_happened(store, reference):
    sid = full_session(store, NOW - timedelta(hours=3))
    record = load(store, reference, sid)
    words = text(record)
    assert words.startswith("Client C-104 · session 1 of 10\n")
    for expected in (
        "Outcome: complete",
        "Needle count: 3 in, 3 out, 0 still marked in",
        "First needle in 11:22; last out 11:50 (28 min after the first went in)",
        "Are you pregnant, or could you be? — no",
        "— yes: aspirin <b>75 mg</b>",  # markup kept as typed, as text
        "botulinum toxin",
        "ST6 (right): in 11:22, out 11:50",
        "ST6 (left): in 11:22, placed after a second confirmation (screening caution), out 11:50",
        "LI20 (right): in 11:23, mark undone 11:24 (a mistake, not counted)",
        "CV12: in 11:25, out 11:47",
        "11:48: 1 counted, 2 expected",
        "11:50: 2 counted, 2 expected",
        "bruising at ST6 (left); action taken: pressure, cold pack; notes: <b>small</b>",
        "Relaxed. <i>Markup</i> stays text.",
        "2026-12-02 11:17: Client phoned: the bruise went in three days.",
        "Checklist: Hands, clean field, skin and needles (started 11:19, ended 11:52)",
        "[x] Take off rings and watch; wash hands or use alcohol rub just before needling. (ticked 11:19)",
        "[ ] Cover any cut on your hands, or wear gloves. (ticked 11:20, unticked 11:21)",
    ):
        assert expected.lower() in words.lower(), expected
    assert "Flags the answers raised" in words and "Bleeds or bruises easily" in words


def test_an_incident_record_shows_the_needle_still_marked_in(store, reference):
    s = rec.start(store, "C-205", NOW)
    rec.mark_in(store, s.id, Site("LI4", "right"), "arm-posterior", NOW + timedelta(minutes=3))
    rec.all_out(store, s.id, 0, NOW + timedelta(minutes=40))
    rec.close_with_incident(
        store,
        s.id,
        NOW + timedelta(minutes=50),
        kind="needle-unaccounted",
        what="One needle not found",
        where_found="couch and floor searched",
        discovered_at=NOW + timedelta(minutes=41),
        action_taken="Client told",
    )
    words = text(load(store, reference, s.id))
    assert "LI4 (right): in 14:20, still marked in when the session closed" in words
    assert "Needle unaccounted for: One needle not found" in words and "Discovered 14:58" in words


def test_the_record_as_data_is_json_with_every_stored_value(store, reference):
    sid = full_session(store, NOW - timedelta(hours=3))
    data = json.loads(json.dumps(plain(load(store, reference, sid))))
    assert data["course"] == "1 of 10" and data["counts"] == {"inserted": 3, "removed": 3, "still_in": 0}
    assert [n["voided_at"] is not None for n in data["needles"]] == [False, False, True, False]
    assert data["needle_details"]["needle_brand"].startswith("=HYPERLINK")
    assert data["checklist_runs"][0]["ticked"] == [1]
    assert data["amendments"][0]["text"].startswith("Client phoned")


def test_a_record_that_does_not_exist_is_a_sentence(store, reference):
    with pytest.raises(SessionError, match="There is no session 42 in your records"):
        load(store, reference, 42)


def test_a_closed_record_is_never_rewritten_an_amendment_is_added(store, reference):
    sid = full_session(store, NOW - timedelta(hours=3))
    before = plain(load(store, reference, sid))
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("UPDATE sessions SET notes = 'changed' WHERE id = ?", (sid,))
    rec.amend(store, sid, "Second thought", NOW)
    after = plain(load(store, reference, sid))
    assert after.pop("amendments")[-1]["text"] == "Second thought"
    before.pop("amendments")
    assert after == before
    assert "Second thought" in text(load(store, reference, sid))


def test_markup_in_a_client_reference_is_refused_when_typed(store):
    for ref in ("<b>C-1</b>", "=cmd", "C-1\nC-2"):
        with pytest.raises(SessionError):
            rec.start(store, ref, NOW)
    assert history.lines(store) == []


# -- CSV -------------------------------------------------------------------------------------------


def parsed(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for spreadsheet programs
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_one_row_per_needle_event_in_the_order_they_happened(store, reference):
    sid = full_session(store, NOW - timedelta(hours=3))
    rows = parsed(csv_bytes([load(store, reference, sid)]))
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["event"], r["point_code"], r["side"]) for r in rows] == [
        ("in", "ST6", "right"),
        ("in", "ST6", "left"),
        ("in", "LI20", "right"),
        ("undone", "LI20", "right"),
        ("in", "CV12", "midline"),
        ("out", "CV12", "midline"),
        ("count", "", ""),
        ("count", "", ""),
        ("out", "ST6", "right"),
        ("out", "ST6", "left"),
    ]
    assert {r["session_id"] for r in rows} == {str(sid)} and rows[6]["counted"] == "1" and rows[6]["expected"] == "2"
    assert rows[1]["caution_confirmed"] == "yes" and rows[0]["session_number"] == "1"


def test_csv_neutralises_formulas_and_quotes_commas_quotes_and_line_breaks(store, reference):
    sid = full_session(store, NOW - timedelta(hours=3))
    data = csv_bytes([load(store, reference, sid)])
    row = parsed(data)[0]
    assert row["needle_brand"] == '\'=HYPERLINK("http://example.com","Seirin")'
    assert row["needle_lot"] == '\'+L2231, "batch"\nline two'  # quoted: the comma and line break stay in the cell
    assert row["needle_expiry"] == "'@2028-03"
    assert b'"\'+L2231, ""batch""\nline two"' in data
    assert data.count(b"\r\n") == 1 + 10  # header and ten events; the break inside a cell is its own
    for risky in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"):
        assert neutralise(risky) == "'" + risky
    assert neutralise("C-104") == "C-104" and neutralise(None) == ""


def test_a_session_without_needles_still_has_its_row(store, reference):
    sid = quick(store, "C-3", NOW, needles=0)
    (row,) = parsed(csv_bytes(load_many(store, reference, [sid])))
    assert row["event"] == "none" and row["client_ref"] == "C-3" and row["outcome"] == "complete"


def test_csv_text_of_several_sessions_keeps_them_in_the_order_given(store, reference):
    ids = [quick(store, f"C-{n}", NOW + timedelta(hours=n)) for n in range(3)]
    rows = list(csv.DictReader(io.StringIO(csv_text(load_many(store, reference, ids)).lstrip("\ufeff"))))
    assert [r["client_ref"] for r in rows if r["event"] == "in"] == ["C-0", "C-1", "C-2"]


# -- days typed by a person ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("2026/12/01", "not a day written YYYY-MM-DD"),
        ("01-12-2026", "not a day written YYYY-MM-DD"),
        ("yesterday", "not a day written YYYY-MM-DD"),
        ("2026-02-30", "not a day of the calendar"),
        ("2026-12-02", "is in the future"),
    ],
)
def test_a_day_that_cannot_be_used_is_one_sentence(typed, words):
    with pytest.raises(DateError, match=words):
        parse_day(typed, "from", date(2026, 12, 1))


def test_a_range_runs_forwards():
    today = date(2026, 12, 1)
    assert parse_range("2026-01-01", "2026-12-01", today).words() == "from 2026-01-01 to 2026-12-01"
    assert parse_range(None, None, today).since is None
    with pytest.raises(DateError, match="The from date 2026-06-01 is after the to date 2026-05-01"):
        parse_range("2026-06-01", "2026-05-01", today)


# -- retention -------------------------------------------------------------------------------------


def test_retention_defaults_to_seven_years_and_takes_whole_years(store):
    assert retention.years(store) == 7
    assert retention.set_years(store, 10) == 10 and retention.years(store) == 10
    for wrong in (0, 101, 2.5, "8", True):
        with pytest.raises(SessionError, match="whole number of years"):
            retention.set_years(store, wrong)
    assert retention.years(store) == 10


def test_the_cutoff_of_a_29_february_falls_on_the_28th():
    assert retention.cutoff(date(2028, 2, 29), 7) == date(2021, 2, 28)
    assert retention.cutoff(date(2026, 12, 1), 7) == date(2019, 12, 1)


def test_records_are_past_retention_only_when_the_client_has_not_been_seen_since(store):
    old = quick(store, "GONE", NOW - timedelta(days=365 * 9))
    older_of_active = quick(store, "ACTIVE", NOW - timedelta(days=365 * 9))
    quick(store, "ACTIVE", NOW - timedelta(days=30))
    left_open = rec.start(store, "OPEN", NOW - timedelta(days=365 * 9))
    past = retention.past_retention(store, 7, NOW.date())
    assert [x.id for x in past] == [old]
    assert older_of_active not in [x.id for x in past] and left_open.id not in [x.id for x in past]
    assert retention.past_retention(store, 10, NOW.date()) == []


def test_the_reminder_comes_once_a_day(store):
    quick(store, "GONE", NOW - timedelta(days=365 * 9))
    today = NOW.date()
    assert len(retention.due_reminder(store, today)) == 1
    retention.reminded(store, today)
    assert retention.due_reminder(store, today) == []
    assert len(retention.due_reminder(store, today + timedelta(days=1))) == 1


def table_counts(store) -> dict[str, int]:
    names = (*rec.TABLE_NAMES, "checklist_runs", "checklist_ticks")
    return {n: store.conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}


def test_a_delete_takes_a_backup_then_removes_the_chosen_records_whole(store, tmp_path):
    gone = full_session(store, NOW - timedelta(days=365 * 9), client="GONE")
    kept = full_session(store, NOW - timedelta(days=20), client="C-104")
    before = table_counts(store)
    done = retention.delete_sessions(store, [gone], tmp_path / "backups", NOW)
    assert done.count == 1 and done.backup.name.startswith("userdata.before-delete-")
    after = table_counts(store)
    assert all(after[name] < before[name] for name in before if name != "incidents"), (before, after)
    assert [x.id for x in history.lines(store)] == [kept]
    copy = sqlite3.connect(done.backup)
    assert copy.execute("SELECT count(*) FROM sessions WHERE id = ?", (gone,)).fetchone()[0] == 1
    copy.close()
    # The guards are back: a record's rows cannot be deleted or rewritten by anything else.
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"), store.write() as conn:
        conn.execute("DELETE FROM adverse_events")
    with pytest.raises(sqlite3.IntegrityError, match="never rewritten"), store.write() as conn:
        conn.execute("UPDATE sessions SET notes = 'x'")


def test_a_delete_of_a_record_not_past_retention_deletes_nothing(store, tmp_path):
    gone = quick(store, "GONE", NOW - timedelta(days=365 * 9))
    recent = quick(store, "C-1", NOW - timedelta(days=3))
    before = table_counts(store)
    with pytest.raises(SessionError, match=f"Record {recent} is not a closed record past the retention period"):
        retention.delete_sessions(store, [gone, recent], tmp_path / "backups", NOW)
    assert table_counts(store) == before
    assert not (tmp_path / "backups").exists()  # refused before the backup: nothing to keep
    with pytest.raises(SessionError, match="Choose the records"):
        retention.delete_sessions(store, [], tmp_path / "backups", NOW)


def test_generated_history_reads_fast_enough_to_list(store):
    ids = generate(store, 300, NOW)
    lines = history.lines(store)
    assert len(lines) == 300 and {x.id for x in lines} == set(ids)
    assert sum(x.incidents for x in lines) == 1 and all(x.needles >= 6 for x in lines)


def test_a_private_write_is_for_its_owner_only_even_over_a_shared_file(tmp_path):
    import os
    import stat

    from pointmap.core.fileio import atomic_write

    target = tmp_path / "records.csv"
    target.write_text("old")
    os.chmod(target, 0o644)
    atomic_write(target, b"new", private=True)
    assert target.read_bytes() == b"new"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
