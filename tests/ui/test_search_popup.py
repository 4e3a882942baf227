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
    assert shown[-1] == f"… and {len(everything) - 40} more: refine the search"
    listed = [field.results.item(r).data(CODE_ROLE) for r in range(40)]
    assert listed == everything[:40]  # the best first, as without the limit
    more = field.results.item(40)
    assert more.data(CODE_ROLE) is None
    assert not more.flags() & (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)


def test_refining_the_search_drops_the_more_row(field, index):
    QTest.keyClicks(field, "pregnancy")
    assert rows(field)[-1].startswith("… and ")
    field.clear()
    QTest.keyClicks(field, "jiache")
    assert len(matches(index, "jiache")) <= 40
    assert rows(field) and not any(text.startswith("… and ") for text in rows(field))
    assert field.current_code() == "ST6"


def test_keys_stay_on_the_points_and_enter_chooses_the_last_one(qtbot, field, index):
    QTest.keyClicks(field, "pregnancy")
    for _ in range(8):
        QTest.keyClick(field, Qt.Key.Key_PageDown)
    QTest.keyClick(field, Qt.Key.Key_Down)
    last = matches(index, "pregnancy")[39]
    assert field.results.currentRow() == 39 and field.current_code() == last
    with qtbot.waitSignal(field.point_chosen) as chosen:
        QTest.keyClick(field, Qt.Key.Key_Return)
    assert chosen.args == [last]


def test_a_click_on_the_more_row_chooses_nothing(qtbot, field):
    QTest.keyClicks(field, "pregnancy")
    more = field.results.item(field.results.count() - 1)
    field.results.scrollToItem(more)
    spot = field.results.visualItemRect(more).center()
    with qtbot.assertNotEmitted(field.point_chosen):
        QTest.mouseClick(field.results.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    assert field.results.isVisible() and field.current_code() is not None
