"""The hand: the palmar and dorsal views of both hands ("hand-palmar", "hand-dorsal"), and the
small hand at the end of each arm view.

One model of the subject's right hand, built from the landmarks of data/diagrams/hand-palmar.toml
(its "palmar frame": palm toward the viewer, fingers down, thumb to the viewer's left), gives the
silhouette, the digits and the bones. The dorsal view is that hand seen from behind (its mirror
image): hand-dorsal.toml holds the landmarks of the back of the hand, and shares with the palmar
view (mirrored) the ones both views see (tips, webs, joints, nail corners). The arm views draw
the same model, scaled and placed by the wrist's two styloid processes, so a moved landmark moves
the hand everywhere it is drawn.

Layers, bottom to top: skin (flat), flat tones of hollows and pads, creases and tendons, nails,
the outline; then, in a separate file, the anatomy layer (bones, tendons, the muscles locations
name, the radial artery), which the app lays over the skin when asked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from tools.diagrams.common import DETAIL_W, FINE_W, OUTLINE_W, Landmarks, Palette, Svg
from tools.diagrams.geometry import (
    Pt,
    Similarity,
    along,
    arc,
    direction,
    dist,
    lerp,
    part,
    polar,
    sample,
    unit,
)
from tools.diagrams.pen import Pen

FINGERS = ("index", "middle", "ring", "little")
WRIST_CM = 5.67  # radial styloid to ulnar styloid in the model: the unit the widths below are given in
# Half-widths (cm) of each finger at its base, mid proximal phalanx, PIP, mid middle phalanx, DIP,
# and the radius of its tip.
FINGER_HALF = {
    "index": (0.93, 0.86, 0.9, 0.8, 0.78, 0.72),
    "middle": (0.96, 0.89, 0.93, 0.83, 0.8, 0.74),
    "ring": (0.9, 0.84, 0.88, 0.78, 0.75, 0.7),
    "little": (0.78, 0.72, 0.74, 0.66, 0.63, 0.59),
}
THUMB_HALF = (1.08, 0.94, 0.96, 0.92, 0.86)  # at the MCP, mid phalanx, IP, mid distal phalanx; tip radius
VIEWS = ("hand-palmar", "hand-dorsal")


def _other(view: str) -> str:
    return VIEWS[1 - VIEWS.index(view)]


def hand_marks(view: str) -> tuple[Landmarks, dict[str, Pt]]:
    """The view's landmarks, and the right hand's marks in the palmar frame: the view's own, with
    the other view's for the names it lacks (the dorsal view's mirrored back into the frame)."""
    own = Landmarks(view)
    other = Landmarks(_other(view))
    marks: dict[str, Pt] = {}
    for lm in (other, own):
        dorsal = lm.doc["id"] == "hand-dorsal"
        for name, (x, y) in lm.marks.items():
            if lm.sides[name] == "right":
                marks[name] = (2 * lm.midline - x, y) if dorsal else (x, y)
    return own, marks


@dataclass
class Digit:
    """A finger or the thumb along its axis: ``stations`` (points on the axis) with the half-width
    at each, and the tip's radius."""

    name: str
    stations: list[Pt]
    half: list[float]
    tip: Pt

    @property
    def dir_end(self) -> Pt:
        return direction(self.stations[-1], self.tip)

    def edge(self, side: float) -> list[Pt]:
        """Points down the radial (side=+1) or ulnar (side=-1) edge (in the palmar frame of the
        right hand, the radial side is -x: the clockwise normal of a line running down)."""
        pts = []
        n = len(self.stations)
        for i, (p, h) in enumerate(zip(self.stations, self.half, strict=False)):
            a = self.stations[max(i - 1, 0)]
            b = self.stations[min(i + 1, n - 1)] if i < n - 1 else self.tip
            pts.append(along(p, direction(a, b), 0.0, side * h))
        r = self.half[-1]
        pts.append(along(self.tip, self.dir_end, -1.25 * r, side * r * 0.99))
        return pts

    def cap(self) -> list[Pt]:
        """The round of the fingertip, from the radial side over the tip to the ulnar side."""
        r, d = self.half[-1], self.dir_end
        center = along(self.tip, d, -r)
        ang = math.degrees(math.atan2(d[1], d[0]))
        return [polar(center, r, ang + a) for a in (75, 40, 0, -40, -75)]

    def at(self, t: float) -> tuple[Pt, Pt, float]:
        """(point, direction, half-width) at fraction t along the axis (stations, then the tip)."""
        axis = [*self.stations, self.tip]
        widths = [*self.half[: len(self.stations)], self.half[-1]]
        seg = t * (len(axis) - 1)
        i = min(int(seg), len(axis) - 2)
        f = seg - i
        return (
            lerp(axis[i], axis[i + 1], f),
            direction(axis[i], axis[i + 1]),
            widths[i] + (widths[i + 1] - widths[i]) * f,
        )

    def across(self, p: Pt, d: Pt, h: float, reach: float = 0.85, bow: float = 0.0) -> list[Pt]:
        """A crease across the digit through p (running along d, half-width h), bowed toward the tip."""
        return [along(p, d, 0, h * reach), along(p, d, bow, 0), along(p, d, 0, -h * reach)]


