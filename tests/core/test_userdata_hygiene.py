"""Checklist runs in the user database: dated, with every tick kept, and a new day that starts fresh."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from pointmap.core.userdata import hygiene, open_store
from tests.support.userdata_helpers import LEGACY_HYGIENE, NOW, TZ, known_checklists

ROOM = "start-of-day-room-setup"
TODAY = NOW.date().isoformat()


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    yield opened.store
    opened.store.close()


def test_the_first_tick_of_the_day_starts_a_run_with_its_time(store):
    assert hygiene.current_run(store, ROOM, TODAY) is None
    run = hygiene.record_tick(store, ROOM, "start-of-day", 2, True, NOW)
    assert (run.checklist_id, run.stage, run.day) == (ROOM, "start-of-day", "2026-12-01")
    assert run.started_at == "2026-12-01T14:17:19+01:00" and run.ended_at is None
    assert run.ticked == {2}
    assert run.events == (hygiene.TickEvent(2, True, "2026-12-01T14:17:19+01:00"),)
    assert hygiene.current_run(store, ROOM, TODAY) == run


def test_an_items_state_is_its_latest_event_and_every_event_is_kept(store):
    for minute, (position, checked) in enumerate([(1, True), (2, True), (1, False), (3, True), (1, True), (2, False)]):
        run = hygiene.record_tick(store, ROOM, "start-of-day", position, checked, NOW + timedelta(minutes=minute))
    assert run.ticked == {1, 3}
    assert [(e.position, e.checked) for e in run.events] == [
        (1, True), (2, True), (1, False), (3, True), (1, True), (2, False)
    ]  # fmt: skip
    assert run.events[-1].at == "2026-12-01T14:22:19+01:00"
    assert len({r.id for r in hygiene.runs_on(store, TODAY)}) == 1  # all in one run


def test_yesterdays_ticks_do_not_come_back_today(store):
    yesterday = NOW - timedelta(days=1)
    old = hygiene.record_tick(store, ROOM, "start-of-day", 1, True, yesterday)
    assert hygiene.current_run(store, ROOM, TODAY) is None  # a new day starts fresh
    new = hygiene.record_tick(store, ROOM, "start-of-day", 5, True, NOW)
    assert new.id != old.id and new.ticked == {5} and new.day == TODAY
    assert [r.ticked for r in hygiene.runs_on(store, yesterday.date().isoformat())] == [{1}]
    assert [r.ticked for r in hygiene.runs_on(store, TODAY)] == [{5}]


def test_every_stage_belongs_to_the_day_it_started_on(store):
    late = datetime(2026, 12, 1, 23, 58, tzinfo=TZ)
    hygiene.record_tick(store, "end-of-day-close-down", "end-of-day", 1, True, late)
    hygiene.record_tick(store, "before-patient-preparation", "before-patient", 1, True, late)
    after_midnight = late + timedelta(minutes=4)
    run = hygiene.record_tick(store, "before-patient-preparation", "before-patient", 2, True, after_midnight)
    assert run.day == "2026-12-02" and run.ticked == {2}
    assert {r.checklist_id for r in hygiene.runs_on(store, "2026-12-01")} == {
        "end-of-day-close-down",
        "before-patient-preparation",
    }


def test_the_day_is_the_local_day_of_the_time_given(store):
    new_york = datetime(2026, 12, 1, 23, 30, tzinfo=TZ).astimezone(timezone(timedelta(hours=-5)))  # 17:30 there
    run = hygiene.record_tick(store, ROOM, "start-of-day", 1, True, new_york)
    assert run.day == "2026-12-01" and run.started_at.endswith("-05:00")


def test_a_new_run_ends_the_open_one_and_the_next_tick_starts_fresh(store):
    first = hygiene.record_tick(store, ROOM, "start-of-day", 1, True, NOW)
    hygiene.start_new_run(store, ROOM, NOW + timedelta(minutes=5))
    assert hygiene.current_run(store, ROOM, TODAY) is None
    second = hygiene.record_tick(store, ROOM, "start-of-day", 2, True, NOW + timedelta(minutes=6))
    assert second.id != first.id and second.ticked == {2}
    runs = hygiene.runs_on(store, TODAY)
    assert [(r.id, r.ended_at, r.ticked) for r in runs] == [
        (first.id, "2026-12-01T14:22:19+01:00", {1}),
        (second.id, None, {2}),
    ]


def test_a_new_run_with_nothing_open_changes_nothing(store):
    hygiene.start_new_run(store, ROOM, NOW)
    assert hygiene.runs_on(store, TODAY) == []


def test_a_new_run_of_one_checklist_leaves_the_others_open(store):
    hygiene.record_tick(store, ROOM, "start-of-day", 1, True, NOW)
    hygiene.record_tick(store, "end-of-day-close-down", "end-of-day", 1, True, NOW)
    hygiene.start_new_run(store, ROOM, NOW)
    assert hygiene.current_run(store, "end-of-day-close-down", TODAY).ticked == {1}


def test_a_tick_is_on_disk_when_record_tick_returns(store):
    hygiene.record_tick(store, ROOM, "start-of-day", 7, True, NOW)
    other = sqlite3.connect(store.path)
    assert other.execute("SELECT position, checked FROM checklist_ticks").fetchall() == [(7, 1)]
    other.close()


@pytest.mark.parametrize("position", [0, -1, 1.0, True, "2"])
def test_a_bad_position_is_refused_before_anything_is_written(store, position):
    with pytest.raises(ValueError, match="position"):
        hygiene.record_tick(store, ROOM, "start-of-day", position, True, NOW)
    assert hygiene.runs_on(store, TODAY) == []


def test_a_time_without_a_zone_is_refused(store):
    with pytest.raises(ValueError, match="aware"):
        hygiene.record_tick(store, ROOM, "start-of-day", 1, True, datetime(2026, 12, 1, 9, 0))
    with pytest.raises(ValueError, match="aware"):
        hygiene.set_needle_tally(store, 1, 1, datetime(2026, 12, 1, 9, 0))


def test_the_needle_tally_is_kept(store):
    assert hygiene.needle_tally(store) == (0, 0)
    hygiene.set_needle_tally(store, 12, 11, NOW)
    assert hygiene.needle_tally(store) == (12, 11)
    assert store.conn.execute("SELECT updated_at FROM needle_tally").fetchone()[0] == "2026-12-01T14:17:19+01:00"


@pytest.mark.parametrize(
    ("needles_in", "needles_out", "error"), [(-1, 0, ValueError), (3, -2, ValueError), (1.5, 1, TypeError)]
)
def test_a_negative_or_fractional_count_is_refused_and_the_tally_kept(store, needles_in, needles_out, error):
    hygiene.set_needle_tally(store, 4, 4, NOW)
    with pytest.raises(error):
        hygiene.set_needle_tally(store, needles_in, needles_out, NOW)
    assert hygiene.needle_tally(store) == (4, 4)


# Carrying the old QSettings state over ---------------------------------------------------------------


def test_the_old_qsettings_ticks_and_counts_are_carried_over_once(store):
    state = json.loads(LEGACY_HYGIENE.read_text(encoding="utf-8"))
    known = known_checklists()
    assert hygiene.import_legacy_hygiene(store, state, known, NOW) == 5
    room = hygiene.current_run(store, ROOM, TODAY)
    assert room.ticked == {1, 2, 3, 11} and room.stage == "start-of-day"
    assert {e.at for e in room.events} == {"2026-12-01T14:17:19+01:00"}
    assert hygiene.current_run(store, "before-patient-preparation", TODAY).stage == "before-patient"
    assert hygiene.needle_tally(store) == (6, 5)
    # The app restarted before it could clear QSettings: nothing is imported twice.
    assert hygiene.import_legacy_hygiene(store, state, known, NOW + timedelta(minutes=1)) == 0
    assert sum(len(r.events) for r in hygiene.runs_on(store, TODAY)) == 5


def test_the_old_state_is_filtered_against_the_reference(store):
    state = {
        "ticks": {ROOM: [1, 99, "5", True, 0, 2], "retired-checklist": [1, 2], "before-patient-preparation": "3"},
        "count_in": -4,
        "count_out": 2,
    }
    assert hygiene.import_legacy_hygiene(store, state, known_checklists(), NOW) == 2
    assert hygiene.current_run(store, ROOM, TODAY).ticked == {1, 2}
    assert [r.checklist_id for r in hygiene.runs_on(store, TODAY)] == [ROOM]
    assert hygiene.needle_tally(store) == (0, 0)  # a negative count is not carried over


@pytest.mark.parametrize("state", [None, "garbage", [], {"ticks": "no"}, {}])
def test_a_malformed_old_state_imports_nothing_and_is_marked_done(store, state):
    assert hygiene.import_legacy_hygiene(store, state, known_checklists(), NOW) == 0
    assert hygiene.import_legacy_hygiene(store, {"ticks": {ROOM: [1]}}, known_checklists(), NOW) == 0


def test_the_import_does_not_overwrite_counts_already_in_the_store(store):
    hygiene.set_needle_tally(store, 2, 1, NOW)
    hygiene.import_legacy_hygiene(store, {"count_in": 6, "count_out": 5}, known_checklists(), NOW)
    assert hygiene.needle_tally(store) == (2, 1)
