"""Text from the data and from the person is shown as text, never as HTML, and no link opens from it.

The window is opened on a copy of points.db whose every prose value begins with markup (a link to
a local file, bold, an image, an entity; see tests/support/markup.py), and every surface is
walked: titles, labels, buttons, tooltips, status tips, status messages, list and combo box rows,
text panels, diagram items, message boxes, the handout and its PDF. A surface passes when each
piece of markup it was given is what a person sees, character for character, and nothing from
the data became a link or an image.
"""

from __future__ import annotations

import os
import re
import sqlite3

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QInputMethodEvent, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGroupBox,
    QLabel,
    QMessageBox,
    QStatusBar,
    QTabBar,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from pointmap.core.paths import Config
from pointmap.core.reference import Reference
from pointmap.ui import messages
from pointmap.ui.diagram.items import PointItem
from pointmap.ui.main_window import MainWindow
from pointmap.ui.richtext import plain_tooltip
from tests.conftest import DB
from tests.support.markup import (
    FINGERPRINT,
    MARKUP,
    data_links_in,
    links_and_images,
    literal_problem,
    markup_copy,
    shown,
    shown_mnemonic,
)

PLAIN = Qt.TextFormat.PlainText


@pytest.fixture(scope="module")
def marked_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("marked") / "points.db"
    marked = markup_copy(DB, path)
    # The columns a person reads most must be among those marked.
    for table, column in (
        ("points", "pinyin"),
        ("points", "cautions"),
        ("meridians", "notes"),
        ("diagrams", "title"),
        ("landmarks", "label"),
        ("checklist_items", "reason"),
        ("protocol_points", "note"),
        ("sources", "title"),
    ):
        assert column in marked[table]
    return path


@pytest.fixture(scope="module")
def marked_reference(marked_db):
    return Reference.load(marked_db)


@pytest.fixture
def marked_window(qtbot, tmp_path, marked_db, marked_reference):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(marked_reference, settings, Config.from_environment(reference_db=marked_db))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(window._panels))
    qtbot.waitUntil(lambda: window.user.is_open)
    return window


