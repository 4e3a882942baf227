"""The reference data in data/points.db: coverage and the cun geometry a practitioner relies on."""

from __future__ import annotations

import math
import re

import pytest

from pointmap.core.db import connect_readonly
from tests.conftest import DB


@pytest.fixture(scope="module")
def conn():
    c = connect_readonly(DB)
    yield c
    c.close()


def pos(conn, code, diagram, side="right"):
    row = conn.execute(
        "SELECT x, y FROM positions WHERE point_code = ? AND diagram = ? AND side = ? AND site IN (0, 1)",
        (code, diagram, side),
    ).fetchone()
    assert row is not None, f"{code} has no {side} position on {diagram}"
    return row["x"], row["y"]


def landmark(conn, diagram, name, side="midline"):
    row = conn.execute(
        "SELECT x, y FROM landmarks WHERE diagram = ? AND name = ? AND side IN (?, 'midline')", (diagram, name, side)
    ).fetchone()
    assert row is not None, f"{diagram} has no landmark {name}"
    return row["x"], row["y"]


def test_every_region_is_covered(conn):
    counts = dict(
        conn.execute(
            "SELECT p.region, count(DISTINCT p.code) FROM points p JOIN positions s ON s.point_code = p.code "
            "GROUP BY p.region"
        ).fetchall()
    )
    assert counts["face"] >= 35
    assert counts["arm"] >= 60
    assert counts["abdomen"] >= 45


def test_all_fourteen_meridians_are_present(conn):
    codes = {r[0] for r in conn.execute("SELECT code FROM meridians")}
    assert codes == {"LU", "LI", "ST", "SP", "HT", "SI", "BL", "KI", "PC", "TE", "GB", "LR", "GV", "CV"}
    assert conn.execute("SELECT sum(point_count) FROM meridians").fetchone()[0] == 361


def test_cv12_lies_four_eighths_of_the_way_from_umbilicus_to_xiphisternal_junction(conn):
    ux, uy = landmark(conn, "abdomen", "umbilicus")
    _, xy = landmark(conn, "abdomen", "xiphisternal-junction")
    x, y = pos(conn, "CV12", "abdomen", "midline")
    assert x == pytest.approx(ux)
    assert (uy - y) / (uy - xy) == pytest.approx(4 / 8, abs=1e-3)


@pytest.mark.parametrize("code, cun", [("ST25", 2), ("KI16", 0.5), ("SP15", 4)])
def test_points_level_with_the_umbilicus_lie_at_their_cun(conn, code, cun):
    ux, uy = landmark(conn, "abdomen", "umbilicus")
    right_nipple = landmark(conn, "abdomen", "nipple", "right")
    width = conn.execute("SELECT width FROM diagrams WHERE id = 'abdomen'").fetchone()[0]
    cun_x = (ux - right_nipple[0]) / 4  # midline to the nipple line is 4 cun
    for side, sign in (("right", -1), ("left", 1)):
        x, y = pos(conn, code, "abdomen", side)
        assert y == pytest.approx(uy, abs=1e-4), f"{code} {side} is not level with the umbilicus"
        assert (x - ux) * sign == pytest.approx(cun * cun_x, abs=0.6 / width)


def test_pc6_lies_two_twelfths_of_the_way_up_from_the_wrist_crease(conn):
    wx, wy = landmark(conn, "arm-anterior", "wrist-crease-middle", "right")
    ex, ey = pos(conn, "PC3", "arm-anterior")
    x, y = pos(conn, "PC6", "arm-anterior")
    t = ((x - wx) * (ex - wx) + (y - wy) * (ey - wy)) / ((ex - wx) ** 2 + (ey - wy) ** 2)
    assert t == pytest.approx(2 / 12, abs=1e-3)
    assert pos(conn, "PC7", "arm-anterior") == pytest.approx((wx, wy), abs=1e-4)


