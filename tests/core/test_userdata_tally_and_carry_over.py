"""The needle tally and the one-time carry-over of old ticks, in the cases a practitioner meets: none out yet,
a checklist the data no longer has listed first, and ticks already made today before the carry-over."""

from __future__ import annotations

import pytest

from pointmap.core.userdata import hygiene, open_store
from tests.support.userdata_helpers import NOW, known_checklists

ROOM = "start-of-day-room-setup"
PATIENT = "before-patient-preparation"
TODAY = NOW.date().isoformat()


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "userdata.db", tmp_path / "backups", now=NOW)
    yield opened.store
    opened.store.close()


def test_needles_in_with_none_out_yet_is_a_count_to_keep(store):
    hygiene.set_needle_tally(store, 6, 0, NOW)
    assert hygiene.needle_tally(store) == (6, 0)
    hygiene.set_needle_tally(store, 0, 0, NOW)  # a new patient: both counts back to zero
    assert hygiene.needle_tally(store) == (0, 0)


def test_old_counts_with_none_out_yet_are_carried_over(store):
    hygiene.import_legacy_hygiene(store, {"count_in": 4, "count_out": 0}, known_checklists(), NOW)
    assert hygiene.needle_tally(store) == (4, 0)


def test_a_tally_in_the_store_with_none_out_yet_is_not_overwritten(store):
    hygiene.set_needle_tally(store, 3, 0, NOW)
    hygiene.import_legacy_hygiene(store, {"count_in": 6, "count_out": 6}, known_checklists(), NOW)
    assert hygiene.needle_tally(store) == (3, 0)


def test_a_retired_or_empty_checklist_listed_first_does_not_stop_the_others(store):
    ticks = {"retired-checklist": [1, 2], ROOM: [99], PATIENT: [1, 2]}  # in this order, as JSON keeps it
    assert hygiene.import_legacy_hygiene(store, {"ticks": ticks}, known_checklists(), NOW) == 2
    assert hygiene.current_run(store, PATIENT, TODAY).ticked == {1, 2}
    assert hygiene.current_run(store, ROOM, TODAY) is None


def test_old_ticks_join_the_run_already_open_today(store):
    hygiene.record_tick(store, ROOM, "start-of-day", 4, True, NOW)
    assert hygiene.import_legacy_hygiene(store, {"ticks": {ROOM: [1, 2]}}, known_checklists(), NOW) == 2
    runs = [r for r in hygiene.runs_on(store, TODAY) if r.checklist_id == ROOM]
    assert len(runs) == 1 and runs[0].ticked == {1, 2, 4}
    assert hygiene.current_run(store, ROOM, TODAY).ticked == {1, 2, 4}
