"""Clinical rules that `pointmap db check` holds the built database to, beyond its shape. Each
stands for an error once found in the data (issue 16), written so that it cannot come back
unnoticed; each problem is one sentence naming the point and what to change."""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict

from pointmap.core.geometry import Marker, crowded
from pointmap.core.reference.model import caution_pattern

# What a location must not call a point that its standard places outside PointMap's region.
_REGION_WORDS = {
    "abdomen": re.compile(r"\babdom\w*", re.IGNORECASE),
    "face": re.compile(r"\b(?:face|facial)\b", re.IGNORECASE),
    "arm": re.compile(r"\barms?\b", re.IGNORECASE),
}


def clinical_problems(conn: sqlite3.Connection) -> list[str]:
    """Every breach of the clinical rules in an open points.db (rows by column name)."""
    return [*_pregnancy(conn), *_region_words(conn), *_disputed(conn), *_crowded(conn)]


def _pregnancy(conn: sqlite3.Connection) -> list[str]:
    """Every point of the abdomen carries a pregnancy caution, in words the pregnancy flag finds:
    the safety guidelines keep needles off the abdomen in pregnancy (WHO 1999)."""
    terms = [r["term"] for r in conn.execute("SELECT term FROM screening_caution_terms WHERE flag = 'pregnancy'")]
    pattern = caution_pattern(terms or ["pregnan"])
    assert pattern is not None
    rows = conn.execute(
        "SELECT code, cautions FROM points WHERE region = 'abdomen' AND standard_region = '' ORDER BY sort_order"
    )
    return [
        f"Point {r['code']} lies on the abdomen, but its cautions say nothing of pregnancy; every abdominal "
        "point needs a pregnancy caution (WHO 1999 keeps needles off the abdomen in pregnancy)."
        for r in rows
        if not pattern.search(r["cautions"].casefold())
    ]


def _region_words(conn: sqlite3.Connection) -> list[str]:
    """A point its standard places outside PointMap's region is not described as inside it."""
    problems = []
    rows = conn.execute("SELECT code, region, standard_region, location FROM points WHERE standard_region != ''")
    for r in rows:
        words = _REGION_WORDS.get(r["region"])
        found = words.search(r["location"]) if words else None
        if found:
            problems.append(
                f"Point {r['code']}: its location says '{found.group(0)}', but its standard places it on the "
                f"{r['standard_region']}; describe it as the standard does (PointMap may still draw it with the "
                f"{r['region']})."
            )
    return problems


def _disputed(conn: sqlite3.Connection) -> list[str]:
    """A point whose standard leaves two locations keeps both, drawn wherever the point is (or on
    the views its alternative names: PC9's nail corner is seen from the back of the hand only)."""
    problems = []
    drawn = defaultdict(set)
    for r in conn.execute("SELECT DISTINCT point_code, diagram FROM positions"):
        drawn[r["point_code"]].add(r["diagram"])
    alternative = defaultdict(set)
    for r in conn.execute("SELECT DISTINCT point_code, diagram FROM alternative_positions"):
        alternative[r["point_code"]].add(r["diagram"])
    seen_on: dict[str, set[str]] = defaultdict(set)  # the views an alternative is meant for, if not all
    for r in conn.execute("SELECT point_code, diagrams FROM alternatives WHERE diagrams != ''"):
        seen_on[r["point_code"]].update(r["diagrams"].split(","))
    points = {r["code"] for r in conn.execute("SELECT code FROM points")}
    for r in conn.execute("SELECT point_code, standard FROM disputed_locations ORDER BY point_code"):
        code = r["point_code"]
        if code not in points:
            continue  # outside PointMap's regions: its note says so
        meant = drawn[code] & seen_on[code] if code in seen_on else drawn[code]
        missing = sorted(meant - alternative[code])
        if not alternative[code]:
            problems.append(
                f"Point {code}: {r['standard']} keeps two locations for it, but the data has one; "
                "add the other as [[point.alternatives]]."
            )
        elif missing:
            problems.append(
                f"Point {code}: its second location ({r['standard']}) is not drawn on {', '.join(missing)}, "
                "where the point is; give the alternative a definition there."
            )
    return problems


def _crowded(conn: sqlite3.Connection) -> list[str]:
    """No two points of a view are drawn within a marker's width of each other at fit."""
    problems = []
    for d in conn.execute("SELECT id, width, height FROM diagrams ORDER BY sort_order").fetchall():
        markers = [
            Marker(r["point_code"], r["side"], r["x"], r["y"], f"site {r['site']}" if r["site"] else "")
            for r in conn.execute("SELECT * FROM positions WHERE diagram = ?", (d["id"],))
        ]
        markers += [
            Marker(r["point_code"], r["side"], r["x"], r["y"], f"alternative {r['alternative']}")
            for r in conn.execute("SELECT * FROM alternative_positions WHERE diagram = ?", (d["id"],))
        ]
        reported = set()
        for a, b, pixels in crowded(markers, d["width"], d["height"]):
            pair = tuple(sorted((a.code, b.code)))
            if pair in reported:
                continue
            reported.add(pair)
            problems.append(
                f"On {d['id']}, {a.name} and {b.name} are drawn {pixels:.1f} pixels apart when the diagram "
                "is shown whole, less than a marker's width: one covers the other. Check their definitions "
                "(or the landmarks they use)."
            )
    return problems
