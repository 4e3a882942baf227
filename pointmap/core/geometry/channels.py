"""The drawn course of each meridian on a diagram: its points joined in channel order."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pointmap.core.reference import Reference

Polyline = list[tuple[float, float]]


def meridian_polylines(reference: Reference, diagram_id: str) -> dict[str, list[Polyline]]:
    """For each meridian with at least two points on the diagram, one polyline per side (right,
    left, midline) through its points in number order, in diagram units. A point with several
    sites contributes its first."""
    diagram = reference.diagrams[diagram_id]
    by_code: dict[str, list] = {}
    for pos in reference.positions.get(diagram_id, []):
        by_code.setdefault(pos.point_code, []).append(pos)
    result: dict[str, list[Polyline]] = {}
    for code in reference.meridians:
        sequence = [p for p in reference.meridian_sequence(code) if p.code in by_code]
        if len(sequence) < 2:
            continue
        lines = []
        for side in ("right", "left", "midline"):
            spots = [
                (pos.x * diagram.width, pos.y * diagram.height)
                for p in sequence
                for pos in by_code[p.code]
                if pos.side == side and pos.site in (0, 1)
            ]
            if len(spots) >= 2:
                lines.append(spots)
        if lines:
            result[code] = lines
    return result
