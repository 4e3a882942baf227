"""The arm views: both upper limbs from the front ("arm-anterior") and from behind
("arm-posterior"), hanging beside the trunk in the anatomical position.

Everything is drawn around the landmarks of data/diagrams/arm-anterior.toml and arm-posterior.toml.
The limb's geometry is written once, for the subject's right arm seen from the front (the "arm
frame": radial side toward -x, hand at the bottom); the posterior view is that drawing seen from
behind, i.e. flipped about the midline. Each view uses its own landmarks first and borrows the
other view's (flipped) for marks it lacks, so both silhouettes agree. The hand is the hand views'
model (tools/diagrams/hand.py), drawn small and placed by the two styloid processes: its points
are read on the hand views.

The trunk is drawn as part of the figure (same flat skin, same line weights), shaped by the
shoulders' and axillary folds' landmarks: clavicles, pectoral borders, costal margins, rectus
sheath and umbilicus in front; scapulae, spine, iliac crests and the sacral dimples behind.

Drawing order: trunk (fill, details, outline), limb fills, inner details, the limb's outline; the
anatomy layer (bones, the muscles and tendons locations name) goes to its own file.
"""

from __future__ import annotations

from pathlib import Path

from tools.diagrams import hand
from tools.diagrams.common import DETAIL_W, FINE_W, Landmarks, Palette, Svg
from tools.diagrams.geometry import Pt, Similarity, along, arc, direction, lerp, mirror, sample, shift, strip
from tools.diagrams.pen import Pen
from tools.diagrams.pen import bone as _bone
from tools.diagrams.pen import muscle as _muscle
from tools.diagrams.pen import tendon as _tendon

ARM_VIEWS = ("arm-anterior", "arm-posterior")
Marks = dict[str, Pt]


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


# --------------------------------------------------------------------------- the limb's contour


def axilla_apex(m: Marks) -> Pt:
    return shift(m["axilla-center"], 3, -4)


def shoulder_seam(m: Marks) -> list[Pt]:
    """Where the shoulder meets the chest: from the apex of the axilla up the anterior axillary
    fold and the deltopectoral groove to the clavicle (the limb's fill ends here)."""
    fold = m["anterior-axillary-fold"]
    return [axilla_apex(m), shift(fold, -4, -40), shift(fold, 1, -80), shift(fold, -3, -110), shift(fold, -10, -126)]


def arm_sides(m: Marks) -> tuple[list[Pt], list[Pt]]:
    """The lateral contour (shoulder down to just above the wrist) and the medial one (from just
    above the wrist up to the axilla); the hand joins them."""
    ac, gt, di = m["acromion"], m["greater-tubercle"], m["deltoid-insertion"]
    le, me, rs, us = m["lateral-epicondyle"], m["medial-epicondyle"], m["radial-styloid"], m["ulnar-styloid"]
    lateral = [
        shoulder_seam(m)[-1],
        shift(ac, 20, -3),
        shift(ac, -3, 3),
        shift(gt, -22, 18),
        shift(di, -13, -108),
        shift(di, -22, -56),
        shift(di, -27, -8),
        shift(di, -30, 40),
        shift(le, 27, -128),
        shift(le, 15, -70),
        shift(le, 4, -30),
        shift(le, -6, 0),
        shift(le, -13, 40),
        shift(le, -18, 100),
        shift(le, -19, 170),
        shift(rs, -7, -110),
        shift(rs, -5, -36),
    ]
    medial = [
        shift(us, 7, -36),
        shift(us, 13, -80),
        shift(us, 26, -150),
        shift(me, -15, 86),
        shift(me, -5, 46),
        shift(me, 6, 14),
        shift(me, 9, -6),
        shift(me, 11, -34),
        shift(me, 18, -80),
        shift(me, 27, -150),
        shift(me, 35, -220),
        shift(me, 39, -280),
        shift(me, 41, -318),
        axilla_apex(m),
    ]
    return lateral, medial


