"""Arm and abdomen diagrams: both upper limbs from the front and from behind, and the trunk.

Everything is drawn around the landmarks of data/diagrams/arm-anterior.toml,
arm-posterior.toml and abdomen.toml, so the creases, bones and contours pass through the
points the app later places from those landmarks.

The two arm views show the same limb. Its geometry is written once, for the subject's right
arm seen from the front (the "arm frame": radial side toward -x, hand at the bottom); the
posterior view is that drawing seen from behind, i.e. flipped about the midline. Each view
uses its own landmarks first and borrows the other view's (flipped) only for marks it lacks,
so both silhouettes agree while every view's own landmarks stay exact.

Drawing order per diagram: ghost trunk, limb fills, soft shading, inner details, silhouette
outline, landmark markers last.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from tools.diagrams.common import (
    DETAIL_W,
    FINE_W,
    OUTLINE_W,
    Landmarks,
    Palette,
    Svg,
    mirror_path,
)

Pt = tuple[float, float]
Marks = dict[str, Pt]

GHOST_W = 2.2  # stroke of the faint trunk behind the arms
GHOST_OPACITY = 0.45
FINGERS = ("index", "middle", "ring", "little")
# Half-widths of each finger at the PIP and DIP joints and at the fingertip (= radius of the tip).
FINGER_HALF = {
    "index": (11.0, 9.5, 8.5),
    "middle": (11.5, 9.8, 8.3),
    "ring": (11.0, 10.0, 9.0),
    "little": (10.0, 8.5, 7.5),
}
THUMB_HALF = (12.5, 11.5, 11.0)  # at the MCP and IP joints, radius of the tip


# --------------------------------------------------------------------------- geometry


def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def shift(p: Pt, dx: float = 0.0, dy: float = 0.0) -> Pt:
    return p[0] + dx, p[1] + dy


def unit(v: Pt) -> Pt:
    length = math.hypot(*v) or 1.0
    return v[0] / length, v[1] / length


def perp(v: Pt) -> Pt:
    """v turned a quarter clockwise on screen (y down): for a line running down, this points to -x."""
    return -v[1], v[0]


def along(p: Pt, direction: Pt, d: float, across: float = 0.0) -> Pt:
    """p moved d along the unit vector ``direction`` and ``across`` along its clockwise normal."""
    n = perp(direction)
    return p[0] + direction[0] * d + n[0] * across, p[1] + direction[1] * d + n[1] * across


def tangents(points: list[Pt]) -> list[Pt]:
    """Unit tangent of a polyline at each point (central differences, one-sided at the ends)."""
    last = len(points) - 1
    result = []
    for i in range(len(points)):
        a, b = points[max(i - 1, 0)], points[min(i + 1, last)]
        result.append(unit((b[0] - a[0], b[1] - a[1])))
    return result


def offset(points: list[Pt], dists: Iterable[float]) -> list[Pt]:
    """Each point moved along the clockwise normal of the polyline by its distance."""
    return [along(p, t, 0.0, d) for p, t, d in zip(points, tangents(points), dists, strict=True)]


def arc(center: Pt, r: float, start_deg: float, end_deg: float, steps: int = 6, ry: float | None = None) -> list[Pt]:
    """Points on an arc of a circle (or of an ellipse with radii r, ry); angles in screen degrees."""
    ry = r if ry is None else ry
    return [
        (center[0] + r * math.cos(math.radians(a)), center[1] + ry * math.sin(math.radians(a)))
        for a in (start_deg + (end_deg - start_deg) * i / steps for i in range(steps + 1))
    ]


def spline(points: list[Pt], closed: bool = False) -> str:
    """A centripetal Catmull-Rom spline through ``points`` as an SVG path d.

    Like common.smooth_open/smooth_closed, but with centripetal knots: contours here mix long
    runs (a forearm) with tight turns (a fingertip), where the uniform spline overshoots into
    bumps and loops; the centripetal one never does."""
    pts = list(points)
    ext = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    d = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    for i in range(1, len(pts) + (1 if closed else 0)):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        d01, d12, d23 = (max(math.dist(a, b) ** 0.5, 1e-3) for a, b in ((p0, p1), (p1, p2), (p2, p3)))
        c1, c2 = [], []
        for k in (0, 1):
            t1 = (p1[k] - p0[k]) / d01 - (p2[k] - p0[k]) / (d01 + d12) + (p2[k] - p1[k]) / d12
            t2 = (p2[k] - p1[k]) / d12 - (p3[k] - p1[k]) / (d12 + d23) + (p3[k] - p2[k]) / d23
            c1.append(p1[k] + t1 * d12 / 3)
            c2.append(p2[k] - t2 * d12 / 3)
        d.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {p2[0]:.1f},{p2[1]:.1f}")
    return " ".join(d) + (" Z" if closed else "")


# --------------------------------------------------------------------------- painting


class Painter:
    """Draws point lists as smooth paths, once on the subject's right side and mirrored on the left.

    ``flip`` maps the arm frame (right arm seen from the front) into a posterior view."""

    def __init__(self, svg: Svg, midline: float, *, flip: bool = False, mirror: bool = True):
        self.svg, self.pal, self.mid, self.flip, self.mirror = svg, svg.palette, midline, flip, mirror

    def _copies(self, pts: list[Pt]) -> list[list[Pt]]:
        right = mirror_path(pts, self.mid) if self.flip else list(pts)
        return [right, mirror_path(right, self.mid)] if self.mirror else [right]

    def draw(
        self,
        pts: list[Pt],
        *,
        closed: bool = False,
        stroke: str | None = None,
        width: float = DETAIL_W,
        opacity: float = 1.0,
        fill: str = "none",
        fill_opacity: float = 1.0,
    ) -> None:
        extra = ""
        if stroke and opacity < 1:
            extra += f' stroke-opacity="{opacity:g}"'
        if fill != "none" and fill_opacity < 1:
            extra += f' fill-opacity="{fill_opacity:g}"'
        for copy in self._copies(pts):
            d = spline(copy, closed)
            self.svg.path(d, fill=fill, stroke=stroke, width=width, extra=extra)

    def outline(self, pts: list[Pt]) -> None:
        self.draw(pts, stroke=self.pal.outline, width=OUTLINE_W)

    def line(self, pts: list[Pt], opacity: float = 0.9, width: float = DETAIL_W) -> None:
        self.draw(pts, stroke=self.pal.detail, width=width, opacity=opacity)

    def fine(self, pts: list[Pt], opacity: float = 0.7) -> None:
        self.draw(pts, stroke=self.pal.detail, width=FINE_W, opacity=opacity)

    def area(self, pts: list[Pt], opacity: float = 1.0) -> None:
        self.draw(pts, closed=True, fill=self.pal.skin, fill_opacity=opacity)

    def shade(self, edge: list[Pt], depth: float, opacity: float = 0.55) -> None:
        """A soft crescent of shading along ``edge``, ``depth`` deep on its clockwise side (negative:
        the other side), tapering to nothing at both ends; drawn twice for a softer falloff."""
        n = len(edge) - 1
        for share, alpha in ((1.0, opacity * 0.5), (0.5, opacity * 0.5)):
            dists = [depth * share * math.sin(math.pi * i / n) ** 0.8 for i in range(n + 1)]
            inner = offset(edge, dists)
            for copy_edge, copy_inner in zip(self._copies(edge), self._copies(inner), strict=True):
                d = spline(copy_edge) + " L" + spline(copy_inner[::-1])[1:] + " Z"
                self.svg.path(d, fill=self.pal.skin_shade, extra=f' fill-opacity="{alpha:g}"')

    def ellipse(
        self,
        c: Pt,
        rx: float,
        ry: float,
        *,
        fill: str = "none",
        fill_opacity: float = 1.0,
        stroke: str | None = None,
        width: float = DETAIL_W,
        opacity: float = 1.0,
    ) -> None:
        for [(x, y)] in self._copies([c]):
            attrs = f'fill="{fill}"'
            if fill != "none" and fill_opacity < 1:
                attrs += f' fill-opacity="{fill_opacity:g}"'
            if stroke:
                attrs += f' stroke="{stroke}" stroke-width="{width:g}"'
                if opacity < 1:
                    attrs += f' stroke-opacity="{opacity:g}"'
            self.svg.add(f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{rx:g}" ry="{ry:g}" {attrs}/>')

    def bony(self, center: Pt, facing_deg: float, r: float = 6.0, span: float = 140.0, opacity: float = 0.6) -> None:
        """A subtle bony prominence: a short arc around ``center``, its middle toward ``facing_deg``
        (screen degrees in the arm frame, 0 = +x, 90 = down)."""
        self.fine(arc(center, r, facing_deg - span / 2, facing_deg + span / 2), opacity=opacity)


# --------------------------------------------------------------------------- the arm frame

ARM_VIEWS = ("arm-anterior", "arm-posterior")


def arm_marks(view: str) -> tuple[Landmarks, Marks]:
    """The view's landmarks, and the right arm's marks in the arm frame: the view's own marks,
    completed with the other view's (flipped into the arm frame) for names it lacks."""
    own = Landmarks(view)
    other = Landmarks(ARM_VIEWS[1 - ARM_VIEWS.index(view)])
    marks: Marks = {}
    for lm in (other, own):
        posterior = lm.doc["id"] == "arm-posterior"
        for name, (x, y) in lm.marks.items():
            if lm.sides[name] == "right":
                marks[name] = (2 * lm.midline - x, y) if posterior else (x, y)
    return own, marks


