"""The body's outline on a diagram, read from its artwork, and lines cut to it.

The diagram generators (tools/diagrams) write each closed body part (a limb, the trunk, the head)
as an invisible ``<polygon class="outline" points="x,y x,y …"/>`` in SVG user units. The cun grid's
rungs are cut to the part they cross, so none runs off the limb into the air or across the chest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

Polygon = list[tuple[float, float]]

_POLYGON = re.compile(r'<polygon\b[^>]*\bclass="outline"[^>]*\bpoints="([^"]*)"')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def read_outlines(svg: str | Path) -> list[Polygon]:
    """The outline polygons of an SVG file (or its text): [] when it has none or cannot be read."""
    if isinstance(svg, Path):
        try:
            svg = svg.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
    polygons = []
    for match in _POLYGON.finditer(svg):
        numbers = [float(n) for n in _NUMBER.findall(match.group(1))]
        polygon = list(zip(numbers[0::2], numbers[1::2], strict=False))
        if len(polygon) >= 3:
            polygons.append(polygon)
    return polygons


def contains(polygon: Sequence[tuple[float, float]], x: float, y: float) -> bool:
    """Whether (x, y) lies inside ``polygon`` (even-odd rule)."""
    inside = False
    n = len(polygon)
    for i in range(n):
        (ax, ay), (bx, by) = polygon[i], polygon[(i + 1) % n]
        if (ay > y) != (by > y) and x < ax + (bx - ax) * (y - ay) / (by - ay):
            inside = not inside
    return inside


def crossings(polygon: Sequence[tuple[float, float]], origin: tuple[float, float], direction: tuple[float, float]):
    """Where the line origin + t * direction crosses the polygon's edges: the values of t, sorted."""
    ox, oy = origin
    dx, dy = direction
    found = []
    n = len(polygon)
    for i in range(n):
        (ax, ay), (bx, by) = polygon[i], polygon[(i + 1) % n]
        ex, ey = bx - ax, by - ay
        denom = dx * ey - dy * ex
        if abs(denom) < 1e-12:
            continue
        t = ((ax - ox) * ey - (ay - oy) * ex) / denom
        s = ((ax - ox) * dy - (ay - oy) * dx) / denom
        if 0 <= s < 1:
            found.append(t)
    return sorted(found)


def inside_stretch(
    polygons: Iterable[Sequence[tuple[float, float]]],
    origin: tuple[float, float],
    direction: tuple[float, float],
) -> tuple[float, float] | None:
    """The stretch (t0, t1) of the line origin + t * direction around t = 0 that lies inside the
    polygon holding ``origin``; None when no polygon holds it."""
    for polygon in polygons:
        if not contains(polygon, *origin):
            continue
        ts = crossings(polygon, origin, direction)
        below = [t for t in ts if t < 0]
        above = [t for t in ts if t >= 0]
        if below and above:
            return below[-1], above[0]
    return None
