"""Proportional-cun geometry: turn a point's location definition into diagram coordinates.

A diagram declares landmarks (in SVG user units) for the subject's right side and the midline,
plus optional cun scales. A definition (see docs/data.md) starts at a landmark or another point,
moves along a proportional segment, and adds offsets in cun. Everything is resolved for the
subject's right side; sides that the diagram shows are produced by mirroring about its midline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pointmap.core.geometry.keys import DEFINITION_KEYS, OFFSET_KEYS


class GeometryError(ValueError):
    """A definition cannot be resolved; the message says why in a sentence."""


@dataclass(frozen=True)
class Vec:
    x: float
    y: float

    def __add__(self, other: Vec) -> Vec:
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other: Vec) -> Vec:
        return Vec(self.x - other.x, self.y - other.y)

    def scaled(self, factor: float) -> Vec:
        return Vec(self.x * factor, self.y * factor)

    @property
    def length(self) -> float:
        return math.hypot(self.x, self.y)

    def unit(self) -> Vec:
        length = self.length
        if length == 0:
            raise GeometryError("a segment has zero length")
        return Vec(self.x / length, self.y / length)


@dataclass(frozen=True)
class Scale:
    start: str
    end: str
    cun: float


@dataclass
class DiagramGeometry:
    """The landmarks and scales of one diagram, in SVG user units."""

    id: str
    width: float
    height: float
    sides: str  # "both" or "right"
    landmarks: dict[tuple[str, str], Vec]  # (name, side) -> position; side right|left|midline
    midline_x: float | None = None
    right_side: str = "viewer-left"
    facing: str | None = None
    scale_x: Scale | None = None
    scale_y: Scale | None = None

    @classmethod
    def from_source(cls, doc: Mapping[str, Any]) -> DiagramGeometry:
        sides = doc.get("sides", "both")
        midline = doc.get("midline_x")
        landmarks: dict[tuple[str, str], Vec] = {}
        for mark in doc.get("landmark", []):
            side = mark.get("side", "midline")
            pos = Vec(float(mark["x"]), float(mark["y"]))
            landmarks[(mark["name"], side)] = pos
            if side == "right" and sides == "both" and midline is not None:
                landmarks[(mark["name"], "left")] = Vec(2 * midline - pos.x, pos.y)

        def scale(key: str) -> Scale | None:
            raw = doc.get(key)
            if not raw:
                return None
            return Scale(raw["from"], raw["to"], float(raw["cun"]))

        return cls(
            id=doc["id"],
            width=float(doc["width"]),
            height=float(doc["height"]),
            sides=sides,
            landmarks=landmarks,
            midline_x=midline,
            right_side=doc.get("right_side", "viewer-left"),
            facing=doc.get("facing"),
            scale_x=scale("scale_x"),
            scale_y=scale("scale_y"),
        )

    # -- landmarks -------------------------------------------------------------------------

    def landmark(self, ref: str, side: str = "right") -> Vec | None:
        """A landmark by name; ``name:left`` picks a side explicitly; midline is the fallback."""
        name, _, explicit = ref.partition(":")
        if explicit:
            side = explicit
        return self.landmarks.get((name, side)) or self.landmarks.get((name, "midline"))

    def mirror(self, pos: Vec) -> Vec:
        if self.midline_x is None:
            raise GeometryError(f"diagram {self.id} has no midline_x to mirror about")
        return Vec(2 * self.midline_x - pos.x, pos.y)

    def lateral_sign(self) -> float:
        """+1 when 'lateral' on the subject's right side points to the viewer's right."""
        return 1.0 if self.right_side == "viewer-right" else -1.0

    def scale_unit(self, scale: Scale | None) -> float | None:
        if scale is None:
            return None
        a, b = self.landmark(scale.start), self.landmark(scale.end)
        if a is None or b is None:
            missing = scale.start if a is None else scale.end
            raise GeometryError(f"diagram {self.id} has a scale that names unknown landmark '{missing}'")
        return (b - a).length / scale.cun


Resolver = Callable[[str], Vec | None]


def _number(definition: Mapping[str, Any], key: str) -> float:
    value = definition[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GeometryError(f"'{key}' must be a number, not {_shown(value)}")
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        raise GeometryError(f"'{key}' must be a number of a sensible size, not {_shown(value)}") from None
    if not math.isfinite(number):
        raise GeometryError(f"'{key}' must be a finite number, not {_shown(value)}")
    return number


def _shown(value: Any) -> str:
    """A value as a message shows it: at most 40 characters (a fuzzed file may hold thousands)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def resolve(definition: Any, diagram: DiagramGeometry, lookup: Resolver) -> Vec:
    """Resolve a definition for the subject's right side of ``diagram``.

    ``lookup`` maps a reference (landmark name or point code) to a position, or None when it
    is unknown on this diagram.
    """
    if not isinstance(definition, Mapping) or not definition:
        raise GeometryError("the definition is missing or empty")
    unknown = sorted(set(definition) - DEFINITION_KEYS)
    if unknown:
        raise GeometryError(f"the definition has unknown key(s): {', '.join(unknown)}")

    def ref(key: str) -> Vec:
        name = definition[key]
        if not isinstance(name, str) or not name:
            raise GeometryError(f"'{key}' must name a landmark or a point")
        pos = lookup(name)
        if pos is None:
            raise GeometryError(f"'{name}' is neither a landmark of diagram {diagram.id} nor a point drawn on it")
        return pos

    line: Vec | None = None
    line_unit: float | None = None
    crossing = [k for k in ("x_of", "y_of") if k in definition]
    if "via" in definition and ("toward" not in definition or "fraction" not in definition):
        raise GeometryError("'via' bends the line from 'at' to 'toward' into an arc: it needs 'toward' and 'fraction'")
    if "at" in definition and crossing:
        pos = _crossing(definition, crossing, ref)
    elif "at" in definition:
        pos = ref("at")
        if "toward" in definition and "via" in definition:
            if "cun" in definition or "of" in definition:
                raise GeometryError("an arc ('via') is divided by 'fraction', not by 'cun' and 'of'")
            pos = _along_arc(pos, ref("via"), ref("toward"), _number(definition, "fraction"))
        elif "toward" in definition:
            target = ref("toward")
            line = target - pos
            if "fraction" in definition:
                if "cun" in definition or "of" in definition:
                    raise GeometryError("use either 'fraction' or 'cun' with 'of', not both")
                pos = pos + line.scaled(_number(definition, "fraction"))
            elif "of" in definition:
                of = _number(definition, "of")
                if of <= 0:
                    raise GeometryError("'of' must be a positive number of cun")
                line_unit = line.length / of
                cun = _number(definition, "cun") if "cun" in definition else 0.0
                pos = pos + line.scaled(cun / of)
            else:
                raise GeometryError("'toward' needs 'cun' with 'of', or 'fraction'")
        elif any(k in definition for k in ("cun", "of", "fraction")):
            raise GeometryError("'cun', 'of' and 'fraction' need a 'toward' reference")
    elif "x_of" in definition and "y_of" in definition:
        pos = Vec(ref("x_of").x, ref("y_of").y)
    else:
        raise GeometryError("the definition needs 'at', or both 'x_of' and 'y_of'")

    for key in OFFSET_KEYS:
        if key not in definition:
            continue
        amount = _number(definition, key)
        pos = pos + _offset(key, amount, diagram, line, line_unit)
    return pos