class Digit:
    """A finger or thumb: joints along its axis, the tip, and half-widths at the joints and tip."""

    def __init__(self, joints: list[Pt], tip: Pt, half: tuple[float, ...]):
        self.joints, self.tip, self.half = joints, tip, half
        self.axis = [*joints, tip]
        self.direction = unit((tip[0] - joints[-1][0], tip[1] - joints[-1][1]))

    def edge(self, side: float) -> list[Pt]:
        """Points down the radial (side=+1) or ulnar (side=-1) edge: one at each joint, then one
        just before the rounded tip."""
        ts = tangents(self.axis)
        pts = [along(j, t, 0.0, side * h) for j, t, h in zip(self.joints, ts, self.half, strict=False)]
        r = self.half[-1]
        return [*pts, along(self.tip, self.direction, -2.2 * r, side * (r + 0.25 * (self.half[-2] - r)))]

    def cap(self) -> list[Pt]:
        """The rounded fingertip from the radial side over the tip to the ulnar side."""
        r, d = self.half[-1], self.direction
        center = along(self.tip, d, -r)
        return [
            along(center, d, r * math.sin(math.radians(a)), r * math.cos(math.radians(a)))
            for a in (0, 40, 90, 140, 180)
        ]

    def across(self, t: float, reach: float = 0.9, bow: float = 0.0) -> list[Pt]:
        """A crease across the digit at fraction t of its axis (0 = first joint, 1 = tip), spanning
        ``reach`` of its width, bowed by ``bow`` units toward the tip."""
        seg = t * (len(self.axis) - 1)
        i = min(int(seg), len(self.axis) - 2)
        p = lerp(self.axis[i], self.axis[i + 1], seg - i)
        h = (self.half[min(i, len(self.half) - 1)] + self.half[min(i + 1, len(self.half) - 1)]) / 2 * reach
        d = unit((self.axis[i + 1][0] - self.axis[i][0], self.axis[i + 1][1] - self.axis[i][1]))
        return [along(p, d, 0, h), along(p, d, bow, 0), along(p, d, 0, -h)]


