"""The abdomen view: the trunk from the front, from above the nipples to the groin.

Drawn around the landmarks of data/diagrams/abdomen.toml (nipples, xiphisternal junction, costal
margin, the free ends of the 11th and 12th ribs, umbilicus, ASIS, pubic symphysis, femoral pulse)
for the subject's right side, and mirrored. The flanks narrow at the waist between the lower
ribs and the iliac crest and widen again over the hips; the surface shows what the points are
measured from: the sternum and xiphoid, the costal margins and the rib tips, the rectus sheath
and umbilicus, the iliac crest and ASIS, the inguinal creases and the pubic crest. The anatomy
layer (its own file) shows the rib cage, pelvis, rectus abdominis, inguinal ligament and the
femoral artery.
"""

from __future__ import annotations

import math
from pathlib import Path

from tools.diagrams.common import DETAIL_W, FINE_W, Landmarks, Palette, Svg
from tools.diagrams.geometry import Pt, along, arc, direction, lerp, mirror, sample, shift
from tools.diagrams.pen import Pen

Marks = dict[str, Pt]


def flank(a: Marks) -> list[Pt]:
    """The right flank from above the top edge to below the bottom edge: the chest wall, in at
    the waist past the rib tips, out over the iliac crest and the hip, down the thigh."""
    r12, asis = a["rib-12-tip"], a["asis"]
    return [
        (92, -40),
        (93, 60),
        (97, 170),
        (104, 280),
        (114, 380),
        (r12[0] - 6, r12[1] - 70),
        (r12[0] - 3, r12[1] + 10),
        (r12[0] - 8, r12[1] + 90),
        (asis[0] - 86, asis[1] - 30),
        (asis[0] - 96, asis[1] + 50),
        (asis[0] - 100, asis[1] + 150),
        (asis[0] - 96, asis[1] + 250),
        (asis[0] - 92, asis[1] + 340),
    ]


def inner_thigh(a: Marks) -> list[Pt]:
    """The groin: from beside the ASIS along the inguinal crease to the inner thigh."""
    asis, ps, fa = a["asis"], a["pubic-symphysis"], a["femoral-artery"]
    return [
        shift(asis, 34, 52),
        shift(fa, -60, -20),
        shift(fa, 4, 22),
        shift(ps, -48, 92),
        shift(ps, -42, 150),
        shift(ps, -40, 230),
    ]


def tone_along(pen: Pen, edge: list[Pt], depth: float, opacity: float = 0.32) -> None:
    """A flat tone along ``edge``, ``depth`` deep on its clockwise side, thinning at both ends."""
    n = len(edge) - 1
    inner = [
        along(p, direction(edge[max(i - 1, 0)], edge[min(i + 1, n)]), 0, depth * math.sin(math.pi * i / n) ** 0.9)
        for i, p in enumerate(edge)
    ]
    pen.tone([*edge, *inner[::-1]], opacity)


def chest(pen: Pen, a: Marks) -> None:
    """The pectorals' lower borders round the nipples, the areolae, the sternum, the digitations of
    serratus anterior on the side of the chest."""
    nip, xj = a["nipple"], a["xiphisternal-junction"]
    pec = [
        (96, 20),
        (118, 110),
        shift(nip, -60, 58),
        shift(nip, 10, 76),
        shift(nip, 100, 66),
        shift(nip, 170, 36),
        (xj[0] - 16, nip[1] - 10),
    ]
    pen.line(pec, opacity=0.45, width=FINE_W)
    tone_along(pen, pec[1:], 12, 0.3)
    pen.ellipse(
        nip, 17, 15, stroke=pen.pal.detail, width=FINE_W, opacity=0.55, fill=pen.pal.skin_shade, fill_opacity=0.7
    )
    pen.ellipse(nip, 4.5, 4.5, fill=pen.pal.detail, fill_opacity=0.45)
    pen.fine([(xj[0] - 22, -10), (xj[0] - 24, 80), (xj[0] - 20, 180), (xj[0] - 12, xj[1] - 4)], opacity=0.3)
    for k, y in enumerate((250, 296, 340)):
        x0 = 112 + 8 * k
        pen.fine([(x0, y), (x0 + 24, y - 12), (x0 + 46, y - 8)], opacity=0.28)


