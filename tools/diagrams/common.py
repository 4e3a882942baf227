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
    """Colours of one rendering. 'normal' for screens, 'hc' (high contrast) for projectors."""

    name: str
    background: str | None  # None = transparent
    skin: str  # body fill
    skin_shade: str  # soft shading / secondary fill
    outline: str  # main contour
    detail: str  # inner lines (creases, brows, lips)
    hair: str
    accent: str  # iris, nails, nipples: small accents
    landmark: str

    @property
    def suffix(self) -> str:
        return "" if self.name == "normal" else f".{self.name}"


NORMAL = Palette("normal", None, "#f3e3d3", "#e6cdb6", "#5b4636", "#8a6e5a", "#8d7b6d", "#7c8fa6", "#8a6e5a")
HIGH_CONTRAST = Palette("hc", "#000000", "#000000", "#1a1a1a", "#ffffff", "#e0e0e0", "#bdbdbd", "#ffffff", "#ffffff")
PALETTES = (NORMAL, HIGH_CONTRAST)

# Stroke weights in user units, consistent across diagrams of similar size.
OUTLINE_W = 3.2
DETAIL_W = 1.8
FINE_W = 1.1


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
            f'<circle id={quoteattr(mid)} class="landmark" cx="{x:g}" cy="{y:g}" r="2.2" '
            f'fill="{color}" fill-opacity="0.55"/>'
            for mid, x, y in lm.all_markers()
        ]
        self.group("landmarks", body)

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
