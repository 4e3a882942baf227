"""The reference records (meridians, points, diagrams, checklists, protocols) as plain tuples."""

from __future__ import annotations

from typing import Any, NamedTuple


class Meridian(NamedTuple):
    code: str
    name: str
    pinyin: str
    hanzi: str
    point_count: int
    color: str
    course: str
    notes: str
    diagrams: tuple[str, ...]


class Position(NamedTuple):
    point_code: str
    diagram: str
    side: str
    x: float
    y: float
    site: int = 0
    site_label: str = ""


class Alternative(NamedTuple):
    label: str
    location: str
    source: str
    positions: tuple[Position, ...] = ()


class Point(NamedTuple):
    code: str
    meridian: str | None
    number: int
    group: str
    pinyin: str
    hanzi: str
    english: str
    region: str
    location: str
    laterality: str
    depth: str
    angle: str
    cautions: str
    actions: str
    indications: str
    cosmetic: str
    notes: str
    standard: str
    definition: dict
    aliases: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.code} {self.pinyin}"


class Landmark(NamedTuple):
    name: str
    side: str
    x: float
    y: float
    label: str


class Scale(NamedTuple):
    axis: str
    start: str
    end: str
    cun: float


class GridSegment(NamedTuple):
    """A proportional segment drawn as rungs, one per cun (the cun grid)."""

    start: str
    end: str
    cun: float
    reach: tuple[float, float]
    origin: str = "start"  # where counting starts: start, end or center

    def rungs(self) -> list[tuple[float, int]]:
        """(fraction of the way from start to end, cun label) for every rung."""
        if self.cun <= 0:
            return []
        if self.origin == "center":
            steps = int(self.cun / 2 + 1e-9)
            return sorted({(0.5 + sign * k / self.cun, k) for k in range(steps + 1) for sign in (-1, 1)})
        steps = int(self.cun + 1e-9)
        if self.origin == "end":
            return [(1 - k / self.cun, k) for k in range(steps + 1)]
        return [(k / self.cun, k) for k in range(steps + 1)]


class Diagram(NamedTuple):
    id: str
    title: str
    region: str
    view: str
    sides: str
    asset: str
    width: float
    height: float
    midline_x: float | None
    landmarks: tuple[Landmark, ...]
    scales: tuple[Scale, ...]

    def landmark(self, name: str, side: str = "right") -> Landmark | None:
        for mark in self.landmarks:
            if mark.name == name and mark.side in (side, "midline"):
                return mark
        return None


class ChecklistItem(NamedTuple):
    position: int
    text: str
    reason: str
    basis: tuple[str, ...]
    kind: str


class Checklist(NamedTuple):
    id: str
    title: str
    stage: str
    summary: str
    items: tuple[ChecklistItem, ...]


class ProtocolStep(NamedTuple):
    position: int
    point_code: str
    note: str


class Protocol(NamedTuple):
    id: str
    title: str
    region: str
    purpose: str
    notes: str
    status: str
    steps: tuple[ProtocolStep, ...]


class Source(NamedTuple):
    id: str
    title: str
    publisher: str
    year: int | None
    note: str


STAGE_TITLES = {
    "start-of-day": "Start of day",
    "before-patient": "Before each patient",
    "during-treatment": "During treatment",
    "after-treatment": "After treatment",
    "end-of-day": "End of day",
    "incident": "Incidents",
}


def as_plain(value: Any) -> Any:
    """A record (and the records inside it) as plain dicts and lists, e.g. for JSON."""
    if hasattr(value, "_asdict"):
        return {k: as_plain(v) for k, v in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [as_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    return value


REGION_TITLES = {"face": "Face", "arm": "Arm", "abdomen": "Abdomen"}