class HandModel:
    """The right hand in the palmar frame, from landmarks (SVG units)."""

    def __init__(self, m: dict[str, Pt]):
        self.m = m
        self.cm = dist(m["radial-styloid"], m["ulnar-styloid"]) / WRIST_CM
        self.digits = {"thumb": self._thumb()}
        for name in FINGERS:
            self.digits[name] = self._finger(name)

    def _thumb(self) -> Digit:
        m, cm = self.m, self.cm
        mcp, ip, tip = m["thumb-mcp"], m["thumb-ip"], m["thumb-tip"]
        stations = [mcp, lerp(mcp, ip, 0.5), ip, lerp(ip, tip, 0.45)]
        return Digit("thumb", stations, [h * cm for h in THUMB_HALF], tip)

    def _finger(self, name: str) -> Digit:
        m, cm = self.m, self.cm
        base, pip, dip, tip = m[f"{name}-mcp"], m[f"{name}-pip"], m[f"{name}-dip"], m[f"{name}-tip"]
        stations = [base, lerp(base, pip, 0.5), pip, lerp(pip, dip, 0.5), dip]
        return Digit(name, stations, [h * cm for h in FINGER_HALF[name]], tip)

    # -- joints and bones ------------------------------------------------------------------------

    def mcp_joint(self, name: str) -> Pt:
        """The centre of a finger's knuckle joint: just distal to its metacarpal head."""
        key = {"index": "metacarpal-2", "middle": "metacarpal-3", "ring": "metacarpal-4", "little": "metacarpal-5"}[
            name
        ]
        head, base = self.m[f"{key}-head"], self.m[f"{key}-base"]
        return along(head, direction(base, head), 0.35 * self.cm)

    def wrist_center(self) -> Pt:
        return self.m["wrist-crease-middle"]

    # -- the silhouette --------------------------------------------------------------------------

    def forearm_radial(self) -> list[Pt]:
        """The radial border of the forearm from above the top edge down to the radial styloid."""
        m, cm = self.m, self.cm
        rs = m["radial-styloid"]
        top = m["forearm-5-cun"][1]
        return [
            (rs[0] - 0.64 * cm, top - 4.0 * cm),
            (rs[0] - 0.62 * cm, top - 1.2 * cm),
            (rs[0] - 0.55 * cm, lerp((0, top), (0, rs[1]), 0.3)[1]),
            (rs[0] - 0.38 * cm, lerp((0, top), (0, rs[1]), 0.62)[1]),
            (rs[0] - 0.14 * cm, rs[1] - 1.3 * cm),
            (rs[0] - 0.06 * cm, rs[1]),
        ]

    def forearm_ulnar(self) -> list[Pt]:
        """The ulnar border of the forearm from the ulnar styloid up past the top edge."""
        m, cm = self.m, self.cm
        us = m["ulnar-styloid"]
        top = m["forearm-5-cun"][1]
        return [
            (us[0] + 0.22 * cm, us[1]),
            (us[0] + 0.3 * cm, us[1] - 1.4 * cm),
            (us[0] + 0.5 * cm, lerp((0, top), (0, us[1]), 0.6)[1]),
            (us[0] + 0.66 * cm, lerp((0, top), (0, us[1]), 0.25)[1]),
            (us[0] + 0.72 * cm, top - 1.2 * cm),
            (us[0] + 0.74 * cm, top - 4.0 * cm),
        ]

    def thenar_border(self) -> list[Pt]:
        """From the radial wrist round the thenar eminence to the thumb's MCP (radial side)."""
        m, cm = self.m, self.cm
        rs, cmc, lu10 = m["radial-styloid"], m["thumb-cmc"], m["first-metacarpal-midpoint"]
        thumb = self.digits["thumb"]
        d = direction(cmc, m["thumb-mcp"])
        return [
            (rs[0] - 0.02 * cm, rs[1] + 0.75 * cm),
            along(cmc, d, -0.2 * cm, 1.05 * cm),
            lu10,
            along(m["thumb-mcp"], d, -1.1 * cm, 1.12 * cm),
            thumb.edge(+1)[0],
        ]

    def ulnar_border(self) -> list[Pt]:
        """The ulnar edge of the hand from the little finger's base up to the wrist."""
        m, cm = self.m, self.cm
        little = self.digits["little"]
        base_edge = little.edge(-1)[0]
        h5, b5 = m["metacarpal-5-head"], m["metacarpal-5-base"]
        d = direction(b5, h5)
        return [
            base_edge,
            along(h5, d, 0.5 * cm, -0.84 * cm),
            along(h5, d, -0.5 * cm, -0.92 * cm),
            along(lerp(b5, h5, 0.5), d, 0, -1.18 * cm),
            along(b5, d, 0.9 * cm, -1.16 * cm),
            along(b5, d, -0.1 * cm, -1.0 * cm),
            (m["pisiform"][0] + 0.7 * cm, m["pisiform"][1] - 0.15 * cm),
        ]

    def web(self, name: str, r: float = 0.2, tilt: float = 0.0) -> list[Pt]:
        """The rounded crotch of a web (radius ``r`` cm): points round its deepest point, from the
        radial finger's side to the ulnar one's."""
        w = self.m[name]
        rr = r * self.cm
        center = (w[0] - rr * math.sin(math.radians(tilt)), w[1] + rr * math.cos(math.radians(tilt)))
        return [polar(center, rr, a + tilt) for a in (195, 232, 270, 308, 345)]

    def outline(self) -> list[Pt]:
        """The whole right hand and distal forearm, clockwise on screen from the top of the forearm's
        radial border (above the diagram's top edge)."""
        dg = self.digits
        thumb = dg["thumb"]
        pts = [*self.forearm_radial(), *self.thenar_border()[:-1]]
        pts += thumb.edge(+1) + thumb.cap() + thumb.edge(-1)[::-1][:-2]
        # the first web, then down the index finger's radial edge
        m, cm = self.m, self.cm
        t_mcp_ulnar = thumb.edge(-1)[1]
        pts += [lerp(t_mcp_ulnar, m["web-1-2"], 0.5), *self.web("web-1-2", 0.42, 30.0)[1:-1]]
        index = dg["index"]
        pts += [
            along(index.stations[0], direction(index.stations[0], index.stations[1]), -0.75 * cm, 0.98 * index.half[0])
        ]
        webs = ("web-2-3", "web-3-4", "web-4-5")
        for i, name in enumerate(FINGERS):
            f = dg[name]
            radial = f.edge(+1)
            ulnar = f.edge(-1)
            pts += radial[1:] + f.cap() + ulnar[::-1][:-1]
            if i < 3:
                pts += self.web(webs[i], 0.26)[1:-1]
        pts += self.ulnar_border()
        pts += self.forearm_ulnar()
        return pts


def shift_pt(p: Pt, dx: float, dy: float) -> Pt:
    return p[0] + dx, p[1] + dy


# --------------------------------------------------------------------------- drawing


@dataclass
class View:
    """Where a model is drawn: a map from the palmar frame of the right hand into the view's own
    frame (identity for the hand views; a scaled placement at the wrist for the arm views)."""

    pen: Pen
    model: HandModel
    place: Similarity | None = None

    def p(self, pts: list[Pt]) -> list[Pt]:
        return pts if self.place is None else self.place.many(pts)

    def pt(self, p: Pt) -> Pt:
        return p if self.place is None else self.place(p)

    @property
    def s(self) -> float:
        """How much the model is scaled (line weights stay even: thin lines stay thin)."""
        return 1.0 if self.place is None else self.place.scale


