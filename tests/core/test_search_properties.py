"""Properties of search for any text (Hypothesis): no exception, best first, each point once,
within the limit, the same order however many are asked for, and an answer at once."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pointmap.core.reference import Reference
from pointmap.core.search import SearchEntry, SearchIndex, index_from_reference, suggest
from pointmap.core.text import words
from tests.conftest import DB

_REFERENCE = Reference.load(DB)
_INDEX = index_from_reference(_REFERENCE)
_VOCABULARY = sorted(
    {w for p in _REFERENCE.points.values() for field in (p.location, p.cautions, p.english) for w in words(field)}
)
_NAMED = ["ST6", "st-06", "TB5", "Ren12", "lung 7", "stomach 36", "jiache", "颊车", "Jiáchē", "umbilicus", "pregnancy"]

any_character = st.characters(codec=None, exclude_categories=())  # surrogates, NUL and controls too
any_text = st.text(alphabet=any_character, max_size=400)
real_words = st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=30).map(" ".join)
queries = st.one_of(
    any_text,
    real_words,
    st.sampled_from(_NAMED),
    st.tuples(st.sampled_from(_NAMED), any_text).map("".join),
    st.tuples(real_words, any_text).map(" ".join),
)
settings.register_profile("pointmap-search", max_examples=300, deadline=250)
FAST = settings(max_examples=300, deadline=250, suppress_health_check=[HealthCheck.too_slow])


def _check(hits, limit):
    codes = [h.code for h in hits]
    assert len(hits) <= limit
    assert len(set(codes)) == len(codes), "each point at most once"
    assert all(code in _REFERENCE.points for code in codes)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True), "best first"


@FAST
@given(query=queries, limit=st.integers(min_value=1, max_value=60))
def test_search_answers_any_text_best_first_within_the_limit(query, limit):
    hits = _INDEX.search(query, limit=limit)
    _check(hits, limit)
    every = _INDEX.search(query, limit=500)
    assert hits == every[:limit], "a short list is the start of the long one"
    found = _INDEX.find(query, limit=limit)
    assert found.hits == hits and found.total == len(every)
    assert isinstance(suggest(_INDEX, query), list)


@FAST
@given(
    query=st.one_of(
        st.text(alphabet=any_character, min_size=31, max_size=2000), real_words.filter(lambda q: len(q) > 30)
    )
)
def test_long_queries_are_answered_like_short_ones(query):
    _check(_INDEX.search(query, limit=15), 15)


def test_long_real_phrases_find_their_point():
    # A search that gave up on long queries (or raised) would fail here: these are whole sentences.
    for code in ("ST6", "CV8", "PC6", "SI19", "LI4"):
        point = _REFERENCE.points[code]
        phrase = point.location.split(".")[0]
        assert len(phrase) > 20
        assert code in [h.code for h in _INDEX.search(phrase, limit=15)], phrase


_FIELD_WORDS = ["ember", "brand", "flame", "flames", "ash", "cinder", "emberglow"]
field_text = st.lists(st.sampled_from(_FIELD_WORDS), max_size=4).map(" ".join)
entries = st.lists(
    st.builds(
        SearchEntry,
        code=st.just(""),
        pinyin=st.sampled_from(["Huo", "Shui", "Emberu"]),
        hanzi=st.just("火"),
        english=field_text,
        text=field_text,
        location=field_text,
        landmark=field_text,
        cautions=field_text,
        notes=field_text,
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=500)
@given(
    entries=entries,
    query=st.lists(st.sampled_from([*_FIELD_WORDS, "em", "fla", "ci"]), min_size=1, max_size=4).map(" ".join),
    limit=st.integers(min_value=1, max_value=10),
)
def test_stopping_early_never_changes_the_order(entries, query, limit):
    index = SearchIndex([SearchEntry(**{**e.__dict__, "code": f"P{i}"}) for i, e in enumerate(entries)])
    every = index.search(query, limit=1000)
    assert index.search(query, limit=limit) == every[:limit]
    assert [h.score for h in every] == sorted((h.score for h in every), reverse=True)
