"""Drawing with the subject's symmetry: a shape given once, for the subject's right side in a
view's own frame, is drawn where it belongs and mirrored for the left side.

``flip`` maps a front-view frame into a back view (the same limb seen from behind is its mirror
image), so the arm and hand views draw each shape once for both of their views.
"""

from __future__ import annotations

from collections.abc import Sequence

from tools.diagrams.common import DETAIL_W, FINE_W, OUTLINE_W, Palette, Svg
from tools.diagrams.geometry import Pt, ellipse_points, mirror, spline, strip


class Pen:
    def __init__(self, svg: Svg, midline: float, *, flip: bool = False, both: bool = True):
        self.svg, self.pal, self.mid, self.flip, self.both = svg, svg.palette, midline, flip, both

    @property
    def w(self) -> float:
        return self.pal.weight

    def copies(self, pts: Sequence[Pt]) -> list[list[Pt]]:
        right = mirror(pts, self.mid) if self.flip else list(pts)
        return [right, mirror(right, self.mid)] if self.both else [right]

    def place(self, p: Pt) -> list[Pt]:
        return [c[0] for c in self.copies([p])]

    def path(
        self,
        pts: Sequence[Pt],
        *,
        closed: bool = False,
        stroke: str | None = None,
        width: float = DETAIL_W,
        opacity: float = 1.0,
        fill: str = "none",
        fill_opacity: float = 1.0,
        dash: str | None = None,
    ) -> None:
        extra = ""
        if stroke and opacity < 1:
            extra += f' stroke-opacity="{opacity:g}"'
        if fill != "none" and fill_opacity < 1:
            extra += f' fill-opacity="{fill_opacity:g}"'
        if dash:
            extra += f' stroke-dasharray="{dash}"'
        for copy in self.copies(pts):
            d = spline(copy, closed)
            if d:
                self.svg.path(d, fill=fill, stroke=stroke, width=width * self.w if stroke else width, extra=extra)

    def polyline(self, pts: Sequence[Pt], *, stroke: str, width: float, opacity: float = 1.0) -> None:
        """Straight segments (no smoothing), for cut lines and ticks."""
        extra = f' stroke-opacity="{opacity:g}"' if opacity < 1 else ""
        for copy in self.copies(pts):
            d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in copy)
            self.svg.path(d, stroke=stroke, width=width * self.w, extra=extra)

    # -- line kinds ------------------------------------------------------------------------------

    def outline(self, pts: Sequence[Pt], closed: bool = False, opacity: float = 1.0) -> None:
        self.path(pts, closed=closed, stroke=self.pal.outline, width=OUTLINE_W, opacity=opacity)

    def line(self, pts: Sequence[Pt], opacity: float = 0.85, width: float = DETAIL_W) -> None:
        self.path(pts, stroke=self.pal.detail, width=width, opacity=opacity)

    def fine(self, pts: Sequence[Pt], opacity: float = 0.7) -> None:
        self.path(pts, stroke=self.pal.detail, width=FINE_W, opacity=opacity)

    def area(self, pts: Sequence[Pt], color: str | None = None, opacity: float = 1.0) -> None:
        self.path(pts, closed=True, fill=color or self.pal.skin, fill_opacity=opacity)

    def tone(self, pts: Sequence[Pt], opacity: float = 0.5) -> None:
        """A flat secondary tone (crisp-edged, no gradient): the far side of a form, a hollow."""
        self.path(pts, closed=True, fill=self.pal.skin_shade, fill_opacity=opacity)

    def ellipse(
        self,
        c: Pt,
        rx: float,
        ry: float,
        tilt: float = 0.0,
        *,
        fill: str = "none",
        fill_opacity: float = 1.0,
        stroke: str | None = None,
        width: float = FINE_W,
        opacity: float = 1.0,
    ) -> None:
        self.path(
            ellipse_points(c, rx, ry, tilt),
            closed=True,
            fill=fill,
            fill_opacity=fill_opacity,
            stroke=stroke,
            width=width,
            opacity=opacity,
        )


def anatomy_pen(svg: Svg, midline: float, *, flip: bool = False, both: bool = True) -> Pen:
    return Pen(svg, midline, flip=flip, both=both)


def palette_tone(palette: Palette, light: str, dark: str) -> str:
    """A colour that depends on whether the drawing is on a dark ground."""
    return dark if palette.is_dark else light


# -- the anatomy layer's strokes, shared by the arm, hand and leg views ------------------------------


def bone(pen: Pen, pts: list[Pt]) -> None:
    pen.path(
        pts, closed=True, fill=pen.pal.bone, fill_opacity=0.85, stroke=pen.pal.bone_line, width=FINE_W, opacity=0.8
    )


def muscle(pen: Pen, pts: list[Pt], opacity: float = 1.0, fill_opacity: float = 0.26) -> None:
    pen.path(
        pts,
        closed=True,
        fill=pen.pal.muscle,
        fill_opacity=fill_opacity * opacity,
        stroke=pen.pal.muscle_line,
        width=FINE_W,
        opacity=0.5 * opacity,
    )


def tendon(pen: Pen, pts: list[Pt], half: float) -> None:
    pen.path(
        strip(pts, [half] * len(pts)),
        closed=True,
        fill=pen.pal.tendon,
        fill_opacity=0.6,
        stroke=pen.pal.tendon,
        width=FINE_W,
        opacity=0.85,
    )
