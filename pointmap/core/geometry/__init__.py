"""Geometry of the diagrams: cun definitions resolved to positions (``cun``), the cun grid's
rungs (``grid``), the meridians' drawn courses (``channels``) and how close markers may be drawn
(``markers``). No Qt."""

from pointmap.core.geometry.cun import (
    DEFINITION_KEYS,
    OFFSET_KEYS,
    DiagramGeometry,
    GeometryError,
    Resolver,
    Scale,
    Vec,
    references,
    resolve,
)
from pointmap.core.geometry.markers import FIT_VIEW, MARKER_DIAMETER, Marker, crowded, fit_scale

__all__ = [
    "DEFINITION_KEYS",
    "FIT_VIEW",
    "MARKER_DIAMETER",
    "OFFSET_KEYS",
    "DiagramGeometry",
    "GeometryError",
    "Marker",
    "Resolver",
    "Scale",
    "Vec",
    "crowded",
    "fit_scale",
    "references",
    "resolve",
]
