"""The History window: past sessions listed and filtered as you type, a record opened read-only
with its needle map on scenes of its own, a client's course and bruise log, an amendment added to a
closed record, exports as PDF and CSV that never leave a partial file, and the retention reminder."""

from __future__ import annotations

import csv
import errno
import io
import os
import stat
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from pointmap.core.paths import Config
from pointmap.core.records import load
from pointmap.core.sessions import Site
from pointmap.core.userdata import history, open_store
from pointmap.core.userdata import sessions as rec
from pointmap.ui.history.dialogs import AmendDialog
from pointmap.ui.history.needle_map import RecordScene
from pointmap.ui.main_window import MainWindow
from tests.conftest import act_on_next_dialog, answer_next_dialog
from tests.support.session_history import full_session, generate

NOW = datetime.now().astimezone().replace(microsecond=0)


def prepare(sessions: int = 0, *, old_client: bool = False) -> dict:
    """The user database the window will open: ``sessions`` generated ones, a full session of C-104,
    an incident of C-205, and (``old_client``) a client last seen nine years ago."""
    config = Config.from_environment()
    store = open_store(config.user_db, config.backups_dir, now=NOW).store
    ids = {}
    if sessions:
        generate(store, sessions, NOW - timedelta(days=3))
    ids["full"] = full_session(store, NOW - timedelta(days=1, hours=2))
    lost = rec.start(store, "C-205", NOW - timedelta(hours=5))
    rec.mark_in(store, lost.id, Site("ST6", "right"), "face", NOW - timedelta(hours=5))
    rec.mark_in(store, lost.id, Site("ST4", "right"), "face", NOW - timedelta(hours=5))
    rec.all_out(store, lost.id, 1, NOW - timedelta(hours=4, minutes=30))
    rec.close_with_incident(
        store,
        lost.id,
        NOW - timedelta(hours=4),
        kind="needle-unaccounted",
        what="One needle not found",
        where_found="floor",
        discovered_at=NOW - timedelta(hours=4, minutes=29),
        action_taken="client told",
    )
    ids["incident"] = lost.id
    if old_client:
        ids["old"] = full_session(store, NOW - timedelta(days=365 * 9), client="GONE")
    store.close()
    return ids


@pytest.fixture
def opened():
    windows: list = []
    yield windows
    for w in windows:
        if w._panels:
            w.session_mode.may_close_app = lambda: True
            w.checklist_panel.may_close = lambda: True
            if w.records.history is not None:
                w.records.history.close()
        w.close()
        w.deleteLater()


def open_window(qtbot, reference, tmp_path, opened):
    w = MainWindow(reference, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    opened.append(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._panels))
    return w


def open_history(qtbot, window):
    window.records.action.trigger()
    history_window = window.records.history
    qtbot.waitExposed(history_window)
    return history_window


def test_session_history_is_in_the_session_menu_with_ctrl_h(qtbot, reference, tmp_path, opened):
    prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    action = window.records.action
    assert action in window.session_menu.actions()
    assert action.shortcut() == QKeySequence("Ctrl+H")
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.records.history is not None and window.records.history.isVisible())


def test_the_history_lists_newest_first_and_filters_as_you_type(qtbot, reference, tmp_path, opened):
    ids = prepare(400)
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    model = h.model
    assert model.rowCount() == 402 and "402 sessions, newest first" in h.count.text()
    started = [model.line(r).started_at for r in range(model.rowCount())]
    assert started == sorted(started, reverse=True)
    assert model.line(0).id == ids["incident"]
    QTest.keyClicks(h.client, "c-01")
    assert 0 < model.rowCount() < 402
    assert all("c-01" in model.line(r).client_ref.lower() for r in range(model.rowCount()))
    assert "of 402 sessions match" in h.count.text()
    h.client.clear()
    h.outcome.setCurrentIndex(h.outcome.findData("incident"))
    assert {model.line(r).state for r in range(model.rowCount())} == {"incident"}
    assert ids["incident"] in [model.line(r).id for r in range(model.rowCount())]
    h.outcome.setCurrentIndex(0)
    h.adverse.setChecked(True)
    assert model.rowCount() and all(model.line(r).adverse for r in range(model.rowCount()))
    h.adverse.setChecked(False)
    day = (NOW - timedelta(days=1, hours=2)).date()
    h.since.setDate(QDate(day.year, day.month, day.day))
    h.until.setDate(QDate(day.year, day.month, day.day))
    assert ids["full"] in [model.line(r).id for r in range(model.rowCount())]
    assert all(model.line(r).day == day.isoformat() for r in range(model.rowCount()))
    assert h.until.maximumDate() == QDate(NOW.year, NOW.month, NOW.day)  # no day after today can be chosen
    h.clear_button.click()
    assert model.rowCount() == 402


