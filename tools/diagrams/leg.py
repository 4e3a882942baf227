"""The lower leg and foot: both legs from the front ("leg-anterior") and from behind
("leg-posterior"), the right leg from its inner ("leg-medial") and outer side ("leg-lateral"), and
both feet from above ("foot-dorsal") and below ("foot-plantar").

Each view is drawn around the landmarks of its data/diagrams/<id>.toml, in that view's own B-cun
(``u``, read from its scale), so a moved landmark moves the drawing: the knee and the popliteal
crease, the tibia's crest, medial surface and border, the fibula's head, the malleoli, the
Achilles tendon, the navicular and the fifth metatarsal's tuberosity, the border of the sole's
skin on which the foot's edge points lie, the toes' webs and nails. The front and back views and
the feet show both sides (the right side drawn once and mirrored); the two side views show the
right leg only.

The anatomy layer (its own file) shows the bones, and the muscles and tendons that the locations
name: tibialis anterior and the long extensors at the ankle, gastrocnemius and soleus, the
Achilles tendon, the hamstring tendons and the patellar ligament, with the arteries whose pulses
the points are found by (dorsalis pedis, posterior tibial, popliteal).
"""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path

from tools.diagrams.common import DETAIL_W, FINE_W, Landmarks, Palette, Svg
from tools.diagrams.geometry import Pt, arc, lerp, sample, shift, strip
from tools.diagrams.pen import Pen, bone, tendon
from tools.diagrams.pen import muscle as pen_muscle

VIEWS = ("leg-anterior", "leg-medial", "leg-lateral", "leg-posterior", "foot-dorsal", "foot-plantar")
Marks = dict[str, Pt]


def unit_of(lm: Landmarks, default: float) -> float:
    """SVG units per B-cun on this view: its scale's length over its cun."""
    scale = lm.doc.get("scale_y")
    if not scale:
        return default
    a, b = lm[scale["from"]], lm[scale["to"]]
    return math.dist(a, b) / float(scale["cun"])


# --------------------------------------------------------------------------- shared strokes


# The leg views draw their muscles a shade lighter than the arm views do.
muscle = partial(pen_muscle, fill_opacity=0.24)


def artery(pen: Pen, pts: list[Pt]) -> None:
    pen.path(pts, stroke=pen.pal.vessel, width=DETAIL_W * 1.2, opacity=0.7)


def bump(pen: Pen, c: Pt, r: float, start: float, end: float, opacity: float = 0.55) -> None:
    """A short arc that shows a bony prominence under the skin."""
    pen.path(arc(c, r, start, end, 5), stroke=pen.pal.detail, width=FINE_W, opacity=opacity)


def nail(pen: Pen, base_a: Pt, base_b: Pt, tip: Pt) -> None:
    """A toenail from its two proximal corners toward the toe's tip, rounded at its free edge."""
    mid = lerp(base_a, base_b, 0.5)
    front = lerp(mid, tip, 0.75)
    side_a, side_b = (
        lerp(base_a, shift(front, base_a[0] - mid[0], base_a[1] - mid[1]), 0.6),
        lerp(base_b, shift(front, base_b[0] - mid[0], base_b[1] - mid[1]), 0.6),
    )
    pts = [base_a, side_a, lerp(side_a, front, 0.6), front, lerp(side_b, front, 0.6), side_b, base_b, mid]
    pen.path(pts, closed=True, fill=pen.pal.nail, stroke=pen.pal.detail, width=FINE_W, opacity=0.7)


def finish(svg: Svg, lm: Landmarks, pen: Pen, outline: list[Pt]) -> None:
    pen.outline(outline, closed=True)
    svg.outlines([sample(copy, closed=True, steps=4) for copy in pen.copies(outline)])
    svg.landmarks(lm)


# --------------------------------------------------------------------------- front


def front_outline(m: Marks, u: float) -> list[Pt]:
    """The right leg from the front (lateral toward -x): down its outer side from the thigh, past
    the fibula's head, the calf and the lateral malleolus, across the toes seen end-on, and up its
    inner side past the medial malleolus, the calf's inner bulge and the medial condyle."""
    kl, km, fh = m["knee-eye-lateral"], m["knee-eye-medial"], m["fibula-head"]
    lmal, mmal, mc = m["lateral-malleolus"], m["medial-malleolus"], m["tibia-medial-condyle"]
    toes = front_toes(m, u)
    return [
        (kl[0] - 78, -20),
        (kl[0] - 80, kl[1] - 2.6 * u),
        (kl[0] - 72, kl[1] - 0.7 * u),
        shift(fh, -12, 0),
        (fh[0] - 18, fh[1] + 1.9 * u),
        (fh[0] - 22, fh[1] + 3.7 * u),
        (fh[0] - 12, fh[1] + 6.8 * u),
        (lmal[0] - 28, lmal[1] - 5.1 * u),
        (lmal[0] - 12, lmal[1] - 0.9 * u),
        shift(lmal, -16, 0),
        (lmal[0] - 14, lmal[1] + 0.8 * u),
        (lmal[0] - 22, lmal[1] + 2.2 * u),
        *toes,
        (mmal[0] + 22, mmal[1] + 2.6 * u),
        (mmal[0] + 16, mmal[1] + 1.0 * u),
        shift(mmal, 14, 0),
        (mmal[0] + 4, mmal[1] - 1.2 * u),
        (mmal[0] + 10, mmal[1] - 5.0 * u),
        (mc[0] + 36, mc[1] + 7.2 * u),
        (mc[0] + 46, mc[1] + 4.4 * u),
        (mc[0] + 40, mc[1] + 2.0 * u),
        shift(mc, 28, 0.3 * u),
        shift(mc, 30, -1.8 * u),
        (km[0] + 82, km[1] - 3.6 * u),
        (km[0] + 76, -20),
    ]


def front_toes(m: Marks, u: float) -> list[Pt]:
    """The five toes seen end-on below the foreshortened dorsum: rounded tips from the little toe
    (outer side) to the great toe, each a little lower and larger toward the inside."""
    lmal, mmal, ankle = m["lateral-malleolus"], m["medial-malleolus"], m["ankle-crease-ehl-edl"]
    left, right = lmal[0] - 20, mmal[0] + 24
    widths = [0.62, 0.66, 0.7, 0.76, 1.26]
    total = sum(widths)
    pts: list[Pt] = []
    x = left
    for k, w in enumerate(widths):
        span = (right - left) * w / total
        bottom = ankle[1] + (3.0 + 0.14 * k + (0.2 if k == 4 else 0.0)) * u
        top = bottom - 0.45 * u
        pts += [
            (x + 0.08 * span, top),
            (x + 0.25 * span, bottom - 0.06 * u),
            (x + 0.5 * span, bottom),
            (x + 0.8 * span, bottom - 0.1 * u),
        ]
        x += span
    return pts


