"""How far a spot on a diagram is from a point, in the proportional cun of the segment the point
lies on, and in which anatomical direction (study mode's locate questions). No Qt.

A point's **frame** on a view has two axes through its true position:

- the *long* axis runs up and down on a view with a vertical scale (the face, the abdomen), and
  along the limb on a view without one (the arm), as the build's offsets do; its cun comes from
  the proportional segment the point lies on: the line of its own
  definition when that line is a proportional segment (``toward`` with ``of``: PC6 on the
  PC7–PC3 line, 12 cun), else the diagram's grid segment that spans the point (above the umbilicus
  8 cun to the xiphisternal junction, below it 5 cun to the pubic symphysis; the upper arm 9, the
  forearm 12), else the diagram's vertical scale; its cun is that segment's length over its cun;
- the *cross* axis is at right angles to it, measured with the diagram's horizontal scale when it
  has one (the face: hairline corners 9 cun apart; the abdomen: the nipples 8 cun apart; a profile
  view: its own horizontal scale), else in the long axis's cun (the arm: WHO 2008 gives no cun
  across a limb).

An error is split along the two axes and named in words for the view: superior / inferior and
lateral / medial on the face and trunk, proximal / distal and radial / ulnar on the arm (limbs
hang in the anatomical position on every diagram), anterior / posterior across a profile view,
"to the subject's right / left" across the midline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pointmap.core.geometry.cun import Vec

if TYPE_CHECKING:
    from pointmap.core.reference import Diagram, Position, Reference

LIMB_REGIONS = frozenset({"arm", "hand", "leg", "lower-leg", "foot"})
UPPER_LIMB_REGIONS = frozenset({"arm", "hand"})
PROFILE_VIEWS = frozenset({"lateral", "medial"})
NEGLIGIBLE = 0.1  # cun: a component smaller than this is not named


class NoCunScale(ValueError):
    """The diagram declares no proportional segment or scale: nothing to measure cun with."""


@dataclass(frozen=True)
class Frame:
    """A point's true position on a view (diagram units) and how cun run around it."""

    origin: Vec
    long: Vec  # unit vector toward the head (superior, or proximal on a limb)
    cross: Vec  # unit vector toward ``cross_words[0]`` (lateral, radial, anterior, the subject's right)
    long_unit: float  # diagram units per cun along ``long``
    cross_unit: float  # diagram units per cun along ``cross``
    long_words: tuple[str, str]  # (toward +long, toward -long): ("superior", "inferior")
    cross_words: tuple[str, str]

    def offset(self, spot: Vec) -> tuple[float, float]:
        """(cun along the long axis, cun along the cross axis) from the true position to ``spot``."""
        d = spot - self.origin
        return (
            (d.x * self.long.x + d.y * self.long.y) / self.long_unit,
            (d.x * self.cross.x + d.y * self.cross.y) / self.cross_unit,
        )

    def distance(self, spot: Vec) -> float:
        along, across = self.offset(spot)
        return math.hypot(along, across)

    def spot_at(self, along: float, across: float) -> Vec:
        """The diagram position ``along`` and ``across`` cun from the true position (for drawing and tests)."""
        return Vec(
            self.origin.x + self.long.x * along * self.long_unit + self.cross.x * across * self.cross_unit,
            self.origin.y + self.long.y * along * self.long_unit + self.cross.y * across * self.cross_unit,
        )


@dataclass(frozen=True)
class Miss:
    """How far a spot is from a point, and which way."""

    distance: float  # cun
    along: float  # cun toward long_words[0] (negative: toward long_words[1])
    across: float  # cun toward cross_words[0]
    long_words: tuple[str, str]
    cross_words: tuple[str, str]

    def parts(self, digits: int = 1) -> list[str]:
        """'0.8 cun too far distal', largest first; components under 0.1 cun are left out."""
        found = []
        for value, words in ((self.along, self.long_words), (self.across, self.cross_words)):
            if abs(value) >= NEGLIGIBLE:
                found.append((abs(value), words[0] if value > 0 else words[1]))
        found.sort(key=lambda item: -item[0])
        return [f"{amount:.{digits}f} cun {_too_far(word)}" for amount, word in found]

    def sentence(self, digits: int = 1) -> str:
        """'1.3 cun off: 1.2 cun too far lateral and 0.5 cun too far inferior.' in plain words, with
        ``digits`` decimals (two where one would round across a scoring band's edge)."""
        parts = self.parts(digits)
        if not parts:
            return "Right on the point (less than 0.1 cun off)."
        if len(parts) == 1:
            return parts[0][0].upper() + parts[0][1:] + "."
        return f"{self.distance:.{digits}f} cun off: {parts[0]} and {parts[1]}."


