"""Spaced review with FSRS (the ``fsrs`` package, the scheduler Anki uses): a card's state after a
rating, how an answer maps to a rating, and which card comes next. No scheduler of our own: this
module only translates between fsrs's objects and the rows of the user database.

fsrs works in UTC; the user database keeps a card's ``due`` and ``last_review`` in UTC too (ISO
8601 with ``+00:00``, so they sort and compare as text), and the time of each review in local time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

KINDS = ("locate", "name", "facts")
KIND_TITLES = {"locate": "Locate", "name": "Name", "facts": "Facts"}
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
LEARNING, REVIEW, RELEARNING = 1, 2, 3  # fsrs.State values
CORRECT, CLOSE, WRONG = "correct", "close", "wrong"
OUTCOMES = (CORRECT, CLOSE, WRONG)
RATING_OF = {CORRECT: GOOD, CLOSE: HARD, WRONG: AGAIN}  # a locate answer's band, or a name or facts answer
MASTERED_DAYS = 21.0  # a card whose memory stability reaches three weeks counts as mastered (Anki's "mature")
LEARN_AHEAD = timedelta(minutes=20)  # a learning card due this soon may be shown when nothing else is due


def utc_text(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CardState:
    """A card's scheduling state as the user database keeps it (see docs/data.md, study_cards)."""

    point_code: str
    kind: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str  # UTC ISO 8601
    last_review: str  # UTC ISO 8601
    introduced_at: str = ""  # local time of the first review
    reviews: int = 0
    lapses: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return self.point_code, self.kind

    @property
    def learned(self) -> bool:
        """Out of the learning steps (answered well enough to be scheduled in days)."""
        return self.state == REVIEW

    @property
    def mastered(self) -> bool:
        return self.state == REVIEW and (self.stability or 0.0) >= MASTERED_DAYS

    def is_due(self, now_utc: str) -> bool:
        return self.due <= now_utc


_SCHEDULERS: dict[bool, object] = {}


def scheduler(fuzz: bool = True):
    """fsrs's scheduler with its default parameters (desired retention 0.9, learning steps 1 and 10
    minutes); ``fuzz`` spreads intervals a little, as Anki does (tests turn it off to be exact)."""
    found = _SCHEDULERS.get(fuzz)
    if found is None:
        from fsrs import Scheduler

        found = _SCHEDULERS[fuzz] = Scheduler(enable_fuzzing=fuzz)
    return found


def review(
    previous: CardState | None, code: str, kind: str, rating: int, now: datetime, *, fuzz: bool = True
) -> CardState:
    """The card's state after ``rating`` at ``now`` (an aware datetime); a card never seen starts new."""
    from fsrs import Card, Rating, State

    if rating not in (AGAIN, HARD, GOOD, EASY):
        raise ValueError(f"a rating is 1 to 4, not {rating!r}")
    when = now.astimezone(UTC)
    if previous is None:
        card = Card(card_id=1, due=when)
    else:
        card = Card(
            card_id=1,
            state=State(previous.state),
            step=previous.step,
            stability=previous.stability,
            difficulty=previous.difficulty,
            due=datetime.fromisoformat(previous.due),
            last_review=datetime.fromisoformat(previous.last_review),
        )
    after, _log = scheduler(fuzz).review_card(card, Rating(rating), review_datetime=when)
    lapsed = previous is not None and previous.state == REVIEW and rating == AGAIN
    return CardState(
        point_code=code,
        kind=kind,
        state=int(after.state.value),
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=utc_text(after.due),
        last_review=utc_text(when),
        introduced_at=previous.introduced_at if previous else now.isoformat(timespec="seconds"),
        reviews=(previous.reviews if previous else 0) + 1,
        lapses=(previous.lapses if previous else 0) + lapsed,
    )


@dataclass(frozen=True)
class Next:
    """The card to ask next, or None with the reason (nothing due, the day's new cards used up)."""

    card: tuple[str, str] | None
    is_new: bool = False
    due_now: int = 0  # cards of the deck due now (learning ones included)
    new_left: int = 0  # new cards that may still be introduced today
    next_due: str | None = None  # UTC: when the next card of the deck falls due, when none is due now


def choose_next(
    deck: Iterable[tuple[str, str]],
    states: Mapping[tuple[str, str], CardState],
    now: datetime,
    new_left: int,
    *,
    avoid: str | None = None,
) -> Next:
    """The next card of ``deck`` (cards in the deck's order): the most overdue card that is due, then a
    new card while the day's limit allows, then a learning card due within twenty minutes. The cards of
    the point ``avoid`` (the one just answered, whose answer is still on screen) come only when nothing
    else can. One pass over the deck."""
    now_utc = utc_text(now)
    ahead = utc_text(now + LEARN_AHEAD)
    due_best: tuple[str, tuple[str, str]] | None = None
    due_second: tuple[str, tuple[str, str]] | None = None
    first_new: tuple[str, str] | None = None
    other_new: tuple[str, str] | None = None  # the first new card of another point than ``avoid``
    soon_best: tuple[str, tuple[str, str]] | None = None
    due_count = new_count = 0
    next_due: str | None = None
    for key in deck:
        state = states.get(key)
        if state is None:
            new_count += 1
            if first_new is None:
                first_new = key
            if other_new is None and key[0] != avoid:
                other_new = key
            continue
        due = state.due
        if due <= now_utc:
            due_count += 1
            item = (due, key)
            if key[0] == avoid:
                if due_second is None or item < due_second:
                    due_second = item  # the point just answered: only when nothing else is due
            elif due_best is None or item < due_best:
                due_best = item
            continue
        if next_due is None or due < next_due:
            next_due = due
        if state.state != REVIEW and due <= ahead and (soon_best is None or (due, key) < soon_best):
            soon_best = (due, key)
    new_left = max(0, min(new_left, new_count))
    for found, is_new in (
        (due_best[1] if due_best else None, False),
        (other_new if new_left else None, True),
        (due_second[1] if due_second else None, False),
        (first_new if new_left else None, True),
        (soon_best[1] if soon_best else None, False),
    ):
        if found is not None:
            return Next(found, is_new, due_count, new_left, next_due)
    return Next(None, False, due_count, new_left, next_due)


def due_count(states: Iterable[CardState], until_utc: str) -> int:
    """How many cards fall due by ``until_utc`` (the end of today, for "due today")."""
    return sum(1 for state in states if state.due <= until_utc)
