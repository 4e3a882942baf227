"""What a session's screening answers raise: the flags (pregnancy, bleeding, a recent procedure
still inside its waiting period …) and the points whose cautions those flags concern. No Qt; the
questions, flags and waiting periods are reference data (data/screening/)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pointmap.core.reference import Reference
from pointmap.core.reference.model import CLEAR, DISPUTED

YES, NO, UNSURE = "yes", "no", "unsure"


@dataclass(frozen=True)
class Raised:
    """A flag a session's answers raised, and the sentence that says why and what it means."""

    flag: str
    question_id: str
    sentence: str


def _days_since(detail: str, today: date) -> int | None:
    try:
        return (today - date.fromisoformat(detail.strip()[:10])).days
    except ValueError:
        return None


def raised_flags(reference: Reference, answers: Mapping[str, object], today: date) -> list[Raised]:
    """The flags raised by ``answers`` (question id -> an object with ``answer`` and ``detail``,
    as the session record holds them). A yes or a not-sure raises the question's flag; for a
    procedure asked by date (the detail holds YYYY-MM-DD), the flag stands while the date is
    inside the waiting period, which the sources dispute between their shortest and longest."""
    raised: list[Raised] = []
    periods = reference.waiting_periods  # by the id of the question that asks for the date
    for question in reference.screening:
        answer = answers.get(question.id)
        if answer is None or getattr(answer, "answer", NO) == NO:
            continue
        flag = reference.screening_flags.get(question.flag)
        meaning = flag.meaning if flag else ""
        title = flag.title if flag else question.flag
        if question.answer_kind == "date":
            period = periods.get(question.id)
            days = _days_since(getattr(answer, "detail", ""), today)
            if period is None or days is None or days < 0:
                raised.append(Raised(question.flag, question.id, f"{title}: date not known. {meaning}".strip()))
                continue
            status = period.status(days)
            if status == CLEAR:
                continue
            when = f"{period.procedure} {days} day{'s' if days != 1 else ''} ago"
            if status == DISPUTED:
                why = (
                    f"{when}: some clinics treat after {period.min_days} days, others wait up to "
                    f"{period.max_days}; sources disagree."
                )
            else:
                why = f"{when}: clinics wait at least {period.min_days} days (up to {period.max_days})."
            raised.append(Raised(question.flag, question.id, f"{why} {meaning}".strip()))
            continue
        unsure = " (not sure)" if getattr(answer, "answer", "") == UNSURE else ""
        detail = getattr(answer, "detail", "")
        said = f" — {detail}" if detail else ""
        raised.append(Raised(question.flag, question.id, f"{title}{unsure}{said}. {meaning}".strip()))
    return raised


def flagged_points(reference: Reference, raised: list[Raised]) -> dict[str, str]:
    """The points the raised flags concern (code -> the first reason), from their cautions."""
    reasons: dict[str, str] = {}
    for item in raised:
        if item.flag not in reference.screening_flags:
            continue
        for code in reference.points_flagged(item.flag):
            reasons.setdefault(code, item.sentence)
    return reasons