def type_into(field, text: str) -> None:
    """Type as a person would: keys for ASCII, an input method's commit for other scripts."""
    if text.isascii():
        QTest.keyClicks(field, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(field, event)


class Walk:
    """Collects what each surface was given and what it shows; ``carried`` names the kinds of
    surface that were given data markup, ``problems`` those that did not show it literally."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.carried: set[str] = set()

    def text(self, kind: str, where: str, raw: str, fmt=None) -> None:
        """A string shown with text format ``fmt`` (None: Qt guesses, as for tooltips)."""
        if not raw:
            return
        seen, links = shown(raw, fmt)
        self._record(kind, where, raw, seen, links)

    def mnemonic(self, kind: str, where: str, raw: str) -> None:
        if raw:
            self._record(kind, where, raw, shown_mnemonic(raw), [])

    def document(self, kind: str, where: str, source: str, widget: QTextEdit) -> None:
        """A text panel that was given ``source`` as HTML."""
        if isinstance(widget, QTextBrowser) and (widget.openLinks() or widget.openExternalLinks()):
            self.problems.append(f"{where}: a link in it would open")
        self._record(kind, where, source, widget.toPlainText(), links_and_images(widget.document()))

    def _record(self, kind: str, where: str, raw: str, seen: str, links: list[str]) -> None:
        if FINGERPRINT in raw:
            self.carried.add(kind)
        problem = literal_problem(where, raw, seen, links)
        if problem:
            self.problems.append(problem)

    # -- whole objects -------------------------------------------------------------------------

    def widget(self, w: QWidget) -> None:
        name = f"{type(w).__name__} {w.objectName() or w.accessibleName()!r}"
        self.text("tooltip", f"{name} tooltip", w.toolTip())
        self.text("whats this", f"{name} what's this", w.whatsThis())
        self.text("status tip", f"{name} status tip", w.statusTip(), PLAIN)
        if w.isWindow() or isinstance(w, QDockWidget):
            self.text("window title", f"{name} title", w.windowTitle().replace("[*]", ""), PLAIN)
        if isinstance(w, QLabel):
            self.text("label", f"{name} text", w.text(), w.textFormat())
        if isinstance(w, QAbstractButton):
            self.mnemonic("button", f"{name} text", w.text())
        if isinstance(w, QGroupBox):
            self.mnemonic("group box", f"{name} title", w.title())
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                self.mnemonic("tab", f"{name} tab {i}", w.tabText(i))
                self.text("tooltip", f"{name} tab {i} tooltip", w.tabToolTip(i))
        if isinstance(w, QStatusBar):
            self.text("status message", "status bar message", w.currentMessage(), PLAIN)
        if isinstance(w, QComboBox):
            self.rows("combo box row", name, w.model())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            self.rows("list row", name, w.model())
        if isinstance(w, QTextEdit):
            links = data_links_in(links_and_images(w.document()))
            if links:
                self.problems.append(f"{name}: links or images from the data: {links}")

    def rows(self, kind: str, name: str, model) -> None:
        for row in range(model.rowCount()):  # lists and combo boxes: one column
            index = model.index(row, 0)
            # Item views draw the display role as plain text; tooltips are guessed.
            self.text(kind, f"{name} row {row}", str(index.data(Qt.ItemDataRole.DisplayRole) or ""), PLAIN)
            self.text(f"{kind} tooltip", f"{name} row {row} tooltip", index.data(Qt.ItemDataRole.ToolTipRole))

    def action(self, a: QAction) -> None:
        name = f"action {a.text()!r}"
        self.mnemonic("action text", name, a.text())
        self.text("action tooltip", f"{name} tooltip", a.toolTip())
        self.text("action status tip", f"{name} status tip", a.statusTip(), PLAIN)
        self.text("whats this", f"{name} what's this", a.whatsThis())

    def scene(self, scene) -> None:
        for item in scene.items():
            where = f"{type(item).__name__} on {scene.diagram.id}"
            self.text("diagram item tooltip", f"{where} tooltip", item.toolTip())
            if isinstance(item, QGraphicsSimpleTextItem):
                self.text("diagram text", f"{where} text", item.text(), PLAIN)
            if isinstance(item, QGraphicsTextItem):
                self.text("diagram text", f"{where} text", item.toHtml())

    def window(self, window: MainWindow) -> None:
        for w in [window, *window.findChildren(QWidget)]:
            self.widget(w)
        for a in window.findChildren(QAction):
            self.action(a)
        for menu_action in window.menuBar().actions():
            self.action(menu_action)
            for a in menu_action.menu().actions():
                self.action(a)


def test_every_surface_of_the_window_shows_data_markup_literally(qtbot, marked_window):
    window = marked_window
    ref = window.reference
    walk = Walk()

    # Every diagram: the window title, the status bar, the toolbar, the items on the diagram.
    for diagram_id in ref.diagrams:
        window.state.set_diagram(diagram_id)
        assert FINGERPRINT in window.windowTitle()
        walk.widget(window)
        walk.widget(window.status.view_label)
        walk.scene(window.current_scene())
    walk.window(window)

    # A selected point and a point under the pointer, in the status bar.
    window.state.set_diagram("face")
    window.state.select("ST6")
    walk.text("status: selected", "status bar on selection", window.statusBar().currentMessage(), PLAIN)
    window.state.clear_selection()
    st6 = next(i for i in window.current_scene().points["ST6"] if i.position.side == "right")

    def pointer_on_a_point() -> bool:  # whichever marker is under the pointer (the view may be narrow)
        window.view.centerOn(st6)
        spot = window.view.mapFromScene(st6.scenePos())
        QTest.mouseMove(window.view.viewport(), spot)
        under = window.view.itemAt(spot)
        return isinstance(under, PointItem) and window.statusBar().currentMessage().startswith(under.code)

    qtbot.waitUntil(pointer_on_a_point)
    walk.text("status: hovered", "status bar on hover", window.statusBar().currentMessage(), PLAIN)

    # Search results as typed, with what matched in their tooltips: hanzi, an English name, and
    # the person's own markup that matches nothing.
    for query in ("颊车", "passwd", "zzqq " + MARKUP):
        window.search.clear()
        window.search.setFocus()
        type_into(window.search, query)
        assert window.search.results.isVisible()
        walk.rows("search result", "search results", window.search.results.model())

    # The meridians and protocols, each chosen in turn: their lists and their notes.
    for panel in (window.meridian_panel, window.protocol_panel):
        walk.widget(panel.list)
        for row in range(1, panel.list.count()):
            panel.list.setCurrentRow(row)
            key = panel.current_key()
            walk.document("sequence notes", f"{type(panel).__name__} notes for {key}", panel.describe(key), panel.notes)
            walk.text("label", "sequence position", panel.position.text(), panel.position.textFormat())

    # Every checklist: its chooser row, summary, items and their reasons.
    hygiene = window.checklist_panel
    for index in range(hygiene.chooser.count()):
        hygiene.chooser.setCurrentIndex(index)
        for w in [hygiene, *hygiene.findChildren(QWidget)]:
            walk.widget(w)

    # The details of every point.
    for point in ref.points.values():
        window.details.show_point(point)
        walk.document("details", f"details of {point.code}", window.details.render_html(point), window.details)

    # The point list, its filters, and all the rest once more after all the choosing above, with a
    # point's message in the status bar again (the protocols' ST36 and SP6 steps went to the leg
    # views, and the pointer left ST6).
    window.status.show_hovered("ST6")
    walk.window(window)

    assert not walk.problems, "\n".join(walk.problems[:30])
    expected = {
        "window title",
        "label",
        "status message",
        "status: selected",
        "status: hovered",
        "action tooltip",
        "action status tip",
        "diagram item tooltip",
        "list row",
        "list row tooltip",
        "combo box row",
        "search result",
        "search result tooltip",
        "sequence notes",
        "details",
    }
    assert expected <= walk.carried, expected - walk.carried


def test_a_marker_tooltip_reads_exactly_as_the_data(marked_window):
    """The tooltip of a point on the diagram, converted as Qt converts it, is the data itself."""
    point = marked_window.reference.points["ST6"]
    item = marked_window.scenes.get("face").points["ST6"][0]
    site = item.position.site_label
    assert MARKUP in site  # the copy gives every site a label
    document = QTextDocument()
    document.setHtml(item.toolTip())
    assert document.toPlainText() == f"{point.code}  {point.pinyin}  {point.hanzi}\n{point.english} ({site})"
    assert links_and_images(document) == []


@pytest.mark.parametrize(
    "text",
    [
        MARKUP,
        "ST6  Jiáchē  颊车\nCheek Carriage",
        "  two leading spaces, and\ttab",
        "a\n\nb",
        "&lt; is not <",
        "Why: <script>alert(1)</script>",
    ],
)
def test_plain_tooltip_shows_the_text_exactly(text):
    document = QTextDocument()
    document.setHtml(plain_tooltip(text))
    assert document.toPlainText() == text
    assert links_and_images(document) == []


def test_the_handout_and_its_pdf_hold_the_markup_as_text_and_no_link(marked_window, tmp_path):
    window = marked_window
    window.state.set_diagram("face")
    window.protocol_panel.list.setCurrentRow(1)  # a protocol: its title and points make the handout
    handout = window.handout()
    assert FINGERPRINT in handout.title
    # Qt's PDF writer turns every anchor of the handout's text into a link annotation with /URI.
    assert window.export_handout_pdf(str(tmp_path / "handout.pdf")) is not None
    pdf = (tmp_path / "handout.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/URI" not in pdf and b"/Link" not in pdf

    # The handout sets every value as plain text: the markup is in its title and rows as typed.
    assert all(MARKUP in p.location for p in handout.points)
    text = pdf_text(tmp_path / "handout.pdf")
    if text is not None:
        assert text.count("etc/passwd") >= len(handout.points)  # ("file" may come out as a ligature)


def pdf_text(path) -> str | None:
    """The PDF's text as pdftotext reads it (None where poppler-utils is not installed)."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# -- message boxes ---------------------------------------------------------------------------------


def read_next_message_box(qtbot, seen: list[dict], tries: int = 300) -> None:
    """Answer the next modal message box with its default button, noting what it showed (for
    3 s at most: a box that never comes must not be answered in a later test)."""

    def answer(left: int = tries):
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if left:
                QTimer.singleShot(10, lambda: answer(left - 1))
            return
        label = box.findChild(QLabel, "qt_msgbox_label")
        text, links = shown(label.text(), label.textFormat())
        seen.append({"title": box.windowTitle(), "raw": label.text(), "shown": text, "links": links})
        (box.defaultButton() or box.buttons()[0]).click()

    QTimer.singleShot(0, answer)


def test_cannot_start_dialog_shows_a_damage_message_with_markup_as_text(qtbot, tmp_path, capsys):
    from pointmap.ui.app import run_app

    bad = tmp_path / "points.db"
    bad.write_bytes(DB.read_bytes())
    with sqlite3.connect(bad) as conn:
        conn.execute("INSERT INTO positions VALUES (?, 'face', 'center', 0, '', 0.5, 0.5)", (MARKUP,))
    seen: list[dict] = []
    read_next_message_box(qtbot, seen)
    assert run_app(["pointmap"], Config.from_environment(reference_db=bad)) == 1
    assert len(seen) == 1 and seen[0]["title"] == "PointMap cannot start"
    assert MARKUP in seen[0]["shown"] and not seen[0]["links"]
    assert literal_problem("cannot start", seen[0]["raw"], seen[0]["shown"], seen[0]["links"]) is None
    assert MARKUP in capsys.readouterr().err


def test_export_failure_names_a_path_with_markup_as_text(qtbot, marked_window, tmp_path):
    # Slashes in the markup make folders that do not exist: the export fails and says where.
    target = f"{tmp_path}/{MARKUP}.pdf"
    seen: list[dict] = []
    read_next_message_box(qtbot, seen)
    assert marked_window.export_handout_pdf(target) is None
    assert len(seen) == 1 and seen[0]["title"] == "Export failed"
    assert os.path.normpath(target) in seen[0]["shown"]  # the path as given ('///' read as '/')
    assert seen[0]["shown"] == seen[0]["raw"] and not seen[0]["links"]


@pytest.mark.parametrize("kind", ["warn", "error", "ask", "tell"])
def test_every_kind_of_message_shows_its_text_literally(qtbot, kind):
    seen: list[dict] = []
    if kind == "tell":
        box = messages.tell(None, MARKUP, MARKUP)
        label = box.findChild(QLabel, "qt_msgbox_label")
        text, links = shown(label.text(), label.textFormat())
        box.close()
    else:
        read_next_message_box(qtbot, seen)
        if kind == "ask":
            messages.ask(None, MARKUP, MARKUP)
        else:
            getattr(messages, kind)(None, MARKUP, MARKUP)
        text, links = seen[0]["shown"], seen[0]["links"]
    assert text == MARKUP and links == []


def test_walk_notices_a_tooltip_that_renders_markup():
    """The walk itself: an unescaped tooltip, a rich label, a double-escaped text all fail."""
    walk = Walk()
    walk.text("tooltip", "raw tooltip", f"ST6 {MARKUP}")
    walk.text("label", "rich label", MARKUP, Qt.TextFormat.RichText)
    walk.text("label", "escaped twice", re.sub("<", "&lt;", MARKUP), PLAIN)
    walk.text("label", "plain label", f"ST6 {MARKUP}", PLAIN)
    assert len(walk.problems) == 3
    assert walk.carried == {"tooltip", "label"}
