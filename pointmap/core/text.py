"""Text folding shared by the build and search: point codes, pinyin without tones, words.

Everything here reads text a person typed, so every step runs in time linear in its length:
no regular expression with nested or overlapping repeats, and codes are parsed by hand.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TypeVar

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LONG_WORD = re.compile(r"[^\W_]{2,}", re.UNICODE)  # the same words, those of one letter left out
# The same two on folded ASCII text (most text is English), where a simpler class is twice as fast.
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_ASCII_LONG_WORD = re.compile(r"[a-z0-9]{2,}")
_CODE_SEPARATORS = re.compile(r"[\s\-_.]+")
# The forms nearly every code is written in ('ST6', 'st 6', 'St-06'), read without folding.
_SIMPLE_CODE = re.compile(r"([A-Za-z]+)[ \-_.]?([0-9]+)")
_NOT_PINYIN = re.compile(r"[^a-z0-9]")
V = TypeVar("V")

# The longest text that can still be a code form ("Conception Vessel 12", "EX-HN 3"): longer text
# is words, not a code. Numbers past nine digits name no point (and int() refuses > 4300 digits).
MAX_CODE_TEXT = 64
_MAX_CODE_DIGITS = 9
# fold() keeps its answers for short text only: a cache of long queries would hold megabytes.
_FOLD_CACHE_LIMIT = 256


def fold(text: str) -> str:
    """Lower-case, strip accents and tone marks (ǎ → a, ü → u), normalise width."""
    if len(text) > _FOLD_CACHE_LIMIT:
        return _fold(text)
    return _fold_cached(text)


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()  # the same answer, at a fraction of the cost (most text is English)
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_fold_cached = lru_cache(maxsize=4096)(_fold)
# fold() without its cache, for text read once (the search index's build), where a cache would only
# trade its answers for new ones.
fold_uncached = _fold


def code_key(text: str) -> str:
    """A code in a canonical comparable form: 'St-06', 'st 6', 'ST06' → 'ST6'; 'ex hn 3' → 'EXHN3'.

    Returns '' when the text does not look like a code (letters followed by a number).
    """
    text = text.strip()
    if not text or len(text) > MAX_CODE_TEXT:
        return ""
    simple = _SIMPLE_CODE.fullmatch(text)
    if simple is not None:
        significant = simple[2].lstrip("0") or "0"  # ASCII digits: already the number as int() writes it
        return "" if len(significant) > _MAX_CODE_DIGITS else simple[1].upper() + significant
    compact = _CODE_SEPARATORS.sub("-", fold(text).strip()).upper().strip("-")
    parsed = split_code(compact)
    if parsed is None:
        return ""
    letters, number = parsed
    return f"{letters}{number}"


def split_code(compact: str) -> tuple[str, int] | None:
    """('EXHN', 3) for 'EX-HN-3': ASCII letter groups joined by single hyphens, then an optional
    hyphen and a number; None for anything else. One pass over the text."""
    n = len(compact)
    i = 0
    letters: list[str] = []
    while i < n:
        ch = compact[i]
        if "A" <= ch <= "Z":
            letters.append(ch)
            i += 1
        elif ch == "-" and letters and i + 1 < n and "A" <= compact[i + 1] <= "Z":
            i += 1  # a hyphen between two letter groups
        else:
            break
    if not letters:
        return None
    if i < n and compact[i] == "-":
        i += 1
    digits = compact[i:]
    if not digits or not digits.isdecimal():
        return None
    significant = digits.lstrip("0") or "0"
    if len(significant) > _MAX_CODE_DIGITS:
        return None
    return "".join(letters), int(significant)


def words(text: str) -> list[str]:
    """Folded words of a text (letters and digits; CJK characters are kept as they are)."""
    return folded_words(fold(text))


def folded_words(folded: str) -> list[str]:
    """:func:`words` of a text already folded."""
    return (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)


def long_words(text: str) -> list[str]:
    """The words of :func:`words` that have two letters or more. Not cached: it reads whole texts
    once each, when the search index is built."""
    folded = _fold(text)
    return (_ASCII_LONG_WORD if folded.isascii() else _LONG_WORD).findall(folded)


# ASCII letters and digits to lower case, every other byte to a space: on ASCII text, the words
# of _ASCII_WORD are then what str.split() returns, without a regular expression.
_ASCII_WORD_BYTES = bytes(
    (c | 0x20 if 65 <= c <= 90 else c) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122) else 32 for c in range(256)
)
_ONE_CHARACTER = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def word_keys(folded: str, value: V) -> dict[str, V]:
    """``dict.fromkeys(folded_words(folded), value)`` (one-letter words kept), by the byte table on
    ASCII text, as :func:`long_word_keys`."""
    if not folded.isascii():
        return dict.fromkeys(folded_words(folded), value)
    return dict.fromkeys(folded.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split(), value)


def long_word_keys(text: str, value: V) -> dict[str, V]:
    """``dict.fromkeys(long_words(text), value)``: each long word once, in order. On ASCII text
    (nearly all of it) the words are cut by a byte table and str.split() in C, a third faster than
    the regular expression; the search index's build reads every text of every point this way."""
    if not text.isascii():
        return dict.fromkeys(long_words(text), value)
    found = dict.fromkeys(text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split(), value)
    for letter in _ONE_CHARACTER.intersection(found):
        del found[letter]
    return found


def pinyin_plain(pinyin: str) -> str:
    """Pinyin without tone marks, as one lower-case word: 'Zúsānlǐ' → 'zusanli'."""
    return _NOT_PINYIN.sub("", fold(pinyin))


def cjk_chars(text: str) -> list[str]:
    """The Chinese characters of a text, in order."""
    return [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
