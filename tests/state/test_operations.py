"""The operations layer without a window: each intent writes once, is on disk when it returns,
and tells the views what changed; another PointMap's writes and a new day are noticed."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings

from pointmap.core.errors import UserDataError
from pointmap.core.paths import Config
from pointmap.core.userdata import APPLICATION_ID, hygiene
from pointmap.state.legacy import LEGACY_KEY, carry_over_hygiene
from pointmap.state.operations import hygiene as ops
from pointmap.state.userdata import UserData
from tests.support.userdata_helpers import LEGACY_HYGIENE, NOW


@pytest.fixture
def config(tmp_path):
    return Config.from_environment(user_dir=tmp_path)


@pytest.fixture
def clock():
    class Clock:
        now = NOW

        def __call__(self):
            return self.now

    return Clock()


@pytest.fixture
def user(qapp, config, clock):
    data = UserData(config, clock=clock)
    assert data.open()
    yield data
    data.close()


def checklist(reference, checklist_id="before-patient-hands"):
    found = {c.id: c for c in reference.checklists}
    return found.get(checklist_id) or reference.checklists[0]


def ticks_on_disk(config) -> list[tuple]:
    """Read the file as another program would, through its own connection."""
    conn = sqlite3.connect(f"file:{config.user_db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT position, checked FROM checklist_ticks ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_tick_is_on_disk_when_the_operation_returns(user, config, reference):
    changes = []
    user.changed.connect(changes.append)
    ops.tick(user, checklist(reference), 1, True)
    assert ticks_on_disk(config) == [(1, 1)]
    assert changes and changes[-1].touches("checklist_ticks") and not changes[-1].touches("needle_tally")


def test_unticking_is_recorded_too_and_the_run_shows_the_latest_state(user, reference):
    c = checklist(reference)
    ops.tick(user, c, 1, True)
    ops.tick(user, c, 2, True)
    run = ops.tick(user, c, 1, False)
    assert run.ticked == {2} and len(run.events) == 3


def test_a_new_day_starts_with_fresh_runs_and_is_announced(user, clock, reference):
    c = checklist(reference)
    ops.tick(user, c, 1, True)
    changes = []
    user.changed.connect(changes.append)
    clock.now = NOW + timedelta(days=1)
    assert user.look_for_changes()
    assert changes and changes[-1].external
    assert ops.current_run(user, c) is None
    assert len(hygiene.runs_on(user.store, NOW.date().isoformat())) == 1  # yesterday's is kept


def test_starting_again_keeps_the_old_run_in_the_record(user, reference):
    c = checklist(reference)
    ops.tick(user, c, 1, True)
    ops.start_new_run(user, c)
    assert ops.current_run(user, c) is None
    ops.tick(user, c, 2, True)
    runs = hygiene.runs_on(user.store, NOW.date().isoformat())
    assert [r.ticked for r in runs] == [{1}, {2}] and runs[0].ended_at is not None


def test_another_pointmap_on_the_same_file_is_noticed(qapp, user, config, clock, reference):
    other = UserData(config, clock=clock)
    assert other.open()
    try:
        assert not user.look_for_changes()
        ops.tick(other, checklist(reference), 3, True)
        assert user.look_for_changes()
        assert ops.current_run(user, checklist(reference)).ticked == {3}
    finally:
        other.close()


def test_needle_counts_are_kept_and_never_negative(user):
    ops.set_needle_counts(user, 12, 11)
    assert ops.needle_counts(user) == (12, 11)
    with pytest.raises(ValueError):
        ops.set_needle_counts(user, -1, 0)
    assert ops.needle_counts(user) == (12, 11)


def test_without_a_database_nothing_pretends_to_be_recorded(qapp, config, reference):
    closed = UserData(config)
    with pytest.raises(UserDataError):
        ops.tick(closed, checklist(reference), 1, True)
    assert ops.current_run(closed, checklist(reference)) is None


def test_a_database_from_a_newer_pointmap_is_refused_and_untouched(qapp, config, tmp_path):
    config.user_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(config.user_db)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE future (x)")
    conn.commit()
    conn.close()
    before = config.user_db.read_bytes()
    data = UserData(config)
    problems = []
    data.problem.connect(problems.append)
    assert not data.open()
    assert problems and "newer" in problems[0] and data.unavailable == problems[0]
    assert config.user_db.read_bytes() == before


def test_the_old_settings_ticks_are_carried_over_once_then_removed(user, reference, tmp_path):
    settings = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    settings.setValue(LEGACY_KEY, LEGACY_HYGIENE.read_text())
    imported = carry_over_hygiene(settings, user, reference)
    assert imported > 0
    assert not settings.contains(LEGACY_KEY)
    assert carry_over_hygiene(settings, user, reference) == 0


@pytest.mark.parametrize(
    "garbage", ["not json", "[" * 100_000, '{"count_in": 2147483648, "ticks": 5}', "x" * 2_000_000]
)
def test_garbage_in_the_old_settings_is_dropped_not_fatal(user, reference, tmp_path, garbage):
    settings = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    settings.setValue(LEGACY_KEY, garbage)
    assert carry_over_hygiene(settings, user, reference) == 0
    assert not settings.contains(LEGACY_KEY)
    ops.set_needle_counts(user, 1, 1)  # the store still works
    assert ops.needle_counts(user) == (1, 1)