def small_hand(pen: Pen, m: Marks, dorsal: bool) -> tuple[list[Pt], hand.View]:
    """The hand views' model drawn at the arm's wrist; its outline (arm frame) and its placement."""
    _lm, hm = hand.hand_marks("hand-palmar")
    model = hand.HandModel(hm)
    place = Similarity(hm["radial-styloid"], hm["ulnar-styloid"], m["radial-styloid"], m["ulnar-styloid"])
    v = hand.View(pen, model, place)
    top = hm["radial-styloid"][1] - 1.9 * model.cm
    outline = [p for p in model.outline() if p[1] > top]
    return v.p(outline), v


def arm_outline(m: Marks, hand_outline: list[Pt]) -> list[Pt]:
    lateral, medial = arm_sides(m)
    return lateral + hand_outline + medial


def arm_fill(m: Marks, outline: list[Pt]) -> list[Pt]:
    """The outline closed along the shoulder seam, for the limb's fill."""
    return [*outline, *shoulder_seam(m)[1:-1]]


# --------------------------------------------------------------------------- the trunk


def trunk_side(m: Marks, posterior: bool) -> list[Pt]:
    """The right flank from the armpit down the waist and hip to the thigh (view coordinates of the
    viewer-left half), through the view's axillary fold."""
    fold = m["posterior-axillary-fold" if posterior else "anterior-axillary-fold"]
    fx = fold[0]
    return [
        shift(fold, -14, -10),
        shift(fold, 2, 6),
        (fx + 10, 262),
        (fx + 18, 330),
        (fx + 30, 400),
        (fx + 40, 458),
        (fx + 42, 510),
        (fx + 36, 568),
        (fx + 26, 630),
        (fx + 16, 700),
        (fx + 12, 780),
        (fx + 14, 880),
        (fx + 20, 990),
        (fx + 26, 1100),
        (fx + 30, 1260),
    ]


def trunk_top(m: Marks, mid: float) -> list[Pt]:
    """The right side of the neck and the slope of the trapezius out to the shoulder."""
    ac = m["acromion"]
    reach = mid - ac[0]  # the half-width of the shoulders
    return [
        (mid - 0.27 * reach, -20),
        (mid - 0.28 * reach, 10),
        (mid - 0.33 * reach, 36),
        (mid - 0.45 * reach, 52),
        (mid - 0.62 * reach, 62),
        (mid - 0.8 * reach, 70),
        (ac[0] + 34, 77),
    ]


def inner_thigh(mid: float) -> list[Pt]:
    return [(mid, 786), (mid - 7, 820), (mid - 10, 920), (mid - 10, 1100), (mid - 9, 1260)]


def trunk_outline(m: Marks, mid: float, posterior: bool) -> list[Pt]:
    """The whole trunk, for its fill and for the outline polygon."""
    right = [*trunk_top(m, mid), shift(m["acromion"], 26, 40), *trunk_side(m, posterior)]
    return right + inner_thigh(mid)[::-1][:-1] + mirror(inner_thigh(mid), mid)[1:] + mirror(right, mid)[::-1]


def trunk(pen: Pen, m: Marks, posterior: bool) -> None:
    svg, mid = pen.svg, pen.mid
    whole = trunk_outline(m, mid, posterior)
    Pen(svg, mid, both=False).area(whole)
    (trunk_back if posterior else trunk_front)(pen, m)
    body = Pen(svg, mid)
    body.outline(trunk_top(m, mid))
    body.outline(trunk_side(m, posterior)[1:])
    body.outline(inner_thigh(mid))


