"""The face points on a photo of a client's face: proportional cun from this face's landmarks. No Qt.

The practitioner places the landmarks the face view's definitions use (pupils, canthi, glabella,
hairline, alae, mouth corners …) on the photo, each side on its own: a face is not symmetric. The
points are then placed by ``places.place``, the code path that builds ``points.db``, in a frame
that follows the face:

- the face's own horizontal is the mean direction from each right-side landmark to its left twin
  (the pupils, the canthi …), so a head tilted on the photo tilts its cun with it; the frame is that
  rotation about the landmarks' centre, and nothing else (cun come from the landmarks' distances,
  so the photo's scale and where the face sits in it change nothing);
- the subject's right side is placed from the right-side and midline landmarks, as the build does;
  the left side from the left-side landmarks, reflected into the right side's place and back (the
  build mirrors instead: on a drawing the two coincide); a midline point is the mean of the two.

So the face diagram's own landmarks, given as a "photo", give ``points.db``'s positions, and a photo
scaled, shifted or turned gives the same points scaled, shifted or turned (tests/core/test_photo_geometry.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pointmap.core.geometry.cun import DiagramGeometry, Scale, Vec, references
from pointmap.core.geometry.places import Unplaced, Wanted, place

if TYPE_CHECKING:
    from pointmap.core.reference import Diagram, GridSegment, Landmark, Position, Reference

LandmarkKey = tuple[str, str]  # (name, side): side right, left or midline (the subject's)
SpotKey = tuple[str, int, int, str]  # (point code, site, alternative, side)
FIRST_LANDMARKS = ("pupil",)  # asked first: two clicks, and every other landmark has a first guess


@dataclass(frozen=True)
class Frame:
    """The face's frame on a photo: ``to_face`` turns a photo position into the frame where the
    face's horizontal is horizontal (about ``centre``); ``to_photo`` turns it back."""

    centre: Vec
    cos: float
    sin: float

    def to_face(self, p: Vec) -> Vec:
        d = p - self.centre
        return Vec(d.x * self.cos + d.y * self.sin, -d.x * self.sin + d.y * self.cos)

    def to_photo(self, p: Vec) -> Vec:
        return Vec(p.x * self.cos - p.y * self.sin + self.centre.x, p.x * self.sin + p.y * self.cos + self.centre.y)

    @property
    def angle(self) -> float:
        """How far the face is turned on the photo, in degrees (clockwise on screen)."""
        return math.degrees(math.atan2(self.sin, self.cos))


def face_frame(landmarks: Mapping[LandmarkKey, Vec]) -> Frame:
    """The frame of a face from its landmarks (see the module's docstring)."""
    spots = list(landmarks.values())
    centre = Vec(sum(p.x for p in spots) / len(spots), sum(p.y for p in spots) / len(spots)) if spots else Vec(0, 0)
    across = Vec(0.0, 0.0)
    for (name, side), right in landmarks.items():
        left = landmarks.get((name, "left")) if side == "right" else None
        if left is not None:
            across = across + (left - right)
    length = across.length
    if length == 0:
        return Frame(centre, 1.0, 0.0)
    return Frame(centre, across.x / length, across.y / length)


def _reflect(p: Vec) -> Vec:
    return Vec(-p.x, p.y)


