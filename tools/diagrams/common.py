"""Shared helpers for the diagram generators: landmarks, palettes and SVG output.

Each generator draws one diagram's artwork around the landmark coordinates in
data/diagrams/<id>.toml, so anatomy and data cannot drift apart. Every landmark is also
emitted as a small marker circle with id ``lm-<name>-<side>`` inside ``<g id="landmarks">``
(a test checks they sit exactly at the data's coordinates).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "diagrams"
OUT = REPO / "assets" / "diagrams"


@dataclass(frozen=True)
class Palette:
    """Colours of one rendering: 'normal' (light screens and print), 'dark' (the dark theme: the
    same drawing recoloured for a dark ground) and 'hc' (high contrast, for projectors)."""

    name: str
    background: str | None  # None = transparent
    skin: str  # body fill (flat)
    skin_shade: str  # secondary flat tone: nail beds, pads, creases' shadow, far sides
    outline: str  # main contour
    detail: str  # inner lines (creases, brows, lips)
    hair: str
    accent: str  # iris, small accents
    landmark: str
    nail: str = "#f6e7e1"
    bone: str = "#f3ead8"  # anatomy layer: bone fill
    bone_line: str = "#8a7650"
    tendon: str = "#b8a27a"  # tendons and aponeuroses (lines and thin fills)
    muscle: str = "#c77f6f"  # muscle bellies (faint fills)
    muscle_line: str = "#9c4f42"
    vessel: str = "#c0392b"  # arteries named by locations (radial, facial, femoral …)
    weight: float = 1.0  # line weights are multiplied by this (thicker on the projector)
    anatomy_opacity: float = 0.55  # the anatomy layer as a whole, over the skin

    @property
    def suffix(self) -> str:
        return "" if self.name == "normal" else f".{self.name}"

    @property
    def is_dark(self) -> bool:
        return self.name != "normal"


NORMAL = Palette("normal", None, "#f5e6d6", "#e9d2bd", "#4d3b2f", "#8c7060", "#9a8676", "#6f86a0", "#8a6e5a")
DARK = Palette(
    "dark",
    None,
    "#3b3431",
    "#4a413c",
    "#e6d4c4",
    "#b9a393",
    "#5b4f47",
    "#8fa6c4",
    "#b9a393",
    nail="#54494a",
    bone="#5a5346",
    bone_line="#e8dcc0",
    tendon="#cdbb95",
    muscle="#a0544a",
    muscle_line="#e39a8c",
    vessel="#ff6f61",
    anatomy_opacity=0.6,
)
HIGH_CONTRAST = Palette(
    "hc",
    "#000000",
    "#000000",
    "#1a1a1a",
    "#ffffff",
    "#e0e0e0",
    "#bdbdbd",
    "#ffffff",
    "#ffffff",
    nail="#000000",
    bone="#000000",
    bone_line="#ffffff",
    tendon="#d9d9d9",
    muscle="#000000",
    muscle_line="#bdbdbd",
    vessel="#ff5252",
    weight=1.35,
    anatomy_opacity=0.7,
)
PALETTES = (NORMAL, DARK, HIGH_CONTRAST)

# Stroke weights in user units, even across diagrams shown at a similar scale (about 0.75 screen
# pixels per unit at fit): a fine contour, finer inner lines, and hairlines for small detail.
OUTLINE_W = 2.1
DETAIL_W = 1.35
FINE_W = 0.95


class Landmarks:
    """Landmark coordinates of one diagram: lm['pupil'] -> (x, y) for the subject's right side,
    lm.left('pupil') for the mirrored left side; midline landmarks answer either way."""

    def __init__(self, diagram_id: str):
        self.doc = tomllib.loads((DATA / f"{diagram_id}.toml").read_text(encoding="utf-8"))
        self.width = float(self.doc["width"])
        self.height = float(self.doc["height"])
        self.midline = self.doc.get("midline_x")
        self.marks: dict[str, tuple[float, float]] = {}
        self.sides: dict[str, str] = {}
        for mark in self.doc.get("landmark", []):
            self.marks[mark["name"]] = (float(mark["x"]), float(mark["y"]))
            self.sides[mark["name"]] = mark.get("side", "midline")

    def __getitem__(self, name: str) -> tuple[float, float]:
        return self.marks[name]

    def left(self, name: str) -> tuple[float, float]:
        x, y = self.marks[name]
        if self.sides[name] == "midline" or self.midline is None:
            return x, y
        return 2 * self.midline - x, y

    def all_markers(self):
        """(id, x, y) of every landmark marker, both sides where the diagram shows both."""
        for name, (x, y) in self.marks.items():
            side = self.sides[name]
            yield f"lm-{name}-{side}", x, y
            if side == "right" and self.midline is not None and self.doc.get("sides") == "both":
                lx, ly = self.left(name)
                yield f"lm-{name}-left", lx, ly


class Svg:
    """A tiny SVG writer: add elements as strings, then save."""

    def __init__(self, width: float, height: float, title: str, palette: Palette):
        self.width, self.height, self.title, self.palette = width, height, title, palette
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def path(
        self, d: str, *, fill: str = "none", stroke: str | None = None, width: float = DETAIL_W, extra: str = ""
    ) -> None:
        stroke_attr = f' stroke="{stroke}" stroke-width="{width:g}"' if stroke else ""
        self.add(f'<path d="{d}" fill="{fill}"{stroke_attr} stroke-linecap="round" stroke-linejoin="round"{extra}/>')

    def group(self, gid: str, body: list[str]) -> None:
        self.add(f"<g id={quoteattr(gid)}>" + "".join(body) + "</g>")

    def landmarks(self, lm: Landmarks) -> None:
        color = self.palette.landmark
        body = [
            f'<circle id={quoteattr(mid)} class="landmark" cx="{x:g}" cy="{y:g}" r="1" '
            f'fill="{color}" fill-opacity="0"/>'
            for mid, x, y in lm.all_markers()
        ]
        self.group("landmarks", body)  # invisible: they anchor the data, the drawing shows the anatomy

    def outlines(self, polygons: list[list[tuple[float, float]]]) -> None:
        """The body's closed parts as invisible polygons (the app cuts the cun grid to them)."""
        body = [
            '<polygon class="outline" fill="none" stroke="none" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in polygon)
            + '"/>'
            for polygon in polygons
        ]
        self.group("outlines", body)

    def text(self) -> str:
        bg = ""
        if self.palette.background:
            bg = f'<rect width="{self.width:g}" height="{self.height:g}" fill="{self.palette.background}"/>'
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
            f'viewBox="0 0 {self.width:g} {self.height:g}" width="{self.width:g}" height="{self.height:g}">\n'
            f"<title>{escape(self.title)}</title>\n{bg}\n" + "\n".join(self.parts) + "\n</svg>\n"
        )

    def save(self, diagram_id: str) -> Path:
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"{diagram_id}{self.palette.suffix}.svg"
        path.write_text(self.text(), encoding="utf-8")
        return path