def _crossing(definition: Mapping[str, Any], crossing: list[str], ref: Callable[[str], Vec]) -> Vec:
    """Where the line from 'at' to 'toward' meets the vertical through 'x_of' (or the horizontal
    through 'y_of'): directly above the pupil on the line from GV24 to ST8."""
    if len(crossing) > 1 or "toward" not in definition:
        raise GeometryError("with 'at', give 'toward' and one of 'x_of' or 'y_of': where that line crosses it")
    if any(k in definition for k in ("cun", "of", "fraction", "via")):
        raise GeometryError("a crossing ('at', 'toward', 'x_of' or 'y_of') takes no 'cun', 'of', 'fraction' or 'via'")
    start, end = ref("at"), ref("toward")
    line = end - start
    axis = "x" if crossing[0] == "x_of" else "y"
    span = getattr(line, axis)
    if abs(span) < 1e-9:
        across = "vertical" if axis == "x" else "horizontal"
        line_name = f"the line from '{definition['at']}' to '{definition['toward']}'"
        raise GeometryError(f"{line_name} is {across}: it never crosses")
    t = (getattr(ref(crossing[0]), axis) - getattr(start, axis)) / span
    return start + line.scaled(t)


def _along_arc(start: Vec, via: Vec, end: Vec, fraction: float) -> Vec:
    """The point ``fraction`` of the way along the circular arc from ``start`` through ``via`` to
    ``end`` (a curved line of WHO 2008, such as the one from TE20 round the back of the ear to TE17)."""
    ax, ay, bx, by, cx, cy = start.x, start.y, via.x, via.y, end.x, end.y
    d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    if abs(d) < 1e-9:  # the three lie on a line: the arc is that line
        return start + (end - start).scaled(fraction)
    ux = ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay) + (cx * cx + cy * cy) * (ay - by)) / d
    uy = ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx) + (cx * cx + cy * cy) * (bx - ax)) / d
    radius = math.hypot(ax - ux, ay - uy)
    turn = 2 * math.pi
    a0 = math.atan2(ay - uy, ax - ux)
    to_via = (math.atan2(by - uy, bx - ux) - a0) % turn
    to_end = (math.atan2(cy - uy, cx - ux) - a0) % turn
    sweep = to_end if to_via < to_end else to_end - turn  # the way round that passes through 'via'
    angle = a0 + sweep * fraction
    return Vec(ux + radius * math.cos(angle), uy + radius * math.sin(angle))