def front_details(pen: Pen, m: Marks, u: float) -> None:
    top, apex, kl, km = m["patella-top"], m["patella-apex"], m["knee-eye-lateral"], m["knee-eye-medial"]
    tub, ankle, mmal, lmal = (
        m["tibial-tuberosity"],
        m["ankle-crease-ehl-edl"],
        m["medial-malleolus"],
        m["lateral-malleolus"],
    )
    ta = m["tibialis-anterior-tendon"]
    # the patella and the quadriceps tendon above it, the ligament below to the tuberosity
    half = 0.95 * u
    patella = [
        shift(top, -half * 0.9, 4),
        shift(top, 0, -2),
        shift(top, half * 0.9, 4),
        (top[0] + half, (top[1] + apex[1]) / 2),
        shift(apex, 8, -4),
        apex,
        shift(apex, -8, -4),
        (top[0] - half, (top[1] + apex[1]) / 2),
    ]
    pen.tone(patella, 0.35)
    pen.line([*patella, patella[0]], opacity=0.6)
    pen.fine([shift(top, -14, -90), shift(top, -10, -10)], opacity=0.4)
    pen.fine([shift(top, 16, -90), shift(top, 12, -10)], opacity=0.4)
    for side in (-0.3 * u, 0.3 * u):
        pen.fine([shift(apex, side, 4), shift(tub, side * 0.7, -8)], opacity=0.5)
    # the knee eyes: two hollows either side of the ligament
    for eye, sign in ((kl, -1), (km, 1)):
        pen.tone([shift(eye, -10, -8), shift(eye, 10, -8), shift(eye, 8 * sign, 10), shift(eye, -6 * sign, 8)], 0.5)
    bump(pen, tub, 12, 20, 160)
    bump(pen, m["fibula-head"], 14, 100, 260)
    bump(pen, m["tibia-medial-condyle"], 18, -80, 60, 0.4)
    # the tibia's crest down the shin, curving in toward the medial malleolus
    crest = [shift(tub, 2, 14), shift(tub, 8, 4 * u), lerp(tub, mmal, 0.62), shift(mmal, -30, -1.6 * u)]
    pen.line(crest, opacity=0.5, width=FINE_W)
    # tibialis anterior's belly lateral to the crest, its tendon to the inner ankle
    belly = [
        shift(tub, -24, 30),
        shift(tub, -30, 5 * u),
        shift(lerp(tub, ankle, 0.62), -12, 0),
        shift(ta, -4, -2.5 * u),
    ]
    pen.fine(belly, opacity=0.4)
    pen.fine([shift(ta, -2, -2.4 * u), ta, shift(ta, 8, 1.4 * u)], opacity=0.45)
    # the fibular side: the groove between the extensors and the fibular muscles
    pen.fine([shift(m["fibula-head"], 10, 30), (lmal[0] + 8, lmal[1] - 8 * u), shift(lmal, 6, -1.5 * u)], opacity=0.3)
    # the long extensor tendons over the ankle onto the foot, the ankle crease
    pen.fine([shift(ankle, 12, -1.6 * u), shift(ankle, 12, 0), shift(ankle, 30, 2.8 * u)], opacity=0.45)  # EHL
    for dx in (-12, -22, -32):
        pen.fine([shift(ankle, dx + 4, -1.2 * u), shift(ankle, dx, 0), shift(ankle, dx * 2.2, 2.9 * u)], opacity=0.3)
    pen.line([shift(lmal, 10, -6), shift(ankle, 0, 4), shift(mmal, -10, 4)], opacity=0.4, width=FINE_W)
    bump(pen, lmal, 12, 110, 250)
    bump(pen, mmal, 12, -70, 70)
    # the creases between the toes and the great toe's nail, seen end-on
    toes = front_toes(m, u)
    for k in range(1, 5):
        top = toes[4 * k]
        pen.fine([shift(top, 0, -0.35 * u), top], opacity=0.45)
    big = toes[-3]
    pen.ellipse(shift(big, 0, -0.35 * u), 0.28 * u, 0.14 * u, fill=pen.pal.nail, stroke=pen.pal.detail, opacity=0.5)


def front_tones(pen: Pen, m: Marks, u: float) -> None:
    out = front_outline(m, u)
    n = len(out)
    pen.tone([*out[3:9], *[shift(p, 24, 0) for p in out[8:2:-1]]], 0.3)
    pen.tone([*out[n - 9 : n - 3], *[shift(p, -22, 0) for p in out[n - 4 : n - 10 : -1]]], 0.28)


