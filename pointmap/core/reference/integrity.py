"""Checks across tables that the reader's per-value checks cannot make: every reference resolves
and every diagram's artwork is installed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pointmap.core import paths

if TYPE_CHECKING:
    from pointmap.core.reference.reader import Reference


def consistency_problem(reference: Reference, check_artwork: bool = True) -> str | None:
    """The first thing that would break the app (a dangling reference, a position off the
    diagram, artwork that is not installed), as a phrase; None when all is well."""
    if not reference.diagrams:
        return "it has no diagrams"
    for diagram in reference.diagrams.values() if check_artwork else ():
        problem = _artwork_problem(diagram.id, diagram.asset)
        if problem:
            return problem
    for diagram_id, positions in reference.positions.items():
        if diagram_id not in reference.diagrams:
            return f"points are placed on an unknown diagram '{diagram_id}'"
        for pos in positions:
            if pos.point_code not in reference.points:
                return f"a position names point '{pos.point_code}', which is not in the data"
            if not all(isinstance(v, int | float) and 0 <= v <= 1 for v in (pos.x, pos.y)):
                return f"point {pos.point_code} on {diagram_id} has no valid position"
    for point in reference.points.values():
        if point.best_view and point.best_view not in reference.diagrams:
            return f"point {point.code} reads best on an unknown diagram '{point.best_view}'"
        for alternative in point.alternatives:
            for pos in alternative.positions:
                if pos.diagram not in reference.diagrams:
                    return f"an alternative location of {point.code} is placed on an unknown diagram '{pos.diagram}'"
    for disputed in reference.disputed:
        if disputed.standard not in reference.sources:
            return f"the disputed location of {disputed.point_code} cites '{disputed.standard}', which is not a source"
    for protocol in reference.protocols:
        for step in protocol.steps:
            if step.point_code not in reference.points:
                return f"protocol {protocol.id} names point '{step.point_code}', which is not in the data"
    return _screening_problem(reference)


def _screening_problem(reference: Reference) -> str | None:
    """Questions name existing flags; each date question has a waiting period whose range is
    the span of its sources' figures, each of them from low to high and from a listed source."""
    if reference._dangling:
        return reference._dangling[0]
    for question in reference.screening:
        if question.flag not in reference.screening_flags:
            return f"screening question {question.id} raises flag '{question.flag}', which is not in the data"
        if question.answer_kind == "date" and question.id not in reference.waiting_periods:
            return f"screening question {question.id} asks for a date but has no waiting period"
    kinds = {q.id: q.answer_kind for q in reference.screening}
    for period in reference.waiting_periods.values():
        name = period.question_id
        if kinds.get(name) != "date":
            what = "is not in the data" if name not in kinds else "does not ask for a date"
            return f"a waiting period belongs to question '{name}', which {what}"
        if not period.figures:
            return f"the waiting period of {name} cites no source"
        for figure in (period, *period.figures):
            if figure.min_days > figure.max_days:
                return f"a waiting period of {name} runs from {figure.min_days} down to {figure.max_days} days"
        for figure in period.figures:
            if figure.source not in reference.sources:
                return f"the waiting period of {name} cites source '{figure.source}', which is not in the data"
        low, high = min(f.min_days for f in period.figures), max(f.max_days for f in period.figures)
        if (period.min_days, period.max_days) != (low, high):
            return (
                f"the waiting period of {name} ({period.min_days}-{period.max_days} days) is not the span "
                f"of its sources' figures ({low}-{high} days)"
            )
    return None


def _artwork_problem(diagram: str, asset: str) -> str | None:
    try:
        path = paths.asset_path(asset)
    except (ValueError, OSError, RuntimeError):  # outside assets/, a NUL byte, a loop of links
        return f"diagram {diagram} names artwork outside the assets folder ({asset!r})"
    try:
        installed = path.is_file()
    except OSError as exc:
        return f"the artwork of diagram {diagram} ({asset!r}) cannot be read ({exc.strerror})"
    if not installed:
        return f"the artwork of diagram {diagram} ({asset}) is not installed"
    return None
