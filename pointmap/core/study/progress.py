"""Progress in study mode, from the cards and every answer in the user database: per meridian and
region the share of cards learned and mastered and the mean locate error, day by day over time; the
streak of days studied; the cards due. ``pointmap study stats`` prints the same as the app shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from pointmap.core.study.scheduler import MASTERED_DAYS, REVIEW, CardState, utc_text

if TYPE_CHECKING:
    from pointmap.core.reference import Reference
    from pointmap.core.userdata.study import Review

ALL = "all"


@dataclass(frozen=True)
class Group:
    """One meridian, region or everything: how far its cards have come."""

    key: str  # "all", "region:face", "meridian:ST"
    title: str
    cards: int  # cards the data can ask in this group
    seen: int
    learned: int
    mastered: int
    mean_error: float | None  # cun, over every locate answer in the group
    reviews: int

    @property
    def mastered_share(self) -> float:
        return self.mastered / self.cards if self.cards else 0.0

    @property
    def learned_share(self) -> float:
        return self.learned / self.cards if self.cards else 0.0


@dataclass(frozen=True)
class Day:
    """One day that had answers: their number, the mean locate error, and the share of the group's
    cards mastered at its end."""

    day: str
    reviews: int
    mean_error: float | None
    mastered_share: float


@dataclass(frozen=True)
class Progress:
    today: str
    streak: int  # days in a row with at least one answer, up to today (or yesterday: the streak still stands)
    studied_today: int
    due_today: int  # cards due by the end of today
    due_now: int
    total_reviews: int
    overall: Group
    regions: tuple[Group, ...]
    meridians: tuple[Group, ...]
    days: Mapping[str, tuple[Day, ...]] = field(default_factory=dict)  # Group.key -> its days


def _group_of(reference: Reference) -> tuple[dict[str, str], dict[str, str]]:
    region = {code: p.region for code, p in reference.points.items()}
    meridian = {code: (p.meridian or p.group) for code, p in reference.points.items()}
    return region, meridian


def end_of_day_utc(now: datetime) -> str:
    """The last moment of ``now``'s local day, in the UTC text cards keep their due time in."""
    local_end = datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=now.tzinfo)
    return utc_text(local_end - timedelta(seconds=1))


def streak(days: Iterable[str], today: date) -> int:
    """Days in a row with answers, ending today, or yesterday when today has none yet."""
    studied = set(days)
    day = today if today.isoformat() in studied else today - timedelta(days=1)
    count = 0
    while day.isoformat() in studied:
        count += 1
        day -= timedelta(days=1)
    return count


def progress(
    reference: Reference,
    universe: Sequence[tuple[str, str]],
    states: Mapping[tuple[str, str], CardState],
    reviews: Sequence[Review],
    now: datetime,
) -> Progress:
    """Progress over every card the data can ask (``universe``: see decks.all_cards)."""
    region_of, meridian_of = _group_of(reference)
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in universe:
        groups[ALL].append(key)
        groups[f"region:{region_of.get(key[0], '')}"].append(key)
        groups[f"meridian:{meridian_of.get(key[0], '')}"].append(key)
    errors: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for r in reviews:
        names = (ALL, f"region:{region_of.get(r.point_code, '')}", f"meridian:{meridian_of.get(r.point_code, '')}")
        for name in names:
            counts[name] += 1
            if r.error_cun is not None:
                errors[name].append(r.error_cun)

    def group(name: str, title: str) -> Group:
        keys = groups.get(name, [])
        known = [states[k] for k in keys if k in states]
        found = errors.get(name)
        return Group(
            name,
            title,
            len(keys),
            len(known),
            sum(1 for s in known if s.learned),
            sum(1 for s in known if s.mastered),
            sum(found) / len(found) if found else None,
            counts.get(name, 0),
        )

    regions = tuple(
        group(f"region:{r}", reference.region_title(r))
        for r in dict.fromkeys(p.region for p in reference.points.values())
    )
    meridians = []
    for code in reference.groups:
        meridian = reference.meridians.get(code)
        meridians.append(group(f"meridian:{code}", f"{code} {meridian.name}" if meridian else f"{code} extra points"))
    now_utc, end_utc = utc_text(now), end_of_day_utc(now)
    today = now.date()
    days_studied = {r.at[:10] for r in reviews}
    return Progress(
        today=today.isoformat(),
        streak=streak(days_studied, today),
        studied_today=sum(1 for r in reviews if r.at[:10] == today.isoformat()),
        due_today=sum(1 for s in states.values() if s.due <= end_utc),
        due_now=sum(1 for s in states.values() if s.due <= now_utc),
        total_reviews=len(reviews),
        overall=group(ALL, "All points"),
        regions=regions,
        meridians=tuple(m for m in meridians if m.cards),
        days=timelines(reference, universe, reviews),
    )


