"""Turn the text sources into the rows of data/points.db, and list every problem found.

Used by ``pointmap db build`` (which refuses to write when a problem is found) and by
``pointmap db check``. Each problem is a sentence that names the file and what to change.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pointmap.core import paths
from pointmap.core.authoring.sources import (
    LATERALITIES,
    POINT_REQUIRED,
    STAGES,
    STANDARD_REGIONS,
    PointSource,
    Sources,
)
from pointmap.core.geometry import DiagramGeometry, GeometryError, Vec
from pointmap.core.geometry.places import Wanted, place
from pointmap.core.reference.schema import ANSWER_KINDS, MAX_DAYS
from pointmap.core.text import code_key, pinyin_plain

MERIDIAN_CODES = (
    "LU",
    "LI",
    "ST",
    "SP",
    "HT",
    "SI",
    "BL",
    "KI",
    "PC",
    "TE",
    "GB",
    "LR",
    "GV",
    "CV",
)
MERIDIAN_REQUIRED = ("code", "name", "pinyin", "hanzi", "point_count", "color", "course")
DIAGRAM_REQUIRED = ("id", "title", "region", "view", "sides", "asset", "width", "height")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&[a-zA-Z]+;")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")  # kebab-case ids: pregnancy, botulinum-toxin
MIN_TERM = 4  # characters: a shorter caution term would mark points by accident ("ear" is in "near")
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ")


@dataclass
class Compiled:
    """Rows ready for the database, and the problems met on the way."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    problems: list[str] = field(default_factory=list)
    regions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> the standard's regions it covers

    def region_problem(self, where: str, region: Any) -> None:
        """A sentence when ``region`` is not one of data/regions.toml's."""
        if region not in self.regions:
            known = ", ".join(self.regions) or "none: data/regions.toml lists no region"
            self.problem(f"{where}: region '{str(region)[:40]}' is not one of {known}.")

    def problem(self, sentence: str) -> None:
        self.problems.append(sentence)