@pytest.mark.parametrize("side", ["right", "left"])
def test_st1_to_st3_and_gb14_share_the_pupil_line(conn, side):
    px, py = landmark(conn, "face", "pupil", side)
    for code in ("ST1", "ST2", "ST3", "GB14"):
        x, _ = pos(conn, code, "face", side)
        assert x == pytest.approx(px, abs=1e-4), code
    assert pos(conn, "GB14", "face", side)[1] < py < pos(conn, "ST1", "face", side)[1]


def test_bilateral_points_are_mirrored_about_the_midline(conn):
    rows = conn.execute(
        "SELECT r.point_code, r.diagram, r.x AS rx, l.x AS lx, r.y AS ry, l.y AS ly, d.midline_x "
        "FROM positions r JOIN positions l ON l.point_code = r.point_code AND l.diagram = r.diagram "
        "AND l.site = r.site AND l.side = 'left' JOIN diagrams d ON d.id = r.diagram WHERE r.side = 'right'"
    ).fetchall()
    assert len(rows) > 120
    for r in rows:
        assert r["ry"] == pytest.approx(r["ly"])
        assert (r["rx"] + r["lx"]) / 2 == pytest.approx(r["midline_x"], abs=1e-4)


def test_who_2008_lists_its_six_unsettled_points_and_gb30_lies_outside_the_app(conn):
    rows = {
        r[0]: r[1] for r in conn.execute("SELECT point_code, note FROM disputed_locations WHERE standard = 'who-2008'")
    }
    assert set(rows) == {"LI19", "LI20", "GV26", "PC8", "PC9", "GB30"}
    assert not conn.execute("SELECT 1 FROM points WHERE code = 'GB30'").fetchone()
    assert "outside the regions PointMap draws" in rows["GB30"]


@pytest.mark.parametrize("code", ["LI19", "LI20", "GV26", "PC8", "PC9"])
def test_who_double_locations_keep_both_draw_both_and_name_the_primary(conn, code):
    alternatives = conn.execute("SELECT * FROM alternatives WHERE point_code = ?", (code,)).fetchall()
    assert alternatives, f"{code} keeps only one location"
    drawn = {r[0] for r in conn.execute("SELECT diagram FROM positions WHERE point_code = ?", (code,))}
    second = {r[0] for r in conn.execute("SELECT diagram FROM alternative_positions WHERE point_code = ?", (code,))}
    meant = set().union(*(set(a["diagrams"].split(",")) if a["diagrams"] else drawn for a in alternatives))
    assert drawn and second == drawn & meant, f"{code}'s second location is not drawn wherever the point is"
    point = conn.execute("SELECT notes, standard FROM points WHERE code = ?", (code,)).fetchone()
    assert "primary" in point["notes"].lower()
    assert "WHO 2008" in point["standard"]


@pytest.mark.parametrize(
    "code, region", [("CV16", "chest"), ("LR14", "chest"), ("GB24", "chest"), ("TE17", "neck"), ("EX-HN14", "neck")]
)
def test_points_drawn_outside_their_standards_region_say_which_region_that_is(conn, code, region):
    point = conn.execute("SELECT region, standard_region, location FROM points WHERE code = ?", (code,)).fetchone()
    assert point["standard_region"] == region
    assert not re.search(r"\b(abdom\w*|face|facial)\b", point["location"], re.IGNORECASE), point["location"]


def test_extra_points_say_which_standard_they_follow(conn):
    for code, standard in conn.execute("SELECT code, standard FROM points WHERE meridian IS NULL"):
        assert standard and standard != "WHO 2008", code


def test_every_point_has_the_fields_a_practitioner_needs(conn):
    fields = ("pinyin", "hanzi", "english", "location", "depth", "angle", "cautions", "actions", "indications")
    for row in conn.execute(f"SELECT code, {', '.join(fields)} FROM points"):
        for field in fields:
            assert row[field].strip(), f"{row['code']} has no {field}"


