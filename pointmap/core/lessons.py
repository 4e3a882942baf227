"""Lessons: an ordered list of steps a trainer presents in class. Each step says which view to show,
which points to highlight (the first is the point the step is about), which other points are drawn,
the layers, the zoom and the trainer's note. A lesson is made from a meridian, a protocol or by hand;
the built-in ones are reference data (points.db), a person's own are in their user database.

Also here: the one function the printed handouts use, ``lesson_outline``: a lesson's title and its
ordered point codes, whichever kind of lesson the id names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pointmap.core.errors import UserDataError

if TYPE_CHECKING:
    from pointmap.core.reference import Reference

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_STEPS = 200
MAX_POINTS = 40  # highlighted in one step
LAYERS = ("labels", "paths", "grid")
SHOWN = ("all", "lesson", "step")  # which markers a step draws besides its own: every one, the lesson's, none
MIN_ZOOM, MAX_ZOOM = 1.0, 8.0
BUILTIN_PREFIX = "builtin:"  # an id that names a built-in lesson (its id in points.db follows)


@dataclass(frozen=True)
class LessonStep:
    view: str = ""  # a diagram id; "" shows the first point where the data draws it
    points: tuple[str, ...] = ()  # highlighted; the first is the step's point (its card is shown)
    shown: str = "all"
    layers: tuple[str, ...] = ("labels",)
    zoom: float = 1.0  # 1: the whole view; more: that much closer, centred on the step's point
    note: str = ""  # what the trainer says here (never on the audience screen)

    @property
    def point(self) -> str | None:
        return self.points[0] if self.points else None


@dataclass(frozen=True)
class Lesson:
    """A lesson's content. ``uid`` is a built-in id ('builtin:face-…') or an own lesson's uid."""

    uid: str
    title: str
    summary: str = ""
    steps: tuple[LessonStep, ...] = ()
    based_on: str | None = None  # 'meridian:ST', 'protocol:face-lift-…', 'builtin:…'
    created_at: str = ""
    updated_at: str = ""

    @property
    def builtin(self) -> bool:
        return self.uid.startswith(BUILTIN_PREFIX)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every highlighted point of the lesson in the order it is first met."""
        return tuple(dict.fromkeys(c for s in self.steps for c in s.points))

    def with_steps(self, steps: Iterable[LessonStep]) -> Lesson:
        return replace(self, steps=tuple(steps))


def check_step(step: LessonStep, n: int, reference: Reference | None = None) -> LessonStep:
    """The step as stored (codes trimmed, layers in order), or UserDataError naming step ``n``."""
    if not isinstance(step.view, str) or len(step.view) > 64:
        raise UserDataError(f"Step {n} of the lesson names no valid view.")
    if reference is not None and step.view and step.view not in reference.diagrams:
        raise UserDataError(f"Step {n} of the lesson shows the view '{step.view[:40]}', which PointMap does not have.")
    if len(step.points) > MAX_POINTS:
        raise UserDataError(f"Step {n} of the lesson highlights {len(step.points)} points; at most {MAX_POINTS}.")
    codes = []
    for code in step.points:
        if not isinstance(code, str) or not code.strip() or len(code.strip()) > 20:
            raise UserDataError(f"Step {n} of the lesson has a point with no valid code.")
        codes.append(code.strip())
    if step.shown not in SHOWN:
        raise UserDataError(f"Step {n} of the lesson shows '{str(step.shown)[:20]}'; expected {', '.join(SHOWN)}.")
    if any(layer not in LAYERS for layer in step.layers):
        raise UserDataError(f"Step {n} of the lesson names a layer other than {', '.join(LAYERS)}.")
    zoom = step.zoom
    if isinstance(zoom, bool) or not isinstance(zoom, int | float) or not MIN_ZOOM <= zoom <= MAX_ZOOM:
        raise UserDataError(f"Step {n} of the lesson has a zoom outside {MIN_ZOOM:g} to {MAX_ZOOM:g}.")
    if not isinstance(step.note, str) or len(step.note) > MAX_TEXT:
        raise UserDataError(f"The note of step {n} of the lesson is longer than {MAX_TEXT:,} characters.")
    layers = tuple(layer for layer in LAYERS if layer in step.layers)
    return replace(step, points=tuple(dict.fromkeys(codes)), layers=layers, zoom=float(zoom))


