"""A query of several words lists every point that has all of them (each as a whole word or the beginning of
one), however many candidates there are; a word in a point's name ranks it above the same word in its notes.
And what "Did you mean" offers when nothing matches: a few codes, nearest numbers first."""

from __future__ import annotations

from pointmap.cli import main
from pointmap.core.search import SearchEntry, SearchIndex


def _entry(code: str, **fields: str) -> SearchEntry:
    return SearchEntry(code=code, pinyin="", hanzi="", english=fields.pop("english", ""), **fields)


def _many_candidates() -> SearchIndex:
    """Twenty points with 'ember' early in their location; each also has a word beginning 'fla' somewhere
    (flat, flame, flask, flax, flank: more than a few words begin so)."""
    entries = [_entry(f"P{i}", location="ember flat") for i in range(15)]
    entries.append(_entry("P15", location="ember", english="Flame", notes="flask"))  # in its name
    entries.append(_entry("P16", location="ember", notes="flask"))  # in its notes only
    entries += [_entry(f"P{i}", location="ember flax", cautions="flank") for i in range(17, 20)]
    return SearchIndex(entries)


def test_every_point_with_all_the_words_is_listed_however_many_there_are():
    hits = _many_candidates().search("ember fla", limit=100)
    assert sorted(h.code for h in hits) == sorted(f"P{i}" for i in range(20))


def test_a_word_in_the_name_ranks_above_the_same_word_in_the_notes():
    hits = _many_candidates().search("ember fla", limit=100)
    assert hits[0].code == "P15" and "name 'flame'" in hits[0].why
    assert hits[-1].code == "P16" and "notes 'flask'" in hits[-1].why


def _did_you_mean(capsys, text: str) -> list[str]:
    assert main(["show", text]) == 1
    err = capsys.readouterr().err
    assert "Did you mean: " in err
    return err.split("Did you mean: ")[1].strip().rstrip("?").split(", ")


def test_an_unknown_number_offers_the_nearest_numbers_of_that_meridian_first(capsys):
    assert _did_you_mean(capsys, "LI21") == ["LI20", "LI19", "LI15", "LI14", "LI13"]
    assert _did_you_mean(capsys, "ST0") == ["ST1", "ST2", "ST3", "ST4", "ST5"]


def test_a_word_that_names_no_point_offers_a_few_codes_not_a_page_of_them(capsys):
    offered = _did_you_mean(capsys, "lateral")  # a word found in the locations of dozens of points
    assert 1 <= len(offered) <= 5
