"""The cun grid: a rung at every cun along each proportional segment a diagram declares.

A rung crosses the body part at its level: across the limb's own axis when the segment names one
(``axis``, e.g. the humerus from the shoulder to the elbow), else across the segment, and it is cut
to the body's outline (``outlines``, read from the artwork) so it never runs off the limb.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pointmap.core.geometry.outline import inside_stretch

if TYPE_CHECKING:
    from pointmap.core.reference import Diagram, GridSegment, Landmark

MIN_RUNG = 4.0  # a rung cut shorter than this (SVG units) is not drawn
INSET = 2.0  # a cut rung stops this far (SVG units) inside the outline, clear of its stroke


@dataclass(frozen=True)
class Rung:
    """One rung of the grid, in diagram units (the SVG's), and the cun it marks (0 = the origin,
    a landmark everyone can see, drawn without a number). ``start`` and ``end`` are its two ends
    (``end`` on the side the segment's reach grows toward); its number goes beyond one of them."""

    start: tuple[float, float]
    end: tuple[float, float]
    cun: int

    @property
    def label_at(self) -> tuple[float, float]:
        """The rung's outer end: where its number goes by default."""
        return self.end

    @property
    def direction(self) -> tuple[float, float]:
        """The unit vector from start to end."""
        dx, dy = self.end[0] - self.start[0], self.end[1] - self.start[1]
        length = math.hypot(dx, dy) or 1.0
        return dx / length, dy / length


def _landmark(diagram: Diagram, ref: str, side: str) -> Landmark | None:
    name, _, explicit = ref.partition(":")
    return diagram.landmark(name, explicit or side)


def grid_rungs(
    diagram: Diagram,
    segments: Iterable[GridSegment],
    outlines: Sequence[Sequence[tuple[float, float]]] = (),
) -> list[Rung]:
    """Every rung of ``segments`` on ``diagram``, on each side it shows (midline segments and
    segments that span both sides once), cut to ``outlines`` when given."""
    rungs: list[Rung] = []
    sides = ("right", "left") if diagram.sides == "both" else ("right",)

    def at(ref: str, side: str) -> tuple[float, float] | None:
        mark = _landmark(diagram, ref, side)
        return None if mark is None else (mark.x * diagram.width, mark.y * diagram.height)

    for segment in segments:
        for side in sides:
            start = _landmark(diagram, segment.start, side)
            end = _landmark(diagram, segment.end, side)
            if start is None or end is None:
                continue
            if side == "left" and start.side == "midline" and end.side == "midline":
                continue  # midline segments are drawn once
            if side == "left" and ":left" in segment.end:
                continue  # a segment that spans both sides is drawn once
            ax, ay = start.x * diagram.width, start.y * diagram.height
            bx, by = end.x * diagram.width, end.y * diagram.height
            length = math.hypot(bx - ax, by - ay)
            if length == 0:
                continue
            ux, uy = (bx - ax) / length, (by - ay) / length
            axis = [at(ref, side) for ref in segment.axis] if segment.axis else []
            origin: tuple[float, float] | None = None
            if len(axis) == 2 and None not in axis and axis[0] != axis[1]:
                (px, py), (qx, qy) = axis  # type: ignore[misc]
                span = math.hypot(qx - px, qy - py)
                vx, vy = (qx - px) / span, (qy - py) / span
                if vx * ux + vy * uy < 0:  # keep the rungs' sides as the segment orders them
                    vx, vy = -vx, -vy
                nx, ny = -vy, vx
                origin = (px, py)
            else:
                vx, vy = ux, uy
                nx, ny = -uy, ux
            lo, hi = segment.reach
            for fraction, k in segment.rungs():
                t = length * fraction
                cx, cy = ax + ux * t, ay + uy * t
                a, b = lo, hi
                if outlines:
                    # the rung's middle: where it crosses the limb's axis (inside the limb, even
                    # when the segment starts at its edge, as an axillary fold does)
                    mx, my = cx, cy
                    if origin is not None:
                        along_axis = (cx - origin[0]) * vx + (cy - origin[1]) * vy
                        mx, my = origin[0] + vx * along_axis, origin[1] + vy * along_axis
                    stretch = inside_stretch(outlines, (mx, my), (nx, ny))
                    shift = (mx - cx) * nx + (my - cy) * ny  # from the segment's point to the middle
                    if stretch is not None:
                        stretch = (stretch[0] + shift, stretch[1] + shift)
                    if stretch is None:
                        continue
                    a, b = max(a, stretch[0] + INSET), min(b, stretch[1] - INSET)
                if b - a < MIN_RUNG:
                    continue
                rungs.append(Rung((cx + nx * a, cy + ny * a), (cx + nx * b, cy + ny * b), k))
    return rungs
