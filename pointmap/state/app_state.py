"""AppState: what the window shows and how (diagram, selection, chosen sequence, layers, theme,
mode), each with a change signal. Scenes and panels observe it; nothing here knows a widget.

Changes go through the setters, which emit only when the value really changed, so an observer
may call a setter from a slot without loops.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

from pointmap.core.reference import Reference

if TYPE_CHECKING:
    from pointmap.core.sequences import Sequence

THEMES = ("system", "light", "dark", "projector")


class Mode(StrEnum):
    """What clicks, labels and panels mean. Browse: a click selects a point. Session: a treatment
    is being recorded, and a click marks a needle in. Study: questions are asked, nothing on screen
    gives the answer away, and a click on the diagram is an answer. Presentation: the diagram fills the
    (projector's) screen, the keys step through a sequence or a lesson, and a presenter window may follow."""

    BROWSE = "browse"
    SESSION = "session"
    STUDY = "study"
    PRESENTATION = "presentation"


# Layers and Selection are NamedTuples, not frozen dataclasses: they are made at start-up, and
# Python 3.11 builds a dataclass's methods from source text, and the dataclasses module with them.
class Layers(NamedTuple):
    labels: bool = True
    paths: bool = False
    grid: bool = False
    anatomy: bool = False  # bones, tendons and muscles that locations name, faint under the points

    def with_(self, **changes: bool) -> Layers:
        return self._replace(**changes)


class Selection(NamedTuple):
    """A chosen point and, when it was clicked on the diagram, the side clicked (the view keeps
    to that side rather than jumping to the other)."""

    code: str
    side: str | None = None


class AppState(QObject):
    diagram_changed = Signal(str)
    selection_changed = Signal(object)  # Selection | None
    sequence_changed = Signal(object)  # Sequence | None
    layers_changed = Signal(object)  # Layers
    theme_changed = Signal(str)
    large_labels_changed = Signal(bool)
    mode_changed = Signal(str)

    def __init__(self, reference: Reference, parent: QObject | None = None):
        super().__init__(parent)
        self.reference = reference
        self._diagram = next(iter(reference.diagrams))
        self._selection: Selection | None = None
        self._sequence: Sequence | None = None
        self._cursor: str | None = None  # where stepping stands in the sequence
        self._layers = Layers()
        self._theme = "system"
        self._theme_before_projector = "system"
        self._large_labels = False
        self._mode = Mode.BROWSE
        self._sources: dict[str, Callable[[str], Sequence | None]] = {}  # kinds beyond the reference's

    # -- reading -------------------------------------------------------------------------------

    @property
    def diagram(self) -> str:
        return self._diagram

    @property
    def selection(self) -> Selection | None:
        return self._selection

    @property
    def selected_code(self) -> str | None:
        return self._selection.code if self._selection else None

    @property
    def sequence(self) -> Sequence | None:
        return self._sequence

    @property
    def layers(self) -> Layers:
        return self._layers

    @property
    def theme(self) -> str:
        return self._theme

    @property
    def large_labels(self) -> bool:
        return self._large_labels

    @property
    def mode(self) -> Mode:
        return self._mode

    def sequence_position(self) -> tuple[int, int]:
        """(place reached in the chosen sequence, 0 before its first point; its length)."""
        if self._sequence is None:
            return 0, 0
        return self._sequence.position(self._cursor)

    # -- the diagram ---------------------------------------------------------------------------

    def set_diagram(self, diagram_id: str) -> bool:
        """Show a diagram; False (nothing changes) when the data has no such diagram."""
        if diagram_id not in self.reference.diagrams:
            return False
        if diagram_id != self._diagram:
            self._diagram = diagram_id
            self.diagram_changed.emit(diagram_id)
        return True

    def cycle_diagram(self, delta: int) -> None:
        ids = list(self.reference.diagrams)
        here = ids.index(self._diagram) if self._diagram in ids else 0
        self.set_diagram(ids[(here + delta) % len(ids)])

    # -- selection -----------------------------------------------------------------------------

    def select(self, code: str, side: str | None = None) -> bool:
        """Choose a point. A point sought (``side`` None: found by search, in a list, by stepping)
        is shown on the view where it reads best, when its data names one (the hand views for the
        hand and wrist); a point clicked on a side of the diagram shown stays there. Otherwise,
        when the diagram shown does not carry it, switch to the one that does (same region first).
        False when the data has no such point."""
        if code not in self.reference.points:
            return False
        target = self.reference.diagram_for(code, prefer=self._diagram, best=side is None)
        if target is not None:
            self.set_diagram(target)
        selection = Selection(code, side)
        if self._sequence is not None and code in self._sequence.codes:
            self._cursor = code
        if selection != self._selection:
            self._selection = selection
            self.selection_changed.emit(selection)
        return True

    def clear_selection(self) -> None:
        if self._selection is not None:
            self._selection = None
            self.selection_changed.emit(None)

    # -- sequences -----------------------------------------------------------------------------

    def choose_sequence(self, kind: str, key: str | None) -> None:
        """Choose a meridian or a protocol to step through (None clears a choice of that kind).

        A new sequence starts before its first point, whatever is selected: the next step goes to
        its first point. When no point of it is on the diagram shown, the view moves to one that is.
        """
        if key is None:
            if self._sequence is not None and self._sequence.kind == kind:
                self._set_sequence(None)
            return
        sequence = self._find_sequence(kind, key)
        if sequence is None:
            return
        self._set_sequence(sequence)
        here = [c for c in sequence.codes if self._diagram in self.reference.diagrams_showing(c)]
        if not here and sequence.codes:
            target = self.reference.diagram_for(sequence.codes[0], best=True)
            if target:
                self.set_diagram(target)

    def add_sequence_source(self, kind: str, lookup: Callable[[str], Sequence | None]) -> None:
        """Let ``choose_sequence`` find sequences of a kind the reference does not hold (the person's
        own protocols, their favourites): ``lookup(key)`` returns one, or None."""
        self._sources[kind] = lookup

    def _find_sequence(self, kind: str, key: str) -> Sequence | None:
        lookup = self._sources.get(kind)
        if lookup is not None:
            return lookup(key)
        from pointmap.core.sequences import sequence_for  # nothing is chosen before the first frame

        return sequence_for(self.reference, kind, key)

    def refresh_sequence(self) -> None:
        """Read the chosen sequence again after its points were edited (or it was deleted: then none is
        chosen). Stepping stays on the point it reached while that point is still in the sequence."""
        if self._sequence is None:
            return
        fresh = self._find_sequence(self._sequence.kind, self._sequence.key)
        if fresh == self._sequence:
            return
        cursor = self._cursor
        self._sequence = fresh
        self._cursor = cursor if fresh is not None and cursor in fresh.codes else None
        self.sequence_changed.emit(fresh)

    def _set_sequence(self, sequence: Sequence | None) -> None:
        if sequence != self._sequence:
            self._sequence = sequence
            self._cursor = None
            self.sequence_changed.emit(sequence)

    def step(self, delta: int) -> None:
        """Select the next (or previous) point of the chosen sequence; nothing without one."""
        if self._sequence is None:
            return
        code = self._sequence.step(self._cursor, delta)
        if code is not None:
            self.select(code)

    # -- look ----------------------------------------------------------------------------------

    def set_layers(self, layers: Layers) -> None:
        if layers != self._layers:
            self._layers = layers
            self.layers_changed.emit(layers)

    def set_layer(self, name: str, on: bool) -> None:
        self.set_layers(self._layers.with_(**{name: bool(on)}))

    def set_theme(self, name: str) -> None:
        if name not in THEMES:
            name = "system"
        if name != self._theme:
            self._theme = name
            self.theme_changed.emit(name)

    def toggle_projector(self) -> None:
        """Projector theme on; again, back to the theme before it."""
        if self._theme == "projector":
            self.set_theme(self._theme_before_projector)
        else:
            self._theme_before_projector = self._theme
            self.set_theme("projector")

    def set_large_labels(self, on: bool) -> None:
        if bool(on) != self._large_labels:
            self._large_labels = bool(on)
            self.large_labels_changed.emit(self._large_labels)

    def set_mode(self, mode: Mode | str) -> None:
        mode = Mode(mode)
        if mode != self._mode:
            self._mode = mode
            self.mode_changed.emit(mode.value)
