"""Days typed by a person to choose records (YYYY-MM-DD): checked, never in the future, a range
that runs forwards. Each mistake is one sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pointmap.core.errors import PointMapError

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateError(PointMapError):
    """A day that cannot be used; the message says why in a sentence."""


def parse_day(text: str, what: str, today: date) -> date:
    """``text`` as a day (YYYY-MM-DD), not after ``today``."""
    value = (text or "").strip()
    if not _DAY.fullmatch(value):
        shown = value if len(value) <= 30 else value[:29] + "…"
        raise DateError(f"The {what} date '{shown}' is not a day written YYYY-MM-DD (e.g. {today.isoformat()}).")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise DateError(f"The {what} date {value} is not a day of the calendar.") from None
    if day > today:
        raise DateError(f"The {what} date {value} is in the future; records exist up to today ({today.isoformat()}).")
    return day


@dataclass(frozen=True)
class DateRange:
    """From and to (inclusive), either open-ended."""

    start: date | None = None
    end: date | None = None

    @property
    def since(self) -> str | None:
        return self.start.isoformat() if self.start else None

    @property
    def until(self) -> str | None:
        return self.end.isoformat() if self.end else None

    def words(self) -> str:
        if self.start and self.end:
            return f"from {self.since} to {self.until}" if self.start != self.end else f"on {self.since}"
        if self.start:
            return f"from {self.since}"
        if self.end:
            return f"up to {self.until}"
        return "of any date"


def parse_range(start: str | None, end: str | None, today: date) -> DateRange:
    """A range from the typed ``--from`` and ``--to`` (either may be missing)."""
    first = parse_day(start, "from", today) if start is not None else None
    last = parse_day(end, "to", today) if end is not None else None
    if first and last and first > last:
        raise DateError(f"The from date {first.isoformat()} is after the to date {last.isoformat()}.")
    return DateRange(first, last)