def test_a_session_opens_read_only_with_its_needle_map_on_scenes_of_its_own(qtbot, reference, tmp_path, opened):
    ids = prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.open_session(ids["full"])
    panel = h.panel
    assert panel.text.isReadOnly() and "Client C-104 · session 1 of 10" in panel.heading.text()
    shown = panel.text.toPlainText()
    assert "notes: <b>small</b>" in shown and "Relaxed. <i>Markup</i> stays text." in shown  # as typed, as text
    assert "LI20 (right): in" in shown and "mark undone" in shown
    needle_map = panel.map
    assert [needle_map.chooser.itemData(i) for i in range(needle_map.chooser.count())] == ["face", "abdomen"]
    scene = needle_map.current_scene()
    assert isinstance(scene, RecordScene) and scene not in window.scenes.made()
    assert {(s.point_code, s.side): (i.count, i.left_in) for s, i in scene.recorded.items()} == {
        ("ST6", "right"): (1, 0),
        ("ST6", "left"): (1, 0),
    }  # LI20's mark was undone: not drawn
    needle_map.chooser.setCurrentIndex(1)
    assert [s.point_code for s in needle_map.current_scene().recorded] == ["CV12"]
    assert not any(s.needles for s in window.scenes.made())  # the live diagram shows no past needles
    before = history.lines(window.user.store)
    item = next(iter(needle_map.current_scene().recorded.values()))
    needle_map.view.centerOn(item)
    QTest.mouseClick(
        needle_map.view.viewport(), Qt.MouseButton.LeftButton, pos=needle_map.view.mapFromScene(item.pos())
    )
    assert history.lines(window.user.store) == before and window.session_mode.session is None  # nothing recorded


def test_an_incident_map_rings_the_needle_never_marked_out(qtbot, reference, tmp_path, opened):
    ids = prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.open_session(ids["incident"])
    recorded = h.panel.map.current_scene().recorded
    assert {(s.point_code, i.left_in) for s, i in recorded.items()} == {("ST6", 1), ("ST4", 1)}
    assert "A red ring: 2 needles never marked out" in h.panel.map.note.text()


def test_a_live_session_keeps_its_needles_while_a_past_record_is_shown(qtbot, reference, tmp_path, opened):
    from pointmap.state.operations import sessions as ops

    ids = prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    live = ops.start(window.user, "C-900")
    ops.mark_in(window.user, live.id, Site("GB14", "left"), "face")
    h = open_history(qtbot, window)
    h.open_session(ids["full"])
    live_scene = window.scenes.get("face")
    assert {(s.point_code, s.side) for s in live_scene.needles} == {("GB14", "left")}
    assert window.session_mode.session.tally().in_place == 1
    h.close()
    assert {(s.point_code, s.side) for s in live_scene.needles} == {("GB14", "left")}


def test_a_clients_course_and_bruise_log(qtbot, reference, tmp_path, opened):
    ids = prepare()
    config = Config.from_environment()
    store = open_store(config.user_db, config.backups_dir, now=NOW).store
    second = full_session(store, NOW - timedelta(hours=10))
    store.close()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.open_session(second)
    panel = h.panel
    assert panel.course.rowCount() == 2 and panel.tabs.tabText(1) == "Client's course (2)"
    assert [panel.course.item(r, 0).text() for r in range(2)] == ["1 of 10", "2 of 10"]
    assert panel.bruises.rowCount() == 2 and panel.bruises.item(0, 2).text() == "bruising"
    assert panel.bruises.item(0, 5).text() == "<b>small</b>"
    panel.course.itemActivated.emit(panel.course.item(0, 0))
    assert h.record.session.id == ids["full"]


def test_an_amendment_is_added_to_a_closed_record_from_the_history(qtbot, reference, tmp_path, opened):
    ids = prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.open_session(ids["incident"])
    before = load(window.user.store, reference, ids["incident"]).session

    def write(dialog):
        dialog.text.setPlainText("Needle found in the <b>pillow</b> cover next morning.")
        dialog.accept()

    act_on_next_dialog(qtbot, write, AmendDialog)
    h.panel.amend_button.click()
    after = load(window.user.store, reference, ids["incident"]).session
    assert after.amendments[-1][1] == "Needle found in the <b>pillow</b> cover next morning."
    assert (after.closed_at, after.outcome, after.needles, after.incidents) == (
        before.closed_at,
        before.outcome,
        before.needles,
        before.incidents,
    )
    assert "Needle found in the <b>pillow</b> cover" in h.panel.text.toPlainText()
    assert "(amended)" in h.model.data(h.model.index(h.model.row_of(ids["incident"]), 4))


