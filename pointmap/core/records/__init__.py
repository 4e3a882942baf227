"""Treatment records as people read them: a closed (or open) session assembled with its course
number, screening, flags and checklist runs; as plain text, as plain data for JSON, and as CSV.
No Qt; the PDF is drawn in ``pointmap.ui.export.records``."""

from pointmap.core.records.dates import DateRange, parse_day, parse_range
from pointmap.core.records.record import Record, load, load_many, plain, text

__all__ = ["DateRange", "Record", "load", "load_many", "parse_day", "parse_range", "plain", "text"]
