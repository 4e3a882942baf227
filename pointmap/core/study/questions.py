"""The questions of study mode and how an answer is judged: a locate click measured in cun on its
view, a typed name matched through the search box's own code, and multiple-choice facts built from
the data (never from a hand-written question bank)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pointmap.core.describe import describe_definition
from pointmap.core.geometry.cun import Vec
from pointmap.core.study.scheduler import CLOSE, CORRECT, WRONG

if TYPE_CHECKING:
    from pointmap.core.geometry.local import Frames, Miss
    from pointmap.core.reference import Point, Position, Reference
    from pointmap.core.search import SearchIndex

DEPTH, CAUTIONS, NEXT = "depth", "cautions", "next"
OPTIONS = 4  # a multiple-choice question offers the right answer and up to three wrong ones
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
_CHOICE_MAX = 180


# -- prompts ------------------------------------------------------------------------------------


def prompt_name(point: Point, prompt: str) -> str:
    """How a question names the point: its code, pinyin or English name (the person's choice)."""
    if prompt == "pinyin":
        return point.pinyin
    if prompt == "english":
        return point.english
    return point.code


def full_name(point: Point) -> str:
    return f"{point.code} {point.pinyin} {point.hanzi} — {point.english}"


def locating_steps(reference: Reference, point: Point) -> str:
    """How to find the point from its landmark, as the details pane says it."""
    return describe_definition(point.definition, reference.landmark_label) if point.definition else ""


# -- locate ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bands:
    """Distances that count as correct and as close (cun); beyond ``close`` an answer is wrong."""

    correct: float = 0.5
    close: float = 1.0

    def digits(self, distance: float) -> int:
        """Decimals to say ``distance`` with: one, or two where one would round onto the other side
        of a band's edge (1.04 cun, wrong, is not said as '1.0 cun', which the bands call close)."""
        shown = round(distance, 1)
        return 1 if self.outcome(shown) == self.outcome(distance) else 2

    def outcome(self, distance: float) -> str:
        if distance <= self.correct:
            return CORRECT
        if distance <= self.close:
            return CLOSE
        return WRONG


@dataclass(frozen=True)
class Located:
    """A locate answer judged: how far off, which way, and the position it was measured to."""

    outcome: str
    miss: Miss
    position: Position  # the nearest true position (a side, a site, or an alternative location)
    alternative: str = ""  # the alternative location's label when that was the nearest
    digits: int = 1  # decimals the sentence uses (two near a band's edge: see Bands.digits)

    @property
    def distance(self) -> float:
        return self.miss.distance

    def sentence(self) -> str:
        verdict = {CORRECT: "Correct", CLOSE: "Close", WRONG: "Not there"}[self.outcome]
        where = f" (the alternative location: {self.alternative})" if self.alternative else ""
        return f"{verdict}{where}. {self.miss.sentence(self.digits)}"


def inside(reference: Reference, diagram_id: str, spot: Vec) -> bool:
    """Whether a spot (diagram units) lies on the diagram at all: a click outside it is no answer."""
    diagram = reference.diagrams[diagram_id]
    return 0 <= spot.x <= diagram.width and 0 <= spot.y <= diagram.height


def targets(reference: Reference, code: str, diagram_id: str) -> list[tuple[Position, str]]:
    """Where the point lies on a view: each side and site, and its alternative locations (labelled)."""
    found = [(p, "") for p in reference.positions_of(code, diagram_id)]
    point = reference.points.get(code)
    for alternative in point.alternatives if point else ():
        found += [(p, alternative.label) for p in alternative.positions if p.diagram == diagram_id]
    return found


def judge_locate(
    reference: Reference, frames: Frames, code: str, diagram_id: str, spot: Vec, bands: Bands = Bands()
) -> Located:
    """Measure a click (diagram units) against the point's nearest position on the view, in the cun
    of the segment that position lies on. Raises NoCunScale for a view without one, LookupError for a
    point the view does not draw."""
    best: Located | None = None
    for position, label in targets(reference, code, diagram_id):
        miss = frames.miss(position, spot)
        if best is None or miss.distance < best.miss.distance - 1e-9:
            best = Located(bands.outcome(miss.distance), miss, position, label, bands.digits(miss.distance))
    if best is None:
        raise LookupError(f"{code} is not drawn on the view {diagram_id}")
    return best


# -- name --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """A typed name judged: right or not, and what the text names (for the feedback)."""

    correct: bool
    said: str  # a sentence about what was typed


def judge_name(reference: Reference, index: SearchIndex, code: str, typed: str) -> Named | None:
    """Match what was typed the way the search box does (any alias, pinyin with or without tone
    marks, hanzi, English name). None when nothing was typed (no answer yet)."""
    from pointmap.core.lookup import resolve

    text = " ".join(typed.split())
    if not text:
        return None
    point = reference.points[code]
    found = resolve(reference, text, index)
    if (found.point is not None and found.point.code == code) or code in found.candidates:
        return Named(True, f"Correct: {full_name(point)}.")
    if found.point is not None:
        return Named(False, f"“{text}” is {full_name(found.point)}. The point marked is {full_name(point)}.")
    if found.candidates:
        return Named(False, f"“{text}” names {', '.join(found.candidates)}. The point marked is {full_name(point)}.")
    return Named(False, f"No point is called “{text}”. The point marked is {full_name(point)}.")


# -- facts (multiple choice) -------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A multiple-choice question: the options in the order shown and the index of the right one."""

    topic: str
    question: str
    options: tuple[str, ...]
    answer: int

    @property
    def right(self) -> str:
        return self.options[self.answer]


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _CHOICE_MAX else text[: _CHOICE_MAX - 1].rstrip() + "…"


def _first_sentence(text: str) -> str:
    return _clip(_SENTENCE_END.split(text.strip(), maxsplit=1)[0]) if text.strip() else ""


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def _next_point(reference: Reference, point: Point) -> Point | None:
    if point.meridian is None:
        return None
    following = f"{point.meridian}{point.number + 1}"
    return reference.points.get(following)


_POOLS: dict[int, tuple[object, list[tuple[Point, str, str, str, str]]]] = {}


def _pool(reference: Reference) -> list[tuple[Point, str, str, str, str]]:
    """Each point with its depth and first caution sentence, shown and as compared (made once per data)."""
    kept = _POOLS.get(id(reference))
    if kept is not None and kept[0] is reference:
        return kept[1]
    pool = []
    for p in sorted(reference.points.values(), key=lambda p: p.code):
        depth, caution = _clip(p.depth), _first_sentence(p.cautions)
        pool.append((p, depth, _key(depth), caution, _key(caution)))
    _POOLS[id(reference)] = (reference, pool)
    return pool


def _distractors(reference: Reference, point: Point, topic: str, limit: int | None = None) -> list[str]:
    """Wrong answers of the same kind, from other points (same region first), each distinct; at most
    ``limit`` of them when given."""
    if topic == NEXT:
        following = _next_point(reference, point)
        if following is None:
            return []
        right = _key(following.pinyin)
        same = [
            p for p in reference.meridian_sequence(point.meridian or "") if p.code not in (point.code, following.code)
        ]
        same.sort(key=lambda p: (abs(p.number - following.number), p.number))
        seen, found = {right}, []
        for other in same:
            if _key(other.pinyin) not in seen:
                seen.add(_key(other.pinyin))
                found.append(f"{other.pinyin} ({other.english})")
        return found[:limit] if limit is not None else found
    column = 1 if topic == DEPTH else 3
    right = _key(_clip(point.depth)) if topic == DEPTH else _key(_first_sentence(point.cautions))
    whole = point.cautions.casefold()
    seen, found = {right, ""}, []
    pool = _pool(reference)
    for same_region in (True, False):
        for entry in pool:
            other = entry[0]
            if other.code == point.code or (other.region == point.region) != same_region:
                continue
            text, key = entry[column], entry[column + 1]
            if key in seen or (topic == CAUTIONS and key in whole):
                continue  # the same text, or a caution this point has too: not a wrong answer
            seen.add(key)
            found.append(text)
            if limit is not None and len(found) >= limit:
                return found
    return found


def fact_topics(reference: Reference, code: str) -> list[str]:
    """The facts the data can ask about a point with at least two distinct wrong answers."""
    point = reference.points.get(code)
    if point is None:
        return []
    topics = []
    if point.depth.strip() and len(_distractors(reference, point, DEPTH, 2)) >= 2:
        topics.append(DEPTH)
    if point.cautions.strip() and len(_distractors(reference, point, CAUTIONS, 2)) >= 2:
        topics.append(CAUTIONS)
    if _next_point(reference, point) is not None and len(_distractors(reference, point, NEXT, 2)) >= 2:
        topics.append(NEXT)
    return topics


def facts_question(reference: Reference, code: str, prompt: str, rng: random.Random) -> Choice | None:
    """A multiple-choice question about one fact of the point (its depth, a caution, the next point of
    its meridian), with wrong answers drawn from other points; None when the data has no such fact."""
    point = reference.points[code]
    topics = fact_topics(reference, code)
    if not topics:
        return None
    topic = rng.choice(topics)
    name = prompt_name(point, prompt)
    wrong = _distractors(reference, point, topic)
    near, far = wrong[:9], wrong[9:]  # same region first: pick among the nearest few, plus one from anywhere
    rng.shuffle(near)
    picked = near[: OPTIONS - 2] + (rng.sample(far, 1) if far else near[OPTIONS - 2 : OPTIONS - 1])
    if topic == DEPTH:
        question, right = f"How deep is {name} needled?", _clip(point.depth)
    elif topic == CAUTIONS:
        question, right = f"Which caution belongs to {name}?", _first_sentence(point.cautions)
    else:
        following = _next_point(reference, point)
        assert following is not None
        meridian = reference.meridians.get(point.meridian or "")
        along = f"the {meridian.name} meridian" if meridian else "its meridian"
        question, right = f"Which point follows {name} along {along}?", f"{following.pinyin} ({following.english})"
    options = [right, *picked[: OPTIONS - 1]]
    rng.shuffle(options)
    return Choice(topic, question, tuple(options), options.index(right))
