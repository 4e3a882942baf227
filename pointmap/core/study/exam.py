"""Exam sheets for trainers: a deck's points as numbered markers on blank diagrams, a page per view,
and the answer key. This module decides what goes where; ``ui/export/exam_sheets.py`` draws it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pointmap.core.study.decks import Deck, locate_view

if TYPE_CHECKING:
    from pointmap.core.reference import Position, Reference

MAX_PER_PAGE = 40  # more numbered markers than this on one diagram cannot be read: the view gets another page


@dataclass(frozen=True)
class Marker:
    number: int
    code: str
    x: float  # fraction of the diagram's width
    y: float


@dataclass(frozen=True)
class Page:
    diagram: str
    title: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class KeyRow:
    number: int
    code: str
    pinyin: str
    hanzi: str
    english: str
    view: str


@dataclass(frozen=True)
class ExamSheet:
    title: str
    pages: tuple[Page, ...]
    key: tuple[KeyRow, ...]
    left_out: tuple[str, ...] = ()  # points of the deck no view draws

    @property
    def file_stem(self) -> str:
        return f"Exam — {self.title}"


def _one_position(positions: list[Position]) -> Position:
    """The marker a point gets: the subject's right side (or the midline), its first site."""
    ranked = sorted(positions, key=lambda p: (p.side not in ("right", "midline"), p.site))
    return ranked[0]


def exam_sheet(reference: Reference, deck: Deck, seed: int | None = None) -> ExamSheet:
    """The sheet for ``deck``: its points grouped by the view each is asked on, numbered in a shuffled
    order (``seed`` makes it repeatable), one marker per point."""
    rng = random.Random(seed)
    by_view: dict[str, list[Position]] = {}
    left_out = []
    for code in deck.codes:
        view = locate_view(reference, code, deck)
        positions = reference.positions_of(code, view) if view else []
        if not positions:
            left_out.append(code)
            continue
        by_view.setdefault(view, []).append(_one_position(positions))
    pages: list[Page] = []
    key: list[KeyRow] = []
    number = 0
    for view in [d for d in reference.diagrams if d in by_view]:
        chosen = by_view[view]
        rng.shuffle(chosen)
        diagram = reference.diagrams[view]
        for start in range(0, len(chosen), MAX_PER_PAGE):
            markers = []
            for position in chosen[start : start + MAX_PER_PAGE]:
                number += 1
                point = reference.points[position.point_code]
                markers.append(Marker(number, point.code, position.x, position.y))
                key.append(KeyRow(number, point.code, point.pinyin, point.hanzi, point.english, diagram.title))
            pages.append(Page(view, diagram.title, tuple(markers)))
    return ExamSheet(deck.title, tuple(pages), tuple(key), tuple(left_out))
