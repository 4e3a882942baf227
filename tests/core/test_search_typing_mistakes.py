"""A name typed with one mistake still finds its point, marked "close to" the name: a letter wrong, missing
or doubled, or two neighbouring letters swapped. Two mistakes are not one: such text is not offered as close
to a name, so a list of close matches stays short enough to read."""

from __future__ import annotations

import pytest


def _close(index, query: str) -> list[tuple[str, str]]:
    return [(h.code, h.why) for h in index.search(query) if h.why.startswith("close to")]


@pytest.mark.parametrize(
    ("query", "code", "name"),
    [
        ("jiacha", "ST6", "Jiáchē"),  # a letter wrong
        ("yinxiang", "LI20", "Yíngxiāng"),  # a letter missing
        ("sbai", "ST2", "Sìbái"),  # the second letter missing
        ("iache", "ST6", "Jiáchē"),  # the first letter missing: found inside the name, not as a typo
        ("jiaache", "ST6", "Jiáchē"),  # a letter doubled
        ("yingxiangg", "LI20", "Yíngxiāng"),  # a letter added at the end
        ("jaiche", "ST6", "Jiáchē"),  # two neighbours swapped
        ("hgeu", "LI4", "Hégǔ"),  # two neighbours swapped, short name
        ("heug", "LI4", "Hégǔ"),  # the last two swapped
        ("chenqgi", "ST1", "Chéngqì"),
    ],
)
def test_one_typing_mistake_still_finds_the_point(index, query, code, name):
    hits = index.search(query)
    assert hits and hits[0].code == code
    assert name in hits[0].why


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("iachex", "ST6"),  # every letter moved one place: shares most letters, but is another word
        ("xjiach", "ST6"),
        ("egux", "LI4"),
        ("jcahie", "ST6"),  # two separate swaps
        ("jiuchi", "ST6"),  # two letters wrong
        ("hgue", "LI4"),  # letters rotated, not swapped
    ],
)
def test_two_mistakes_are_not_offered_as_close(index, query, code):
    assert code not in [c for c, _ in _close(index, query)]