def draw_skin(v: View, outline: list[Pt]) -> None:
    v.pen.area(v.p(outline))


def _tone_crescent(v: View, edge: list[Pt], depth: float, opacity: float) -> None:
    """A flat, crisp-edged tone along ``edge`` (depth > 0 on its clockwise side), thinning to nothing
    at both ends: the far side of a rounded form, without a gradient."""
    n = len(edge) - 1
    inner = []
    for i, p in enumerate(edge):
        a, b = edge[max(i - 1, 0)], edge[min(i + 1, n)]
        inner.append(along(p, direction(a, b), 0, depth * math.sin(math.pi * i / n) ** 0.9))
    v.pen.tone(v.p([*edge, *inner[::-1]]), opacity)


def palmar_details(v: View, forearm: bool = True) -> None:
    """Creases, eminences, the fingers' creases; with ``forearm``, the wrist's tendons and the
    forearm's forms too (the arm views draw their own)."""
    pen, m, cm = v.pen, v.model.m, v.model.cm
    # the wrist creases: the distal one through its three landmarks, a fainter one above
    ra, mid, fcu = m["wrist-crease-radial-artery"], m["wrist-crease-middle"], m["wrist-crease-fcu"]
    rs, pis = m["radial-styloid"], m["pisiform"]
    distal = [shift_pt(rs, 0.25 * cm, 0.55 * cm), ra, mid, fcu, shift_pt(pis, 0.45 * cm, -0.55 * cm)]
    pen.line(v.p(distal), opacity=0.75, width=DETAIL_W)
    proximal = [
        shift_pt(p, 0, -0.75 * cm) for p in (lerp(distal[0], ra, 0.4), ra, mid, fcu, lerp(fcu, distal[-1], 0.6))
    ]
    pen.fine(v.p(proximal), opacity=0.45)
    # thenar eminence: its ulnar border is the thenar (radial longitudinal) crease
    w1 = m["web-1-2"]
    start = shift_pt(lerp(w1, m["metacarpal-2-head"], 0.3), 0, -0.75 * cm)
    thenar_crease = [
        start,
        shift_pt(lerp(m["thumb-mcp"], m["metacarpal-2-head"], 0.55), 0.1 * cm, -0.9 * cm),
        shift_pt(lerp(m["thumb-cmc"], m["metacarpal-2-base"], 0.6), 0.35 * cm, 1.3 * cm),
        shift_pt(m["scaphoid-tubercle"], 0.7 * cm, 0.25 * cm),
        shift_pt(mid, -0.05 * cm, 0.55 * cm),
    ]
    pen.line(v.p(thenar_crease), opacity=0.7)
    _tone_crescent(v, thenar_crease[1:], 0.38 * cm, 0.35)
    # proximal transverse crease from the same start across the palm
    head_line = [
        start,
        shift_pt(m["palm-between-mc2-mc3"], -0.1 * cm, -0.75 * cm),
        shift_pt(m["metacarpal-4-head"], 0.1 * cm, -1.45 * cm),
        shift_pt(m["metacarpal-5-head"], 0.05 * cm, -1.6 * cm),
    ]
    pen.line(v.p(head_line), opacity=0.6)
    # distal transverse crease from the ulnar border toward the web between index and middle
    h5 = m["metacarpal-5-head"]
    heart = [
        shift_pt(h5, 0.92 * cm, -0.05 * cm),
        shift_pt(m["metacarpal-4-head"], 0.35 * cm, 0.05 * cm),
        shift_pt(m["metacarpal-3-head"], 0.1 * cm, 0.0),
        shift_pt(m["palm-between-mc2-mc3"], -0.25 * cm, 1.25 * cm),
    ]
    pen.line(v.p(heart), opacity=0.6)
    # hypothenar eminence: a soft border and a tone along the ulnar edge
    hypo = [
        shift_pt(pis, 0.35 * cm, 0.45 * cm),
        shift_pt(m["metacarpal-5-base"], 0.25 * cm, 0.8 * cm),
        shift_pt(lerp(m["metacarpal-5-base"], h5, 0.7), 0.0, 0),
    ]
    pen.fine(v.p(hypo), opacity=0.4)
    ulnar = v.model.ulnar_border()[::-1]
    _tone_crescent(v, ulnar[1:6], 0.4 * cm, 0.3)
    # the pisiform and the thenar's radial tone
    pen.fine(v.p(arc(pis, 0.3 * cm, 200, 330, 5)), opacity=0.45)
    _tone_crescent(v, v.model.thenar_border()[1:], -0.45 * cm, 0.3)
    if forearm:
        _palmar_forearm(v)
    _palmar_fingers(v)


def _palmar_forearm(v: View) -> None:
    pen, m, cm = v.pen, v.model.m, v.model.cm
    ra, mid, fcu, pis = m["wrist-crease-radial-artery"], m["wrist-crease-middle"], m["wrist-crease-fcu"], m["pisiform"]
    # tendons of the wrist: palmaris longus, flexor carpi radialis, flexor carpi ulnaris
    up = direction(mid, m["forearm-5-cun"])
    for x_off, reach, op in ((0.45 * cm, 6.5, 0.5), (-0.55 * cm, 5.5, 0.45)):
        base = shift_pt(mid, x_off, -0.1 * cm)
        pen.fine(v.p([base, along(base, up, reach * 0.55 * cm, 0), along(base, up, reach * cm, 0.12 * cm)]), opacity=op)
    pen.fine(
        v.p(
            [
                shift_pt(pis, 0.05 * cm, -0.3 * cm),
                shift_pt(fcu, 0.42 * cm, -2.4 * cm),
                shift_pt(fcu, 0.62 * cm, -6.0 * cm),
            ]
        ),
        opacity=0.45,
    )
    # the forearm's flexor mass and brachioradialis, faint
    pen.fine(
        v.p(
            [shift_pt(ra, -0.35 * cm, -1.5 * cm), shift_pt(ra, -0.7 * cm, -5 * cm), shift_pt(ra, -0.85 * cm, -9.5 * cm)]
        ),
        opacity=0.35,
    )
    _tone_crescent(v, v.model.forearm_ulnar()[1:], -0.5 * cm, 0.28)
    _tone_crescent(v, v.model.forearm_radial()[:4][::-1], 0.4 * cm, 0.22)


