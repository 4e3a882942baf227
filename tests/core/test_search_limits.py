"""Search stays fast and small whatever it is given: no input hangs it, and no name blows up the index."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from pointmap.cli import main
from pointmap.core.search import SearchEntry, SearchIndex, suggest
from pointmap.core.text import pinyin_plain
from tests.core.deadline import deadline
from tests.core.test_text import HUGE, _huge

SIZES = [1_000, 100_000]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", list(HUGE))
def test_search_and_suggest_answer_at_once_for_long_text(index, kind, size):
    text = _huge(kind, size)
    with deadline(0.5, f"search and suggest on {size} characters of {kind}"):
        hits = index.search(text, limit=40)
        found = index.find(text, limit=15)
        suggestions = suggest(index, text)
    assert len(hits) <= 40 and len(found.hits) <= 15 and found.total >= len(found.hits)
    assert isinstance(suggestions, list)


def test_a_location_phrase_finds_its_point_at_once(index):
    # The phrase that took 96 s through the old code pattern.
    with deadline(0.5, "a location phrase"):
        hits = index.search("in the depression anterior to the tragus")
        best = index.search("the hollow in front of the tragus")[0].code
    assert isinstance(hits, list)
    assert best == "SI19"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", list(HUGE))
@pytest.mark.parametrize("command", ["search", "show"])
def test_the_command_line_answers_at_once_for_long_text(capsys, command, kind, size):
    text = _huge(kind, size)
    with deadline(3, f"pointmap {command} with {size} characters of {kind}"):
        status = main([command, "--", text])  # after "--", even a run of hyphens is the query
    captured = capsys.readouterr()
    assert status in (0, 1)
    assert "Traceback" not in captured.err
    assert len(captured.err) < 400, "the message quotes a short cut of the input, not all of it"


def test_an_index_with_a_huge_name_and_text_stays_small_and_fast():
    name = "zhongwan" * 12_500  # 100 KB of pinyin
    text = " ".join(f"word{i}" for i in range(20_000))[:100_000]
    tracemalloc.start()
    try:
        start = time.perf_counter()
        index = SearchIndex(
            [
                SearchEntry("ZZ1", name, "中" * 1000, name, text=text, location=text, cautions=text, notes=text),
                SearchEntry("ST6", "Jiáchē", "颊车", "Jaw Vehicle", location="angle of the jaw"),
            ]
        )
        built = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"building the index took {peak / 2**20:.0f} MB"
    assert built < 2, f"building the index took {built:.1f} s"
    with deadline(0.5, "search in an index with a huge name"):
        assert index.search("ongwanzh")[0].code == "ZZ1"  # infix of the huge name
        assert index.search("jiache")[0].code == "ST6"
        assert index.search("word9999")[0].code == "ZZ1"
        assert index.search(name)[0].code == "ZZ1"


def test_every_part_of_a_real_pinyin_name_finds_its_point(index, reference):
    misses = []
    for point in reference.points.values():
        plain = pinyin_plain(point.pinyin)
        for start in range(len(plain) - 1):
            for end in range(start + 2, len(plain) + 1):
                hits = index.search(plain[start:end], limit=200)
                if point.code not in {h.code for h in hits}:
                    misses.append((point.code, plain[start:end]))
    assert misses == []


def test_a_big_index_gives_the_garbage_collector_nothing_to_walk():
    # Each container the collector tracks is walked on every full pass, whenever it comes: an index
    # of lists and sets (150,000 of them at 20,000 points) made a keystroke stall for 100 ms.
    import gc

    entries = [
        SearchEntry(
            f"ZZ{i}",
            f"Zhong{i % 97}wan",
            "中",
            f"Middle {i % 89} cavity",
            aliases=(f"Q{i}", f"middle{i}"),
            group="ZZ",
            text=f"pain {i % 13} swelling word{i} of the wrist",
            location=f"{i % 7} cun above the umbilicus; lateral",
            notes=f"note{i}",
        )
        for i in range(2_000)
    ]
    settings = gc.get_threshold()
    gc.collect()
    before = len(gc.get_objects())
    index = SearchIndex(entries)
    gc.collect()
    gc.collect()  # a tuple of tuples is let go once those inside it are
    assert len(gc.get_objects()) - before < 200  # it was 19,683: lists and sets per word and code
    assert index.search("middle12")[0].code == "ZZ12"
    assert gc.get_threshold() == settings  # the collector is left as it was


def test_a_name_that_begins_with_the_letters_typed_is_found_among_thousands_that_hold_them():
    # Name beginnings are looked at before insides: 3,000 names hold "an" further in, and the one
    # name that begins with it, last in the index, is still listed, above them all.
    entries = [SearchEntry(f"ZZ{i}", f"Zh{'o' * (i % 7)}an{'g' * (i % 5)}", "中", f"Point {i}") for i in range(3_000)]
    entries.append(SearchEntry("ST6", "Anmian", "安眠", "Peaceful Sleep"))
    index = SearchIndex(entries)
    hits = index.search("an", limit=5)
    assert hits[0].code == "ST6"
    assert len(index.search("an", limit=500)) == 400  # 400 places looked at in all: the beginning first
