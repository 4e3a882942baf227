"""The search popup says when it lists only part of what matched, and the keys stay on the points."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from pointmap.ui.panels.search import CODE_ROLE, SearchField


@pytest.fixture
def field(qtbot, reference):
    window = QWidget()
    qtbot.addWidget(window)
    search = SearchField(reference, window)
    QVBoxLayout(window).addWidget(search, 0, Qt.AlignmentFlag.AlignTop)
    window.resize(700, 600)
    window.show()
    qtbot.waitExposed(window)
    search.setFocus()
    return search


def rows(field) -> list[str]:
    return [field.results.item(r).text() for r in range(field.results.count())]


def matches(index, query: str) -> list[str]:
    """Every point the query finds, asked of the index without a limit that matters."""
    return [hit.code for hit in index.search(query, limit=10_000)]


def test_a_safety_word_says_how_many_more_points_it_concerns(field, index):
    everything = matches(index, "pregnancy")
    assert len(everything) > 40  # the word concerns more points than the popup lists
    QTest.keyClicks(field, "pregnancy")
    shown = rows(field)
    assert len(shown) == 41
    assert shown[-1] == f"… and {len(everything) - 40} more: show them all"
    listed = [field.results.item(r).data(CODE_ROLE) for r in range(40)]
    assert listed == everything[:40]  # the best first, as without the limit
    more = field.results.item(40)
    assert more.data(CODE_ROLE) is None


def test_the_more_row_lists_every_point_a_safety_word_concerns(field, index):
    """'pregnancy' concerns CV8 (the umbilicus), beyond the first 40: the practitioner must reach it."""
    everything = matches(index, "pregnancy")
    assert "CV8" in everything[40:]
    QTest.keyClicks(field, "pregnancy")
    QTest.keyClick(field, Qt.Key.Key_PageDown)
    for _ in range(6):
        QTest.keyClick(field, Qt.Key.Key_PageDown)  # the arrows reach the last row, never past it
    assert field.results.currentItem().text().startswith("… and ")
    QTest.keyClick(field, Qt.Key.Key_Return)
    listed = [field.results.item(r).data(CODE_ROLE) for r in range(field.results.count())]
    assert listed == everything  # every match, in the same order, and no "more" row
    assert field.results.currentRow() == 40  # where the cut was: the first of the rest
    chosen = []
    field.point_chosen.connect(chosen.append)
    field.results.setCurrentRow(listed.index("CV8"))
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert chosen == ["CV8"]


def test_refining_the_search_drops_the_more_row(field, index):
    QTest.keyClicks(field, "pregnancy")
    assert rows(field)[-1].startswith("… and ")
    field.clear()
    QTest.keyClicks(field, "jiache")
    assert len(matches(index, "jiache")) <= 40
    assert rows(field) and not any(text.startswith("… and ") for text in rows(field))
    assert field.current_code() == "ST6"


def test_keys_stop_at_the_more_row_and_up_comes_back_to_the_last_point(qtbot, field, index):
    QTest.keyClicks(field, "pregnancy")
    for _ in range(8):
        QTest.keyClick(field, Qt.Key.Key_PageDown)
    QTest.keyClick(field, Qt.Key.Key_Down)
    assert field.results.currentRow() == 40 and field.current_code() is None  # the "more" row, no further
    QTest.keyClick(field, Qt.Key.Key_Up)
    last = matches(index, "pregnancy")[39]
    assert field.results.currentRow() == 39 and field.current_code() == last
    with qtbot.waitSignal(field.point_chosen) as chosen:
        QTest.keyClick(field, Qt.Key.Key_Return)
    assert chosen.args == [last]


def test_a_click_on_the_more_row_chooses_nothing_and_lists_everything(qtbot, field, index):
    QTest.keyClicks(field, "pregnancy")
    more = field.results.item(field.results.count() - 1)
    field.results.scrollToItem(more)
    spot = field.results.visualItemRect(more).center()
    with qtbot.assertNotEmitted(field.point_chosen):
        QTest.mouseClick(field.results.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    assert field.results.isVisible() and field.current_code() is not None
    assert field.results.count() == len(matches(index, "pregnancy"))


def test_the_popup_stays_under_the_field_when_the_window_grows(field, qtbot):
    """The list follows the window's resizes (the field watches them once the list exists)."""
    QTest.keyClicks(field, "st")
    results = field.results
    assert results.isVisible()
    window = field.window()
    window.resize(1100, 600)  # the field widens with the window: the list must widen too
    qtbot.waitUntil(lambda: results.width() >= 1000)
    assert results.geometry().top() >= field.geometry().bottom()
