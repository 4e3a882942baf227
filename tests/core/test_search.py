"""Search: every code form and alias, names with or without tones, hanzi, English and words."""

from __future__ import annotations

import random

import pytest

from pointmap.core.db import connect_readonly
from pointmap.core.search import SearchEntry, SearchIndex
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