def ribs(pen: Pen, a: Marks) -> None:
    """The xiphisternal junction and xiphoid, the costal margin down to the 10th rib, the free ends
    of the 11th and 12th ribs, the 6th and 7th intercostal spaces."""
    xj, cm, r11, r12 = a["xiphisternal-junction"], a["costal-margin"], a["rib-11-tip"], a["rib-12-tip"]
    pen.fine([shift(xj, -22, -4), shift(xj, -10, 0), xj], opacity=0.5)
    pen.fine([shift(xj, -12, 2), shift(xj, -9, 30), shift(xj, -3, 54), shift(xj, 0, 60)], opacity=0.4)
    margin = [
        shift(xj, -14, 8),
        shift(xj, -48, 36),
        lerp(shift(xj, -48, 36), cm, 0.5),
        cm,
        shift(cm, -46, 36),
        shift(r11, 14, -22),
        shift(r11, -10, -20),
    ]
    pen.line(margin, opacity=0.55)
    tone_along(pen, margin[1:6], 9, 0.3)
    pen.fine([shift(r11, -34, -14), shift(r11, -14, -5), r11], opacity=0.45)
    pen.path(arc(r11, 4, -40, 120, 4), stroke=pen.pal.detail, width=FINE_W, opacity=0.5)
    pen.fine([shift(r12, -10, -28), shift(r12, -3, -12), r12], opacity=0.45)
    pen.path(arc(r12, 4, -20, 140, 4), stroke=pen.pal.detail, width=FINE_W, opacity=0.5)
    for name in ("intercostal-6", "intercostal-7"):
        ics = a[name]
        medial = (xj[0] - 26, ics[1] - 6) if name == "intercostal-6" else lerp(margin[1], margin[3], 0.3)
        space = [medial, lerp(medial, ics, 0.5), ics, shift(ics, -60, -10), shift(ics, -120, -26)]
        pen.fine(space, opacity=0.3)


def belly(pen: Pen, a: Marks) -> None:
    """Linea alba and umbilicus, the rectus sheath's lateral borders and tendinous intersections, the
    external oblique's border down the flank."""
    xj, um, ps, cm = a["xiphisternal-junction"], a["umbilicus"], a["pubic-symphysis"], a["costal-margin"]
    mid = Pen(pen.svg, pen.mid, both=False)
    mid.fine([shift(xj, 0, 64), shift(um, 0, -18)], opacity=0.45)
    mid.fine([shift(um, 0, 18), shift(ps, 0, -10)], opacity=0.22)
    semilunaris = [
        shift(cm, 62, -34),
        shift(cm, 64, 60),
        shift(um, -146, 0),
        shift(um, -122, 120),
        shift(ps, -80, -44),
        shift(ps, -50, -6),
    ]
    pen.line(semilunaris, opacity=0.32, width=FINE_W)
    tone_along(pen, semilunaris, 12, 0.25)
    span = um[1] - xj[1]
    for t, wiggle in ((0.24, 4), (0.6, -3), (0.97, 3)):
        y = xj[1] + span * t
        x_lat = (
            lerp(
                semilunaris[0],
                semilunaris[2],
                min(1.0, (y - semilunaris[0][1]) / (semilunaris[2][1] - semilunaris[0][1])),
            )[0]
            + 4
        )
        pen.fine([(xj[0] - 6, y), (xj[0] - 40, y + wiggle), (x_lat, y + 5)], opacity=0.3)
    mid.ellipse(um, 8, 11, stroke=pen.pal.detail, width=FINE_W, opacity=0.7, fill=pen.pal.skin_shade)
    mid.ellipse(shift(um, 0, 2), 3.5, 6, fill=pen.pal.detail, fill_opacity=0.4)
    mid.path(arc(um, 12, 208, 332, 4, ry=15), stroke=pen.pal.detail, width=DETAIL_W, opacity=0.6)
    r11 = a["rib-11-tip"]
    pen.fine([shift(r11, 6, 30), shift(r11, 4, 110), shift(a["asis"], -40, -70)], opacity=0.25)