def _palmar_fingers(v: View) -> None:
    pen, cm, dg = v.pen, v.model.cm, v.model.digits
    fine = FINE_W
    # fingers: digital creases, PIP (double) and DIP creases
    for name in FINGERS:
        f = dg[name]
        base, d0, h0 = f.at(0.0)
        pen.line(v.p(f.across(base, d0, h0, 0.8, 0.05 * cm)), opacity=0.6, width=fine)
        for st, bow in ((2, 0.06), (4, 0.05)):
            p, d, h = (
                f.stations[st],
                direction(f.stations[st - 1], f.stations[min(st + 1, 4)] if st < 4 else f.tip),
                f.half[st],
            )
            pen.line(v.p(f.across(p, d, h, 0.78, bow * cm)), opacity=0.65, width=fine)
            if st == 2:
                pen.fine(v.p(f.across(along(p, d, 0.16 * cm), d, h, 0.7, bow * cm)), opacity=0.45)
    thumb = dg["thumb"]
    for st in (0, 2):
        p = thumb.stations[st]
        d = direction(thumb.stations[st], thumb.stations[st + 1])
        pen.line(v.p(thumb.across(along(p, d, 0.1 * cm), d, thumb.half[st], 0.8, 0.08 * cm)), opacity=0.6, width=fine)
    _thumbnail_edge(v)


def _tilt(v: View, d: Pt) -> float:
    """The on-screen angle (degrees) of an ellipse whose long axis runs along d in the model."""
    a = v.pt((0.0, 0.0))
    b = v.pt(d)
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0])) - 90


def _thumbnail_edge(v: View) -> None:
    """The thumbnail, seen edge-on along the thumb's radial side (palmar view)."""
    pen, m, cm = v.pen, v.model.m, v.model.cm
    thumb = v.model.digits["thumb"]
    d = thumb.dir_end
    corner = m["thumb-nail-radial-corner"]
    edge = [corner, along(corner, d, 0.55 * cm, 0.05 * cm), along(corner, d, 1.0 * cm, -0.05 * cm)]
    pen.path(v.p(edge), stroke=pen.pal.detail, width=FINE_W, opacity=0.8)


def dorsal_details(v: View, forearm: bool = True) -> None:
    """Knuckles, extensor tendons, the snuffbox, the ulnar head, nails and the wrinkles of the
    joints; with ``forearm``, the forearm's forms too (the arm views draw their own)."""
    pen, m, cm, dg = v.pen, v.model.m, v.model.cm, v.model.digits
    model = v.model
    # dorsal wrist crease through its landmarks
    crease = [
        m[n]
        for n in (
            "wrist-ulnar-depression",
            "dorsal-wrist-crease-ed-ulnar",
            "dorsal-wrist-crease-ed-radial",
            "anatomical-snuffbox",
        )
    ]
    pen.fine(
        v.p([shift_pt(crease[0], -0.2 * cm, 0.05 * cm), *crease[1:3], shift_pt(crease[3], 0.35 * cm, 0.05 * cm)]),
        opacity=0.55,
    )
    # the head of the ulna: a rounded prominence with its tone, and Lister's tubercle
    uh = m["ulnar-head"]
    pen.path(v.p(arc(uh, 0.5 * cm, 150, 330, 6)), stroke=pen.pal.detail, width=FINE_W, opacity=0.55)
    _tone_crescent(v, arc(uh, 0.52 * cm, 20, 150, 6), 0.22 * cm, 0.35)
    rs = m["radial-styloid"]
    pen.path(
        v.p(arc(shift_pt(rs, 0.45 * cm, 0.1 * cm), 0.38 * cm, 130, 230, 5)),
        stroke=pen.pal.detail,
        width=FINE_W,
        opacity=0.45,
    )
    # the snuffbox between the tendons of extensor pollicis longus and brevis
    snuff, t_mcp = m["anatomical-snuffbox"], m["thumb-mcp"]
    d1 = direction(m["thumb-cmc"], t_mcp)
    epl = [
        shift_pt(snuff, 0.35 * cm, -1.6 * cm),
        shift_pt(snuff, 0.32 * cm, -0.2 * cm),
        along(m["thumb-cmc"], d1, 1.6 * cm, -0.35 * cm),
        along(t_mcp, d1, 0.1 * cm, -0.25 * cm),
    ]
    epb = [
        shift_pt(snuff, -0.4 * cm, -1.2 * cm),
        shift_pt(snuff, -0.42 * cm, 0.25 * cm),
        along(m["thumb-cmc"], d1, 1.1 * cm, 0.55 * cm),
        along(t_mcp, d1, -0.6 * cm, 0.45 * cm),
    ]
    pen.line(v.p(epl), opacity=0.5, width=FINE_W)
    pen.line(v.p(epb), opacity=0.5, width=FINE_W)
    pen.ellipse(
        v.pt(shift_pt(snuff, 0.0, 0.05 * cm)),
        0.28 * cm * v.s,
        0.5 * cm * v.s,
        _tilt(v, d1),
        fill=pen.pal.skin_shade,
        fill_opacity=0.6,
    )
    # extensor digitorum tendons fanning from the wrist to the knuckles
    ed_r, ed_u = m["dorsal-wrist-crease-ed-radial"], m["dorsal-wrist-crease-ed-ulnar"]
    for i, name in enumerate(FINGERS):
        k = model.mcp_joint(name)
        start = lerp(ed_r, ed_u, 0.15 + 0.23 * i)
        pen.fine(
            v.p(
                [shift_pt(start, 0, -1.5 * cm), start, lerp(start, k, 0.55), along(k, direction(start, k), -0.35 * cm)]
            ),
            opacity=0.38,
        )
        # the knuckle: the round of the metacarpal head, and a fold of skin just beyond it
        head_d = direction(start, k)
        ang = math.degrees(math.atan2(head_d[1], head_d[0]))
        center = along(k, head_d, -0.25 * cm)
        pen.path(
            v.p([polar(center, 0.52 * cm, ang + a) for a in (-70, -35, 0, 35, 70)]),
            stroke=pen.pal.detail,
            width=FINE_W,
            opacity=0.45,
        )
        fold = along(k, head_d, 0.55 * cm)
        pen.fine(
            v.p(
                [along(fold, head_d, 0, 0.3 * cm), along(fold, head_d, 0.06 * cm, 0), along(fold, head_d, 0, -0.3 * cm)]
            ),
            opacity=0.35,
        )
    # the first dorsal interosseous bulge between the first and second metacarpals (LI4 sits on it)
    w1 = m["web-1-2"]
    bulge = [
        along(m["metacarpal-2-base"], direction(m["metacarpal-2-base"], m["metacarpal-2-head"]), 0.8 * cm, 0.5 * cm),
        lerp(m["mc2-midpoint-radial"], m["thumb-cmc"], 0.25),
        lerp(w1, m["metacarpal-2-head"], 0.35),
    ]
    pen.fine(v.p(bulge), opacity=0.45)
    _tone_crescent(v, [m["thumb-cmc"], lerp(m["thumb-cmc"], w1, 0.5), w1], -0.35 * cm, 0.3)
    # the ulnar border's tone and the fifth metacarpal
    _tone_crescent(v, model.ulnar_border()[::-1][1:6], 0.35 * cm, 0.28)
    if forearm:
        _tone_crescent(v, model.forearm_ulnar()[1:], -0.45 * cm, 0.25)
    # fingers: wrinkles over the PIP and DIP joints, nails
    for name in FINGERS:
        f = dg[name]
        p, d, h = f.stations[2], direction(f.stations[1], f.stations[3]), f.half[2]
        for off, reach in ((-0.18, 0.38), (0.0, 0.5), (0.16, 0.38)):
            pen.fine(v.p(f.across(along(p, d, off * cm), d, h, reach, -0.08 * cm)), opacity=0.5)
        p, d, h = f.stations[4], direction(f.stations[3], f.tip), f.half[4]
        for off in (-0.08, 0.06):
            pen.fine(v.p(f.across(along(p, d, off * cm), d, h, 0.34, -0.04 * cm)), opacity=0.42)
        nail(v, f, m.get(f"{name}-nail-radial-corner"), m.get(f"{name}-nail-ulnar-corner"))
    thumb = dg["thumb"]
    p, d, h = thumb.stations[2], direction(thumb.stations[1], thumb.stations[3]), thumb.half[2]
    for off in (-0.15, 0.0, 0.15):
        pen.fine(v.p(thumb.across(along(p, d, off * cm), d, h, 0.42, -0.08 * cm)), opacity=0.5)
    nail(v, thumb, m["thumb-nail-radial-corner"], None, narrow=0.62)