class FacePlan:
    """What to place on a photo of one view (the face, front): its points' definitions, the
    landmarks they need and the view's cun scales, read once from the reference."""

    def __init__(self, reference: Reference, diagram_id: str = "face"):
        self.reference = reference
        self.diagram: Diagram = reference.diagrams[diagram_id]
        self.template = _geometry(self.diagram)
        self.points = frozenset(reference.points)
        self.midline = frozenset(c for c, p in reference.points.items() if p.laterality == "midline")
        wanted: list[Wanted] = []
        seen: set[str] = set()
        for pos in reference.positions.get(diagram_id, []):
            if pos.point_code in seen or pos.site:
                continue  # a point of several spots keeps their definitions in the sources only
            seen.add(pos.point_code)
            wanted.append(Wanted(pos.point_code, reference.points[pos.point_code].definition))
        for code in seen:
            for alt in reference.points[code].alternatives:
                if alt.definition and any(p.diagram == diagram_id for p in alt.positions):
                    wanted.append(Wanted(code, alt.definition, alternative=alt.number))
        self.wanted = wanted
        self.grid_segments: list[GridSegment] = list(reference.grid_segments(diagram_id))
        self.landmarks = self._landmarks_needed()

    def _landmarks_needed(self) -> list[LandmarkKey]:
        """The landmarks the points, the scales and the grid use, each side on its own: the pupils
        first, then from the top of the head down, the subject's right before the left."""
        names: set[str] = set()
        for w in self.wanted:
            names.update(r.partition(":")[0] for r in references(w.definition) if r not in self.points)
        for scale in (self.template.scale_x, self.template.scale_y):
            if scale is not None:
                names.update(r.partition(":")[0] for r in (scale.start, scale.end))
        for segment in self.grid_segments:
            names.update(r.partition(":")[0] for r in (segment.start, segment.end, *(segment.axis or ())))
        keys: list[LandmarkKey] = []
        for name in names:
            if (name, "midline") in self.template.landmarks:
                keys.append((name, "midline"))
            elif (name, "right") in self.template.landmarks:
                keys.extend([(name, "right"), (name, "left")])
        side_order = {"right": 0, "midline": 0, "left": 1}

        def order(key: LandmarkKey) -> tuple:
            return (key[0] not in FIRST_LANDMARKS, self.template.landmarks[key].y, key[0], side_order[key[1]])

        return sorted(keys, key=order)

    def label(self, key: LandmarkKey) -> str:
        """How the landmark is named to the practitioner: 'Pupil, eyes looking straight ahead (client's right)'."""
        mark = self.diagram.landmark(key[0], "right" if key[1] == "left" else key[1])
        text = mark.label if mark is not None and mark.label else key[0].replace("-", " ").capitalize()
        return text if key[1] == "midline" else f"{text} (client's {key[1]})"

    def template_position(self, key: LandmarkKey) -> Vec:
        """Where the view's drawing has the landmark (SVG units)."""
        return self.template.landmarks[key]

    # -- placing ---------------------------------------------------------------------------------

    def place(self, landmarks: Mapping[LandmarkKey, Vec]) -> PhotoPlacement:
        """Every point (both sides, alternatives too) from the photo's landmarks, in photo units."""
        frame = face_frame(landmarks)
        right: dict[tuple[str, str], Vec] = {}
        left: dict[tuple[str, str], Vec] = {}
        for (name, side), pos in landmarks.items():
            aligned = frame.to_face(pos)
            right[(name, side)] = aligned
            mirrored_side = {"right": "left", "left": "right"}.get(side, side)
            left[(name, mirrored_side)] = _reflect(aligned)
        spots: dict[SpotKey, Vec] = {}
        problems: list[Unplaced] = []
        passes = []
        for marks in (right, left):
            geo = DiagramGeometry(
                id=self.diagram.id,
                width=self.template.width,
                height=self.template.height,
                sides="right",
                landmarks=marks,
                right_side=self.template.right_side,
                scale_x=self.template.scale_x,
                scale_y=self.template.scale_y,
            )
            placement = place(self.wanted, geo, self.points)
            passes.append(placement.positions())
            problems.extend(placement.problems)
        on_right, on_left = passes
        for key, pos in on_right.items():
            code, site, alternative = key
            other = on_left.get(key)
            if code in self.midline:
                both = pos if other is None else Vec((pos.x - other.x) / 2, (pos.y + other.y) / 2)
                spots[(code, site, alternative, "midline")] = frame.to_photo(both)
                continue
            spots[(code, site, alternative, "right")] = frame.to_photo(pos)
            if other is not None:
                spots[(code, site, alternative, "left")] = frame.to_photo(_reflect(other))
        return PhotoPlacement(spots, frame, self._units(landmarks), problems)

    def _units(self, landmarks: Mapping[LandmarkKey, Vec]) -> tuple[float | None, float | None]:
        """(photo units per cun across, per cun up and down), from the view's scales."""
        found = []
        for scale in (self.template.scale_x, self.template.scale_y):
            ends = [_key(self.template, r) for r in (scale.start, scale.end)] if scale else []
            if scale is None or any(k is None or k not in landmarks for k in ends):
                found.append(None)
                continue
            found.append((landmarks[ends[1]] - landmarks[ends[0]]).length / scale.cun)  # type: ignore[index]
        return found[0], found[1]

    # -- first guesses ---------------------------------------------------------------------------

    def guess(self, placed: Mapping[LandmarkKey, Vec], width: float, height: float) -> dict[LandmarkKey, Vec]:
        """Every landmark: those placed where they are, the others where the drawing has them,
        moved onto the photo by the turn, scale and shift that best fits the placed ones (with
        fewer than two placed: the drawing fitted into the photo)."""
        pairs = [(self.template.landmarks[k], p) for k, p in placed.items() if k in self.template.landmarks]
        if len(pairs) >= 2:
            fit = _similarity(pairs)
        else:
            scale = min(width / self.template.width, height / self.template.height)
            dx = (width - self.template.width * scale) / 2
            dy = (height - self.template.height * scale) / 2
            fit = (complex(scale, 0), complex(dx, dy))
        a, b = fit
        guesses = {}
        for key in self.landmarks:
            if key in placed:
                guesses[key] = placed[key]
                continue
            z = a * complex(*_xy(self.template.landmarks[key])) + b
            guesses[key] = Vec(z.real, z.imag)
        return guesses

    # -- as the reference's records, for the scene ----------------------------------------------

    def as_diagram(self, landmarks: Mapping[LandmarkKey, Vec], width: float, height: float) -> Diagram:
        """The view as a diagram the size of the photo, with the photo's landmarks."""
        from pointmap.core.reference import Landmark

        marks = tuple(
            Landmark(name, side, pos.x / width, pos.y / height, self.label((name, side)))
            for (name, side), pos in landmarks.items()
        )
        return self.diagram._replace(width=float(width), height=float(height), landmarks=marks)

    def grid_on_photo(self, landmarks: Mapping[LandmarkKey, Vec]) -> list[GridSegment]:
        """The view's cun grid segments, their reach (drawn in SVG units) scaled to the photo."""
        units = self._units(landmarks)[1]
        drawn = self.template.scale_unit(self.template.scale_y)
        ratio = units / drawn if units and drawn else 1.0
        return [s._replace(reach=(s.reach[0] * ratio, s.reach[1] * ratio)) for s in self.grid_segments]