def digits(m: Marks) -> dict[str, Digit]:
    """The thumb (MCP, IP, tip) and the four fingers (PIP, DIP halfway to the tip, tip)."""
    result = {"thumb": Digit([m["thumb-mcp"], m["thumb-ip"]], m["thumb-tip"], THUMB_HALF)}
    for name in FINGERS:
        pip, tip = m[f"{name}-pip"], m[f"{name}-tip"]
        result[name] = Digit([pip, lerp(pip, tip, 0.5)], tip, FINGER_HALF[name])
    return result


def crotch(web: Pt, r: float = 5.0, legs: bool = True) -> list[Pt]:
    """The rounded fold of skin between two digits, its deepest point at ``web``, left to right."""
    center = shift(web, 0, r)
    fold = arc(center, r, 180, 360, steps=4)
    return [shift(center, -r - 0.5, 8), *fold, shift(center, r + 0.5, 8)] if legs else fold[1:-1]


def hand_outline(m: Marks, dg: dict[str, Digit]) -> list[Pt]:
    """Around the hand from the radial side of the wrist to the ulnar side of the wrist."""
    rs, us = m["radial-styloid"], m["ulnar-styloid"]
    thumb = dg["thumb"]
    pts = [shift(rs, -8, 14), shift(rs, -12, 40), shift(m["first-metacarpal-midpoint"], -3, 0)]
    pts += thumb.edge(+1) + thumb.cap() + thumb.edge(-1)[:0:-1]
    pts += [*crotch(m["web-1-2"], legs=False), shift(m["index-mcp-distal-radial"], -3, 0)]
    webs = [m["web-2-3"], m["web-3-4"], m["web-4-5"]]
    for i, name in enumerate(FINGERS):
        f = dg[name]
        pts += f.edge(+1)[::2] + f.cap() + f.edge(-1)[::-2]  # PIP and tip only: straighter sides
        if i < 3:
            pts += crotch(webs[i])
    lm5 = m["little-mcp-distal"]
    pts += [shift(lm5, 1, 0), shift(lm5, 3, -30), shift(lm5, 4, -66), shift(us, 12, 42), shift(us, 8, 16)]
    return pts


def arm_sides(m: Marks) -> tuple[list[Pt], list[Pt]]:
    """The lateral contour (shoulder down to the wrist) and the medial one (wrist up to the axilla)."""
    ac, gt, di = m["acromion"], m["greater-tubercle"], m["deltoid-insertion"]
    le, me, rs, us = m["lateral-epicondyle"], m["medial-epicondyle"], m["radial-styloid"], m["ulnar-styloid"]
    lateral = [
        shoulder_seam(m)[-1],
        shift(ac, 18, -10),
        shift(ac, -6, -2),
        shift(gt, -28, 20),
        shift(di, -11, -100),
        shift(di, -23, -48),
        shift(di, -33, 0),
        shift(di, -38, 55),
        shift(le, 30, -115),
        shift(le, 16, -62),
        shift(le, 4, -28),
        shift(le, -8, 0),
        shift(le, -14, 40),
        shift(le, -19, 100),
        shift(le, -21, 170),
        shift(rs, -4, -90),
        shift(rs, -7, 0),
    ]
    medial = [
        shift(us, 8, 0),
        shift(us, 15, -60),
        shift(us, 29, -140),
        shift(me, -16, 84),
        shift(me, -4, 44),
        shift(me, 8, 14),
        shift(me, 11, -6),
        shift(me, 12, -30),
        shift(me, 19, -76),
        shift(me, 28, -146),
        shift(me, 36, -216),
        shift(me, 40, -276),
        shift(me, 41, -316),
        axilla_apex(m),
    ]
    return lateral, medial


def arm_outline(m: Marks, dg: dict[str, Digit]) -> list[Pt]:
    """The limb's visible contour: from the top of the shoulder down the lateral side, around the
    hand, and up the medial side into the apex of the axilla."""
    lateral, medial = arm_sides(m)
    return lateral + hand_outline(m, dg) + medial


def axilla_apex(m: Marks) -> Pt:
    return shift(m["axilla-center"], 3, -4)


def shoulder_seam(m: Marks) -> list[Pt]:
    """Where the shoulder meets the chest: from the apex of the axilla up the anterior axillary
    fold and the deltopectoral groove to the clavicle (the limb's fill ends here)."""
    fold = m["anterior-axillary-fold"]
    return [axilla_apex(m), shift(fold, -5, -40), shift(fold, 2, -80), shift(fold, -1, -110), shift(fold, -7, -128)]


def arm_fill(m: Marks, outline: list[Pt]) -> list[Pt]:
    """The outline closed along the shoulder seam, for the limb's fill."""
    return [*outline, *shoulder_seam(m)[1:-1]]


# --------------------------------------------------------------------------- the ghost trunk


def trunk_side(fold: Pt) -> list[Pt]:
    """The flank of the trunk and thigh behind the viewer-left arm, from the armpit (through the
    view's axillary fold) down."""
    return [
        (368, 190),
        shift(fold, 1, 2),
        (392, 232),
        (399, 280),
        (408, 360),
        (422, 430),
        (432, 480),
        (432, 530),
        (421, 595),
        (402, 670),
        (390, 740),
        (385, 810),
        (389, 900),
        (397, 1000),
        (404, 1100),
        (410, 1215),
        (412, 1300),
    ]


def trunk_top() -> list[Pt]:
    """The right side of the neck and the slope of the trapezius, out to the shoulder."""
    return [(530, -15), (526, 20), (510, 44), (470, 58), (420, 67), (378, 73)]


