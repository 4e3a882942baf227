"""Geometry of the diagrams: cun definitions resolved to positions (``cun``), the cun grid's
rungs (``grid``) and the meridians' drawn courses (``channels``). No Qt."""

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

__all__ = [
    "DEFINITION_KEYS",
    "OFFSET_KEYS",
    "DiagramGeometry",
    "GeometryError",
    "Resolver",
    "Scale",
    "Vec",
    "references",
    "resolve",
]
