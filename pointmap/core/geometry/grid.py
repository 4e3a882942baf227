"""The cun grid: a rung at every cun along each proportional segment a diagram declares."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pointmap.core.reference import Diagram, GridSegment, Landmark


@dataclass(frozen=True)
class Rung:
    """One rung of the grid, in diagram units (the SVG's), and the cun it marks (0 = the origin,
    a landmark everyone can see, drawn without a number)."""

    start: tuple[float, float]
    end: tuple[float, float]
    cun: int

    @property
    def label_at(self) -> tuple[float, float]:
        """Where the rung's number goes: at its outer end."""
        return self.end


def _landmark(diagram: Diagram, ref: str, side: str) -> Landmark | None:
    name, _, explicit = ref.partition(":")
    return diagram.landmark(name, explicit or side)


def grid_rungs(diagram: Diagram, segments: Iterable[GridSegment]) -> list[Rung]:
    """Every rung of ``segments`` on ``diagram``, on each side it shows (midline segments and
    segments that span both sides once)."""
    rungs: list[Rung] = []
    sides = ("right", "left") if diagram.sides == "both" else ("right",)
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
            nx, ny = -uy, ux
            lo, hi = segment.reach
            for fraction, k in segment.rungs():
                t = length * fraction
                cx, cy = ax + ux * t, ay + uy * t
                rungs.append(Rung((cx + nx * lo, cy + ny * lo), (cx + nx * hi, cy + ny * hi), k))
    return rungs
