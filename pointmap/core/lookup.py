"""Which one point a text names: a code or alias, an English form ("lung 7") or a name of one point."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pointmap.core.reference import Point, Reference, region_title
from pointmap.core.search import (
    ENGLISH_EXACT,
    EXACT_CODE,
    HANZI_EXACT,
    NAME_EXACT,
    SearchIndex,
    index_from_reference,
    suggest,
)
from pointmap.core.text import split_code

_NAME_SCORES = (NAME_EXACT, ENGLISH_EXACT, HANZI_EXACT)


@dataclass(frozen=True)
class Resolution:
    """What a text names: one point, several that share a name, a WHO code PointMap does not
    hold, or nothing (with codes or names close to it)."""

    point: Point | None = None
    candidates: tuple[str, ...] = ()  # codes of the points that share the name given
    outside: str = ""  # a WHO code of a meridian point that lies outside the covered regions
    meridian: str = ""  # the English name of that code's meridian
    suggestions: tuple[str, ...] = ()
    looks_like_code: bool = False  # letters and a number: "no point has the code …"


def resolve(reference: Reference, text: str, index: SearchIndex | None = None) -> Resolution:
    """The point a text names, or why there is none. Never raises for any string."""
    index = index or index_from_reference(reference)
    point = find_point(reference, text, index)
    if point is not None:
        return Resolution(point=point, looks_like_code=bool(index.canonical_code(text)))
    outside = known_code_outside(reference, text, index)
    if outside:
        return Resolution(outside=outside, meridian=meridian_of(reference, outside), looks_like_code=True)
    named = points_named(reference, text, index)
    if len(named) == 1:
        return Resolution(point=reference.points[named[0]])
    if named:
        return Resolution(candidates=tuple(named))
    return Resolution(suggestions=tuple(suggest(index, text)), looks_like_code=bool(index.canonical_code(text)))


def find_point(reference: Reference, text: str, index: SearchIndex | None = None) -> Point | None:
    """The point a code-like text names (any alias form, or "lung 7"), or None."""
    index = index or index_from_reference(reference)
    hits = index.search(text, limit=1)
    if hits and hits[0].score >= EXACT_CODE:
        return reference.points[hits[0].code]
    return None


def points_named(reference: Reference, text: str, index: SearchIndex | None = None) -> list[str]:
    """Codes of the points whose whole name is the text: pinyin with or without tone marks, hanzi or
    English name. When tone marks are given and tell two names apart, only the matching one."""
    index = index or index_from_reference(reference)
    hits = [h for h in index.search(text, limit=20) if h.score in _NAME_SCORES]
    if not hits:
        return []
    best = max(h.score for h in hits)
    codes = [h.code for h in hits if h.score == best]
    if len(codes) > 1:
        toned = _toned(text)
        exact = [c for c in codes if _toned(reference.points[c].pinyin) == toned]
        if len(exact) == 1:
            return exact
    return codes


def known_code_outside(reference: Reference, text: str, index: SearchIndex | None = None) -> str:
    """'LR3' when the text is a valid code of a meridian point that is not in the data (the
    meridian's point count says the number exists); '' otherwise."""
    index = index or index_from_reference(reference)
    key = index.canonical_code(text)
    parsed = split_code(key) if key else None
    if parsed is None:
        return ""
    letters, number = parsed
    meridian = reference.meridians.get(letters)
    if meridian is None or not 1 <= number <= meridian.point_count:
        return ""
    code = f"{letters}{number}"
    return "" if code in reference.points else code


def meridian_of(reference: Reference, code: str) -> str:
    """The English name of the meridian a code belongs to ('Stomach' for 'ST36'); '' if none."""
    parsed = split_code(code)
    meridian = reference.meridians.get(parsed[0]) if parsed else None
    return meridian.name if meridian else ""


def covered_regions(reference: Reference) -> str:
    """The regions the data covers, as a phrase from their titles in the data's order: 'face, arm
    and abdomen'; a serial comma keeps a title that holds 'and' in one piece ('face, arm, abdomen,
    and lower leg and foot')."""
    known = getattr(reference, "regions", None) or {}
    present = {p.region for p in reference.points.values()}
    regions = [r for r in known if r in present] + sorted(present - set(known))
    names = [region_title(known, r).lower() for r in regions]
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    serial = "," if any(" and " in n for n in names) else ""
    return f"{', '.join(names[:-1])}{serial} and {names[-1]}"


def _toned(text: str) -> str:
    """Pinyin compared with its tone marks: NFC, lower case, no spaces or hyphens."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())