def _offset(key: str, amount: float, diagram: DiagramGeometry, line: Vec | None, line_unit: float | None) -> Vec:
    vertical = key in ("up", "down")
    scale = diagram.scale_y if vertical else diagram.scale_x
    unit = diagram.scale_unit(scale)
    if key in ("anterior", "posterior"):
        if diagram.facing is None:
            raise GeometryError(f"'{key}' offsets apply to profile views only, not to {diagram.id}")
        forward = 1.0 if diagram.facing == "viewer-right" else -1.0
        direction = Vec(forward if key == "anterior" else -forward, 0.0)
    elif key in ("lateral", "medial") and diagram.facing is not None:
        raise GeometryError(f"'{key}' has no meaning on the profile view {diagram.id}; use anterior/posterior")
    elif unit is not None:
        if vertical:
            direction = Vec(0.0, -1.0 if key == "up" else 1.0)
        else:
            sign = diagram.lateral_sign() * (1.0 if key == "lateral" else -1.0)
            direction = Vec(sign, 0.0)
    else:
        if line is None or line_unit is None:
            raise GeometryError(
                f"diagram {diagram.id} has no cun scale, so '{key}' needs a 'toward' line with 'cun' and 'of'"
            )
        unit = line_unit
        along = line.unit()
        if vertical:
            up = along if along.y < 0 else along.scaled(-1)
            direction = up if key == "up" else up.scaled(-1)
        else:
            across = Vec(-along.y, along.x)
            if across.x * diagram.lateral_sign() < 0:
                across = across.scaled(-1)
            direction = across if key == "lateral" else across.scaled(-1)
    if unit is None:
        raise GeometryError(f"diagram {diagram.id} has no scale for '{key}' offsets")
    return direction.scaled(amount * unit)


def references(definition: Any) -> list[str]:
    """The landmark / point names a definition refers to."""
    if not isinstance(definition, Mapping):
        return []
    return [definition[k] for k in ("at", "toward", "via", "x_of", "y_of") if isinstance(definition.get(k), str)]
