"""The reference records (meridians, points, diagrams, checklists, protocols, screening) as plain tuples."""

# No "from __future__ import annotations" here: typing.NamedTuple turns every string annotation
# into a ForwardRef, which compiles it, and that made importing these records cost 4-5 ms of start-up.
import re
from collections.abc import Iterable
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
    definition: dict | None = None  # its location definition (the photo view places it from the photo's landmarks)
    number: int = 0  # its place among the point's alternatives, from 1 (alternative_positions.alternative)


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
    best_view: str = ""  # the diagram where it reads best (search and stepping go there); "" for any
    standard_region: str = ""  # the body region its standard names, when outside ``region`` ("chest")

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
    axis: tuple[str, str] | None = None  # the limb's axis: rungs run across it (default: across start-end)

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


class DisputedLocation(NamedTuple):
    """A point whose location a standard leaves unsettled (it keeps two); ``point_code`` need
    not be a point of the data (WHO 2008's GB30 lies outside PointMap's regions)."""

    point_code: str
    standard: str  # a source id
    note: str


class Source(NamedTuple):
    id: str
    title: str
    publisher: str
    year: int | None
    note: str
    url: str = ""
    kind: str = ""  # location standard, code of practice, clinic guidance …


class ScreeningFlag(NamedTuple):
    """What a "yes" to a screening question raises. ``terms`` are the words (or the starts of
    words) in a point's cautions that mark the point as concerned by the flag."""

    id: str
    title: str
    meaning: str
    terms: tuple[str, ...]
    note: str


class ScreeningQuestion(NamedTuple):
    """A question asked before needling. ``answer_kind``: yes-no, yes-no-detail (with
    ``detail_prompt`` beside the answer) or date (the day of the last procedure, which has a
    waiting period)."""

    id: str
    position: int
    question: str
    answer_kind: str
    detail_prompt: str
    flag: str
    basis: tuple[str, ...]
    note: str


class WaitingFigure(NamedTuple):
    """The waiting time one source gives after a procedure, in days (a single figure when the two are equal)."""

    source: str
    min_days: int
    max_days: int
    context: str


WAIT = "wait"  # fewer days have passed than every source asks
DISPUTED = "disputed"  # some sources would treat now, others would still wait
CLEAR = "clear"  # every source's waiting time has passed


class WaitingPeriod(NamedTuple):
    """How long clinics wait after a procedure before needling the area: the range over every
    source's figure (sources disagree; ``note`` says how)."""

    question_id: str
    procedure: str
    min_days: int
    max_days: int
    note: str
    figures: tuple[WaitingFigure, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.source for f in self.figures))

    def status(self, days_since: int) -> str:
        """WAIT while fewer than ``min_days`` have passed, CLEAR once ``max_days`` have, and
        DISPUTED in between. ``days_since`` counts whole days since the procedure (0: today)."""
        if days_since < 0:
            raise ValueError("the procedure's date is in the future")
        if days_since < self.min_days:
            return WAIT
        if days_since < self.max_days:
            return DISPUTED
        return CLEAR


def caution_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern that finds any of ``terms`` where a word starts (case ignored): "pregnan" finds
    "Pregnancy" and "pregnant"; "infect" finds "infection" but not "disinfect". None for no terms."""
    words = sorted({t.strip().casefold() for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")")


def cautions_concern(cautions: str, terms: Iterable[str]) -> bool:
    """Whether a point's cautions text holds one of the flag's caution terms (see caution_pattern)."""
    pattern = caution_pattern(terms)
    return pattern is not None and pattern.search(cautions.casefold()) is not None


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


class Region(NamedTuple):
    """One of the body regions PointMap draws (data/regions.toml)."""

    id: str
    title: str
    covers: tuple[str, ...]  # the body regions a location standard names that it takes in
    note: str


def region_title(regions: dict[str, Region], key: str) -> str:
    """The title of a region ('Lower leg and foot' for 'leg'); an id the data does not know reads
    as itself in words, so a user's protocol from a newer PointMap still shows something."""
    region = regions.get(key)
    return region.title if region else key.replace("-", " ").capitalize()