def nail(v: View, f: Digit, radial: Pt | None, ulnar: Pt | None, narrow: float = 1.0) -> None:
    """A nail whose proximal corners sit at the given corner landmarks (a missing one mirrors the
    other across the digit's axis), with its fold and lunula."""
    pen, cm = v.pen, v.model.cm
    d, tip = f.dir_end, f.tip
    r = f.half[-1]

    def split(p: Pt) -> tuple[float, float]:  # (distance behind the tip, offset toward the radial side)
        n = (-d[1], d[0])
        vx, vy = p[0] - tip[0], p[1] - tip[1]
        return -(vx * d[0] + vy * d[1]), vx * n[0] + vy * n[1]

    if radial is None and ulnar is None:
        back, side_r, side_u = 1.15 * cm, 0.62 * r, 0.62 * r
        back_r = back_u = back
    else:
        back_r, side_r = split(radial) if radial else split(ulnar)  # type: ignore[arg-type]
        back_u, side_u = split(ulnar) if ulnar else split(radial)  # type: ignore[arg-type]
        side_r, side_u = abs(side_r), abs(side_u)
        if radial is None:
            side_r, back_r = side_u, back_u
        if ulnar is None:
            side_u, back_u = side_r * narrow, back_r
    free = 0.12 * cm
    pts = [
        along(tip, d, -back_r, side_r),
        along(tip, d, -back_r * 0.45, side_r * 1.02),
        along(tip, d, -free, side_r * 0.55),
        along(tip, d, -free * 0.7, 0),
        along(tip, d, -free, -side_u * 0.55),
        along(tip, d, -back_u * 0.45, -side_u * 1.02),
        along(tip, d, -back_u, -side_u),
        along(tip, d, -max(back_r, back_u) - 0.12 * cm, 0),
    ]
    pen.path(v.p(pts), closed=True, stroke=pen.pal.detail, width=FINE_W, fill=pen.pal.nail, fill_opacity=1.0)
    lunula = [
        along(tip, d, -back_r + 0.02 * cm, side_r * 0.6),
        along(tip, d, -max(back_r, back_u) + 0.3 * cm, 0),
        along(tip, d, -back_u + 0.02 * cm, -side_u * 0.6),
    ]
    pen.path(v.p(lunula), stroke=pen.pal.detail, width=FINE_W, opacity=0.35)
    fold = [
        along(tip, d, -back_r - 0.02 * cm, side_r * 1.08),
        along(tip, d, -max(back_r, back_u) - 0.2 * cm, 0),
        along(tip, d, -back_u - 0.02 * cm, -side_u * 1.08),
    ]
    pen.path(v.p(fold), stroke=pen.pal.detail, width=FINE_W, opacity=0.55)


# --------------------------------------------------------------------------- anatomy layer


def _bone(v: View, a: Pt, b: Pt, half_shaft: float, half_end_a: float, half_end_b: float, opacity: float = 1.0) -> None:
    """A long bone from a to b: a waisted shaft with rounded ends."""
    d = direction(a, b)
    n = 12
    left, right = [], []
    for i in range(n + 1):
        t = i / n
        p = lerp(a, b, t)
        waist = half_shaft + (half_end_a - half_shaft) * (1 - t) ** 6 + (half_end_b - half_shaft) * t**6
        left.append(along(p, d, 0, waist))
        right.append(along(p, d, 0, -waist))
    cap_b = [
        along(b, d, half_end_b * 0.55 * math.sin(math.radians(a_)), half_end_b * math.cos(math.radians(a_)))
        for a_ in (60, 90, 120)
    ]
    cap_a = [
        along(a, d, -half_end_a * 0.55 * math.sin(math.radians(a_)), -half_end_a * math.cos(math.radians(a_)))
        for a_ in (60, 90, 120)
    ]
    _bone_outline(v, left + cap_b + right[::-1] + cap_a, opacity)


