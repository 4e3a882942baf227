"""The reference data in data/points.db: coverage and the cun geometry a practitioner relies on."""

from __future__ import annotations

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


@pytest.mark.parametrize("code", ["LI19", "LI20", "GV26"])
def test_who_double_locations_keep_both_and_name_the_primary(conn, code):
    alternatives = conn.execute("SELECT * FROM alternatives WHERE point_code = ?", (code,)).fetchall()
    assert alternatives, f"{code} keeps only one location"
    assert conn.execute("SELECT count(*) FROM alternative_positions WHERE point_code = ?", (code,)).fetchone()[0]
    point = conn.execute("SELECT notes, standard FROM points WHERE code = ?", (code,)).fetchone()
    assert "primary" in point["notes"].lower()
    assert "WHO 2008" in point["standard"]


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