def trunk_ghost(body: Painter, m: Marks, posterior: bool) -> None:
    pal = body.pal
    side = trunk_side(m["posterior-axillary-fold" if posterior else "anterior-axillary-fold"])
    inner_thigh = [(600, 874), (594, 900), (590, 1000), (588, 1215), (588, 1300)]
    right = [*trunk_top(), (350, 110), (345, 170), *side]
    whole = right + inner_thigh[::-1] + mirror_path(inner_thigh, body.mid) + mirror_path(right, body.mid)[::-1]
    Painter(body.svg, body.mid, mirror=False).area(whole, opacity=0.5)
    ghost = {"stroke": pal.outline, "width": GHOST_W, "opacity": GHOST_OPACITY}
    body.draw(trunk_top(), **ghost)
    body.draw(side[1:], **ghost)
    body.draw(inner_thigh, **ghost)
    faint = {"stroke": pal.detail, "width": FINE_W, "opacity": GHOST_OPACITY}
    if posterior:
        trunk_back_details(body, faint)
    else:
        trunk_front_details(body, faint)


def trunk_front_details(body: Painter, faint: dict) -> None:
    body.draw([(574, 62), (545, 70), (490, 64), (430, 70), (384, 80)], **faint)  # clavicle
    body.draw([(384, 204), (410, 240), (455, 262), (510, 262), (575, 246)], **faint)  # lower border of pectoralis
    body.ellipse((462, 228), 4, 4, stroke=body.pal.detail, width=FINE_W, opacity=GHOST_OPACITY)  # nipple
    body.draw([(600, 262), (600, 470)], **faint)  # lower sternum and linea alba
    body.ellipse((600, 520), 6, 8, stroke=body.pal.detail, width=FINE_W, opacity=GHOST_OPACITY)  # umbilicus
    body.draw([(478, 668), (522, 730), (574, 775)], **faint)  # inguinal fold


def trunk_back_details(body: Painter, faint: dict) -> None:
    body.draw([(600, 30), (600, 400), (600, 700)], **faint)  # spinous processes
    body.draw([(392, 90), (430, 97), (472, 114), (503, 138)], **faint)  # spine of the scapula
    scapula = [(498, 104), (505, 140), (501, 220), (488, 296), (474, 320), (458, 314), (432, 282), (410, 250)]
    body.draw(scapula, **faint)  # medial border, inferior angle, lateral border
    body.draw([(386, 210), (420, 252), (455, 300)], **faint)  # teres major
    body.draw([(600, 760), (600, 874)], **faint)  # natal cleft
    body.draw([(594, 900), (540, 912), (470, 905)], **faint)  # gluteal fold
    body.draw([(560, 655), (505, 628), (445, 620)], **faint)  # iliac crest
    body.ellipse((572, 690), 4, 4, stroke=body.pal.detail, width=FINE_W, opacity=GHOST_OPACITY)  # sacral dimple


# --------------------------------------------------------------------------- arm, both views


def shading(arm: Painter, m: Marks) -> None:
    """Form shadows along the lateral and medial contours (slices of the contour, so they stay inside)."""
    lateral, medial = arm_sides(m)
    arm.shade(lateral[1:9], -22, opacity=0.6)  # deltoid and arm
    arm.shade(lateral[10:17], -18, opacity=0.6)  # brachioradialis
    arm.shade(medial[7:], -15)  # medial side of the arm
    arm.shade(medial[:7], -15)  # flexor mass


# --------------------------------------------------------------------------- arm, front


def deltoid_front(arm: Painter, m: Marks) -> None:
    di, fold = m["deltoid-insertion"], m["anterior-axillary-fold"]
    border = [shift(fold, -5, -114), shift(fold, -22, -60), shift(di, 45, -75), shift(di, 15, -25), di]
    arm.line(border, opacity=0.55)
    arm.shade(border, 10, opacity=0.4)


def biceps(arm: Painter, m: Marks) -> None:
    lat, tr, tu = m["biceps-lateral-border-fold-level"], m["biceps-tendon-radial"], m["biceps-tendon-ulnar"]
    fold = m["anterior-axillary-fold"]
    lateral = [lat, lerp(lat, tr, 0.35), shift(lerp(lat, tr, 0.7), 1, 0), shift(tr, 5, -45), shift(tr, 6, -14)]
    medial = [shift(fold, -30, 40), shift(fold, -42, 130), shift(fold, -60, 230), shift(tu, 6, -66), shift(tu, -4, -18)]
    arm.line(lateral, opacity=0.5, width=FINE_W)
    arm.line(medial, opacity=0.5, width=FINE_W)
    arm.shade(lateral, -9, opacity=0.5)
    arm.shade(medial, 9, opacity=0.5)
    arm.fine([shift(tr, 6, -14), shift(tr, 6, -2)], opacity=0.55)  # the tendon's edges
    arm.fine([shift(tu, -4, -18), shift(tu, -6, -3)], opacity=0.55)


def elbow_front(arm: Painter, m: Marks) -> None:
    names = (
        "cubital-crease-radial-end",
        "biceps-tendon-radial",
        "biceps-tendon",
        "biceps-tendon-ulnar",
        "cubital-crease-ulnar-end",
    )
    crease = [m[n] for n in names]
    arm.line(crease, opacity=0.85)
    arm.fine([shift(crease[1], -14, -6), shift(crease[2], 0, -5), shift(crease[4], -14, -6)], opacity=0.3)
    # the cubital fossa, a shallow hollow below the crease between brachioradialis and pronator teres
    arm.shade([crease[1], shift(crease[2], 0, 40), shift(crease[3], 10, 3)], -10, opacity=0.45)
    arm.bony(m["lateral-epicondyle"], 180)
    arm.bony(m["medial-epicondyle"], 0)


