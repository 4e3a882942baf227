"""Exceptions that carry a message meant for a person, not a traceback."""


class PointMapError(Exception):
    """Base class: str(error) is a complete sentence a user can act on."""


class DataError(PointMapError):
    """The reference data (sources or data/points.db) is missing, damaged or invalid."""


class UserDataError(PointMapError):
    """The person's own database cannot be opened, read, restored or written as asked."""


class UserDataEnvironmentError(UserDataError):
    """The computer, not PointMap, stands in the way: the disk is full, the folder is read-only or
    not ours to write, or another program holds the file locked. Not a bug; the sentence names the folder."""


class UserDataTooNewError(UserDataError):
    """The user database was written by a newer PointMap; it is left exactly as it is."""


class SessionError(UserDataError):
    """A treatment-session action that the record cannot take (a needle already out, a count that
    does not add up, a field typed wrongly); the sentence says what to do instead."""
