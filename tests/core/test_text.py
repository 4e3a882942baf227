"""Text folding and code parsing: every code form still reads, and no input makes it slow."""

from __future__ import annotations

import random
import re

import pytest

from pointmap.core.text import code_key, fold, long_word_keys, long_words, word_keys, words
from tests.core.deadline import deadline

# What a code looked like before the parser was written by hand: the specification, usable on short
# text only (on long text this pattern backtracks exponentially).
_SPEC = re.compile(r"^([A-Z]+(?:-?[A-Z]+)*)[-_. ]*0*(\d+)$")


def _spec_code_key(text: str) -> str:
    compact = re.sub(r"[\s\-_.]+", "-", fold(text).strip()).upper().strip("-")
    match = _SPEC.match(compact)
    return f"{match.group(1).replace('-', '')}{int(match.group(2))}" if match else ""


HUGE = {
    "plain words": "in the depression anterior to the tragus ",
    "letters then a stop": "a",
    "hyphen runs": "-",
    "letters and hyphens": "a-",
    "digits": "1",
    "a code with a run of zeros": "0",
    "mixed scripts": "颊车 Jiáchē ١٢٣ Ωμέγα 🙂 st-6 ",
}


def _huge(kind: str, size: int) -> str:
    unit = HUGE[kind]
    body = (unit * (size // len(unit) + 1))[:size]
    return {"letters then a stop": body + "!", "a code with a run of zeros": "ST" + body + "x"}.get(kind, body)


@pytest.mark.parametrize("size", [1_000, 100_000])
@pytest.mark.parametrize("kind", list(HUGE))
def test_code_key_answers_at_once_for_long_text(kind, size):
    text = _huge(kind, size)
    with deadline(0.5, f"code_key on {size} characters of {kind}"):
        assert code_key(text) == ""
        words(text)


@pytest.mark.parametrize(
    "text, key",
    [
        ("St-06", "ST6"),
        ("st 6", "ST6"),
        ("ex hn 3", "EXHN3"),
        ("EX-HN-3", "EXHN3"),
        ("Ren_12", "REN12"),
        ("ＳＴ６", "ST6"),
    ],
)
def test_code_key_reads_every_code_form(text, key):
    assert code_key(text) == key


def test_code_key_agrees_with_the_code_pattern_on_short_text():
    rng = random.Random(10)
    alphabet = "abSTxz09 1-_.\t٣５éß"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert code_key(text) == _spec_code_key(text), repr(text)


def test_a_code_with_thousands_of_digits_is_not_a_code():
    assert code_key("ST" + "9" * 5000) == ""  # int() refuses more than 4300 digits: no ValueError here
    assert code_key("ST" + "0" * 100 + "6") == ""  # longer than any code form
    assert code_key("ST000006") == "ST6"


def test_the_index_reads_the_same_words_as_a_search_does():
    """The build cuts ASCII text into words by a byte table; a query is cut by the regular
    expression. A word read differently would be a word no query finds."""
    rng = random.Random(11)
    alphabet = "aZ9 0b_-.,;:'()\"/\t\nQx\x00\x7f" + "é颊٣"
    samples = ["Pain, swelling; toothache (Bell's palsy) 2-3 cun. A_B x y", "", "a b c", "ÜBER über 2 cun"]
    for _ in range(5_000):
        samples.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))))
    for text in samples:
        assert long_word_keys(text, 7) == dict.fromkeys(long_words(text), 7), repr(text)
        expected = [w for w in dict.fromkeys(words(text)) if len(w) > 1]  # in the order they stand
        assert list(long_word_keys(text, 0)) == expected, repr(text)
        assert word_keys(fold(text), 7) == dict.fromkeys(words(text), 7), repr(text)  # names keep one letter