def trunk_front(pen: Pen, m: Marks) -> None:
    mid = pen.mid
    fold = m["anterior-axillary-fold"]
    # clavicle, from the sternal end to the acromion, and the suprasternal notch
    clavicle = [
        (mid - 24, 92),
        (mid - 52, 84),
        (mid - 100, 76),
        (mid - 150, 80),
        (mid - 200, 74),
        (m["acromion"][0] + 44, 80),
    ]
    pen.line(clavicle, opacity=0.6)
    pen.fine([(mid - 22, 84), (mid - 12, 96), (mid, 99)], opacity=0.55)
    pen.fine([(mid - 90, 98), (mid - 150, 100), (mid - 200, 94)], opacity=0.3)  # infraclavicular hollow
    # pectoralis major: its lower border from the axillary fold to the sternum
    pec = [
        shift(fold, 4, 6),
        (fold[0] + 22, 246),
        (fold[0] + 64, 272),
        (mid - 100, 282),
        (mid - 50, 272),
        (mid - 14, 250),
    ]
    pen.line(pec, opacity=0.55)
    pen.tone([*pec, (mid - 14, 262), (mid - 50, 284), (mid - 100, 294), (fold[0] + 62, 284), (fold[0] + 20, 256)], 0.3)
    # nipple and areola, on the midclavicular line
    nipple = (mid - 128, 232)
    pen.ellipse(
        nipple, 9, 8, stroke=pen.pal.detail, width=FINE_W, opacity=0.6, fill=pen.pal.skin_shade, fill_opacity=0.6
    )
    pen.ellipse(nipple, 3, 3, fill=pen.pal.detail, fill_opacity=0.5)
    # sternum, costal margins, linea alba, rectus sheath, umbilicus
    pen.fine([(mid - 13, 104), (mid - 12, 200), (mid - 9, 286), (mid - 4, 312)], opacity=0.35)
    pen.fine([(mid - 6, 316), (mid - 44, 338), (mid - 92, 384), (mid - 130, 436), (mid - 148, 474)], opacity=0.5)
    pen.fine([(mid, 330), (mid, 500)], opacity=0.35)
    pen.fine([(mid - 80, 356), (mid - 92, 440), (mid - 88, 540), (mid - 68, 620)], opacity=0.28)
    for y, w in ((372, 62), (430, 76)):
        pen.fine([(mid - 6, y + 2), (mid - w / 2, y - 3), (mid - w, y + 3)], opacity=0.25)
    navel = (mid, 520)
    Pen(pen.svg, mid, both=False).ellipse(
        navel, 5, 8, stroke=pen.pal.detail, width=FINE_W, opacity=0.65, fill=pen.pal.skin_shade
    )
    Pen(pen.svg, mid, both=False).path(
        arc(navel, 9, 205, 335, 5, ry=11), stroke=pen.pal.detail, width=FINE_W, opacity=0.55
    )
    # iliac crest and the anterior superior iliac spine, the inguinal crease
    asis = (mid - 148, 610)
    pen.fine([(mid - 178, 540), (mid - 166, 574), asis], opacity=0.45)
    pen.path(arc(asis, 6, 200, 340, 4), stroke=pen.pal.detail, width=FINE_W, opacity=0.5)
    pen.line([shift(asis, 8, 12), (mid - 112, 664), (mid - 70, 712), (mid - 42, 744)], opacity=0.45, width=FINE_W)
    # the far side of the chest and the flank, in a flat tone
    side = trunk_side(m, False)
    pen.tone([*side[1:7], *[shift(p, 24, 0) for p in side[6:0:-1]]], 0.3)


