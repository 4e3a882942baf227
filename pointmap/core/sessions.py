"""Treatment-session rules with no database: what a client reference may be, whether the needles
are all accounted for, and what closing a session needs. The record itself is in
``core/userdata/sessions.py``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from pointmap.core.errors import SessionError

CLIENT_REF_MAX = 40
_CLIENT_REF = re.compile(r"[^\W_][\w .\-/#]*", re.UNICODE)
# Since user database version 7: the needle accidents the incident checklists give procedures for
# (WHO 1999 and the Clean Needle Technique manual list them among the adverse events to record), and
# the skin reactions cosmetic work meets.
ADVERSE_KINDS_V7 = (
    "bruising",
    "bleeding",
    "pain",
    "fainting",
    "broken needle",
    "stuck or bent needle",
    "needle found after the session",
    "suspected pneumothorax",
    "bleeding near the eye",
    "burn",
    "skin infection",
    "allergic reaction",
    "other",
)
ADVERSE_KINDS = ADVERSE_KINDS_V7  # a later version that adds kinds keeps V7 for its migration
# The incident checklist (data/checklists/6-incident.toml) to follow after recording an event of a kind.
PROCEDURE_FOR_KIND = {
    "fainting": "incident-fainting",
    "broken needle": "incident-broken-needle",
    "stuck or bent needle": "incident-stuck-needle",
    "needle found after the session": "incident-missing-needle",
    "suspected pneumothorax": "incident-pneumothorax",
    "bleeding near the eye": "incident-eye-bleeding",
}
ANSWERS = ("yes", "no", "unsure")
TEXT_MAX = 4000  # a note, an action taken, a detail: generous, but a record is not a document store


def client_ref(text: object) -> str:
    """A client reference as the clinic writes it (a number, initials, a file code), checked: one
    line, 1–40 characters, starting with a letter or digit. It is not a name; PointMap says so
    where it is typed."""
    if not isinstance(text, str):
        raise SessionError("The client reference must be text (a number or initials).")
    if any(ch in text for ch in "\n\r\t\x00"):
        raise SessionError("A client reference is one short line (a number or initials).")
    value = " ".join(text.split())
    if not value:
        raise SessionError("Give a client reference: the number or initials your clinic uses (not a name).")
    if len(value) > CLIENT_REF_MAX:
        raise SessionError(f"A client reference is at most {CLIENT_REF_MAX} characters; this one has {len(value)}.")
    if not _CLIENT_REF.fullmatch(value):
        raise SessionError(
            "A client reference may hold letters, digits, spaces and . - / # and must start with a letter or digit."
        )
    return value


def text(value: object, what: str, limit: int = TEXT_MAX) -> str:
    """Free text for the record (notes, an action taken): plain text, trimmed, within ``limit``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SessionError(f"The {what} must be text.")
    value = value.replace("\r\n", "\n").strip()
    if "\x00" in value:
        raise SessionError(f"The {what} holds a character that cannot be stored (NUL).")
    if len(value) > limit:
        raise SessionError(f"The {what} is {len(value)} characters long; at most {limit} can be kept.")
    return value


def not_in_future(when: datetime, now: datetime, what: str) -> datetime:
    """A time typed by a person (when something was discovered): never later than now."""
    if when.tzinfo is None:
        when = when.astimezone()
    if when > now:
        raise SessionError(f"The {what} ({when:%Y-%m-%d %H:%M}) is in the future; give the time it happened.")
    return when


@dataclass(frozen=True)
class Site:
    """Where needles go: a point on one side (a point with several sites names which)."""

    point_code: str
    side: str
    site: int = 0

    def label(self) -> str:
        side = "" if self.side == "midline" else f" ({self.side})"
        where = f" site {self.site}" if self.site > 1 else ""
        return f"{self.point_code}{where}{side}"


@dataclass(frozen=True)
class Tally:
    """The needles of a session: inserted (marks not undone), removed, and where they still are."""

    inserted: int
    removed: int
    still_in: tuple[tuple[Site, int], ...]  # site and how many needles are still there

    @property
    def in_place(self) -> int:
        return self.inserted - self.removed

    def sentence(self) -> str:
        if self.inserted == 0:
            return "No needles marked yet."
        if self.in_place == 0:
            return f"All {self.inserted} needle{'s' if self.inserted != 1 else ''} out."
        where = ", ".join(f"{site.label()}{f' ×{n}' if n > 1 else ''}" for site, n in self.still_in)
        return f"{self.in_place} of {self.inserted} still in: {where}."


def tally(needles: Iterable[tuple[Site, bool, bool]]) -> Tally:
    """From (site, removed, voided) for every needle marked: the session's count."""
    inserted = removed = 0
    still: Counter[Site] = Counter()
    for site, is_removed, is_voided in needles:
        if is_voided:
            continue
        inserted += 1
        if is_removed:
            removed += 1
        else:
            still[site] += 1
    ordered = tuple(sorted(still.items(), key=lambda item: (item[0].point_code, item[0].side, item[0].site)))
    return Tally(inserted, removed, ordered)


@dataclass(frozen=True)
class Closing:
    """Whether a session can close as complete, and if not, why (for the incident procedure)."""

    complete: bool
    reason: str


def count_mismatch(last_count: tuple[int, int] | None) -> str | None:
    """What a count of the needles in hand that did not match says; None when it matched or none was made."""
    if last_count is None or last_count[0] == last_count[1]:
        return None
    expected, counted = last_count
    if counted < expected:
        missing = expected - counted
        return (
            f"{missing} needle{'s' if missing != 1 else ''} fewer in hand ({counted}) than were still in "
            f"({expected}): a needle may still be in the client or lost in the room."
        )
    return f"More needles in hand ({counted}) than were still in ({expected}): a count is wrong."


def removal_under_way(current: Tally, last_count: tuple[int, int] | None = None) -> bool:
    """Whether the needles still in are the ones that may be forgotten: some are marked in while
    removal has begun (some already marked out), or while an "all out" count that did not match
    stands (``last_count`` is (expected, counted), as ``can_close`` takes it)."""
    if current.in_place <= 0:
        return False
    return current.removed > 0 or count_mismatch(last_count) is not None


def can_close(current: Tally, last_count: tuple[int, int] | None) -> Closing:
    """A session closes as complete only when every needle marked in is marked out and, when the
    practitioner counted the needles in hand ("all out"), the last count matched the needles that
    were still in: ``last_count`` is (expected, counted)."""
    mismatch = count_mismatch(last_count)
    if mismatch is not None:
        still = f" Marked in: {current.sentence()}" if current.in_place else ""
        return Closing(False, mismatch + still)
    if current.in_place > 0:
        return Closing(False, current.sentence())
    return Closing(True, current.sentence())