def test_checklists_cover_every_stage_and_count_needles_in_and_out(conn):
    stages = {r[0] for r in conn.execute("SELECT DISTINCT stage FROM checklists")}
    assert stages == {"start-of-day", "before-patient", "during-treatment", "after-treatment", "end-of-day", "incident"}
    kinds = {r[0] for r in conn.execute("SELECT DISTINCT kind FROM checklist_items")}
    assert {"count-in", "count-out"} <= kinds
    incidents = " ".join(r[0] for r in conn.execute("SELECT title FROM checklists WHERE stage = 'incident'")).lower()
    for word in ("needlestick", "blood", "needle", "faint"):
        assert word in incidents
    for row in conn.execute("SELECT checklist_id, position, reason, basis FROM checklist_items"):
        assert row["reason"] and row["basis"], f"{row['checklist_id']} item {row['position']}"


def test_protocols_cover_face_arm_and_abdomen_as_common_practice(conn):
    regions = {r[0] for r in conn.execute("SELECT DISTINCT region FROM protocols")}
    assert regions == {"face", "arm", "abdomen"}
    for row in conn.execute("SELECT id, status, notes FROM protocols"):
        assert "not prescription" in (row["status"] + row["notes"]).lower(), row["id"]


# -- the corrected geometry (issue 16), as fractions of landmark segments -----------------------


def size(conn, diagram):
    return conn.execute("SELECT width, height FROM diagrams WHERE id = ?", (diagram,)).fetchone()


def svg(conn, diagram, xy):
    """A position in the diagram's SVG units (cun scales are measured there)."""
    w, h = size(conn, diagram)
    return xy[0] * w, xy[1] * h


def face_cun(conn, diagram="face"):
    """SVG units per cun: vertical (glabella to hairline, 3 cun), horizontal (hairline corners, 9 cun)."""
    gx, gy = svg(conn, diagram, landmark(conn, diagram, "glabella", "right"))
    hx, hy = svg(conn, diagram, landmark(conn, diagram, "anterior-hairline", "right"))
    vertical = math.hypot(gx - hx, gy - hy) / 3
    if diagram != "face":
        return vertical, vertical
    rx, _ = svg(conn, diagram, landmark(conn, diagram, "hairline-corner", "right"))
    return vertical, 2 * (450 - rx) / 9


@pytest.mark.parametrize("code, rib", [("LR13", "rib-11-tip"), ("GB25", "rib-12-tip")])
def test_lr13_and_gb25_lie_just_below_the_free_ends_of_their_ribs(conn, code, rib):
    _, uy = landmark(conn, "abdomen", "umbilicus")
    _, xy = landmark(conn, "abdomen", "xiphisternal-junction")
    cun = (uy - xy) / 8
    for side in ("right", "left"):
        rx, ry = landmark(conn, "abdomen", rib, side)
        x, y = pos(conn, code, "abdomen", side)
        assert x == pytest.approx(rx, abs=1e-4), f"{code} is not directly below the end of the rib"
        assert 0.1 * cun < y - ry <= 0.5 * cun, f"{code} lies {(y - ry) / cun:.2f} cun below the rib's end"


def test_lu9_lies_over_the_radial_artery_and_lu8_beside_it(conn):
    # The hand view draws the forearm upright, the subject's right hand on the viewer's left: radial is left.
    lx, _ = pos(conn, "LU9", "hand-palmar")
    assert pos(conn, "LU9", "hand-palmar") == pytest.approx(
        landmark(conn, "hand-palmar", "wrist-crease-radial-artery", "right"), abs=1e-4
    )
    for code in ("LU8", "LU7"):
        assert pos(conn, code, "hand-palmar")[0] < lx, f"{code} is not on the radial side of the artery"
    # The arm view (LU9 and LU7 only; LU8 would crowd them there): the same along the LU9-LU5 line.
    assert pos(conn, "LU9", "arm-anterior") == pytest.approx(
        landmark(conn, "arm-anterior", "wrist-crease-radial-artery", "right"), abs=1e-4
    )
    lx, ly = pos(conn, "LU9", "arm-anterior")
    ex, ey = pos(conn, "LU5", "arm-anterior")
    x, y = pos(conn, "LU7", "arm-anterior")
    assert x < lx + (ex - lx) * (y - ly) / (ey - ly), "LU7 is not on the radial side of the artery's line"


