"""What a session's screening answers raise: flags, and the points whose cautions they concern."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from pointmap.core.screening import flagged_points, raised_flags

TODAY = date(2026, 12, 1)


def said(answer: str, detail: str = ""):
    return SimpleNamespace(answer=answer, detail=detail)


def test_a_yes_raises_the_flag_and_marks_the_points_its_cautions_concern(reference):
    raised = raised_flags(reference, {"pregnant": said("yes")}, TODAY)
    assert [r.flag for r in raised] == ["pregnancy"]
    points = flagged_points(reference, raised)
    assert "LI4" in points and "CV4" in points and "ST6" not in points


def test_no_raises_nothing_and_not_sure_raises_it_saying_so(reference):
    assert raised_flags(reference, {"pregnant": said("no"), "epilepsy": said("no")}, TODAY) == []
    (raised,) = raised_flags(reference, {"epilepsy": said("unsure")}, TODAY)
    assert raised.flag == "epilepsy" and "not sure" in raised.sentence


def test_a_flag_that_marks_no_point_still_concerns_the_session(reference):
    (raised,) = raised_flags(reference, {"high-blood-pressure": said("yes", "160/100 today")}, TODAY)
    assert "160/100 today" in raised.sentence
    assert flagged_points(reference, [raised]) == {}


def test_a_recent_procedure_raises_its_flag_only_inside_the_waiting_period(reference):
    period = reference.waiting_periods["dermal-filler"]
    inside = (TODAY - timedelta(days=period.min_days - 1)).isoformat()
    between = (TODAY - timedelta(days=(period.min_days + period.max_days) // 2)).isoformat()
    past = (TODAY - timedelta(days=period.max_days + 1)).isoformat()
    (wait,) = raised_flags(reference, {"dermal-filler": said("yes", inside)}, TODAY)
    assert f"at least {period.min_days} days" in wait.sentence
    (disputed,) = raised_flags(reference, {"dermal-filler": said("yes", between)}, TODAY)
    assert "sources disagree" in disputed.sentence
    assert raised_flags(reference, {"dermal-filler": said("yes", past)}, TODAY) == []
    (unknown,) = raised_flags(reference, {"dermal-filler": said("unsure")}, TODAY)
    assert "date not known" in unknown.sentence