def front_anatomy(pen: Pen, m: Marks, u: float) -> None:
    top, apex, tub = m["patella-top"], m["patella-apex"], m["tibial-tuberosity"]
    mmal, lmal, fh, mc = m["medial-malleolus"], m["lateral-malleolus"], m["fibula-head"], m["tibia-medial-condyle"]
    ankle, ta = m["ankle-crease-ehl-edl"], m["tibialis-anterior-tendon"]
    # femur's lower end with its condyles, the patella, tibia and fibula
    bone(
        pen,
        [
            (top[0] - 40, -20),
            (top[0] + 40, -20),
            shift(mc, 10, -1.6 * u),
            shift(mc, -10, -0.7 * u),
            shift(apex, 0, 16),
            shift(fh, 22, -22),
            shift(fh, 12, -1.9 * u),
            (top[0] - 50, top[1] - 40),
        ],
    )
    bone(
        pen,
        [shift(top, -36, 6), shift(top, 0, -4), shift(top, 36, 6), shift(apex, 26, -30), apex, shift(apex, -26, -30)],
    )
    bone(
        pen,
        [
            shift(mc, 14, -0.2 * u),
            shift(mc, 0, 1.2 * u),
            shift(tub, 30, 5 * u),
            shift(mmal, -4, -3 * u),
            shift(mmal, 10, 0),
            shift(mmal, -6, 0.6 * u),
            shift(ankle, 0, 0.2 * u),
            shift(ankle, -4, -1.4 * u),
            shift(tub, -28, 5 * u),
            shift(tub, -30, 0.6 * u),
            shift(fh, 22, 0),
            shift(fh, 22, -0.8 * u),
            shift(mc, -30, -0.8 * u),
        ],
    )
    bone(
        pen, strip([shift(fh, 4, 2), shift(fh, 12, 4 * u), shift(lmal, 14, -4 * u), shift(lmal, 6, 0)], [12, 6, 6, 12])
    )
    # tibialis anterior, the patellar ligament and quadriceps tendon
    muscle(
        pen,
        strip(
            [shift(tub, -22, 0.8 * u), shift(tub, -30, 5 * u), shift(ta, -16, -6 * u), shift(ta, -4, -2.6 * u)],
            [8, 20, 14, 4],
        ),
    )
    tendon(pen, [shift(ta, -4, -2.8 * u), ta, shift(ta, 16, 2.2 * u)], 3.2)
    tendon(pen, [apex, tub], 0.35 * u)
    tendon(pen, [shift(top, 0, -2.2 * u), shift(top, 0, -4)], 0.45 * u)
    tendon(pen, [shift(ankle, 12, -3 * u), shift(ankle, 12, 0), shift(ankle, 32, 3 * u)], 2.2)  # EHL
    tendon(pen, [shift(ankle, -14, -3 * u), shift(ankle, -18, 0), shift(ankle, -40, 3 * u)], 2.4)  # EDL
    # the anterior tibial artery becoming the dorsalis pedis on the foot
    artery(
        pen,
        [
            shift(tub, -18, 2 * u),
            shift(lerp(tub, ankle, 0.5), -8, 0),
            shift(ankle, 4, -1 * u),
            shift(ankle, 6, 0),
            shift(ankle, 14, 2.4 * u),
        ],
    )


def draw_front(lm: Landmarks, svg: Svg, anatomy: Svg) -> None:
    m, u = dict(lm.marks), unit_of(lm, 48)
    pen = Pen(svg, lm.midline)
    out = front_outline(m, u)
    pen.area(out)
    front_tones(pen, m, u)
    front_details(pen, m, u)
    finish(svg, lm, pen, out)
    front_anatomy(Pen(anatomy, lm.midline), m, u)


# --------------------------------------------------------------------------- back


def back_outline(m: Marks, u: float) -> list[Pt]:
    """The right leg from behind (lateral toward +x), down to the heel and back up."""
    mid, fh, lmal, mmal = m["popliteal-crease-mid"], m["fibula-head"], m["lateral-malleolus"], m["medial-malleolus"]
    heel = m["calcaneal-tendon-malleolus-level"]
    return [
        (mid[0] + 116, -20),
        (mid[0] + 122, mid[1] - 1.5 * u),
        shift(fh, 26, 0),
        (fh[0] + 42, fh[1] + 2.6 * u),
        (fh[0] + 36, fh[1] + 5 * u),
        (lmal[0] + 30, lmal[1] - 6 * u),
        (lmal[0] + 16, lmal[1] - 2.4 * u),
        shift(lmal, 20, 0),
        (lmal[0] + 2, lmal[1] + 1.4 * u),
        (heel[0] + 44, heel[1] + 2.4 * u),
        (heel[0], heel[1] + 2.6 * u),
        (heel[0] - 46, heel[1] + 2.3 * u),
        (mmal[0] + 4, mmal[1] + 1.6 * u),
        shift(mmal, -18, 0),
        (mmal[0] - 14, mmal[1] - 2.4 * u),
        (mid[0] - 112, mid[1] + 10 * u),
        (mid[0] - 138, mid[1] + 5 * u),
        (mid[0] - 136, mid[1] + 1.5 * u),
        (mid[0] - 118, mid[1] - 0.4 * u),
        (mid[0] - 110, -20),
    ]


def back_details(pen: Pen, m: Marks, u: float) -> None:
    mid, bi, st = m["popliteal-crease-mid"], m["popliteal-crease-biceps"], m["popliteal-crease-semitendinosus"]
    junction, heel = m["gastrocnemius-tendon-junction"], m["calcaneal-tendon-malleolus-level"]
    lmal, mmal = m["lateral-malleolus"], m["medial-malleolus"]
    # the popliteal crease and the hamstring tendons that frame the fossa
    pen.line([shift(st, -10, 2), st, mid, bi, shift(bi, 12, -2)], opacity=0.7)
    pen.fine([shift(bi, 22, -3.2 * u), shift(bi, 12, -1.2 * u), shift(bi, 8, -0.1 * u)], opacity=0.5)
    pen.fine([shift(st, -18, -3.2 * u), shift(st, -8, -1.2 * u), shift(st, -4, -0.1 * u)], opacity=0.5)
    pen.tone([shift(st, 4, -1.6 * u), shift(bi, -4, -1.6 * u), shift(mid, 0, 0.8 * u)], 0.3)
    # the two heads of gastrocnemius meeting on the tendon: the inverted V under the calf
    pen.fine([shift(mid, 0, 1.0 * u), shift(mid, 0, 5.5 * u), junction], opacity=0.35)
    pen.line(
        [shift(bi, 8, 1.2 * u), shift(mid, 94, 5 * u), shift(junction, 34, -0.8 * u), shift(junction, 0, 0.3 * u)],
        opacity=0.5,
        width=FINE_W,
    )
    pen.line(
        [shift(st, -6, 1.2 * u), shift(mid, -96, 4.6 * u), shift(junction, -36, -1.2 * u), shift(junction, 0, 0.3 * u)],
        opacity=0.5,
        width=FINE_W,
    )
    # the Achilles tendon down to the heel, with soleus showing either side of it
    for dx in (-14, 14):
        pen.fine(
            [
                shift(junction, dx * 0.9, 0.3 * u),
                shift(heel, dx * 0.8, -3 * u),
                shift(heel, dx, 0),
                shift(heel, dx * 1.3, 1.6 * u),
            ],
            opacity=0.45,
        )
    pen.fine([shift(junction, 52, -0.4 * u), shift(junction, 44, 3 * u), shift(heel, 26, -3.6 * u)], opacity=0.3)
    pen.fine([shift(junction, -54, -0.8 * u), shift(junction, -46, 3 * u), shift(heel, -26, -3.8 * u)], opacity=0.3)
    bump(pen, lmal, 12, -70, 80)
    bump(pen, mmal, 12, 100, 260)
    pen.fine(arc(shift(heel, 0, 1.6 * u), 30, 20, 160, 6), opacity=0.35)  # the heel pad


