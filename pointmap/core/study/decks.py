"""Decks: which points a study run asks about (a region, a view, a meridian, a protocol built in or
the person's own, their favourites, a hand-picked set), and the cards they make (a card per point
and kind of question)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pointmap.core import sequences
from pointmap.core.study.questions import fact_topics
from pointmap.core.study.scheduler import KINDS

if TYPE_CHECKING:
    from pointmap.core.geometry.local import Frames
    from pointmap.core.reference import Reference

REGION, VIEW, MERIDIAN, PROTOCOL = "region", "view", "meridian", "protocol"
OWN_PROTOCOL, FAVOURITES, PICKED = sequences.OWN_PROTOCOL, sequences.FAVOURITES, "picked"
DECK_KINDS = (REGION, VIEW, MERIDIAN, PROTOCOL, OWN_PROTOCOL, FAVOURITES, PICKED)
DECK_KIND_TITLES = {
    REGION: "A region",
    VIEW: "A view",
    MERIDIAN: "A meridian",
    PROTOCOL: "A protocol",
    OWN_PROTOCOL: "One of your protocols",
    FAVOURITES: "Your favourites",
    PICKED: "A hand-picked set",
}
NAME_OFFSET, FACTS_OFFSET = 3, 6  # a point's name and facts come this many points after its locate card


@dataclass(frozen=True)
class Deck:
    """The points of a study run, in order. ``view``: the view a view deck asks locate questions on."""

    kind: str
    key: str
    title: str
    codes: tuple[str, ...]
    view: str | None = None

    @property
    def empty(self) -> bool:
        return not self.codes


def deck_for(
    reference: Reference,
    kind: str,
    key: str,
    *,
    own: sequences.Sequence | None = None,
    favourites: Iterable[str] = (),
    picked: Iterable[str] = (),
) -> Deck | None:
    """The deck a kind and key name, or None when the data (or the person's records) lack it. Own
    protocols come as their Sequence (from the user database, through the state layer)."""
    if kind == REGION:
        if key not in {p.region for p in reference.points.values()}:
            return None
        codes = tuple(p.code for p in reference.points_in(region=key))
        return Deck(kind, key, f"{reference.region_title(key)} points", codes)
    if kind == VIEW:
        diagram = reference.diagrams.get(key)
        if diagram is None:
            return None
        on_view = {p.point_code for p in reference.positions.get(key, [])}
        codes = tuple(code for code in reference.points if code in on_view)
        return Deck(kind, key, f"Points on the view {diagram.title}", codes, view=key)
    if kind in (MERIDIAN, PROTOCOL):
        found = sequences.sequence_for(reference, kind, key)
        return None if found is None else Deck(kind, key, found.title, found.codes)
    if kind == OWN_PROTOCOL:
        return None if own is None else Deck(kind, key, own.title, own.codes)
    if kind == FAVOURITES:
        chosen = sequences.favourites_sequence(reference, favourites)
        return Deck(kind, sequences.FAVOURITES_KEY, chosen.title, chosen.codes)
    if kind == PICKED:
        codes = tuple(dict.fromkeys(c for c in picked if c in reference.points))
        return Deck(kind, "set", "Your hand-picked set", codes)
    return None


def locate_view(reference: Reference, code: str, deck: Deck | None = None) -> str | None:
    """The view a locate (or name) question about ``code`` is asked on: the deck's view when it shows
    the point, else the first view of the point's region that does."""
    if deck is not None and deck.view and deck.view in reference.diagrams_showing(code):
        return deck.view
    return reference.diagram_for(code)


def card_available(reference: Reference, frames: Frames, code: str, kind: str, deck: Deck | None = None) -> bool:
    """Whether the data can ask this card: a locate card needs a view that has a cun scale, a name
    card a view that draws the point, a facts card a fact with distinct wrong answers."""
    if code not in reference.points:
        return False
    if kind == "facts":
        return bool(fact_topics(reference, code))
    view = locate_view(reference, code, deck)
    if view is None:
        return False
    return kind == "name" or frames.has_scale(view)


def cards_of(reference: Reference, frames: Frames, deck: Deck, kinds: Sequence[str] = KINDS) -> list[tuple[str, str]]:
    """The deck's cards in the order new ones are introduced: locate cards in the deck's order, each
    point's name card three points later and its facts card six points later, so that a question
    never follows straight after the answer that gives it away."""
    lanes = [
        [(code, kind) for code in deck.codes if card_available(reference, frames, code, kind, deck)]
        for kind in KINDS
        if kind in kinds
    ]
    offsets = [0, NAME_OFFSET, FACTS_OFFSET][: len(lanes)]
    merged: list[tuple[str, str]] = []
    longest = max((len(lane) + off for lane, off in zip(lanes, offsets, strict=True)), default=0)
    for n in range(longest):
        for lane, off in zip(lanes, offsets, strict=True):
            if 0 <= n - off < len(lane):
                merged.append(lane[n - off])
    return merged


def all_cards(reference: Reference, frames: Frames, kinds: Sequence[str] = KINDS) -> list[tuple[str, str]]:
    """Every card the data can ask, whichever deck: the whole for 'share mastered'."""
    return [
        (code, kind)
        for code in reference.points
        for kind in KINDS
        if kind in kinds and card_available(reference, frames, code, kind)
    ]
