"""What a presentation shows: its deck (the chosen meridian, protocol or lesson as slides) and where it
stands (core.presenting.Stand), applied to AppState (view, selected point, layers) on every step. The
audience window and the presenter window both observe ``changed``; neither keeps a copy, so the two
always move together whichever one the trainer pressed a key in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QElapsedTimer, QObject, Signal

from pointmap.core import presenting as rules
from pointmap.core.lessons import Lesson
from pointmap.core.presenting import Deck, Slide, Stand
from pointmap.state.app_state import AppState, Layers, Mode

LESSON = "lesson"


class Presentation(QObject):
    changed = Signal()  # the deck or where it stands
    running_changed = Signal(bool)

    def __init__(self, state: AppState, lessons: Callable[[str], Lesson | None] | None = None, parent=None):
        super().__init__(parent)
        self.state = state
        self.lessons = lessons or (lambda uid: None)
        self.deck = Deck("", ())
        self.stand = Stand()
        self.clock = QElapsedTimer()
        self._labels_before_quiz: bool | None = None
        self._before: tuple[str, bool, Layers, Mode] | None = None  # theme, large labels, layers, mode

    # -- reading ------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._before is not None

    @property
    def slide(self) -> Slide | None:
        return rules.slide_at(self.deck, self.stand)

    @property
    def next_slide(self) -> Slide | None:
        return rules.next_slide(self.deck, self.stand)

    def elapsed(self) -> float:
        return self.clock.elapsed() / 1000 if self.clock.isValid() else 0.0

    def deck_for_state(self) -> Deck:
        """The chosen sequence as slides (a lesson's own steps for a lesson); none chosen: no slides."""
        sequence = self.state.sequence
        if sequence is None:
            return Deck("", ())
        if sequence.kind == LESSON:
            found = self.lessons(sequence.key)
            if found is not None:
                return rules.deck_from_lesson(self.state.reference, found)
        return rules.deck_from_sequence(self.state.reference, sequence)

    # -- starting and stopping ----------------------------------------------------------------------

    def start(self) -> None:
        """Projector theme and large labels (put back on stop), the chosen sequence as the deck, the clock."""
        if self.running:
            return
        s = self.state
        self._before = (s.theme, s.large_labels, s.layers, s.mode)
        if s.theme != "projector":
            s.toggle_projector()
        s.set_large_labels(True)
        s.set_mode(Mode.PRESENTATION)
        self.deck = self.deck_for_state()
        self.stand = Stand()
        self.clock.start()
        self.running_changed.emit(True)
        self.changed.emit()

    def stop(self) -> None:
        if self._before is None:
            return
        theme, large, layers, mode = self._before
        self._before = None
        s = self.state
        if s.theme == "projector" and theme != "projector":
            s.toggle_projector()
        s.set_large_labels(large)
        s.set_layers(layers)
        s.set_mode(mode if mode != Mode.PRESENTATION else Mode.BROWSE)
        self.stand = Stand()
        self.running_changed.emit(False)
        self.changed.emit()

    def reload(self) -> None:
        """The sequence chosen again (another lesson picked mid-class): start it from the beginning."""
        self.deck = self.deck_for_state()
        self._move(replace(Stand(), quiz=self.stand.quiz, drawing=self.stand.drawing))

    # -- the keys -------------------------------------------------------------------------------------

    def step(self, delta: int) -> None:
        self._move(self.stand.step(self.deck, delta))

    def reveal(self) -> None:
        self._move(self.stand.reveal())

    def toggle_quiz(self) -> None:
        self._move(self.stand.toggle_quiz())

    def toggle_blank(self) -> None:
        self._move(replace(self.stand, blank=not self.stand.blank))

    def toggle_drawing(self) -> None:
        self._move(replace(self.stand, drawing=not self.stand.drawing))

    def toggle_zoom(self) -> None:
        self._move(replace(self.stand, zoomed=not self.stand.zoomed))

    def toggle_layer(self, name: str) -> None:
        if name == "labels" and self._labels_before_quiz is not None:
            self._labels_before_quiz = not self._labels_before_quiz  # takes effect when the name is revealed
            return
        self.state.set_layer(name, not getattr(self.state.layers, name))

    # -- applying a stand to the state ------------------------------------------------------------------

    def _move(self, stand: Stand) -> None:
        moved = stand.index != self.stand.index
        self.stand = stand
        slide = self.slide
        if moved and slide is not None:
            if slide.view:
                self.state.set_diagram(slide.view)
            if slide.layers is not None:
                self.state.set_layers(
                    Layers(labels="labels" in slide.layers, paths="paths" in slide.layers, grid="grid" in slide.layers)
                )
                if self._labels_before_quiz is not None:
                    self._labels_before_quiz = "labels" in slide.layers
            if slide.point:
                self.state.select(slide.point)
        self._hide_names(stand.quiz and not stand.revealed)
        self.changed.emit()

    def _hide_names(self, hide: bool) -> None:
        """While a quiz point is unrevealed no label is drawn; the trainer's choice comes back on reveal."""
        if hide and self._labels_before_quiz is None:
            self._labels_before_quiz = self.state.layers.labels
            self.state.set_layer("labels", False)
        elif hide:
            self.state.set_layer("labels", False)
        elif self._labels_before_quiz is not None:
            labels, self._labels_before_quiz = self._labels_before_quiz, None
            self.state.set_layer("labels", labels)
