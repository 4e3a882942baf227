"""Geometry of the diagrams: cun definitions resolved to positions (``cun``), the cun grid's
rungs (``grid``), the meridians' drawn courses (``channels``) and how close markers may be drawn
(``markers``). No Qt.

The names below are loaded from their module when first used: start-up reads only the definition
keys and the marker size, and need not build the rest (its dataclasses cost a few ms)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pointmap.core.geometry.cun import DiagramGeometry, GeometryError, Resolver, Scale, Vec, references, resolve
    from pointmap.core.geometry.keys import DEFINITION_KEYS, OFFSET_KEYS
    from pointmap.core.geometry.markers import FIT_VIEW, MARKER_DIAMETER, Marker, crowded, fit_scale

_WHERE = {
    "DEFINITION_KEYS": "keys",
    "OFFSET_KEYS": "keys",
    "DiagramGeometry": "cun",
    "GeometryError": "cun",
    "Resolver": "cun",
    "Scale": "cun",
    "Vec": "cun",
    "references": "cun",
    "resolve": "cun",
    "FIT_VIEW": "markers",
    "MARKER_DIAMETER": "markers",
    "Marker": "markers",
    "crowded": "markers",
    "fit_scale": "markers",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
