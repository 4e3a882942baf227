"""The Hygiene tab on the user database: ticks are recorded as they are made, belong to the day,
survive a crash, show what another PointMap recorded, and the needle count never lies."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from pointmap.core.paths import Config
from pointmap.core.userdata import hygiene
from pointmap.state.operations import hygiene as ops
from pointmap.state.userdata import UserData
from pointmap.ui.main_window import MainWindow
from tests.conftest import answer_next_dialog
from tests.support.userdata_helpers import NOW


@pytest.fixture
def window(qtbot, reference, tmp_path):
    w = MainWindow(reference, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.user.clock = lambda: NOW
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._panels))
    return w


def tick(panel, row: int, on: bool = True) -> None:
    panel.items.item(row).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def test_a_tick_is_in_the_database_before_the_window_closes(window):
    panel = window.checklist_panel
    tick(panel, 0)
    conn = sqlite3.connect(f"file:{window.config.user_db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT r.checklist_id, t.position, t.checked"
            " FROM checklist_ticks t JOIN checklist_runs r ON r.id = t.run_id"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [(panel.current().id, panel.current().items[0].position, 1)]
    assert panel.progress.text().startswith("1 of")
    assert "started 14:17" in panel.run_status.text()


def test_yesterdays_ticks_do_not_come_back_today(window):
    panel = window.checklist_panel
    tick(panel, 0)
    tick(panel, 1)
    window.user.clock = lambda: NOW + timedelta(days=1)
    window.user.look_for_changes()
    assert all(panel.items.item(r).checkState() == Qt.CheckState.Unchecked for r in range(panel.items.count()))
    assert "Not started today" in panel.run_status.text()


def test_start_again_keeps_the_finished_run_in_the_record(window):
    panel = window.checklist_panel
    tick(panel, 0)
    panel.new_run_button.click()
    assert panel.items.item(0).checkState() == Qt.CheckState.Unchecked
    tick(panel, 1)
    runs = hygiene.runs_on(window.user.store, NOW.date().isoformat())
    assert len(runs) == 2 and runs[0].ended_at is not None and runs[1].ticked == {panel.current().items[1].position}


def test_a_tick_made_in_another_pointmap_shows_here(window, reference):
    other = UserData(window.config, clock=lambda: NOW)
    assert other.open()
    try:
        ops.tick(other, window.checklist_panel.current(), window.checklist_panel.current().items[2].position, True)
    finally:
        other.close()
    window.user.look_for_changes()
    assert window.checklist_panel.items.item(2).checkState() == Qt.CheckState.Checked


def test_more_needles_out_than_in_is_never_all_accounted_for(window):
    panel = window.checklist_panel
    panel.count_in.setValue(8)
    panel.count_out.setValue(9)
    assert "accounted for" not in panel.reconcile.text() and "More needles out than in" in panel.reconcile.text()
    assert ops.needle_counts(window.user) == (8, 9)
    panel.count_out.setValue(8)  # all out: closing the window need not ask


def test_the_count_fields_do_not_move_when_the_warning_grows(qtbot, window):
    panel = window.checklist_panel
    window.checklist_dock.raise_()

    def where():
        qtbot.wait(50)  # the layouts settle in the event loop, as on screen
        return [box.mapTo(panel, QPoint(0, 0)) for box in (panel.count_in, panel.count_out)]

    before = where()
    panel.count_in.setValue(12)  # the longest warning
    panel.count_out.setValue(3)
    assert where() == before
    panel.count_out.setValue(12)


def test_a_tick_that_cannot_be_recorded_is_undone_and_said(qtbot, window, monkeypatch):
    from pointmap.core.errors import UserDataEnvironmentError

    def disk_full(*args, **kwargs):
        raise UserDataEnvironmentError("The disk holding your user database is full; nothing was recorded.")

    monkeypatch.setattr(hygiene, "record_tick", disk_full)
    said = []
    answer_next_dialog(qtbot, "OK", said)
    tick(window.checklist_panel, 0)
    assert said and "disk" in said[0]
    assert window.checklist_panel.items.item(0).checkState() == Qt.CheckState.Unchecked


def test_a_damaged_user_database_is_set_aside_and_the_app_carries_on(qtbot, reference, tmp_path):
    config = Config.from_environment(user_dir=tmp_path / "user")
    config.user_dir.mkdir()
    config.user_db.write_bytes(b"this is not a database" * 100)
    w = MainWindow(reference, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), config)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: bool(w._panels))
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(lambda: any(b.objectName() == "pointmapMessage" for b in w.findChildren(QMessageBox)))
    told = next(b for b in w.findChildren(QMessageBox) if b.objectName() == "pointmapMessage")
    assert "kept it as" in told.text() and "nothing was deleted" in told.text()
    told.accept()
    aside = [p for p in config.user_dir.iterdir() if "damaged" in p.name]
    assert aside and aside[0].read_bytes() == b"this is not a database" * 100
    tick(w.checklist_panel, 0)
    assert w.checklist_panel.progress.text().startswith("1 of")


def test_a_user_database_from_a_newer_pointmap_leaves_the_tab_read_only(qtbot, reference, tmp_path):
    from pointmap.core.userdata import APPLICATION_ID

    config = Config.from_environment(user_dir=tmp_path / "user")
    config.user_dir.mkdir()
    conn = sqlite3.connect(config.user_db)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = config.user_db.read_bytes()
    w = MainWindow(reference, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), config)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: bool(w._panels))
    panel = w.checklist_panel
    assert not panel.items.isEnabled() and not panel.count_in.isEnabled()
    assert "newer" in panel.run_status.text()
    w.close()
    assert config.user_db.read_bytes() == before