def back_anatomy(pen: Pen, m: Marks, u: float) -> None:
    mid, bi, st = m["popliteal-crease-mid"], m["popliteal-crease-biceps"], m["popliteal-crease-semitendinosus"]
    junction, heel, fh = m["gastrocnemius-tendon-junction"], m["calcaneal-tendon-malleolus-level"], m["fibula-head"]
    lmal, mmal = m["lateral-malleolus"], m["medial-malleolus"]
    bone(
        pen,
        strip(
            [shift(mid, -30, -3 * u), shift(mid, -24, 0.8 * u), shift(mmal, 20, -3 * u), shift(mmal, 6, 0)],
            [34, 40, 18, 20],
        ),
    )
    bone(
        pen,
        strip([shift(fh, -4, 0), shift(fh, -6, 4 * u), shift(lmal, -8, -4 * u), shift(lmal, -4, 0)], [12, 6, 6, 12]),
    )
    bone(
        pen,
        [
            shift(heel, -36, 0.6 * u),
            shift(heel, 36, 0.6 * u),
            shift(heel, 40, 2.2 * u),
            shift(heel, 0, 2.5 * u),
            shift(heel, -40, 2.2 * u),
        ],
    )
    for sign in (-1, 1):
        muscle(
            pen,
            strip(
                [
                    shift(mid, 46 * sign, 0.4 * u),
                    shift(mid, 74 * sign, 3.6 * u),
                    shift(junction, 40 * sign, -1.5 * u),
                    shift(junction, 10 * sign, 0.2 * u),
                ],
                [14, 34, 24, 5],
            ),
        )
    muscle(
        pen, strip([shift(junction, 0, -3 * u), shift(junction, 0, 1.4 * u), shift(heel, 0, -4 * u)], [54, 46, 14]), 0.7
    )
    tendon(pen, [shift(junction, 0, 0.3 * u), shift(heel, 0, -3 * u), heel, shift(heel, 0, 1.8 * u)], 13)
    tendon(pen, [shift(bi, 30, -3.6 * u), shift(bi, 12, -0.6 * u), shift(fh, 0, -0.4 * u)], 5)  # biceps femoris
    tendon(pen, [shift(st, -24, -3.6 * u), shift(st, -8, -0.4 * u), shift(st, -16, 1.2 * u)], 4)  # semitendinosus
    artery(
        pen,
        [
            shift(mid, 10, -3 * u),
            shift(mid, 4, 0),
            shift(mid, 0, 2 * u),
            shift(mid, -12, 4 * u),
            shift(mmal, 26, -4 * u),
            shift(mmal, 24, 0),
            shift(mmal, 10, 1.4 * u),
        ],
    )


def draw_back(lm: Landmarks, svg: Svg, anatomy: Svg) -> None:
    m, u = dict(lm.marks), unit_of(lm, 50)
    pen = Pen(svg, lm.midline)
    out = back_outline(m, u)
    pen.area(out)
    pen.tone([*out[2:8], *[shift(p, -24, 0) for p in out[7:1:-1]]], 0.3)
    pen.tone([*out[13:19], *[shift(p, 22, 0) for p in out[18:12:-1]]], 0.26)
    back_details(pen, m, u)
    finish(svg, lm, pen, out)
    back_anatomy(Pen(anatomy, lm.midline), m, u)


# --------------------------------------------------------------------------- the side views


# The two profiles, in B-cun from the malleolus: (forward, down). The lateral malleolus sits
# further back and lower than the medial one, so the two lists differ.
MEDIAL_PROFILE = [
    (3.23, -20.0),
    (3.38, -17.7),
    (3.5, -16.46),
    (3.33, -14.8),
    (2.96, -13.33),
    (2.58, -10.2),
    (2.13, -6.04),
    (1.75, -2.5),
    (1.63, -0.73),
    (1.79, 0.21),
    (2.71, 0.73),
    (4.17, 1.08),
    (5.63, 1.35),
    (6.42, 1.5),
    (7.71, 1.63),
    (8.75, 1.71),
    (9.46, 2.19),
    (9.21, 2.75),
    (7.92, 2.88),
    (6.46, 3.17),
    (4.79, 3.25),
    (2.29, 3.27),
    (0.0, 3.27),
    (-1.67, 3.19),
    (-2.42, 2.5),
    (-2.42, 1.46),
    (-2.17, 0.21),
    (-2.13, -1.25),
    (-2.4, -3.33),
    (-2.92, -6.25),
    (-3.38, -9.58),
    (-3.46, -11.67),
    (-3.17, -13.54),
    (-2.79, -15.1),
    (-2.92, -17.08),
    (-3.08, -20.0),
]
LATERAL_PROFILE = [
    (2.67, -20.58),
    (2.83, -18.29),
    (3.17, -17.04),
    (3.04, -15.38),
    (3.17, -13.9),
    (2.92, -10.79),
    (2.5, -6.63),
    (1.98, -3.08),
    (1.77, -1.0),
    (2.08, -0.17),
    (3.33, 0.46),
    (5.0, 0.88),
    (6.67, 1.13),
    (7.92, 1.29),
    (8.96, 1.42),
    (9.58, 1.88),
    (9.21, 2.42),
    (7.92, 2.54),
    (6.25, 2.67),
    (3.75, 2.71),
    (1.25, 2.71),
    (-1.04, 2.67),
    (-2.13, 2.13),
    (-2.25, 1.08),
    (-1.96, -0.38),
    (-1.92, -1.83),
    (-2.29, -3.92),
    (-2.83, -6.83),
    (-3.21, -9.75),
    (-3.21, -11.83),
    (-2.88, -13.9),
    (-2.4, -15.69),
    (-2.5, -17.67),
    (-2.63, -20.58),
]


def side_outline(m: Marks, u: float, f: float, mall: Pt) -> list[Pt]:
    """The right leg in profile: the front of the knee and shin down to the toes, along the sole
    to the heel, and up the Achilles tendon and the calf. ``f`` is +1 when the front points to +x
    (the lateral view), -1 when to -x (the medial view)."""
    profile = LATERAL_PROFILE if f > 0 else MEDIAL_PROFILE
    return [(mall[0] + f * dx * u, mall[1] + dy * u) for dx, dy in profile]


