"""Presentation mode's rules, without Qt: the slides a sequence or a lesson becomes, where stepping stands
(with a class quiz, the blanked screen, the meridian drawn step by step, the zoom), which screen shows
the audience and which the presenter, the large point card's lines and the presenter's clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence as Seq
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pointmap.core.lessons import Lesson
    from pointmap.core.reference import Point, Reference
    from pointmap.core.sequences import Sequence

ZOOM_TO_POINT = 3.0  # Z: this much closer than the whole view, centred on the point


@dataclass(frozen=True)
class Slide:
    """One step of what is presented. ``layers`` None leaves the layers as the trainer set them."""

    view: str
    points: tuple[str, ...]  # highlighted; the first is the step's point
    shown: str = "all"
    layers: tuple[str, ...] | None = None
    zoom: float = 1.0
    note: str = ""

    @property
    def point(self) -> str | None:
        return self.points[0] if self.points else None


@dataclass(frozen=True)
class Deck:
    title: str
    slides: tuple[Slide, ...]
    meridian: str | None = None  # a meridian's course can be drawn step by step (M)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for s in self.slides for c in s.points))


def deck_from_sequence(reference: Reference, sequence: Sequence) -> Deck:
    """A slide per point of a meridian or protocol, on the view that draws it (a protocol's note on
    each point becomes the trainer's note)."""
    notes: dict[str, str] = {}
    protocol = next((p for p in reference.protocols if p.id == sequence.key), None)
    if sequence.kind == "protocol" and protocol is not None:
        notes = {s.point_code: s.note for s in protocol.steps}
    slides = tuple(
        Slide(reference.diagram_for(code) or "", (code,), "all", None, 1.0, notes.get(code, ""))
        for code in sequence.codes
    )
    return Deck(sequence.title, slides, sequence.meridian)


def deck_from_lesson(reference: Reference, lesson: Lesson) -> Deck:
    """A slide per step of a lesson; a step without a view shows its point where the data draws it.
    Points this PointMap does not know are left out of a step (the lesson keeps them)."""
    slides = []
    for step in lesson.steps:
        points = tuple(c for c in step.points if c in reference.points)
        view = step.view if step.view in reference.diagrams else ""
        if not view and points:
            view = reference.diagram_for(points[0]) or ""
        slides.append(Slide(view, points, step.shown, step.layers, step.zoom, step.note))
    based = lesson.based_on or ""
    meridian = based.removeprefix("meridian:") if based.startswith("meridian:") else None
    return Deck(lesson.title, tuple(slides), meridian)


@dataclass(frozen=True)
class Stand:
    """Where the presentation stands. ``index`` -1: before the first slide."""

    index: int = -1
    quiz: bool = False  # Q: the next point is marked without its name
    revealed: bool = True  # in a quiz: Space has shown the name
    blank: bool = False  # B
    drawing: bool = False  # M: the meridian's course drawn only up to the point reached
    zoomed: bool = False  # Z

    def step(self, deck: Deck, delta: int) -> Stand:
        """Next or previous slide (stopping at the ends); a quiz hides the new point's name. A blank
        screen comes back on any step."""
        if not deck.slides:
            return replace(self, blank=False)
        index = max(0, min(len(deck.slides) - 1, self.index + delta)) if self.index >= 0 else 0
        if delta < 0 and self.index < 0:
            index = len(deck.slides) - 1
        moved = index != self.index
        return replace(
            self, index=index, blank=False, revealed=not self.quiz or (not moved and self.revealed), zoomed=False
        )

    def reveal(self) -> Stand:
        return replace(self, revealed=True)

    def toggle_quiz(self) -> Stand:
        """Q: a class quiz from the next step on (the point shown now keeps its name); again: names back."""
        return replace(self, quiz=not self.quiz, revealed=True)


def slide_at(deck: Deck, stand: Stand) -> Slide | None:
    return deck.slides[stand.index] if 0 <= stand.index < len(deck.slides) else None


def next_slide(deck: Deck, stand: Stand) -> Slide | None:
    return deck.slides[stand.index + 1] if stand.index + 1 < len(deck.slides) else None


def drawn_so_far(deck: Deck, stand: Stand) -> tuple[str, ...]:
    """With M on: the meridian's points reached so far, in order (its course is drawn through them)."""
    if not stand.drawing or deck.meridian is None or stand.index < 0:
        return ()
    reached = [s.point for s in deck.slides[: stand.index + 1] if s.point]
    return tuple(dict.fromkeys(reached))


def shown_points(deck: Deck, stand: Stand) -> frozenset[str] | None:
    """The markers drawn with the current slide: None for every one."""
    slide = slide_at(deck, stand)
    if slide is None or slide.shown == "all":
        return None
    if slide.shown == "lesson":
        return frozenset(deck.codes)
    return frozenset(slide.points)


# -- screens ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Screen:
    name: str
    x: int
    y: int
    width: int
    height: int


def choose_screens(screens: Seq[Screen], primary: int = 0) -> tuple[int, int | None]:
    """(the audience's screen, the presenter's screen or None) as indexes into ``screens``. With one
    screen the audience has it and there is no presenter window. With more, the presenter keeps the
    primary screen (the laptop's) and the audience gets the largest of the others (the projector)."""
    if not screens:
        return 0, None
    primary = primary if 0 <= primary < len(screens) else 0
    if len(screens) == 1:
        return primary, None
    others = [i for i in range(len(screens)) if i != primary]
    audience = max(others, key=lambda i: (screens[i].width * screens[i].height, -i))
    return audience, primary


def label_factor(screen_height: int) -> float:
    """How much larger markers and labels are drawn for a class: they are sized in screen pixels, so a
    projector of 2160 lines (not set to scale its desktop) shows them at half the size of one of 1080
    lines; they grow with the lines beyond 1080, and never shrink below their size on a 1080-line one."""
    return max(1.0, screen_height / 1080) if screen_height > 0 else 1.0


# -- the point card and the clock ---------------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of ``text`` (cut with an ellipsis past ``limit`` characters)."""
    first = _SENTENCE.split(text.strip(), maxsplit=1)[0] if text.strip() else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Card:
    heading: str  # code, pinyin, hanzi, English
    location: str  # one line
    cautions: str  # one line, or ""


def card_for(point: Point) -> Card:
    heading = "  ".join(x for x in (point.code, point.pinyin, point.hanzi, point.english) if x)
    return Card(heading, first_sentence(point.location), first_sentence(point.cautions, 140))


def clock(seconds: float) -> str:
    """'4:05', '1:02:09': the time since the presentation started."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