def test_an_adverse_event_noticed_later_joins_the_bruise_log(qtbot, reference, tmp_path, opened):
    from pointmap.ui.dialogs.session import AdverseEventDialog

    ids = prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.open_session(ids["incident"])

    def record(dialog):
        dialog.site.setCurrentIndex(dialog.site.findData("ST4 (right)"))
        dialog.action.setPlainText("advised arnica")
        dialog.accept()

    act_on_next_dialog(qtbot, record, AdverseEventDialog)
    h.panel.adverse_button.click()
    (event,) = load(window.user.store, reference, ids["incident"]).session.adverse_events
    assert (event.kind, event.point_code, event.side) == ("bruising", "ST4", "right")
    assert h.panel.bruises.rowCount() == 1


def choose_file(monkeypatch, path):
    from pointmap.ui.history import window as module

    monkeypatch.setattr(module.QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))


def test_a_clients_course_exports_as_a_pdf_record_without_links(qtbot, reference, tmp_path, opened, monkeypatch):
    ids = prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.open_session(ids["full"])
    target = tmp_path / "out" / "course.pdf"
    target.parent.mkdir()
    choose_file(monkeypatch, target)
    h.export_pdf("course")
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and b"/URI" not in data and b"/Link" not in data  # no link anywhere
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page\n") >= 2
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["course.pdf"]


def test_the_pdf_sets_every_word_as_text_in_10_point(qapp, reference, tmp_path):
    from PySide6.QtGui import QPdfWriter

    from pointmap.ui.export.records import DPI, TEXT_PT, record_document

    prepare()
    config = Config.from_environment()
    store = open_store(config.user_db, config.backups_dir).store
    record = load(store, reference, history.lines(store)[-1].id)
    store.close()
    writer = QPdfWriter(str(tmp_path / "x.pdf"))
    writer.setResolution(DPI)
    document = record_document(record, writer, 2000)
    words = document.toPlainText()
    assert "notes: <b>small</b>" in words and "https://example.com is not a link." in words
    html = document.toHtml()
    assert "&lt;b&gt;small&lt;/b&gt;" in html and "<a " not in html
    block = document.findBlock(document.toPlainText().index("Outcome"))
    line_height = block.layout().lineAt(0).height()
    assert 10 <= line_height * 72 / DPI <= 14  # a 10 pt line, measured on the PDF's own resolution
    assert block.charFormat().font().pointSizeF() == TEXT_PT