def side_common(pen: Pen, m: Marks, u: float, f: float, mall: Pt) -> None:
    """What both profiles share: the knee and patella, the shin, the calf's bulge, the Achilles
    tendon, the malleolus, the heel pad and the toes."""

    def p(dx: float, dy: float) -> Pt:
        return mall[0] + f * dx * u, mall[1] + dy * u

    patella = [p(2.6, -17.6), p(3.25, -17.2), p(3.3, -16.0), p(3.0, -15.5), p(2.5, -16.2)]
    pen.line(patella, opacity=0.5)
    pen.fine([p(3.3, -15.6), p(3.1, -14.4)], opacity=0.45)  # the patellar ligament
    bump(pen, p(2.85, -14.0), 10, -90 + 90 * f, 90 + 90 * f, 0.5)  # tibial tuberosity
    pen.fine([p(-2.3, -14.6), p(-1.6, -11.0), p(-1.2, -7.6), p(-1.5, -5.0)], opacity=0.35)  # gastrocnemius
    for dx in (-1.95, -1.6):
        pen.fine([p(dx - 0.1, -5.2), p(dx, -2.0), p(dx - 0.1, 0.4)], opacity=0.45)  # the Achilles tendon
    pen.ellipse(mall, 0.55 * u, 0.7 * u, fill=pen.pal.skin_shade, fill_opacity=0.45, stroke=pen.pal.detail, opacity=0.5)
    sole = 2.7 if f > 0 else 3.2
    pen.fine([p(-1.9, sole - 0.9), p(-1.2, sole - 0.3), p(0.2, sole - 0.15)], opacity=0.3)  # the heel pad
    # toes: the creases between them, seen from the side
    for dx in (7.5, 8.3):
        pen.fine([p(dx, 1.5), p(dx + 0.15, sole - 0.4)], opacity=0.35)


def lateral_details(pen: Pen, m: Marks, u: float) -> None:
    mall, fh = m["lateral-malleolus"], m["fibula-head"]
    bump(pen, fh, 14, 90, 250)
    crease = m["popliteal-crease-lateral-end"]
    pen.fine([shift(crease, 34, 2), crease, shift(crease, -26, 4)], opacity=0.55)
    bump(pen, m["femur-lateral-epicondyle"], 14, 200, 340, 0.45)
    # the iliotibial tract and the biceps femoris tendon above the knee, either side of GB33
    hollow = m["biceps-itb-hollow"]
    pen.fine(
        [shift(hollow, 40, -4 * u), shift(hollow, 38, -1 * u), shift(m["femur-lateral-epicondyle"], 14, 2.2 * u)],
        opacity=0.4,
    )
    pen.fine([shift(hollow, -26, -4 * u), shift(hollow, -24, -0.6 * u), shift(fh, -8, -0.5 * u)], opacity=0.45)
    # the fibula's line down the leg and the groove between the extensors and the fibular muscles
    pen.fine(
        [shift(fh, 20, 1.2 * u), (mall[0] + 0.5 * u, mall[1] - 8 * u), (mall[0] + 0.5 * u, mall[1] - 1.6 * u)],
        opacity=0.32,
    )
    pen.fine(
        [shift(fh, -10, 1.2 * u), (mall[0] - 0.4 * u, mall[1] - 8 * u), (mall[0] - 0.5 * u, mall[1] - 1.8 * u)],
        opacity=0.28,
    )
    # fibular tendons behind and below the malleolus, the extensor tendons in front
    pen.fine(
        [
            shift(mall, -0.6 * u, -2 * u),
            shift(mall, -0.4 * u, 0.9 * u),
            m["cuboid-hollow"],
            m["fifth-metatarsal-tuberosity"],
        ],
        opacity=0.35,
    )
    pen.fine([shift(mall, 1.3 * u, -1.6 * u), shift(mall, 1.9 * u, 0.1 * u), shift(mall, 5 * u, 1.0 * u)], opacity=0.3)
    bump(pen, m["fifth-metatarsal-tuberosity"], 10, 200, 340)
    bump(pen, m["fifth-mtp"], 10, 200, 340, 0.45)
    # the border of the sole's skin, on which BL61 and BL64-BL66 lie
    red_white = [
        shift(m["heel-back"], 8, 26),
        m["heel-red-white-border"],
        shift(m["fifth-metatarsal-tuberosity"], -40, 17),
        m["red-white-distal-fifth-tuberosity"],
        m["red-white-proximal-fifth-mtp"],
        m["red-white-distal-fifth-mtp"],
        shift(m["toe5-nail-lateral-corner"], 10, 16),
    ]
    pen.fine(red_white, opacity=0.5)
    corner = m["toe5-nail-lateral-corner"]
    nail(pen, corner, shift(corner, 4, -8), shift(corner, 30, 6))