def test_st5_lies_about_1_3_cun_in_front_of_the_mandibular_angle_on_both_views(conn):
    for diagram in ("face", "face-lateral"):
        up, across = face_cun(conn, diagram)
        ax, ay = svg(conn, diagram, landmark(conn, diagram, "mandibular-angle", "right"))
        x, y = svg(conn, diagram, pos(conn, "ST5", diagram))
        distance = math.hypot((x - ax) / across, (y - ay) / up)
        assert 1.1 <= distance <= 1.6, f"ST5 lies {distance:.2f} cun from the angle on {diagram}"
    ax, _ = svg(conn, "face-lateral", landmark(conn, "face-lateral", "mandibular-angle", "right"))
    assert svg(conn, "face-lateral", pos(conn, "ST5", "face-lateral"))[0] > ax  # in front: the face looks right


def test_li19_lies_half_a_cun_beside_gv26_at_both_who_locations(conn):
    _, across = face_cun(conn)
    gx, gy = svg(conn, "face", pos(conn, "GV26", "face", "midline"))
    x, y = svg(conn, "face", pos(conn, "LI19", "face"))
    assert (gx - x) / across == pytest.approx(0.5, abs=0.01)
    assert y == pytest.approx(gy, abs=0.1)

    def alternative(code, side):
        row = conn.execute(
            "SELECT x, y FROM alternative_positions WHERE point_code = ? AND diagram = 'face' AND side = ?",
            (code, side),
        ).fetchone()
        return svg(conn, "face", (row["x"], row["y"]))

    (ax, ay), (lx, ly) = alternative("GV26", "midline"), alternative("LI19", "right")
    assert (ax - lx) / across == pytest.approx(0.5, abs=0.01) and ly == pytest.approx(ay, abs=0.1)


def test_gb15_and_bl3_lie_on_the_line_half_a_cun_inside_the_hairline(conn):
    gv24 = pos(conn, "GV24", "face", "midline")
    st8 = pos(conn, "ST8", "face")
    along = []
    for code, above in (("BL3", ("BL2", None)), ("BL4", None), ("GB15", ("pupil", "landmark")), ("GB13", None)):
        x, y = pos(conn, code, "face")
        t = (x - gv24[0]) / (st8[0] - gv24[0])
        assert y == pytest.approx(gv24[1] + t * (st8[1] - gv24[1]), abs=1e-4), f"{code} is off the GV24-ST8 line"
        along.append(t)
        if above:
            name, kind = above
            ref = landmark(conn, "face", name, "right") if kind else pos(conn, name, "face")
            assert x == pytest.approx(ref[0], abs=1e-4), f"{code} is not directly above {name}"
    assert along == sorted(along), "BL3, BL4, GB15 and GB13 are out of order along the line"


def test_gv28_inside_the_mouth_is_drawn_apart_from_gv27_on_the_lip(conn):
    # From the front GV28 would lie on GV27; the side view draws it behind the lip, at the gum.
    assert not conn.execute("SELECT 1 FROM positions WHERE point_code = 'GV28' AND diagram = 'face'").fetchone()
    _, across = face_cun(conn, "face-lateral")
    gum = svg(conn, "face-lateral", pos(conn, "GV28", "face-lateral", "midline"))
    assert pos(conn, "GV28", "face-lateral", "midline") == pytest.approx(
        landmark(conn, "face-lateral", "upper-frenulum-gum"), abs=1e-4
    )
    lip = svg(conn, "face-lateral", landmark(conn, "face-lateral", "upper-lip-tubercle", "right"))
    assert (lip[0] - gum[0]) / across >= 0.2  # behind the lip: the side view's face looks right