def test_a_failed_export_leaves_no_file_and_says_why(qtbot, reference, tmp_path, opened, monkeypatch):
    ids = prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.open_session(ids["full"])
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "record.csv"
    choose_file(monkeypatch, target)

    def full_disk(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pointmap.core.fileio.os.replace", full_disk)
    said: list = []
    answer_next_dialog(qtbot, "OK", said)
    h.export_csv("session")
    assert said and "the disk is full" in said[0] and "Nothing was changed" in said[0]
    assert list(folder.iterdir()) == []  # no partial file, no temporary file
    choose_file(monkeypatch, tmp_path / "missing" / "record.pdf")
    answer_next_dialog(qtbot, "OK", said)
    h.export_pdf("session")
    assert "the folder does not exist" in said[-1] and not (tmp_path / "missing").exists()


def test_the_sessions_listed_export_as_csv_one_row_per_needle_event(qtbot, reference, tmp_path, opened, monkeypatch):
    ids = prepare(60)
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    QTest.keyClicks(h.client, "C-2")  # C-205 and the generated C-2xxx
    listed = {h.model.line(r).id for r in range(h.model.rowCount())}
    assert ids["incident"] in listed
    target = tmp_path / "listed.csv"
    choose_file(monkeypatch, target)
    h.export_csv("listed")
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
    assert {int(r["session_id"]) for r in rows} == listed
    assert [r["event"] for r in rows if int(r["session_id"]) == ids["incident"]] == ["in", "in", "count"]


def test_records_past_retention_are_reminded_once_a_day_and_deleted_only_when_asked(qtbot, reference, tmp_path, opened):
    ids = prepare(old_client=True)
    window = open_window(qtbot, reference, tmp_path, opened)
    qtbot.waitUntil(lambda: window.records.reminder is not None, timeout=5000)
    box = window.records.reminder
    assert "1 treatment record of 1 client is past the 7 years" in box.text() and "Nothing is deleted" in box.text()
    assert history.lines(window.user.store)[-1].id == ids["old"]  # still there
    assert window.records.remind() is None  # once a day
    show = next(b for b in box.buttons() if b.text() == "Show them")
    show.click()
    h = window.records.history
    qtbot.waitExposed(h)
    assert h.show_past.isChecked() and h.model.rowCount() == 1 and h.chosen_ids() == [ids["old"]]
    assert h.delete_button.isEnabled()
    answer_next_dialog(qtbot, "Cancel")
    h.delete_button.click()
    assert ids["old"] in [x.id for x in history.lines(window.user.store)]
    h.table.selectAll()
    asked: list = []
    answer_next_dialog(qtbot, "Delete 1 record", asked)
    h.delete_button.click()
    assert asked and "A copy of your whole database is written to the backups folder first" in asked[0]
    assert ids["old"] not in [x.id for x in history.lines(window.user.store)]
    assert any(p.name.startswith("userdata.before-delete-") for p in window.config.backups_dir.iterdir())
    assert "No record is past it" in h.past_label.text()


def test_a_recent_record_cannot_be_deleted(qtbot, reference, tmp_path, opened):
    ids = prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.open_session(ids["full"])
    assert not h.delete_button.isEnabled()
    h.delete_chosen()  # even when called: nothing asked, nothing deleted
    assert ids["full"] in [x.id for x in history.lines(window.user.store)]


def test_the_retention_setting_is_kept_in_the_user_database(qtbot, reference, tmp_path, opened):
    prepare(old_client=True)
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    assert h.years.value() == 7 and "1 record past it" in h.past_label.text()
    h.years.setValue(10)
    h.years.editingFinished.emit()
    from pointmap.core.userdata import retention

    assert retention.years(window.user.store) == 10 and "No record is past it" in h.past_label.text()
    assert "local rules" in h.years.toolTip()


def test_the_history_window_remembers_its_size(qtbot, reference, tmp_path, opened):
    prepare()
    window = open_window(qtbot, reference, tmp_path, opened)
    h = open_history(qtbot, window)
    h.resize(1000, 700)
    size = h.size()
    assert (size.width(), size.height()) != (1360, 820)  # not the size a new History window takes
    h.close()
    window.records.history = None
    h.deleteLater()
    again = open_history(qtbot, window)
    assert again.size() == size


def test_the_model_filters_to_exactly_the_sessions_that_match(qapp, tmp_path):
    from pointmap.ui.history.model import Filter, HistoryModel

    store = open_store(tmp_path / "u.db", tmp_path / "b", now=NOW).store
    generate(store, 500, NOW - timedelta(days=1), clients=60)
    lines = history.lines(store)
    store.close()
    model = HistoryModel()
    model.set_lines(lines)
    day = lines[250].day
    steps = ["c", "c-", "c-00", "c-003", "c-0031", "c-003", "", "C-01", "c-01 ", "0", "05", "x"]
    for text in steps:
        for extra in ({}, {"outcome": "incident"}, {"adverse": True}, {"since": day}, {"until": day}):
            wanted = Filter(text=text, **extra)
            model.set_filter(wanted)
            expected = [
                x.id
                for x in lines
                if text.strip().casefold() in x.client_ref.casefold()
                and (not wanted.outcome or x.state == wanted.outcome)
                and (not wanted.adverse or x.adverse)
                and (not wanted.since or x.day >= wanted.since)
                and (not wanted.until or x.day <= wanted.until)
            ]
            assert [model.line(r).id for r in range(model.rowCount())] == expected, (text, extra)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    model.set_filter(Filter(text="c-00"))
    refs = [model.line(r).client_ref for r in range(model.rowCount())]
    assert refs == sorted(refs) and all("c-00" in r.lower() for r in refs)


def test_a_pdf_page_never_ends_with_a_heading(qapp, reference, tmp_path):
    from PySide6.QtGui import QPdfWriter

    from pointmap.ui.export.records import DPI, HEADING, _slices, record_document

    store = open_store(tmp_path / "u.db", tmp_path / "b", now=NOW).store
    sid = full_session(store, NOW - timedelta(days=2))
    record = load(store, reference, sid)
    store.close()
    writer = QPdfWriter(str(tmp_path / "x.pdf"))
    writer.setResolution(DPI)
    document = record_document(record, writer, 2000)
    layout = document.documentLayout()
    heading_bottoms = []
    block = document.begin()
    while block.isValid():
        if block.userState() == HEADING:
            heading_bottoms.append(layout.blockBoundingRect(block).bottom())
        block = block.next()
    assert len(heading_bottoms) >= 6
    line = document.begin().layout().lineAt(0).height()
    for lines_per_page in range(4, 30):
        cuts = _slices(document, line * lines_per_page, line * lines_per_page)
        assert cuts[-1][1] == pytest.approx(document.size().height())
        for _top, end in cuts[:-1]:
            assert all(abs(end - bottom) > 1 for bottom in heading_bottoms), lines_per_page