def timelines(
    reference: Reference, universe: Sequence[tuple[str, str]], reviews: Sequence[Review]
) -> dict[str, tuple[Day, ...]]:
    """For everything, each region and each meridian: a Day per day that had answers, in order. The
    share mastered replays every answer (each review row holds the card's state after it)."""
    region_of, meridian_of = _group_of(reference)
    totals: dict[str, int] = defaultdict(int)
    for code, _kind in universe:
        for name in (ALL, f"region:{region_of.get(code, '')}", f"meridian:{meridian_of.get(code, '')}"):
            totals[name] += 1
    in_universe = set(universe)
    mastered_cards: dict[str, set[tuple[str, str]]] = defaultdict(set)
    per_day: dict[str, dict[str, list]] = defaultdict(dict)  # group -> day -> [count, error sum, error n]
    out: dict[str, list[Day]] = defaultdict(list)
    current_day = None

    def close_day(day: str) -> None:
        for name, by_day in per_day.items():
            row = by_day.get(day)
            if row is None:
                continue
            total = totals.get(name, 0)
            share = len(mastered_cards[name]) / total if total else 0.0
            out[name].append(Day(day, row[0], row[1] / row[2] if row[2] else None, share))

    for r in reviews:
        day = r.at[:10]
        if current_day is not None and day != current_day:
            close_day(current_day)
        current_day = day
        key = (r.point_code, r.kind)
        names = (ALL, f"region:{region_of.get(r.point_code, '')}", f"meridian:{meridian_of.get(r.point_code, '')}")
        mastered = r.state_after == REVIEW and (r.stability_after or 0.0) >= MASTERED_DAYS
        for name in names:
            row = per_day[name].setdefault(day, [0, 0.0, 0])
            row[0] += 1
            if r.error_cun is not None:
                row[1] += r.error_cun
                row[2] += 1
            if key in in_universe:
                (mastered_cards[name].add if mastered else mastered_cards[name].discard)(key)
    if current_day is not None:
        close_day(current_day)
    return {name: tuple(days) for name, days in out.items()}


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _error(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} cun"


def report_lines(found: Progress) -> list[str]:
    """The progress as plain-text lines (the command line's `pointmap study stats`)."""
    o = found.overall
    lines = [
        f"Streak: {found.streak} day{'s' if found.streak != 1 else ''}"
        f"   Answered today: {found.studied_today}   Due today: {found.due_today} (now: {found.due_now})",
        f"All points: {o.seen} of {o.cards} cards seen, {_percent(o.learned_share)} learned, "
        f"{_percent(o.mastered_share)} mastered; mean locate error {_error(o.mean_error)}; "
        f"{found.total_reviews} answers in all",
        "",
        f"{'':<26}{'cards':>6}{'seen':>6}{'learned':>9}{'mastered':>10}{'locate error':>15}",
    ]
    for title, rows in (("Regions", found.regions), ("Meridians", found.meridians)):
        lines.append(title)
        for g in rows:
            lines.append(
                f"  {g.title[:24]:<24}{g.cards:>6}{g.seen:>6}{_percent(g.learned_share):>9}"
                f"{_percent(g.mastered_share):>10}{_error(g.mean_error):>15}"
            )
    days = found.days.get(ALL, ())
    if days:
        lines += ["", "Recent days (all points)"]
        for d in days[-14:]:
            lines.append(
                f"  {d.day}  {d.reviews:>4} answers  locate error {_error(d.mean_error):>9}  "
                f"mastered {_percent(d.mastered_share)}"
            )
    return lines


def as_data(found: Progress) -> dict:
    """The progress as plain data (for --json)."""

    def g(group: Group) -> dict:
        return {
            "key": group.key,
            "title": group.title,
            "cards": group.cards,
            "seen": group.seen,
            "learned": group.learned,
            "mastered": group.mastered,
            "mastered_share": round(group.mastered_share, 4),
            "mean_locate_error_cun": None if group.mean_error is None else round(group.mean_error, 3),
            "answers": group.reviews,
        }

    return {
        "today": found.today,
        "streak_days": found.streak,
        "answered_today": found.studied_today,
        "due_today": found.due_today,
        "due_now": found.due_now,
        "answers": found.total_reviews,
        "all": g(found.overall),
        "regions": [g(x) for x in found.regions],
        "meridians": [g(x) for x in found.meridians],
        "days": [
            {
                "day": d.day,
                "answers": d.reviews,
                "mean_locate_error_cun": d.mean_error,
                "mastered_share": d.mastered_share,
            }
            for d in found.days.get(ALL, ())
        ],
    }
