"""The lower leg and foot (issue 18): every WHO 2008 point below the knee, the extra points used
there, and the proportional cun a practitioner measures them by, held as fractions of landmark
segments on the views that draw them."""

from __future__ import annotations

import math

import pytest

from tests.core.test_data import conn, landmark, pos  # noqa: F401  (the module's fixture and helpers)

WHO_LEG = (
    [f"ST{n}" for n in range(35, 46)]
    + [f"SP{n}" for n in range(1, 10)]
    + [f"KI{n}" for n in range(1, 11)]
    + [f"LR{n}" for n in range(1, 9)]
    + [f"GB{n}" for n in range(33, 45)]
    + ["BL39", "BL40"]
    + [f"BL{n}" for n in range(55, 68)]
)
EXTRA_LEG = ["EX-LE2", "EX-LE4", "EX-LE5", "EX-LE6", "EX-LE7", "EX-LE8", "EX-LE9", "EX-LE10", "EX-LE11", "EX-LE12"]


def _fraction_along(p, a, b):
    """How far p lies along a→b (0 at a, 1 at b), and how far off the line, in fractions of a→b."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    t = ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2
    off = abs((p[0] - ax) * dy - (p[1] - ay) * dx) / length2
    return t, off


def test_every_who_point_of_the_leg_and_foot_is_drawn_in_the_leg_region(conn):  # noqa: F811
    rows = {
        r["code"]: r
        for r in conn.execute(
            "SELECT p.*, (SELECT count(*) FROM positions s WHERE s.point_code = p.code) AS spots FROM points p "
            "WHERE region = 'leg'"
        )
    }
    assert set(WHO_LEG + EXTRA_LEG) == set(rows)
    for code, r in rows.items():
        assert r["spots"] >= 1, f"{code} is not drawn"
        for field in ("pinyin", "hanzi", "english", "location", "depth", "angle", "cautions", "actions", "indications"):
            assert r[field].strip(), f"{code} has no {field}"
        expected = "WHO 2008" if code in WHO_LEG else "WHO 1991 nomenclature"
        assert r["standard"].startswith(expected), code
    assert conn.execute("SELECT title FROM regions WHERE id = 'leg'").fetchone()["title"] == "Lower leg and foot"


def test_st36_lies_3_of_the_16_cun_from_st35_to_st41(conn):  # noqa: F811
    st35, st41 = pos(conn, "ST35", "leg-anterior"), pos(conn, "ST41", "leg-anterior")
    for code, cun in (("ST36", 3), ("EX-LE7", 5), ("ST37", 6), ("ST38", 8), ("ST39", 9)):
        t, off = _fraction_along(pos(conn, code, "leg-anterior"), st35, st41)
        assert t == pytest.approx(cun / 16, abs=1e-3) and off < 1e-3, code
    # ST35 level with the popliteal crease, ST41 with the lateral malleolus: the two 16s agree
    _, kl = landmark(conn, "leg-anterior", "knee-eye-lateral", "right")
    assert st35[1] == pytest.approx(kl, abs=1e-4)
    # ST40 one finger's breadth (drawn as 1 cun) lateral to ST38, level with it: away from the midline
    st38, st40 = pos(conn, "ST38", "leg-anterior"), pos(conn, "ST40", "leg-anterior")
    assert st40[1] == pytest.approx(st38[1], abs=1e-4) and st40[0] < st38[0]  # the right leg is on the left


def test_sp6_is_3_cun_above_the_medial_malleolus_behind_the_tibia(conn):  # noqa: F811
    border = landmark(conn, "leg-medial", "tibia-medial-border-low", "right")
    sp9 = pos(conn, "SP9", "leg-medial")
    mall = landmark(conn, "leg-medial", "medial-malleolus", "right")
    top = landmark(conn, "leg-medial", "condyle-level-13-cun", "right")
    assert sp9[1] == pytest.approx(top[1], abs=1e-4)  # SP9 under the condyle, the top of the 13 cun
    for code, cun in (("KI8", 2), ("SP6", 3), ("SP7", 6), ("SP8", 10)):
        x, y = pos(conn, code, "leg-medial")
        t, off = _fraction_along((x, y), border, sp9)
        assert t == pytest.approx(cun / 13, abs=1e-3) and off < 1e-3, code
        assert (mall[1] - y) / (mall[1] - top[1]) == pytest.approx(cun / 13, abs=1e-3), code
    # the liver points in the middle of the bone's medial surface, in front of that border
    for code, cun in (("LR5", 5), ("LR6", 7)):
        x, y = pos(conn, code, "leg-medial")
        assert (mall[1] - y) / (mall[1] - top[1]) == pytest.approx(cun / 13, abs=1e-3), code
    assert pos(conn, "LR5", "leg-medial")[0] < pos(conn, "SP7", "leg-medial")[0]  # anterior = viewer's left


def test_gb39_and_its_neighbours_are_measured_up_from_the_lateral_malleolus(conn):  # noqa: F811
    mall = landmark(conn, "leg-lateral", "lateral-malleolus", "right")
    knee = landmark(conn, "leg-lateral", "knee-level-16-cun", "right")
    for code, cun in (("GB39", 3), ("GB38", 4), ("GB37", 5), ("GB36", 7), ("GB35", 7)):
        _, y = pos(conn, code, "leg-lateral")
        assert (mall[1] - y) / (mall[1] - knee[1]) == pytest.approx(cun / 16, abs=1e-3), code
    # GB35 behind the fibula, GB36 in front of it (the front points to the viewer's right)
    assert pos(conn, "GB35", "leg-lateral")[0] < mall[0] < pos(conn, "GB36", "leg-lateral")[0]
    # GB34 in front of and below the fibula's head; Dannang 2 cun below GB34
    head = landmark(conn, "leg-lateral", "fibula-head", "right")
    gb34 = pos(conn, "GB34", "leg-lateral")
    assert gb34[0] > head[0] and gb34[1] > head[1]
    _, dn = pos(conn, "EX-LE6", "leg-lateral")
    assert (dn - gb34[1]) / (mall[1] - knee[1]) == pytest.approx(2 / 16, abs=1e-3)


@pytest.mark.parametrize("view", ["leg-medial", "leg-posterior"])
def test_ki3_lies_halfway_between_the_medial_malleolus_and_the_achilles_tendon(conn, view):  # noqa: F811
    mall = landmark(conn, view, "medial-malleolus", "right")
    tendon = landmark(conn, view, "calcaneal-tendon-medial", "right")
    t, off = _fraction_along(pos(conn, "KI3", view), mall, tendon)
    assert t == pytest.approx(0.5, abs=1e-3) and off < 1e-3


@pytest.mark.parametrize("view", ["leg-lateral", "leg-posterior"])
def test_bl60_opposite_ki3_and_the_calf_points_above_it(conn, view):  # noqa: F811
    mall = landmark(conn, view, "lateral-malleolus", "right")
    tendon = landmark(conn, view, "calcaneal-tendon-lateral", "right")
    bl60 = pos(conn, "BL60", view)
    t, off = _fraction_along(bl60, mall, tendon)
    assert t == pytest.approx(0.5, abs=1e-3) and off < 1e-3
    scale = {"leg-lateral": ("lateral-malleolus", "knee-level-16-cun"), "leg-posterior": None}[view]
    if scale:
        a, b = (landmark(conn, view, n, "right") for n in scale)
        unit = (a[1] - b[1]) / 16
    else:
        unit = (
            landmark(conn, view, "calcaneal-tendon-malleolus-level", "right")[1]
            - landmark(conn, view, "popliteal-crease-mid", "right")[1]
        ) / 16
    x59, y59 = pos(conn, "BL59", view)
    assert x59 == pytest.approx(bl60[0], abs=1e-4) and (bl60[1] - y59) / unit == pytest.approx(3, abs=1e-3)


def test_bl40_is_the_middle_of_the_popliteal_crease_and_the_calf_is_counted_from_it(conn):  # noqa: F811
    mid = landmark(conn, "leg-posterior", "popliteal-crease-mid", "right")
    bi = landmark(conn, "leg-posterior", "popliteal-crease-biceps", "right")
    st = landmark(conn, "leg-posterior", "popliteal-crease-semitendinosus", "right")
    bl40 = pos(conn, "BL40", "leg-posterior")
    assert bl40 == pytest.approx(mid, abs=1e-4)
    assert st[0] < bl40[0] < bi[0]  # between the hamstring tendons (the right leg: lateral is the viewer's right)
    unit = (landmark(conn, "leg-posterior", "calcaneal-tendon-malleolus-level", "right")[1] - mid[1]) / 16
    for code, cun in (("BL55", 2), ("BL56", 5), ("BL57", 8)):
        x, y = pos(conn, code, "leg-posterior")
        assert x == pytest.approx(mid[0], abs=1e-4) and (y - mid[1]) / unit == pytest.approx(cun, abs=1e-3), code
    x58, y58 = pos(conn, "BL58", "leg-posterior")
    x57, y57 = pos(conn, "BL57", "leg-posterior")
    assert x58 > x57 and 0.5 < (y58 - y57) / unit < 1.5  # about 1 cun below and lateral to BL57


def test_lr3_lies_in_the_first_intermetatarsal_space_before_the_bones_meet(conn):  # noqa: F811
    junction = landmark(conn, "foot-dorsal", "mt-1-2-junction", "right")
    web = landmark(conn, "foot-dorsal", "toe-web-1-2", "right")
    t, off = _fraction_along(pos(conn, "LR3", "foot-dorsal"), junction, web)
    assert t == pytest.approx(0.1, abs=1e-3) and off < 1e-3
    # LR2, ST44 and GB43 at the webs, which Bafeng's four spots share
    for code, web_name in (("LR2", "toe-web-1-2"), ("ST44", "toe-web-2-3"), ("GB43", "toe-web-4-5")):
        assert pos(conn, code, "foot-dorsal") == pytest.approx(landmark(conn, "foot-dorsal", web_name, "right"))
    spots = conn.execute(
        "SELECT count(*) FROM positions WHERE point_code = 'EX-LE10' AND diagram = 'foot-dorsal'"
    ).fetchone()[0]
    assert spots == 8


def test_ki1_lies_a_third_of_the_way_from_the_toes_base_to_the_heel(conn):  # noqa: F811
    web = landmark(conn, "foot-plantar", "toe-web-2-3", "right")
    heel = landmark(conn, "foot-plantar", "heel-back", "right")
    t, off = _fraction_along(pos(conn, "KI1", "foot-plantar"), web, heel)
    assert t == pytest.approx(1 / 3, abs=1e-3) and off < 1e-3


def test_the_nail_points_sit_beside_their_nail_corners_toward_the_ankle(conn):  # noqa: F811
    # 0.1 cun proximal and to the side: on the right foot (viewer's left, toes down) lateral is -x
    for code, corner, outward in (
        ("LR1", "hallux-nail-lateral-corner", -1),
        ("SP1", "hallux-nail-medial-corner", 1),
        ("ST45", "toe2-nail-lateral-corner", -1),
        ("GB44", "toe4-nail-lateral-corner", -1),
        ("BL67", "toe5-nail-lateral-corner", -1),
    ):
        cx, cy = landmark(conn, "foot-dorsal", corner, "right")
        x, y = pos(conn, code, "foot-dorsal")
        assert y < cy and (x - cx) * outward > 0 and math.hypot(x - cx, y - cy) < 0.02, code


def test_the_leg_cautions_name_what_a_practitioner_must_not_miss(conn):  # noqa: F811
    cautions = {r["code"]: r["cautions"].lower() for r in conn.execute("SELECT code, cautions FROM points")}
    for code in ("SP6", "BL60", "BL67", "EX-LE11"):
        assert "pregnan" in cautions[code], code
    assert "dorsalis pedis" in cautions["ST42"] and "haematoma" in cautions["ST42"]
    assert "common fibular nerve" in cautions["GB34"] and "common fibular nerve" in cautions["BL39"]
    assert "faint" in cautions["KI1"] and "painful" in cautions["KI1"]
    assert "popliteal artery" in cautions["BL40"]
    assert "posterior tibial artery" in cautions["KI3"]


def test_the_cosmetic_sets_step_through_st36_and_sp6(conn):  # noqa: F811
    steps = {
        (r["protocol_id"], r["point_code"]): r["note"]
        for r in conn.execute("SELECT protocol_id, point_code, note FROM protocol_points")
    }
    for proto in ("face-lift-cheeks-jowls", "constitutional-support", "lower-abdomen-toning"):
        assert (proto, "ST36") in steps and (proto, "SP6") in steps, proto
        assert "pregnan" in steps[(proto, "SP6")].lower(), proto
    notes = " ".join(r[0] for r in conn.execute("SELECT notes FROM protocols"))
    assert "not shown on PointMap" not in notes


def test_a_possessive_name_does_not_make_s_a_word_every_search_must_match(reference):
    # "Calf's Nose" (ST35) once made the possessive 's' a word of the index: a location phrase with
    # "the patient's" then found nothing, since no point's name has that 's'.
    from pointmap.core.search import index_from_reference

    index = index_from_reference(reference)
    assert "ST35" in [h.code for h in index.search("calf's nose")]
    phrase = reference.points["ST6"].location.split(".")[0]
    assert "patient's" in phrase and "ST6" in [h.code for h in index.search(phrase, limit=15)]
