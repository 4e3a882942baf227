"""Reference.load: read data/points.db once into the plain records of model.py."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from pointmap.core import paths
from pointmap.core.db import open_reference
from pointmap.core.errors import DataError
from pointmap.core.reference.model import (
    Alternative,
    Checklist,
    ChecklistItem,
    Diagram,
    GridSegment,
    Landmark,
    Meridian,
    Point,
    Position,
    Protocol,
    ProtocolStep,
    Scale,
    Source,
)


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

    @classmethod
    def load(cls, path: Path | None = None) -> Reference:
        conn = open_reference(path)
        where = Path(path) if path else Path(conn.execute("PRAGMA database_list").fetchone()[2])
        try:
            reference = cls._read(conn, where)
        except (sqlite3.DatabaseError, KeyError, ValueError, TypeError) as exc:
            raise DataError(
                f"The reference database at {where} could not be read ({exc}); it may be damaged."
            ) from None
        finally:
            conn.close()
        problem = reference.consistency_problem()
        if problem:
            raise DataError(
                f"The reference database at {where} is damaged: {problem}. "
                "Reinstall PointMap, or in a source checkout run 'pointmap db build'."
            )
        return reference

    def consistency_problem(self) -> str | None:
        """The first thing that would break the app (a dangling reference, a position off the
        diagram, artwork that is not installed), as a phrase; None when all is well."""
        if not self.diagrams:
            return "it has no diagrams"
        for diagram in self.diagrams.values():
            try:
                asset = paths.asset_path(diagram.asset)
            except ValueError:
                return f"diagram {diagram.id} names artwork outside the assets folder ({diagram.asset})"
            if not asset.is_file():
                return f"the artwork of diagram {diagram.id} ({diagram.asset}) is not installed"
            if not (diagram.width > 0 and diagram.height > 0):
                return f"diagram {diagram.id} has no size"
        for diagram_id, positions in self.positions.items():
            if diagram_id not in self.diagrams:
                return f"points are placed on an unknown diagram '{diagram_id}'"
            for pos in positions:
                if pos.point_code not in self.points:
                    return f"a position names point '{pos.point_code}', which is not in the data"
                if not all(isinstance(v, int | float) and 0 <= v <= 1 for v in (pos.x, pos.y)):
                    return f"point {pos.point_code} on {diagram_id} has no valid position"
        for protocol in self.protocols:
            for step in protocol.steps:
                if step.point_code not in self.points:
                    return f"protocol {protocol.id} names point '{step.point_code}', which is not in the data"
        return None

    @classmethod
    def _read(cls, conn: sqlite3.Connection, path: Path) -> Reference:
        q = conn.execute
        meridians = {
            r["code"]: Meridian(
                r["code"],
                r["name"],
                r["pinyin"],
                r["hanzi"],
                int(r["point_count"] or 0),
                r["color"] or "#607d8b",
                r["course"] or "",
                r["notes"] or "",
                tuple(d for d in (r["diagrams"] or "").split(",") if d),
            )
            for r in q("SELECT * FROM meridians ORDER BY sort_order")
        }
        aliases: dict[str, list[str]] = defaultdict(list)
        for r in q("SELECT point_code, alias FROM aliases ORDER BY rowid"):
            aliases[r["point_code"]].append(r["alias"])
        alt_pos: dict[tuple[str, int], list[Position]] = defaultdict(list)
        for r in q("SELECT * FROM alternative_positions"):
            alt_pos[(r["point_code"], r["alternative"])].append(
                Position(r["point_code"], r["diagram"], r["side"], r["x"], r["y"])
            )
        alternatives: dict[str, list[Alternative]] = defaultdict(list)
        for r in q("SELECT * FROM alternatives ORDER BY point_code, position"):
            alternatives[r["point_code"]].append(
                Alternative(
                    r["label"],
                    r["location"],
                    r["source"],
                    tuple(alt_pos.get((r["point_code"], r["position"]), ())),
                )
            )
        points = {
            r["code"]: Point(
                code=r["code"],
                meridian=r["meridian"],
                number=int(r["number"]),
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
                cosmetic=r["cosmetic"] or "",
                notes=r["notes"] or "",
                standard=r["standard"],
                definition=json.loads(r["definition"] or "{}"),
                aliases=tuple(aliases.get(r["code"], ())),
                alternatives=tuple(alternatives.get(r["code"], ())),
            )
            for r in q("SELECT * FROM points ORDER BY sort_order")
        }
        landmarks: dict[str, list[Landmark]] = defaultdict(list)
        for r in q("SELECT * FROM landmarks ORDER BY rowid"):
            landmarks[r["diagram"]].append(Landmark(r["name"], r["side"], r["x"], r["y"], r["label"] or ""))
        scales: dict[str, list[Scale]] = defaultdict(list)
        for r in q("SELECT * FROM scales"):
            scales[r["diagram"]].append(Scale(r["axis"], r["from_landmark"], r["to_landmark"], r["cun"]))
        diagrams = {
            r["id"]: Diagram(
                r["id"],
                r["title"],
                r["region"],
                r["view"],
                r["sides"],
                r["asset"],
                float(r["width"]),
                float(r["height"]),
                r["midline_x"],
                tuple(landmarks.get(r["id"], ())),
                tuple(scales.get(r["id"], ())),
            )
            for r in q("SELECT * FROM diagrams ORDER BY sort_order")
        }
        positions: dict[str, list[Position]] = defaultdict(list)
        by_point: dict[str, list[Position]] = defaultdict(list)
        for r in q("SELECT * FROM positions ORDER BY rowid"):
            pos = Position(
                r["point_code"],
                r["diagram"],
                r["side"],
                r["x"],
                r["y"],
                r["site"],
                r["site_label"] or "",
            )
            positions[r["diagram"]].append(pos)
            by_point[r["point_code"]].append(pos)
        items: dict[str, list[ChecklistItem]] = defaultdict(list)
        for r in q("SELECT * FROM checklist_items ORDER BY checklist_id, position"):
            items[r["checklist_id"]].append(
                ChecklistItem(
                    r["position"],
                    r["text"],
                    r["reason"] or "",
                    tuple(filter(None, (r["basis"] or "").split(","))),
                    r["kind"] or "check",
                )
            )
        checklists = [
            Checklist(r["id"], r["title"], r["stage"], r["summary"] or "", tuple(items.get(r["id"], ())))
            for r in q("SELECT * FROM checklists ORDER BY stage_order, position")
        ]
        steps: dict[str, list[ProtocolStep]] = defaultdict(list)
        for r in q("SELECT * FROM protocol_points ORDER BY protocol_id, position"):
            steps[r["protocol_id"]].append(ProtocolStep(r["position"], r["point_code"], r["note"] or ""))
        protocols = [
            Protocol(
                r["id"],
                r["title"],
                r["region"],
                r["purpose"],
                r["notes"] or "",
                r["status"] or "",
                tuple(steps.get(r["id"], ())),
            )
            for r in q("SELECT * FROM protocols ORDER BY sort_order")
        ]
        sources = {
            r["id"]: Source(r["id"], r["title"], r["publisher"], r["year"], r["note"] or "")
            for r in q("SELECT * FROM sources")
        }
        grids: dict[str, list[GridSegment]] = defaultdict(list)
        for r in q("SELECT * FROM grid_segments ORDER BY diagram, position"):
            grids[r["diagram"]].append(
                GridSegment(
                    r["from_landmark"], r["to_landmark"], r["cun"], (r["reach_min"], r["reach_max"]), r["origin"]
                )
            )
        return cls(
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
        )

    # -- queries ---------------------------------------------------------------------------

    def positions_of(self, code: str, diagram: str | None = None) -> list[Position]:
        found = self._by_point.get(code, [])
        return [p for p in found if diagram is None or p.diagram == diagram]

    def grid_segments(self, diagram: str) -> list[GridSegment]:
        return self.grids.get(diagram, [])

    def diagrams_showing(self, code: str) -> list[str]:
        seen = {p.diagram for p in self._by_point.get(code, [])}
        return [d for d in self.diagrams if d in seen]

    def diagram_for(self, code: str, prefer: str | None = None) -> str | None:
        """The diagram to show a point on: ``prefer`` when it shows the point, else the first
        diagram of the point's region that does, else any."""
        showing = self.diagrams_showing(code)
        if not showing:
            return None
        if prefer in showing:
            return prefer
        point = self.points.get(code)
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
