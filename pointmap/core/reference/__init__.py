"""The reference data the app reads: its records, the schema of points.db, the reader and its checks."""

from pointmap.core.reference.model import (
    REGION_TITLES,
    STAGE_TITLES,
    Alternative,
    Checklist,
    ChecklistItem,
    Diagram,
    GridSegment,
    Landmark,
    Meridian,
    Point,
    Position,
    Protocol,
    ProtocolStep,
    Scale,
    Source,
    as_plain,
)
from pointmap.core.reference.reader import Reference

__all__ = [
    "REGION_TITLES",
    "STAGE_TITLES",
    "Alternative",
    "Checklist",
    "ChecklistItem",
    "Diagram",
    "GridSegment",
    "Landmark",
    "Meridian",
    "Point",
    "Position",
    "Protocol",
    "ProtocolStep",
    "Reference",
    "Scale",
    "Source",
    "as_plain",
]