def trunk_back(pen: Pen, m: Marks) -> None:
    mid = pen.mid
    ac = m["acromial-angle"]  # in the arm frame: the right side seen from behind lies mirrored
    # spine of the scapula, its medial border and inferior angle, the lateral border
    spine = [shift(ac, 12, 6), (ac[0] + 70, 104), (ac[0] + 125, 126), (mid - 96, 150)]
    pen.line(spine, opacity=0.55)
    scapula = [
        (mid - 96, 126),
        (mid - 92, 180),
        (mid - 100, 250),
        (mid - 112, 312),
        (mid - 128, 330),
        (mid - 150, 318),
        (mid - 180, 280),
        (m["posterior-axillary-fold"][0] + 30, 236),
    ]
    pen.fine(scapula, opacity=0.5)

    # trapezius: the slope from the neck and its lower border down to the spine
    pen.fine([(mid - 70, 40), (mid - 100, 110), (mid - 96, 160), (mid - 60, 300), (mid - 8, 420)], opacity=0.35)
    # the spine in its furrow between the erector muscles
    Pen(pen.svg, mid, both=False).fine([(mid, 60), (mid, 300), (mid, 560), (mid, 690)], opacity=0.45)
    Pen(pen.svg, mid, both=False).path(
        arc((mid, 66), 7, 200, 340, 4), stroke=pen.pal.detail, width=FINE_W, opacity=0.4
    )  # C7
    pen.fine([(mid - 24, 320), (mid - 36, 420), (mid - 38, 520), (mid - 30, 600)], opacity=0.3)
    # latissimus dorsi's border, the waist, iliac crest and the sacral dimples
    fold = m["posterior-axillary-fold"]
    pen.fine([shift(fold, 6, 12), (fold[0] + 36, 300), (fold[0] + 60, 400), (fold[0] + 76, 470)], opacity=0.35)
    pen.fine([(mid - 178, 560), (mid - 140, 548), (mid - 96, 556), (mid - 56, 590)], opacity=0.45)
    pen.path(arc((mid - 36, 632), 7, 150, 300, 4), stroke=pen.pal.detail, width=FINE_W, opacity=0.5)
    # buttocks: the natal cleft and the gluteal folds
    Pen(pen.svg, mid, both=False).fine([(mid, 690), (mid, 786)], opacity=0.55)
    pen.line([(mid - 6, 800), (mid - 40, 816), (mid - 100, 822), (mid - 150, 812)], opacity=0.45, width=FINE_W)
    side = trunk_side(m, True)
    pen.tone([*side[1:7], *[shift(p, 24, 0) for p in side[6:0:-1]]], 0.3)


# --------------------------------------------------------------------------- the limb, front


def tone_along(pen: Pen, edge: list[Pt], depth: float, opacity: float = 0.35) -> None:
    """A flat tone along ``edge``, ``depth`` deep on its clockwise side, thinning at both ends."""
    import math

    n = len(edge) - 1
    inner = [
        along(p, direction(edge[max(i - 1, 0)], edge[min(i + 1, n)]), 0, depth * math.sin(math.pi * i / n) ** 0.9)
        for i, p in enumerate(edge)
    ]
    pen.tone([*edge, *inner[::-1]], opacity)


def arm_tones(arm: Pen, m: Marks) -> None:
    """The far sides of the limb's rounded forms, as flat tones inside its contours."""
    lateral, medial = arm_sides(m)
    tone_along(arm, lateral[2:9], -18, 0.32)
    tone_along(arm, lateral[10:], -14, 0.3)
    tone_along(arm, medial[6:], -13, 0.3)
    tone_along(arm, medial[:7], -12, 0.28)