def forearm_front(arm: Painter, m: Marks) -> None:
    """Brachioradialis, the flexor tendons at the wrist and the radial artery."""
    tr, tu = m["biceps-tendon-radial"], m["biceps-tendon-ulnar"]
    ra, mid, fcu = m["wrist-crease-radial-artery"], m["wrist-crease-middle"], m["wrist-crease-fcu"]
    br = [shift(tr, -12, 14), lerp(shift(tr, -16, 0), shift(ra, -6, 0), 0.3), lerp(shift(tr, -16, 0), ra, 0.65)]
    arm.line(br, opacity=0.4, width=FINE_W)
    arm.shade(br, 8, opacity=0.35)
    # palmaris longus and flexor carpi radialis either side of the line wrist-crease-middle -> PC3
    axis = unit((tu[0] - mid[0], tu[1] - mid[1]))
    for side in (-6.0, 6.0):
        arm.fine(
            [along(mid, axis, 120, side * 1.2), along(mid, axis, 60, side), along(mid, axis, 12, side)], opacity=0.4
        )
    # flexor carpi ulnaris tendon, to the pisiform
    pis = m["pisiform"]
    arm.fine([shift(fcu, 16, -130), shift(fcu, 10, -60), shift(pis, 2, -6)], opacity=0.4)
    arm.bony(m["radial-styloid"], 180)
    arm.bony(m["ulnar-styloid"], 0)


def wrist_front(arm: Painter, m: Marks) -> None:
    ra, mid, fcu = m["wrist-crease-radial-artery"], m["wrist-crease-middle"], m["wrist-crease-fcu"]
    rs, us = m["radial-styloid"], m["ulnar-styloid"]
    arm.line([shift(rs, -6, 15), ra, mid, fcu, shift(us, 6, 20)], opacity=0.8)
    arm.fine([shift(rs, -3, 3), shift(lerp(ra, mid, 0.5), 0, -12), shift(fcu, 2, -11), shift(us, 4, 6)], opacity=0.45)


def palm(arm: Painter, m: Marks) -> None:
    """Thenar and hypothenar eminences and the three main palmar creases."""
    mid, pis = m["wrist-crease-middle"], m["pisiform"]
    pc8, ht8, web = m["palm-between-mc2-mc3"], m["palm-between-mc4-mc5"], m["web-1-2"]
    start = shift(web, 5, -10)
    thenar = [
        start,
        shift(start, 20, -2),
        shift(start, 35, -14),
        shift(start, 42, -32),
        shift(start, 44, -54),
        shift(mid, -10, 8),
    ]
    arm.line(thenar, opacity=0.6, width=FINE_W)
    arm.shade(thenar[:-1], -7, opacity=0.35)
    arm.line(
        [start, shift(pc8, 0, -4), shift(lerp(pc8, ht8, 0.55), 0, -15), shift(ht8, -2, -22)], opacity=0.55, width=FINE_W
    )
    ulnar = shift(m["little-mcp-distal"], 4, -40)
    arm.line([ulnar, shift(ht8, 0, 4), shift(ht8, -30, 14), shift(pc8, 2, 24)], opacity=0.55, width=FINE_W)
    arm.shade([shift(pis, 26, 4), shift(ht8, 27, -30), shift(ulnar, 0, 10)], 9, opacity=0.4)  # hypothenar
    arm.ellipse(shift(pis, 1, 2), 7, 6, fill=arm.pal.skin_shade, fill_opacity=0.55)


def fingers_palmar(arm: Painter, m: Marks, dg: dict[str, Digit]) -> None:
    for name in FINGERS:
        f = dg[name]
        base = m[f"{name}-mcp"]
        h = f.half[0] * 0.8
        arm.line([shift(base, -h, -1), shift(base, 0, 2), shift(base, h, -1)], opacity=0.6, width=FINE_W)
        for t, bow in ((0.0, 2.0), (0.06, 2.0), (0.52, 1.5)):  # PIP (double) and DIP creases
            arm.line(f.across(t, 0.75, bow), opacity=0.6, width=FINE_W)
        pad = along(f.tip, f.direction, -f.half[-1] * 1.2)
        arm.ellipse(pad, f.half[-1] * 0.5, f.half[-1] * 0.8, fill=arm.pal.skin_shade, fill_opacity=0.35)
    thumb = dg["thumb"]
    arm.line(thumb.across(0.05, 0.8, 2.0), opacity=0.6, width=FINE_W)
    arm.line(thumb.across(0.5, 0.8, 2.0), opacity=0.6, width=FINE_W)
    # the thumbnail, seen edge-on along the radial side
    nail = m["thumb-nail-radial-corner"]
    d = thumb.direction
    arm.draw(
        [along(nail, d, -12, -2), along(nail, d, -4, -3), along(nail, d, 3, -3)],
        stroke=arm.pal.accent,
        width=FINE_W,
        opacity=0.8,
    )


def draw_front(arm: Painter, m: Marks, dg: dict[str, Digit]) -> None:
    shading(arm, m)
    deltoid_front(arm, m)
    biceps(arm, m)
    elbow_front(arm, m)
    forearm_front(arm, m)
    wrist_front(arm, m)
    palm(arm, m)
    fingers_palmar(arm, m, dg)


# --------------------------------------------------------------------------- arm, back


def deltoid_back(arm: Painter, m: Marks) -> None:
    aa, di = m["acromial-angle"], m["deltoid-insertion"]
    border = [shift(aa, 42, 22), shift(aa, 28, 80), shift(di, 32, -75), shift(di, 12, -25), di]
    arm.line(border, opacity=0.55)
    arm.shade(border, 10, opacity=0.4)
    arm.bony(aa, 270, r=7, span=120)


