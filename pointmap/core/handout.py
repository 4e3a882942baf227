"""What a handout holds, decided without Qt: its title and kind, the points in order (any sequence:
a meridian, a protocol, one of the person's own, a lesson; or every point of one view), every view
those points are drawn on with the points each labels, the table's rows (location, depth, angle,
cautions, a step's note), the standards the locations follow, the date and the disclaimer.
``ui/export/handout.py`` lays it out on paper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pointmap.core.fileio import safe_file_stem
from pointmap.core.sequences import MERIDIAN, OWN_PROTOCOL, PROTOCOL

if TYPE_CHECKING:
    from pointmap.core.reference import Point, Reference
    from pointmap.core.sequences import Sequence

WHO_2008 = "WHO 2008"
WHO_2008_IN_FULL = (
    "WHO Standard Acupuncture Point Locations in the Western Pacific Region (2008), by proportional bone cun"
)
DISCLAIMER = (
    "PointMap is a reference for trained practitioners and students. It is not medical advice and does not "
    "replace training, supervision or clinical judgement."
)
KIND_WORDS = {MERIDIAN: "Meridian", PROTOCOL: "Protocol", OWN_PROTOCOL: "Protocol", "lesson": "Lesson"}


@dataclass(frozen=True)
class HandoutView:
    """One diagram of the handout and the points labelled on it, in the sequence's order."""

    diagram: str
    title: str
    codes: tuple[str, ...]
    meridian: str | None = None  # whose course is drawn on it (a meridian's handout)


@dataclass(frozen=True)
class Handout:
    title: str
    points: tuple[Point, ...]
    views: tuple[HandoutView, ...] = ()
    kind: str = "View"  # Meridian, Protocol, Lesson, View
    intro: str = ""  # a protocol's purpose, a meridian's course, a lesson's summary
    notes: tuple[str, ...] = ()  # a note per point (a protocol step's), "" where none
    standards: tuple[str, ...] = ()  # the standards the points' locations follow, WHO 2008 first
    made: date | None = None
    left_out: tuple[str, ...] = ()  # points of the sequence that no view draws

    @property
    def file_stem(self) -> str:
        """A file name for the handout without its suffix (no path separators)."""
        return safe_file_stem(self.title, "handout")

    def note_of(self, index: int) -> str:
        return self.notes[index] if index < len(self.notes) else ""

    def view_titles_of(self, code: str) -> list[str]:
        return [v.title for v in self.views if code in v.codes]

    def standard_line(self) -> str:
        """The standards followed, in a sentence for the first page."""
        others = [s for s in self.standards if s != WHO_2008]
        line = f"Locations: {WHO_2008_IN_FULL}."
        if others:
            line += " Extra points: the standard named under each one's location in the table."
        return line

    def subtitle(self) -> str:
        count = len(self.points)
        views = len(self.views)
        made = f" · {self.made.isoformat()}" if self.made else ""
        return (
            f"{self.kind} handout · {count} point{'s' if count != 1 else ''} on {views} "
            f"view{'s' if views != 1 else ''}{made}"
        )


def best_view(reference: Reference, code: str, company: dict[str, int] | None = None) -> str | None:
    """The diagram a point is drawn on in a handout: where it reads best when its data says so (the
    hand views for the hand and wrist); else, of the views that draw it, the one that draws most of
    the points it goes with (``company``: points per diagram), so a meridian stays on one view; else
    the first view of its own region."""
    showing = reference.diagrams_showing(code)
    if not showing:
        return None
    point = reference.points.get(code)
    best = getattr(point, "best_view", "") if point is not None else ""
    if best and best in showing:
        return best
    first = reference.diagram_for(code)
    company = company or {}
    return max(showing, key=lambda d: (company.get(d, 0), d == first))