def front_details(arm: Pen, m: Marks) -> None:
    di, fold = m["deltoid-insertion"], m["anterior-axillary-fold"]
    # deltoid's anterior border, the deltopectoral groove
    border = [shift(fold, -10, -118), shift(fold, -26, -62), shift(di, 44, -78), shift(di, 16, -26), di]
    arm.line(border, opacity=0.5, width=FINE_W)
    # biceps: its two borders, converging on the tendon
    lat, tr, tu = m["biceps-lateral-border-fold-level"], m["biceps-tendon-radial"], m["biceps-tendon-ulnar"]
    lateral = [lat, lerp(lat, tr, 0.35), shift(lerp(lat, tr, 0.7), 1, 0), shift(tr, 5, -45), shift(tr, 6, -14)]
    medial = [shift(fold, -30, 40), shift(fold, -42, 130), shift(fold, -60, 230), shift(tu, 6, -66), shift(tu, -4, -18)]
    arm.line(lateral, opacity=0.45, width=FINE_W)
    arm.line(medial, opacity=0.45, width=FINE_W)
    arm.fine([shift(tr, 6, -14), shift(tr, 6, -2)], opacity=0.5)
    arm.fine([shift(tu, -4, -18), shift(tu, -6, -3)], opacity=0.5)
    # the cubital crease through its landmarks, the fossa below it, the epicondyles
    names = (
        "cubital-crease-radial-end",
        "biceps-tendon-radial",
        "biceps-tendon",
        "biceps-tendon-ulnar",
        "cubital-crease-ulnar-end",
    )
    crease = [m[n] for n in names]
    arm.line(crease, opacity=0.75)
    arm.fine([shift(crease[1], -14, -7), shift(crease[2], 0, -6), shift(crease[4], -14, -7)], opacity=0.28)
    arm.tone([crease[1], shift(crease[2], -2, 36), crease[3], shift(crease[2], 0, 8)], 0.35)
    arm.path(arc(m["lateral-epicondyle"], 6, 90, 270, 4), stroke=arm.pal.detail, width=FINE_W, opacity=0.5)
    arm.path(arc(m["medial-epicondyle"], 6, -90, 90, 4), stroke=arm.pal.detail, width=FINE_W, opacity=0.5)
    # forearm: brachioradialis against the flexors, the flexor tendons at the wrist
    ra, mid, fcu = m["wrist-crease-radial-artery"], m["wrist-crease-middle"], m["wrist-crease-fcu"]
    br = [shift(tr, -12, 14), lerp(shift(tr, -16, 0), shift(ra, -6, 0), 0.3), lerp(shift(tr, -16, 0), ra, 0.65)]
    arm.line(br, opacity=0.38, width=FINE_W)
    up = direction(mid, m["biceps-tendon-ulnar"])
    for side in (-5.5, 5.5):
        arm.fine([along(mid, up, 110, side * 1.2), along(mid, up, 55, side), along(mid, up, 10, side)], opacity=0.35)
    arm.fine([shift(fcu, 14, -120), shift(fcu, 9, -55), shift(m["pisiform"], 2, -6)], opacity=0.35)


# --------------------------------------------------------------------------- the limb, back


def back_details(arm: Pen, m: Marks) -> None:
    aa, di, ol, fold = m["acromial-angle"], m["deltoid-insertion"], m["olecranon"], m["posterior-axillary-fold"]
    # deltoid's posterior border from the spine of the scapula to its insertion
    border = [shift(aa, 30, 14), shift(aa, 34, 70), shift(di, 30, -78), shift(di, 12, -26), di]
    arm.line(border, opacity=0.5, width=FINE_W)
    # triceps: lateral and long heads meeting on the tendon above the olecranon
    lateral_head = [shift(di, 2, 10), shift(di, -12, 90), shift(ol, -24, -110), shift(ol, -13, -60)]
    long_head = [shift(fold, -14, 30), shift(fold, -22, 120), shift(ol, 30, -130), shift(ol, 15, -60)]
    arm.line(lateral_head, opacity=0.42, width=FINE_W)
    arm.line(long_head, opacity=0.42, width=FINE_W)
    arm.fine([lateral_head[-1], shift(ol, -8, -30), shift(ol, 0, -12)], opacity=0.35)
    arm.fine([long_head[-1], shift(ol, 8, -30), shift(ol, 0, -12)], opacity=0.35)
    # the olecranon and the loose skin over it, the epicondyles
    arm.path(arc(shift(ol, 0, 8), 9, 200, 340, 5), stroke=arm.pal.detail, width=DETAIL_W, opacity=0.6)
    for r in (15.0, 21.0):
        arm.fine(arc(shift(ol, 0, 8), r, 235, 305, 4), opacity=0.25)
    arm.path(arc(m["lateral-epicondyle"], 6, 90, 270, 4), stroke=arm.pal.detail, width=FINE_W, opacity=0.5)
    arm.path(arc(m["medial-epicondyle"], 6, -90, 90, 4), stroke=arm.pal.detail, width=FINE_W, opacity=0.5)
    # forearm: the ulna's subcutaneous border, extensors against the radial group, the ulnar head
    uh, le = m["ulnar-head"], m["lateral-epicondyle"]
    arm.fine([shift(ol, 4, 24), shift(ol, 2, 140), shift(uh, 8, -150), shift(uh, 3, -30)], opacity=0.35)
    ed_r = m["dorsal-wrist-crease-ed-radial"]
    arm.fine([shift(le, 14, 34), shift(le, 16, 120), shift(ed_r, -4, -170)], opacity=0.35)
    arm.path(arc(uh, 6, 160, 330, 5), stroke=arm.pal.detail, width=FINE_W, opacity=0.55)
    crease = [
        m[n]
        for n in (
            "wrist-ulnar-depression",
            "dorsal-wrist-crease-ed-ulnar",
            "dorsal-wrist-crease-ed-radial",
            "anatomical-snuffbox",
        )
    ]
    arm.fine([shift(crease[0], 4, 1), *crease[1:3], shift(crease[3], -3, 1)], opacity=0.45)


