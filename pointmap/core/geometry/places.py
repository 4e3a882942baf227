"""Every point of a view placed from that view's landmarks, in dependency order: the one code path
that builds ``points.db``'s positions (``core/authoring/compile.py``) and places the face points on
a client's photo (``photo.py``). No Qt.

A definition may name another point (GV24 is placed before GB15, which lies on the line from GV24
to ST8), so the wanted placements are resolved in passes until none is left or none could be
placed; what is left names what it waits for, or a cycle. Alternatives (a second location) are
placed last, once every point's own location is known.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any

from pointmap.core.geometry.cun import DiagramGeometry, GeometryError, Vec, references, resolve


@dataclass(frozen=True)
class Wanted:
    """One placement to make: a point's spot on a view, from its location definition."""

    code: str
    definition: Any
    site: int = 0  # 0: a point with one spot; n: its nth spot (Baxie, Shixuan …)
    alternative: int = 0  # 0: the point's own location; n: its nth alternative location

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.code, self.site, self.alternative)


@dataclass(frozen=True)
class Unplaced:
    """A placement that failed, and why (a phrase): ``error`` when its definition cannot be
    resolved, else it waited for references that were never placed."""

    wanted: Wanted
    reason: str
    error: bool


@dataclass
class Placement:
    """Positions for the subject's right side (or the midline), in the order they were placed."""

    placed: list[tuple[Wanted, Vec]] = field(default_factory=list)
    problems: list[Unplaced] = field(default_factory=list)

    def positions(self) -> dict[tuple[str, int, int], Vec]:
        return {wanted.key: pos for wanted, pos in self.placed}


def place(wanted: Iterable[Wanted], geo: DiagramGeometry, points: Container[str]) -> Placement:
    """Resolve every wanted placement on ``geo`` (the subject's right side). ``points`` holds every
    point code of the data: a reference to one that is neither a landmark nor placed yet waits."""
    out = Placement()
    pending = [w for w in wanted if w.alternative == 0]
    alternatives = [w for w in wanted if w.alternative != 0]
    placed: dict[str, Vec] = {}  # point code -> its position (site 0, or its first site)

    def lookup(ref: str) -> Vec | None:
        if ref in placed:
            return placed[ref]
        return geo.landmark(ref)

    waiting_for: dict[tuple[str, int, int], str] = {}
    progress = True
    while pending and progress:
        progress = False
        remaining = []
        for w in pending:
            waiting = [
                r for r in references(w.definition) if r in points and r not in placed and geo.landmark(r) is None
            ]
            if waiting:
                remaining.append(w)
                waiting_for[w.key] = f"it refers to {', '.join(waiting)}, which could not be placed first"
                continue
            try:
                pos = resolve(w.definition, geo, lookup)
            except GeometryError as exc:
                out.problems.append(Unplaced(w, str(exc), error=True))
                continue
            progress = True
            if w.site in (0, 1):
                placed[w.code] = pos
            out.placed.append((w, pos))
        pending = remaining
    for w in pending:
        out.problems.append(Unplaced(w, waiting_for.get(w.key, "its references form a cycle"), error=False))
    for w in alternatives:
        try:
            out.placed.append((w, resolve(w.definition, geo, lookup)))
        except GeometryError as exc:
            out.problems.append(Unplaced(w, str(exc), error=True))
    return out