def pelvis(pen: Pen, a: Marks) -> None:
    """Iliac crest and ASIS, the inguinal creases, the pubic crest and tubercles."""
    asis, ps = a["asis"], a["pubic-symphysis"]
    crest = [shift(asis, -88, -78), shift(asis, -54, -54), shift(asis, -22, -24), asis]
    pen.fine(crest, opacity=0.45)
    tone_along(pen, crest, -8, 0.28)
    pen.path(arc(asis, 7, 120, 300, 5), stroke=pen.pal.detail, width=FINE_W, opacity=0.6)
    groin = inner_thigh(a)
    pen.line(groin[:4], opacity=0.55)
    tone_along(pen, groin[:4], 10, 0.3)
    tubercle = shift(ps, -48, 4)
    pen.fine([tubercle, shift(ps, -22, -2), ps], opacity=0.4)


def torso_outline(a: Marks, mid: float) -> list[Pt]:
    side = flank(a)
    return side + mirror(side, mid)[::-1]


def draw_abdomen(palette: Palette) -> list[Path]:
    lm = Landmarks("abdomen")
    a: Marks = dict(lm.marks)
    svg = Svg(lm.width, lm.height, lm.doc["title"], palette)
    pen = Pen(svg, lm.midline)
    whole = torso_outline(a, lm.midline)
    Pen(svg, lm.midline, both=False).area(whole)
    tone_along(pen, flank(a)[1:-1], -20, 0.3)
    chest(pen, a)
    ribs(pen, a)
    belly(pen, a)
    pelvis(pen, a)
    # the thighs' inner contours below the groin (the figure is cut at the bottom edge)
    pen.line(inner_thigh(a)[3:], opacity=0.6)
    pen.outline(flank(a))
    svg.outlines([sample(whole, closed=True, steps=4)])
    svg.landmarks(lm)
    saved = [svg.save("abdomen")]
    ana = Svg(lm.width, lm.height, f"{lm.doc['title']}: anatomy", palette)
    ana.add(f'<g opacity="{palette.anatomy_opacity:g}">')
    abdomen_anatomy(Pen(ana, lm.midline), a)
    ana.add("</g>")
    saved.append(ana.save("abdomen.anatomy"))
    return saved