# --------------------------------------------------------------------------- anatomy


def arm_bones(pen: Pen, m: Marks, posterior: bool) -> None:
    """Humerus (head under the acromion, shaft, the widened end between the epicondyles), radius on
    the thumb's side and ulna on the little finger's (the olecranon behind), the clavicle in front
    and the spine of the scapula behind."""
    ac, le, me, rs, us = (
        m["acromion"],
        m["lateral-epicondyle"],
        m["medial-epicondyle"],
        m["radial-styloid"],
        m["ulnar-styloid"],
    )
    head = shift(m["greater-tubercle"], 16, 14)
    pen.ellipse(head, 24, 23, fill=pen.pal.bone, fill_opacity=0.85, stroke=pen.pal.bone_line, opacity=0.8)
    elbow = lerp(le, me, 0.5)
    _bone(
        pen,
        strip(
            [shift(head, -4, 18), shift(m["deltoid-insertion"], 18, 0), shift(elbow, 0, -120), shift(elbow, -2, -66)],
            [13, 11, 11, 13],
        ),
    )
    _bone(
        pen,
        [
            shift(elbow, -16, -72),
            shift(elbow, 14, -72),
            shift(me, -6, -30),
            shift(me, 1, 2),
            shift(me, -16, 12),
            shift(elbow, 8, 10),
            shift(elbow, -14, 12),
            shift(le, 12, 10),
            shift(le, -1, 0),
            shift(le, 6, -32),
        ],
    )
    radial_head = shift(le, 22, 24)
    _bone(
        pen,
        strip([radial_head, shift(radial_head, 8, 40), lerp(radial_head, rs, 0.45), shift(rs, 12, -30)], [9, 7, 7, 11]),
    )
    _bone(pen, [shift(rs, 2, -36), shift(rs, 26, -34), shift(rs, 36, -6), shift(rs, 20, 6), rs])
    ulna_top = shift(me, -24, 20)
    _bone(pen, strip([ulna_top, shift(ulna_top, -8, 70), lerp(ulna_top, us, 0.6), shift(us, -6, -22)], [11, 8, 6, 7]))
    pen.ellipse(shift(us, -6, -16), 10, 9, fill=pen.pal.bone, fill_opacity=0.85, stroke=pen.pal.bone_line, opacity=0.8)
    if posterior:
        ol = m["olecranon"]
        pen.ellipse(
            shift(ol, 0, -2), 15, 17, fill=pen.pal.bone, fill_opacity=0.9, stroke=pen.pal.bone_line, opacity=0.8
        )
        aa = m["acromial-angle"]
        _bone(pen, strip([shift(ac, -2, 0), shift(aa, 10, 8), (aa[0] + 70, 106), (aa[0] + 150, 136)], [8, 9, 7, 5]))
    else:
        _bone(pen, strip([shift(ac, 4, 0), shift(ac, 60, -4), (pen.mid - 150, 80), (pen.mid - 30, 92)], [7, 7, 6, 8]))