def _bone_outline(v: View, pts: list[Pt], opacity: float = 1.0) -> None:
    """A bone drawn from its outline in the view's frame (the long bones, the radius and ulna)."""
    pen = v.pen
    pen.path(
        v.p(pts),
        closed=True,
        fill=pen.pal.bone,
        fill_opacity=0.9 * opacity,
        stroke=pen.pal.bone_line,
        width=FINE_W,
        opacity=0.85 * opacity,
    )


def hand_bones(v: View, dorsal: bool) -> None:
    """Radius and ulna (their distal ends), the carpus, metacarpals and phalanges."""
    pen, m, cm, model = v.pen, v.model.m, v.model.cm, v.model
    rs, us = m["radial-styloid"], m["ulnar-styloid"]
    top = m["forearm-5-cun"][1] - 1.0 * cm
    # radius: the shaft widening to its distal end, the styloid at its radial corner
    radius = [
        (rs[0] + 1.2 * cm, top),
        (rs[0] + 1.35 * cm, rs[1] - 4.5 * cm),
        (rs[0] + 2.55 * cm, rs[1] - 0.9 * cm),
        (rs[0] + 2.75 * cm, rs[1] + 0.55 * cm),
        (rs[0] + 1.4 * cm, rs[1] + 0.75 * cm),
        (rs[0] + 0.15 * cm, rs[1] + 0.25 * cm),
        rs,
        (rs[0] + 0.3 * cm, rs[1] - 1.6 * cm),
        (rs[0] + 0.45 * cm, rs[1] - 4.5 * cm),
        (rs[0] + 0.3 * cm, top),
    ]
    _bone_outline(v, radius)
    ulna = [
        (us[0] - 0.25 * cm, top),
        (us[0] - 0.35 * cm, us[1] - 4.0 * cm),
        (us[0] - 1.05 * cm, us[1] - 0.6 * cm),
        (us[0] - 0.7 * cm, us[1] + 0.3 * cm),
        (us[0] - 0.1 * cm, us[1] + 0.2 * cm),
        us,
        (us[0] + 0.2 * cm, us[1] - 0.7 * cm),
        (us[0] + 0.2 * cm, us[1] - 4.0 * cm),
        (us[0] + 0.35 * cm, top),
    ]
    _bone_outline(v, ulna)
    # the carpus: eight bones in two rows, as rounded blocks between the forearm and the metacarpals
    bases = [m[f"metacarpal-{k}-base"] for k in (2, 3, 4, 5)]
    row_y_prox = rs[1] + 1.15 * cm
    row_y_dist = bases[0][1] - 0.55 * cm
    carpals = [
        ((rs[0] + 1.15 * cm, row_y_prox), 0.62, 0.5, -20),  # scaphoid
        ((rs[0] + 2.35 * cm, row_y_prox - 0.05 * cm), 0.5, 0.5, 0),  # lunate
        ((rs[0] + 3.4 * cm, row_y_prox + 0.05 * cm), 0.46, 0.42, 15),  # triquetrum
        ((m["thumb-cmc"][0] - 0.05 * cm, m["thumb-cmc"][1] - 0.55 * cm), 0.5, 0.44, -30),  # trapezium
        ((bases[0][0] + 0.05 * cm, row_y_dist), 0.42, 0.4, 0),  # trapezoid
        ((bases[1][0] + 0.05 * cm, row_y_dist - 0.15 * cm), 0.46, 0.62, 0),  # capitate
        ((lerp(bases[2], bases[3], 0.5)[0], row_y_dist - 0.05 * cm), 0.55, 0.55, 10),  # hamate
    ]
    for c, rx, ry, tilt in carpals:
        pen.ellipse(
            v.pt(c),
            rx * cm * v.s,
            ry * cm * v.s,
            tilt,
            fill=pen.pal.bone,
            fill_opacity=0.9,
            stroke=pen.pal.bone_line,
            opacity=0.8,
        )
    if not dorsal:
        for bone, rx, ry in (("pisiform", 0.34, 0.3), ("hamate-hook", 0.17, 0.22)):
            pen.ellipse(
                v.pt(m[bone]),
                rx * cm * v.s,
                ry * cm * v.s,
                fill=pen.pal.bone,
                fill_opacity=0.95,
                stroke=pen.pal.bone_line,
                opacity=0.9,
            )
    # metacarpals and phalanges
    thumb = model.digits["thumb"]
    _bone(v, m["thumb-cmc"], m["thumb-mcp"], 0.32 * cm, 0.48 * cm, 0.5 * cm)
    _bone(v, along(m["thumb-mcp"], thumb.dir_end, 0.15 * cm), m["thumb-ip"], 0.3 * cm, 0.46 * cm, 0.4 * cm)
    _bone(
        v,
        along(m["thumb-ip"], thumb.dir_end, 0.12 * cm),
        along(thumb.tip, thumb.dir_end, -0.3 * cm),
        0.25 * cm,
        0.36 * cm,
        0.3 * cm,
    )
    for key, name in zip(("metacarpal-2", "metacarpal-3", "metacarpal-4", "metacarpal-5"), FINGERS, strict=True):
        f = model.digits[name]
        joint = model.mcp_joint(name)
        _bone(
            v,
            m[f"{key}-base"],
            along(joint, direction(m[f"{key}-base"], joint), -0.12 * cm),
            0.28 * cm,
            0.45 * cm,
            0.46 * cm,
        )
        pip, dip = f.stations[2], f.stations[4]
        d1 = direction(joint, pip)
        _bone(v, along(joint, d1, 0.12 * cm), along(pip, d1, 0.1 * cm), 0.26 * cm, 0.42 * cm, 0.36 * cm)
        d2 = direction(pip, dip)
        _bone(v, along(pip, d2, 0.22 * cm), along(dip, d2, 0.08 * cm), 0.22 * cm, 0.34 * cm, 0.3 * cm)
        _bone(v, along(dip, f.dir_end, 0.18 * cm), along(f.tip, f.dir_end, -0.28 * cm), 0.17 * cm, 0.27 * cm, 0.26 * cm)