@dataclass(frozen=True)
class PhotoPlacement:
    """Every spot on the photo (photo units), the face's frame and its cun units."""

    spots: dict[SpotKey, Vec]
    frame: Frame
    units: tuple[float | None, float | None]  # photo units per cun: (across, up and down)
    problems: list[Unplaced]

    def positions(self, diagram_id: str, width: float, height: float) -> list[Position]:
        """The points' own spots as the reference's positions (fractions of the photo's size)."""
        from pointmap.core.reference import Position

        return [
            Position(code, diagram_id, side, pos.x / width, pos.y / height, site)
            for (code, site, alternative, side), pos in self.spots.items()
            if not alternative
        ]

    def alternative_positions(self, diagram_id: str, width: float, height: float) -> dict[tuple[str, int], list]:
        """(point code, alternative number) -> its positions on the photo."""
        from pointmap.core.reference import Position

        found: dict[tuple[str, int], list] = {}
        for (code, site, alternative, side), pos in self.spots.items():
            if alternative:
                found.setdefault((code, alternative), []).append(
                    Position(code, diagram_id, side, pos.x / width, pos.y / height, site)
                )
        return found

    def offset_cun(self, code: str, side: str, spot: Vec, site: int = 0) -> tuple[float, float]:
        """How far ``spot`` lies from the computed place of the point, in cun: (superior, lateral)
        in the face's frame, lateral away from the midline (for a midline point: toward the
        client's left). Up and down in the vertical scale's cun (glabella to hairline 3 cun),
        across in the horizontal scale's (the hairline corners 9 cun apart)."""
        computed = self.spots[(code, site, 0, side)]
        d = self.frame.to_face(spot) - self.frame.to_face(computed)
        across_unit, up_unit = self.units
        if not across_unit or not up_unit:
            raise ValueError("the photo's landmarks give no cun scale")
        lateral = d.x if side in ("left", "midline") else -d.x  # the client's left is the viewer's right
        return (-d.y / up_unit, lateral / across_unit)

    def spot_at(self, code: str, side: str, superior: float, lateral: float, site: int = 0) -> Vec:
        """The photo position ``superior`` and ``lateral`` cun from the computed place (offset_cun's inverse)."""
        computed = self.frame.to_face(self.spots[(code, site, 0, side)])
        across_unit, up_unit = self.units
        dx = lateral * (across_unit or 0) * (1 if side in ("left", "midline") else -1)
        return self.frame.to_photo(Vec(computed.x + dx, computed.y - superior * (up_unit or 0)))