def arm_soft_tissue(pen: Pen, m: Marks, posterior: bool) -> None:
    """The muscles and tendons the arm's locations name, and the arteries felt at the elbow and
    wrist: deltoid; in front biceps and its tendon (LU5 beside it, PC3 on its other side),
    brachioradialis, the flexors whose tendons frame PC4-PC7 and HT4-HT7; behind triceps to the
    olecranon and the extensors between radius and ulna (the TE points)."""
    ac, gt, di = m["acromion"], m["greater-tubercle"], m["deltoid-insertion"]
    le, me, rs, us = m["lateral-epicondyle"], m["medial-epicondyle"], m["radial-styloid"], m["ulnar-styloid"]
    deltoid = [
        shift(ac, 40, -8),
        shift(ac, 0, -4),
        shift(gt, -22, 18),
        shift(di, -14, -90),
        shift(di, -4, -30),
        di,
        shift(di, 14, -30),
        shift(di, 40, -110),
        shift(ac, 58, 26),
    ]
    _muscle(pen, deltoid)
    if posterior:
        ol, fold = m["olecranon"], m["posterior-axillary-fold"]
        _muscle(
            pen,
            strip(
                [shift(fold, -40, -20), shift(fold, -60, 70), shift(ol, 8, -170), shift(ol, 2, -60)], [16, 30, 26, 10]
            ),
        )
        _tendon(pen, [shift(ol, 2, -70), shift(ol, 0, -14)], 7)
        ed_r, ed_u = m["dorsal-wrist-crease-ed-radial"], m["dorsal-wrist-crease-ed-ulnar"]
        _muscle(
            pen, strip([shift(le, 4, -60), shift(le, -2, 40), shift(rs, 18, -190), shift(rs, 10, -110)], [5, 13, 10, 4])
        )  # radial extensors
        _tendon(pen, [shift(rs, 10, -110), shift(rs, 16, -30), shift(rs, 20, 20)], 2.2)
        ed = lerp(ed_r, ed_u, 0.5)
        _muscle(
            pen, strip([shift(le, 10, 12), shift(le, 14, 110), shift(ed, 0, -190), shift(ed, 0, -100)], [6, 13, 10, 4])
        )  # extensor digitorum
        _tendon(pen, [shift(ed, 0, -100), ed, shift(ed, 2, 30)], 3)
        _muscle(
            pen, strip([shift(le, 30, 16), shift(ol, -6, 120), shift(us, -4, -190), shift(us, -2, -100)], [5, 10, 8, 4])
        )  # carpi ulnaris
        _tendon(pen, [shift(us, -2, -100), shift(us, 0, -10), shift(us, 4, 30)], 2.2)
        _tendon(
            pen, [shift(lerp(ed_r, rs, 0.5), 10, -150), shift(rs, 10, -60), shift(m["anatomical-snuffbox"], 4, 0)], 1.8
        )  # the thumb's long abductor and short extensor
    else:
        tu, bt = m["biceps-tendon-ulnar"], m["biceps-tendon"]
        fold = m["anterior-axillary-fold"]
        _muscle(
            pen,
            strip(
                [
                    shift(fold, -30, -44),
                    shift(fold, -56, 60),
                    shift(bt, 22, -200),
                    shift(bt, 6, -90),
                    shift(bt, 0, -34),
                ],
                [7, 21, 24, 16, 6],
            ),
        )
        _tendon(pen, [shift(bt, 0, -40), bt, shift(bt, -8, 50)], 4.5)
        _tendon(pen, [shift(tu, -2, -6), shift(tu, 18, 16), shift(tu, 36, 34)], 1.6)  # bicipital aponeurosis
        _muscle(
            pen,
            strip(
                [shift(le, 8, -90), shift(le, 4, -10), shift(le, 6, 90), shift(rs, 14, -170), shift(rs, 8, -100)],
                [5, 12, 14, 9, 3],
            ),
        )  # brachioradialis
        _tendon(pen, [shift(rs, 8, -100), shift(rs, 5, -40), shift(rs, 3, -4)], 2.0)
        ra, mid, pis = (
            m["wrist-crease-radial-artery"],
            m["wrist-crease-middle"],
            m["pisiform"],
        )
        for end, halves, tendon in (
            (shift(mid, -9, 0), [8, 11, 8, 3], 2.0),  # flexor carpi radialis
            (shift(mid, 9, 0), [4, 7, 5, 2], 1.5),  # palmaris longus
            (shift(pis, 0, -6), [9, 12, 9, 3], 2.2),  # flexor carpi ulnaris
        ):
            top = shift(me, -6, 10)
            belly = [top, lerp(top, end, 0.28), lerp(top, end, 0.55), lerp(top, end, 0.7)]
            _muscle(pen, strip(belly, halves), 0.8)
            _tendon(pen, [lerp(top, end, 0.66), lerp(top, end, 0.85), end], tendon)
        # the brachial artery down the arm into the cubital fossa, the radial artery to the wrist
        artery = [
            shift(m["axilla-center"], -2, 8),
            shift(fold, -44, 120),
            shift(tu, 4, -80),
            shift(bt, 6, 16),
            shift(bt, -8, 90),
            lerp(shift(bt, -12, 90), shift(ra, 0, -40), 0.55),
            shift(ra, 0, -16),
            ra,
        ]
        pen.path(artery, stroke=pen.pal.vessel, width=DETAIL_W * 1.2, opacity=0.7)