def palmar_soft_tissue(v: View) -> None:
    """Thenar and hypothenar muscles, the wrist's flexor tendons, the palmar aponeurosis, the
    radial artery."""
    pen, m, cm, model = v.pen, v.model.m, v.model.cm, v.model
    mid, fcu, pis, ra = m["wrist-crease-middle"], m["wrist-crease-fcu"], m["pisiform"], m["wrist-crease-radial-artery"]
    top = m["forearm-5-cun"][1] - 1.0 * cm
    # thenar and hypothenar muscles (faint fills)
    thenar = [
        shift_pt(m["scaphoid-tubercle"], 0.1 * cm, -0.1 * cm),
        shift_pt(m["thumb-cmc"], -0.9 * cm, 0.4 * cm),
        m["first-metacarpal-midpoint"],
        along(m["thumb-mcp"], direction(m["thumb-cmc"], m["thumb-mcp"]), -0.2 * cm, 0.6 * cm),
        along(m["thumb-mcp"], direction(m["thumb-cmc"], m["thumb-mcp"]), 0.1 * cm, -0.6 * cm),
        lerp(m["metacarpal-2-base"], m["metacarpal-2-head"], 0.55),
        shift_pt(mid, 0.05 * cm, 0.9 * cm),
    ]
    pen.path(
        v.p(thenar),
        closed=True,
        fill=pen.pal.muscle,
        fill_opacity=0.35,
        stroke=pen.pal.muscle_line,
        width=FINE_W,
        opacity=0.6,
    )
    h5, b5 = m["metacarpal-5-head"], m["metacarpal-5-base"]
    hypothenar = [
        shift_pt(pis, 0.1 * cm, 0.2 * cm),
        along(b5, direction(b5, h5), 0.3 * cm, -0.95 * cm),
        along(h5, direction(b5, h5), -0.3 * cm, -0.82 * cm),
        along(h5, direction(b5, h5), -0.1 * cm, 0.1 * cm),
        lerp(m["hamate-hook"], b5, 0.3),
    ]
    pen.path(
        v.p(hypothenar),
        closed=True,
        fill=pen.pal.muscle,
        fill_opacity=0.35,
        stroke=pen.pal.muscle_line,
        width=FINE_W,
        opacity=0.6,
    )
    # the palmar aponeurosis fanning from palmaris longus to the four fingers
    apex = shift_pt(mid, 0.45 * cm, 0.9 * cm)
    for name in FINGERS:
        joint = model.mcp_joint(name)
        pen.path(
            v.p([apex, lerp(apex, joint, 0.6), along(joint, direction(apex, joint), -0.4 * cm)]),
            stroke=pen.pal.tendon,
            width=FINE_W,
            opacity=0.6,
        )
    # tendons at the wrist: palmaris longus (between the PC points' tendons), flexor carpi radialis,
    # flexor carpi ulnaris (to the pisiform), abductor pollicis longus (radial border)
    tendons = [
        (
            [
                shift_pt(mid, 0.45 * cm, top - mid[1]),
                shift_pt(mid, 0.45 * cm, -2 * cm),
                shift_pt(mid, 0.45 * cm, 0.9 * cm),
            ],
            0.22,
        ),
        (
            [
                shift_pt(mid, -0.65 * cm, top - mid[1]),
                shift_pt(mid, -0.55 * cm, -2 * cm),
                shift_pt(m["scaphoid-tubercle"], 0.35 * cm, 0.3 * cm),
                lerp(m["metacarpal-2-base"], m["thumb-cmc"], 0.2),
            ],
            0.26,
        ),
        (
            [
                shift_pt(fcu, 0.55 * cm, top - fcu[1]),
                shift_pt(fcu, 0.45 * cm, -2.5 * cm),
                shift_pt(pis, 0.0, -0.25 * cm),
            ],
            0.3,
        ),
        (
            [
                shift_pt(m["radial-styloid"], 0.7 * cm, -6 * cm),
                shift_pt(m["radial-styloid"], 0.05 * cm, -1.7 * cm),
                shift_pt(m["radial-styloid"], -0.1 * cm, 0.2 * cm),
                shift_pt(m["thumb-cmc"], -0.45 * cm, -0.1 * cm),
            ],
            0.2,
        ),
    ]
    for pts, half in tendons:
        _tendon(v, pts, half * cm)
    # the radial artery, under the pulse at the wrist
    artery = [
        shift_pt(ra, 0.25 * cm, top - ra[1]),
        shift_pt(ra, 0.1 * cm, -3 * cm),
        ra,
        shift_pt(ra, -0.35 * cm, 0.7 * cm),
        shift_pt(m["thumb-cmc"], -0.2 * cm, -0.35 * cm),
    ]
    pen.path(v.p(artery), stroke=pen.pal.vessel, width=DETAIL_W * 1.3, opacity=0.75)


def _tendon(v: View, pts: list[Pt], half: float) -> None:
    """A tendon as a narrow band with a centre line."""
    pen = v.pen
    curve = sample(pts)
    left = []
    right = []
    for i, p in enumerate(curve):
        a, b = curve[max(i - 1, 0)], curve[min(i + 1, len(curve) - 1)]
        d = direction(a, b)
        taper = 1.0 if 0 < i < len(curve) - 1 else 0.6
        left.append(along(p, d, 0, half * taper))
        right.append(along(p, d, 0, -half * taper))
    pen.path(
        v.p(left + right[::-1]),
        closed=True,
        fill=pen.pal.tendon,
        fill_opacity=0.55,
        stroke=pen.pal.tendon,
        width=FINE_W,
        opacity=0.9,
    )


