"""Plane geometry for the diagram generators: points, offsets, arcs and smooth curves.

Points are (x, y) tuples in SVG user units, y downward. Curves are centripetal Catmull-Rom splines
through their points: they mix long runs (a forearm) with tight turns (a fingertip) without the
bumps and loops of the uniform spline.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

Pt = tuple[float, float]


def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def shift(p: Pt, dx: float = 0.0, dy: float = 0.0) -> Pt:
    return p[0] + dx, p[1] + dy


def dist(a: Pt, b: Pt) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def unit(v: Pt) -> Pt:
    length = math.hypot(*v) or 1.0
    return v[0] / length, v[1] / length


def direction(a: Pt, b: Pt) -> Pt:
    """The unit vector from a to b."""
    return unit((b[0] - a[0], b[1] - a[1]))


def perp(v: Pt) -> Pt:
    """v turned a quarter clockwise on screen (y down): for a line running down, this points to -x."""
    return -v[1], v[0]


def along(p: Pt, d: Pt, forward: float, across: float = 0.0) -> Pt:
    """p moved ``forward`` along the unit vector ``d`` and ``across`` along its clockwise normal."""
    n = perp(d)
    return p[0] + d[0] * forward + n[0] * across, p[1] + d[1] * forward + n[1] * across


def rotate(v: Pt, degrees: float) -> Pt:
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return v[0] * c - v[1] * s, v[0] * s + v[1] * c


def angle_of(v: Pt) -> float:
    return math.degrees(math.atan2(v[1], v[0]))


def polar(center: Pt, r: float, degrees: float) -> Pt:
    a = math.radians(degrees)
    return center[0] + r * math.cos(a), center[1] + r * math.sin(a)


def tangents(points: Sequence[Pt]) -> list[Pt]:
    """Unit tangent of a polyline at each point (central differences, one-sided at the ends)."""
    last = len(points) - 1
    return [
        unit(
            (
                points[min(i + 1, last)][0] - points[max(i - 1, 0)][0],
                points[min(i + 1, last)][1] - points[max(i - 1, 0)][1],
            )
        )
        for i in range(len(points))
    ]


def offset(points: Sequence[Pt], dists: Iterable[float] | float) -> list[Pt]:
    """Each point moved along the clockwise normal of the polyline by its distance."""
    if isinstance(dists, int | float):
        dists = [float(dists)] * len(points)
    return [along(p, t, 0.0, d) for p, t, d in zip(points, tangents(points), dists, strict=True)]


def arc(center: Pt, r: float, start_deg: float, end_deg: float, steps: int = 6, ry: float | None = None) -> list[Pt]:
    """Points on an arc of a circle (or of an ellipse with radii r, ry); angles in screen degrees."""
    ry = r if ry is None else ry
    return [
        (center[0] + r * math.cos(math.radians(a)), center[1] + ry * math.sin(math.radians(a)))
        for a in (start_deg + (end_deg - start_deg) * i / steps for i in range(steps + 1))
    ]


def ellipse_points(center: Pt, rx: float, ry: float, tilt: float = 0.0, steps: int = 16) -> list[Pt]:
    """A closed ring of points round an ellipse turned ``tilt`` degrees (for splines and polygons)."""
    pts = []
    for i in range(steps):
        a = 2 * math.pi * i / steps
        x, y = rotate((rx * math.cos(a), ry * math.sin(a)), tilt)
        pts.append((center[0] + x, center[1] + y))
    return pts


def _segments(pts: list[Pt], closed: bool):
    """The cubic Bézier control points of the centripetal Catmull-Rom spline through ``pts``."""
    ext = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    for i in range(1, len(pts) + (1 if closed else 0)):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        d01, d12, d23 = (max(math.dist(a, b) ** 0.5, 1e-3) for a, b in ((p0, p1), (p1, p2), (p2, p3)))
        c1, c2 = [], []
        for k in (0, 1):
            t1 = (p1[k] - p0[k]) / d01 - (p2[k] - p0[k]) / (d01 + d12) + (p2[k] - p1[k]) / d12
            t2 = (p2[k] - p1[k]) / d12 - (p3[k] - p1[k]) / (d12 + d23) + (p3[k] - p2[k]) / d23
            c1.append(p1[k] + t1 * d12 / 3)
            c2.append(p2[k] - t2 * d12 / 3)
        yield p1, (c1[0], c1[1]), (c2[0], c2[1]), p2


def spline(points: Sequence[Pt], closed: bool = False) -> str:
    """A centripetal Catmull-Rom spline through ``points`` as an SVG path d."""
    pts = _dedupe(points)
    if len(pts) < 2:
        return ""
    d = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    for _p1, c1, c2, p2 in _segments(pts, closed):
        d.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {p2[0]:.1f},{p2[1]:.1f}")
    return " ".join(d) + (" Z" if closed else "")


def sample(points: Sequence[Pt], closed: bool = False, steps: int = 8) -> list[Pt]:
    """Points along the spline through ``points`` (each segment sampled ``steps`` times)."""
    pts = _dedupe(points)
    out = [pts[0]]
    for p1, c1, c2, p2 in _segments(pts, closed):
        for k in range(1, steps + 1):
            u, v = k / steps, 1 - k / steps
            out.append(
                (
                    v**3 * p1[0] + 3 * v * v * u * c1[0] + 3 * v * u * u * c2[0] + u**3 * p2[0],
                    v**3 * p1[1] + 3 * v * v * u * c1[1] + 3 * v * u * u * c2[1] + u**3 * p2[1],
                )
            )
    if closed:
        out.pop()
    return out


def resample(pts: Sequence[Pt], fractions: Iterable[float]) -> list[Pt]:
    """Points at the given fractions (0..1) of the length of the polyline ``pts``."""
    seg = [math.dist(a, b) for a, b in itertools.pairwise(pts)]
    total = sum(seg) or 1.0
    out = []
    for f in fractions:
        left, i = f * total, 0
        while i < len(seg) - 1 and left > seg[i]:
            left -= seg[i]
            i += 1
        out.append(lerp(pts[i], pts[i + 1], min(left / (seg[i] or 1.0), 1.0)))
    return out


def part(points: Sequence[Pt], start: float, end: float, n: int = 12) -> list[Pt]:
    """The stretch ``start``..``end`` (fractions of its length) of the smooth curve through ``points``."""
    curve = sample(points)
    return resample(curve, [start + (end - start) * i / (n - 1) for i in range(n)])


def mirror(points: Iterable[Pt], midline: float) -> list[Pt]:
    return [(2 * midline - x, y) for x, y in points]


def _dedupe(points: Sequence[Pt]) -> list[Pt]:
    out: list[Pt] = []
    for p in points:
        if not out or math.dist(p, out[-1]) > 0.05:
            out.append((float(p[0]), float(p[1])))
    return out


class Similarity:
    """A similarity map (scale, turn, move) fixed by two points and where they go: draws one
    model at another size and place (the hand of the hand views, small, on the arm views)."""

    def __init__(self, a: Pt, b: Pt, a2: Pt, b2: Pt, flip: bool = False):
        self.flip = flip
        ax, ay = (a[0], -a[1]) if flip else a
        bx, by = (b[0], -b[1]) if flip else b
        src = complex(bx - ax, by - ay)
        dst = complex(b2[0] - a2[0], b2[1] - a2[1])
        self.k = dst / src
        self.a = complex(ax, ay)
        self.a2 = complex(*a2)

    def __call__(self, p: Pt) -> Pt:
        z = complex(p[0], -p[1] if self.flip else p[1])
        w = (z - self.a) * self.k + self.a2
        return w.real, w.imag

    @property
    def scale(self) -> float:
        return abs(self.k)

    def many(self, pts: Iterable[Pt]) -> list[Pt]:
        return [self(p) for p in pts]


def strip(centre: list[Pt], halves: list[float], caps: bool = True) -> list[Pt]:
    """A band along the smooth curve through ``centre``, its half-width interpolated from
    ``halves`` (one per centre point): a bone's shaft, a muscle's belly tapering to its tendon."""
    import math

    curve = sample(centre, steps=6)
    total = len(curve) - 1
    widths = []
    for i in range(len(curve)):
        t = i / total * (len(halves) - 1)
        k = min(int(t), len(halves) - 2)
        widths.append(halves[k] + (halves[k + 1] - halves[k]) * (t - k))

    def side(sign: float) -> list[Pt]:
        return [
            along(p, direction(curve[max(i - 1, 0)], curve[min(i + 1, total)]), 0, sign * w)
            for i, (p, w) in enumerate(zip(curve, widths, strict=True))
        ]

    end_d, start_d = direction(curve[-2], curve[-1]), direction(curve[1], curve[0])
    cap_end = (
        [
            along(
                curve[-1], end_d, widths[-1] * 0.6 * math.sin(math.radians(a)), widths[-1] * math.cos(math.radians(a))
            )
            for a in (45, 90, 135)
        ]
        if caps
        else []
    )
    cap_start = (
        [
            along(curve[0], start_d, widths[0] * 0.6 * math.sin(math.radians(a)), widths[0] * math.cos(math.radians(a)))
            for a in (45, 90, 135)
        ]
        if caps
        else []
    )
    return side(1) + cap_end + side(-1)[::-1] + cap_start
