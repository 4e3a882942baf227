"""How close two points may be drawn: a marker is a fixed size on screen, so two points of one
view closer than a marker's width, with the diagram shown whole (fit to the window), cover each
other and a click can reach only one. No Qt: the build's check and the window share these figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

MARKER_DIAMETER = 12.0
"""Pixels on screen: the width of a point's marker, whatever the zoom (ui.diagram.items uses it)."""

FIT_VIEW = (881.0, 913.0)
"""Pixels: where a diagram is shown whole in a 1600 x 1000 window (the view beside the side
panels, less its 8-pixel margin)."""

SHARED = 0.5
"""SVG units: markers closer than this are one place that two points share (PC9 and the middle
finger's Shixuan, TE2 and one of the Baxie), which the window offers both of on a click."""


class Marker(NamedTuple):
    """One marker of a diagram: a point's position (or one of its alternative locations) as
    fractions of the diagram's width and height. (A NamedTuple: the window imports this module
    for MARKER_DIAMETER before its first frame, and a dataclass would cost that frame its making.)"""

    code: str
    side: str
    x: float
    y: float
    what: str = ""  # "" for the point itself, else e.g. "alternative 1"

    @property
    def name(self) -> str:
        side = "" if self.side == "midline" else f" ({self.side})"
        return f"{self.code}{side}{f' {self.what}' if self.what else ''}"


def fit_scale(width: float, height: float, view: tuple[float, float] = FIT_VIEW) -> float:
    """Screen pixels per SVG unit when a diagram of this size is shown whole."""
    return min(view[0] / width, view[1] / height)


def crowded(
    markers: Iterable[Marker],
    width: float,
    height: float,
    view: tuple[float, float] = FIT_VIEW,
    diameter: float = MARKER_DIAMETER,
) -> list[tuple[Marker, Marker, float]]:
    """Pairs of different points' markers whose centres lie closer than a marker's width when the
    diagram is shown whole, with that distance in pixels, nearest first. A point's markers are
    never compared with each other (its two locations, its left and right), and markers that
    coincide are a shared place, not a crowd."""
    scale = fit_scale(width, height, view)
    found = []
    listed = list(markers)
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            if a.code == b.code:
                continue
            units = math.hypot((a.x - b.x) * width, (a.y - b.y) * height)
            if units >= SHARED and units * scale < diameter:
                found.append((a, b, units * scale))
    return sorted(found, key=lambda pair: pair[2])
