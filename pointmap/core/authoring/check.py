"""`pointmap db check`: validate the sources and the built database, one sentence per problem."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

from pointmap.core.authoring.compile import compile_sources
from pointmap.core.authoring.rules import clinical_problems
from pointmap.core.authoring.sources import load_sources
from pointmap.core.db import open_reference, reference_error
from pointmap.core.errors import DataError
from pointmap.core.reference import Reference
from pointmap.core.reference.schema import FTS_TABLE, SCHEMA_VERSION


def check_sources(root: Path) -> list[str]:
    """Problems in the text sources under ``root/data``."""
    try:
        return compile_sources(load_sources(root)).problems
    except DataError as exc:
        return [str(exc)]


def check_database(path: Path, root: Path | None = None) -> list[str]:
    """Problems in a built database; with ``root``, also whether it is older than the sources.

    Anything the app would refuse is a problem: the file is opened by the app's own opener
    (version and schema), checked page by page (``PRAGMA integrity_check``, and the full-text
    index against its table), then read by the app's own reader.
    """
    try:
        conn = open_reference(path)
    except DataError as exc:
        return [str(exc)]
    try:
        problems = _page_problems(conn, path)
        if problems:
            return problems  # reading a damaged file further tells nothing more
        try:
            Reference.load(path)
        except DataError as exc:
            return [str(exc)]
        problems += _full_text_problems(conn, path)
        problems += _check_rows(conn)
        problems += clinical_problems(conn)
        problems += _meta_problems(conn, path)
        if root is not None:
            digest = conn.execute("SELECT value FROM meta WHERE key = 'sources_digest'").fetchone()
            current = load_sources(root).digest
            if not digest or digest[0] != current:
                problems.append(
                    f"{path} was built from different sources than those under {root / 'data'}; "
                    "run 'pointmap db build' and commit the result."
                )
    except sqlite3.Error as exc:
        problems = [str(reference_error(path, exc))]
    except DataError as exc:
        problems = [str(exc)]
    finally:
        conn.close()
    return problems


def _page_problems(conn: sqlite3.Connection, path: Path) -> list[str]:
    found = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if found != ["ok"]:
        return [f"{path} is damaged; SQLite's integrity check found: {' '.join(line.split())}" for line in found]
    return []


def _full_text_problems(conn: sqlite3.Connection, path: Path) -> list[str]:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone():
        return [f"{path} has no full-text index ({FTS_TABLE}); run 'pointmap db build'."]
    # FTS5 checks its index with a command that writes, so it runs on a copy in memory.
    copy = sqlite3.connect(":memory:")
    try:
        conn.backup(copy)
        copy.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.Error as exc:
        return [f"{path} has a damaged full-text index ({FTS_TABLE}: {exc}); run 'pointmap db build'."]
    finally:
        copy.close()
    return []


def _meta_problems(conn: sqlite3.Connection, path: Path) -> list[str]:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or row[0] != str(SCHEMA_VERSION):
        found = "none" if row is None else repr(row[0])
        return [
            f"{path} says it has schema version {found} in its meta table, but {SCHEMA_VERSION} in its header; "
            "run 'pointmap db build'."
        ]
    return []


def _check_rows(conn: sqlite3.Connection) -> list[str]:
    problems: list[str] = []
    q = conn.execute
    diagrams = {r["id"]: r for r in q("SELECT * FROM diagrams")}
    points = {r["code"]: r for r in q("SELECT * FROM points")}
    meridians = {r["code"] for r in q("SELECT code FROM meridians")}
    if len(meridians) != 14:
        problems.append(f"The database has {len(meridians)} meridians; all 14 must be present.")
    for code, p in points.items():
        if p["meridian"] is not None and p["meridian"] not in meridians:
            problems.append(f"Point {code} names unknown meridian '{p['meridian']}'.")
        for field in (
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
            "standard",
        ):
            if not p[field]:
                problems.append(f"Point {code} has no {field}.")
    landmark_names = defaultdict(set)
    for r in q("SELECT diagram, name FROM landmarks"):
        landmark_names[r["diagram"]].add(r["name"])
    sides: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in q("SELECT * FROM positions"):
        code, diagram = r["point_code"], r["diagram"]
        if code not in points:
            problems.append(f"A position on {diagram} names point '{code}', which is not in the points table.")
            continue
        if diagram not in diagrams:
            problems.append(f"Point {code} is drawn on unknown diagram '{diagram}'.")
            continue
        if not (0 <= r["x"] <= 1 and 0 <= r["y"] <= 1):
            problems.append(f"Point {code} on {diagram} ({r['side']}) lies at ({r['x']}, {r['y']}), outside [0, 1].")
        sides[(code, diagram)].add(r["side"])
    for (code, diagram), found in sorted(sides.items()):
        if code not in points or diagram not in diagrams:
            continue
        bilateral = points[code]["laterality"] == "bilateral" and diagrams[diagram]["sides"] == "both"
        if bilateral and found != {"left", "right"}:
            only = ", ".join(sorted(found))
            problems.append(f"Bilateral point {code} is drawn on {diagram} on one side only ({only}).")
        if points[code]["laterality"] == "midline" and found != {"midline"}:
            problems.append(f"Midline point {code} is drawn on {diagram} off the midline.")
    drawn = {code for code, _ in sides}
    for code in points:
        if code not in drawn:
            problems.append(f"Point {code} has no position on any diagram.")
    owners: dict[str, set[str]] = defaultdict(set)
    for r in q("SELECT point_code, alias, alias_key FROM aliases"):
        owners[r["alias_key"] or r["alias"].casefold()].add(r["point_code"])
    for key, codes in sorted(owners.items()):
        if len(codes) > 1:
            problems.append(f"Alias '{key}' names {len(codes)} points ({', '.join(sorted(codes))}).")
    for r in q("SELECT protocol_id, position, point_code FROM protocol_points"):
        if r["point_code"] not in points:
            problems.append(f"Protocol {r['protocol_id']} step {r['position']} names missing point {r['point_code']}.")
    return problems