def triceps(arm: Painter, m: Marks) -> None:
    di, ol, fold = m["deltoid-insertion"], m["olecranon"], m["posterior-axillary-fold"]
    lateral_head = [shift(di, 2, 10), shift(di, -14, 90), shift(ol, -25, -110), shift(ol, -14, -60)]
    long_head = [shift(fold, -14, 30), shift(fold, -22, 120), shift(ol, 32, -130), shift(ol, 16, -60)]
    tendon = [lateral_head[-1], shift(ol, 0, -84), long_head[-1]]
    arm.line(lateral_head, opacity=0.5, width=FINE_W)
    arm.line(long_head, opacity=0.5, width=FINE_W)
    arm.fine([lateral_head[-1], shift(ol, -8, -30), shift(ol, 0, -12)], opacity=0.4)
    arm.fine([long_head[-1], shift(ol, 8, -30), shift(ol, 0, -12)], opacity=0.4)
    arm.shade(lateral_head, 9, opacity=0.45)
    arm.shade(long_head, -9, opacity=0.45)
    arm.shade(tendon, 8, opacity=0.3)


def elbow_back(arm: Painter, m: Marks) -> None:
    ol = m["olecranon"]
    arm.draw(arc(shift(ol, 0, 8), 9, 200, 340, steps=5), stroke=arm.pal.detail, width=DETAIL_W, opacity=0.7)
    for r in (15.0, 21.0):  # loose skin folds around the olecranon
        arm.fine(arc(shift(ol, 0, 8), r, 235, 305, steps=4), opacity=0.3)
    arm.bony(m["lateral-epicondyle"], 180)
    arm.bony(m["medial-epicondyle"], 0)
    end = m["cubital-crease-radial-end"]  # the lateral end of the crease, seen around the edge
    arm.line([shift(end, -16, 2), shift(end, -6, 1), end], opacity=0.6, width=FINE_W)


def forearm_back(arm: Painter, m: Marks) -> None:
    ol, uh, le = m["olecranon"], m["ulnar-head"], m["lateral-epicondyle"]
    ulna = [shift(ol, 4, 24), shift(ol, 2, 140), shift(uh, 8, -150), shift(uh, 3, -24)]
    arm.fine(ulna, opacity=0.35)  # the subcutaneous border of the ulna
    arm.shade(ulna, -8, opacity=0.35)
    ed_r = m["dorsal-wrist-crease-ed-radial"]
    wad = [shift(le, 14, 34), shift(le, 16, 120), shift(ed_r, -4, -170)]
    arm.fine(wad, opacity=0.4)  # extensor digitorum against the radial extensors
    arm.shade(wad, 8, opacity=0.35)
    arm.bony(uh, 270, r=9, span=200, opacity=0.7)
    arm.bony(m["radial-styloid"], 180)


def wrist_back(arm: Painter, m: Marks) -> None:
    names = (
        "wrist-ulnar-depression",
        "dorsal-wrist-crease-ed-ulnar",
        "dorsal-wrist-crease-ed-radial",
        "anatomical-snuffbox",
    )
    crease = [m[n] for n in names]
    arm.line([shift(crease[0], 8, 1), *crease, shift(crease[-1], -12, 1)], opacity=0.6, width=FINE_W)
    snuff, tm = m["anatomical-snuffbox"], m["thumb-mcp"]
    epl = [shift(tm, 12, -2), shift(tm, 30, -45), shift(snuff, 12, -4), shift(snuff, 18, -28)]
    epb = [shift(tm, 2, -10), shift(tm, 22, -44), shift(snuff, -7, -2), shift(snuff, -8, -26)]
    arm.fine(epl, opacity=0.55)
    arm.fine(epb, opacity=0.55)
    arm.ellipse(shift(snuff, 1, -2), 5, 9, fill=arm.pal.skin_shade, fill_opacity=0.5)


def knuckle(m: Marks, name: str) -> Pt:
    """The head of a finger's metacarpal, ~1.7 cm proximal to the middle of the finger's base."""
    base = {
        "index": lerp(m["index-mcp-distal-radial"], m["web-2-3"], 0.5),
        "middle": lerp(m["web-2-3"], m["web-3-4"], 0.5),
        "ring": lerp(m["web-3-4"], m["web-4-5"], 0.5),
        "little": lerp(m["web-4-5"], m["little-mcp-distal"], 0.5),
    }[name]
    return shift(base, 0, -24)


def dorsum(arm: Painter, m: Marks) -> None:
    """Extensor tendons fanning to the knuckles, the 2nd and 5th metacarpals, the first web."""
    ed_r, ed_u = m["dorsal-wrist-crease-ed-radial"], m["dorsal-wrist-crease-ed-ulnar"]
    for i, name in enumerate(FINGERS):
        k = knuckle(m, name)
        start = shift(lerp(ed_r, ed_u, 0.8 * i), 4 * i, 10)
        arm.fine([start, shift(lerp(start, k, 0.5), 1.5 * (i - 1.5), 0), shift(k, 0, -6)], opacity=0.3)
        arm.draw(arc(k, 7, 200, 340, steps=4), stroke=arm.pal.detail, width=FINE_W, opacity=0.45)
    mid2, head2 = m["mc2-midpoint-radial"], m["mc2-head-radial"]
    mc2 = [shift(mid2, 8, -40), shift(mid2, 5, 0), shift(head2, 5, 0)]
    arm.fine(mc2, opacity=0.5)
    arm.shade([shift(m["thumb-mcp"], 10, -18), shift(mid2, -6, 16), shift(m["web-1-2"], 3, -3)], 7, opacity=0.45)
    arm.bony(m["mc5-base"], 0, r=6, span=120)
    arm.fine([shift(m["mc5-base"], -4, 8), shift(m["mc5-head"], -6, -10)], opacity=0.35)


