"""Exceptions that carry a message meant for a person, not a traceback."""


class PointMapError(Exception):
    """Base class: str(error) is a complete sentence a user can act on."""


class DataError(PointMapError):
    """The reference data (sources or data/points.db) is missing, damaged or invalid."""
