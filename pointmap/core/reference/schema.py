"""The one declaration of data/points.db: tables, typed columns, keys, indexes and the schema version.

The build creates the tables from it, the opener checks a file against it, and the reader
reads (and checks) every value through it, so the three can never disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = 6
"""Stored as ``PRAGMA user_version`` and as ``meta.schema_version``. Raise it whenever a table or
column is added, removed or changes meaning."""

# Longest text accepted in a column, by kind of value. Generous for the data (the longest
# location is a few hundred characters) and small enough that no value can swamp the search
# index or the details pane.
CODE = 20  # point codes
ID = 64  # ids, landmark names, enumerations
NAME = 200  # names, titles, labels
LIST = 2_000  # comma-separated lists of ids
DEFINITION = 4_000  # a location definition (JSON)
PROSE = 20_000  # locations, cautions, notes

_REFUSE = object()  # a NULL in this column is damage


class ValueProblem(ValueError):
    """A value that does not fit its column; str() is a phrase such as 'holds text where a number belongs'."""


@dataclass(frozen=True)
class Column:
    """One column: the Python type of its values and what the reader accepts."""

    name: str
    type: type  # str, int or float
    null: Any = _REFUSE  # what a NULL reads as (None, "" …); by default a NULL is refused
    max_length: int = 0  # text: the longest value accepted
    low: float | None = None  # numbers: the smallest value accepted
    high: float | None = None  # numbers: the largest value accepted
    choices: tuple[str, ...] = ()  # text: the only values accepted, when the set is closed

    @property
    def nullable(self) -> bool:
        return self.null is not _REFUSE

    def read(self, value: Any) -> Any:
        """The value as the app uses it, or ValueProblem saying why it cannot be used."""
        kind = type(value)
        if kind is self.type:  # the common case, checked first: reading stays fast
            if kind is str:
                if len(value) <= self.max_length and not self.choices:
                    return value
            elif self.low <= value <= self.high:  # type: ignore[operator]  # NaN fails this test
                return value
        if value is None:
            if self.null is _REFUSE:
                raise ValueProblem("is empty (NULL)")
            return self.null
        if isinstance(value, bytes):
            raise ValueProblem(f"holds binary data where {_KIND[self.type]} belongs")
        if self.type is str:
            if not isinstance(value, str):
                raise ValueProblem(f"holds a number ({value!r}) where text belongs")
            if len(value) > self.max_length:
                raise ValueProblem(f"holds {len(value):,} characters of text; at most {self.max_length:,} are expected")
            if self.choices and value not in self.choices:
                raise ValueProblem(f"holds {_short(value)}; expected one of {', '.join(self.choices)}")
            return value
        if isinstance(value, str):
            raise ValueProblem(f"holds text ({_short(value)}) where {_KIND[self.type]} belongs")
        if self.type is int:
            if not isinstance(value, int):
                raise ValueProblem(f"holds {value!r} where a whole number belongs")
        elif not math.isfinite(value):
            raise ValueProblem(f"holds {value!r} where a finite number belongs")
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise ValueProblem(f"holds {value!r}; expected a number from {self.low:g} to {self.high:g}")
        return float(value) if self.type is float else value

    def type_problem(self, value: Any) -> str | None:
        """Why a value the build is about to write does not fit this column (type and length
        only: ranges are the compiler's business, with better words), or None."""
        if value is None:
            return None if self.nullable else "must not be empty"
        if self.type is str:
            if not isinstance(value, str):
                return f"must be text, not {describe(value)}"
            if len(value) > self.max_length:
                return f"is {len(value):,} characters long; at most {self.max_length:,} are allowed"
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be {_KIND[self.type]}, not {describe(value)}"
        if self.type is int and not isinstance(value, int):
            return f"must be a whole number, not {value!r}"
        if not math.isfinite(value) or abs(value) > 2**63 - 1:
            return f"must be a finite number within ±9.2e18, not {_short(value)}"
        return None


_KIND = {str: "text", int: "a whole number", float: "a number"}


def _short(value: Any, limit: int = 40) -> str:
    """repr() of a value, cut in the middle when long."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "…" + text[-3:]


def describe(value: Any) -> str:
    """'a number (5)', 'a list', 'a table': how a TOML value reads to the person who wrote it."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({_short(value)})"
    if isinstance(value, str):
        return f"text ({_short(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


@dataclass(frozen=True)
class Table:
    """One table: its columns, primary key, foreign keys (column, other table, other column) and indexes."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name}")


def _text(name: str, length: int, null: Any = _REFUSE, choices: tuple[str, ...] = ()) -> Column:
    return Column(name, str, null=null, max_length=length, choices=choices)


def _int(name: str, low: float = -(2**63), high: float = 2**63 - 1, null: Any = _REFUSE) -> Column:
    """A whole-number column; like every number column it has both bounds (the reader relies on it)."""
    return Column(name, int, null=null, low=low, high=high)


def _real(name: str, low: float, high: float, null: Any = _REFUSE) -> Column:
    return Column(name, float, null=null, low=low, high=high)


SIDES = ("left", "right", "midline")
LATERALITIES = ("bilateral", "midline")
ANSWER_KINDS = ("yes-no", "yes-no-detail", "date")
"""How a screening question is answered: yes or no; yes or no with a detail typed beside it; or the
date of the last procedure (a question with a waiting period)."""
LESSON_SHOWN = ("all", "lesson", "step")  # which markers a lesson step draws (core.lessons.SHOWN)
MAX_DAYS = 3650  # a waiting period is counted in days, at most ten years
_FRACTION = (0.0, 1.0)  # x and y: fractions of the diagram's width and height
_SVG = (-1e6, 1e6)  # lengths in SVG user units

TABLES: tuple[Table, ...] = (
    Table("meta", (_text("key", ID), _text("value", NAME, null="")), ("key",)),
    Table(
        "sources",
        (
            _text("id", ID),
            _text("title", NAME, null=""),
            _text("publisher", NAME, null=""),
            _int("year", 0, 9999, null=None),
            _text("kind", NAME, null=""),
            _text("note", PROSE, null=""),
            _text("url", LIST, null=""),
        ),
        ("id",),
    ),
    Table(
        # The body regions PointMap draws (data/regions.toml), in the order the app lists them:
        # every point, diagram and protocol names one. Since version 6.
        "regions",
        (
            _text("id", ID),
            _text("title", NAME, null=""),
            _text("covers", LIST, null=""),  # the standard's body regions it takes in (comma list)
            _text("note", PROSE, null=""),
            _int("sort_order"),
        ),
        ("id",),
    ),
    Table(
        "meridians",
        (
            _text("code", ID),
            _text("name", NAME, null=""),
            _text("pinyin", NAME, null=""),
            _text("hanzi", NAME, null=""),
            _int("point_count", 0, 1000),
            _text("notes", PROSE, null=""),
            _text("course", PROSE, null=""),
            _text("color", ID, null="#607d8b"),
            _text("alias_prefixes", LIST, null="[]"),
            _text("diagrams", LIST, null=""),
            _int("sort_order"),
        ),
        ("code",),
    ),
    Table(
        "diagrams",
        (
            _text("id", ID),
            _text("title", NAME, null=""),
            _text("region", ID),
            _text("view", ID, null=""),
            _text("sides", ID, choices=("both", "right")),
            _text("asset", NAME),
            _real("width", 1, 1e6),
            _real("height", 1, 1e6),
            _real("midline_x", *_FRACTION, null=None),
            _int("sort_order"),
        ),
        ("id",),
        indexes=(("region",),),
    ),
    Table(
        "landmarks",
        (
            _text("diagram", ID),
            _text("name", ID),
            _text("side", ID, choices=SIDES),
            _real("x", *_FRACTION),
            _real("y", *_FRACTION),
            _text("label", NAME, null=""),
        ),
        ("diagram", "name", "side"),
        (("diagram", "diagrams", "id"),),
    ),
    Table(
        "scales",
        (
            _text("diagram", ID),
            _text("axis", ID, choices=("x", "y")),
            _text("from_landmark", ID),
            _text("to_landmark", ID),
            _real("cun", 0, 100),
        ),
        ("diagram", "axis"),
        (("diagram", "diagrams", "id"),),
    ),
    Table(
        "grid_segments",
        (
            _text("diagram", ID),
            _int("position"),
            _text("from_landmark", ID),
            _text("to_landmark", ID),
            _real("cun", 0, 100),
            _real("reach_min", *_SVG),
            _real("reach_max", *_SVG),
            _text("origin", ID, choices=("start", "end", "center")),
            _text("axis_from", ID, null=""),
            _text("axis_to", ID, null=""),
        ),
        ("diagram", "position"),
        (("diagram", "diagrams", "id"),),
    ),
    Table(
        "points",
        (
            _text("code", CODE),
            _text("meridian", ID, null=None),
            _int("number", 0, 1000),
            _text("group_code", ID, null=""),
            _text("pinyin", NAME, null=""),
            _text("pinyin_plain", NAME, null=""),
            _text("hanzi", NAME, null=""),
            _text("english", NAME, null=""),
            _text("region", ID),
            _text("location", PROSE, null=""),
            _text("laterality", ID, choices=LATERALITIES),
            _text("depth", PROSE, null=""),
            _text("angle", PROSE, null=""),
            _text("cautions", PROSE, null=""),
            _text("actions", PROSE, null=""),
            _text("indications", PROSE, null=""),
            _text("cosmetic", PROSE, null=""),
            _text("notes", PROSE, null=""),
            _text("standard", NAME, null=""),
            # The body region the location standard names, when it lies outside the app's region
            # ('chest' for GB24, drawn with the abdomen); empty when the two agree.
            _text("standard_region", NAME, null=""),
            _text("definition", DEFINITION, null="{}"),
            _int("sort_order"),
            _text("alias_text", LIST, null=""),
            _text("best_diagram", ID, null=""),
        ),
        ("code",),
        (("meridian", "meridians", "code"),),
        (("region",), ("meridian",)),
    ),
    Table(
        "aliases",
        (_text("point_code", CODE), _text("alias", NAME), _text("alias_key", NAME, null="")),
        ("point_code", "alias"),
        (("point_code", "points", "code"),),
        (("alias_key",),),
    ),
    Table(
        "alternatives",
        (
            _text("point_code", CODE),
            _int("position", 0, 1000),
            _text("label", NAME, null=""),
            _text("location", PROSE, null=""),
            _text("source", NAME, null=""),
            _text("definition", DEFINITION, null="{}"),
            _text("diagrams", LIST, null=""),  # the point's views that draw it (comma list); "" every one
        ),
        ("point_code", "position"),
        (("point_code", "points", "code"),),
    ),
    Table(
        # Locations a standard leaves unsettled: it keeps two for these points (WHO 2008: LI19,
        # LI20, GV26, PC8, PC9 and GB30). A code need not be a point of the data: GB30 lies
        # outside the regions PointMap draws, and the note says so.
        "disputed_locations",
        (_text("point_code", CODE), _text("standard", ID), _text("note", PROSE, null="")),
        ("point_code", "standard"),
        (("standard", "sources", "id"),),
    ),
    Table(
        "positions",
        (
            _text("point_code", CODE),
            _text("diagram", ID),
            _text("side", ID, choices=SIDES),
            _int("site", 0, 1000),
            _text("site_label", NAME, null=""),
            _real("x", *_FRACTION),
            _real("y", *_FRACTION),
        ),
        ("point_code", "diagram", "side", "site"),
        (("point_code", "points", "code"), ("diagram", "diagrams", "id")),
        (("diagram",),),
    ),
    Table(
        "alternative_positions",
        (
            _text("point_code", CODE),
            _int("alternative", 0, 1000),
            _text("diagram", ID),
            _text("side", ID, choices=SIDES),
            _real("x", *_FRACTION),
            _real("y", *_FRACTION),
        ),
        ("point_code", "alternative", "diagram", "side"),
        (("point_code", "points", "code"), ("diagram", "diagrams", "id")),
    ),
    Table(
        "checklists",
        (
            _text("id", ID),
            _text("title", NAME, null=""),
            _text("stage", ID),
            _int("stage_order"),
            _int("position"),
            _text("summary", PROSE, null=""),
        ),
        ("id",),
    ),
    Table(
        "checklist_items",
        (
            _text("checklist_id", ID),
            _int("position"),
            _text("text", PROSE, null=""),
            _text("reason", PROSE, null=""),
            _text("basis", LIST, null=""),
            _text("kind", ID, null="check"),
        ),
        ("checklist_id", "position"),
        (("checklist_id", "checklists", "id"),),
    ),
    Table(
        "protocols",
        (
            _text("id", ID),
            _text("title", NAME, null=""),
            _text("region", ID),
            _text("purpose", PROSE, null=""),
            _text("notes", PROSE, null=""),
            _text("status", NAME, null=""),
            _int("sort_order"),
        ),
        ("id",),
    ),
    Table(
        "protocol_points",
        (
            _text("protocol_id", ID),
            _int("position"),
            _text("point_code", CODE),
            _text("note", PROSE, null=""),
        ),
        ("protocol_id", "position"),
        (("protocol_id", "protocols", "id"), ("point_code", "points", "code")),
    ),
    Table(
        "lessons",
        (
            _text("id", ID),
            _text("title", NAME, null=""),
            _text("region", ID),
            _text("summary", PROSE, null=""),
            _text("based_on", NAME, null=""),
            _int("sort_order"),
        ),
        ("id",),
    ),
    Table(
        "lesson_steps",
        (
            _text("lesson_id", ID),
            _int("position"),
            _text("view", ID, null=""),
            _text("points", LIST, null=""),
            _text("shown", ID, choices=LESSON_SHOWN),
            _text("layers", LIST, null=""),
            _real("zoom", 1.0, 8.0),
            _text("note", PROSE, null=""),
        ),
        ("lesson_id", "position"),
        (("lesson_id", "lessons", "id"),),
    ),
    Table(
        "screening_flags",
        (
            _text("id", ID),
            _int("position", 0, 1000),
            _text("title", NAME, null=""),
            _text("meaning", PROSE, null=""),
            _text("note", PROSE, null=""),
        ),
        ("id",),
    ),
    Table(
        "screening_caution_terms",
        (_text("flag", ID), _int("position", 0, 1000), _text("term", ID)),
        ("flag", "position"),
        (("flag", "screening_flags", "id"),),
    ),
    Table(
        "screening_questions",
        (
            _text("id", ID),
            _int("position", 0, 1000),
            _text("question", PROSE, null=""),
            _text("answer_kind", ID, choices=ANSWER_KINDS),
            _text("detail_prompt", NAME, null=""),
            _text("flag", ID),
            _text("basis", LIST, null=""),
            _text("note", PROSE, null=""),
        ),
        ("id",),
        (("flag", "screening_flags", "id"),),
    ),
    Table(
        "waiting_periods",
        (
            _text("question_id", ID),
            _text("procedure", NAME, null=""),
            _int("min_days", 0, MAX_DAYS),
            _int("max_days", 0, MAX_DAYS),
            _text("note", PROSE, null=""),
        ),
        ("question_id",),
        (("question_id", "screening_questions", "id"),),
    ),
    Table(
        "waiting_period_sources",
        (
            _text("question_id", ID),
            _int("position", 0, 1000),
            _text("source_id", ID),
            _int("min_days", 0, MAX_DAYS),
            _int("max_days", 0, MAX_DAYS),
            _text("context", PROSE, null=""),
        ),
        ("question_id", "position"),
        (("question_id", "waiting_periods", "question_id"), ("source_id", "sources", "id")),
    ),
)
SCHEMA: dict[str, Table] = {t.name: t for t in TABLES}

FTS_TABLE = "points_fts"
FTS_COLUMNS = ("code", "alias_text", "pinyin", "pinyin_plain", "hanzi", "english", "location", "indications")


def missing_columns(present: dict[str, set[str]]) -> dict[str, set[str] | None]:
    """What a file lacks, given its tables and their columns: table -> the missing columns, or
    None when the whole table is missing. Empty when the file has everything this schema needs."""
    missing: dict[str, set[str] | None] = {}
    for table in TABLES:
        if table.name not in present:
            missing[table.name] = None
            continue
        lacking = set(table.column_names) - present[table.name]
        if lacking:
            missing[table.name] = lacking
    return missing