def medial_details(pen: Pen, m: Marks, u: float) -> None:
    mall, sp9 = m["medial-malleolus"], m["tibia-medial-condyle-angle"]
    # the tibia's medial border and the front edge of its flat medial surface
    pen.line(
        [shift(sp9, 0, -0.4 * u), sp9, m["tibia-medial-border-low"], shift(mall, 0.4 * u, -0.9 * u)],
        opacity=0.45,
        width=FINE_W,
    )
    pen.fine(
        [
            shift(m["tibia-medial-surface-condyle"], -22, 0),
            shift(m["tibial-tuberosity"], 10, 4 * u),
            shift(mall, -1.4 * u, -2.5 * u),
        ],
        opacity=0.3,
    )
    bump(pen, shift(sp9, -0.3 * u, -0.5 * u), 22, 190, 330, 0.45)  # the medial condyle
    # the hamstring tendons behind the knee, in front of which LR8 lies
    lr8 = m["popliteal-crease-medial-end"]
    ki10 = m["popliteal-crease-semitendinosus"]
    pen.fine([shift(lr8, -20, 4), lr8, ki10, shift(ki10, 16, 2)], opacity=0.55)
    pen.fine(
        [shift(lr8, 24, -3.6 * u), shift(lr8, 20, -0.6 * u), shift(lr8, 14, 1.6 * u), shift(sp9, 1.6 * u, 1.2 * u)],
        opacity=0.45,
    )
    pen.fine([shift(lr8, 50, -3.6 * u), shift(lr8, 42, -0.4 * u)], opacity=0.4)
    # tibialis anterior's tendon in front of the ankle, tibialis posterior's behind the malleolus
    hollow = m["tibialis-anterior-medial-hollow"]
    pen.fine(
        [shift(hollow, 4, -3 * u), shift(hollow, -10, -0.2 * u), shift(m["first-metatarsal-base"], 10, -8)],
        opacity=0.45,
    )
    pen.fine(
        [shift(mall, 0.9 * u, -2.6 * u), shift(mall, 0.8 * u, 0.3 * u), shift(m["navicular-tuberosity"], 10, 6)],
        opacity=0.3,
    )
    bump(pen, m["navicular-tuberosity"], 10, 160, 340)
    bump(pen, m["first-mtp"], 14, 180, 360, 0.45)
    red_white = [
        shift(m["heel-back"], -6, 20),
        shift(mall, 0.8 * u, 2.6 * u),
        m["red-white-below-navicular"],
        m["red-white-first-metatarsal-base"],
        m["red-white-proximal-first-mtp"],
        m["red-white-distal-first-mtp"],
        shift(m["hallux-nail-medial-corner"], 14, 26),
    ]
    pen.fine(red_white, opacity=0.5)
    pen.tone(
        [
            shift(m["red-white-below-navicular"], -60, 6),
            shift(m["red-white-below-navicular"], 100, 8),
            shift(m["red-white-below-navicular"], 40, 30),
        ],
        0.3,
    )  # the arch's hollow
    corner = m["hallux-nail-medial-corner"]
    nail(pen, corner, shift(corner, -2, -9), shift(corner, -34, 6))


def side_anatomy(pen: Pen, m: Marks, u: float, f: float, mall: Pt, lateral: bool) -> None:
    def p(dx: float, dy: float) -> Pt:
        return mall[0] + f * dx * u, mall[1] + dy * u

    # femur's condyles, the patella, tibia (with fibula on the outer view) and the foot's bones
    bone(pen, [p(-1.8, -20.5), p(2.6, -20.5), p(3.0, -17.2), p(2.2, -16.2), p(-1.0, -16.2), p(-2.0, -17.2)])
    bone(pen, [p(3.0, -17.8), p(3.5, -17.2), p(3.5, -16.1), p(3.0, -15.7), p(2.8, -16.6)])
    bone(
        pen,
        [
            p(2.4, -16.0),
            p(-1.4, -16.0),
            p(-1.0, -14.4),
            p(0.4, -10.0),
            p(0.5, -2.2),
            p(0.6, 0.0),
            p(1.3, 0.3),
            p(1.5, -2.0),
            p(2.0, -7.5),
            p(2.7, -12.5),
            p(3.2, -14.4),
        ],
    )
    if lateral:
        bone(
            pen,
            strip(
                [m["fibula-head"], p(0.0, -10.0), p(0.05, -3.0), p(0.0, 0.4)], [0.35 * u, 0.25 * u, 0.25 * u, 0.45 * u]
            ),
        )
    bone(pen, [p(-1.9, 0.4), p(0.8, 0.6), p(1.8, 1.0), p(1.0, 2.3), p(-1.2, 2.6), p(-2.0, 1.8)])  # calcaneus and talus
    for k, (a, b) in enumerate(((2.0, 5.2), (5.2, 7.2), (7.3, 9.0))):
        top = 0.95 + 0.18 * k
        bone(pen, [p(a, top), p(b, top + 0.1), p(b, top + 0.6), p(a, top + 0.8)])
    # gastrocnemius and soleus down to the Achilles tendon; tibialis anterior in front
    muscle(
        pen,
        strip([p(-1.6, -16.5), p(-2.5, -12.0), p(-1.6, -7.5), p(-1.0, -5.0)], [0.3 * u, 0.75 * u, 0.5 * u, 0.1 * u]),
    )
    muscle(pen, strip([p(-0.6, -13.0), p(-1.3, -8.0), p(-1.0, -3.5)], [0.3 * u, 0.5 * u, 0.15 * u]), 0.7)
    tendon(pen, [p(-1.0, -5.2), p(-1.1, -2.0), p(-1.2, 0.0), p(-1.4, 1.2)], 0.3 * u)
    muscle(pen, strip([p(2.8, -14.0), p(2.4, -9.0), p(1.9, -4.0)], [0.2 * u, 0.45 * u, 0.1 * u]), 0.8)
    tendon(pen, [p(1.9, -4.2), p(1.8, -0.4), p(2.6, 1.0)], 2.6)
    if lateral:
        tendon(pen, [p(-0.6, -4.0), p(-0.45, 0.0), p(0.3, 1.4), m["fifth-metatarsal-tuberosity"]], 2.4)  # fibularis
    else:
        tendon(pen, [p(0.5, -4.0), p(0.75, 0.0), m["navicular-tuberosity"]], 2.4)  # tibialis posterior
        artery(pen, [p(0.2, -8.0), p(0.6, -3.0), p(0.9, -0.2), p(0.6, 1.5), p(2.5, 2.4)])  # posterior tibial


def draw_side(lm: Landmarks, svg: Svg, anatomy: Svg, lateral: bool) -> None:
    m, u = dict(lm.marks), unit_of(lm, 48)
    f = 1.0 if lateral else -1.0
    mall = m["lateral-malleolus" if lateral else "medial-malleolus"]
    pen = Pen(svg, 0.0, both=False)
    out = side_outline(m, u, f, mall)
    pen.area(out)
    pen.tone([*out[20:26], *[shift(p, f * 22, 0) for p in out[25:19:-1]]], 0.3)
    side_common(pen, m, u, f, mall)
    (lateral_details if lateral else medial_details)(pen, m, u)
    finish(svg, lm, pen, out)
    side_anatomy(Pen(anatomy, 0.0, both=False), m, u, f, mall, lateral)


# --------------------------------------------------------------------------- the feet


def toe_outline(web_a: Pt, web_b: Pt, tip: Pt, flip: float) -> list[Pt]:
    """One toe between two webs (or a web and the foot's edge) to its tip; ``flip`` is +1 when the
    toes point down the page, -1 when up."""
    half = abs(web_b[0] - web_a[0]) / 2
    return [
        web_a,
        (web_a[0] + 0.15 * half, lerp(web_a, tip, 0.5)[1]),
        (tip[0] - 0.85 * half, tip[1] - flip * 0.8 * half),
        (tip[0] - 0.45 * half, tip[1] - flip * 0.1 * half),
        tip,
        (tip[0] + 0.45 * half, tip[1] - flip * 0.1 * half),
        (tip[0] + 0.85 * half, tip[1] - flip * 0.8 * half),
        (web_b[0] - 0.15 * half, lerp(web_b, tip, 0.5)[1]),
        web_b,
    ]