def nail(arm: Painter, f: Digit, radial: Pt | None = None, ulnar: Pt | None = None) -> None:
    """A fingernail whose proximal corners sit at the given corner landmarks (one may be missing:
    then it mirrors the other across the finger's axis)."""
    d, tip = f.direction, f.tip
    n = perp(d)

    def split(p: Pt) -> tuple[float, float]:  # (distance behind the tip, offset toward radial)
        v = (p[0] - tip[0], p[1] - tip[1])
        return -(v[0] * d[0] + v[1] * d[1]), v[0] * n[0] + v[1] * n[1]

    back_r, side_r = split(radial) if radial else split(ulnar)
    back_u, side_u = split(ulnar) if ulnar else split(radial)
    side_r, side_u = abs(side_r), abs(side_u)
    if radial is None:
        side_r, back_r = side_u, back_u
    if ulnar is None:
        side_u, back_u = side_r, back_r
    r = f.half[-1]
    side_r, side_u = min(side_r, 0.9 * r), min(side_u, 0.9 * r)
    back = (back_r + back_u) / 2
    pts = [
        along(tip, d, -back_r, side_r),
        along(tip, d, -back * 0.4, side_r * 0.96),
        along(tip, d, -1.2, 0),
        along(tip, d, -back * 0.4, -side_u * 0.96),
        along(tip, d, -back_u, -side_u),
        along(tip, d, -back - 0.3 * r, -side_u * 0.55),
        along(tip, d, -back - 0.4 * r, 0),
        along(tip, d, -back - 0.3 * r, side_r * 0.55),
    ]
    arm.draw(pts, closed=True, stroke=arm.pal.detail, width=FINE_W, fill=arm.pal.accent, fill_opacity=0.1)


def fingers_dorsal(arm: Painter, m: Marks, dg: dict[str, Digit]) -> None:
    for name in FINGERS:
        f = dg[name]
        for t, bow in ((-0.05, -1.5), (0.0, -2.0), (0.05, -1.5)):  # wrinkles over the PIP joint
            arm.fine(f.across(t, 0.5, bow), opacity=0.5)
        for t in (0.5, 0.54):
            arm.fine(f.across(t, 0.45, -1.0), opacity=0.45)
        nail(arm, f, m.get(f"{name}-nail-radial-corner"), m.get(f"{name}-nail-ulnar-corner"))
    thumb = dg["thumb"]
    for t in (0.96, 1.0, 1.04):
        arm.fine(thumb.across(t / 2, 0.5, -1.5), opacity=0.5)
    nail(arm, thumb, m["thumb-nail-radial-corner"])


def draw_back(arm: Painter, m: Marks, dg: dict[str, Digit]) -> None:
    shading(arm, m)
    deltoid_back(arm, m)
    triceps(arm, m)
    elbow_back(arm, m)
    forearm_back(arm, m)
    wrist_back(arm, m)
    dorsum(arm, m)
    fingers_dorsal(arm, m, dg)


# --------------------------------------------------------------------------- arm views


def draw_arm(view: str, palette: Palette) -> Path:
    lm, m = arm_marks(view)
    posterior = view == "arm-posterior"
    svg = Svg(lm.width, lm.height, lm.doc["title"], palette)
    body = Painter(svg, lm.midline)
    arm = Painter(svg, lm.midline, flip=posterior)
    trunk_ghost(body, m, posterior)
    dg = digits(m)
    outline = arm_outline(m, dg)
    arm.area(arm_fill(m, outline))
    (draw_back if posterior else draw_front)(arm, m, dg)
    arm.line(shoulder_seam(m), opacity=0.5)
    arm.outline(outline)
    svg.landmarks(lm)
    return svg.save(view)


# --------------------------------------------------------------------------- abdomen


def abdomen_side() -> list[Pt]:
    """The right flank, from above the nipple down the hip to the thigh (abdomen view)."""
    return [
        (78, -40),
        (86, 60),
        (96, 170),
        (104, 290),
        (112, 400),
        (120, 480),
        (123, 540),
        (120, 600),
        (112, 662),
        (105, 730),
        (101, 800),
        (103, 880),
        (110, 1000),
        (113, 1040),
    ]


def ribs(body: Painter, a: Marks) -> None:
    """Lower sternum, xiphoid, costal margins, the floating ribs' tips, the 6th and 7th spaces."""
    xj, cm, r11, r12 = a["xiphisternal-junction"], a["costal-margin"], a["rib-11-tip"], a["rib-12-tip"]
    body.fine(
        [shift(xj, -34, -260), shift(xj, -32, -120), shift(xj, -28, -22), shift(xj, -20, -2)], opacity=0.35
    )  # edge of the body of the sternum
    body.fine([shift(xj, -20, -2), shift(xj, -8, 1), xj], opacity=0.5)  # the xiphisternal junction
    body.fine([shift(xj, -13, 3), shift(xj, -10, 30), shift(xj, -4, 52), shift(xj, 0, 58)], opacity=0.4)  # xiphoid
    margin = [
        shift(xj, -16, 8),
        shift(xj, -45, 35),
        lerp(shift(xj, -45, 35), cm, 0.5),
        cm,
        shift(cm, -50, 38),
        shift(r11, 6, -20),
        shift(r11, -20, -16),
        shift(r11, -36, -22),
    ]
    body.line(margin, opacity=0.6)
    body.shade(margin[1:6], 9, opacity=0.45)  # the soft hollow just below the margin
    body.fine([shift(r11, -42, -10), shift(r11, -20, -5), r11], opacity=0.45)  # 11th rib to its free end
    body.fine([shift(r12, -16, -24), shift(r12, -6, -12), r12], opacity=0.45)  # 12th rib to its free end
    body.bony(r11, 45, r=5, span=160, opacity=0.5)
    body.bony(r12, 60, r=5, span=160, opacity=0.5)
    for name in ("intercostal-6", "intercostal-7"):
        ics = a[name]
        medial = (xj[0] - 24, ics[1] - 6) if name == "intercostal-6" else lerp(margin[1], margin[3], 0.3)
        space = [medial, lerp(medial, ics, 0.5), ics, shift(ics, -65, -12), shift(ics, -130, -30)]
        body.fine(space, opacity=0.35)
        body.shade(space, -4, opacity=0.35)