def handout_of(
    reference: Reference,
    sequence: Sequence,
    *,
    made: date | None = None,
    notes: dict[str, str] | None = None,
    intro: str | None = None,
) -> Handout:
    """A sequence's handout: its points in order, each labelled on its best view; every such view in
    the data's order of diagrams (a meridian's course drawn on each). ``notes`` by code (a lesson's
    or a protocol's own), else the built-in protocol's step notes."""
    codes = [c for c in dict.fromkeys(sequence.codes) if c in reference.points]
    company: dict[str, int] = {}
    for code in codes:
        for diagram in reference.diagrams_showing(code):
            company[diagram] = company.get(diagram, 0) + 1
    by_view: dict[str, list[str]] = {}
    left_out = []
    for code in codes:
        view = best_view(reference, code, company)
        if view is None:
            left_out.append(code)
        else:
            by_view.setdefault(view, []).append(code)
    views = tuple(
        HandoutView(d, reference.diagrams[d].title, tuple(by_view[d]), sequence.meridian)
        for d in reference.diagrams
        if d in by_view
    )
    if notes is None:
        notes = _protocol_notes(reference, sequence)
    return Handout(
        title=sequence.title,
        points=tuple(reference.points[c] for c in codes),
        views=views,
        kind=KIND_WORDS.get(sequence.kind, "Sequence"),
        intro=intro if intro is not None else _intro(reference, sequence),
        notes=tuple(notes.get(c, "") for c in codes),
        standards=_standards(reference, codes),
        made=made,
        left_out=tuple(left_out),
    )


def view_handout(reference: Reference, diagram_id: str, *, made: date | None = None) -> Handout:
    """Every point one view draws, on that view."""
    shown = {p.point_code for p in reference.positions.get(diagram_id, [])}
    codes = [c for c in reference.points if c in shown]
    diagram = reference.diagrams[diagram_id]
    return Handout(
        title=diagram.title,
        points=tuple(reference.points[c] for c in codes),
        views=(HandoutView(diagram_id, diagram.title, tuple(codes)),),
        kind="View",
        standards=_standards(reference, codes),
        made=made,
    )


def handout_for(
    reference: Reference, diagram_id: str, sequence: Sequence | None, *, made: date | None = None
) -> Handout:
    """The window's handout: the chosen sequence's; without one, every point the diagram shows."""
    if sequence is not None and sequence.codes:
        return handout_of(reference, sequence, made=made)
    return view_handout(reference, diagram_id, made=made)


def _protocol_notes(reference: Reference, sequence: Sequence) -> dict[str, str]:
    if sequence.kind != PROTOCOL:
        return {}
    protocol = next((p for p in reference.protocols if p.id == sequence.key), None)
    if protocol is None:
        return {}
    notes: dict[str, str] = {}
    for step in protocol.steps:
        if step.note and step.point_code not in notes:
            notes[step.point_code] = step.note
    return notes


def _intro(reference: Reference, sequence: Sequence) -> str:
    if sequence.kind == MERIDIAN:
        meridian = reference.meridians.get(sequence.key)
        return meridian.course if meridian else ""
    if sequence.kind == PROTOCOL:
        protocol = next((p for p in reference.protocols if p.id == sequence.key), None)
        if protocol is not None:
            return " ".join(x for x in (protocol.purpose, protocol.notes) if x)
    return ""


def _standards(reference: Reference, codes: list[str]) -> tuple[str, ...]:
    found = list(dict.fromkeys(reference.points[c].standard for c in codes))
    return tuple(sorted(found, key=lambda s: s != WHO_2008))


def resolve_meridian(reference: Reference, text: str, canonical=None) -> str | None:
    """The meridian or extra-point group a person means ('st', 'TB', 'Liv', 'ex-hn', 'lung'), or None.
    ``canonical`` reads a code ('TB 1' → 'TE1'): the search index's, when given."""
    import re

    def compact(s: str) -> str:
        return re.sub(r"[^0-9A-Z]", "", s.upper())

    wanted = compact(text)
    if not wanted:
        return None
    groups = {compact(g): g for g in reference.groups}
    if wanted in groups:
        return groups[wanted]
    for code, meridian in reference.meridians.items():
        if compact(meridian.name) == wanted or compact(meridian.name + " meridian") == wanted:
            return code
    if canonical is not None:
        read = canonical(f"{text} 1")
        letters = compact(re.sub(r"\d+$", "", read or ""))
        if letters in groups:
            return groups[letters]
    return None