def foot_outline(m: Marks, u: float, flip: float) -> list[Pt]:
    """A right foot seen from above (flip +1: toes down) or below (flip -1: toes up), its great
    toe toward +x. Starts at the top left and runs round through the toes."""
    webs = [m.get(f"toe-web-{i}-{i + 1}") for i in range(1, 5)]
    tips = [m[f"tip-{i}"] for i in range(1, 6)]
    if flip > 0:
        ankle, lmal, mmal = m["ankle-crease-ehl-edl"], m["lateral-malleolus"], m["medial-malleolus"]
        tub, mtp1, mtp5 = m["fifth-metatarsal-tuberosity"], m["mtp-1"], m["mtp-5"]
        lateral = [
            (lmal[0] + 38, -20),
            (lmal[0] + 32, ankle[1] - 1.0 * u),
            shift(lmal, -8, 0),
            (lmal[0] - 16, lmal[1] + 0.9 * u),
            shift(tub, -12, 0),
            shift(mtp5, -22, 0),
        ]
        medial = [
            shift(mtp1, 40, 0),
            (mtp1[0] + 28, mtp1[1] - 2.4 * u),
            (mmal[0] + 22, mmal[1] + 1.6 * u),
            shift(mmal, 20, 0),
            (mmal[0] - 2, ankle[1] - 1.0 * u),
            (mmal[0] - 8, -20),
        ]
    else:
        mtp1, mtp5, heel = m["mtp-1"], m["mtp-5"], m["heel-back"]
        lateral = [shift(mtp5, -22, 0)]
        medial = [
            shift(mtp1, 34, 0),
            (mtp1[0] + 16, mtp1[1] + 2.4 * u),
            (mtp1[0] - 4, mtp1[1] + 4.2 * u),
            (heel[0] + 1.3 * u, heel[1] - 2.2 * u),
            (heel[0] + 0.8 * u, heel[1] - 0.4 * u),
            heel,
            (heel[0] - 0.9 * u, heel[1] - 0.5 * u),
            (heel[0] - 1.3 * u, heel[1] - 2.4 * u),
            (mtp5[0] - 18, mtp5[1] + 3.4 * u),
        ]
    web_lat = (tips[4][0] - 0.45 * u, lerp(tips[4], m["mtp-5"], 0.55)[1])
    web_med = (tips[0][0] + 0.62 * u, lerp(tips[0], m["mtp-1"], 0.5)[1])
    edges = [web_lat, *[w for w in webs[::-1] if w is not None], web_med]  # from the little toe's side
    if len(edges) != 6:  # the sole view names only the web it needs: place the others
        base = m["toe-web-2-3"]
        edges = [web_lat]
        for i in range(3, -1, -1):
            edges.append((lerp(tips[i], tips[i + 1], 0.5)[0], base[1] + flip * 0.05 * u * abs(i - 1.5)))
        edges.append(web_med)
    toes: list[Pt] = []
    for i in range(5):  # little toe first
        k = 4 - i
        toes += toe_outline(edges[i], edges[i + 1], tips[k], flip)[(0 if i == 0 else 1) :]
    if flip > 0:
        return [*lateral, *toes, *medial]
    return [*toes, *medial, *lateral]


def foot_details(pen: Pen, m: Marks, u: float, flip: float) -> None:
    tips = [m[f"tip-{i}"] for i in range(1, 6)]
    if flip > 0:
        ankle, lmal, mmal = m["ankle-crease-ehl-edl"], m["lateral-malleolus"], m["medial-malleolus"]
        bump(pen, lmal, 14, 110, 250)
        bump(pen, mmal, 14, -70, 70)
        pen.line([shift(lmal, 14, 2), shift(ankle, 0, 6), shift(mmal, -14, 2)], opacity=0.4, width=FINE_W)
        ta = m["tibialis-anterior-tendon"]
        pen.fine([shift(ta, -6, -2 * u), ta, shift(m["mt-1-2-junction"], 34, -1.2 * u)], opacity=0.45)
        # the long extensors fanning out to the toes
        pen.fine([shift(ankle, 12, -2 * u), shift(ankle, 14, 0), m["mtp-1"], shift(tips[0], 0, -0.6 * u)], opacity=0.4)
        for i, k in enumerate((2, 3, 4, 5)):
            start = shift(ankle, -10 - 6 * i, 0.2 * u)
            pen.fine(
                [shift(ankle, -8 - 4 * i, -1.6 * u), start, m[f"mtp-{k}"], shift(tips[k - 1], 0, -0.5 * u)],
                opacity=0.28,
            )
        bump(pen, m["fifth-metatarsal-tuberosity"], 10, 110, 250)
        for k in range(1, 6):
            bump(pen, m[f"mtp-{k}"], 0.32 * u, 20, 160, 0.3)
        pen.tone(
            [shift(m["sinus-tarsi"], -14, -14), shift(m["sinus-tarsi"], 16, -10), shift(m["sinus-tarsi"], 6, 18)], 0.45
        )
        corners = {
            1: (m["hallux-nail-lateral-corner"], m["hallux-nail-medial-corner"]),
            2: (m["toe2-nail-lateral-corner"], None),
            3: (None, None),
            4: (m["toe4-nail-lateral-corner"], None),
            5: (m["toe5-nail-lateral-corner"], None),
        }
        for k, (lat, med) in corners.items():
            tip = tips[k - 1]
            width = 0.5 * u if k == 1 else 0.3 * u
            lat = lat or (tip[0] - width / 2, tip[1] - 0.9 * u)
            med = med or (lat[0] + width, lat[1])
            nail(pen, lat, med, tip)
    else:
        # toe pads and the creases at the toes' bases, the ball, the heel pad, the arch
        for k, tip in enumerate(tips, start=1):
            r = 0.36 * u if k == 1 else 0.22 * u
            pen.ellipse(shift(tip, 0, r * 1.3), r, r * 1.2, stroke=pen.pal.detail, opacity=0.35)
        dip = m["toe2-dip-crease"]
        pen.fine([shift(dip, -0.22 * u, 0), shift(dip, 0.22 * u, 2)], opacity=0.6)
        pen.fine([shift(m["mtp-1"], -0.5 * u, -0.9 * u), shift(m["mtp-1"], 0.4 * u, -1.0 * u)], opacity=0.5)
        web = m["toe-web-2-3"]
        pen.fine(
            [shift(m["mtp-5"], 10, -1.0 * u), shift(web, 0, 0.15 * u), shift(m["mtp-1"], -0.6 * u, -0.75 * u)],
            opacity=0.45,
        )
        ball = [
            shift(m["mtp-5"], 6, 0.2 * u),
            shift(m["mtp-1"], -0.6 * u, 0.4 * u),
            shift(m["mtp-1"], 0.2 * u, 1.4 * u),
            shift(m["mtp-5"], 0.3 * u, 1.6 * u),
        ]
        pen.path(ball, closed=True, stroke=pen.pal.detail, width=FINE_W, opacity=0.25)
        heel = m["heel-back"]
        pen.ellipse(shift(heel, 0, -1.6 * u), 0.95 * u, 1.25 * u, stroke=pen.pal.detail, opacity=0.3)
        arch = [
            shift(m["mtp-1"], 0.25 * u, 1.8 * u),
            shift(m["mtp-1"], -0.35 * u, 3.6 * u),
            shift(heel, 0.75 * u, -2.6 * u),
            shift(heel, 1.05 * u, -2.6 * u),
            shift(m["mtp-1"], 0.0, 4.0 * u),
        ]
        pen.tone(arch, 0.45)  # the arch, off the ground