def abdomen_anatomy(pen: Pen, a: Marks) -> None:
    """Sternum and xiphoid, the lower ribs and costal cartilages, the iliac bone with the ASIS and
    the pubis; rectus abdominis in its sheath with the linea alba; the inguinal ligament; the
    femoral artery below it."""
    xj, cm, r11, r12 = a["xiphisternal-junction"], a["costal-margin"], a["rib-11-tip"], a["rib-12-tip"]
    um, ps, asis, fa = a["umbilicus"], a["pubic-symphysis"], a["asis"], a["femoral-artery"]
    mid = pen.mid
    bone = {"fill": pen.pal.bone, "fill_opacity": 0.8, "stroke": pen.pal.bone_line, "width": FINE_W, "opacity": 0.8}
    one = Pen(pen.svg, mid, both=False)
    one.path(
        [
            (mid - 24, -20),
            (mid - 26, 120),
            (mid - 20, xj[1] - 2),
            (mid - 10, xj[1] + 4),
            (mid - 5, xj[1] + 62),
            (mid + 5, xj[1] + 62),
            (mid + 10, xj[1] + 4),
            (mid + 20, xj[1] - 2),
            (mid + 26, 120),
            (mid + 24, -20),
        ],
        closed=True,
        **bone,
    )
    # ribs 6 to 10 as bands from the sternum's edge round to the flank, their cartilages to the margin
    for k, (y0, y1, x1) in enumerate(
        ((150, 210, 96), (196, 268, 100), (232, 330, 104), (262, 392, 112), (292, 440, 126))
    ):
        top = [(mid - 26, y0), (mid - 90, y0 + 6 + 6 * k), ((mid - 26 + x1) / 2 - 40, (y0 + y1) / 2 + 10), (x1, y1)]
        pen.path(top, stroke=pen.pal.bone_line, width=FINE_W * 5, opacity=0.35)
        pen.path(top, stroke=pen.pal.bone_line, width=FINE_W, opacity=0.6)
    margin = [
        shift(xj, -14, 8),
        shift(xj, -48, 36),
        lerp(shift(xj, -48, 36), cm, 0.5),
        cm,
        shift(cm, -46, 36),
        shift(r11, 14, -22),
    ]
    pen.path(margin, stroke=pen.pal.bone_line, width=FINE_W * 2.5, opacity=0.6)
    for tip, back in ((r11, (-70, -30)), (r12, (-40, -60))):
        pen.path(
            [shift(tip, back[0], back[1]), lerp(shift(tip, back[0], back[1]), tip, 0.6), tip],
            stroke=pen.pal.bone_line,
            width=FINE_W * 6,
            opacity=0.45,
        )
        pen.ellipse(tip, 5, 5, fill=pen.pal.bone, fill_opacity=0.9, stroke=pen.pal.bone_line, opacity=0.8)
    # the hip bone: iliac crest, ASIS, down to the pubis and the symphysis
    ilium = [
        shift(asis, -100, -70),
        shift(asis, -60, -60),
        shift(asis, -20, -26),
        asis,
        shift(asis, 6, 26),
        shift(asis, -4, 70),
        shift(ps, -120, 20),
        shift(ps, -60, 6),
        shift(ps, -6, 0),
        shift(ps, -6, 40),
        shift(ps, -70, 60),
        shift(ps, -150, 80),
        shift(asis, -40, 120),
        shift(asis, -100, 60),
    ]
    pen.path(ilium, closed=True, **bone)
    # rectus abdominis in its sheath, its tendinous intersections
    span = um[1] - xj[1]
    rectus = [
        shift(xj, -8, 40),
        shift(cm, 64, -40),
        shift(cm, 66, 60),
        shift(um, -140, 0),
        shift(um, -116, 120),
        shift(ps, -76, -44),
        shift(ps, -10, -6),
    ]
    pen.path(
        rectus,
        closed=True,
        fill=pen.pal.muscle,
        fill_opacity=0.3,
        stroke=pen.pal.muscle_line,
        width=FINE_W,
        opacity=0.55,
    )
    for t in (0.24, 0.6, 0.97):
        y = xj[1] + span * t
        pen.path(
            [(mid - 8, y), (mid - 60, y + 3), (um[0] - 136, y + 5)],
            stroke=pen.pal.tendon,
            width=FINE_W * 2.5,
            opacity=0.7,
        )
    one.path([shift(xj, 0, 40), um, shift(ps, 0, -6)], stroke=pen.pal.tendon, width=FINE_W * 3, opacity=0.7)
    # the inguinal ligament from the ASIS to the pubic tubercle, the femoral artery beneath it
    tubercle = shift(ps, -48, 4)
    pen.path(
        [shift(asis, 4, 8), lerp(asis, tubercle, 0.5), tubercle], stroke=pen.pal.tendon, width=FINE_W * 3, opacity=0.8
    )
    pen.path(
        [shift(fa, -14, -80), shift(fa, -4, -30), fa, shift(fa, 8, 60), shift(fa, 14, 200)],
        stroke=pen.pal.vessel,
        width=DETAIL_W * 1.4,
        opacity=0.75,
    )


def draw_all(palette: Palette) -> list[Path]:
    return draw_abdomen(palette)