def dorsal_soft_tissue(v: View) -> None:
    """Extensor tendons (digitorum to each finger, pollicis longus and brevis, abductor pollicis
    longus, carpi ulnaris), the retinaculum, the first dorsal interosseous muscle."""
    pen, m, cm, model = v.pen, v.model.m, v.model.cm, v.model
    top = m["forearm-5-cun"][1] - 1.0 * cm
    ed_r, ed_u = m["dorsal-wrist-crease-ed-radial"], m["dorsal-wrist-crease-ed-ulnar"]
    # first dorsal interosseous between the first and second metacarpals
    fdi = [
        lerp(m["thumb-cmc"], m["metacarpal-2-base"], 0.5),
        along(m["metacarpal-2-base"], direction(m["metacarpal-2-base"], m["metacarpal-2-head"]), 1.0 * cm, 0.35 * cm),
        m["mc2-midpoint-radial"],
        along(m["metacarpal-2-head"], direction(m["metacarpal-2-base"], m["metacarpal-2-head"]), 0.1 * cm, 0.45 * cm),
        lerp(m["web-1-2"], m["metacarpal-2-head"], 0.2),
        lerp(m["thumb-mcp"], m["web-1-2"], 0.55),
        along(m["thumb-mcp"], direction(m["thumb-cmc"], m["thumb-mcp"]), -0.6 * cm, -0.45 * cm),
    ]
    pen.path(
        v.p(fdi),
        closed=True,
        fill=pen.pal.muscle,
        fill_opacity=0.35,
        stroke=pen.pal.muscle_line,
        width=FINE_W,
        opacity=0.6,
    )
    # extensor digitorum: four tendons from the wrist to the knuckles and on along the fingers
    for i, name in enumerate(FINGERS):
        f = model.digits[name]
        k = model.mcp_joint(name)
        start = lerp(ed_r, ed_u, 0.15 + 0.23 * i)
        _tendon(
            v,
            [
                shift_pt(lerp(ed_r, ed_u, 0.5), 0, top - ed_r[1]),
                shift_pt(start, 0, -1.6 * cm),
                start,
                lerp(start, k, 0.5),
                k,
                f.stations[2],
                f.stations[4],
            ],
            0.14 * cm,
        )
    # extensor carpi ulnaris to the base of the fifth metacarpal
    us = m["ulnar-styloid"]
    _tendon(
        v,
        [
            shift_pt(us, -0.15 * cm, top - us[1]),
            shift_pt(us, -0.2 * cm, -1.5 * cm),
            shift_pt(us, 0.05 * cm, 0.4 * cm),
            m["metacarpal-5-base"],
        ],
        0.18 * cm,
    )
    # the thumb's tendons framing the snuffbox, and abductor pollicis longus along the radial border
    snuff = m["anatomical-snuffbox"]
    d1 = direction(m["thumb-cmc"], m["thumb-mcp"])
    _tendon(
        v,
        [
            shift_pt(ed_r, -0.2 * cm, -4 * cm),
            shift_pt(snuff, 0.55 * cm, -1.5 * cm),
            shift_pt(snuff, 0.38 * cm, 0.1 * cm),
            along(m["thumb-cmc"], d1, 1.5 * cm, -0.3 * cm),
            m["thumb-mcp"],
            m["thumb-ip"],
        ],
        0.15 * cm,
    )
    _tendon(
        v,
        [
            shift_pt(snuff, -0.2 * cm, -5 * cm),
            shift_pt(snuff, -0.45 * cm, -1.2 * cm),
            shift_pt(snuff, -0.45 * cm, 0.3 * cm),
            along(m["thumb-cmc"], d1, 1.2 * cm, 0.45 * cm),
            m["thumb-mcp"],
        ],
        0.14 * cm,
    )
    # the extensor retinaculum across the wrist
    rs = m["radial-styloid"]
    band = [
        shift_pt(rs, 0.1 * cm, -1.4 * cm),
        shift_pt(lerp(rs, us, 0.5), 0, -1.25 * cm),
        shift_pt(us, -0.1 * cm, -1.2 * cm),
    ]
    pen.path(v.p(band), stroke=pen.pal.tendon, width=FINE_W * 5, opacity=0.3)


# --------------------------------------------------------------------------- the views


def outline_polygon(v: View, outline: list[Pt], top: float) -> list[Pt]:
    """The outline as a polygon for the app (the grid is cut to it), closed along the top edge."""
    pts = [(x, max(y, top)) for x, y in v.p(sample(outline, closed=False, steps=6))]
    return pts


def draw_view(view: str, palette: Palette) -> list[Path]:
    lm, marks = hand_marks(view)
    dorsal = view == "hand-dorsal"
    model = HandModel(marks)
    svg = Svg(lm.width, lm.height, lm.doc["title"], palette)
    pen = Pen(svg, lm.midline, flip=dorsal)
    v = View(pen, model)
    outline = model.outline()
    draw_skin(v, outline)
    if dorsal:
        dorsal_details(v)
    else:
        palmar_details(v)
    pen.outline(outline)
    svg.outlines([pts for pts in (pen.copies(sample(outline, steps=6)))])
    svg.landmarks(lm)
    saved = [svg.save(view)]
    # the anatomy layer, in its own file
    ana = Svg(lm.width, lm.height, f"{lm.doc['title']}: anatomy", palette)
    ana.add(f'<g opacity="{palette.anatomy_opacity:g}">')
    apen = Pen(ana, lm.midline, flip=dorsal)
    av = View(apen, model)
    hand_bones(av, dorsal)
    (dorsal_soft_tissue if dorsal else palmar_soft_tissue)(av)
    ana.add("</g>")
    saved.append(ana.save(f"{view}.anatomy"))
    return saved


def draw_all(palette: Palette) -> list[Path]:
    return [path for view in VIEWS for path in draw_view(view, palette)]


# --------------------------------------------------------------------------- on the arm views


def small_hand(pen: Pen, wrist_radial: Pt, wrist_ulnar: Pt, dorsal: bool) -> list[Pt]:
    """Draw the model's hand at the end of an arm (in the arm view's own frame: the subject's right
    arm seen from the front), its styloids on the arm's; returns its outline in that frame."""
    _lm, marks = hand_marks("hand-palmar")
    model = HandModel(marks)
    place = Similarity(marks["radial-styloid"], marks["ulnar-styloid"], wrist_radial, wrist_ulnar)
    v = View(pen, model, place)
    return outline_for_arm(v, dorsal)


def outline_for_arm(v: View, dorsal: bool) -> list[Pt]:
    outline = v.model.outline()
    # the forearm's stub is the arm's own: keep the hand from just above the wrist
    keep = [p for p in outline if p[1] > v.model.m["radial-styloid"][1] - 2.2 * v.model.cm]
    if dorsal:
        dorsal_details(v)
    else:
        palmar_details(v)
    return v.p(keep)


__all__ = ["OUTLINE_W", "HandModel", "View", "draw_all", "hand_marks", "part", "small_hand", "unit"]
