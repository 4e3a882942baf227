"""Study mode: questions on the diagram, and nothing on screen that gives the answer away.

Study → Start (or Start in the Study tab) asks the chosen deck's cards that are due, then new ones up
to the day's limit, one at a time: *locate* (click where the point lies: measured in cun on that view),
*name* (type the marked point's code, pinyin or English name) and *facts* (multiple choice). While the
mode lasts the diagram shows no labels, tooltips, paths or other markers, the point list, details,
meridian and protocol panels are put away, search and the actions that would select or name a point
are off, and a hover or click on a marker tells nothing; all of it comes back when the mode ends. Each
answer is recorded (one transaction) before its verdict is shown, and reschedules its card with FSRS.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QElapsedTimer, QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from pointmap.core.errors import PointMapError
from pointmap.core.geometry import Vec
from pointmap.core.geometry.local import Frames, NoCunScale
from pointmap.core.study import decks as deck_rules
from pointmap.core.study import questions as q
from pointmap.core.study.scheduler import CORRECT, WRONG, CardState
from pointmap.state.app_state import Mode
from pointmap.state.operations import study as ops
from pointmap.state.userdata import Changes
from pointmap.ui import messages
from pointmap.ui.actions import make_action
from pointmap.ui.panels.study import SETUP, StudyPanel
from pointmap.ui.richtext import plain_tooltip
from pointmap.ui.study.marks import AnswerMarks

if TYPE_CHECKING:
    from pointmap.core.study.decks import Deck
    from pointmap.core.userdata.study import StudySettings
    from pointmap.ui.main_window import MainWindow

CLICK_SLOP = 6  # pixels a press may move and still be a click (more is a drag that pans the view)
DUE_REFRESH_MS = 60_000
OUTSIDE = "That click was outside the diagram, so it is no answer: click on the drawing itself."


class Question:
    """The card being asked and what it needs: the view, the options of a facts question."""

    def __init__(self, code: str, kind: str, view: str | None, choice: q.Choice | None = None):
        self.code = code
        self.kind = kind
        self.view = view
        self.choice = choice
        self.answered = False
        self.said_outside = False
        self.clock = QElapsedTimer()
        self.clock.start()


class StudyMode(QObject):
    def __init__(self, window: MainWindow, dock: QDockWidget, panel: StudyPanel):
        super().__init__(window)
        self.window = window
        self.reference = window.reference
        self.state = window.state
        self.user = window.user
        self.scenes = window.scenes
        self.view = window.view
        self.dock = dock
        self.panel = panel
        self.frames = Frames(self.reference)
        self.marks = AnswerMarks()
        self.settings: StudySettings = ops.settings(self.user)
        self.deck: Deck | None = None
        self.deck_cards: list[tuple[str, str]] = []
        self.states: dict[tuple[str, str], CardState] = {}
        self.question: Question | None = None
        self.last_code: str | None = None
        self.studying = False
        self.answers = 0
        self._saved_layout: QByteArray | None = None
        self._saved_enabled: dict[QAction, bool] = {}
        self._press: QPointF | None = None
        self._placeholder = ""
        self._shown: frozenset[str] | None = None
        self._rng = random.Random()
        self.progress_window = None
        self._make_actions()
        self.due_timer = QTimer(self, interval=DUE_REFRESH_MS)
        self.due_timer.timeout.connect(self.refresh_due)
        self.due_timer.start()
        panel.start_requested.connect(self.start_from_panel)
        panel.stop_requested.connect(self.stop)
        panel.name_answered.connect(self.answer_name)
        panel.option_chosen.connect(self.answer_option)
        panel.give_up_requested.connect(self.give_up)
        panel.next_requested.connect(self.ask_next)
        panel.pick_requested.connect(self.pick_points)
        panel.progress_requested.connect(self.show_progress)
        panel.exam_requested.connect(self.export_exam_sheet)
        panel.anki_requested.connect(self.export_anki)
        self.user.changed.connect(self._user_data_changed)
        self.state.mode_changed.connect(self._mode_changed)
        self.state.diagram_changed.connect(self._diagram_changed)
        self.view.viewport().installEventFilter(self)
        window.installEventFilter(self)
        self.show_setup()

    # -- actions, menu, the toolbar's Study button --------------------------------------------------

    def _action(self, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
        return make_action(self.window, text, slot, QKeySequence(shortcut) if shortcut else None, tip)

    def _make_actions(self) -> None:
        self.start_action = self._action(
            "Start", self.start, "Ctrl+Shift+T", "Study the chosen deck: the cards due, then new ones (Ctrl+Shift+T)"
        )
        self.stop_action = self._action("Stop studying", self.stop, tip="Back to browsing, with every name shown")
        self.progress_action = self._action(
            "Progress…", self.show_progress, tip="Mastered cards and locate error per meridian and region, over time"
        )
        self.exam_action = self._action(
            "Exam sheet (PDF)…", self.export_exam_sheet, tip="Blank diagrams with numbered markers, and the answer key"
        )
        self.anki_action = self._action(
            "Export deck to Anki…", self.export_anki, tip="The chosen deck as an Anki package (.apkg)"
        )
        self.button = self._action("Study", self.open_tab, tip="Test yourself on the points; shows the cards due today")
        self.button.setObjectName("studyButton")

    def fill_menu(self, menu) -> None:
        menu.addActions([self.start_action, self.stop_action])
        menu.addSeparator()
        menu.addAction(self.progress_action)
        menu.addSeparator()
        menu.addActions([self.exam_action, self.anki_action])

    def refresh_due(self) -> int:
        due = ops.due_today(self.user)
        self.button.setText(f"Study · {due} due" if due else "Study")
        self.button.setToolTip(
            plain_tooltip(f"{due} card{'s' if due != 1 else ''} due today. Test yourself on the points.")
        )
        self.start_action.setText(f"Start ({due} due today)" if due else "Start")
        if self.panel.page == SETUP:
            self.panel.show_due(due)
        self.stop_action.setEnabled(self.studying)
        return due

    def _user_data_changed(self, changes: Changes) -> None:
        if changes.external:
            self.settings = ops.settings(self.user)
            self.states = ops.cards(self.user) if self.user.is_open else {}
            if self.panel.page == SETUP and not self.studying:
                self.show_setup()
        if changes.touches("study_cards", "study_reviews", "preferences"):
            self.refresh_due()

    # -- the setup page ---------------------------------------------------------------------------

    def open_tab(self) -> None:
        self.dock.show()
        self.dock.raise_()
        if not self.studying:
            self.show_setup()

    def show_setup(self, note: str = "") -> None:
        self.settings = ops.settings(self.user)
        self.panel.show_setup(
            ops.deck_choices(self.user, self.reference), self.settings, ops.due_today(self.user), note
        )
        self.refresh_due()

    def _keep_panel_settings(self) -> bool:
        chosen = self.panel.chosen(self.settings)
        if chosen == self.settings:
            return True
        try:
            ops.save_settings(self.user, chosen)
        except PointMapError as exc:
            messages.warn(self.window, "Study settings", str(exc))
            return False
        self.settings = ops.settings(self.user)
        return True

    def pick_points(self) -> None:
        from pointmap.ui.study.pick import PickDialog

        dialog = PickDialog(self.reference, self.settings.picked, self.window)
        if dialog.exec() != PickDialog.DialogCode.Accepted:
            return
        chosen = self.panel.chosen(self.settings)
        try:
            ops.save_settings(self.user, replace(chosen, picked=dialog.codes()))
        except PointMapError as exc:
            messages.warn(self.window, "Study settings", str(exc))
            return
        self.show_setup(f"Your set holds {len(dialog.codes())} points.")

    def chosen_deck(self) -> Deck | None:
        """The deck chosen on the Study tab (kept first), or None with the reason said."""
        if not self.user.is_open:
            messages.warn(self.window, "Study", self.user.unavailable or "Your records are not open yet.")
            return None
        if self.panel.page == SETUP and not self._keep_panel_settings():
            return None
        kind, key = self.settings.deck
        deck = ops.deck(self.user, self.reference, kind, key)
        if deck is None:
            self.open_tab()
            self.show_setup("That deck is no longer there (a protocol deleted?): choose another.")
        return deck

    # -- entering and leaving the mode ------------------------------------------------------------

    def start_from_panel(self) -> None:
        self.start()

    def start(self) -> None:
        """Study → Start: the chosen deck's questions, with everything that names a point put away."""
        if self.studying:
            self.open_tab()
            return
        if self.state.mode == Mode.SESSION:
            messages.tell(
                self.window,
                "Study",
                "A treatment session is open. Close it first: study mode hides the names the session shows.",
            )
            return
        deck = self.chosen_deck()
        if deck is None:
            return
        cards = deck_rules.cards_of(self.reference, self.frames, deck, self.settings.kinds)
        self.dock.show()
        self.dock.raise_()
        if not cards:
            why = (
                "It holds no points yet."
                if deck.empty
                else "The data cannot ask these kinds of question about its points (no view draws them)."
            )
            if deck.kind == deck_rules.PICKED and deck.empty:
                why += " Choose the points of your set first."
            elif deck.kind == deck_rules.FAVOURITES and deck.empty:
                why += " Star points with Ctrl+D to make them favourites."
            self.panel.show_empty(f"The deck “{deck.title}” has no cards", why)
            return
        self.deck, self.deck_cards = deck, cards
        self.states = ops.cards(self.user)
        self.last_code = None
        self.answers = 0
        self._put_away()
        self.studying = True
        self.state.set_mode(Mode.STUDY)
        self.refresh_due()
        self.ask_next()

    def _put_away(self) -> None:
        """Hide or quieten everything that names a point; _bring_back undoes it."""
        w = self.window
        self._saved_layout = w.saveState()
        for dock in (w.points_dock, w.details_dock, w.meridian_dock, w.protocol_dock):
            dock.hide()
        w.search.hide_results()
        w.search.clear()
        w.search.setEnabled(False)
        self._placeholder = w.search.placeholderText()
        w.search.setPlaceholderText("Search is off while you study")
        a = w.actions
        quiet = [a.labels, a.paths, a.find, a.next, a.prev, a.star, a.print, a.pdf, a.png, a.next_view, a.prev_view]
        quiet += list(a.views.values())
        self._saved_enabled = {action: action.isEnabled() for action in quiet}
        for action in quiet:
            action.setEnabled(False)
        self.state.clear_selection()
        w.statusBar().clearMessage()
        self._conceal(frozenset())

    def _bring_back(self) -> None:
        w = self.window
        self.marks.clear()
        for scene in self.scenes.made():
            scene.conceal(None)
        for action, enabled in self._saved_enabled.items():
            action.setEnabled(enabled)
        self._saved_enabled = {}
        w.search.setEnabled(True)
        w.search.setPlaceholderText(self._placeholder)
        if self._saved_layout is not None:
            w.restoreState(self._saved_layout)
            self._saved_layout = None
        self.view.schedule_labels()

    def stop(self) -> None:
        """Leave study mode: labels, tooltips, panels and search come back."""
        if self.studying:
            self.studying = False
            self.question = None
            self._bring_back()
            if self.state.mode == Mode.STUDY:
                self.state.set_mode(Mode.BROWSE)
            self.dock.show()
            self.dock.raise_()
        self.show_setup(f"{self.answers} answered this time." if self.answers else "")

    def _mode_changed(self, mode: str) -> None:
        if self.studying and mode != Mode.STUDY:  # a treatment session started: study gives way
            self.studying = False
            self.question = None
            self._bring_back()
            self.show_setup()

    def _conceal(self, shown: frozenset[str]) -> None:
        self._shown = shown
        for scene in self.scenes.made():
            scene.conceal(shown)
        self.scenes.get(self.state.diagram).conceal(shown)
        self.view.schedule_labels()

    def _diagram_changed(self, _diagram: str) -> None:
        if self.studying:
            self.scenes.get(self.state.diagram).conceal(self._shown)

    def eventFilter(self, watched, event) -> bool:
        # getattr: while the window is torn down its children may see events after their Python side has gone.
        window = getattr(self, "window", None)
        if window is None:
            return False
        kind = event.type()
        if watched is window:
            if kind == QEvent.Type.Close and self.studying:
                self.stop()  # the window's layout is saved as it was before studying
            return False
        if not self.studying or self.question is None or self.question.kind != "locate" or self.question.answered:
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            press, self._press = self._press, None
            if press is not None and (event.position() - press).manhattanLength() <= CLICK_SLOP:
                self.answer_click(self.view.mapToScene(event.position().toPoint()))
        return False

    # -- asking ------------------------------------------------------------------------------------

    def _header(self) -> str:
        due = sum(
            1 for key in self.deck_cards if key in self.states and self.states[key].is_due(ops.due_now_text(self.user))
        )
        new = ops.new_left(self.user, self.settings)
        title = self.deck.title if self.deck else ""
        return f"{title} · {due} due · {new} new left today · {self.answers} answered"

    def ask_next(self) -> None:
        if not self.studying or self.deck is None:
            return
        self.marks.clear()
        found = ops.next_card(
            self.user, self.deck_cards, self.states, ops.new_left(self.user, self.settings), avoid=self.last_code
        )
        if found.card is None:
            self._nothing_left(found.next_due)
            return
        code, kind = found.card
        point = self.reference.points[code]
        name = q.prompt_name(point, self.settings.prompt)
        view = deck_rules.locate_view(self.reference, code, self.deck)
        choice = q.facts_question(self.reference, code, self.settings.prompt, self._rng) if kind == "facts" else None
        if kind == "facts" and choice is None:  # the data changed under a card: ask the next one
            self.last_code = code
            self.deck_cards = [c for c in self.deck_cards if c != (code, kind)]
            self.ask_next()
            return
        self.question = Question(code, kind, view, choice)
        if view is not None:
            self.state.set_diagram(view)
        scene = self.scenes.get(self.state.diagram)
        header = self._header() + (" · new card" if found.is_new else "")
        if kind == "locate":
            self._conceal(frozenset())
            self.panel.show_question(
                header,
                f"Where is {name}?",
                kind,
                f"Click where it lies on the diagram (within {self.settings.correct_cun:g} cun is correct, within "
                f"{self.settings.close_cun:g} close). Drag to move the diagram; Ctrl+wheel zooms.",
            )
        elif kind == "name":
            self._show_asked(scene, code)
            self.panel.show_question(
                header, "Which point is marked?", kind, "Type its code, pinyin (tone marks optional) or English name."
            )
        else:
            self._show_asked(scene, code)
            self.panel.show_question(header, choice.question, kind, "Choose one (or press its number).", choice.options)
        if kind != "name":
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _spots(self, scene, code: str) -> list[QPointF]:
        return [item.pos() for item in scene.points.get(code, [])]

    def _show_asked(self, scene, code: str) -> None:
        self._conceal(frozenset({code}))
        self.marks.asked(scene, self._spots(scene, code))
        self.view.center_on_items(scene.items_of(code))

    def _nothing_left(self, next_due: str | None) -> None:
        deck = self.deck
        self.studying = False
        self.question = None
        self._bring_back()
        if self.state.mode == Mode.STUDY:
            self.state.set_mode(Mode.BROWSE)
        when = ""
        if next_due:
            from datetime import datetime

            local = datetime.fromisoformat(next_due).astimezone()
            when = f" The next card of this deck is due {local:%A %d %B at %H:%M}."
        limit = (
            f" Today's {self.settings.new_per_day} new cards are used up."
            if ops.new_left(self.user, self.settings) == 0
            else ""
        )
        self.panel.show_empty(
            "Nothing more to ask now",
            f"{self.answers} answered in “{deck.title if deck else ''}”.{when}{limit} "
            "Study another deck, or come back later.",
        )
        self.refresh_due()

    # -- answers -------------------------------------------------------------------------------------

    def _record(self, outcome: str, **details) -> bool:
        question = self.question
        assert question is not None
        try:
            card, _review = ops.answer(
                self.user,
                question.code,
                question.kind,
                outcome,
                diagram=question.view if question.kind != "facts" else None,
                duration_ms=int(question.clock.elapsed()),
                **details,
            )
        except PointMapError as exc:
            messages.warn(self.window, "Your answer was not recorded", str(exc))
            return False
        question.answered = True
        self.states[card.key] = card
        self.last_code = question.code
        self.answers += 1
        self.panel.header.setText(self._header())
        return True

    def _details(self, code: str) -> str:
        point = self.reference.points[code]
        lines = [q.full_name(point), ""]
        if point.location:
            lines.append(f"Location: {point.location}")
        steps = q.locating_steps(self.reference, point)
        if steps:
            lines.append(f"How to find it: {steps}")
        if point.depth:
            lines.append(f"Depth: {point.depth}")
        if point.angle:
            lines.append(f"Angle: {point.angle}")
        if point.cautions:
            lines.append(f"Cautions: {point.cautions}")
        return "\n".join(lines)

    def answer_click(self, scene_pos: QPointF) -> None:
        question = self.question
        if question is None or question.answered or question.kind != "locate" or question.view is None:
            return
        if self.state.diagram != question.view:
            self.state.set_diagram(question.view)
            return
        spot = Vec(scene_pos.x(), scene_pos.y())
        if not q.inside(self.reference, question.view, spot):
            if not question.said_outside:
                question.said_outside = True
                self.panel.show_note(OUTSIDE)
            return
        bands = q.Bands(self.settings.correct_cun, self.settings.close_cun)
        try:
            judged = q.judge_locate(self.reference, self.frames, question.code, question.view, spot, bands)
        except (NoCunScale, LookupError) as exc:
            self.panel.show_note(str(exc))
            return
        diagram = self.reference.diagrams[question.view]
        answer = f"{spot.x / diagram.width:.4f},{spot.y / diagram.height:.4f}"
        if not self._record(judged.outcome, error_cun=judged.distance, answer=answer):
            return
        scene = self.scenes.get(question.view)
        position = judged.position
        true = QPointF(position.x * diagram.width, position.y * diagram.height)
        self.marks.answer(scene, scene_pos, true, judged.outcome, question.code)
        self.panel.show_verdict(judged.outcome, judged.sentence(), self._details(question.code))
        self.refresh_due()

    def answer_name(self, typed: str) -> None:
        question = self.question
        if question is None or question.answered or question.kind != "name":
            return
        named = q.judge_name(self.reference, self.window.search.index, question.code, typed)
        if named is None:
            self.panel.show_note("Type a name first (or Show me).")
            return
        if not self._record(CORRECT if named.correct else WRONG, answer=typed):
            return
        self._reveal(question.code)
        self.panel.show_verdict(CORRECT if named.correct else WRONG, named.said, self._details(question.code))
        self.refresh_due()

    def answer_option(self, chosen: int) -> None:
        question = self.question
        if question is None or question.answered or question.choice is None:
            return
        choice = question.choice
        right = chosen == choice.answer
        if not self._record(CORRECT if right else WRONG, answer=choice.options[chosen]):
            return
        self._reveal(question.code)
        verdict = "Correct." if right else f"Not that one. The answer: {choice.right}"
        self.panel.show_verdict(CORRECT if right else WRONG, verdict, self._details(question.code), choice.answer)
        self.refresh_due()

    def give_up(self) -> None:
        question = self.question
        if question is None or question.answered:
            return
        if not self._record(WRONG, answer=""):
            return
        self._reveal(question.code)
        right = question.choice.answer if question.choice else None
        self.panel.show_verdict(WRONG, "Here it is. It will come back soon.", self._details(question.code), right)
        self.refresh_due()

    def _reveal(self, code: str) -> None:
        """After an answer: the point's true position(s), labelled, the rest still hidden."""
        scene = self.scenes.get(self.state.diagram)
        self.marks.clear()
        self._conceal(frozenset({code}))
        self.marks.shown(scene, self._spots(scene, code), code)
        self.view.center_on_items(scene.items_of(code))

    # -- progress and exports ------------------------------------------------------------------------

    def show_progress(self) -> None:
        from pointmap.ui.study.progress import ProgressWindow

        if not self.user.is_open:
            messages.warn(self.window, "Progress", self.user.unavailable or "Your records are not open yet.")
            return
        if self.progress_window is None:
            self.progress_window = ProgressWindow(self.reference, self.user, self.frames, self.window)
        shown = self.progress_window.isVisible()
        self.progress_window.refresh()
        self.progress_window.show()
        if shown:
            self.progress_window.raise_()  # already open behind the window: bring it forward
        return self.progress_window

    def _export_deck(self) -> Deck | None:
        deck = self.deck if self.studying else self.chosen_deck()
        if deck is not None and deck.empty:
            messages.tell(self.window, "Nothing to export", f"The deck “{deck.title}” has no points.")
            return None
        return deck

    def export_exam_sheet(self, path: str | None = None) -> str | None:
        from pointmap.ui.export.exam_sheets import export_exam_sheet

        deck = self._export_deck()
        return None if deck is None else export_exam_sheet(self.window, deck, path)

    def export_anki(self, path: str | None = None) -> str | None:
        from pointmap.ui.export.anki import export_anki

        deck = self._export_deck()
        return None if deck is None else export_anki(self.window, deck, self.frames, path)


def install(window: MainWindow) -> StudyMode:
    """The Study tab beside the others, the Study menu before Help, and the Study button on the toolbar."""
    dock = QDockWidget("Study", window)
    dock.setObjectName("studyDock")
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    panel = StudyPanel()
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.tabifyDockWidget(window.session_dock, dock)
    window.restoreDockWidget(dock)  # where the layout saved last time had it (made after restoreState)
    mode = StudyMode(window, dock, panel)
    menu_bar = window.menuBar()
    help_menu = menu_bar.actions()[-1]
    study_menu = menu_bar.addMenu("S&tudy")
    menu_bar.insertMenu(help_menu, study_menu)
    mode.fill_menu(study_menu)
    panels_menu = next((a.menu() for a in window.menuBar().actions() if a.text() == "&View"), None)
    if panels_menu is not None:
        for action in panels_menu.actions():
            if action.menu() is not None and action.text() == "Panels":
                action.menu().addAction(dock.toggleViewAction())
    window.toolbar.addSeparator()
    window.toolbar.addAction(mode.button)
    mode.study_menu = study_menu
    return mode