def _too_far(word: str) -> str:
    return word if word.startswith("to the ") else f"too far {word}"


def _xy(diagram: Diagram, x: float, y: float) -> Vec:
    return Vec(x * diagram.width, y * diagram.height)


class Frames:
    """The frames of every point on every view, made on first use and kept (a few microseconds each)."""

    def __init__(self, reference: Reference):
        self.reference = reference
        self._frames: dict[tuple[str, str, str, int, float, float], Frame] = {}
        self._segments: dict[tuple[str, str], list[tuple[Vec, Vec, float]]] = {}

    # -- public --------------------------------------------------------------------------------

    def has_scale(self, diagram_id: str) -> bool:
        """Whether cun can be measured on this view at all."""
        diagram = self.reference.diagrams.get(diagram_id)
        return diagram is not None and bool(diagram.scales or self.reference.grid_segments(diagram_id))

    def frame(self, position: Position) -> Frame:
        """The frame at a position of a point (NoCunScale when the view has nothing to measure with)."""
        key = (position.point_code, position.diagram, position.side, position.site, position.x, position.y)
        found = self._frames.get(key)
        if found is None:
            found = self._frames[key] = self._make(position)
        return found

    def miss(self, position: Position, spot: Vec) -> Miss:
        frame = self.frame(position)
        along, across = frame.offset(spot)
        return Miss(math.hypot(along, across), along, across, frame.long_words, frame.cross_words)

    # -- making a frame ------------------------------------------------------------------------

    def _make(self, position: Position) -> Frame:
        diagram = self.reference.diagrams[position.diagram]
        origin = _xy(diagram, position.x, position.y)
        side = position.side if position.side in ("left", "right") else "right"
        long_dir, long_unit, line_is_across = None, None, False
        cross_unit = None
        line = self._definition_line(position, diagram, side)
        if line is not None:
            direction, unit = line
            if abs(direction.y) >= abs(direction.x):
                long_dir, long_unit = direction, unit
            else:  # a proportional segment across the view (BL4: GV24 to ST8, 4.5 cun)
                cross_unit, line_is_across = unit, True
        if long_unit is None:
            spanned = self._spanning_segment(diagram, origin, side)
            if spanned is not None:
                long_dir, long_unit = spanned
        if long_unit is None:
            long_unit = self._scale_unit(diagram, "y")
            long_dir = Vec(0.0, -1.0)
        if cross_unit is None and not line_is_across:
            cross_unit = self._scale_unit(diagram, "x")
        if long_unit is None:
            long_unit = cross_unit
        if cross_unit is None:
            cross_unit = long_unit
        if long_unit is None or long_dir is None:
            raise NoCunScale(
                f"The view {diagram.title} declares no cun scale; a click on it cannot be measured in cun."
            )
        if any(scale.axis == "y" for scale in diagram.scales):
            long_dir = Vec(0.0, -1.0)  # a view with a vertical scale measures up and down straight up and down
        elif long_dir.y > 0:  # toward the head (limbs hang in the anatomical position)
            long_dir = long_dir.scaled(-1)
        cross_dir, cross_words = self._cross(diagram, position, origin, long_dir)
        limb = diagram.region in LIMB_REGIONS
        long_words = ("proximal", "distal") if limb else ("superior", "inferior")
        return Frame(origin, long_dir, cross_dir, long_unit, cross_unit, long_words, cross_words)

    def _cross(self, diagram: Diagram, position: Position, origin: Vec, long_dir: Vec) -> tuple[Vec, tuple[str, str]]:
        perpendicular = Vec(-long_dir.y, long_dir.x)
        if diagram.view in PROFILE_VIEWS or diagram.sides != "both":
            forward = self._anterior_sign(diagram)
            if perpendicular.x * forward < 0:
                perpendicular = perpendicular.scaled(-1)
            return perpendicular, ("anterior", "posterior")
        midline = (diagram.midline_x if diagram.midline_x is not None else 0.5) * diagram.width
        if position.side == "midline" or abs(origin.x - midline) < 1e-6:
            right = self._right_sign(diagram)
            if perpendicular.x * right < 0:
                perpendicular = perpendicular.scaled(-1)
            return perpendicular, ("to the subject's right", "to the subject's left")
        outward = 1.0 if origin.x > midline else -1.0
        if perpendicular.x * outward < 0:
            perpendicular = perpendicular.scaled(-1)
        words = ("radial", "ulnar") if diagram.region in UPPER_LIMB_REGIONS else ("lateral", "medial")
        return perpendicular, words

    def _right_sign(self, diagram: Diagram) -> float:
        """+1 when the subject's right side is drawn on the viewer's right (a back view)."""
        midline = (diagram.midline_x if diagram.midline_x is not None else 0.5) * diagram.width
        for mark in diagram.landmarks:
            x = mark.x * diagram.width
            if mark.side == "right" and abs(x - midline) > 1e-6:
                return 1.0 if x > midline else -1.0
        return -1.0  # front views draw the subject's right on the viewer's left

    def _anterior_sign(self, diagram: Diagram) -> float:
        """+1 when the front of the body faces the viewer's right on a profile view: read from a point
        defined by an 'anterior' offset from a landmark of that view."""
        for pos in self.reference.positions.get(diagram.id, []):
            definition = self.reference.points[pos.point_code].definition
            amount = definition.get("anterior") or -(definition.get("posterior") or 0)
            at = definition.get("at")
            if not amount or not isinstance(at, str) or set(definition) - {"at", "anterior", "posterior"}:
                continue
            mark = diagram.landmark(at, "right")
            if mark is not None and abs(pos.x - mark.x) > 1e-9:
                return 1.0 if (pos.x - mark.x) * amount > 0 else -1.0
        return 1.0

    def _reference_spot(self, name: str, diagram: Diagram, side: str) -> Vec | None:
        base, _, explicit = name.partition(":")
        if base in self.reference.points:
            spots = self.reference.positions_of(base, diagram.id)
            chosen = [p for p in spots if p.side == (explicit or side)] or [p for p in spots if p.side == "midline"]
            return _xy(diagram, chosen[0].x, chosen[0].y) if chosen else None
        mark = diagram.landmark(base, explicit or side)
        return _xy(diagram, mark.x, mark.y) if mark is not None else None

    def _definition_line(self, position: Position, diagram: Diagram, side: str) -> tuple[Vec, float] | None:
        """The proportional segment of the point's own definition: (unit direction, units per cun)."""
        point = self.reference.points.get(position.point_code)
        definition = point.definition if point is not None else {}
        if not {"at", "toward", "of"} <= set(definition) or position.site:
            return None
        start = self._reference_spot(str(definition["at"]), diagram, side)
        end = self._reference_spot(str(definition["toward"]), diagram, side)
        of = float(definition["of"])
        if start is None or end is None or of <= 0:
            return None
        line = end - start
        if line.length < 1e-6:
            return None
        return line.unit(), line.length / of

    def _segments_of(self, diagram: Diagram, side: str) -> list[tuple[Vec, Vec, float]]:
        """The diagram's proportional segments (its cun grid) on one side, in diagram units."""
        key = (diagram.id, side)
        found = self._segments.get(key)
        if found is None:
            found = []
            for segment in self.reference.grid_segments(diagram.id):
                start = self._reference_spot(segment.start, diagram, side)
                end = self._reference_spot(segment.end, diagram, side)
                if start is not None and end is not None and (end - start).length > 1e-6 and segment.cun > 0:
                    found.append((start, end, float(segment.cun)))
            self._segments[key] = found
        return found

    def _spanning_segment(self, diagram: Diagram, spot: Vec, side: str) -> tuple[Vec, float] | None:
        """The mostly vertical proportional segment whose span holds ``spot`` (else the nearest one)."""
        best, best_key = None, None
        for start, end, cun in self._segments_of(diagram, side):
            line = end - start
            if abs(line.y) < abs(line.x):
                continue  # runs across the view: a horizontal measure, not the one a point lies along
            length = line.length
            t = ((spot.x - start.x) * line.x + (spot.y - start.y) * line.y) / (length * length)
            beyond = max(0.0, -t, t - 1.0) * length
            across = abs((spot.x - start.x) * line.y - (spot.y - start.y) * line.x) / length
            key = (round(beyond, 6), across)
            if best_key is None or key < best_key:
                best, best_key = (line.unit(), length / cun), key
        return best

    def _scale_unit(self, diagram: Diagram, axis: str) -> float | None:
        for scale in diagram.scales:
            if scale.axis != axis or scale.cun <= 0:
                continue
            start = self._reference_spot(scale.start, diagram, "right")
            end = self._reference_spot(scale.end, diagram, "right")
            if start is not None and end is not None and (end - start).length > 1e-6:
                return (end - start).length / scale.cun
        if axis == "x":  # a grid segment across the view serves as well
            for start, end, cun in self._segments_of(diagram, "right"):
                line = end - start
                if abs(line.x) > abs(line.y):
                    return line.length / cun
        return None