def on_arc(a, via, b, point):
    """(distance from the circle through a, via and b; fraction of the arc from a to b at point)."""
    (ax, ay), (bx, by), (cx, cy) = a, via, b
    d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    ux = ((ax**2 + ay**2) * (by - cy) + (bx**2 + by**2) * (cy - ay) + (cx**2 + cy**2) * (ay - by)) / d
    uy = ((ax**2 + ay**2) * (cx - bx) + (bx**2 + by**2) * (ax - cx) + (cx**2 + cy**2) * (bx - ax)) / d
    radius = math.dist(a, (ux, uy))

    def angle(p):
        return math.atan2(p[1] - uy, p[0] - ux)

    sweep = (angle(b) - angle(a)) % (2 * math.pi)
    if (angle(via) - angle(a)) % (2 * math.pi) > sweep:
        sweep -= 2 * math.pi
    turned = (angle(point) - angle(a)) % (2 * math.pi)
    if sweep < 0:
        turned -= 2 * math.pi
    return abs(math.dist(point, (ux, uy)) - radius), turned / sweep


@pytest.mark.parametrize("code, fraction", [("TE19", 1 / 3), ("TE18", 2 / 3)])
def test_te18_and_te19_divide_the_curve_behind_the_ear_into_thirds(conn, code, fraction):
    def at(name, kind="point"):
        xy = pos(conn, name, "face-lateral") if kind == "point" else landmark(conn, "face-lateral", name, "right")
        return svg(conn, "face-lateral", xy)

    off, along = on_arc(at("TE20"), at("helix-posterior", "landmark"), at("TE17"), at(code))
    assert off < 0.5 and along == pytest.approx(fraction, abs=0.005)
    assert at(code)[0] < at("TE17")[0] and at(code)[0] < at("TE20")[0]  # behind the ear, not on it


def test_the_gall_bladder_points_round_the_ear_keep_their_cun(conn):
    up, across = face_cun(conn, "face-lateral")

    def at(code):
        return svg(conn, "face-lateral", pos(conn, code, "face-lateral"))

    te20, gb8, gb9, gb12 = at("TE20"), at("GB8"), at("GB9"), at("GB12")
    assert gb8[0] == pytest.approx(te20[0]) and (te20[1] - gb8[1]) / up == pytest.approx(1.5, abs=1e-3)
    assert (gb8[0] - gb9[0]) / across == pytest.approx(0.5, abs=1e-3)
    assert (gb8[1] - gb9[1]) / up == pytest.approx(0.5, abs=1e-3)
    assert gb12 == pytest.approx(
        svg(conn, "face-lateral", landmark(conn, "face-lateral", "mastoid-posteroinferior", "right"))
    )
    for code, fraction in (("GB10", 1 / 3), ("GB11", 2 / 3)):
        x, y = at(code)
        assert (y - gb9[1]) / (gb12[1] - gb9[1]) == pytest.approx(fraction, abs=0.001)
        chord_x = gb9[0] + fraction * (gb12[0] - gb9[0])
        assert (chord_x - x) / across == pytest.approx(0.5, abs=1e-3), f"{code} is not bowed behind the GB9-GB12 line"


def test_bl5_lies_one_cun_inside_the_hairline_and_one_and_a_half_from_the_midline(conn):
    up, across = face_cun(conn)
    x, y = svg(conn, "face", pos(conn, "BL5", "face"))
    bx, by = svg(conn, "face", pos(conn, "BL4", "face"))
    assert (450 - x) / across == pytest.approx(1.5, abs=0.01)
    assert x == pytest.approx(bx) and (by - y) / up == pytest.approx(0.5, abs=1e-3)