def check_lesson(lesson: Lesson, reference: Reference | None = None) -> Lesson:
    """The lesson as stored (title trimmed, steps checked), or UserDataError with a sentence."""
    title = lesson.title.strip() if isinstance(lesson.title, str) else ""
    if not title:
        raise UserDataError("A lesson needs a title.")
    if len(title) > MAX_TITLE:
        raise UserDataError(f"A lesson's title has at most {MAX_TITLE} characters; this one has {len(title)}.")
    if not isinstance(lesson.summary, str) or len(lesson.summary) > MAX_TEXT:
        raise UserDataError(f"A lesson's summary is text of at most {MAX_TEXT:,} characters.")
    if len(lesson.steps) > MAX_STEPS:
        raise UserDataError(f"A lesson has at most {MAX_STEPS} steps; this one has {len(lesson.steps)}.")
    steps = tuple(check_step(s, n, reference) for n, s in enumerate(lesson.steps, start=1))
    based_on = lesson.based_on.strip()[:MAX_TITLE] if isinstance(lesson.based_on, str) and lesson.based_on else None
    return replace(lesson, title=title, steps=steps, based_on=based_on or None)


# -- made from a meridian, a protocol or a list of points -------------------------------------------------


def _step_for(reference: Reference, code: str, note: str = "", layers: tuple[str, ...] = ("labels",)) -> LessonStep:
    return LessonStep(reference.diagram_for(code) or "", (code,), "all", layers, 1.0, note)


def from_meridian(reference: Reference, meridian: str) -> Lesson:
    """One step per point of the meridian in number order, its path drawn, the meridian's points shown."""
    points = reference.meridian_sequence(meridian)
    if not points:
        raise UserDataError(f"PointMap has no points of the meridian '{meridian[:20]}' to make a lesson of.")
    known = reference.meridians.get(meridian)
    title = f"The {known.name} meridian" if known else f"{meridian} points"
    steps = tuple(
        replace(_step_for(reference, p.code, layers=("labels", "paths")), shown="lesson") for p in points[:MAX_STEPS]
    )
    return Lesson("", title, f"The points of {meridian} in the order the meridian runs.", steps, f"meridian:{meridian}")


def from_protocol(reference: Reference, protocol_id: str) -> Lesson:
    """One step per point of a built-in protocol, in its order, each with the protocol's note on it."""
    protocol = next((p for p in reference.protocols if p.id == protocol_id), None)
    if protocol is None:
        raise UserDataError(f"There is no built-in protocol '{protocol_id[:60]}' to make a lesson of.")
    steps = tuple(
        _step_for(reference, s.point_code, s.note) for s in protocol.steps if s.point_code in reference.points
    )
    return Lesson("", protocol.title, protocol.purpose, steps[:MAX_STEPS], f"protocol:{protocol_id}")


def from_codes(reference: Reference, title: str, codes: Iterable[str], based_on: str | None = None) -> Lesson:
    """One step per point (codes the data does not hold are left out), as chosen by hand."""
    steps = tuple(_step_for(reference, c) for c in dict.fromkeys(codes) if c in reference.points)
    return Lesson("", title, "", steps[:MAX_STEPS], based_on)


# -- for the handouts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonOutline:
    id: str
    title: str
    codes: tuple[str, ...]  # highlighted points, first met first, only those the data holds


def find_lesson(reference: Reference, own: Iterable[Lesson], lesson_id: str) -> Lesson | None:
    """A lesson by id: 'builtin:ID' or a built-in's bare id, an own lesson's uid or its first 6+
    characters, or a title (any case). None when nothing, or more than one, matches."""
    key = lesson_id.strip()
    everything = [*reference.lessons, *own]
    for test in (
        lambda lesson: lesson.uid == key or lesson.uid == BUILTIN_PREFIX + key,
        lambda lesson: len(key) >= 6 and not lesson.builtin and lesson.uid.startswith(key),
        lambda lesson: lesson.title.casefold() == key.casefold(),
    ):
        found = [lesson for lesson in everything if test(lesson)]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def lesson_outline(reference: Reference, lesson_id: str, store=None) -> LessonOutline:
    """A lesson's title and ordered point codes, for a handout (`pointmap handout --lesson ID`).
    ``store``: an open UserStore for the person's own lessons (None: built-in lessons only).
    UserDataError when no lesson, or more than one, answers to ``lesson_id``."""
    own: list[Lesson] = []
    if store is not None:
        from pointmap.core.userdata import lessons as stored

        own = stored.lessons(store)
    found = find_lesson(reference, own, lesson_id)
    if found is None:
        listing = "; ".join(lesson.uid.removeprefix(BUILTIN_PREFIX)[:24] for lesson in [*reference.lessons, *own])
        raise UserDataError(f"No single lesson answers to '{lesson_id[:60]}' (there are: {listing}).")
    return LessonOutline(found.uid, found.title, tuple(c for c in found.codes if c in reference.points))
