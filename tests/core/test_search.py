"""Search: every code form and alias, names with or without tones, hanzi, English and words."""

from __future__ import annotations

import random

import pytest

from pointmap.core.db import connect_readonly
from pointmap.core.search import EXACT_CODE, SearchEntry, SearchIndex
from tests.conftest import DB


@pytest.mark.parametrize(
    "query, code",
    [
        ("st6", "ST6"),
        ("st 6", "ST6"),
        ("St-06", "ST6"),
        ("ST06", "ST6"),
        ("TB5", "TE5"),
        ("SJ5", "TE5"),
        ("tw 5", "TE5"),
        ("Ren12", "CV12"),
        ("REN-12", "CV12"),
        ("Du26", "GV26"),
        ("LIV13", "LR13"),
        ("Lv14", "LR14"),
        ("UB2", "BL2"),
        ("KD16", "KI16"),
        ("K21", "KI21"),
        ("P6", "PC6"),
        ("HT7", "HT7"),
        ("he7", "HT7"),
        ("ex-hn3", "EX-HN3"),
        ("EX HN 5", "EX-HN5"),
        ("GV29", "EX-HN3"),
        ("GV24+", "EX-HN3"),
    ],
)
def test_search_finds_code_forms_and_aliases(index, query, code):
    assert index.search(query)[0].code == code


def test_every_alias_finds_its_point(index):
    conn = connect_readonly(DB)
    rows = conn.execute("SELECT point_code, alias FROM aliases").fetchall()
    conn.close()
    assert len(rows) > 150
    misses = [(alias, code) for code, alias in rows if not index.search(alias) or index.search(alias)[0].code != code]
    assert misses == []


@pytest.mark.parametrize(
    "query, code",
    [
        ("Jiáchē", "ST6"),
        ("jiache", "ST6"),
        ("jia che", "ST6"),
        ("颊车", "ST6"),
        ("Zhōngwǎn", "CV12"),
        ("zhongwan", "CV12"),
        ("neiguan", "PC6"),
        ("Hegu", "LI4"),
        ("合谷", "LI4"),
        ("yintang", "EX-HN3"),
        ("taiyang", "EX-HN5"),
    ],
)
def test_search_finds_names_with_or_without_tone_marks_and_hanzi(index, query, code):
    assert index.search(query)[0].code == code


def test_search_finds_english_names(index, reference):
    for code in ("ST6", "LI4", "CV12", "PC6"):
        english = reference.points[code].english
        assert code in [h.code for h in index.search(english)[:3]], english


def test_search_finds_words_of_the_location(index):
    codes = [h.code for h in index.search("umbilicus")]
    assert {"ST25", "KI16", "SP15"} <= set(codes)
    assert "TE5" not in codes


def test_search_tolerates_a_typo_in_a_name(index):
    assert index.search("jiachi")[0].code == "ST6"
    assert index.search("zhongwam")[0].code == "CV12"


def test_a_code_prefix_lists_that_meridians_points_in_order(index):
    codes = [h.code for h in index.search("ST2")]
    assert codes[0] == "ST2"
    assert {"ST20", "ST21", "ST25"} <= set(codes)


@pytest.mark.parametrize("query", ["", "   ", '"', "'", "*", 'st6" OR 1', "NEAR(", "a AND NOT b", "^", "\x00", "🙂"])
def test_odd_input_returns_results_or_none_never_an_error(index, query):
    assert isinstance(index.search(query), list)


def index_codes(index) -> set[str]:
    return {entry.code for entry in index.entries}


def test_a_thousand_random_strings_never_make_search_raise(index):
    rng = random.Random(2008)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 -_.\"'*()[]{}:^~+!@#$%&=|\\/<>?;,颊车中脘āáǎàü\t\n"
    found = 0
    for _ in range(1000):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        hits = index.search(query, limit=20)
        codes = [h.code for h in hits]
        assert len(hits) <= 20 and len(set(codes)) == len(codes)  # each point once, within the limit
        assert all(code in index_codes(index) for code in codes)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)  # best first
        found += bool(hits)
    assert found > 0  # the strings do reach the index, not just an early return


def test_search_scales_to_many_points():
    entries = [
        SearchEntry(code=f"ZZ{i}", pinyin=f"Pinyin{i}", hanzi="穴", english=f"Point {i}", text=f"word{i % 97} crease")
        for i in range(1, 3001)
    ]
    index = SearchIndex(entries)
    assert index.search("zz1500")[0].code == "ZZ1500"
    assert len(index.search("crease", limit=10)) == 10


# -- words of the cautions and notes, ranked by where they stand ----------------------------------


def test_a_safety_word_finds_every_point_whose_cautions_mention_it(index, reference):
    with_caution = {p.code for p in reference.points.values() if "pregnancy" in p.cautions.lower()}
    assert len(with_caution) >= 48 and {"LI4", "CV8"} <= with_caution
    found = index.find("pregnancy", limit=15)
    every = [h.code for h in index.search("pregnancy", limit=500)]
    assert with_caution <= set(every)
    assert set(every[: len(with_caution)]) == with_caution, "cautions rank above a passing mention"
    assert len(found.hits) == 15 and found.total == len(every) and found.more == len(every) - 15


