"""The face diagrams: "face" (front view) and "face-lateral" (right profile).

Both are drawn as atlas-style line art around the landmarks of data/diagrams/face.toml and
face-lateral.toml: every feature that a point refers to (pupil, canthi, alae, philtrum, mouth
corners, eyebrows, hairline, ear notches, jaw angle, chin...) passes through its landmark, and the
rest of the anatomy is shaped around them. The front view draws the subject's right half (viewer's
left) and mirrors it about the midline; only the hair, parted on the subject's right, is drawn
whole.

Layers, bottom to top: neck and shoulders, ears, skin, soft shading, hair, faint bone landmarks
(dashed), features, the silhouette outline, then the landmark markers at the exact data coordinates.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

from .common import (
    DETAIL_W,
    FINE_W,
    OUTLINE_W,
    Landmarks,
    Palette,
    Svg,
    mirror_path,
    smooth_closed,
    smooth_open,
)

Point = tuple[float, float]
Guides = list[list[Point]]

DASH = "7 5"  # bone landmarks: faint dashed lines
BONE_OPACITY = 0.55


# --------------------------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------------------------


def _lerp(a: Point, b: Point, t: float) -> Point:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def _add(p: Point, dx: float, dy: float) -> Point:
    return p[0] + dx, p[1] + dy


def _arc(a: Point, b: Point, rise: float, peak: float = 0.5, n: int = 9) -> list[Point]:
    """``n`` points from a to b, lifted ``rise`` units upward (screen -y; negative sags), the lift
    following a sine bump whose top sits at fraction ``peak`` of the way from a to b."""
    k = math.log(0.5) / math.log(peak)
    pts = []
    for i in range(n):
        t = i / (n - 1)
        x, y = _lerp(a, b, t)
        pts.append((x, y - rise * math.sin(math.pi * t**k)))
    return pts


def _normals(pts: list[Point]) -> list[Point]:
    """Unit normals (left of the direction of travel) of a polyline, from its neighbours."""
    out = []
    for i in range(len(pts)):
        a, b = pts[max(i - 1, 0)], pts[min(i + 1, len(pts) - 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        out.append((dy / length, -dx / length))
    return out


def _offset(pts: list[Point], dist: float) -> list[Point]:
    return [(x + nx * dist, y + ny * dist) for (x, y), (nx, ny) in zip(pts, _normals(pts), strict=True)]


def _tapered(center: list[Point], half_widths: list[float]) -> str:
    """A filled stroke along ``center`` whose half-width varies point by point (0 = a sharp tip)."""
    normals = _normals(center)
    caps = []
    for end, (x, y), (nx, ny), w in (
        (-1, center[0], normals[0], half_widths[0]),
        (1, center[-1], normals[-1], half_widths[-1]),
    ):
        caps.append([(x - ny * w * 0.8 * end, y + nx * w * 0.8 * end)] if w > 0 else [])
    side_a = [(x + nx * w, y + ny * w) for (x, y), (nx, ny), w in zip(center, normals, half_widths, strict=True)]
    side_b = [(x - nx * w, y - ny * w) for (x, y), (nx, ny), w in zip(center, normals, half_widths, strict=True)]
    ring = caps[0] + side_a + caps[1] + side_b[::-1]
    pts = [p for i, p in enumerate(ring) if math.dist(p, ring[i - 1]) > 0.01]
    return smooth_closed(pts)


def _join(*paths: str) -> str:
    """Chain open paths that start where the previous one ended into one path."""
    return " ".join([paths[0], *("L" + d[1:] for d in paths[1:])])


def _interp_y(pts: list[Point], x: float) -> float:
    """y of the polyline ``pts`` (monotonic in x) at ``x``, linearly interpolated."""
    pts = sorted(pts)
    if x <= pts[0][0]:
        return pts[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return pts[-1][1]


def _resample(pts: list[Point], fractions: list[float]) -> list[Point]:
    """Points at the given fractions (0..1) of the length of the polyline ``pts``."""
    seg = [math.dist(a, b) for a, b in itertools.pairwise(pts)]
    total = sum(seg)
    out = []
    for f in fractions:
        left, i = f * total, 0
        while i < len(seg) - 1 and left > seg[i]:
            left -= seg[i]
            i += 1
        out.append(_lerp(pts[i], pts[i + 1], min(left / seg[i], 1.0)))
    return out


def _spline(
    points: list[Point], steps: int = 8, tension: float = 0.5, before: Point | None = None, after: Point | None = None
) -> list[Point]:
    """Points along the curve that smooth_open() draws through ``points`` (its Bézier segments
    sampled ``steps`` times each), for measuring and resampling it. ``before`` and ``after``, the
    points the curve continues to beyond its ends, set its end directions (by default, its ends)."""
    pts = [points[0] if before is None else before, *points, points[-1] if after is None else after]
    out = [points[0]]
    for p0, p1, p2, p3 in zip(pts, pts[1:], pts[2:], pts[3:], strict=False):
        c1 = (p1[0] + (p2[0] - p0[0]) * tension / 3, p1[1] + (p2[1] - p0[1]) * tension / 3)
        c2 = (p2[0] - (p3[0] - p1[0]) * tension / 3, p2[1] - (p3[1] - p1[1]) * tension / 3)
        for k in range(1, steps + 1):
            u, v = k / steps, 1 - k / steps
            out.append(
                (
                    v**3 * p1[0] + 3 * v * v * u * c1[0] + 3 * v * u * u * c2[0] + u**3 * p2[0],
                    v**3 * p1[1] + 3 * v * v * u * c1[1] + 3 * v * u * u * c2[1] + u**3 * p2[1],
                )
            )
    return out


def _along(points: list[Point], n: int, before: Point | None = None, after: Point | None = None) -> list[Point]:
    """``n`` points evenly spaced along the smooth curve through ``points`` (see _spline)."""
    return _resample(_spline(points, before=before, after=after), [i / (n - 1) for i in range(n)])


def _polygon(pts: list[Point]) -> str:
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + " Z"


def _jitter(k: int) -> float:
    """A deterministic, evenly spread 'random' number in [-0.5, 0.5) for the k-th item (golden ratio)."""
    return (k * 0.6180339887) % 1.0 - 0.5


# --------------------------------------------------------------------------------------------
# Colours and drawing primitives
# --------------------------------------------------------------------------------------------


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _mix(a: str, b: str, t: float) -> str:
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(_rgb(a), _rgb(b), strict=True))


@dataclass(frozen=True)
class Tones:
    """Colours derived from a palette for the few things it has no slot for."""

    sclera: str
    ink: str  # pupils, nostrils, ear canal: the darkest accents
    lip: str
    light: str  # soft highlights (nose bridge, chin, hair sheen)
    hair_dark: str  # hair strands and the edge of the hair at the hairline
    hair_light: str  # strands catching the light
    hair_opacity: float  # lighter on the projector, so points drawn over the scalp stay bright
    accent_opacity: float  # irises and eyebrows, toned down on the projector

    @staticmethod
    def of(palette: Palette) -> Tones:
        if palette.name == "dark":  # the dark theme: the same drawing in darker tones, lines light
            return Tones(
                sclera=_mix(palette.skin, "#ffffff", 0.35),
                ink=_mix(palette.skin, "#000000", 0.6),
                lip=_mix(palette.skin_shade, "#b06458", 0.45),
                light=_mix(palette.skin, "#ffffff", 0.12),
                hair_dark=_mix(palette.hair, "#000000", 0.45),
                hair_light=_mix(palette.hair, "#ffffff", 0.22),
                hair_opacity=0.9,
                accent_opacity=0.9,
            )
        if sum(_rgb(palette.skin)) < 3 * 128:  # dark drawing (projector): keep accents dark, lines light
            return Tones(
                sclera=palette.skin,
                ink=palette.skin,
                lip=palette.skin_shade,
                light=palette.skin_shade,
                hair_dark=palette.skin,
                hair_light=_mix(palette.hair, palette.skin, 0.55),
                hair_opacity=0.32,
                accent_opacity=0.6,
            )
        return Tones(
            sclera="#fdfaf6",
            ink=_mix(palette.outline, "#000000", 0.35),
            lip=_mix(palette.skin_shade, "#c27a6e", 0.35),
            light="#fffdf9",
            hair_dark=_mix(palette.hair, palette.outline, 0.7),
            hair_light=_mix(palette.hair, "#ffffff", 0.55),
            hair_opacity=0.55,
            accent_opacity=0.9,
        )


def _stroke(svg: Svg, d: str, color: str, width: float, opacity: float = 1.0, dash: str | None = None) -> None:
    extra = f' stroke-opacity="{opacity:g}"' if opacity < 1 else ""
    if dash:
        extra += f' stroke-dasharray="{dash}"'
    svg.path(d, stroke=color, width=width, extra=extra)


def _fill(svg: Svg, d: str, color: str, opacity: float = 1.0) -> None:
    svg.path(d, fill=color, extra=f' fill-opacity="{opacity:g}"' if opacity < 1 else "")


def _shade(
    svg: Svg, cx: float, cy: float, rx: float, ry: float, opacity: float = 1.0, gradient: str = "soft-shade"
) -> None:
    """Formerly a soft airbrushed patch (a radial gradient), which prints as a blotch: the figures
    are flat now, their form given by lines and a few crisp tones (see _tone)."""
    return None


def _light(svg: Svg, cx: float, cy: float, rx: float, ry: float, opacity: float = 1.0) -> None:
    """See _shade: no airbrushed highlights."""
    return None


def _tone(svg: Svg, pts: list[Point], color: str, opacity: float) -> None:
    """A flat tone with crisp edges (a hollow, the far side of a form): prints as drawn."""
    _fill(svg, smooth_closed(pts), color, opacity)


@dataclass(frozen=True)
class Layout:
    """Where a view's gradients sit: the skin's radial shading, the hair's sheen and the fade of the
    shoulders toward the bottom edge."""

    skin_center: Point
    skin_r: float
    hair_center: Point
    hair_r: float
    fade_from: float
    fade_to: float


def _defs(svg: Svg, p: Palette, t: Tones, at: Layout) -> None:
    """The paint the figure uses, all flat: skin, hair, and the neck and shoulders (which the
    bottom edge cuts cleanly, without a fade)."""
    svg.add(
        "<defs>"
        f'<linearGradient id="skin"><stop offset="0" stop-color="{p.skin}"/></linearGradient>'
        f'<linearGradient id="hair"><stop offset="0" stop-color="{p.hair}"/></linearGradient>'
        f'<linearGradient id="fade-fill"><stop offset="0" stop-color="{p.skin}"/></linearGradient>'
        f'<linearGradient id="fade-line"><stop offset="0" stop-color="{p.outline}"/></linearGradient>'
        "</defs>"
    )


# --------------------------------------------------------------------------------------------
# Hair, shared by both views
# --------------------------------------------------------------------------------------------


def _strand(curve: list[Point], start: float, end: float, half_width: float, n: int = 9) -> str:
    """The part ``start``..``end`` (fractions of its length) of ``curve`` as a thin filled stroke,
    fullest a third of the way along and tapering to a point at both ends."""
    pts = _resample(curve, [start + (end - start) * i / (n - 1) for i in range(n)])
    widths = [half_width * math.sin(math.pi * (i / (n - 1)) ** 0.8) for i in range(n)]
    return _tapered(pts, widths)


def _locks(outline: list[Point], count: int, depth: float, before: Point, after: Point) -> list[Point]:
    """The smooth curve through ``outline`` (continuing to ``before`` and ``after``, see _spline) broken
    into ``count`` soft bulges, one per lock, with shallow notches ``depth`` deep between them (on the
    right of the direction of travel; on the left if negative), fading out toward the start of the curve.
    The curve's end stays put, on a bulge's crest."""
    n = count * 8 + 1
    pts = _along(outline, n, before, after)
    out = []
    for i, ((x, y), (nx, ny)) in enumerate(zip(pts, _normals(pts), strict=True)):
        s = i / (n - 1)
        d = depth * min(1.0, 3 * s) ** 2 * (abs(math.cos(math.pi * count * (1 - s))) ** 0.5 - 1)
        out.append((x + nx * d, y + ny * d))
    return out


@dataclass(frozen=True)
class Lock:
    """A lock of hair lying between two guide curves (resampled to the same number of points): its
    middle at fraction ``center`` of the way from ``a`` to ``b``, ``width`` (a fraction) across, and
    running from ``start`` to ``end`` (fractions of the guides' length)."""

    a: list[Point]
    b: list[Point]
    center: float
    width: float
    start: float
    end: float

    def curve(self, across: float) -> list[Point]:
        """The curve ``across`` (-1..1) of the way from the lock's middle to its edges."""
        t = self.center + across * self.width / 2
        return [_lerp(p, q, t) for p, q in zip(self.a, self.b, strict=True)]

    def breadth(self) -> float:
        """The lock's width in user units, halfway along."""
        i = len(self.a) // 2
        return math.dist(self.a[i], self.b[i]) * self.width


def _comb(guides: Guides, per_gap: int) -> list[Lock]:
    """Hair combed along ``guides`` (curves in the direction of the flow, ordered across it): ``per_gap``
    locks side by side between each pair of neighbouring guides, a little uneven in place, width and
    length."""
    locks = []
    for a, b in itertools.pairwise(guides):
        ra, rb = _along(a, 40), _along(b, 40)
        for i in range(per_gap):
            k = len(locks) + 1
            center = (i + 0.5 + 0.3 * _jitter(k)) / per_gap
            width = (0.8 + 0.3 * _jitter(5 * k)) / per_gap
            start, end = 0.04 + 0.1 * abs(_jitter(3 * k)), 0.92 - 0.2 * abs(_jitter(7 * k))
            locks.append(Lock(ra, rb, center, width, start, end))
    return locks


def _reach(origin: Point, direction: Point, boundary: list[Point]) -> float:
    """How far a ray from ``origin`` along the unit vector ``direction`` travels before it crosses the
    closed polyline ``boundary`` (ignoring crossings within 1 unit, where the ray leaves its own edge);
    0 if it never does (the origin is on a corner of the boundary and the ray points outside)."""
    (ox, oy), (dx, dy) = origin, direction
    best = math.inf
    for (ax, ay), (bx, by) in zip(boundary, boundary[1:] + boundary[:1], strict=True):
        ex, ey = bx - ax, by - ay
        denom = dx * ey - dy * ex
        if abs(denom) < 1e-9:
            continue
        along = ((ax - ox) * ey - (ay - oy) * ex) / denom  # distance along the ray
        where = ((ax - ox) * dy - (ay - oy) * dx) / denom  # fraction along the segment
        if along > 1 and 0 <= where <= 1:
            best = min(best, along)
    return best if best < math.inf else 0.0


def _hair(svg: Svg, p: Palette, t: Tones, edge: list[Point], hairline: list[Point], flows: list[Guides]) -> None:
    """The hair between its outer ``edge`` and the ``hairline`` (both running the same way, the hair on the
    hairline's left): a fill shaded for volume, darker along the hairline, locks combed along each set of
    guide curves in ``flows``, and last the hairline itself (points are located from it, so it stays a
    clear line)."""
    _fill(svg, _join(smooth_open(edge), smooth_open(hairline[::-1])) + " Z", "url(#hair)", t.hair_opacity)
    _hairline_shadow(svg, t, edge, hairline)
    _draw_locks(svg, t, [lock for guides in flows for lock in _comb(guides, 2)])
    _stroke(svg, smooth_open(hairline), p.outline, DETAIL_W * 0.8, 0.55)
    _fringe(svg, t, p, hairline)


def _fringe(svg: Svg, t: Tones, p: Palette, hairline: list[Point]) -> None:
    """A natural hairline: fine hairs of uneven length and lean along it, pointing into the hair,
    in small clusters with gaps, so the edge reads as growing hair, not a cap's rim."""
    line = _along(hairline, 90)
    normals = _normals(line)
    for i in range(3, len(line) - 3):
        if abs(_jitter(11 * i)) < 0.12:  # a gap now and then
            continue
        (x, y), (nx, ny) = line[i], normals[i]
        for k in range(2):
            j = _jitter(5 * i + k)
            length = 10 + 14 * abs(_jitter(3 * i + 7 * k))
            lean = 0.5 * _jitter(7 * i + k)
            dx, dy = nx + lean * ny, ny - lean * nx  # into the hair (the hair lies on the line's left)
            start = (x + ny * 3 * j - dx * 2, y - nx * 3 * j - dy * 2)
            end = (start[0] + dx * length, start[1] + dy * length)
            mid = ((start[0] + end[0]) / 2 + ny * 1.5 * j, (start[1] + end[1]) / 2 - nx * 1.5 * j)
            _fill(svg, _tapered([start, mid, end], [0.0, 0.7, 0.0]), t.hair_dark, 0.45)


def _hairline_shadow(svg: Svg, t: Tones, edge: list[Point], hairline: list[Point]) -> None:
    """Darken the hair toward the hairline: stacked faint bands up to 22 units deep, never more than half
    way across the hair (so they stay inside it where it is thin, as in the sideburns)."""
    line = _along(hairline, 120)
    normals = _normals(line)
    boundary = [*_spline(edge), *_spline(hairline)[::-1]]
    room = [
        _reach(pt, n, boundary) * min(1, i / 4, (len(line) - 1 - i) / 4)  # 0 at the ends
        for i, (pt, n) in enumerate(zip(line, normals, strict=True))
    ]
    for depth in (16, 7):
        widths = [min(depth, r / 2) for r in room]
        band = [(x + nx * w / 2, y + ny * w / 2) for (x, y), (nx, ny), w in zip(line, normals, widths, strict=True)]
        _fill(svg, _tapered(band, [w / 2 for w in widths]), t.hair_dark, 0.12)


def _draw_locks(svg: Svg, t: Tones, locks: list[Lock]) -> None:
    """Each lock as a soft light crest, a darker line along one edge and a few shorter fine strands
    (all the crests first, so the lines of neighbouring locks stay on top)."""
    for lock in locks:
        crest = _strand(lock.curve(0.1), lock.start + 0.08, lock.end - 0.1, lock.breadth() * 0.3)
        _fill(svg, crest, t.hair_light, 0.4)
    for lock in locks:
        _fill(svg, _strand(lock.curve(-0.95), lock.start, lock.end, 1.0), t.hair_dark, 0.55)
        for across, shorter in ((-0.5, 0.1), (0.4, 0.2), (0.8, 0.05)):
            strand = _strand(lock.curve(across), lock.start + shorter, lock.end - shorter, 0.5)
            _fill(svg, strand, t.hair_dark, 0.28)


# --------------------------------------------------------------------------------------------
# Front view
# --------------------------------------------------------------------------------------------


class Front:
    """The face from the front; right-side shapes are built from landmarks and mirrored."""

    SIDEBURN = (177.0, 552.0)  # outer lower corner of the right sideburn, where the hair meets the cheek

    def __init__(self, palette: Palette):
        self.lm = Landmarks("face")
        self.mid = float(self.lm.midline)
        self.p = palette
        self.t = Tones.of(palette)
        self.svg = Svg(self.lm.width, self.lm.height, self.lm.doc["title"], palette)

    def both(self, pts: list[Point]) -> tuple[list[Point], list[Point]]:
        return pts, mirror_path(pts, self.mid)

    def mirror_all(self, curves: Guides) -> Guides:
        return [mirror_path(c, self.mid) for c in curves]

    # ----- outlines shared by several layers

    def face_right(self) -> list[Point]:
        """Right half of the face contour from the sideburn down to the chin (menton excluded): widest at
        the zygomatic arch, curving in below it, turning at the jaw angle and narrowing through the
        facial-artery notch to a defined chin."""
        lm = self.lm
        return [
            self.SIDEBURN, (174, 594), (180, 636), (192, 682), (210, 726), lm["mandibular-angle"], (257, 805),
            lm["facial-artery-notch"], (326, 859), (384, 873),
        ]  # fmt: skip

    def hair_outline(self) -> list[Point]:
        """Outer edge of the hair from the right sideburn over the vertex to the left one: an oval widest
        over the parietal bones, a little fuller on the left where the hair is swept over."""
        return [
            self.SIDEBURN, (171, 512), (163, 472), (153, 432), (144, 388), (139, 336), (142, 280), (155, 228),
            (176, 184), (206, 146), (242, 116), (284, 92), (332, 74), (386, 63), self.lm["vertex"], (518, 63),
            (572, 75), (622, 93), (664, 117), (702, 148), (730, 186), (751, 229), (763, 280), (765, 336),
            (759, 390), (749, 434), (738, 474), (729, 514), mirror_path([self.SIDEBURN], self.mid)[0],
        ]  # fmt: skip

    def hair_edge(self) -> list[Point]:
        """The hair outline as drawn: softly notched where locks meet, the notches fading out toward the
        sideburns and a lock's crest at the vertex."""
        outline = self.hair_outline()
        top = outline.index(self.lm["vertex"])
        cheek = self.face_right()[1]
        right = _locks(outline[: top + 1], 7, 3.0, cheek, outline[top + 1])
        left = _locks(outline[: top - 1 : -1], 7, -3.0, mirror_path([cheek], self.mid)[0], outline[top - 1])
        return [*right, *left[-2::-1]]

    def silhouette(self) -> list[Point]:
        """The whole head: the hair over the top, then the face contour round the chin."""
        face = self.face_right()
        return [*self.hair_edge(), *mirror_path(face, self.mid)[1:], self.lm["menton"], *face[:0:-1]]

    def hairline_right(self) -> list[Point]:
        """The hairline of the right half, from the bottom of the sideburn up the temple, round the
        forehead corner and along the forehead toward the midline (midline excluded)."""
        cx, cy = self.lm["hairline-corner"]
        hx, hy = self.lm["anterior-hairline"]
        return [
            (183, 548), (186, 510), (190, 462), (194, 408), (199, 352), (205, 296), (212, 258), (cx, cy),
            (cx + 22, cy - 16), (cx + 52, cy - 22), (cx + 96, cy - 14), (hx - 104, hy + 10), (hx - 60, hy + 2),
            (hx - 26, hy + 4),
        ]  # fmt: skip

    def hairline(self) -> list[Point]:
        right = self.hairline_right()
        return [*right, self.lm["anterior-hairline"], *mirror_path(right[::-1], self.mid)]

    # ----- layers

    def neck(self) -> None:
        svg, p = self.svg, self.p
        right = [(-10, 1098), (90, 1076), (178, 1046), (234, 1012), (252, 962), (258, 900), (262, 830), (266, 770)]
        edge = [*right, (self.mid, 760), *mirror_path(right[::-1], self.mid)]
        _fill(svg, smooth_open(edge) + f" L910,{self.lm.height:g} L-10,{self.lm.height:g} Z", "url(#fade-fill)")
        for side in self.both(right):
            _stroke(svg, smooth_open(side), "url(#fade-line)", OUTLINE_W)
        # shadow cast by the jaw on the neck
        _shade(svg, self.mid, 880, 172, 64)
        # sternocleidomastoid (anterior border), clavicles and the suprasternal notch, all faint
        scm = [(266, 880), (306, 952), (362, 1030), (420, 1110)]
        clavicle = [(424, 1136), (362, 1126), (282, 1130), (196, 1134), (104, 1124), (0, 1112)]
        for side in (*self.both(scm), *self.both(clavicle)):
            _stroke(svg, smooth_open(side), p.detail, DETAIL_W, 0.35)
        _stroke(
            svg,
            smooth_open([(424, 1122), (438, 1134), (self.mid, 1137), (462, 1134), (476, 1122)]),
            p.detail,
            DETAIL_W,
            0.45,
        )

    def ears(self) -> None:
        """The ears seen almost edge-on beside the head: the helix rim rolled over the scapha, the
        antihelix ridge, the concha's shadow next to the cheek, and the lobe."""
        svg, p, lm = self.svg, self.p, self.lm
        top, lobe = lm["helix-top"], lm["earlobe"]
        outer = [
            (186, 466), (168, 452), top, (142, 464), (136, 494), (135, 534), (139, 575), (146, 615), (154, 647),
            (162, 667), lobe, (181, 673), (190, 655), (194, 600), (194, 520),
        ]  # fmt: skip
        rim = [(170, 461), (154, 464), (145, 482), (142, 516), (143, 558), (148, 598), (155, 630), (163, 648)]
        antihelix = [(170, 482), (161, 506), (157, 540), (158, 578), (164, 612), (174, 636)]
        concha = [(176, 508), (166, 530), (164, 566), (168, 602), (178, 626), (192, 620), (192, 520)]
        for o, r, a, c in zip(*map(self.both, (outer, rim, antihelix, concha)), strict=True):
            _fill(svg, smooth_closed(o), p.skin)
            _fill(svg, smooth_closed([*r, *a[::-1]]), p.skin_shade, 0.55)  # scapha, under the rim
            _fill(svg, smooth_closed(c), p.skin_shade, 0.95)
            _stroke(svg, smooth_open(r), p.detail, DETAIL_W, 0.85)
            _stroke(svg, smooth_open(a), p.detail, FINE_W, 0.55)
            _stroke(svg, smooth_open(c[:5]), p.detail, FINE_W, 0.6)
            _stroke(svg, smooth_closed(o), p.outline, OUTLINE_W)

    def skin(self) -> None:
        _fill(self.svg, smooth_closed(self.silhouette()), "url(#skin)")

    def shading(self) -> None:
        """A few flat tones with crisp edges: the neck's shadow under the jaw, the side walls of the
        nose, the hollow under the lower lip."""
        svg, p, lm = self.svg, self.p, self.lm
        face = self.face_right()
        jaw = [q for q in _spline([*face[face.index(lm["mandibular-angle"]) :], lm["menton"]], steps=4) if q[0] > 270]
        n = len(jaw) - 1
        band = jaw + [
            (x, y + 28 * math.sin(math.pi * (0.5 + 0.5 * i / n)) ** 0.5) for i, (x, y) in list(enumerate(jaw))[::-1]
        ]
        for side in (band, mirror_path(band, self.mid)):
            _tone(svg, side, p.skin_shade, 0.45)
        nx, ny = lm["nasion"]
        ax, ay = lm["ala-lateral-midpoint"]
        wall = [
            (nx - 22, ny + 16),
            (nx - 18, ay - 70),
            (ax + 22, ay - 30),
            (ax + 12, ay - 6),
            (nx - 30, ay - 60),
            (nx - 30, ny + 20),
        ]
        for side in self.both(wall):
            _tone(svg, side, p.skin_shade, 0.45)
        mx, my = lm["mentolabial-sulcus"]
        _tone(
            svg,
            [(mx - 40, my - 8), (mx, my - 4), (mx + 40, my - 8), (mx + 26, my + 4), (mx, my + 6), (mx - 26, my + 4)],
            p.skin_shade,
            0.5,
        )

    def hair(self) -> None:
        """Short hair parted on the subject's right: the minor side combed down toward the right ear,
        the major side swept over the crown and down the left."""
        right = [  # subject's right: rising from the hairline, parting to temple, combed over and down
            [(366, 201), (362, 168), (346, 134), (316, 108), (277, 105), (239, 130), (202, 163)],
            [(300, 205), (298, 176), (284, 148), (256, 128), (227, 142), (195, 172), (172, 216)],
            [(236, 222), (230, 196), (214, 178), (190, 178), (174, 210), (157, 251), (151, 311)],
            [(212, 268), (204, 246), (186, 238), (166, 252), (152, 300), (149, 360), (160, 420)],
            [(200, 330), (190, 310), (172, 310), (156, 340), (157, 400), (167, 451)],
        ]
        left = [  # subject's left: the same, lifting off the forehead and swept over the top and down
            [(384, 200), (388, 166), (402, 128), (432, 96), (480, 74), (528, 74)],
            [(470, 197), (478, 164), (500, 130), (540, 104), (598, 95), (644, 114)],
            [(560, 199), (574, 170), (602, 142), (640, 124), (680, 142), (716, 181)],
            [(650, 214), (668, 192), (696, 176), (722, 189), (743, 233), (755, 291)],
            [(690, 262), (708, 238), (730, 236), (750, 270), (756, 331), (746, 400)],
            [(702, 340), (716, 316), (734, 318), (750, 360), (744, 410), (733, 459)],
        ]
        sideburn = [[(160, 380), (166, 440), (173, 500), (179, 546)], [(195, 370), (190, 430), (186, 490), (182, 546)]]
        flows = [right, left, sideburn, self.mirror_all(sideburn)]
        _hair(self.svg, self.p, self.t, self.hair_edge(), self.hairline(), flows)
        _fill(self.svg, _strand([(375, 203), (376, 180), (379, 150)], 0, 1, 1.2, 5), self.p.skin, 0.65)  # parting

    def bones(self) -> None:
        """The bony margins the points are measured from, as surface lines: the lower and lateral
        rims of the orbit, the cheekbone and the zygomatic arch running back to the ear above the
        mandibular notch, the angle and lower border of the mandible (the face's contour), the chin."""
        svg, p, lm = self.svg, self.p, self.lm
        mx, my = lm["infraorbital-margin"]
        ix, iy = lm["inner-canthus"]
        ox, oy = lm["outer-canthus"]
        lx, ly = lm["eyebrow-lateral"]
        orbit = [
            (ix - 4, iy + 22),
            (mx + 30, my + 2),
            (mx, my + 3),
            (mx - 32, my - 2),
            (ox - 2, oy + 24),
            (ox - 14, oy + 2),
            (lx + 2, ly + 18),
        ]
        zx, zy = lm["zygoma-lower-border"]
        nx, ny = lm["mandibular-notch"]
        cheekbone = [
            (zx + 48, zy - 26),
            (zx + 20, zy - 4),
            (zx, zy),
            (zx - 34, zy - 8),
            (nx + 14, ny - 12),
            (nx - 8, ny - 14),
        ]
        ax, ay = lm["mandibular-angle"]
        angle = [(ax - 2, ay - 46), (ax + 2, ay - 16), (ax + 10, ay + 2), (ax + 26, ay + 12)]
        chin = [(lm["menton"][0] - 46, lm["menton"][1] - 22), (lm["menton"][0] - 20, lm["menton"][1] - 12)]
        for pts, op in ((orbit, 0.3), (cheekbone, 0.45), (angle, 0.4), (chin, 0.3)):
            for side in self.both(pts):
                _stroke(svg, smooth_open(side), p.detail, FINE_W * 1.15, op)

    def brows(self) -> None:
        lm = self.lm
        med, mid, lat = lm["eyebrow-medial"], lm["eyebrow-middle"], lm["eyebrow-lateral"]
        center = [med, _add(_lerp(med, mid, 0.5), 0, -6), mid, _add(_lerp(mid, lat, 0.5), 0, 1), lat]
        widths = [7.5, 7.5, 6.5, 4.5, 0.0]
        for side in self.both(center):
            _fill(self.svg, _tapered(side, widths), self.p.hair, self.t.accent_opacity)

    def eye_lids(self) -> tuple[list[Point], list[Point]]:
        inner, outer = self.lm["inner-canthus"], self.lm["outer-canthus"]
        upper = _arc(inner, outer, 17.5, peak=0.42, n=13)
        lower = _arc(inner, outer, -19.0, peak=0.6, n=13)
        return upper, lower

    def eyes(self) -> None:
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        upper, lower = self.eye_lids()
        inner, outer = lm["inner-canthus"], lm["outer-canthus"]
        px, py = lm["pupil"]
        iris_r = 23.0
        # iris: the disc clipped to the lid opening (computed, since Qt has no clip paths)
        iris = []
        for i in range(96):
            a = 2 * math.pi * i / 96
            x, y = px + iris_r * math.cos(a), py + iris_r * math.sin(a)
            iris.append((x, min(max(y, _interp_y(upper, x)), _interp_y(lower, x))))
        crease = _arc(_add(inner, -8, -10), _add(outer, 6, -9), 22, peak=0.45)
        fold_under = _arc(_add(inner, -6, 10), _add(outer, 10, 4), -20, peak=0.55)
        lash = [*upper[:-1], _add(outer, -4, 1)]
        lash_w = [0.3, 0.7, 1.2, 1.8, 2.3, 2.6, 2.8, 2.8, 2.8, 2.6, 2.2, 1.6, 0.5]
        for m in (list, lambda pts: mirror_path(pts, self.mid)):
            (cx, cy), (ccx, ccy), (ex, ey) = m([(px, py), _add(inner, -10, 0.5), _lerp(inner, outer, 0.5)])
            up, low = m(upper), m(lower)
            _shade(svg, ex, ey - 22, 74, 22, 0.7)  # the hollow under the brow
            _fill(svg, _join(smooth_open(up), smooth_open(low[::-1])) + " Z", t.sclera)
            _fill(svg, _polygon(m(iris)), p.accent, t.accent_opacity)
            _stroke(svg, _polygon(m(iris)), p.outline, FINE_W, 0.8)
            svg.add(f'<circle cx="{cx:g}" cy="{cy:g}" r="9.5" fill="{t.ink}"/>')
            svg.add(f'<circle cx="{cx + 5:g}" cy="{cy - 6:g}" r="3" fill="#ffffff" fill-opacity="0.85"/>')
            svg.add(
                f'<ellipse cx="{ccx:g}" cy="{ccy:g}" rx="4.5" ry="3.5" fill="{t.lip}" fill-opacity="0.8"/>'
            )  # caruncle
            _stroke(svg, smooth_open(low), p.detail, DETAIL_W)
            _fill(svg, _tapered(m(lash), lash_w), p.outline)
            _stroke(svg, smooth_open(m(crease)), p.detail, DETAIL_W, 0.8)
            _stroke(svg, smooth_open(m(fold_under)), p.detail, FINE_W, 0.45)

    def nose(self) -> None:
        """Alae and nostrils as lines, the bridge and the round tip modelled with soft light and shade."""
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        ax, ay = lm["ala-lateral-midpoint"]
        bx, by = lm["ala-lower-border"]
        nx, ny = lm["nostril-lateral-margin"]
        sx, sy = lm["subnasale"]
        tx, ty = lm["nose-tip"]
        _, root = lm["nasion"]
        ala = [(ax + 14, ay - 26), (ax + 3, ay - 15), (ax, ay), (ax + 2, ay + 13), (bx, by), (bx + 8, by + 4), (nx, ny)]
        nostril = [
            (nx, ny),
            (nx + 9, ny - 5),
            (nx + 21, ny - 4),
            (sx - 13, sy - 5),
            (sx - 14, sy - 1),
            (nx + 17, ny + 4),
            (nx + 5, ny + 3),
        ]
        dorsum = [(self.mid - 27, root - 16), (self.mid - 22, root + 24), (self.mid - 24, ay - 56), (ax + 20, ay - 32)]
        for x, y, rx, ry, op in (
            (ax + 4, ay + 6, 16, 26, 0.9),  # alar crease
            (ax + 24, ay - 44, 13, 62, 0.75),  # side wall of the nose
            (self.mid - 20, root + 30, 10, 40, 0.5),  # side of the bridge
            (tx - 26, ty - 4, 10, 18, 0.6),  # side of the tip
            (tx - 22, ty + 14, 16, 8, 0.5),
        ):  # under the tip, beside the columella
            for cx in (x, 2 * self.mid - x):
                _shade(svg, cx, y, rx, ry, op)
        _shade(svg, tx, ty + 20, 18, 7, 0.8)  # under the tip
        _light(svg, self.mid, (root + ty) / 2 - 6, 9, 62, 0.7)  # bridge
        _light(svg, tx, ty - 8, 15, 11, 0.9)  # tip
        for side in self.both(ala):
            _stroke(svg, smooth_open(side), p.outline, DETAIL_W * 1.25)
        for side in self.both(nostril):
            _fill(svg, smooth_closed(side), t.ink, 0.7)
            _stroke(svg, smooth_closed(side), p.detail, FINE_W)
        for side in self.both(dorsum):
            _stroke(svg, smooth_open(side), p.detail, FINE_W, 0.5)
        _stroke(
            svg,
            smooth_open([(sx - 13, sy - 1), (sx - 6, sy + 1), (sx, sy), (sx + 6, sy + 1), (sx + 13, sy - 1)]),
            p.detail,
            DETAIL_W,
            0.8,
        )

    def mouth(self) -> None:
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        cx, cy = lm["mouth-corner"]
        ux, uy = lm["upper-lip-tubercle"]
        sx, sy = lm["stomion"]
        lx, ly = lm["lower-lip-border"]
        bow = [(cx, cy), (cx + 24, cy - 9), (cx + 52, cy - 19), (ux - 30, uy - 6), (ux - 15, uy - 7)]
        mouth_line = [(cx, cy), (cx + 26, cy - 2), (cx + 60, cy - 5), (sx - 24, sy - 4), (sx - 9, sy - 1)]
        lower = [(cx, cy), (cx + 20, cy + 11), (cx + 50, cy + 21), (lx - 32, ly - 1)]
        upper_lip = [*bow, (ux, uy), *mirror_path(bow[::-1], self.mid)]
        line = [*mouth_line, (sx, sy), *mirror_path(mouth_line[::-1], self.mid)]
        lower_lip = [*lower, (lx, ly), *mirror_path(lower[::-1], self.mid)]
        _fill(svg, _join(smooth_open(upper_lip), smooth_open(line[::-1])) + " Z", t.lip, 0.9)
        _fill(svg, _join(smooth_open(line), smooth_open(lower_lip[::-1])) + " Z", t.lip, 0.75)
        _shade(svg, sx, sy + 14, 50, 8, 0.5)  # fullness of the lower lip, darker just below the line
        _stroke(svg, smooth_open(upper_lip), p.detail, DETAIL_W, 0.9)
        _stroke(svg, smooth_open(lower_lip), p.detail, FINE_W, 0.6)
        _stroke(svg, smooth_open(line), p.outline, DETAIL_W * 1.2)
        # philtrum: two columns from the nostril sill to the peaks of the Cupid's bow
        _, sub_y = lm["subnasale"]
        for side in self.both([(sx - 9, sub_y + 4), (sx - 11, (sub_y + uy) / 2), (ux - 15, uy - 8)]):
            _stroke(svg, smooth_open(side), p.detail, FINE_W, 0.75)
        _shade(svg, sx, (sub_y + uy) / 2, 7, 20, 0.6)
        # little creases at the corners of the mouth
        for side in self.both([(cx + 2, cy - 2), (cx - 3, cy + 2), (cx - 4, cy + 7)]):
            _stroke(svg, smooth_open(side), p.detail, FINE_W, 0.7)

    def creases(self) -> None:
        """Nasolabial folds, the mentolabial sulcus and the chin pad."""
        svg, p, lm = self.svg, self.p, self.lm
        ax, ay = lm["ala-lateral-midpoint"]
        cx, cy = lm["mouth-corner"]
        fold = [(ax - 4, ay + 4), (ax - 12, ay + 36), (ax - 25, ay + 70), (cx - 12, cy - 4), (cx - 14, cy + 16)]
        for side in self.both(fold):
            _fill(svg, _tapered(side, [0.6, 1.4, 1.3, 0.9, 0.0]), p.detail, 0.5)
        mx, my = lm["mentolabial-sulcus"]
        _stroke(svg, smooth_open(_arc((mx - 30, my - 4), (mx + 30, my - 4), -4)), p.detail, DETAIL_W, 0.7)
        _stroke(
            svg,
            smooth_open(_arc((mx - 40, lm["menton"][1] - 30), (mx + 40, lm["menton"][1] - 30), -10)),
            p.detail,
            FINE_W,
            0.35,
        )

    def outline(self) -> None:
        _stroke(self.svg, smooth_closed(self.silhouette()), self.p.outline, OUTLINE_W)

    def draw(self) -> Path:
        _defs(self.svg, self.p, self.t, Layout((self.mid, 520), 400, (430, 110), 380, 1030, self.lm.height))
        self.neck()
        self.ears()
        self.skin()
        self.shading()
        self.hair()
        self.bones()
        self.brows()
        self.eyes()
        self.nose()
        self.mouth()
        self.creases()
        self.outline()
        self.svg.outlines([_sampled(self.silhouette())])
        self.svg.landmarks(self.lm)
        return self.svg.save(self.lm.doc["id"])

    def anatomy(self) -> Path:
        """The anatomy layer: the skull's front (orbits with the supra- and infraorbital openings,
        nasal aperture, zygomatic bones and arches, maxilla, the mandible from the condyle and the
        notch down the ramus to the angle and the chin, the mental foramen), the masseter, temporalis
        and the rings of orbicularis oculi and oris, the facial and superficial temporal arteries."""
        lm, p = self.lm, self.p
        svg = Svg(lm.width, lm.height, f"{lm.doc['title']}: anatomy", p)
        svg.add(f'<g opacity="{p.anatomy_opacity:g}">')
        px, py = lm["pupil"]
        gy = lm["glabella"][1]
        ox, oy = lm["outer-canthus"]
        mx, my = lm["infraorbital-margin"]
        fx, fy = lm["infraorbital-foramen"]
        zx, zy = lm["zygoma-lower-border"]
        nx, ny = lm["mandibular-notch"]
        ax, ay = lm["mandibular-angle"]
        cx, cy = lm["facial-artery-notch"]
        me = lm["menton"]
        mid = self.mid
        skull_right = [
            (mid, 118), (380, 122), (300, 150), (236, 206), (200, 290), (192, 380), (196, 450), (204, 520),
            (ox - 48, oy + 70), (nx - 8, ny - 6), (nx - 10, ny + 30), (ax - 6, ay - 70), (ax - 4, ay - 10),
            (ax + 10, ay + 14), (cx - 16, cy - 12), (cx + 30, cy + 20), (me[0] - 60, me[1] - 4), (mid, me[1] + 2),
        ]  # fmt: skip
        skull = [*skull_right, *mirror_path(skull_right[::-1], mid)[1:-1]]
        _bone_shape(svg, p, skull, 0.55)
        for side in self.both(
            [
                (px + 52, py - 6),
                (px + 50, py - 60),
                (px, py - 78),
                (ox - 14, oy - 40),
                (ox - 16, oy + 12),
                (mx - 20, my + 2),
                (mx + 34, my - 4),
                (px + 58, py + 22),
            ]
        ):
            _bone_shape(svg, p, side, 1.0, fill=p.skin if not p.is_dark else p.bone, fill_opacity=0.0)
        mental = (me[0] - 50, lm["mentolabial-sulcus"][1] + 6)
        for spot, rx, ry in (((fx, fy), 5, 4), ((px + 38, py - 76), 4, 3), (mental, 4, 3.5)):
            # the infraorbital foramen, the supraorbital notch, the mental foramen
            for x, y in self.both([spot])[0] + self.both([spot])[1]:
                svg.add(_dot(x, y, rx, ry, p.bone_line))
        # the nasal aperture and the nasal bones
        ax_, ay_ = lm["ala-lateral-midpoint"]
        aperture = [
            (mid, gy + 92),
            (mid - 22, ay_ - 60),
            (ax_ + 8, ay_ - 10),
            (ax_ + 20, ay_ + 14),
            (mid, ay_ + 22),
            (2 * mid - ax_ - 20, ay_ + 14),
            (2 * mid - ax_ - 8, ay_ - 10),
            (mid + 22, ay_ - 60),
        ]
        _bone_shape(svg, p, aperture, 1.0, fill=p.bone_line, fill_opacity=0.08)
        # zygomatic bone and arch, the ramus with the condyle and coronoid, the notch between them
        for side in self.both(
            [
                (ox - 6, oy + 18),
                (zx + 30, zy - 10),
                (zx, zy + 4),
                (nx + 20, ny - 2),
                (nx - 20, ny - 10),
                (nx - 20, ny - 28),
                (zx - 20, zy - 40),
                (ox - 30, oy + 4),
            ]
        ):
            _bone_shape(svg, p, side, 1.0)
        for side in self.both([(nx - 16, ny + 2), (nx - 4, ny + 26), (nx + 16, ny + 8)]):
            _stroke(svg, smooth_open(side), p.bone_line, FINE_W, 0.7)
        # masseter from the arch to the angle, temporalis over the temple, orbicularis rings
        for side in self.both(
            [
                (zx - 6, zy + 2),
                (nx + 4, ny + 2),
                (ax - 2, ay - 30),
                (ax + 16, ay + 8),
                (ax + 46, ay + 18),
                (zx + 4, zy + 70),
            ]
        ):
            _muscle_shape(svg, p, side)
        for side in self.both(
            [(236, 300), (208, 380), (206, 470), (nx + 6, ny - 30), (ox - 40, oy - 10), (ox - 30, 420), (270, 330)]
        ):
            _muscle_shape(svg, p, side, 0.7)
        for side in self.both(_ring((px + 4, py + 2), 74, 58)):
            _stroke(svg, smooth_closed(side), p.muscle_line, FINE_W * 6, 0.18)
        _stroke(svg, smooth_closed(_ring(lm["stomion"], 92, 48)), p.muscle_line, FINE_W * 8, 0.16)
        # facial artery over the jaw's notch, superficial temporal artery before the ear
        for side in self.both(
            [
                (cx - 10, cy + 50),
                (cx, cy),
                (cx + 22, cy - 60),
                (lm["mouth-corner"][0] - 16, lm["mouth-corner"][1] + 4),
                (ax_ - 10, ay_ + 20),
                (lm["inner-canthus"][0] - 10, lm["inner-canthus"][1] + 30),
            ]
        ):
            _stroke(svg, smooth_open(side), p.vessel, DETAIL_W, 0.7)
        for side in self.both([(nx - 22, ny + 40), (nx - 24, ny - 20), (nx - 12, 430), (226, 330)]):
            _stroke(svg, smooth_open(side), p.vessel, DETAIL_W, 0.6)
        svg.add("</g>")
        return svg.save(f"{lm.doc['id']}.anatomy")


def _dot(x: float, y: float, rx: float, ry: float, color: str) -> str:
    return f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{rx:g}" ry="{ry:g}" fill="{color}" fill-opacity="0.5"/>'


def _sampled(points: list[Point]) -> list[Point]:
    """A closed outline as a polygon (for the app's grid clipping)."""
    return _spline([*points, points[0]], steps=4)


def _ring(center: Point, rx: float, ry: float, n: int = 14) -> list[Point]:
    return [
        (center[0] + rx * math.cos(2 * math.pi * k / n), center[1] + ry * math.sin(2 * math.pi * k / n))
        for k in range(n)
    ]


def _bone_shape(
    svg: Svg, p: Palette, pts: list[Point], opacity: float = 1.0, fill: str | None = None, fill_opacity: float = 0.45
) -> None:
    """A bone: a clear contour over a pale fill (the skull reads by its edges)."""
    extra = f' fill-opacity="{fill_opacity * opacity:g}" stroke-opacity="{0.9 * opacity:g}"'
    svg.path(smooth_closed(pts), fill=fill or p.bone, stroke=p.bone_line, width=FINE_W * 1.3, extra=extra)


def _muscle_shape(svg: Svg, p: Palette, pts: list[Point], opacity: float = 1.0, fibres: int = 5) -> None:
    """A muscle: a faint fill, its contour, and fibre lines running from the first point's end of
    it to the middle point's (its two attachments)."""
    extra = f' fill-opacity="{0.22 * opacity:g}" stroke-opacity="{0.6 * opacity:g}"'
    svg.path(smooth_closed(pts), fill=p.muscle, stroke=p.muscle_line, width=FINE_W, extra=extra)
    half = len(pts) // 2
    one, other = pts[: half + 1], [*pts[half:], pts[0]]
    for k in range(1, fibres + 1):
        t = k / (fibres + 1)
        a = _resample(one, [t])[0]
        b = _resample(other[::-1], [t])[0]
        _stroke(svg, smooth_open([a, b]), p.muscle_line, FINE_W * 0.8, 0.35 * opacity)


# --------------------------------------------------------------------------------------------
# Lateral view (right profile, face toward the viewer's right)
# --------------------------------------------------------------------------------------------


class Lateral:
    """The head from the subject's right side."""

    NAPE = (230.0, 790.0)  # where the hair of the nape meets the back of the neck

    def __init__(self, palette: Palette):
        self.lm = Landmarks("face-lateral")
        self.p = palette
        self.t = Tones.of(palette)
        self.svg = Svg(self.lm.width, self.lm.height, self.lm.doc["title"], palette)

    # ----- silhouette pieces (front to back they share points, so fills and strokes agree)

    def back_of_neck(self) -> list[Point]:
        """From the bottom edge up to the nape."""
        return [(118, 1210), (160, 1130), (200, 1062), (232, 994), (246, 924), (246, 852), self.NAPE]

    def hair_outline(self) -> list[Point]:
        """The hair's outer edge from the nape over the vertex to the anterior hairline."""
        lm = self.lm
        return [
            self.NAPE, (212, 744), (180, 694), (146, 630), (118, 556), (102, 474), (100, 392), (112, 310),
            (140, 234), (186, 166), (248, 112), (326, 76), lm["vertex"], (512, 64), (598, 84), (670, 118),
            (726, 158), lm["anterior-hairline"],
        ]  # fmt: skip

    def hair_edge(self) -> list[Point]:
        """The hair outline as drawn: softly notched where locks meet, smooth toward the nape and the
        forehead, a lock's crest at the vertex."""
        outline = self.hair_outline()
        top = outline.index(self.lm["vertex"])
        back = _locks(outline[: top + 1], 8, 3.0, self.back_of_neck()[-2], outline[top + 1])
        front = _locks(outline[: top - 1 : -1], 5, -3.0, self.forehead()[1], outline[top - 1])
        return [*back, *front[-2::-1]]

    def forehead(self) -> list[Point]:
        """From the anterior hairline down to the glabella."""
        lm = self.lm
        return [lm["anterior-hairline"], (796, 256), (813, 318), (822, 380), lm["glabella"]]

    def cranium(self) -> list[Point]:
        """From the nape over the vertex and the forehead to the glabella."""
        return [*self.hair_edge(), *self.forehead()[1:]]

    def nose_profile(self) -> list[Point]:
        """From the nasion down the dorsum (a gentle bony hump, then the supratip break), round the tip
        lobule and back along the columella to the subnasale (both ends excluded)."""
        lm = self.lm
        nasion, tip = lm["nasion"], lm["nose-tip"]
        length = math.dist(nasion, tip)
        ux, uy = (tip[0] - nasion[0]) / length, (tip[1] - nasion[1]) / length

        def dorsum(f: float, inset: float) -> Point:  # f of the way to the tip, set back toward the face
            x, y = _lerp(nasion, tip, f)
            return x - uy * inset, y + ux * inset

        tx, ty = tip
        turns = map(math.radians, (-50, -22, 25, 55, 80))  # the round of the tip lobule
        lobule = [(tx - 13 + 13 * math.cos(a), ty + 13 * math.sin(a)) for a in turns]
        return [
            dorsum(0.12, 7),
            dorsum(0.3, 4.5),
            dorsum(0.5, 2),
            dorsum(0.68, 3),
            dorsum(0.8, 2.5),
            *lobule[:2],
            tip,
            *lobule[2:],
            (tx - 26, ty + 17),
            (tx - 48, ty + 24.5),
        ]

    def lips_profile(self) -> list[Point]:
        """The vermilion in profile, from the upper lip's border over the tubercle, in to the stomion
        (index 4) and over the lower lip to its border."""
        lm = self.lm
        return [
            (859, 714),
            lm["upper-lip-tubercle"],
            (862, 734),
            (856, 741),
            (850, 745),
            (856, 750),
            (861, 758),
            lm["lower-lip-border"],
        ]

    def face_profile(self) -> list[Point]:
        """From the nasion over the nose, lips and chin to the menton."""
        lm = self.lm
        return [
            (818, 466), lm["nasion"], *self.nose_profile(), lm["subnasale"], (849, 688), (853, 703),
            *self.lips_profile(), (839, 782), lm["mentolabial-sulcus"], (826, 813), (833, 834), lm["pogonion"],
            (837, 867), (822, 877), lm["menton"],
        ]  # fmt: skip

    @staticmethod
    def front_of_neck() -> list[Point]:
        """From under the chin down to the bottom edge."""
        return [
            (760, 884),
            (722, 891),
            (690, 903),
            (666, 926),
            (652, 966),
            (646, 1020),
            (650, 1070),
            (662, 1120),
            (678, 1165),
            (690, 1210),
        ]

    def jaw(self) -> list[Point]:
        """Lower border of the mandible, from the chin back to the angle."""
        lm = self.lm
        return [lm["menton"], (730, 861), (668, 836), (590, 818), lm["facial-artery-notch"], lm["mandibular-angle"]]

    def hairline(self) -> list[Point]:
        """From the forehead on the midline back round the temple, the sideburn and the ear to the nape."""
        lm = self.lm
        return [
            lm["anterior-hairline"], (738, 206), lm["hairline-corner"], (668, 262), (636, 312), (598, 362),
            (558, 404), (530, 436), (520, 466), (516, 494), (508, 516), (494, 526), (480, 520), (470, 508),
            (466, 500), lm["temple-hairline"], (462, 472), lm["sideburn-at-apex"], (450, 432), (428, 420),
            (396, 414), (360, 415), (326, 424), (300, 442), (282, 470), (271, 506), (267, 548), (269, 592),
            (277, 638), (290, 682), (299, 722), (290, 758), (262, 782), self.NAPE,
        ]  # fmt: skip

    # ----- layers

    def neck(self) -> None:
        svg = self.svg
        front, back = self.front_of_neck(), self.back_of_neck()
        back = [*back, (212, 744), (180, 694)]  # up behind the hair a little, so the nape is covered
        hidden = [back[-1], (320, 640), (560, 700), (700, 790), (770, 850), front[1]]  # runs under the head
        _fill(svg, _join(smooth_open(back), smooth_open(hidden), smooth_open(front[1:])) + " Z", "url(#fade-fill)")
        lx, ly = self.lm["mastoid-process"]
        # sternocleidomastoid, from the mastoid down to the sternum; shoulder and clavicle
        for pts in (
            [(lx + 18, ly + 26), (430, 820), (520, 940), (606, 1060), (660, 1126)],
            [(lx - 14, ly + 30), (380, 840), (450, 962), (518, 1074), (556, 1150)],
        ):
            _stroke(svg, smooth_open(pts), "url(#fade-line)", DETAIL_W, 0.45)
        _stroke(
            svg,
            smooth_open([(204, 1052), (300, 1080), (400, 1098), (500, 1112), (590, 1130)]),
            "url(#fade-line)",
            DETAIL_W,
            0.4,
        )
        _stroke(svg, smooth_open([(548, 1142), (604, 1132), (664, 1138)]), "url(#fade-line)", DETAIL_W, 0.5)

    def skin(self) -> None:
        under_chin = [*self.front_of_neck()[:2], (690, 866)]  # the skin under the chin belongs to the head
        head = [
            *self.cranium()[1:],
            *self.face_profile(),
            *under_chin,
            *self.jaw()[3:],
            (380, 780),
            (300, 772),
            (240, 760),
        ]
        _fill(self.svg, smooth_closed(head), "url(#skin)")

    def shading(self) -> None:
        """Flat tones: the neck's shadow under the jaw, the hollow of the eye socket."""
        svg, p = self.svg, self.p
        jaw = [q for q in _spline(self.jaw()[::-1], steps=4) if q[0] < 720]
        n = len(jaw) - 1
        band = [*jaw, *[(x, y + 32 * math.sin(math.pi * i / n) ** 0.7) for i, (x, y) in list(enumerate(jaw))[::-1]]]
        _tone(svg, band, p.skin_shade, 0.45)

    def hair(self) -> None:
        """Short hair parted on this (the right) side: above the parting it is swept over the top, below it
        combed back over the temple and down behind the ear to the nape."""
        parting = [(742, 208), (716, 174), (664, 136), (594, 108), (514, 94), (434, 94), (362, 106)]
        top = [  # above the parting, toward the vertex
            parting[:-1],
            [(760, 196), (730, 156), (676, 124), (600, 96), (516, 82), (440, 80)],
        ]
        side = [  # below the parting, front to back
            [
                (740, 212),
                (706, 222),
                (672, 248),
                (644, 284),
                (610, 328),
                (574, 370),
                (542, 406),
                (516, 440),
                (500, 476),
            ],
            [(712, 178), (662, 172), (614, 192), (574, 232), (536, 282), (500, 332), (470, 380), (452, 414)],
            [(640, 132), (582, 128), (530, 150), (488, 190), (450, 242), (416, 300), (394, 356), (384, 402)],
            [(540, 100), (472, 104), (410, 130), (360, 178), (320, 240), (292, 310), (280, 380), (280, 432)],
            [
                (440, 96),
                (372, 106),
                (304, 140),
                (248, 200),
                (210, 280),
                (192, 370),
                (196, 460),
                (214, 560),
                (240, 660),
                (264, 746),
            ],
            [
                (360, 100),
                (282, 118),
                (214, 168),
                (164, 244),
                (134, 336),
                (128, 440),
                (142, 540),
                (172, 634),
                (210, 716),
                (234, 776),
            ],
            [
                (300, 92),
                (232, 126),
                (174, 186),
                (134, 266),
                (114, 358),
                (112, 450),
                (126, 540),
                (154, 620),
                (190, 700),
                (220, 762),
            ],
        ]
        sideburn = [[(472, 436), (474, 466), (478, 494), (486, 518)], [(516, 436), (512, 466), (508, 494), (500, 518)]]
        _hair(self.svg, self.p, self.t, self.hair_edge(), self.hairline()[::-1], [top, side, sideburn])
        _fill(self.svg, _strand(parting, 0, 0.55, 1.3), self.p.skin, 0.6)

    def bones(self) -> None:
        """The bony landmarks as surface lines: the zygomatic arch (both borders), the condyle of the
        mandible in front of the tragus and the notch in front of it (ST7), the ramus down to the
        angle and the lower border of the mandible, the lateral rim of the orbit, the mastoid."""
        svg, p, lm = self.svg, self.p, self.lm
        ux, uy = lm["zygomatic-arch-upper"]
        zx, zy = lm["zygoma-lower-border"]
        ax, ay = lm["mandibular-angle"]
        mx, my = lm["mastoid-process"]
        nx, ny = lm["mandibular-notch"]
        tx, ty = lm["tragus"]
        condyle = (tx + 34, ty + 10)
        lines = [
            ([(742, 546), (660, 548), (580, 550), (ux, uy), (condyle[0] + 4, uy + 12)], 0.5),  # arch, upper border
            (
                [
                    (758, 602),
                    (zx, zy),
                    (690, 598),
                    (620, 588),
                    (560, 585),
                    (nx + 20, ny - 6),
                    (condyle[0] + 14, ny - 12),
                ],
                0.5,
            ),
            ([(774, 452), (758, 472), (749, 502), (748, 530), (754, 548)], 0.42),  # lateral orbital rim
            (
                [(condyle[0] - 4, condyle[1] + 16), (condyle[0] - 8, condyle[1] + 70), (ax - 2, ay - 60), (ax, ay)],
                0.45,
            ),  # ramus
            ([(nx - 30, ny + 24), (nx - 10, ny + 34), (nx + 12, ny + 30), (nx + 30, ny + 10)], 0.42),  # the notch
            (
                [(mx - 24, my - 60), (mx - 16, my - 24), (mx, my), (mx + 14, my - 20), (mx + 18, my - 50)],
                0.4,
            ),  # mastoid
        ]
        for pts, op in lines:
            _stroke(svg, smooth_open(pts), p.detail, FINE_W * 1.15, op)
        # the condyle: a small rounded knob below the arch, just in front of the tragus
        _stroke(
            svg,
            smooth_open(
                [
                    (condyle[0] - 12, condyle[1] + 6),
                    (condyle[0] - 10, condyle[1] - 8),
                    condyle,
                    (condyle[0] + 10, condyle[1] - 6),
                    (condyle[0] + 12, condyle[1] + 8),
                ]
            ),
            p.detail,
            FINE_W * 1.15,
            0.5,
        )
        _stroke(svg, smooth_open(self.jaw()), p.detail, DETAIL_W, 0.8)

    def lip_inside(self) -> None:
        """Behind the upper lip, drawn as hidden (dashed): the upper gum, the front tooth and the
        frenulum of the lip, where GV28 lies."""
        svg, p, lm = self.svg, self.p, self.lm
        fx, fy = lm["upper-frenulum-gum"]
        gum = [(fx - 4, fy - 30), (fx - 2, fy - 10), (fx, fy), (fx + 2, fy + 18), (fx + 8, fy + 30)]
        tooth = [
            (fx + 8, fy + 30),
            (fx + 14, fy + 34),
            (fx + 22, fy + 42),
            (fx + 24, fy + 44),
            (fx + 12, fy + 46),
            (fx + 2, fy + 40),
        ]
        frenulum = [(fx, fy), (fx + 18, fy + 2), (fx + 34, fy + 6)]
        for pts, op in ((gum, 0.55), (tooth, 0.5), (frenulum, 0.65)):
            _stroke(svg, smooth_open(pts), p.detail, FINE_W, op, "3 3")

    def ear(self) -> None:
        """The auricle: helix, scapha, antihelix with its two crura, triangular fossa, concha split by
        the crus of the helix, tragus and antitragus either side of the intertragic notch, lobe."""
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        root, top, lobe = lm["auricle-root"], lm["helix-top"], lm["earlobe"]
        inter, supra, (tx, ty) = lm["intertragic-notch"], lm["supratragic-notch"], lm["tragus"]
        tragus_front = [inter, (419, 602), (tx + 11, ty), (421, 566), supra]
        outer = [
            root, (414, 470), (396, 456), top, (338, 457), (314, 471), (298, 494), (290, 526), (289, 562), (295, 598),
            (307, 630), (325, 655), (346, 669), (366, 675), lobe, (403, 668), (409, 648), (409, 628), *tragus_front,
            (421, 536), (425, 516),
        ]  # fmt: skip
        helix_inner = [
            (380, 541), (396, 533), (407, 518), (410, 499), (403, 482), (389, 470), (368, 466), (344, 470), (323, 483),
            (309, 504), (303, 534), (303, 568), (309, 600), (321, 628), (340, 650),
        ]  # fmt: skip
        antihelix_back = [(352, 642), (334, 604), (326, 562), (328, 522), (334, 496), (344, 478), (358, 468)]
        concha_edge = [(376, 606), (360, 590), (350, 562), (350, 536), (360, 522), (382, 514), (402, 510), (411, 508)]
        fossa = [(356, 507), (359, 489), (370, 478), (390, 477), (403, 484), (402, 494), (380, 499), (364, 505)]
        tragus_back = [supra, (407, 560), (402, 578), (404, 598), inter]
        concha = [*concha_edge, (418, 520), (419, 538), *tragus_back[:-1], (404, 614), (392, 614)]
        scapha = [*helix_inner[6:], *antihelix_back[::-1]]

        _fill(svg, smooth_closed(outer), p.skin)
        _fill(svg, smooth_closed(scapha), p.skin_shade, 0.4)
        _fill(svg, smooth_closed(fossa), p.skin_shade, 0.7)
        _fill(svg, smooth_closed(concha), p.skin_shade, 0.95)
        svg.add(f'<ellipse cx="{tx - 13:g}" cy="{ty - 2:g}" rx="8" ry="13" fill="{t.ink}" fill-opacity="0.5"/>')
        _fill(svg, smooth_closed([*tragus_front, *tragus_back[1:-1]]), p.skin)
        _stroke(svg, smooth_closed(fossa), p.detail, DETAIL_W)
        for pts in (
            helix_inner,
            concha_edge,
            [inter, (400, 618), (386, 617), (376, 606)],  # antitragus
            tragus_back,
        ):
            _stroke(svg, smooth_open(pts), p.detail, DETAIL_W)
        _stroke(svg, smooth_open(antihelix_back), p.detail, FINE_W, 0.7)
        _stroke(svg, smooth_closed(outer), p.outline, OUTLINE_W)

    def brow(self) -> None:
        lm = self.lm
        mid, lat = lm["eyebrow-middle"], lm["eyebrow-lateral"]
        center = [lat, _add(_lerp(mid, lat, 0.5), 0, -2), mid, (810, 421), (817, 427)]
        _fill(self.svg, _tapered(center, [0.0, 4.2, 5.2, 5.2, 4.2]), self.p.hair, self.t.accent_opacity)

    def eye(self) -> None:
        """The eye in profile: the lids meeting at the outer canthus, the iris seen almost edge-on behind
        the clear bulge of the cornea, the upper lash line with a few lashes, the lid crease."""
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        c = lm["outer-canthus"]
        px, py = lm["pupil"]
        upper = [c, (752, 501), (764, 496), (776, 493.5), (786, 494.5), (792, 498)]
        lower = [c, (754, 516), (766, 522), (778, 525), (786, 524), (791, 521)]
        cornea = [(792, 498), (795, 504), (796, 510.5), (794.5, 516.5), (791, 521)]
        iris = []
        for i in range(72):
            a = 2 * math.pi * i / 72
            x, y = px + 5 * math.cos(a), py + 18 * math.sin(a)
            iris.append((x, min(max(y, _interp_y(upper, x)), _interp_y(lower, x))))
        _fill(svg, _join(smooth_open(upper), smooth_open(cornea), smooth_open(lower[::-1])) + " Z", t.sclera)
        _shade(svg, 758, 506, 16, 9, 0.8)  # the white of the eye darkens toward the canthus
        _fill(svg, _polygon(iris), p.accent, t.accent_opacity)
        svg.add(f'<ellipse cx="{px + 1:g}" cy="{py:g}" rx="2" ry="7" fill="{t.ink}"/>')
        svg.add(f'<ellipse cx="{px + 10:g}" cy="{py - 6:g}" rx="1.6" ry="2.6" fill="#ffffff" fill-opacity="0.9"/>')
        _stroke(svg, smooth_open(cornea), p.detail, FINE_W, 0.7)
        _stroke(svg, smooth_open(lower), p.detail, DETAIL_W)
        _fill(svg, _tapered(upper, [0.4, 1.2, 2.0, 2.5, 2.5, 1.2]), p.outline)  # lash line
        for f, length in ((0.5, 6), (0.62, 8), (0.74, 9.5), (0.85, 10), (0.95, 8.5)):
            base = _resample(upper, [f])[0]
            lash = [base, _add(base, length * 0.45, -length * 0.45), _add(base, length * 0.75, -length * 0.95)]
            _fill(svg, _tapered(lash, [0.75, 0.5, 0.0]), p.outline, 0.85)
        _stroke(
            svg, smooth_open([(750, 498), (762, 487), (776, 483), (789, 485), (797, 491)]), p.detail, DETAIL_W, 0.75
        )  # lid crease
        _stroke(svg, smooth_open([(754, 522), (768, 531), (783, 534), (796, 530)]), p.detail, FINE_W, 0.45)

    def nose(self) -> None:
        """The ala, a rounded lobe set off from the cheek by its curved groove through the lateral
        midpoint and lower border, the rim above a small nostril, light along the dorsum."""
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        ala_mid, ala_low = lm["ala-lateral-midpoint"], lm["ala-lower-border"]
        ax, ay = ala_mid
        dorsum = self.nose_profile()[1:6]
        groove = [(ax + 6, ay - 16), ala_mid, (ax + 2, ay + 14), ala_low, (ax + 16, ay + 28)]
        crest = [(ax + 42, ay - 24), (ax + 28, ay - 27), (ax + 14, ay - 23), (ax + 6, ay - 16)]  # top of the lobule
        rim = [ala_low, (ax + 26, ay + 25.5), (ax + 42, ay + 24), (ax + 56, ay + 20), (ax + 66, ay + 13)]
        nostril = [
            (ax + 24, ay + 28.5),
            (ax + 40, ay + 27.5),
            (ax + 54, ay + 24.5),
            (ax + 62, ay + 21.5),
            (ax + 56, ay + 26.5),
            (ax + 42, ay + 30.5),
            (ax + 28, ay + 32),
        ]
        _shade(svg, ax + 10, ay - 40, 18, 40, 0.45)  # side wall
        _shade(svg, ax + 4, ay + 2, 9, 22, 0.9)  # in the alar groove
        _shade(svg, ax + 62, ay + 15, 18, 7, 0.7)  # under the tip
        _light(svg, ax + 26, ay - 2, 14, 10, 0.7)  # the round of the ala
        _light(svg, ax + 86, ay - 8, 8, 9, 0.7)  # tip
        _fill(svg, _tapered(_offset(dorsum, -7), [0.0, 3.0, 3.5, 3.0, 0.0]), t.light, 0.45)
        _fill(svg, smooth_closed(nostril), t.ink, 0.5)
        _fill(svg, _tapered(groove, [0.3, 1.5, 1.7, 1.4, 0.0]), p.outline)
        _stroke(svg, smooth_open(rim), p.detail, DETAIL_W, 0.8)
        _stroke(svg, smooth_open(crest), p.detail, DETAIL_W, 0.55)

    def mouth(self) -> None:
        """Full lips in profile: the vermilion of each lip from the profile back to the corner, the upper
        one's border rising to the tubercle, the mouth line turning down a little at the corner."""
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        c, low = lm["mouth-corner"], lm["lower-lip-border"]
        lips = self.lips_profile()
        front_upper, stomion, front_lower = lips[:5], lips[4], lips[4:]
        line = [stomion, (834, 746), (813, 747), c]
        upper = [lips[0], (842, 720), (824, 728), (806, 737), c]
        lower = [low, (836, 768), (818, 762), (802, 752), c]
        _fill(svg, _join(smooth_open(front_upper), smooth_open(line), smooth_open(upper[::-1])) + " Z", t.lip, 0.9)
        _fill(svg, _join(smooth_open(front_lower), smooth_open(lower), smooth_open(line[::-1])) + " Z", t.lip, 0.75)
        _light(svg, 848, 757, 10, 4.5, 0.6)  # fullness of the lower lip
        _light(svg, 852, 724, 7, 4, 0.45)
        _stroke(svg, smooth_open(upper), p.detail, DETAIL_W, 0.9)
        _stroke(svg, smooth_open(lower), p.detail, FINE_W, 0.6)
        _stroke(svg, smooth_open([*line, _add(c, -5, 4)]), p.outline, DETAIL_W * 1.2)

    def creases(self) -> None:
        svg, p, lm = self.svg, self.p, self.lm
        fold = [(821, 656), (815, 680), (805, 707), (794, 734), (786, 758), (784, 776)]
        _fill(svg, _tapered(fold, [0.6, 1.4, 1.3, 1.1, 0.8, 0.0]), p.detail, 0.5)
        mx, my = lm["mentolabial-sulcus"]
        _stroke(svg, smooth_open([(mx + 2, my), (mx - 10, my + 2), (mx - 22, my + 8)]), p.detail, FINE_W, 0.5)

    def outline(self) -> None:
        pts = [*self.back_of_neck(), *self.cranium()[1:], *self.face_profile(), *self.front_of_neck()]
        _stroke(self.svg, smooth_open(pts), "url(#fade-line)", OUTLINE_W)

    def draw(self) -> Path:
        _defs(self.svg, self.p, self.t, Layout((560, 600), 600, (520, 170), 420, 1060, self.lm.height))
        self.neck()
        self.skin()
        self.shading()
        self.hair()
        self.bones()
        self.ear()
        self.brow()
        self.eye()
        self.nose()
        self.mouth()
        self.lip_inside()
        self.creases()
        self.outline()
        head = [*self.back_of_neck(), *self.cranium()[1:], *self.face_profile(), *self.front_of_neck()]
        self.svg.outlines([_spline([*head, (head[-1][0], 1300), (head[0][0], 1300)], steps=4)])
        self.svg.landmarks(self.lm)
        return self.svg.save(self.lm.doc["id"])

    def anatomy(self) -> Path:
        """The anatomy layer: the skull from the side (vault, orbit, zygomatic bone and arch, the
        mandible's condyle in front of the ear canal, the notch, coronoid, ramus, angle and body,
        mastoid, the upper teeth and gum behind the lip), masseter, temporalis and
        sternocleidomastoid, the superficial temporal and facial arteries."""
        lm, p = self.lm, self.p
        svg = Svg(lm.width, lm.height, f"{lm.doc['title']}: anatomy", p)
        svg.add(f'<g opacity="{p.anatomy_opacity:g}">')
        ux, uy = lm["zygomatic-arch-upper"]
        zx, zy = lm["zygoma-lower-border"]
        ax, ay = lm["mandibular-angle"]
        nx, ny = lm["mandibular-notch"]
        tx, ty = lm["tragus"]
        mx, my = lm["mastoid-process"]
        cx, cy = lm["facial-artery-notch"]
        me, po = lm["menton"], lm["pogonion"]
        condyle = (tx + 34, ty + 10)
        vault = [
            (mx + 20, my - 20),
            (300, 620),
            (150, 560),
            (118, 420),
            (140, 270),
            (210, 170),
            (330, 100),
            (470, 88),
            (600, 110),
            (710, 170),
            (780, 260),
            (808, 360),
            (812, 430),
            (790, 470),
            (760, 560),
            (640, 560),
            (520, 566),
            (condyle[0] + 10, 560),
            (tx - 30, ty - 40),
        ]
        _bone_shape(svg, p, vault, 0.5)
        # orbit's lateral rim and the zygomatic bone, the arch back to the ear
        _bone_shape(svg, p, [(776, 450), (744, 470), (736, 540), (zx, zy + 6), (760, 620), (790, 560), (798, 470)], 1.0)
        _bone_shape(
            svg,
            p,
            [(742, 540), (ux, uy - 4), (condyle[0] + 6, uy + 2), (condyle[0] + 10, ny - 14), (620, 590), (zx, zy)],
            1.0,
        )
        # mandible: condyle, notch, coronoid under the arch, ramus, angle, body to the chin
        mandible = [
            condyle, (condyle[0] + 12, condyle[1] + 14), (nx - 6, ny + 30), (nx + 18, ny + 24), (nx + 40, ny - 6),
            (nx + 54, ny + 30), (nx + 60, ny + 90), (600, 760), (740, 800), (po[0] - 14, po[1] - 30), po,
            (me[0] + 10, me[1] - 2), me, (cx, cy - 2), (540, 806), (ax + 6, ay + 4), (ax - 4, ay - 20),
            (condyle[0] - 16, condyle[1] + 60), (condyle[0] - 14, condyle[1] + 10),
        ]  # fmt: skip
        _bone_shape(svg, p, mandible, 1.0)
        svg.add(f'<ellipse cx="{tx - 14:.1f}" cy="{ty:.1f}" rx="9" ry="12" fill="{p.bone_line}" fill-opacity="0.4"/>')
        _bone_shape(
            svg,
            p,
            [(mx - 24, my - 50), (mx + 18, my - 50), (mx + 10, my - 4), (mx - 2, my + 4), (mx - 20, my - 10)],
            1.0,
        )
        # maxilla with the upper teeth and gum behind the lip (GV28 at the frenulum)
        gx, gy = lm["upper-frenulum-gum"]
        _bone_shape(
            svg,
            p,
            [
                (gx - 40, gy - 60),
                (gx + 8, gy - 40),
                (gx + 4, gy + 10),
                (gx - 60, gy + 20),
                (gx - 140, gy + 10),
                (gx - 150, gy - 30),
            ],
            0.9,
        )
        for k in range(6):
            x = gx + 14 - k * 22
            svg.add(
                f'<rect x="{x - 9:.1f}" y="{gy + 8:.1f}" width="18" height="28" rx="6" fill="{p.bone}" '
                f'fill-opacity="0.75" stroke="{p.bone_line}" stroke-width="{FINE_W:g}" stroke-opacity="0.6"/>'
            )
        # masseter, temporalis, sternocleidomastoid
        _muscle_shape(
            svg,
            p,
            [
                (ux + 10, uy + 34),
                (700, 600),
                (690, 640),
                (600, 760),
                (ax + 30, ay + 6),
                (ax + 4, ay - 30),
                (condyle[0] + 14, ny + 20),
            ],
        )
        _muscle_shape(
            svg,
            p,
            [
                (560, 250),
                (440, 250),
                (330, 330),
                (320, 440),
                (condyle[0] + 10, uy - 20),
                (620, uy - 6),
                (700, 470),
                (700, 360),
            ],
            0.7,
        )
        _muscle_shape(
            svg,
            p,
            [
                (mx - 10, my - 30),
                (mx + 26, my - 10),
                (520, 940),
                (640, 1110),
                (600, 1140),
                (460, 980),
                (mx - 20, my + 20),
            ],
            0.8,
        )
        # superficial temporal artery before the tragus, the facial artery over the jaw's notch
        _stroke(
            svg,
            smooth_open([(tx + 16, ty + 40), (tx + 14, ty - 20), (tx + 30, 470), (470, 400), (520, 330), (600, 280)]),
            p.vessel,
            DETAIL_W,
            0.65,
        )
        _stroke(
            svg,
            smooth_open(
                [
                    (cx - 16, cy + 60),
                    (cx, cy),
                    (cx + 30, cy - 50),
                    (lm["mouth-corner"][0] - 20, lm["mouth-corner"][1] - 10),
                    (lm["ala-lateral-midpoint"][0] - 10, lm["ala-lateral-midpoint"][1] + 10),
                ]
            ),
            p.vessel,
            DETAIL_W,
            0.65,
        )
        svg.add("</g>")
        return svg.save(f"{lm.doc['id']}.anatomy")


def draw_all(palette: Palette) -> list[Path]:
    """Write face{suffix}.svg and face-lateral{suffix}.svg for ``palette`` and their anatomy
    layers; return their paths."""
    front, lateral = Front(palette), Lateral(palette)
    return [front.draw(), front.anatomy(), lateral.draw(), lateral.anatomy()]
