"""Text folding shared by the build and search: point codes, pinyin without tones, words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CODE_SHAPE = re.compile(r"^([A-Z]+(?:-?[A-Z]+)*)[-_. ]*0*(\d+)$")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, strip accents and tone marks (ǎ → a, ü → u), normalise width."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def code_key(text: str) -> str:
    """A code in a canonical comparable form: 'St-06', 'st 6', 'ST06' → 'ST6'; 'ex hn 3' → 'EXHN3'.

    Returns '' when the text does not look like a code (letters followed by a number).
    """
    compact = re.sub(r"[\s\-_.]+", "-", fold(text).strip()).upper().strip("-")
    match = _CODE_SHAPE.match(compact)
    if not match:
        return ""
    letters = match.group(1).replace("-", "")
    return f"{letters}{int(match.group(2))}"


def words(text: str) -> list[str]:
    """Folded words of a text (letters and digits; CJK characters are kept as they are)."""
    return _WORD.findall(fold(text))


def pinyin_plain(pinyin: str) -> str:
    """Pinyin without tone marks, as one lower-case word: 'Zúsānlǐ' → 'zusanli'."""
    return re.sub(r"[^a-z0-9]", "", fold(pinyin))


def cjk_chars(text: str) -> list[str]:
    """The Chinese characters of a text, in order."""
    return [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
