"""The drawn geometry a student relies on: the cun grid follows each limb and stays on the body, the
hand views keep WHO 2008's proportions, the two hand views show one hand from both sides, and the
three colourings of every drawing are one drawing."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from pointmap.core import paths
from pointmap.core.geometry.grid import grid_rungs
from pointmap.core.geometry.outline import contains, read_outlines
from tests.conftest import REPO
from tests.core.test_data import conn, landmark, pos  # noqa: F401  (the module's fixture and helpers)

SVG = "{http://www.w3.org/2000/svg}"


def rungs_of(reference, diagram_id):
    diagram = reference.diagrams[diagram_id]
    outlines = read_outlines(paths.asset_path(diagram.asset))
    return diagram, outlines, grid_rungs(diagram, reference.grid_segments(diagram_id), outlines)


GRIDDED = [
    "face",
    "face-lateral",
    "arm-anterior",
    "arm-posterior",
    "hand-palmar",
    "hand-dorsal",
    "abdomen",
    "leg-anterior",
    "leg-medial",
    "leg-lateral",
    "leg-posterior",
]
ALL_VIEWS = [*GRIDDED, "foot-dorsal", "foot-plantar"]


def test_every_view_is_checked_here(reference):
    assert set(ALL_VIEWS) == set(reference.diagrams)


@pytest.mark.parametrize("diagram_id", GRIDDED)
def test_no_grid_rung_leaves_the_body(reference, diagram_id):
    _diagram, outlines, rungs = rungs_of(reference, diagram_id)
    assert outlines, f"{diagram_id}: the artwork names no outline to keep the grid on"
    assert rungs, f"{diagram_id}: no rung is drawn"
    for rung in rungs:
        (ax, ay), (bx, by) = rung.start, rung.end
        samples = [(ax + (bx - ax) * t / 20, ay + (by - ay) * t / 20) for t in range(21)]
        holders = [i for i, polygon in enumerate(outlines) if contains(polygon, *samples[10])]
        assert holders, f"{diagram_id}: the rung at {rung.cun} cun lies off the body"
        polygon = outlines[holders[0]]
        outside = [p for p in samples if not contains(polygon, *p)]
        assert not outside, f"{diagram_id}: the rung at {rung.cun} cun runs off the body at {outside[0]}"


@pytest.mark.parametrize(
    "diagram_id, axis",
    [
        ("arm-anterior", ("greater-tubercle", "biceps-tendon")),
        ("arm-anterior", ("biceps-tendon", "wrist-crease-middle")),
        ("arm-posterior", ("olecranon", "dorsal-wrist-crease-ed-ulnar")),
        ("leg-anterior", ("tibial-tuberosity", "ankle-crease-ehl-edl")),
        ("leg-posterior", ("popliteal-crease-mid", "calcaneal-tendon-malleolus-level")),
    ],
)
def test_the_rungs_on_a_limb_cross_it_square_to_its_axis(reference, diagram_id, axis):
    diagram, _outlines, rungs = rungs_of(reference, diagram_id)
    a, b = (diagram.landmark(name) for name in axis)
    ax_dir = ((b.x - a.x) * diagram.width, (b.y - a.y) * diagram.height)
    lo, hi = sorted((a.y * diagram.height, b.y * diagram.height))
    right = a.x * diagram.width > diagram.width / 2  # the subject's right arm: the side its landmarks are on
    on_segment = [
        r
        for r in rungs
        if lo <= (r.start[1] + r.end[1]) / 2 <= hi and ((r.start[0] + r.end[0]) / 2 > diagram.width / 2) == right
    ]
    assert on_segment
    for rung in on_segment:
        dx, dy = rung.direction
        cos = abs(dx * ax_dir[0] + dy * ax_dir[1]) / math.hypot(*ax_dir)
        assert cos < math.sin(math.radians(2)), (
            f"{diagram_id}: a rung is {math.degrees(math.asin(cos)):.0f}° off square"
        )


def test_the_hand_views_keep_the_forearms_proportions(conn):  # noqa: F811
    # PC6 and PC5 are 2 and 3 of the 12 B-cun above the palmar wrist crease: on the hand view,
    # where a landmark stands 5 B-cun above PC7, they lie 2/5 and 3/5 of the way up to it.
    _, wy = landmark(conn, "hand-palmar", "wrist-crease-middle", "right")
    _, ty = landmark(conn, "hand-palmar", "forearm-5-cun", "right")
    for code, cun in (("PC6", 2), ("PC5", 3), ("HT5", 1), ("LU8", 1)):
        base = "PC7" if code.startswith("PC") else "HT7" if code.startswith("HT") else "LU9"
        _, by = pos(conn, base, "hand-palmar")
        _, y = pos(conn, code, "hand-palmar")
        assert (by - y) / (wy - ty) == pytest.approx(cun / 5, abs=1e-3), code
    _, wy = landmark(conn, "hand-dorsal", "dorsal-wrist-crease-ed-ulnar", "right")
    _, ty = landmark(conn, "hand-dorsal", "dorsal-forearm-5-cun", "right")
    _, y4 = pos(conn, "TE4", "hand-dorsal")
    _, y5 = pos(conn, "TE5", "hand-dorsal")
    assert (y4 - y5) / (wy - ty) == pytest.approx(2 / 5, abs=1e-3)


def test_both_hand_views_show_one_hand_from_either_side(reference):
    palmar, dorsal = reference.diagrams["hand-palmar"], reference.diagrams["hand-dorsal"]
    shared = {m.name for m in palmar.landmarks} & {m.name for m in dorsal.landmarks}
    assert {"thumb-tip", "middle-tip", "web-1-2", "web-4-5", "radial-styloid"} <= shared
    for name in shared:
        p, d = palmar.landmark(name), dorsal.landmark(name)
        assert (p.x + d.x) == pytest.approx(1.0, abs=1e-3), name  # mirrored about the midline
        assert p.y == pytest.approx(d.y, abs=1e-4), name


def _geometry(path):
    """Every shape of a drawing, without its colours, weights and opacities."""
    tree = ET.parse(path)
    shapes = []
    for element in tree.iter():
        tag = element.tag.replace(SVG, "")
        if tag == "rect" and "x" not in element.attrib:
            continue  # the ground the projector drawing is painted on
        if tag in ("path", "ellipse", "circle", "rect", "polygon"):
            keep = {
                k: v for k, v in element.attrib.items() if k in ("d", "cx", "cy", "rx", "ry", "r", "x", "y", "points")
            }
            shapes.append((tag, tuple(sorted(keep.items()))))
    return shapes


@pytest.mark.parametrize("name", ALL_VIEWS)
@pytest.mark.parametrize("layer", ["", ".anatomy"])
def test_the_dark_and_projector_drawings_are_the_light_one_recoloured(name, layer):
    base = REPO / "assets" / "diagrams" / f"{name}{layer}.svg"
    light = _geometry(base)
    for variant in ("dark", "hc"):
        other = base.with_name(f"{name}{layer}.{variant}.svg")
        assert _geometry(other) == light, f"{other.name} is not the same drawing as {base.name}"


def test_the_artwork_has_no_airbrushed_gradients():
    for path in (REPO / "assets" / "diagrams").glob("*.svg"):
        text = path.read_text(encoding="utf-8")
        for gradient in re.findall(r"<(?:linear|radial)Gradient\b.*?</(?:linear|radial)Gradient>", text, re.S):
            stops = set(re.findall(r'stop-color="([^"]+)"', gradient))
            opacities = set(re.findall(r'stop-opacity="([^"]+)"', gradient))
            assert len(stops) <= 1 and len(opacities) <= 1, f"{path.name} shades with a gradient"
