"""Operations on past records: they read through the open store, and every change (the retention
setting, a delete, an amendment) is announced so the history and the session views refresh."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pointmap.core.errors import SessionError, UserDataError
from pointmap.core.paths import Config
from pointmap.state.operations import records as ops
from pointmap.state.operations import sessions as session_ops
from pointmap.state.userdata import UserData
from tests.support.session_history import full_session
from tests.support.userdata_helpers import NOW


@pytest.fixture
def user(qapp, tmp_path):
    data = UserData(Config.from_environment(user_dir=tmp_path), clock=lambda: NOW)
    assert data.open()
    yield data
    data.close()


@pytest.fixture
def heard(user):
    seen: list = []
    user.changed.connect(seen.append)
    return seen


def test_a_record_and_its_course_are_read_through_the_open_store(user, reference):
    first = full_session(user.store, NOW - timedelta(days=20))
    second = full_session(user.store, NOW - timedelta(days=2))
    assert [x.id for x in ops.lines(user)] == [second, first]
    assert ops.record(user, reference, first).course == "1 of 10"
    assert [x.number for x in ops.course(user, "C-104")] == [1, 2]
    assert len(ops.adverse_log(user, "C-104")) == 2


def test_without_records_open_nothing_is_listed_and_a_read_says_why(qapp, tmp_path, reference):
    user = UserData(Config.from_environment(user_dir=tmp_path))
    assert ops.lines(user) == [] and ops.past_retention(user) == [] and ops.due_reminder(user) == []
    with pytest.raises(UserDataError, match="not open yet"):
        ops.record(user, reference, 1)


def test_the_retention_setting_is_kept_and_announced(user, heard):
    assert ops.retention_years(user) == 7
    ops.set_retention_years(user, 10)
    assert ops.retention_years(user) == 10 and heard[-1].touches("preferences")
    with pytest.raises(SessionError):
        ops.set_retention_years(user, 0)


def test_the_reminder_is_due_once_a_day(user):
    full_session(user.store, NOW - timedelta(days=365 * 8), client="GONE")
    assert [x.client_ref for x in ops.due_reminder(user)] == ["GONE"]
    ops.reminded(user)
    assert ops.due_reminder(user) == []
    assert [x.client_ref for x in ops.past_retention(user)] == ["GONE"]  # still listed in the history


def test_a_delete_is_announced_and_leaves_a_backup(user, heard):
    gone = full_session(user.store, NOW - timedelta(days=365 * 8), client="GONE")
    done = ops.delete_past_retention(user, [gone])
    assert done.count == 1 and done.backup.parent == user.config.backups_dir and done.backup.is_file()
    assert heard[-1].touches("sessions") and ops.lines(user) == []


def test_an_amendment_to_a_closed_record_is_a_new_row_and_is_announced(user, heard, reference):
    sid = full_session(user.store, NOW - timedelta(days=2))
    session_ops.amend(user, sid, "Bruise gone")
    assert heard[-1].touches("session_amendments")
    assert [text for _at, text in ops.record(user, reference, sid).session.amendments][-1] == "Bruise gone"
    assert ops.lines(user)[0].amendments == 2
