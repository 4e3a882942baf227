"""Read the text sources under data/ into plain records, noting where each came from."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pointmap.core import paths
from pointmap.core.errors import DataError
from pointmap.core.reference.schema import ID, SCHEMA, Column, describe

# The body regions a location standard names (WHO 2008 opens every location with one). PointMap's
# own regions, and which of these each covers, are data (data/regions.toml): a point's
# standard_region is given only when it lies outside its region's.
STANDARD_REGIONS = ("head", "face", "neck", "chest", "abdomen", "back", "upper limb", "lower limb")
LATERALITIES = ("bilateral", "midline")
STAGES = (
    "start-of-day",
    "before-patient",
    "during-treatment",
    "after-treatment",
    "end-of-day",
    "incident",
)
POINT_REQUIRED = (
    "code",
    "pinyin",
    "hanzi",
    "english",
    "region",
    "laterality",
    "diagrams",
    "location",
    "standard",
    "depth",
    "angle",
    "cautions",
    "actions",
    "indications",
)
_CODE_RE = re.compile(r"^(?P<meridian>LU|LI|ST|SP|HT|SI|BL|KI|PC|TE|GB|LR|GV|CV)(?P<number>\d+)$")
_EXTRA_RE = re.compile(r"^(?P<group>(?:EX|M)-[A-Z]{2})-?(?P<number>\d+)$")


@dataclass
class PointSource:
    """One point as written in a data/points file."""

    record: dict[str, Any]
    file: str

    @property
    def code(self) -> str:
        return str(self.record.get("code", ""))

    @property
    def parsed_code(self) -> tuple[str | None, str | None, int | None]:
        """(meridian, group, number) parsed from the code; meridian is None for extra points."""
        match = _CODE_RE.match(self.code)
        if match:
            return match["meridian"], match["meridian"], int(match["number"])
        match = _EXTRA_RE.match(self.code)
        if match:
            return None, match["group"], int(match["number"])
        return None, None, None

    def definition_for(self, diagram: str, site: dict[str, Any] | None = None) -> Any:
        """The location definition used on a diagram (a per-diagram override wins)."""
        holder = site if site is not None else self.record
        overrides = holder.get("definitions") or {}
        if diagram in overrides:
            return overrides[diagram]
        return holder.get("definition")


@dataclass
class Sources:
    """Everything under data/, as read from disk."""

    root: Path
    sources: list[dict[str, Any]] = field(default_factory=list)
    regions: list[dict[str, Any]] = field(default_factory=list)  # data/regions.toml, in order
    meridians: list[dict[str, Any]] = field(default_factory=list)
    diagrams: list[dict[str, Any]] = field(default_factory=list)
    points: list[PointSource] = field(default_factory=list)
    checklists: list[dict[str, Any]] = field(default_factory=list)
    protocols: list[dict[str, Any]] = field(default_factory=list)
    lessons: list[dict[str, Any]] = field(default_factory=list)  # built-in lessons for trainers
    flags: list[dict[str, Any]] = field(default_factory=list)  # screening flags (data/screening/)
    questions: list[dict[str, Any]] = field(default_factory=list)  # screening questions
    waitings: list[dict[str, Any]] = field(default_factory=list)  # waiting periods after procedures
    disputed: list[dict[str, Any]] = field(default_factory=list)  # locations a standard leaves unsettled
    digest: str = ""
    problems: list[str] = field(default_factory=list)  # values of the wrong type; their records are left out


# -- the shape of each record, checked before anything else reads it ---------------------------
#
# A field that ends up in a column of points.db takes its type (and longest length) from the
# schema declaration; the rest are lists and tables.


@dataclass(frozen=True)
class Record:
    """The fields of one kind of TOML table; ``required`` ones must be present (others may be)."""

    fields: dict[str, Any]
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListOf:
    """A TOML array of one kind of item (a Column, or a Record for an array of tables)."""

    item: Any
    example: str = ""


TABLE = "a table"  # any TOML table (a location definition, resolved and checked by the compiler)
DEFINITIONS = "a table of tables"  # per-diagram definitions: diagram id -> definition


def _col(table: str, column: str) -> Column:
    return SCHEMA[table].column(column)


def _cols(table: str, *names: str, **renamed: str) -> dict[str, Any]:
    """Source fields named like their columns (and some named otherwise: field=column)."""
    return {**{n: _col(table, n) for n in names}, **{f: _col(table, c) for f, c in renamed.items()}}


_TEXT_LIST = ListOf(Column("item", str, max_length=ID), 'e.g. ["face", "face-lateral"]')
_LOCATION = {"definition": TABLE, "definitions": DEFINITIONS}
SHAPES: dict[str, Record] = {
    "source": Record(_cols("sources", "id", "title", "publisher", "year", "kind", "note", "url")),
    "region": Record(
        {**_cols("regions", "id", "title", "note"), "covers": ListOf(Column("covers", str, max_length=ID))},
        ("id", "title"),
    ),
    "meridian": Record(
        {
            **_cols("meridians", "code", "name", "pinyin", "hanzi", "point_count", "notes", "course", "color"),
            "alias_prefixes": ListOf(_col("aliases", "alias"), 'e.g. ["TB", "SJ"]'),
        }
    ),
    "diagram": Record(
        {
            **_cols("diagrams", "id", "title", "region", "view", "sides", "asset", order="sort_order"),
            **{k: Column(k, float, max_length=0) for k in ("width", "height", "midline_x")},  # SVG units
            "right_side": _col("diagrams", "view"),
            "facing": _col("diagrams", "view"),
            "scale_x": "scale",
            "scale_y": "scale",
            "landmark": ListOf("landmark", "[[landmark]]"),
            "grid": ListOf("grid", "[[grid]]"),
        }
    ),
    "scale": Record(_cols("scales", "cun", **{"from": "from_landmark", "to": "to_landmark"}), ("from", "to", "cun")),
    "landmark": Record(
        {**_cols("landmarks", "name", "side", "label"), "x": Column("x", float), "y": Column("y", float)},
        ("name", "x", "y"),
    ),
    "grid": Record(
        {
            **_cols("grid_segments", "cun", "origin", **{"from": "from_landmark", "to": "to_landmark"}),
            "reach": ListOf(Column("reach", float), "e.g. [-300, 300]"),
            "axis": _TEXT_LIST,
        },
        ("from", "to"),
    ),
    "point": Record(
        {
            **_cols(
                "points",
                "code",
                "meridian",
                "pinyin",
                "hanzi",
                "english",
                "region",
                "location",
                "laterality",
                "depth",
                "angle",
                "cautions",
                "actions",
                "indications",
                "cosmetic",
                "notes",
                "standard",
                "standard_region",
            ),
            "diagrams": _TEXT_LIST,
            "best_view": _col("points", "best_diagram"),
            "aliases": ListOf(_col("aliases", "alias"), 'e.g. aliases = ["Jiache"]'),
            **_LOCATION,
            "alternatives": ListOf("alternative", "[[point.alternatives]]"),
            "sites": ListOf("site", "[[point.sites]]"),
        }
    ),
    "alternative": Record(
        {**_cols("alternatives", "label", "location", "source"), "diagrams": _TEXT_LIST, **_LOCATION}
    ),
    "disputed": Record(
        _cols("disputed_locations", "standard", "note", code="point_code"), ("code", "standard", "note")
    ),
    "site": Record({"label": _col("positions", "site_label"), **_LOCATION}),
    "checklist": Record(
        {**_cols("checklists", "id", "title", "stage", "summary"), "item": ListOf("item", "[[checklist.item]]")}
    ),
    "item": Record({**_cols("checklist_items", "text", "reason", "kind"), "basis": _TEXT_LIST}),
    "protocol": Record(
        {
            **_cols("protocols", "id", "title", "region", "purpose", "notes", "status"),
            "point": ListOf("step", "[[protocol.point]]"),
        }
    ),
    "step": Record(_cols("protocol_points", "note", code="point_code"), ("code",)),
    "lesson": Record(
        {
            **_cols("lessons", "id", "title", "region", "summary", "based_on"),
            "step": ListOf("lesson_step", "[[lesson.step]]"),
        }
    ),
    "lesson_step": Record(
        {
            **_cols("lesson_steps", "view", "shown", "zoom", "note"),
            "points": ListOf(_col("protocol_points", "point_code"), 'e.g. points = ["ST6", "ST5"]'),
            "layers": _TEXT_LIST,
        },
        ("points",),
    ),
    "flag": Record(
        {
            **_cols("screening_flags", "id", "title", "meaning", "note"),
            "terms": ListOf(_col("screening_caution_terms", "term"), 'e.g. terms = ["pregnan"]'),
        },
        ("id",),
    ),
    "question": Record(
        {
            **_cols("screening_questions", "id", "question", "answer_kind", "detail_prompt", "flag", "note"),
            "basis": _TEXT_LIST,
        },
        ("id",),
    ),
    "waiting": Record(
        {
            **_cols("waiting_periods", "procedure", "note", question="question_id"),
            "source": ListOf("figure", "[[waiting.source]]"),
        },
        ("question",),
    ),
    "figure": Record(
        _cols("waiting_period_sources", "min_days", "max_days", "context", id="source_id"),
        ("id", "min_days", "max_days"),
    ),
}


def shape_problems(value: Any, shape: Any, where: str) -> list[str]:
    """Every field of ``value`` whose type is not the one ``shape`` declares, as sentences."""
    if isinstance(shape, str) and shape in SHAPES:
        shape = SHAPES[shape]
    if isinstance(shape, Column):
        problem = shape.type_problem(value)
        return [f"{where} {problem}."] if problem else []
    if isinstance(shape, ListOf):
        if not isinstance(value, list):
            hint = f" ({shape.example})" if shape.example else ""
            return [f"{where} must be a list{hint}, not {describe(value)}."]
        found: list[str] = []
        for n, item in enumerate(value, start=1):
            found += shape_problems(item, shape.item, f"{where}, item {n},")
            if len(found) > 20:
                break
        return found
    if shape in (TABLE, DEFINITIONS):
        if not isinstance(value, dict):
            return [f"{where} must be {shape}, not {describe(value)}."]
        if shape == DEFINITIONS:
            return [p for k, v in value.items() for p in shape_problems(v, TABLE, f"{where}, {k[:40]!r},")]
        return []
    assert isinstance(shape, Record)
    if not isinstance(value, dict):
        return [f"{where} must be a table, not {describe(value)}."]
    found = []
    for key, field_shape in shape.fields.items():
        if key in value:
            found += shape_problems(value[key], field_shape, f"{where} '{key}'")
    absent = [k for k in shape.required if k not in value]
    if absent:
        found.append(f"{where} lacks {', '.join(absent)}.")
    return found


def _load_toml(path: Path, root: Path, raw: bytes) -> dict[str, Any]:
    name = _relative(path, root)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{name} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} on line {line}); save it as UTF-8."
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{name} is not valid TOML: {exc}.") from None
    except RecursionError:
        raise DataError(f"{name} nests arrays or tables too deeply to read; flatten it.") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise DataError(f"{name} holds a value that cannot be read ({str(exc).split(';')[0]}).") from None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


# The array of tables each kind of file holds, and the record shape of its items.
_ARRAYS = {
    "sources.toml": ("source", "source"),
    "meridians.toml": ("meridian", "meridian"),
    "points": ("point", "point"),
    "checklists": ("checklist", "checklist"),
    "protocols": ("protocol", "protocol"),
    "lessons": ("lesson", "lesson"),
    "disputed-locations.toml": ("disputed", "disputed"),
    "regions.toml": ("region", "region"),
}
# The files under data/screening/ may hold any of these arrays (by convention one kind a file).
_SCREENING = {"flag": "flags", "question": "questions", "waiting": "waitings"}


def load_sources(root: Path) -> Sources:
    """Read every source file below ``root`` (the repository root holding ``data/``).

    Raises DataError when a file cannot be read or is not TOML; type problems (text where a
    number belongs, a string where a list belongs …) are collected in ``problems``, and the
    records with them are left out, so nothing downstream sees a value of the wrong type.
    """
    data = root / "data"
    try:
        if not paths.has_sources(root):
            raise DataError(f"No reference sources under {data}: data/meridians.toml is missing.")
        files = sorted(p for p in data.rglob("*.toml") if p.is_file())
    except OSError as exc:
        raise DataError(f"The sources under {data} could not be listed ({exc.strerror or exc}).") from None
    result = Sources(root=root)
    digest = hashlib.sha256()
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{rel} could not be read ({exc.strerror or exc}).") from None
        digest.update(rel.encode())
        digest.update(raw)
        doc = _load_toml(path, root, raw)
        parts = path.relative_to(data).parts
        if parts[0] == "diagrams":
            problems = shape_problems(doc, "diagram", f"{rel}:")
            result.problems += problems
            if not problems:
                result.diagrams.append({**doc, "_file": rel})
            continue
        if parts[0] == "screening":
            unknown = [k for k in doc if k not in _SCREENING]
            if unknown:
                result.problems.append(
                    f"{rel}: '{unknown[0][:40]}' is not one of the arrays a screening file holds "
                    f"({', '.join(f'[[{k}]]' for k in _SCREENING)})."
                )
                continue
            for key, attribute in _SCREENING.items():
                getattr(result, attribute).extend(_records(doc, key, key, rel, result.problems))
            continue
        if parts[0] not in _ARRAYS:
            continue
        key, shape = _ARRAYS[parts[0]]
        for item in _records(doc, key, shape, rel, result.problems):
            if key == "point":
                result.points.append(PointSource(item, rel))
            elif key == "source":
                result.sources.append(item)
            elif key == "disputed":
                result.disputed.append(item)
            else:
                getattr(result, f"{key}s").append(item)
    result.digest = digest.hexdigest()
    return result


def _records(doc: dict[str, Any], key: str, shape: str, rel: str, problems: list[str]) -> list[dict[str, Any]]:
    """The items of the array of tables ``key`` in a file whose fields have the declared types
    (with ``_file`` added, except for points and sources); type problems go to ``problems`` and
    their records are left out."""
    items = doc.get(key, [])
    if not isinstance(items, list):
        problems.append(f"{rel}: '{key}' must be an array of tables ([[{key}]]), not {describe(items)}.")
        return []
    found = []
    for n, item in enumerate(items, start=1):
        label = item.get("code") or item.get("id") or item.get("question") if isinstance(item, dict) else None
        where = f"{rel} ({label if isinstance(label, str) and len(label) <= 40 else f'{key} {n}'}):"
        wrong = shape_problems(item, shape, where)
        problems += wrong
        if not wrong:
            found.append(item if key in ("point", "source") else {**item, "_file": rel})
    return found