def _text_fields_ok(out: Compiled, where: str, record: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and _HTML.search(value):
            out.problem(f"{where}: '{key}' contains HTML-like markup; write plain text.")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compile_sources(src: Sources) -> Compiled:
    """The rows of every table, and every problem found (values of the wrong type first: until
    they are fixed, nothing else is compiled)."""
    out = Compiled()
    if src.problems:
        out.problems.extend(src.problems)
        return out
    source_ids = {s.get("id") for s in src.sources}
    _compile_regions(src, out)
    for s in src.sources:
        url = s.get("url", "")
        if url and not re.match(r"https?://[^\s<>]+$", url):
            out.problem(f"data/sources.toml (source {s.get('id', '?')}): url must be a web address (https://…).")
        out.tables["sources"].append(
            {
                "id": s.get("id"),
                "title": s.get("title", ""),
                "publisher": s.get("publisher", ""),
                "year": s.get("year"),
                "kind": s.get("kind", ""),
                "note": s.get("note", ""),
                "url": url,
            }
        )
    meridians = _compile_meridians(src, out)
    diagrams = _compile_diagrams(src, out)
    points = _compile_points(src, out, meridians, diagrams)
    _compile_positions(src, out, points, diagrams)
    _compile_checklists(src, out, source_ids)
    _compile_protocols(src, out, points)
    _compile_lessons(src, out, points, diagrams)
    _compile_screening(src, out, source_ids)
    _compile_disputed(src, out, source_ids)
    _finish_meridians(out)
    return out


# -- regions -----------------------------------------------------------------------------------


def _compile_regions(src: Sources, out: Compiled) -> None:
    """PointMap's regions (data/regions.toml), in the order the app lists them."""
    if not src.regions:
        out.problem("data/regions.toml lists no [[region]]: every point, diagram and protocol names one.")
    for order, r in enumerate(src.regions):
        where = f"{r['_file']} (region {r.get('id', '?')})"
        if not re.fullmatch(r"[a-z][a-z0-9-]*", r["id"]):
            out.problem(f"{where}: a region id is kebab-case (lower-case letters, digits and hyphens).")
            continue
        if r["id"] in out.regions:
            out.problem(f"{where}: region id '{r['id']}' is used twice.")
            continue
        covers = tuple(r.get("covers", []))
        unknown = [c for c in covers if c not in STANDARD_REGIONS]
        if unknown:
            out.problem(f"{where}: covers '{unknown[0][:40]}', which is not one of {', '.join(STANDARD_REGIONS)}.")
        _text_fields_ok(out, where, r, ("title", "note"))
        out.regions[r["id"]] = covers
        out.tables["regions"].append(
            {
                "id": r["id"],
                "title": r["title"],
                "covers": ",".join(covers),
                "note": r.get("note", ""),
                "sort_order": order,
            }
        )


# -- meridians ---------------------------------------------------------------------------------


def _compile_meridians(src: Sources, out: Compiled) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for order, m in enumerate(src.meridians):
        where = f"{m['_file']} (meridian {m.get('code', '?')})"
        missing = [k for k in MERIDIAN_REQUIRED if m.get(k) in (None, "")]
        if missing:
            out.problem(f"{where}: missing required field(s) {', '.join(missing)}.")
        code = m.get("code")
        if code not in MERIDIAN_CODES:
            out.problem(f"{where}: '{code}' is not one of the 14 meridian codes.")
            continue
        if code in found:
            out.problem(f"{where}: meridian {code} is defined twice.")
            continue
        found[code] = m
        _text_fields_ok(out, where, m, ("name", "pinyin", "hanzi", "course", "notes"))
        if not isinstance(m.get("point_count"), int) or isinstance(m.get("point_count"), bool):
            out.problem(f"{where}: point_count must be a whole number.")
            m = {**m, "point_count": 0}
            found[code] = m
        if not _COLOR.match(str(m.get("color", ""))):
            out.problem(f"{where}: color must be written #rrggbb, not '{m.get('color')}'.")
            m = {**m, "color": "#607d8b"}
            found[code] = m
        out.tables["meridians"].append(
            {
                "code": code,
                "name": m.get("name", ""),
                "pinyin": m.get("pinyin", ""),
                "hanzi": m.get("hanzi", ""),
                "point_count": m.get("point_count"),
                "notes": m.get("notes", ""),
                "course": m.get("course", ""),
                "color": m.get("color", "#607d8b"),
                "alias_prefixes": json.dumps(m.get("alias_prefixes", [])),
                "sort_order": order,
            }
        )
    for code in MERIDIAN_CODES:
        if code not in found:
            out.problem(f"data/meridians.toml: meridian {code} is missing; all 14 must be present.")
    return found


def _finish_meridians(out: Compiled) -> None:
    crossing: dict[str, set[str]] = defaultdict(set)
    meridian_of = {p["code"]: p["meridian"] for p in out.tables["points"]}
    for pos in out.tables["positions"]:
        meridian = meridian_of.get(pos["point_code"])
        if meridian:
            crossing[meridian].add(pos["diagram"])
    order = [d["id"] for d in out.tables["diagrams"]]
    for m in out.tables["meridians"]:
        m["diagrams"] = ",".join(d for d in order if d in crossing[m["code"]])


# -- diagrams ----------------------------------------------------------------------------------


def _compile_diagrams(src: Sources, out: Compiled) -> dict[str, DiagramGeometry]:
    result: dict[str, DiagramGeometry] = {}
    for doc in sorted(src.diagrams, key=lambda d: (d.get("order", 99), d.get("id", ""))):
        where = doc["_file"]
        if not _required(out, where, doc, DIAGRAM_REQUIRED):
            continue
        out.region_problem(where, doc["region"])
        if doc["sides"] not in ("both", "right"):
            out.problem(f"{where}: sides must be 'both' or 'right', not '{doc['sides']}'.")
            continue
        if doc["sides"] == "both" and doc.get("midline_x") is None:
            out.problem(f"{where}: a diagram that shows both sides needs midline_x.")
            continue
        if doc["id"] in result:
            out.problem(f"{where}: diagram id '{doc['id']}' is used twice.")
            continue
        sizes = [doc.get(k) for k in ("width", "height")] + ([doc["midline_x"]] if "midline_x" in doc else [])
        if not all(_is_number(v) and v > 0 for v in sizes):
            out.problem(f"{where}: width, height and midline_x must be positive numbers.")
            continue
        bad = [
            m.get("name", "?")
            for m in doc.get("landmark", [])
            if not (_is_number(m.get("x")) and _is_number(m.get("y")))
        ]
        if bad:
            out.problem(f"{where}: landmark(s) {', '.join(bad)} need numeric x and y.")
            continue
        _text_fields_ok(out, where, doc, ("title",))
        problem = _artwork_problem(src.root, doc["asset"])
        if problem:
            out.problem(f"{where}: {problem}.")
            continue
        for mark in doc.get("landmark", []):
            _text_fields_ok(out, f"{where} (landmark {mark.get('name', '?')})", mark, ("label",))
        geo = DiagramGeometry.from_source(doc)
        result[doc["id"]] = geo
        width, height = float(doc["width"]), float(doc["height"])
        out.tables["diagrams"].append(
            {
                "id": doc["id"],
                "title": doc["title"],
                "region": doc["region"],
                "view": doc["view"],
                "sides": doc["sides"],
                "asset": doc["asset"],
                "width": doc["width"],
                "height": doc["height"],
                "midline_x": round(doc["midline_x"] / width, 6) if doc.get("midline_x") else None,
                "sort_order": len(result),
            }
        )
        names: set[tuple[str, str]] = set()
        for mark in doc.get("landmark", []):
            key = (mark.get("name", ""), mark.get("side", "midline"))
            if key in names:
                out.problem(f"{where}: landmark '{key[0]}' ({key[1]}) is listed twice.")
            names.add(key)
            if key[1] not in ("right", "midline"):
                out.problem(f"{where}: landmark '{key[0]}' has side '{key[1]}'; use right or midline.")
        for (name, side), pos in sorted(geo.landmarks.items()):
            label = next((m.get("label", "") for m in doc.get("landmark", []) if m.get("name") == name), "")
            x, y = round(pos.x / width, 5), round(pos.y / height, 5)
            if not (0 <= x <= 1 and 0 <= y <= 1):
                out.problem(f"{where}: landmark '{name}' ({side}) lies outside the diagram.")
            out.tables["landmarks"].append(
                {"diagram": doc["id"], "name": name, "side": side, "x": x, "y": y, "label": label}
            )
        for n, grid in enumerate(doc.get("grid", []), start=1):
            ends = [grid.get("from", ""), grid.get("to", "")]
            unknown = [e for e in ends if geo.landmark(e) is None]
            if unknown:
                out.problem(f"{where}: grid segment {n} names unknown landmark '{unknown[0]}'.")
                continue
            reach = grid.get("reach", [-50, 50])
            if len(reach) != 2:
                out.problem(f"{where}: grid segment {n} needs reach = [low, high], two numbers.")
                continue
            if not 0 < grid.get("cun", 0) <= 100:
                out.problem(f"{where}: grid segment {n} needs a cun between 0 and 100.")
                continue
            origin = grid.get("origin", "start")
            if origin not in ("start", "end", "center"):
                out.problem(f"{where}: grid segment {n} has origin '{origin}'; use start, end or center.")
                continue
            axis = grid.get("axis", [])
            if axis and (len(axis) != 2 or any(geo.landmark(a) is None for a in axis)):
                out.problem(f"{where}: grid segment {n} needs axis = [landmark, landmark], two landmarks it names.")
                continue
            out.tables["grid_segments"].append(
                {
                    "diagram": doc["id"],
                    "position": n,
                    "from_landmark": ends[0],
                    "to_landmark": ends[1],
                    "cun": float(grid.get("cun", 0)),
                    "reach_min": float(reach[0]),
                    "reach_max": float(reach[1]),
                    "origin": origin,
                    "axis_from": axis[0] if axis else "",
                    "axis_to": axis[1] if axis else "",
                }
            )
        for axis in ("x", "y"):
            scale = getattr(geo, f"scale_{axis}")
            if scale is None:
                continue
            if not 0 < scale.cun <= 100:
                out.problem(f"{where}: scale_{axis} needs a cun between 0 and 100, not {scale.cun:g}.")
                continue
            try:
                geo.scale_unit(scale)
            except GeometryError as exc:
                out.problem(f"{where}: {exc}.")
                continue
            out.tables["scales"].append(
                {
                    "diagram": doc["id"],
                    "axis": axis,
                    "from_landmark": scale.start,
                    "to_landmark": scale.end,
                    "cun": scale.cun,
                }
            )
    return result


def _artwork_problem(root: Path, asset: str) -> str | None:
    """Why ``asset`` is not a file under the assets folder (the tree's own, else the installed one)."""
    try:
        base = (root / "assets" if (root / "assets").is_dir() else paths.assets_dir()).resolve()
        found = (base / asset).resolve()
        if base not in found.parents:
            return f"asset '{asset}' lies outside the assets folder"
        if not found.is_file():
            return f"asset '{asset}' is not a file under {base}"
    except (OSError, RuntimeError, ValueError) as exc:  # a name too long, a loop of links, a NUL byte
        return f"asset '{asset[:80]}' cannot be looked up ({exc})"
    return None


# -- points ------------------------------------------------------------------------------------


def _compile_points(
    src: Sources, out: Compiled, meridians: dict[str, Any], diagrams: dict[str, DiagramGeometry]
) -> dict[str, PointSource]:
    points: dict[str, PointSource] = {}
    alias_owner: dict[str, str] = {}
    region_of_diagram = {d["id"]: d["region"] for d in out.tables["diagrams"]}

    def claim(alias: str, code: str, where: str) -> None:
        key = code_key(alias) or alias.casefold()
        owner = alias_owner.get(key)
        if owner and owner != code:
            out.problem(f"{where}: alias '{alias}' names both {owner} and {code}; an alias must name one point.")
            return
        if owner == code:
            return
        alias_owner[key] = code
        if key != (code_key(code) or code.casefold()):
            out.tables["aliases"].append({"point_code": code, "alias": alias, "alias_key": key})

    ordered = sorted(src.points, key=lambda p: _sort_key(p))
    for p in ordered:
        r = p.record
        where = f"{p.file} ({p.code or 'a point without a code'})"
        missing = [k for k in POINT_REQUIRED if r.get(k) in (None, "", [])]
        if not r.get("definition") and not r.get("sites"):
            missing.append("definition")
        if missing:
            out.problem(f"{where}: missing required field(s) {', '.join(missing)}.")
        meridian, group, number = p.parsed_code
        if group is None:
            out.problem(f"{where}: '{p.code}' is not a WHO-form code (like ST6, CV12 or EX-HN3).")
            continue
        if p.code in points:
            out.problem(f"{where}: point {p.code} is defined twice (also in {points[p.code].file}).")
            continue
        if meridian is not None and meridian not in meridians:
            out.problem(f"{where}: meridian '{meridian}' is unknown.")
        if meridian and "meridian" in r and r["meridian"] != meridian:
            out.problem(f"{where}: meridian field '{r['meridian']}' disagrees with the code.")
        if meridian and meridians.get(meridian) and number > int(meridians[meridian].get("point_count") or 0):
            out.problem(f"{where}: {meridian} has only {meridians[meridian].get('point_count')} points.")
        region = r.get("region")
        out.region_problem(where, region)
        if r.get("laterality") not in LATERALITIES:
            out.problem(f"{where}: laterality must be 'bilateral' or 'midline', not '{r.get('laterality')}'.")
        standard_region = r.get("standard_region", "")
        if standard_region and standard_region not in STANDARD_REGIONS:
            out.problem(
                f"{where}: standard_region '{standard_region[:40]}' is not one of {', '.join(STANDARD_REGIONS)}."
            )
        elif standard_region in out.regions.get(region, ()):
            out.problem(
                f"{where}: standard_region '{standard_region}' lies within the {region} region; "
                "give it only when the standard places the point outside it."
            )
        pinyin = r.get("pinyin", "")
        if pinyin and not (_TONE_MARKS & set(pinyin)):
            out.problem(f"{where}: pinyin '{pinyin}' has no tone marks.")
        diagram_ids = r.get("diagrams", [])
        if not isinstance(diagram_ids, list):
            out.problem(f"{where}: 'diagrams' must be a list of diagram ids.")
            diagram_ids = []
        for d in diagram_ids:
            if d not in diagrams:
                out.problem(f"{where}: diagram '{d}' is unknown.")
            elif region and region_of_diagram.get(d) != region:
                out.problem(f"{where}: diagram '{d}' shows the {region_of_diagram[d]}, not the {region}.")
        best = r.get("best_view", "")
        if best and best not in diagram_ids:
            out.problem(f"{where}: best_view '{best}' is not one of the diagrams it is drawn on.")
            best = ""
        _text_fields_ok(
            out,
            where,
            r,
            (
                "pinyin",
                "hanzi",
                "english",
                "location",
                "standard",
                "depth",
                "angle",
                "cautions",
                "actions",
                "indications",
                "cosmetic",
                "notes",
            ),
        )
        points[p.code] = p
        out.tables["points"].append(
            {
                "code": p.code,
                "meridian": meridian,
                "number": number,
                "group_code": group,
                "pinyin": pinyin,
                "pinyin_plain": pinyin_plain(pinyin),
                "hanzi": r.get("hanzi", ""),
                "english": r.get("english", ""),
                "region": region,
                "location": r.get("location", ""),
                "laterality": r.get("laterality"),
                "depth": r.get("depth", ""),
                "angle": r.get("angle", ""),
                "cautions": r.get("cautions", ""),
                "actions": r.get("actions", ""),
                "indications": r.get("indications", ""),
                "cosmetic": r.get("cosmetic", ""),
                "notes": r.get("notes", ""),
                "standard": r.get("standard", ""),
                "standard_region": standard_region,
                "definition": json.dumps(r.get("definition") or {}, sort_keys=True, ensure_ascii=False, default=str),
                "sort_order": len(points),
                "best_diagram": best,
            }
        )
        claim(p.code, p.code, where)
        for alt_index, alt in enumerate(r.get("alternatives", []) or [], start=1):
            if not alt.get("location") or not alt.get("definition"):
                out.problem(f"{where}: alternative {alt_index} needs a location and a definition.")
            _text_fields_ok(out, f"{where} alternative {alt_index}", alt, ("label", "location", "source"))
            out.tables["alternatives"].append(
                {
                    "point_code": p.code,
                    "position": alt_index,
                    "label": alt.get("label", ""),
                    "location": alt.get("location", ""),
                    "source": alt.get("source", ""),
                    "definition": json.dumps(
                        alt.get("definition") or {}, sort_keys=True, ensure_ascii=False, default=str
                    ),
                    "diagrams": ",".join(alt.get("diagrams") or []),
                }
            )
    # aliases: meridian prefix families, hyphenated and explicit forms
    for code, p in points.items():
        where = f"{p.file} ({code})"
        meridian, group, number = p.parsed_code
        if meridian:
            prefixes = json.loads(
                next(
                    (m["alias_prefixes"] for m in out.tables["meridians"] if m["code"] == meridian),
                    "[]",
                )
            )
            for prefix in prefixes:
                claim(f"{prefix}{number}", code, where)
        for alias in p.record.get("aliases", []) or []:
            if not isinstance(alias, str) or not alias.strip():
                out.problem(f"{where}: aliases must be non-empty strings.")
                continue
            claim(alias.strip(), code, where)
    return points


def _sort_key(p: PointSource) -> tuple[int, str, int]:
    meridian, group, number = p.parsed_code
    if meridian in MERIDIAN_CODES:
        return (MERIDIAN_CODES.index(meridian), "", number or 0)
    return (len(MERIDIAN_CODES), group or p.code, number or 0)


# -- positions ---------------------------------------------------------------------------------


def _compile_positions(
    src: Sources,
    out: Compiled,
    points: dict[str, PointSource],
    diagrams: dict[str, DiagramGeometry],
) -> None:
    for diagram_id, geo in diagrams.items():
        on_diagram = [p for p in points.values() if diagram_id in (p.record.get("diagrams") or [])]
        wanted: list[Wanted] = []
        for p in on_diagram:
            sites = p.record.get("sites")
            if sites:
                wanted.extend(Wanted(p.code, p.definition_for(diagram_id, s), i) for i, s in enumerate(sites, start=1))
            else:
                wanted.append(Wanted(p.code, p.definition_for(diagram_id)))
        for p in on_diagram:
            for alt_index, alt in enumerate(p.record.get("alternatives", []) or [], start=1):
                if alt.get("diagrams") and diagram_id not in alt["diagrams"]:
                    continue  # drawn only where it can be seen (PC9's nail corner: the back of the hand)
                definition = (alt.get("definitions") or {}).get(diagram_id, alt.get("definition"))
                if definition:
                    wanted.append(Wanted(p.code, definition, alternative=alt_index))
        placement = place(wanted, geo, points)  # the one code path: the photo view places with it too
        for w, pos in placement.placed:
            p = points[w.code]
            if w.alternative:
                for side, spot in _sides(p, geo, pos):
                    out.tables["alternative_positions"].append(
                        {
                            "point_code": p.code,
                            "alternative": w.alternative,
                            "diagram": diagram_id,
                            "side": side,
                            "x": round(spot.x / geo.width, 5),
                            "y": round(spot.y / geo.height, 5),
                        }
                    )
            else:
                site = p.record["sites"][w.site - 1] if w.site else None
                _emit_position(out, p, geo, pos, w.site, site)
        for problem in placement.problems:
            w, p = problem.wanted, points[problem.wanted.code]
            if w.alternative:
                where = f"{p.file} ({p.code}, alternative {w.alternative})"
            elif problem.error:
                where = f"{p.file} ({p.code}{f', site {w.site}' if w.site else ''})"
            else:
                where = f"{p.file} ({p.code})"
            out.problem(f"{where}: on diagram {diagram_id}, {problem.reason}.")


def _sides(p: PointSource, geo: DiagramGeometry, pos: Vec) -> list[tuple[str, Vec]]:
    if p.record.get("laterality") == "midline":
        return [("midline", pos)]
    if geo.sides == "both":
        return [("right", pos), ("left", geo.mirror(pos))]
    return [("right", pos)]


def _emit_position(
    out: Compiled,
    p: PointSource,
    geo: DiagramGeometry,
    pos: Vec,
    index: int,
    site: dict[str, Any] | None,
) -> None:
    for side, spot in _sides(p, geo, pos):
        x, y = round(spot.x / geo.width, 5), round(spot.y / geo.height, 5)
        if not (0 <= x <= 1 and 0 <= y <= 1):
            out.problem(
                f"{p.file} ({p.code}): its {side} position on diagram {geo.id} ({x:.3f}, {y:.3f}) "
                "falls outside the diagram; check its definition."
            )
        out.tables["positions"].append(
            {
                "point_code": p.code,
                "diagram": geo.id,
                "side": side,
                "site": index,
                "site_label": (site or {}).get("label", ""),
                "x": x,
                "y": y,
            }
        )


# -- checklists and protocols ------------------------------------------------------------------


def _compile_checklists(src: Sources, out: Compiled, source_ids: set[Any]) -> None:
    seen: set[str] = set()
    ordered = sorted(
        src.checklists,
        key=lambda c: (STAGES.index(c["stage"]) if c.get("stage") in STAGES else 99, c["_file"]),
    )
    for position, c in enumerate(ordered, start=1):
        where = f"{c['_file']} (checklist {c.get('id', '?')})"
        if not _required(out, where, c, ("id", "title", "stage")) or not _first_use(
            out, where, "checklist", c["id"], seen
        ):
            continue
        if c["stage"] not in STAGES:
            out.problem(f"{where}: stage '{c['stage']}' is not one of {', '.join(STAGES)}.")
            continue
        _text_fields_ok(out, where, c, ("title", "summary"))
        items = c.get("item", [])
        if not items:
            out.problem(f"{where}: the checklist has no items.")
        out.tables["checklists"].append(
            {
                "id": c["id"],
                "title": c["title"],
                "stage": c["stage"],
                "stage_order": STAGES.index(c["stage"]) + 1,
                "position": position,
                "summary": c.get("summary", ""),
            }
        )
        for n, item in enumerate(items, start=1):
            if not item.get("text"):
                out.problem(f"{where}: item {n} has no text.")
            basis = item.get("basis", [])
            for b in basis:
                if b not in source_ids:
                    out.problem(f"{where}: item {n} cites unknown source '{b}' (see data/sources.toml).")
            kind = item.get("kind", "check")
            if kind not in ("check", "count-in", "count-out"):
                out.problem(f"{where}: item {n} has unknown kind '{kind}'.")
            _text_fields_ok(out, f"{where} item {n}", item, ("text", "reason"))
            out.tables["checklist_items"].append(
                {
                    "checklist_id": c["id"],
                    "position": n,
                    "text": item.get("text", ""),
                    "reason": item.get("reason", ""),
                    "basis": ",".join(basis),
                    "kind": kind,
                }
            )


def _compile_protocols(src: Sources, out: Compiled, points: dict[str, PointSource]) -> None:
    seen: set[str] = set()
    for order, proto in enumerate(src.protocols, start=1):
        where = f"{proto['_file']} (protocol {proto.get('id', '?')})"
        if not _required(out, where, proto, ("id", "title", "region", "purpose")) or not _first_use(
            out, where, "protocol", proto["id"], seen
        ):
            continue
        out.region_problem(where, proto["region"])
        _text_fields_ok(out, where, proto, ("title", "purpose", "notes", "status"))
        out.tables["protocols"].append(
            {
                "id": proto["id"],
                "title": proto["title"],
                "region": proto["region"],
                "purpose": proto.get("purpose", ""),
                "notes": proto.get("notes", ""),
                "status": proto.get("status", "common practice, not prescription"),
                "sort_order": order,
            }
        )
        for n, item in enumerate(proto.get("point", []), start=1):
            code = item.get("code", "")
            _text_fields_ok(out, f"{where} step {n}", item, ("note",))
            if code not in points:
                out.problem(f"{where}: step {n} names point '{code}', which is not in the data.")
                continue
            out.tables["protocol_points"].append(
                {
                    "protocol_id": proto["id"],
                    "position": n,
                    "point_code": code,
                    "note": item.get("note", ""),
                }
            )


def _compile_lessons(
    src: Sources, out: Compiled, points: dict[str, PointSource], diagrams: dict[str, DiagramGeometry]
) -> None:
    """Built-in lessons: each step's view must be a diagram that draws its first point."""
    from pointmap.core.lessons import LAYERS, MAX_ZOOM, MIN_ZOOM, SHOWN

    seen: set[str] = set()
    for order, lesson in enumerate(src.lessons, start=1):
        where = f"{lesson['_file']} (lesson {lesson.get('id', '?')})"
        if not _required(out, where, lesson, ("id", "title", "region")) or not _first_use(
            out, where, "lesson", lesson["id"], seen
        ):
            continue
        out.region_problem(where, lesson["region"])
        _text_fields_ok(out, where, lesson, ("title", "summary"))
        out.tables["lessons"].append(
            {
                "id": lesson["id"],
                "title": lesson["title"],
                "region": lesson["region"],
                "summary": lesson.get("summary", ""),
                "based_on": lesson.get("based_on", ""),
                "sort_order": order,
            }
        )
        for n, step in enumerate(lesson.get("step", []), start=1):
            at = f"{where} step {n}"
            _text_fields_ok(out, at, step, ("note",))
            unknown = [c for c in step["points"] if c not in points]
            view, shown = step.get("view", ""), step.get("shown", "all")
            layers, zoom = step.get("layers", ["labels"]), step.get("zoom", 1.0)
            if unknown:
                out.problem(f"{at}: names point(s) not in the data: {', '.join(unknown)}.")
            elif view and view not in diagrams:
                out.problem(f"{at}: view '{view}' is not a diagram.")
            elif view and step["points"] and view not in points[step["points"][0]].record.get("diagrams", []):
                out.problem(f"{at}: view '{view}' does not draw {step['points'][0]}, the step's point.")
            elif shown not in SHOWN or any(layer not in LAYERS for layer in layers):
                out.problem(f"{at}: shown is one of {', '.join(SHOWN)}; layers are among {', '.join(LAYERS)}.")
            elif not _is_number(zoom) or not MIN_ZOOM <= zoom <= MAX_ZOOM:
                out.problem(f"{at}: zoom is a number from {MIN_ZOOM:g} to {MAX_ZOOM:g}.")
            else:
                out.tables["lesson_steps"].append(
                    {
                        "lesson_id": lesson["id"],
                        "position": n,
                        "view": view,
                        "points": ",".join(step["points"]),
                        "shown": shown,
                        "layers": ",".join(layers),
                        "zoom": float(zoom),
                        "note": step.get("note", ""),
                    }
                )


# -- locations a standard leaves unsettled -----------------------------------------------------


def _compile_disputed(src: Sources, out: Compiled, source_ids: set[Any]) -> None:
    seen: set[tuple[str, str]] = set()
    for d in src.disputed:
        code, standard = d["code"], d["standard"]
        where = f"{d['_file']} ({code[:40]})"
        if PointSource({"code": code}, "").parsed_code[1] is None:
            out.problem(f"{where}: '{code[:40]}' is not a WHO-form code (like PC9 or GB30).")
            continue
        if standard not in source_ids:
            out.problem(f"{where}: standard '{standard[:40]}' is not a source in data/sources.toml.")
            continue
        if (code, standard) in seen:
            out.problem(f"{where}: {code} is listed twice for {standard}.")
            continue
        seen.add((code, standard))
        _text_fields_ok(out, where, d, ("note",))
        out.tables["disputed_locations"].append({"point_code": code, "standard": standard, "note": d["note"]})


# -- screening questions, their flags and waiting periods --------------------------------------


def _compile_screening(src: Sources, out: Compiled, source_ids: set[Any]) -> None:
    flags = _compile_flags(src, out)
    questions = _compile_questions(src, out, flags, source_ids)
    waited = _compile_waiting_periods(src, out, questions, source_ids)
    raised = {q["flag"] for q in questions.values()}
    for f in src.flags:
        if f.get("id") in flags and f["id"] not in raised:
            out.problem(f"{f['_file']} (flag {f['id']}): no question raises it; name it in a question or remove it.")
    for qid, question in questions.items():
        if question["answer_kind"] == "date" and qid not in waited:
            out.problem(
                f"{question['_file']} (question {qid}): it asks for a date, so it needs a waiting period "
                "([[waiting]] with question = its id)."
            )


def _required(out: Compiled, where: str, record: dict[str, Any], keys: tuple[str, ...]) -> bool:
    missing = [k for k in keys if record.get(k) in (None, "")]
    if missing:
        out.problem(f"{where}: missing required field(s) {', '.join(missing)}.")
    return not missing


def _slug_ok(out: Compiled, where: str, kind: str, value: str, seen: set[str]) -> bool:
    if not _SLUG.match(value):
        out.problem(f"{where}: {kind} id '{value[:40]}' must be kebab-case (lower-case words joined by hyphens).")
        return False
    return _first_use(out, where, kind, value, seen)


def _first_use(out: Compiled, where: str, kind: str, value: str, seen: set[str]) -> bool:
    """Whether this id is met for the first time (then kept in ``seen``); a second use is a problem."""
    if value in seen:
        out.problem(f"{where}: {kind} id '{value}' is used twice.")
        return False
    seen.add(value)
    return True


def _compile_flags(src: Sources, out: Compiled) -> set[str]:
    seen: set[str] = set()
    for f in src.flags:
        where = f"{f['_file']} (flag {f.get('id', '?')})"
        if not _required(out, where, f, ("id", "title", "meaning")) or not _slug_ok(out, where, "flag", f["id"], seen):
            continue
        _text_fields_ok(out, where, f, ("title", "meaning", "note"))
        out.tables["screening_flags"].append(
            {
                "id": f["id"],
                "position": len(seen),
                "title": f["title"],
                "meaning": f["meaning"],
                "note": f.get("note", ""),
            }
        )
        kept: set[str] = set()
        for n, term in enumerate(f.get("terms", []), start=1):
            shown = term.strip()
            if len(shown) < MIN_TERM:
                out.problem(
                    f"{where}: caution term {n} ('{shown}') is shorter than {MIN_TERM} characters; "
                    "it would mark points whose cautions only contain it inside another word."
                )
                continue
            if not shown[0].isalpha():
                out.problem(f"{where}: caution term {n} ('{shown[:40]}') must start with a letter.")
                continue
            if _HTML.search(shown):
                out.problem(f"{where}: caution term {n} contains HTML-like markup; write plain text.")
                continue
            if shown.casefold() in kept:
                out.problem(f"{where}: caution term '{shown}' is listed twice.")
                continue
            kept.add(shown.casefold())
            out.tables["screening_caution_terms"].append({"flag": f["id"], "position": n, "term": shown})
    return seen


def _compile_questions(src: Sources, out: Compiled, flags: set[str], source_ids: set[Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for q in src.questions:
        where = f"{q['_file']} (question {q.get('id', '?')})"
        if not _required(out, where, q, ("id", "question", "answer_kind", "flag")):
            continue
        if not _slug_ok(out, where, "question", q["id"], seen):
            continue
        kind, prompt = q["answer_kind"], q.get("detail_prompt", "")
        if kind not in ANSWER_KINDS:
            out.problem(f"{where}: answer_kind '{kind[:40]}' is not one of {', '.join(ANSWER_KINDS)}.")
            continue
        if kind == "yes-no-detail" and not prompt:
            out.problem(f"{where}: a yes-no-detail question needs a detail_prompt (what to write beside a yes).")
        if kind != "yes-no-detail" and prompt:
            out.problem(f"{where}: only a yes-no-detail question has a detail_prompt; this one is {kind}.")
        if q["flag"] not in flags:
            out.problem(f"{where}: it raises flag '{q['flag'][:40]}', which no [[flag]] in data/screening/ defines.")
            continue
        basis = q.get("basis", [])
        if not basis:
            out.problem(f"{where}: it cites no source; list the ids it rests on in basis (see data/sources.toml).")
        for b in basis:
            if b not in source_ids:
                out.problem(f"{where}: it cites unknown source '{b}' (see data/sources.toml).")
        _text_fields_ok(out, where, q, ("question", "detail_prompt", "note"))
        found[q["id"]] = q
        out.tables["screening_questions"].append(
            {
                "id": q["id"],
                "position": len(found),
                "question": q["question"],
                "answer_kind": kind,
                "detail_prompt": prompt,
                "flag": q["flag"],
                "basis": ",".join(basis),
                "note": q.get("note", ""),
            }
        )
    return found


def _compile_waiting_periods(
    src: Sources, out: Compiled, questions: dict[str, dict[str, Any]], source_ids: set[Any]
) -> set[str]:
    done: set[str] = set()
    for w in src.waitings:
        qid = w.get("question", "")
        where = f"{w['_file']} (waiting period of {qid or '?'})"
        if not _required(out, where, w, ("question", "procedure", "note")):
            continue
        if qid not in questions:
            out.problem(f"{where}: question '{qid[:40]}' is not a screening question.")
            continue
        if questions[qid]["answer_kind"] != "date":
            out.problem(f"{where}: question {qid} is answered {questions[qid]['answer_kind']}; only a date has one.")
            continue
        if qid in done:
            out.problem(f"{where}: question {qid} has two waiting periods; give every source's figure in one.")
            continue
        _text_fields_ok(out, where, w, ("procedure", "note"))
        figures = w.get("source", [])
        if not figures:
            out.problem(f"{where}: it cites no source; give each source's figure as [[waiting.source]].")
            continue
        rows = []
        for n, figure in enumerate(figures, start=1):
            at = f"{where}, source {n}"
            low, high = figure["min_days"], figure["max_days"]
            if figure["id"] not in source_ids:
                out.problem(f"{at}: '{figure['id'][:40]}' is not a source in data/sources.toml.")
            if not figure.get("context"):
                out.problem(f"{at}: missing required field(s) context (what the figure is about).")
            if not (0 <= low <= MAX_DAYS and 0 <= high <= MAX_DAYS):
                out.problem(f"{at}: min_days and max_days must be whole days from 0 to {MAX_DAYS:,}.")
                continue
            if low > high:
                out.problem(f"{at}: min_days ({low}) is more than max_days ({high}).")
                continue
            _text_fields_ok(out, at, figure, ("context",))
            rows.append(
                {
                    "question_id": qid,
                    "position": n,
                    "source_id": figure["id"],
                    "min_days": low,
                    "max_days": high,
                    "context": figure.get("context", ""),
                }
            )
        if len(rows) != len(figures):
            continue
        done.add(qid)
        out.tables["waiting_periods"].append(
            {
                "question_id": qid,
                "procedure": w["procedure"],
                "min_days": min(r["min_days"] for r in rows),
                "max_days": max(r["max_days"] for r in rows),
                "note": w["note"],
            }
        )
        out.tables["waiting_period_sources"].extend(rows)
    return done