def _key(geo: DiagramGeometry, ref: str) -> LandmarkKey | None:
    name, _, side = ref.partition(":")
    if side:
        return (name, side)
    if (name, "right") in geo.landmarks:
        return (name, "right")
    if (name, "midline") in geo.landmarks:
        return (name, "midline")
    return None


def _xy(p: Vec) -> tuple[float, float]:
    return (p.x, p.y)


def _similarity(pairs: Iterable[tuple[Vec, Vec]]) -> tuple[complex, complex]:
    """The turn, scale and shift (z -> a z + b) that best carries each first position onto its second."""
    pairs = list(pairs)
    zs = [complex(*_xy(a)) for a, _ in pairs]
    ws = [complex(*_xy(b)) for _, b in pairs]
    zm, wm = sum(zs) / len(zs), sum(ws) / len(ws)
    top = sum((w - wm) * (z - zm).conjugate() for z, w in zip(zs, ws, strict=True))
    bottom = sum(abs(z - zm) ** 2 for z in zs)
    a = top / bottom if bottom else complex(1, 0)
    return a, wm - a * zm


def _geometry(diagram: Diagram) -> DiagramGeometry:
    """A reference diagram as the build's geometry, in SVG units (landmarks of both sides)."""
    width, height = diagram.width, diagram.height
    marks: dict[LandmarkKey, Vec] = {(m.name, m.side): Vec(m.x * width, m.y * height) for m in diagram.landmarks}
    scales = {s.axis: Scale(s.start, s.end, s.cun) for s in diagram.scales}
    midline = diagram.midline_x * width if diagram.midline_x is not None else None
    right_side = "viewer-left"
    if midline is not None:
        rights = [p.x for (_, side), p in marks.items() if side == "right"]
        if rights and sum(rights) / len(rights) > midline:
            right_side = "viewer-right"
    return DiagramGeometry(
        id=diagram.id,
        width=width,
        height=height,
        sides=diagram.sides,
        landmarks=marks,
        midline_x=midline,
        right_side=right_side,
        scale_x=scales.get("x"),
        scale_y=scales.get("y"),
    )


def landmark_of(marks: Iterable[Landmark], width: float, height: float) -> dict[LandmarkKey, Vec]:
    """Reference landmarks (fractions) as photo positions."""
    return {(m.name, m.side): Vec(m.x * width, m.y * height) for m in marks}
