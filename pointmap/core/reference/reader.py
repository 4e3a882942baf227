"""Reference.load: read data/points.db once, checking every value against the schema, into the
plain records of model.py."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pointmap.core import paths
from pointmap.core.errors import DataError
from pointmap.core.geometry.keys import DEFINITION_KEYS
from pointmap.core.reference import integrity
from pointmap.core.reference.model import (
    Alternative,
    Checklist,
    ChecklistItem,
    Diagram,
    DisputedLocation,
    GridSegment,
    Landmark,
    Meridian,
    Point,
    Position,
    Protocol,
    ProtocolStep,
    Region,
    Scale,
    ScreeningFlag,
    ScreeningQuestion,
    Source,
    WaitingFigure,
    WaitingPeriod,
    caution_pattern,
    region_title,
)

if TYPE_CHECKING:
    import sqlite3

    from pointmap.core.lessons import Lesson
    from pointmap.core.reference.schema import Table

# sqlite3, the opener (core/db.py) and the schema are imported where the file is read: a start from
# the cache's snapshot (core/reference/snapshot.py) needs none of them before the first frame.

_REBUILD = "Reinstall PointMap, or in a source checkout run 'pointmap db build'."
_REFERENCE_KEYS = ("at", "toward", "via", "x_of", "y_of")


class Reference:
    """All reference content in memory (a few hundred rows: loading takes milliseconds)."""

    def __init__(
        self,
        path: Path,
        meridians: dict[str, Meridian],
        points: dict[str, Point],
        diagrams: dict[str, Diagram],
        positions: dict[str, list[Position]],
        checklists: list[Checklist],
        protocols: list[Protocol],
        sources: dict[str, Source],
        grids: dict[str, list[GridSegment]] | None = None,
        by_point: dict[str, list[Position]] | None = None,
        screening: tuple[ScreeningQuestion, ...] = (),
        screening_flags: dict[str, ScreeningFlag] | None = None,
        waiting_periods: dict[str, WaitingPeriod] | None = None,
        disputed: tuple[DisputedLocation, ...] = (),
        lessons: tuple[Lesson, ...] | Callable[[], tuple[Lesson, ...]] = (),
        regions: dict[str, Region] | None = None,
    ):
        self.path = path
        self.meridians = meridians
        self.points = points
        self.diagrams = diagrams
        self.positions = positions  # by diagram
        self.checklists = checklists
        self.protocols = protocols
        self.sources = sources
        self.grids = grids or {}
        self._by_point = by_point or {}
        self._groups: list[str] | None = None
        self.screening = screening  # the questions asked before needling, in the order they are asked
        self.screening_flags = screening_flags or {}  # by id, in display order
        self.waiting_periods = waiting_periods or {}  # by the id of the question that asks for the date
        self.disputed = disputed  # locations a standard leaves unsettled
        self._lessons = lessons  # or what makes them, on first use
        self.regions = regions or {}  # the body regions drawn, by id, in the order the app lists them
        self._flagged: dict[str, tuple[str, ...]] = {}
        self._dangling: list[str] = []

    @classmethod
    def load(cls, path: Path | None = None, *, check_artwork: bool = True) -> Reference:
        """Open and read the reference database (default: the bundled points.db).

        Raises DataError, naming the table, row and column, when anything in it would break the
        app: a value of the wrong type, a NULL where a value must be, text too long to show, a
        coordinate off the diagram, a dangling reference, artwork that is not installed (unless
        ``check_artwork`` is False: the build checks a file it made for another tree's artwork).
        """
        import sqlite3

        from pointmap.core import db

        path = Path(path) if path is not None else paths.reference_db_path()
        conn = db.open_reference(path)
        try:
            reference = cls._read(_Reader(conn, path), path)
        except sqlite3.Error as exc:
            raise db.reference_error(path, exc) from None
        finally:
            conn.close()
        problem = integrity.consistency_problem(reference, check_artwork=check_artwork)
        if problem:
            raise DataError(f"The reference database at {path} is damaged: {problem}. {_REBUILD}")
        return reference

    def consistency_problem(self) -> str | None:
        """The first thing that would break the app, as a phrase; None when all is well."""
        return integrity.consistency_problem(self)

    @classmethod
    def _read(cls, rows: _Reader, path: Path) -> Reference:
        meridians = {
            r["code"]: Meridian(
                r["code"],
                r["name"],
                r["pinyin"],
                r["hanzi"],
                r["point_count"],
                r["color"],
                r["course"],
                r["notes"],
                tuple(d for d in r["diagrams"].split(",") if d),
            )
            for r in rows("meridians", "sort_order")
        }
        aliases: dict[str, list[str]] = defaultdict(list)
        for r in rows("aliases"):
            aliases[r["point_code"]].append(r["alias"])
        alt_pos: dict[tuple[str, int], list[Position]] = defaultdict(list)
        for r in rows("alternative_positions"):
            alt_pos[(r["point_code"], r["alternative"])].append(
                Position(r["point_code"], r["diagram"], r["side"], r["x"], r["y"])
            )
        alternatives: dict[str, list[Alternative]] = defaultdict(list)
        for r in rows("alternatives", "point_code, position", definition=definition_of):
            alternatives[r["point_code"]].append(
                Alternative(
                    r["label"],
                    r["location"],
                    r["source"],
                    tuple(alt_pos.get((r["point_code"], r["position"]), ())),
                    r["definition"],
                    r["position"],
                )
            )
        points = {
            r["code"]: Point(
                code=r["code"],
                meridian=r["meridian"],
                number=r["number"],
                group=r["group_code"] or (r["meridian"] or ""),
                pinyin=r["pinyin"],
                hanzi=r["hanzi"],
                english=r["english"],
                region=r["region"],
                location=r["location"],
                laterality=r["laterality"],
                depth=r["depth"],
                angle=r["angle"],
                cautions=r["cautions"],
                actions=r["actions"],
                indications=r["indications"],
                cosmetic=r["cosmetic"],
                notes=r["notes"],
                standard=r["standard"],
                definition=r["definition"],
                aliases=tuple(aliases.get(r["code"], ())),
                alternatives=tuple(alternatives.get(r["code"], ())),
                best_view=r["best_diagram"],
                standard_region=r["standard_region"],
            )
            for r in rows("points", "sort_order", definition=definition_of)
        }
        landmarks: dict[str, list[Landmark]] = defaultdict(list)
        for r in rows("landmarks"):
            landmarks[r["diagram"]].append(Landmark(r["name"], r["side"], r["x"], r["y"], r["label"]))
        scales: dict[str, list[Scale]] = defaultdict(list)
        for r in rows("scales"):
            scales[r["diagram"]].append(Scale(r["axis"], r["from_landmark"], r["to_landmark"], r["cun"]))
        diagrams = {
            r["id"]: Diagram(
                r["id"],
                r["title"],
                r["region"],
                r["view"],
                r["sides"],
                r["asset"],
                r["width"],
                r["height"],
                r["midline_x"],
                tuple(landmarks.get(r["id"], ())),
                tuple(scales.get(r["id"], ())),
            )
            for r in rows("diagrams", "sort_order")
        }
        positions: dict[str, list[Position]] = defaultdict(list)
        by_point: dict[str, list[Position]] = defaultdict(list)
        for r in rows("positions"):
            pos = Position(r["point_code"], r["diagram"], r["side"], r["x"], r["y"], r["site"], r["site_label"])
            positions[r["diagram"]].append(pos)
            by_point[r["point_code"]].append(pos)
        items: dict[str, list[ChecklistItem]] = defaultdict(list)
        for r in rows("checklist_items", "checklist_id, position"):
            items[r["checklist_id"]].append(
                ChecklistItem(
                    r["position"], r["text"], r["reason"], tuple(filter(None, r["basis"].split(","))), r["kind"]
                )
            )
        checklists = [
            Checklist(r["id"], r["title"], r["stage"], r["summary"], tuple(items.get(r["id"], ())))
            for r in rows("checklists", "stage_order, position")
        ]
        steps: dict[str, list[ProtocolStep]] = defaultdict(list)
        for r in rows("protocol_points", "protocol_id, position"):
            steps[r["protocol_id"]].append(ProtocolStep(r["position"], r["point_code"], r["note"]))
        protocols = [
            Protocol(
                r["id"], r["title"], r["region"], r["purpose"], r["notes"], r["status"], tuple(steps.get(r["id"], ()))
            )
            for r in rows("protocols", "sort_order")
        ]
        # Read and checked now, made into Lesson records when first asked for (after the first frame).
        lesson_rows = list(rows("lessons", "sort_order"))
        step_rows = list(rows("lesson_steps", "lesson_id, position"))
        sources = {
            r["id"]: Source(r["id"], r["title"], r["publisher"], r["year"], r["note"], r["url"], r["kind"])
            for r in rows("sources")
        }
        grids: dict[str, list[GridSegment]] = defaultdict(list)
        for r in rows("grid_segments", "diagram, position"):
            grids[r["diagram"]].append(
                GridSegment(
                    r["from_landmark"],
                    r["to_landmark"],
                    r["cun"],
                    (r["reach_min"], r["reach_max"]),
                    r["origin"],
                    (r["axis_from"], r["axis_to"]) if r["axis_from"] and r["axis_to"] else None,
                )
            )
        terms: dict[str, list[str]] = defaultdict(list)
        for r in rows("screening_caution_terms", "flag, position"):
            terms[r["flag"]].append(r["term"])
        screening_flags = {
            r["id"]: ScreeningFlag(r["id"], r["title"], r["meaning"], tuple(terms.pop(r["id"], ())), r["note"])
            for r in rows("screening_flags", "position")
        }
        screening = tuple(
            ScreeningQuestion(
                r["id"],
                r["position"],
                r["question"],
                r["answer_kind"],
                r["detail_prompt"],
                r["flag"],
                tuple(filter(None, r["basis"].split(","))),
                r["note"],
            )
            for r in rows("screening_questions", "position")
        )
        figures: dict[str, list[WaitingFigure]] = defaultdict(list)
        for r in rows("waiting_period_sources", "question_id, position"):
            figures[r["question_id"]].append(WaitingFigure(r["source_id"], r["min_days"], r["max_days"], r["context"]))
        waiting_periods = {
            r["question_id"]: WaitingPeriod(
                r["question_id"],
                r["procedure"],
                r["min_days"],
                r["max_days"],
                r["note"],
                tuple(figures.pop(r["question_id"], ())),
            )
            for r in rows("waiting_periods")
        }
        disputed = tuple(
            DisputedLocation(r["point_code"], r["standard"], r["note"])
            for r in rows("disputed_locations", "standard, point_code")
        )
        regions = {
            r["id"]: Region(r["id"], r["title"], tuple(filter(None, r["covers"].split(","))), r["note"])
            for r in rows("regions", "sort_order")
        }
        reference = cls(
            path,
            meridians,
            points,
            diagrams,
            dict(positions),
            checklists,
            protocols,
            sources,
            dict(grids),
            dict(by_point),
            screening,
            screening_flags,
            waiting_periods,
            disputed,
            partial(_make_lessons, lesson_rows, step_rows),
            regions,
        )
        # Child rows whose parent is missing: the consistency check names them.
        reference._dangling = [
            f"caution terms name screening flag '{flag}', which is not in the data" for flag in terms
        ]
        reference._dangling += [
            f"a waiting-period source names question '{question}', which has no waiting period" for question in figures
        ]
        return reference

    # -- queries ---------------------------------------------------------------------------

    def region_title(self, key: str) -> str:
        """The title of a region: 'Lower leg and foot' for 'leg'."""
        return region_title(self.regions, key)

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """The built-in lessons for trainers (ids 'builtin:…'), in display order."""
        if callable(self._lessons):
            self._lessons = self._lessons()
        return self._lessons

    def points_flagged(self, flag: str) -> tuple[str, ...]:
        """The codes of the points whose cautions concern a screening flag (its caution terms,
        found where a word starts, case ignored), in the data's order. KeyError for an unknown flag."""
        found = self._flagged.get(flag)
        if found is None:
            pattern = caution_pattern(self.screening_flags[flag].terms)
            found = (
                ()
                if pattern is None
                else tuple(code for code, point in self.points.items() if pattern.search(point.cautions.casefold()))
            )
            self._flagged[flag] = found
        return found

    def flags_of(self, code: str) -> tuple[str, ...]:
        """The screening flags whose caution terms concern a point, in display order."""
        return tuple(flag for flag in self.screening_flags if code in self.points_flagged(flag))

    def positions_of(self, code: str, diagram: str | None = None) -> list[Position]:
        found = self._by_point.get(code, [])
        return [p for p in found if diagram is None or p.diagram == diagram]

    def grid_segments(self, diagram: str) -> list[GridSegment]:
        return self.grids.get(diagram, [])

    def diagrams_showing(self, code: str) -> list[str]:
        seen = {p.diagram for p in self._by_point.get(code, [])}
        return [d for d in self.diagrams if d in seen]

    def diagram_for(self, code: str, prefer: str | None = None, *, best: bool = False) -> str | None:
        """The diagram to show a point on. With ``best`` (a search, a step through a sequence), the
        view where the point reads best when its data names one (``best_view``: the hand views for
        the hand and wrist); otherwise ``prefer`` when it shows the point, else the first diagram of
        the point's region that does, else any."""
        showing = self.diagrams_showing(code)
        if not showing:
            return None
        point = self.points.get(code)
        if best and point is not None and point.best_view in showing:
            return point.best_view
        if prefer in showing:
            return prefer
        same_region = [d for d in showing if point and self.diagrams[d].region == point.region]
        return (same_region or showing)[0]

    def landmark_label(self, name: str) -> str:
        """A readable name for a landmark or point reference used in definitions."""
        if name in self.points:
            return name
        base = name.split(":")[0]
        for diagram in self.diagrams.values():
            for mark in diagram.landmarks:
                if mark.name == base and mark.label:
                    label = mark.label[0].lower() + mark.label[1:]
                    return f"the {label}" if not label.startswith(("the ", "a ")) else label
        return base.replace("-", " ")

    def points_in(self, region: str | None = None, meridian: str | None = None) -> list[Point]:
        return [
            p
            for p in self.points.values()
            if (region is None or p.region == region) and (meridian is None or (p.meridian or p.group) == meridian)
        ]

    def meridian_sequence(self, meridian: str) -> list[Point]:
        """The meridian's points in this data, in number order (the order its path runs)."""
        return sorted(self.points_in(meridian=meridian), key=lambda p: p.number)

    @property
    def groups(self) -> list[str]:
        """Meridian codes and extra-point groups present, in display order."""
        if self._groups is None:
            seen: list[str] = [m for m in self.meridians if any(p.meridian == m for p in self.points.values())]
            for p in self.points.values():
                if p.meridian is None and p.group not in seen:
                    seen.append(p.group)
            self._groups = seen
        return self._groups

    def color_of(self, point: Point) -> str:
        meridian = self.meridians.get(point.meridian or "")
        return meridian.color if meridian else "#546e7a"


def _make_lessons(lessons: list[dict[str, Any]], steps: list[dict[str, Any]]) -> tuple[Lesson, ...]:
    """The built-in lessons from their checked rows (pointmap.core.lessons is not imported before
    the first frame: only the Lessons tab and presentation mode use them)."""
    from pointmap.core.lessons import BUILTIN_PREFIX, Lesson, LessonStep

    lesson_steps: dict[str, list[LessonStep]] = defaultdict(list)
    for r in steps:
        lesson_steps[r["lesson_id"]].append(
            LessonStep(
                r["view"],
                tuple(filter(None, r["points"].split(","))),
                r["shown"],
                tuple(filter(None, r["layers"].split(","))),
                r["zoom"],
                r["note"],
            )
        )
    return tuple(
        Lesson(
            BUILTIN_PREFIX + r["id"],
            r["title"],
            r["summary"],
            tuple(lesson_steps.get(r["id"], ())),
            r["based_on"] or None,
        )
        for r in lessons
    )


class _Reader:
    """Rows of one table as dicts of checked values, by the schema's declaration of its columns."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    def __call__(self, name: str, order: str = "rowid", **parse: Callable[[Any], Any]) -> Iterator[dict[str, Any]]:
        from pointmap.core.reference.schema import SCHEMA, ValueProblem

        table = SCHEMA[name]
        names = table.column_names
        readers = [c.read for c in table.columns]
        cursor = self.conn.cursor()
        cursor.row_factory = None
        columns = ", ".join(f'"{c}"' for c in names)
        cursor.execute(f'SELECT rowid, {columns} FROM "{name}" ORDER BY {order}')
        for row in cursor:
            try:
                values = {n: read(v) for n, read, v in zip(names, readers, row[1:], strict=True)}
                for column, convert in parse.items():
                    values[column] = convert(values[column])
            except ValueProblem:
                raise self._damage(table, row, parse) from None
            yield values

    def _damage(self, table: Table, row: tuple, parse: dict[str, Callable[[Any], Any]]) -> DataError:
        """The sentence naming the table, row and column of the first value that cannot be used."""
        from pointmap.core.reference.schema import ValueProblem

        for n, column in enumerate(table.columns, start=1):
            try:
                value = column.read(row[n])
                if column.name in parse:
                    parse[column.name](value)
            except ValueProblem as problem:
                key = [row[table.column_names.index(k) + 1] for k in table.key]
                return DataError(
                    f"The reference database at {self.path} is damaged: in table '{table.name}', "
                    f"row {_row_label(key, row[0])}, column '{column.name}' {problem}. {_REBUILD}"
                )
        raise AssertionError("no value of the row was refused")  # pragma: no cover


def _row_label(key: list[Any], rowid: int) -> str:
    """'ST6' or 'ST6/face/right/0' when the key is plain text of a sensible length (shown as it
    is, markup and all: messages are plain text), else the row's number ('#12')."""
    if all(isinstance(v, int) or (isinstance(v, str) and 0 < len(v) <= 80 and v.isprintable()) for v in key):
        return "/".join(str(v) for v in key)
    return f"#{rowid}"


def definition_of(text: str) -> dict[str, Any]:
    """A point's location definition from its JSON text; ValueProblem when it is not one the
    app can describe (see docs/data.md: references are names, everything else a number)."""
    import json  # a start from the snapshot reads no definition: json loads only when one is read

    from pointmap.core.reference.schema import ID, ValueProblem

    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueProblem("holds a location definition that is not valid JSON") from None
    if not isinstance(value, dict):
        raise ValueProblem("holds a location definition that is not a JSON object")
    for key, item in value.items():
        if key not in DEFINITION_KEYS:
            raise ValueProblem(f"holds a location definition with an unknown key ({key[:40]!r})")
        if key in _REFERENCE_KEYS:
            if not isinstance(item, str) or not 0 < len(item) <= ID:
                raise ValueProblem(f"holds a location definition whose '{key}' is not a landmark or point name")
        elif isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item):
            raise ValueProblem(f"holds a location definition whose '{key}' is not a finite number")
    # A crossing: where the line from 'at' to 'toward' meets the vertical through 'x_of' (or the
    # horizontal through 'y_of'), as for GB15 above the pupil on the line from GV24 to ST8.
    crossing = "at" in value and "toward" in value and ("x_of" in value) != ("y_of" in value)
    if "toward" in value and "of" not in value and "fraction" not in value and not crossing:
        raise ValueProblem("holds a location definition with 'toward' but neither 'of' nor 'fraction'")
    if ("x_of" in value) != ("y_of" in value) and not crossing:
        raise ValueProblem("holds a location definition with only one of 'x_of' and 'y_of'")
    return value