def fmt(*pts: tuple[float, float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)


def mirror_path(points: list[tuple[float, float]], midline: float) -> list[tuple[float, float]]:
    return [(2 * midline - x, y) for x, y in points]


def smooth_closed(points: list[tuple[float, float]], tension: float = 0.5) -> str:
    """A closed Catmull-Rom spline through ``points`` as cubic Bézier segments (an SVG path d)."""
    n = len(points)
    d = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for i in range(n):
        p0, p1, p2, p3 = points[i - 1], points[i], points[(i + 1) % n], points[(i + 2) % n]
        c1 = (p1[0] + (p2[0] - p0[0]) * tension / 3, p1[1] + (p2[1] - p0[1]) * tension / 3)
        c2 = (p2[0] - (p3[0] - p1[0]) * tension / 3, p2[1] - (p3[1] - p1[1]) * tension / 3)
        d.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {p2[0]:.1f},{p2[1]:.1f}")
    return " ".join(d) + " Z"


def smooth_open(points: list[tuple[float, float]], tension: float = 0.5) -> str:
    """An open Catmull-Rom spline through ``points`` (endpoints repeated) as an SVG path d."""
    pts = [points[0], *points, points[-1]]
    d = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        c1 = (p1[0] + (p2[0] - p0[0]) * tension / 3, p1[1] + (p2[1] - p0[1]) * tension / 3)
        c2 = (p2[0] - (p3[0] - p1[0]) * tension / 3, p2[1] - (p3[1] - p1[1]) * tension / 3)
        d.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {p2[0]:.1f},{p2[1]:.1f}")
    return " ".join(d)
