"""Where each label goes on a printed diagram: beside its marker where there is room, else further
out with a leader line, never over another label or marker when any place is free, always inside the
diagram. Units are whatever the caller measures in (device pixels of the page); no Qt."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Directions tried, nearest first: right, left, above, below, then the diagonals and between.
_DIRECTIONS = (0, 180, 270, 90, 315, 225, 45, 135, 340, 200, 20, 160, 295, 245, 65, 115)
_REACH = (1.0, 2.2, 3.6, 5.2, 7.2, 9.6, 12.5)  # distances out from the marker, in label gaps


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlap(self, other: Box) -> float:
        """The area the two boxes share (0 when apart)."""
        dx = min(self.right, other.right) - max(self.x, other.x)
        dy = min(self.bottom, other.bottom) - max(self.y, other.y)
        return dx * dy if dx > 0 and dy > 0 else 0.0

    def inside(self, other: Box) -> bool:
        return self.x >= other.x and self.y >= other.y and self.right <= other.right and self.bottom <= other.bottom

    def nearest(self, x: float, y: float) -> tuple[float, float]:
        """The point of the box nearest (x, y): where a leader line ends."""
        return min(max(x, self.x), self.right), min(max(y, self.y), self.bottom)


@dataclass(frozen=True)
class Label:
    """A label to place: its marker's centre and the label's size."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Placed:
    box: Box
    leader: bool  # set apart from its marker: draw a line from the marker to it
    clear: bool  # it overlaps nothing


def _candidate(label: Label, angle: float, distance: float) -> Box:
    """The label's box with its nearest edge ``distance`` from the marker, in direction ``angle``."""
    a = math.radians(angle)
    dx, dy = math.cos(a), math.sin(a)
    # The box centre moves out until the box's edge (not its centre) is ``distance`` away.
    half_w, half_h = label.w / 2, label.h / 2
    reach_x = half_w * abs(dx)
    reach_y = half_h * abs(dy)
    cx = label.x + dx * (distance + reach_x)
    cy = label.y + dy * (distance + reach_y)
    return Box(cx - half_w, cy - half_h, label.w, label.h)


def place_labels(
    labels: list[Label],
    marker_radius: float,
    bounds: Box,
    markers: list[tuple[float, float]],
    obstacles: Sequence[Box] = (),
) -> list[Placed]:
    """A place for every label, in the order given. ``markers`` are all markers drawn (each a circle of
    ``marker_radius``), labels avoid them and each other, and anything else drawn over the diagram
    (``obstacles``: a needle map's pins). The most crowded labels are placed first, so the ones with
    few neighbours take what room is left further out."""
    gap = marker_radius * 1.6
    marker_boxes = [Box(x - marker_radius, y - marker_radius, 2 * marker_radius, 2 * marker_radius) for x, y in markers]
    marker_boxes += obstacles
    scale = max((max(label.w, label.h) for label in labels), default=1.0) * 2

    def crowding(label: Label) -> int:
        return sum(1 for x, y in markers if abs(x - label.x) < scale and abs(y - label.y) < scale)

    order = sorted(range(len(labels)), key=lambda i: -crowding(labels[i]))
    placed: list[Box] = []
    result: dict[int, Placed] = {}
    for i in order:
        label = labels[i]
        own = Box(label.x - marker_radius, label.y - marker_radius, 2 * marker_radius, 2 * marker_radius)
        best: tuple[float, Box, bool] | None = None
        for step, reach in enumerate(_REACH):
            directions = _DIRECTIONS if step else _DIRECTIONS[:8]
            for angle in directions:
                box = _candidate(label, angle, gap * reach)
                if not box.inside(bounds):
                    continue
                cost = sum(box.overlap(b) for b in placed) * 4 + sum(box.overlap(b) for b in marker_boxes if b != own)
                if cost == 0:
                    best = (0.0, box, step > 0)
                    break
                if best is None or cost < best[0]:
                    best = (cost, box, step > 0)
            if best is not None and best[0] == 0:
                break
        if best is None:  # no place inside the diagram at all: beside the marker, pulled inside
            box = _candidate(label, 0, gap)
            box = Box(
                min(max(box.x, bounds.x), bounds.right - box.w),
                min(max(box.y, bounds.y), bounds.bottom - box.h),
                box.w,
                box.h,
            )
            best = (1.0, box, False)
        placed.append(best[1])
        result[i] = Placed(best[1], best[2], best[0] == 0)
    return [result[i] for i in range(len(labels))]