def test_the_point_at_a_landmark_comes_before_points_measured_from_it(index):
    codes = [h.code for h in index.search("umbilicus", limit=15)]
    assert codes[0] == "CV8"  # its location is the umbilicus
    assert {"ST25", "KI16", "SP15"} <= set(codes[:5])  # level with it, first clause of the location


def _entry(code: str, **fields) -> SearchEntry:
    return SearchEntry(code=code, pinyin=f"Pin{code}", hanzi="穴", english=f"Point {code}", **fields)


def test_a_word_ranks_by_the_field_it_stands_in():
    entries = [
        _entry("TEXT", text="flame under the skin"),
        _entry("NOTES", notes="named for a flame"),
        _entry("CAUTIONS", cautions="keep the flame away"),
        _entry("LOCATION", location="On the hand, next to the flame mark."),
        _entry("FIRST", location="Beside the flame, on the hand."),
        _entry("LANDMARK", landmark="flame", location="At the flame."),
        SearchEntry(code="NAME", pinyin="Huo", hanzi="火", english="Flame Gate"),
    ]
    codes = [h.code for h in SearchIndex(entries).search("flame")]
    assert codes == ["NAME", "LANDMARK", "FIRST", "LOCATION", "CAUTIONS", "NOTES", "TEXT"]


def test_a_whole_word_ranks_above_the_beginning_of_a_longer_word():
    entries = [_entry("LONGER", location="Over the flames of the hand."), _entry("WHOLE", text="a flame")]
    assert [h.code for h in SearchIndex(entries).search("flame")] == ["WHOLE", "LONGER"]


def test_a_point_with_every_word_in_a_better_field_ranks_first():
    entries = [
        _entry("TEXT", text="wrist crease pain"),
        _entry("MIXED", location="At the wrist.", text="crease"),
        _entry("LOCATION", location="On the wrist crease."),
    ]
    assert [h.code for h in SearchIndex(entries).search("wrist crease")] == ["LOCATION", "MIXED", "TEXT"]


def test_a_short_list_is_the_start_of_the_long_one(index):
    # Search stops early once the best hits are certain; stopping must never change the order.
    queries = ["umbilicus", "pregnancy", "pain", "wrist crease", "cun", "lateral", "jaw", "a", "gu", "shen", "ST"]
    queries += [q[:n] for q in ("umbilicus", "headache", "insomnia", "the hollow") for n in (2, 3, 5)]
    for query in queries:
        every = index.search(query, limit=500)
        for limit in (1, 3, 15, 40):
            assert index.search(query, limit=limit) == every[:limit], (query, limit)


def test_many_equal_matches_come_in_index_order_when_cut():
    entries = [
        _entry(f"ZZ{i}", text=f"crease word{i % 7}", location="On the crease." if i % 5 == 0 else "")
        for i in range(400)
    ]
    index = SearchIndex(entries)
    every = index.search("crease word3", limit=1000)
    assert [h.code for h in index.search("crease word3", limit=10)] == [h.code for h in every[:10]]
    assert every[0].code == "ZZ10"  # both words, one in the location: ahead of text-only matches


# -- English forms of codes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, code",
    [
        ("lung 7", "LU7"),
        ("large intestine 4", "LI4"),
        ("pericardium 6", "PC6"),
        ("Triple Energizer 5", "TE5"),
        ("triple burner 5", "TE5"),
        ("san jiao 5", "TE5"),
        ("conception vessel 12", "CV12"),
        ("governing vessel 26", "GV26"),
        ("Governor Vessel 26", "GV26"),
        ("liver 13", "LR13"),
        ("kidney 16", "KI16"),
        ("stomach meridian 25", "ST25"),
        ("Heart-7", "HT7"),
    ],
)
def test_search_understands_english_meridian_names_with_a_number(index, query, code):
    hit = index.search(query)[0]
    assert hit.code == code and hit.score >= EXACT_CODE


def test_equal_scores_reached_from_different_fields_keep_index_order_when_cut():
    # 'ember brand': EMBER1 has 'ember' in its location's first clause and 'brand' in its cautions;
    # EMBER2 has 'ember' in its name and 'brand' only in its text. Both average the same score, so
    # the first in the index comes first, even when search stops after one.
    entries = [
        _entry("EMBER1", location="Ember spot, on the hand.", cautions="a brand"),
        SearchEntry(code="EMBER2", pinyin="Huo", hanzi="火", english="Ember Gate", text="brand"),
        _entry("BRAND1", cautions="brand"),
        _entry("BRAND2", cautions="brand"),
    ]
    index = SearchIndex(entries)
    every = index.search("ember brand", limit=10)
    assert [h.code for h in every] == ["EMBER1", "EMBER2"] and every[0].score == every[1].score
    assert [h.code for h in index.search("ember brand", limit=1)] == ["EMBER1"]