def chest(body: Painter, a: Marks) -> None:
    """Pectoral lower borders, nipples and areolae."""
    nip = a["nipple"]
    pec = [
        (92, 20),
        (130, 110),
        shift(nip, -55, 55),
        shift(nip, 10, 72),
        shift(nip, 90, 62),
        shift(nip, 165, 30),
        shift(nip, 185, 0),
    ]
    body.line(pec, opacity=0.45, width=FINE_W)
    body.shade(pec, -12, opacity=0.4)
    body.ellipse(nip, 19, 17, fill=body.pal.skin_shade, stroke=body.pal.detail, width=FINE_W, opacity=0.7)
    body.ellipse(nip, 5, 5, fill=body.pal.detail, fill_opacity=0.45, stroke=body.pal.detail, width=FINE_W)


def rectus(body: Painter, a: Marks) -> None:
    """Linea alba, the rectus sheath's lateral borders and tendinous intersections, the umbilicus."""
    xj, um, ps, cm = a["xiphisternal-junction"], a["umbilicus"], a["pubic-symphysis"], a["costal-margin"]
    body.fine([shift(xj, 0, 62), shift(um, 0, -20)], opacity=0.5)
    body.fine([shift(um, 0, 16), shift(ps, 0, -4)], opacity=0.25)
    body.shade([shift(xj, 0, 62), shift(um, 0, -16)], 4, opacity=0.3)
    body.shade([shift(xj, 0, 62), shift(um, 0, -16)], -4, opacity=0.3)
    semilunaris = [
        shift(cm, 52, -30),
        shift(cm, 58, 70),
        shift(um, -140, 0),
        shift(um, -118, 120),
        shift(ps, -78, -40),
        shift(ps, -45, 2),
    ]
    body.line(semilunaris, opacity=0.35, width=FINE_W)
    body.shade(semilunaris, 14, opacity=0.35)
    span = um[1] - xj[1]
    for t, wiggle in ((0.22, 4), (0.58, -3), (0.97, 3)):  # tendinous intersections
        y = xj[1] + span * t
        left = (xj[0] - 50 if t < 0.3 else semilunaris[1][0] + 4 if t < 0.5 else semilunaris[2][0] + 2, y + 6)
        inner = [(xj[0] - 40, y + wiggle), (xj[0] - 90, y - wiggle)] if t > 0.3 else [(xj[0] - 30, y + wiggle)]
        body.fine([shift(xj, -18 if t > 0.9 else -4, span * t), *inner, left], opacity=0.35)
    body.ellipse(um, 8, 11, stroke=body.pal.detail, width=FINE_W, opacity=0.7, fill=body.pal.skin_shade)
    body.ellipse(shift(um, 0, 2), 3.5, 6, fill=body.pal.detail, fill_opacity=0.45)
    body.draw(arc(um, 12, 210, 330, steps=4, ry=15), stroke=body.pal.detail, width=DETAIL_W, opacity=0.7)


def pelvis(body: Painter, a: Marks) -> None:
    """Iliac crest and ASIS, inguinal ligament and crease, pubic crest, femoral artery."""
    asis, ps, fa = a["asis"], a["pubic-symphysis"], a["femoral-artery"]
    crest = [shift(asis, -82, -80), shift(asis, -50, -55), shift(asis, -20, -25), asis]
    body.fine(crest, opacity=0.45)
    body.shade(crest, 8, opacity=0.35)
    body.bony(asis, 200, r=7, span=160, opacity=0.7)
    tubercle = shift(ps, -45, 6)
    ligament = [shift(asis, 6, 8), lerp(asis, tubercle, 0.45), tubercle]
    body.fine(ligament, opacity=0.3)
    crease = [shift(asis, 26, 44), shift(fa, -70, -22), fa, shift(fa, 44, 28), shift(fa, 66, 66), shift(fa, 74, 110)]
    body.line(crease, opacity=0.65)
    body.shade(crease, -8, opacity=0.4)
    body.fine([shift(ps, -45, 4), shift(ps, -20, -1), ps], opacity=0.5)  # pubic crest
    vessel = [shift(fa, -7, -40), shift(fa, -2, -14), fa, shift(fa, 6, 40), shift(fa, 12, 80)]
    body.draw(vessel, stroke=body.pal.accent, width=DETAIL_W * 2.2, opacity=0.18)
    body.draw(vessel, stroke=body.pal.accent, width=FINE_W, opacity=0.55)
    body.shade(ligament, -10, opacity=0.3)


def draw_abdomen(palette: Palette) -> Path:
    lm = Landmarks("abdomen")
    a: Marks = dict(lm.marks)
    svg = Svg(lm.width, lm.height, lm.doc["title"], palette)
    body = Painter(svg, lm.midline)
    side = abdomen_side()
    ends = [shift(side[0], -8, -100), *side, shift(side[-1], 3, 100)]
    whole = ends + mirror_path(ends, lm.midline)[::-1]
    Painter(svg, lm.midline, mirror=False).area(whole)
    body.shade(side[1:-2], -22, opacity=0.5)
    chest(body, a)
    ribs(body, a)
    rectus(body, a)
    pelvis(body, a)
    body.outline(side)
    svg.landmarks(lm)
    return svg.save("abdomen")


def draw_all(palette: Palette) -> list[Path]:
    return [*(draw_arm(view, palette) for view in ARM_VIEWS), draw_abdomen(palette)]