def foot_anatomy(pen: Pen, m: Marks, u: float, flip: float) -> None:
    """Metatarsals and phalanges (and on the dorsum the tarsal bones, the tendons and the
    dorsalis pedis artery); on the sole the bones show faintly through the plantar aponeurosis."""
    tips = [m[f"tip-{i}"] for i in range(1, 6)]
    heads = [m.get(f"mtp-{i}") for i in range(1, 6)]
    if heads[1] is None:
        heads = [lerp(m["mtp-1"], m["mtp-5"], i / 4) for i in range(5)]
    for k in range(5):
        head, tip = heads[k], tips[k]
        half = (0.24 if k == 0 else 0.14) * u
        base = (head[0] + (head[0] - tip[0]) * 1.1, head[1] - flip * (2.9 - 0.2 * k) * u)
        bone(pen, strip([base, lerp(base, head, 0.5), head], [half * 1.3, half * 0.8, half * 1.2]))
        bone(
            pen,
            strip(
                [shift(head, 0, flip * 0.2 * u), lerp(head, tip, 0.5), shift(tip, 0, -flip * 0.2 * u)],
                [half, half * 0.8, half * 0.9],
            ),
        )
    if flip > 0:
        ankle = m["ankle-crease-ehl-edl"]
        bone(
            pen,
            [
                shift(ankle, -1.3 * u, -0.4 * u),
                shift(ankle, 1.2 * u, -0.6 * u),
                shift(ankle, 1.0 * u, 1.4 * u),
                shift(ankle, 0.2 * u, 2.2 * u),
                shift(ankle, -1.4 * u, 2.0 * u),
            ],
        )  # talus and tarsus
        tendon(
            pen,
            [
                shift(m["tibialis-anterior-tendon"], 0, -2 * u),
                m["tibialis-anterior-tendon"],
                shift(m["mt-1-2-junction"], 30, -1.4 * u),
            ],
            3.4,
        )
        tendon(pen, [shift(ankle, 12, -2 * u), shift(ankle, 14, 0), heads[0], shift(tips[0], 0, -0.6 * u)], 2.4)
        for k in range(1, 5):
            tendon(
                pen,
                [
                    shift(ankle, -8 - 4 * k, -1.6 * u),
                    shift(ankle, -10 - 6 * k, 0.2 * u),
                    heads[k],
                    shift(tips[k], 0, -0.5 * u),
                ],
                1.6,
            )
        artery(
            pen,
            [
                shift(ankle, 6, -2 * u),
                shift(ankle, 6, 0),
                m["dorsalis-pedis-pulse"],
                shift(m["mt-1-2-junction"], -6, 0),
            ],
        )
    else:
        heel = m["heel-back"]
        bone(
            pen,
            [
                shift(heel, -0.9 * u, -0.3 * u),
                shift(heel, 0.9 * u, -0.3 * u),
                shift(heel, 1.0 * u, -3.0 * u),
                shift(heel, -1.0 * u, -3.0 * u),
            ],
        )
        tendon(
            pen,
            [shift(heel, 0, -1.2 * u), lerp(heel, m["toe-web-2-3"], 0.5), shift(m["toe-web-2-3"], 0, 1.2 * u)],
            0.35 * u,
        )


def draw_foot(lm: Landmarks, svg: Svg, anatomy: Svg, plantar: bool) -> None:
    m, u = dict(lm.marks), unit_of(lm, 80)
    flip = -1.0 if plantar else 1.0
    pen = Pen(svg, lm.midline)
    out = foot_outline(m, u, flip)
    pen.area(out)
    foot_details(pen, m, u, flip)
    finish(svg, lm, pen, out)
    foot_anatomy(Pen(anatomy, lm.midline), m, u, flip)


# --------------------------------------------------------------------------- the views


def draw_view(view: str, palette: Palette) -> list[Path]:
    lm = Landmarks(view)
    svg = Svg(lm.width, lm.height, lm.doc["title"], palette)
    anatomy = Svg(lm.width, lm.height, f"{lm.doc['title']}: anatomy", palette)
    anatomy.add(f'<g opacity="{palette.anatomy_opacity:g}">')
    if view == "leg-anterior":
        draw_front(lm, svg, anatomy)
    elif view == "leg-posterior":
        draw_back(lm, svg, anatomy)
    elif view in ("leg-medial", "leg-lateral"):
        draw_side(lm, svg, anatomy, view == "leg-lateral")
    else:
        draw_foot(lm, svg, anatomy, view == "foot-plantar")
    anatomy.add("</g>")
    return [svg.save(view), anatomy.save(f"{view}.anatomy")]


def draw_all(palette: Palette) -> list[Path]:
    return [path for view in VIEWS for path in draw_view(view, palette)]
