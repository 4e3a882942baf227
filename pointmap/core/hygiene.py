"""Clean-needle rules with no database: whether the needles counted out match the needles counted in."""

from __future__ import annotations

from dataclasses import dataclass

EMPTY = "empty"
MATCHED = "matched"
MISSING = "missing"
EXCESS = "excess"


@dataclass(frozen=True)
class Reconciliation:
    """``state`` is one of 'empty' (nothing counted yet), 'matched', 'missing' (fewer out than in: a needle
    may still be in the patient) or 'excess' (more out than in: the count itself is wrong). ``difference`` is
    how many needles the two counts are apart (never negative); ``sentence`` is what to tell the practitioner."""

    state: str
    difference: int
    sentence: str

    @property
    def accounted_for(self) -> bool:
        """Only a count that matches (and is not empty) accounts for every needle; more out than in does not."""
        return self.state == MATCHED


def _needles(n: int) -> str:
    return f"{n} needle{'' if n == 1 else 's'}"


def reconcile(needles_in: int, needles_out: int) -> Reconciliation:
    """Compare the two counts. Counts are never negative: a negative one raises ValueError."""
    for name, value in (("needles_in", needles_in), ("needles_out", needles_out)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be a whole number, not {value!r}")
        if value < 0:
            raise ValueError(f"{name} cannot be negative ({value})")
    if needles_in == 0 and needles_out == 0:
        return Reconciliation(EMPTY, 0, "Record the number of needles inserted, then the number removed.")
    if needles_in == needles_out:
        return Reconciliation(MATCHED, 0, f"✓ All {_needles(needles_in)} accounted for.")
    if needles_out < needles_in:
        missing = needles_in - needles_out
        return Reconciliation(
            MISSING,
            missing,
            f"⚠ {_needles(missing)} not yet removed or unaccounted for. "
            "Check the patient, couch, floor and clothing before they leave.",
        )
    excess = needles_out - needles_in
    return Reconciliation(
        EXCESS,
        excess,
        f"⚠ More needles out than in (by {excess}): a count is wrong. "
        "Recount the sharps container and the record before the patient leaves.",
    )
