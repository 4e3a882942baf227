"""Study operations: the settings, the decks (the person's own protocols and favourites come from their
records), the cards and the next one to ask, an answer recorded (one transaction, then announced so
the Study button's count and the progress refresh), and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pointmap.core.errors import UserDataError
from pointmap.core.sequences import own_protocol_sequence
from pointmap.core.study import decks as deck_rules
from pointmap.core.study import progress as progress_rules
from pointmap.core.study.scheduler import RATING_OF, CardState, Next, choose_next, utc_text
from pointmap.core.userdata import favourites as favs
from pointmap.core.userdata import protocols as protos
from pointmap.core.userdata import study as records
from pointmap.state.userdata import Changes, UserData

if TYPE_CHECKING:
    from pointmap.core.geometry.local import Frames
    from pointmap.core.reference import Reference
    from pointmap.core.study.decks import Deck

STUDY = frozenset(records.TABLE_NAMES)
SETTINGS = frozenset({"preferences"})


def _store(user: UserData):
    if user.store is None:
        raise UserDataError(user.unavailable or "Your user database is not open yet; nothing was recorded.")
    return user.store


def settings(user: UserData) -> records.StudySettings:
    return records.settings(user.store) if user.store is not None else records.StudySettings()


def save_settings(user: UserData, chosen: records.StudySettings) -> None:
    records.save_settings(_store(user), chosen)
    user.announce(Changes(SETTINGS))


def deck(user: UserData, reference: Reference, kind: str, key: str) -> Deck | None:
    """A deck by kind and key; own protocols, favourites and the hand-picked set from the person's records."""
    store = user.store
    own = None
    if kind == deck_rules.OWN_PROTOCOL and store is not None:
        found = protos.protocol(store, key)
        own = own_protocol_sequence(reference, found) if found is not None else None
    return deck_rules.deck_for(
        reference,
        kind,
        key,
        own=own,
        favourites=favs.favourites(store) if store is not None and kind == deck_rules.FAVOURITES else (),
        picked=settings(user).picked if kind == deck_rules.PICKED else (),
    )


def deck_choices(user: UserData, reference: Reference) -> list[tuple[str, str, str]]:
    """(kind, key, title) of every deck there is to choose, in the order they are offered."""
    found: list[tuple[str, str, str]] = []
    for region in dict.fromkeys(p.region for p in reference.points.values()):
        found.append((deck_rules.REGION, region, f"Region: {reference.region_title(region)}"))
    for diagram in reference.diagrams.values():
        found.append((deck_rules.VIEW, diagram.id, f"View: {diagram.title}"))
    for code in reference.groups:
        meridian = reference.meridians.get(code)
        found.append((deck_rules.MERIDIAN, code, f"Meridian: {code} {meridian.name}" if meridian else f"Extra: {code}"))
    for protocol in reference.protocols:
        found.append((deck_rules.PROTOCOL, protocol.id, f"Protocol: {protocol.title}"))
    if user.store is not None:
        for own in protos.protocols(user.store):
            found.append((deck_rules.OWN_PROTOCOL, own.uid, f"Your protocol: {own.title}"))
    found.append((deck_rules.FAVOURITES, "all", "Your favourites"))
    found.append((deck_rules.PICKED, "set", "Your hand-picked set"))
    return found


def cards(user: UserData) -> dict[tuple[str, str], CardState]:
    return records.cards(user.store) if user.store is not None else {}


def new_left(user: UserData, chosen: records.StudySettings | None = None) -> int:
    """New cards that may still be introduced today (all decks together)."""
    if user.store is None:
        return 0
    chosen = chosen or settings(user)
    return max(0, chosen.new_per_day - records.introduced_on(user.store, user.today()))


def next_card(
    user: UserData,
    deck_cards: list[tuple[str, str]],
    states: dict[tuple[str, str], CardState],
    new_allowed: int,
    avoid: str | None = None,
) -> Next:
    return choose_next(deck_cards, states, user.clock(), new_allowed, avoid=avoid)


def answer(
    user: UserData,
    code: str,
    kind: str,
    outcome: str,
    *,
    diagram: str | None = None,
    error_cun: float | None = None,
    answer: str = "",
    duration_ms: int | None = None,
) -> tuple[CardState, records.Review]:
    """Record an answer (its rating follows from how it went) and reschedule the card: on disk when
    this returns; then the views are told."""
    done = records.record(
        _store(user),
        code,
        kind,
        RATING_OF[outcome],
        outcome,
        user.clock(),
        diagram=diagram,
        error_cun=error_cun,
        answer=answer,
        duration_ms=duration_ms,
    )
    user.announce(Changes(STUDY))
    return done


def due_today(user: UserData) -> int:
    """Cards due by the end of today, over every deck (the Study button's count)."""
    if user.store is None:
        return 0
    end = progress_rules.end_of_day_utc(user.clock())
    row = user.store.conn.execute("SELECT count(*) FROM study_cards WHERE due <= ?", (end,)).fetchone()
    return int(row[0])


def due_now_text(user: UserData) -> str:
    return utc_text(user.clock())


def progress(user: UserData, reference: Reference, frames: Frames) -> progress_rules.Progress:
    store = _store(user)
    universe = deck_rules.all_cards(reference, frames)
    return progress_rules.progress(reference, universe, records.cards(store), records.reviews(store), user.clock())
