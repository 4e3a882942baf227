"""Sequences of points to step through (a meridian, a built-in protocol, one of the person's own
protocols, their favourites; later a lesson), and the rules for stepping and for where the stepper stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pointmap.core.reference import Reference
    from pointmap.core.userdata.protocols import OwnProtocol

MERIDIAN, PROTOCOL = "meridian", "protocol"
OWN_PROTOCOL = "own-protocol"  # key: the protocol's uid in the user database
FAVOURITES = "favourites"  # key: FAVOURITES_KEY
FAVOURITES_KEY = "all"
FAVOURITES_TITLE = "Your favourites"


class Sequence(NamedTuple):
    """An ordered set of points. ``meridian`` is the meridian whose course is drawn with it.
    (A NamedTuple: the window's first frame needs it, and a dataclass costs start-up its making.)"""

    kind: str
    key: str
    title: str
    codes: tuple[str, ...]

    @property
    def meridian(self) -> str | None:
        return self.key if self.kind == MERIDIAN else None

    def step(self, current: str | None, delta: int) -> str | None:
        """The code ``delta`` places after ``current`` (wrapping round); the first (or, going
        back, the last) when ``current`` is not in the sequence."""
        return step(list(self.codes), current, delta)

    def position(self, current: str | None) -> tuple[int, int]:
        """(1-based place of ``current``, or 0 when it is not in the sequence; length)."""
        index = self.codes.index(current) + 1 if current in self.codes else 0
        return index, len(self.codes)


def step(codes: list[str], current: str | None, delta: int) -> str | None:
    """The code ``delta`` places after ``current`` in ``codes`` (wrapping); the first one when
    ``current`` is not in the sequence (the last one when going back)."""
    if not codes:
        return None
    if current not in codes:
        return codes[0] if delta >= 0 else codes[-1]
    return codes[(codes.index(current) + delta) % len(codes)]


def meridian_sequence(reference: Reference, code: str) -> Sequence | None:
    """A meridian's (or an extra-point group's) points in the data, in number order."""
    points = reference.meridian_sequence(code)
    if not points:
        return None
    meridian = reference.meridians.get(code)
    title = f"{meridian.name} meridian" if meridian else f"{code} extra points"
    return Sequence(MERIDIAN, code, title, tuple(p.code for p in points))


def protocol_sequence(reference: Reference, protocol_id: str) -> Sequence | None:
    """A protocol's points in its order (a step naming a point not in the data is skipped)."""
    protocol = next((p for p in reference.protocols if p.id == protocol_id), None)
    if protocol is None:
        return None
    codes = tuple(s.point_code for s in protocol.steps if s.point_code in reference.points)
    return Sequence(PROTOCOL, protocol_id, protocol.title, codes)


def own_protocol_sequence(reference: Reference, protocol: OwnProtocol) -> Sequence:
    """One of the person's protocols, its points in their order (a code the data does not hold is
    left out of the stepping; the protocol itself keeps it and lists it)."""
    codes = tuple(c for c in protocol.codes if c in reference.points)
    return Sequence(OWN_PROTOCOL, protocol.uid, protocol.title, codes)


def favourites_sequence(reference: Reference, codes: Iterable[str]) -> Sequence:
    """The person's favourite points, in the order they were starred."""
    return Sequence(FAVOURITES, FAVOURITES_KEY, FAVOURITES_TITLE, tuple(c for c in codes if c in reference.points))


def sequence_for(reference: Reference, kind: str, key: str) -> Sequence | None:
    """The sequence a kind and key of the reference data name (as kept in settings), or None when the
    data lacks it. Own protocols and favourites come from the user database (state.operations.own)."""
    if kind == MERIDIAN:
        return meridian_sequence(reference, key)
    if kind == PROTOCOL:
        return protocol_sequence(reference, key)
    return None