# --------------------------------------------------------------------------- the views


def draw_arm(view: str, palette: Palette) -> list[Path]:
    lm, m = arm_marks(view)
    posterior = view == "arm-posterior"
    svg = Svg(lm.width, lm.height, lm.doc["title"], palette)
    body = Pen(svg, lm.midline)
    arm = Pen(svg, lm.midline, flip=posterior)
    trunk(body, m, posterior)
    hand_pts, hand_view = small_hand(arm, m, posterior)
    outline = arm_outline(m, hand_pts)
    arm.area(arm_fill(m, outline))
    arm_tones(arm, m)
    (back_details if posterior else front_details)(arm, m)
    (hand.dorsal_details if posterior else hand.palmar_details)(hand_view, forearm=False)
    arm.line(shoulder_seam(m), opacity=0.45)
    arm.outline(outline)
    polygons = [*arm.copies(sample(arm_fill(m, outline), closed=True, steps=4))]
    polygons.append(sample(trunk_outline(m, lm.midline, posterior), closed=True, steps=4))
    svg.outlines(polygons)
    svg.landmarks(lm)
    saved = [svg.save(view)]
    ana = Svg(lm.width, lm.height, f"{lm.doc['title']}: anatomy", palette)
    ana.add(f'<g opacity="{palette.anatomy_opacity:g}">')
    apen = Pen(ana, lm.midline, flip=posterior)
    arm_bones(apen, m, posterior)
    arm_soft_tissue(apen, m, posterior)
    _lm, hm = hand.hand_marks("hand-dorsal" if posterior else "hand-palmar")
    hmodel = hand.HandModel(hm)
    place = Similarity(hm["radial-styloid"], hm["ulnar-styloid"], m["radial-styloid"], m["ulnar-styloid"])
    hand.hand_bones(hand.View(apen, hmodel, place), posterior)
    ana.add("</g>")
    saved.append(ana.save(f"{view}.anatomy"))
    return saved


def draw_all(palette: Palette) -> list[Path]:
    return [path for view in ARM_VIEWS for path in draw_arm(view, palette)]
