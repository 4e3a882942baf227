"""What a handout holds: its title and points (the chosen sequence, or every point of the view),
and the table of those points as escaped HTML for Qt's text layout."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from pointmap.core.fileio import safe_file_stem

if TYPE_CHECKING:
    from pointmap.core.reference import Point, Reference
    from pointmap.core.sequences import Sequence

FOOTNOTE = (
    "Locations: WHO Standard Acupuncture Point Locations (2008), proportional bone cun; extra points "
    "as noted. PointMap is a reference for trained practitioners and students, not medical advice."
)


@dataclass(frozen=True)
class Handout:
    title: str
    points: tuple[Point, ...]

    @property
    def file_stem(self) -> str:
        """A file name for the handout without its suffix (no path separators)."""
        return safe_file_stem(self.title, "handout")

    def html(self) -> str:
        """The points as a table; every value from the data is escaped."""
        rows = "".join(
            "<tr>"
            f"<td><b>{escape(p.code)}</b><br>{escape(p.pinyin)} {escape(p.hanzi)}<br><i>{escape(p.english)}</i></td>"
            f"<td>{escape(p.location)}</td>"
            f"<td>{escape(p.depth)}; {escape(p.angle)}</td>"
            f"<td>{escape(p.cautions)}</td>"
            "</tr>"
            for p in self.points
        )
        return (
            f"<h2>{escape(self.title)}</h2>"
            "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
            "<tr><th>Point</th><th>Location</th><th>Depth and angle</th><th>Cautions</th></tr>"
            f"{rows}</table>"
            f"<p style='font-size:8pt'>{escape(FOOTNOTE)}</p>"
        )


def handout_for(reference: Reference, diagram_id: str, sequence: Sequence | None) -> Handout:
    """The chosen sequence's points in order; without one, every point the diagram shows."""
    if sequence is not None and sequence.codes:
        codes = [c for c in sequence.codes if c in reference.points]
        title = sequence.title
    else:
        shown = {p.point_code for p in reference.positions.get(diagram_id, [])}
        codes = [c for c in reference.points if c in shown]
        title = reference.diagrams[diagram_id].title
    return Handout(title, tuple(reference.points[c] for c in codes))
