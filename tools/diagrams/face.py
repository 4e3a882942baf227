"""The face diagrams: "face" (front view) and "face-lateral" (right profile).

Both are drawn as atlas-style line art around the landmarks of data/diagrams/face.toml and
face-lateral.toml: every feature that a point refers to (pupil, canthi, alae, philtrum, mouth
corners, eyebrows, hairline, ear notches, jaw angle, chin...) passes through its landmark, and the
rest of the anatomy is shaped around them. The front view draws the subject's right half (viewer's
left) and mirrors it about the midline.

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
    for end, (x, y), (nx, ny), w in ((-1, center[0], normals[0], half_widths[0]),
                                     (1, center[-1], normals[-1], half_widths[-1])):
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


def _polygon(pts: list[Point]) -> str:
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + " Z"


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
    hair_opacity: float  # lighter on the projector, so points drawn over the scalp stay bright
    accent_opacity: float  # irises and eyebrows, toned down on the projector

    @staticmethod
    def of(palette: Palette) -> Tones:
        if sum(_rgb(palette.skin)) < 3 * 128:  # dark drawing (projector): keep accents dark, lines light
            return Tones(sclera=palette.skin, ink=palette.skin, lip=palette.skin_shade, hair_opacity=0.32,
                         accent_opacity=0.6)
        return Tones(sclera="#fdfaf6", ink=_mix(palette.outline, "#000000", 0.35),
                     lip=_mix(palette.skin_shade, "#c27a6e", 0.35), hair_opacity=0.55,
                     accent_opacity=0.9)


def _stroke(svg: Svg, d: str, color: str, width: float, opacity: float = 1.0, dash: str | None = None) -> None:
    extra = f' stroke-opacity="{opacity:g}"' if opacity < 1 else ""
    if dash:
        extra += f' stroke-dasharray="{dash}"'
    svg.path(d, stroke=color, width=width, extra=extra)


def _fill(svg: Svg, d: str, color: str, opacity: float = 1.0) -> None:
    svg.path(d, fill=color, extra=f' fill-opacity="{opacity:g}"' if opacity < 1 else "")


def _shade(svg: Svg, cx: float, cy: float, rx: float, ry: float, opacity: float = 1.0) -> None:
    """A soft blurred patch of shading (radial gradient fading to transparent)."""
    op = f' opacity="{opacity:g}"' if opacity < 1 else ""
    svg.add(f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx:.1f}" ry="{ry:.1f}" fill="url(#soft-shade)"{op}/>')


def _defs(svg: Svg, p: Palette, skin_center: Point, skin_r: float, fade_from: float, fade_to: float) -> None:
    """Gradients: the skin's gentle radial shading, soft shade patches, and the fade of the
    shoulders toward the bottom edge (fill and stroke)."""
    cx, cy = skin_center
    svg.add(
        "<defs>"
        f'<radialGradient id="skin" gradientUnits="userSpaceOnUse" cx="{cx:g}" cy="{cy:g}" r="{skin_r:g}">'
        f'<stop offset="0" stop-color="{p.skin}"/><stop offset="0.62" stop-color="{p.skin}"/>'
        f'<stop offset="1" stop-color="{p.skin_shade}"/></radialGradient>'
        '<radialGradient id="soft-shade" cx="0.5" cy="0.5" r="0.5">'
        f'<stop offset="0" stop-color="{p.skin_shade}" stop-opacity="1"/>'
        f'<stop offset="1" stop-color="{p.skin_shade}" stop-opacity="0"/></radialGradient>'
        f'<linearGradient id="fade-fill" gradientUnits="userSpaceOnUse" x1="0" y1="{fade_from:g}" x2="0" '
        f'y2="{fade_to:g}"><stop offset="0" stop-color="{p.skin}"/>'
        f'<stop offset="1" stop-color="{p.skin}" stop-opacity="0"/></linearGradient>'
        f'<linearGradient id="fade-line" gradientUnits="userSpaceOnUse" x1="0" y1="{fade_from:g}" x2="0" '
        f'y2="{fade_to:g}"><stop offset="0" stop-color="{p.outline}"/>'
        f'<stop offset="1" stop-color="{p.outline}" stop-opacity="0"/></linearGradient>'
        "</defs>"
    )


# --------------------------------------------------------------------------------------------
# Front view
# --------------------------------------------------------------------------------------------


class Front:
    """The face from the front; right-side shapes are built from landmarks and mirrored."""

    def __init__(self, palette: Palette):
        self.lm = Landmarks("face")
        self.mid = float(self.lm.midline)
        self.p = palette
        self.t = Tones.of(palette)
        self.svg = Svg(self.lm.width, self.lm.height, self.lm.doc["title"], palette)

    def both(self, pts: list[Point]) -> tuple[list[Point], list[Point]]:
        return pts, mirror_path(pts, self.mid)

    def symmetric(self, right: list[Point], top: Point, bottom: Point) -> list[Point]:
        """A closed outline from a right half running top → bottom (ends excluded)."""
        return [top, *right, bottom, *mirror_path(right[::-1], self.mid)]

    # ----- outlines shared by several layers

    def head_right(self) -> list[Point]:
        """Right half of the head silhouette from the vertex down to the chin (ends excluded)."""
        lm = self.lm
        return [
            (372, 66), (300, 86), (238, 124), (192, 178), (166, 245), (155, 320), (157, 392), (167, 452),
            (175, 512), self.sideburn_bottom_outer(), (181, 600), (188, 655), (199, 710),
            lm["mandibular-angle"], (241, 803), lm["facial-artery-notch"], (330, 861), (392, 873),
        ]  # fmt: skip

    @staticmethod
    def sideburn_bottom_outer() -> Point:
        return 177, 552

    def hairline_right(self) -> list[Point]:
        """The hairline of the right half, from the bottom of the sideburn up the temple, round the
        forehead corner and along the forehead toward the midline (midline excluded)."""
        cx, cy = self.lm["hairline-corner"]
        hx, hy = self.lm["anterior-hairline"]
        return [
            (183, 548), (185, 510), (189, 460), (193, 405), (199, 348), (206, 292), (214, 254), (cx, cy),
            (cx + 30, cy - 10), (cx + 90, cy - 19), (hx - 100, hy + 5), (hx - 48, hy + 1),
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
        _stroke(svg, smooth_open([(424, 1122), (438, 1134), (self.mid, 1137), (462, 1134), (476, 1122)]),
                p.detail, DETAIL_W, 0.45)

    def ears(self) -> None:
        """The ears seen edge-on beside the head: helix rim, a hint of antihelix and concha."""
        svg, p, lm = self.svg, self.p, self.lm
        top, lobe = lm["helix-top"], lm["earlobe"]
        outer = [
            (186, 466), (168, 452), top, (142, 464), (136, 494), (135, 534), (139, 575), (146, 615), (154, 647),
            (162, 667), lobe, (181, 673), (190, 655), (194, 600), (194, 520),
        ]  # fmt: skip
        rim = [(166, 462), (152, 466), (144, 486), (142, 520), (144, 560), (149, 600), (156, 632)]
        antihelix = [(164, 486), (158, 520), (159, 566), (165, 610), (172, 634)]
        for o, r, a in zip(self.both(outer), self.both(rim), self.both(antihelix), strict=True):
            _fill(svg, smooth_closed(o), p.skin)
            _fill(svg, smooth_closed(o), "url(#soft-shade)", 0.5)
            _shade(svg, a[2][0] + math.copysign(13, self.mid - a[2][0]), 575, 10, 46, 0.9)  # concha
            _stroke(svg, smooth_closed(o), p.outline, OUTLINE_W)
            _stroke(svg, smooth_open(r), p.detail, DETAIL_W, 0.8)
            _stroke(svg, smooth_open(a), p.detail, FINE_W, 0.6)

    def skin(self) -> None:
        outline = self.symmetric(self.head_right(), self.lm["vertex"], self.lm["menton"])
        _fill(self.svg, smooth_closed(outline), "url(#skin)")

    def shading(self) -> None:
        """Soft modelling: temples, under the cheekbones, beside the nose, under the lips, chin."""
        svg, lm = self.svg, self.lm
        zx, zy = lm["zygoma-lower-border"]
        for x, y, rx, ry, op in (
            (zx - 22, zy + 62, 62, 96, 0.75),  # hollow under the cheekbone
            (222, 430, 34, 80, 0.6),  # temple
            (self.mid - 70, 470, 30, 22, 0.6),  # side of the nasal root
            (zx + 30, 720, 80, 60, 0.25),  # cheek toward the mouth
        ):
            for cx in (x, 2 * self.mid - x):
                _shade(svg, cx, y, rx, ry, op)
        _shade(svg, self.mid, lm["subnasale"][1] + 8, 34, 10, 0.9)  # under the nose
        _shade(svg, self.mid, lm["mentolabial-sulcus"][1] + 2, 44, 12, 0.8)  # under the lower lip
        _shade(svg, self.mid, lm["menton"][1] - 8, 80, 16, 0.6)  # under the chin pad

    def hair(self) -> None:
        svg, p, lm = self.svg, self.p, self.lm
        head = self.head_right()
        cut = head.index(self.sideburn_bottom_outer())
        right = [*head[: cut + 1], *self.hairline_right()]
        shape = [lm["vertex"], *right, lm["anterior-hairline"], *mirror_path(right[::-1], self.mid)]
        _fill(svg, smooth_closed(shape), p.hair, self.t.hair_opacity)
        # soft strands combed back from the hairline toward the crown: each joins a point of the
        # hairline to the matching point of the outline, so it stays inside the hair
        fractions = [0.64 + 0.07 * i for i in range(5)]
        starts = _resample(self.hairline_right(), fractions)
        ends = _resample([*head[cut::-1], lm["vertex"]], fractions)
        for a, b in zip(starts, ends, strict=True):
            for side in self.both([_lerp(a, b, 0.1), _lerp(a, b, 0.45), _lerp(a, b, 0.8)]):
                _stroke(svg, smooth_open(side), p.outline, FINE_W, 0.3)
        # and a few along the side of the head
        side_run = head[3:8]
        for inset, (i, j) in ((12, (0, 5)), (24, (1, 4))):
            for side in self.both(_offset(side_run, inset)[i:j]):
                _stroke(svg, smooth_open(side), p.outline, FINE_W, 0.3)
        _stroke(svg, smooth_open(self.hairline()), p.outline, DETAIL_W)

    def bones(self) -> None:
        """Faint dashed bony margins that points are located from."""
        svg, p, lm = self.svg, self.p, self.lm
        mx, my = lm["infraorbital-margin"]
        ix, iy = lm["inner-canthus"]
        ox, oy = lm["outer-canthus"]
        infraorbital = [(ix - 6, iy + 24), (mx + 28, my - 1), (mx, my), (mx - 30, my - 4), (ox + 4, oy + 26),
                        (ox - 10, oy + 4)]
        zx, zy = lm["zygoma-lower-border"]
        nx, ny = lm["mandibular-notch"]
        zygoma = [(zx + 44, zy - 14), (zx, zy), (zx - 40, zy - 10), (nx + 8, ny - 11), (nx - 10, ny - 12)]
        for pts in (infraorbital, zygoma):
            for side in self.both(pts):
                _stroke(svg, smooth_open(side), p.detail, FINE_W * 1.3, BONE_OPACITY, DASH)

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
            svg.add(f'<ellipse cx="{ccx:g}" cy="{ccy:g}" rx="4.5" ry="3.5" fill="{t.lip}" '
                    f'fill-opacity="0.8"/>')  # caruncle
            _stroke(svg, smooth_open(low), p.detail, DETAIL_W)
            _fill(svg, _tapered(m(lash), lash_w), p.outline)
            _stroke(svg, smooth_open(m(crease)), p.detail, DETAIL_W, 0.8)
            _stroke(svg, smooth_open(m(fold_under)), p.detail, FINE_W, 0.45)

    def nose(self) -> None:
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        ax, ay = lm["ala-lateral-midpoint"]
        bx, by = lm["ala-lower-border"]
        nx, ny = lm["nostril-lateral-margin"]
        sx, sy = lm["subnasale"]
        tx, ty = lm["nose-tip"]
        ala = [(ax + 14, ay - 26), (ax + 3, ay - 15), (ax, ay), (ax + 2, ay + 13), (bx, by), (bx + 8, by + 4), (nx, ny)]
        nostril = [(nx, ny), (nx + 9, ny - 5), (nx + 21, ny - 4), (sx - 13, sy - 5), (sx - 14, sy - 1),
                   (nx + 17, ny + 4), (nx + 5, ny + 3)]
        dorsum = [(self.mid - 27, lm["nasion"][1] - 16), (self.mid - 22, lm["nasion"][1] + 24),
                  (self.mid - 24, ay - 56), (ax + 20, ay - 32)]
        for x, y, rx, ry, op in ((ax + 4, ay + 6, 16, 26, 0.9),  # alar crease
                                 (ax + 24, ay - 40, 14, 50, 0.55),  # side wall of the nose
                                 (tx - 22, ty + 14, 16, 8, 0.5)):  # under the tip, beside the columella
            for cx in (x, 2 * self.mid - x):
                _shade(svg, cx, y, rx, ry, op)
        for side in self.both(ala):
            _stroke(svg, smooth_open(side), p.outline, DETAIL_W * 1.25)
        for side in self.both(nostril):
            _fill(svg, smooth_closed(side), t.ink, 0.7)
            _stroke(svg, smooth_closed(side), p.detail, FINE_W)
        for side in self.both(dorsum):
            _stroke(svg, smooth_open(side), p.detail, FINE_W, 0.5)
        _stroke(svg, smooth_open([(sx - 13, sy - 1), (sx - 6, sy + 1), (sx, sy), (sx + 6, sy + 1), (sx + 13, sy - 1)]),
                p.detail, DETAIL_W, 0.8)

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
        _stroke(svg, smooth_open(_arc((mx - 40, lm["menton"][1] - 30), (mx + 40, lm["menton"][1] - 30), -10)),
                p.detail, FINE_W, 0.35)

    def outline(self) -> None:
        outline = self.symmetric(self.head_right(), self.lm["vertex"], self.lm["menton"])
        _stroke(self.svg, smooth_closed(outline), self.p.outline, OUTLINE_W)

    def draw(self) -> Path:
        _defs(self.svg, self.p, (self.mid, 520), 400, 1030, self.lm.height)
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
        self.svg.landmarks(self.lm)
        return self.svg.save(self.lm.doc["id"])


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

    def cranium(self) -> list[Point]:
        """From the nape over the vertex and the forehead to the glabella."""
        lm = self.lm
        return [
            self.NAPE, (212, 744), (180, 694), (146, 630), (118, 556), (102, 474), (100, 392), (112, 310),
            (140, 234), (186, 166), (248, 112), (326, 76), lm["vertex"], (512, 64), (598, 84), (670, 118),
            (726, 158), lm["anterior-hairline"], (796, 256), (813, 318), (822, 380), lm["glabella"],
        ]  # fmt: skip

    def face_profile(self) -> list[Point]:
        """From the nasion over the nose, lips and chin to the menton."""
        lm = self.lm
        return [
            (818, 466), lm["nasion"], (814, 510), (829, 546), (851, 579), (877, 608), (903, 629), lm["nose-tip"],
            (918, 652), (905, 661), (885, 665), (865, 668), lm["subnasale"], (850, 690), (856, 709),
            lm["upper-lip-tubercle"], (860, 738), (852, 745), (858, 756), lm["lower-lip-border"], (838, 784),
            lm["mentolabial-sulcus"], (831, 822), lm["pogonion"], (827, 873), lm["menton"],
        ]  # fmt: skip

    @staticmethod
    def front_of_neck() -> list[Point]:
        """From under the chin down to the bottom edge."""
        return [(760, 884), (722, 891), (690, 903), (666, 926), (652, 966), (646, 1020), (650, 1070), (662, 1120),
                (678, 1165), (690, 1210)]

    def jaw(self) -> list[Point]:
        """Lower border of the mandible, from the chin back to the angle."""
        lm = self.lm
        return [lm["menton"], (730, 861), lm["facial-artery-notch"], (590, 818), (510, 796), lm["mandibular-angle"]]

    def hairline(self) -> list[Point]:
        """From the forehead on the midline back round the temple, the sideburn and the ear to the nape."""
        lm = self.lm
        return [
            lm["anterior-hairline"], (738, 206), lm["hairline-corner"], (668, 262), (636, 312), (598, 362),
            (558, 404), (528, 436), (515, 470), (510, 506), (504, 536), (498, 547), (482, 538), (468, 524),
            (465, 510), lm["temple-hairline"], (462, 472), lm["sideburn-at-apex"], (450, 432), (428, 420),
            (396, 414), (360, 415), (326, 424), (300, 442), (282, 470), (271, 506), (267, 548), (269, 592),
            (277, 638), (290, 682), (299, 722), (290, 758), (262, 782), self.NAPE,
        ]  # fmt: skip

    # ----- layers

    def neck(self) -> None:
        svg = self.svg
        front, back = self.front_of_neck(), self.back_of_neck()
        back = [*back, *self.cranium()[1:3]]  # up behind the hair a little, so the nape is covered
        hidden = [back[-1], (320, 640), (560, 700), (700, 790), (770, 850), front[1]]  # runs under the head
        _fill(svg, _join(smooth_open(back), smooth_open(hidden), smooth_open(front[1:])) + " Z", "url(#fade-fill)")
        lx, ly = self.lm["mastoid-process"]
        # sternocleidomastoid, from the mastoid down to the sternum; shoulder and clavicle
        for pts in ([(lx + 18, ly + 26), (430, 820), (520, 940), (606, 1060), (660, 1126)],
                    [(lx - 14, ly + 30), (380, 840), (450, 962), (518, 1074), (556, 1150)]):
            _stroke(svg, smooth_open(pts), "url(#fade-line)", DETAIL_W, 0.45)
        _stroke(svg, smooth_open([(204, 1052), (300, 1080), (400, 1098), (500, 1112), (590, 1130)]),
                "url(#fade-line)", DETAIL_W, 0.4)
        _stroke(svg, smooth_open([(548, 1142), (604, 1132), (664, 1138)]), "url(#fade-line)", DETAIL_W, 0.5)

    def skin(self) -> None:
        under_chin = [*self.front_of_neck()[:2], (690, 866)]  # the skin under the chin belongs to the head
        head = [*self.cranium()[1:], *self.face_profile(), *under_chin, *self.jaw()[3:], (380, 780), (300, 772),
                (240, 760)]
        _fill(self.svg, smooth_closed(head), "url(#skin)")

    def shading(self) -> None:
        svg = self.svg
        for cx, cy, rx, ry, op in (
            (630, 440, 110, 90, 0.35),  # temple
            (650, 690, 120, 80, 0.4),  # hollow under the cheekbone
            (780, 498, 30, 24, 0.6),  # eye socket
            (836, 640, 12, 18, 0.7),  # alar crease
            (838, 686, 8, 14, 0.5),  # beside the philtrum
            (816, 800, 10, 10, 0.6),  # mentolabial sulcus
            (570, 806, 200, 22, 0.45),  # along the jaw line
            (560, 874, 130, 42, 1.0),  # shadow under the jaw
        ):
            _shade(svg, cx, cy, rx, ry, op)

    def hair(self) -> None:
        svg, p = self.svg, self.p
        cranium = self.cranium()
        outer = cranium[: cranium.index(self.lm["anterior-hairline"]) + 1]
        line = self.hairline()
        _fill(svg, _join(smooth_open(outer), smooth_open(line)) + " Z", p.hair, self.t.hair_opacity)
        # strands combed back from the hairline toward the crown and down the back
        crown = (400, 170)
        for start in line[3:9]:
            mid = _add(_lerp(start, crown, 0.35), 0, -30)
            _stroke(svg, smooth_open([_add(start, -6, -4), mid, _lerp(start, crown, 0.7)]), p.outline, FINE_W, 0.3)
        back = self.cranium()[2:12]
        for inset, (a, b) in ((34, (0, 6)), (70, (1, 8)), (108, (3, 8))):
            _stroke(svg, smooth_open(_offset(back, -inset)[a:b]), p.outline, FINE_W, 0.25)
        _stroke(svg, smooth_open(line), p.outline, DETAIL_W)

    def bones(self) -> None:
        """Faint dashed bony landmarks: zygomatic arch, orbital rim, ramus and condyle, mastoid."""
        svg, p, lm = self.svg, self.p, self.lm
        ux, uy = lm["zygomatic-arch-upper"]
        zx, zy = lm["zygoma-lower-border"]
        ax, ay = lm["mandibular-angle"]
        mx, my = lm["mastoid-process"]
        lines = [
            [(742, 546), (660, 548), (580, 550), (ux, uy), (458, 560)],  # arch, upper border
            [(758, 602), (zx, zy), (690, 598), (620, 588), (560, 585), (ux, 584), (470, 582)],  # arch, lower
            [(774, 452), (758, 472), (749, 502), (748, 530), (754, 548)],  # lateral orbital rim
            [(ax, ay), (436, 700), (440, 640), (444, 606)],  # posterior border of the ramus
            [(mx - 26, my - 64), (mx - 18, my - 26), (mx, my), (mx + 16, my - 20), (mx + 20, my - 52)],  # mastoid
        ]
        for pts in lines:
            _stroke(svg, smooth_open(pts), p.detail, FINE_W * 1.3, BONE_OPACITY, DASH)
        svg.add(f'<ellipse cx="452" cy="590" rx="12" ry="10" fill="none" stroke="{p.detail}" '
                f'stroke-width="{FINE_W * 1.3:g}" stroke-opacity="{BONE_OPACITY:g}" stroke-dasharray="4 4"/>')
        _stroke(svg, smooth_open(self.jaw()), p.detail, DETAIL_W, 0.85)

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
        _fill(svg, smooth_closed(outer), "url(#soft-shade)", 0.3)
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
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        c = lm["outer-canthus"]
        px, py = lm["pupil"]
        upper = [c, (770, 500), (783, 494), (794, 492), (801, 494), (805, 499)]
        lower = [c, (772, 518), (786, 524), (796, 526), (803, 523)]
        iris = []
        for i in range(72):
            a = 2 * math.pi * i / 72
            x, y = px + 6 * math.cos(a), py + 20 * math.sin(a)
            iris.append((x, min(max(y, _interp_y(upper, x)), _interp_y(lower, x))))
        _fill(svg, _join(smooth_open(upper), smooth_open([(805, 499), (808, 511), (803, 523)]),
                         smooth_open(lower[::-1])) + " Z", t.sclera)
        _fill(svg, _polygon(iris), p.accent, t.accent_opacity)
        svg.add(f'<ellipse cx="{px:g}" cy="{py:g}" rx="3" ry="8.5" fill="{t.ink}"/>')
        _stroke(svg, smooth_open([(801, 495), (808, 510), (803, 524)]), p.detail, FINE_W, 0.7)  # cornea
        _stroke(svg, smooth_open(lower), p.detail, DETAIL_W)
        _fill(svg, _tapered(upper, [0.4, 1.4, 2.2, 2.6, 2.4, 1.2]), p.outline)
        for base, tip in (((786, 493), (792, 485)), ((792, 492), (799, 485)), ((798, 493), (805, 487))):
            _fill(svg, _tapered([base, _add(_lerp(base, tip, 0.5), 1, -1), tip], [0.9, 0.6, 0.0]), p.outline, 0.8)
        _stroke(svg, smooth_open([(762, 500), (774, 486), (789, 480), (798, 481), (803, 486)]), p.detail,
                DETAIL_W, 0.8)  # lid crease
        _stroke(svg, smooth_open([(766, 521), (781, 533), (796, 537), (807, 533)]), p.detail, FINE_W, 0.45)

    def nose(self) -> None:
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        ala_mid, ala_low, sub = lm["ala-lateral-midpoint"], lm["ala-lower-border"], lm["subnasale"]
        crease = [(836, 614), (827, 624), ala_mid, (827, 650), ala_low]
        _stroke(svg, smooth_open(crease), p.outline, DETAIL_W)
        _stroke(svg, smooth_open([ala_low, (842, 663), (850, 663)]), p.detail, DETAIL_W, 0.8)
        _stroke(svg, smooth_open([(836, 614), (850, 611), (866, 614), (882, 624)]), p.detail, FINE_W, 0.5)
        nostril = [(sub[0] + 2, sub[1] - 10), (866, 658), (886, 655), (897, 656), (888, 660), (868, 662)]
        _fill(svg, smooth_closed(nostril), t.ink, 0.7)
        _stroke(svg, smooth_closed(nostril), p.detail, FINE_W)

    def mouth(self) -> None:
        svg, p, t, lm = self.svg, self.p, self.t, self.lm
        c, tub, low = lm["mouth-corner"], lm["upper-lip-tubercle"], lm["lower-lip-border"]
        stomion = (852, 745)
        line = [stomion, (830, 745), (808, 746), c]
        upper = [tub, (846, 724), (826, 730), (806, 737), c]
        lower = [low, (836, 766), (816, 758), (800, 750), c]
        front_upper = [tub, (860, 738), stomion]  # as in face_profile()
        front_lower = [stomion, (858, 756), low]
        _fill(svg, _join(smooth_open(front_upper), smooth_open(line), smooth_open(upper[::-1])) + " Z", t.lip, 0.9)
        _fill(svg, _join(smooth_open(front_lower), smooth_open(lower), smooth_open(line[::-1])) + " Z", t.lip, 0.75)
        _stroke(svg, smooth_open(upper), p.detail, DETAIL_W, 0.9)
        _stroke(svg, smooth_open(lower), p.detail, FINE_W, 0.6)
        _stroke(svg, smooth_open([*line, _add(c, -5, 5)]), p.outline, DETAIL_W * 1.2)

    def creases(self) -> None:
        svg, p, lm = self.svg, self.p, self.lm
        fold = [(823, 652), (817, 678), (805, 707), (794, 734), (786, 758), (784, 776)]
        _fill(svg, _tapered(fold, [0.6, 1.4, 1.3, 1.1, 0.8, 0.0]), p.detail, 0.5)
        mx, my = lm["mentolabial-sulcus"]
        _stroke(svg, smooth_open([(mx + 2, my), (mx - 10, my + 2), (mx - 22, my + 8)]), p.detail, FINE_W, 0.5)

    def outline(self) -> None:
        pts = [*self.back_of_neck(), *self.cranium()[1:], *self.face_profile(), *self.front_of_neck()]
        _stroke(self.svg, smooth_open(pts), "url(#fade-line)", OUTLINE_W)

    def draw(self) -> Path:
        _defs(self.svg, self.p, (560, 600), 600, 1060, self.lm.height)
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
        self.creases()
        self.outline()
        self.svg.landmarks(self.lm)
        return self.svg.save(self.lm.doc["id"])


def draw_all(palette: Palette) -> list[Path]:
    """Write face{suffix}.svg and face-lateral{suffix}.svg for ``palette``; return their paths."""
    return [Front(palette).draw(), Lateral(palette).draw()]
