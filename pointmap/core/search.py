"""Find points by whatever a person types: any code form or alias, pinyin with or without tone
marks, hanzi, English names, and words of the location or indications, best match first.

The index lives in memory (sorted arrays and dictionaries) so that a keystroke costs well
under a millisecond with the real data. No user text ever reaches SQL, so quotes or FTS
operators in a query are just characters: a query returns hits or none, never an error.
Every step is linear in the length of the query, and the index grows linearly with its text.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pointmap.core.text import cjk_chars, code_key, fold, words

# Scores: higher is better. Exact code or alias beats names, names beat words in the text.
EXACT_CODE = 1000
CODE_PREFIX = 700
GROUP = 650
NAME_EXACT = 900
NAME_PREFIX = 800
NAME_INFIX = 520
ENGLISH_EXACT = 850
ENGLISH_WORD = 600
HANZI_EXACT = 950
HANZI_PART = 620
WORD_EXACT = 300
WORD_PREFIX = 200
FUZZY = 150

_MAX_QUERY = 200  # a query is cut to this many characters: no point has a longer name or phrase
_SUFFIX_STARTS = 48  # infix search reaches this far into a name (real pinyin names have < 20 letters)
_SUFFIX_KEY = 24  # each kept suffix is cut to this many letters; a longer query is checked in full
_FUZZY_MAX = 32  # words longer than this are not matched with a typo

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "and",
        "or",
        "with",
        "by",
        "from",
        "for",
        "is",
        "are",
        "be",
        "its",
        "it",
        "as",
    ]
)
_SEPARATORS = re.compile(r"[\s\-_.']+")


@dataclass(frozen=True)
class SearchEntry:
    """What the index knows of one point."""

    code: str
    pinyin: str
    hanzi: str
    english: str
    aliases: tuple[str, ...] = ()
    group: str = ""
    group_aliases: tuple[str, ...] = ()
    text: str = ""  # location, indications, actions, cosmetic use: searched by word


@dataclass(frozen=True)
class Hit:
    code: str
    score: int
    why: str  # what matched, for a tooltip or the CLI


class SearchIndex:
    def __init__(self, entries: Iterable[SearchEntry]):
        self.entries = list(entries)
        self._codes: dict[str, list[tuple[int, str]]] = defaultdict(list)  # code key -> (idx, shown form)
        self._code_keys: list[tuple[str, int]] = []  # sorted (code key, idx) for prefixes
        self._groups: dict[str, list[int]] = defaultdict(list)
        # sorted (suffix of a name cut to _SUFFIX_KEY, idx, where it starts, the whole name, is pinyin)
        self._names: list[tuple[str, int, int, str, bool]] = []
        self._name_whole: dict[str, list[int]] = defaultdict(list)
        self._english: dict[str, list[int]] = defaultdict(list)  # whole english name, folded
        self._english_words: dict[str, set[int]] = defaultdict(set)
        self._hanzi_chars: dict[str, set[int]] = defaultdict(set)
        self._tokens: dict[str, set[int]] = defaultdict(set)
        self._token_sorted: list[str] = []
        self._postings: dict[str, list[int]] = {}
        self._name_words: set[str] = set()
        self._deletes: dict[str, set[str]] = defaultdict(set)
        self._build()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        names: list[tuple[str, int, int, str, bool]] = []
        for idx, e in enumerate(self.entries):
            for form in (e.code, *e.aliases):
                key = code_key(form)
                if key:
                    self._codes[key].append((idx, form))
                    self._code_keys.append((key, idx))
                else:
                    compact = _compact(form)
                    if compact:
                        self._name_whole[compact].append(idx)
                        names.append((compact[:_SUFFIX_KEY], idx, 0, compact, False))
                        self._name_words.add(compact)
            for g in (e.group, *e.group_aliases):
                if g:
                    self._groups[_compact(g)].append(idx)
            plain = _compact(e.pinyin)
            if plain:
                self._name_whole[plain].append(idx)
                self._name_words.add(plain)
                ends = min(len(plain) - 1, _SUFFIX_STARTS)
                names.extend((plain[i : i + _SUFFIX_KEY], idx, i, plain, True) for i in range(ends))
                for syllable_word in words(e.pinyin):
                    self._tokens[syllable_word].add(idx)
            english = fold(e.english).strip()
            if english:
                self._english[_compact(english)].append(idx)
                for w in words(english):
                    if w not in _STOPWORDS:
                        self._english_words[w].add(idx)
                        self._tokens[w].add(idx)
                        self._name_words.add(w)
            for ch in e.hanzi:
                self._hanzi_chars[ch].add(idx)
            for w in words(e.text):
                if w not in _STOPWORDS and len(w) > 1:
                    self._tokens[w].add(idx)
        self._code_keys.sort()
        self._names = sorted(names)
        self._token_sorted = sorted(self._tokens)
        self._postings = {token: sorted(found) for token, found in self._tokens.items()}
        for word in self._name_words:
            if 4 <= len(word) <= _FUZZY_MAX:
                for variant in _deletions(word):
                    self._deletes[variant].add(word)

    # -- querying ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """Best matches first; at most ``limit``. Never raises for any string."""
        if not isinstance(query, str) or limit < 1:
            return []
        query = query.strip()[:_MAX_QUERY].strip()
        if not query:
            return []
        scores: dict[int, int] = {}
        why: dict[int, str] = {}

        def add(idx: int, score: int, reason: str) -> None:
            if score > scores.get(idx, -1):
                scores[idx] = score
                why[idx] = reason

        self._match_codes(query, add)
        self._match_names(query, add)
        self._match_words(query, add, limit)
        if len(scores) < 3:
            self._match_fuzzy(query, add)
        ranked = sorted(scores, key=lambda i: (-scores[i], i))[:limit]
        return [Hit(self.entries[i].code, scores[i], why[i]) for i in ranked]

    def _match_codes(self, query: str, add) -> None:
        key = code_key(query)
        if key:
            for idx, form in self._codes.get(key, ()):
                add(idx, EXACT_CODE, f"code {form}")
            start = bisect.bisect_left(self._code_keys, (key, -1))
            for other, idx in self._code_keys[start : start + 200]:
                if not other.startswith(key):
                    break
                if other != key and other[len(key) : len(key) + 1].isdigit():
                    add(idx, CODE_PREFIX - min(len(other), 50), f"code {self.entries[idx].code}")
        compact = _compact(query)
        if compact.isalpha() and len(compact) <= 5:
            members = self._groups.get(compact, ())
            for rank, idx in enumerate(members):
                add(idx, GROUP - min(rank // 10, 40), f"group {self.entries[idx].group}")

    def _match_names(self, query: str, add) -> None:
        compact = _compact(query)
        if not compact:
            return
        for idx in self._name_whole.get(compact, ()):
            add(idx, NAME_EXACT, f"name {self.entries[idx].pinyin}")
        for idx in self._english.get(compact, ()):
            add(idx, ENGLISH_EXACT, f"English name {self.entries[idx].english}")
        terms = words(query)
        if len(terms) == 1:
            for idx in self._english_words.get(terms[0], ()):
                add(idx, ENGLISH_WORD, f"English name {self.entries[idx].english}")
        if len(compact) >= 2:
            probe = compact[:_SUFFIX_KEY]
            start = bisect.bisect_left(self._names, (probe,))
            for key, idx, begins, whole, is_pinyin in self._names[start : start + 400]:
                if not key.startswith(probe):
                    break
                if len(compact) > _SUFFIX_KEY and not whole.startswith(compact, begins):
                    continue
                score = NAME_PREFIX if begins == 0 and is_pinyin else NAME_INFIX
                add(idx, score, f"name {self.entries[idx].pinyin}")
        cjk = cjk_chars(query)
        if cjk:
            candidates = set.intersection(*(self._hanzi_chars.get(ch, set()) for ch in cjk))
            for idx in sorted(candidates):
                hanzi = self.entries[idx].hanzi
                if hanzi == query:
                    add(idx, HANZI_EXACT, f"hanzi {hanzi}")
                elif query in hanzi:
                    add(idx, HANZI_PART, f"hanzi {hanzi}")

    def _match_words(self, query: str, add, limit: int) -> None:
        """Every term must match a word of the point (exactly, or as its beginning). Candidates
        are visited in index order from the rarest term's postings, so a common word stops as
        soon as ``limit`` best-possible matches are found instead of scoring thousands."""
        terms = [w for w in words(query) if w not in _STOPWORDS]
        if not terms:
            return
        plans: list[tuple[str | None, list[str]]] = []
        for term in terms:
            exact = term if term in self._tokens else None
            prefixes: list[str] = []
            if len(term) >= 2:
                start = bisect.bisect_left(self._token_sorted, term)
                for token in self._token_sorted[start : start + 300]:
                    if not token.startswith(term):
                        break
                    if token != term:
                        prefixes.append(token)
            if exact is None and not prefixes:
                return  # one term matches nothing: no point has all the words
            plans.append((exact, prefixes))
        best = sum(WORD_EXACT if exact else WORD_PREFIX for exact, _ in plans)

        def postings(plan: tuple[str | None, list[str]]) -> list[list[int]]:
            exact, prefixes = plan
            return [self._postings[t] for t in ([exact] if exact else []) + prefixes]

        driver = min(plans, key=lambda plan: sum(len(p) for p in postings(plan)))
        at_best = 0
        last = -1
        for idx in heapq.merge(*postings(driver)):
            if idx == last:
                continue
            last = idx
            total = 0
            for exact, prefixes in plans:
                if exact and idx in self._tokens[exact]:
                    total += WORD_EXACT
                elif any(idx in self._tokens[t] for t in prefixes):
                    total += WORD_PREFIX
                else:
                    break
            else:
                add(idx, min(total, NAME_INFIX - 1), "words of its text")
                if total >= best:
                    at_best += 1
                    if at_best >= limit:
                        return

    def _match_fuzzy(self, query: str, add) -> None:
        compact = _compact(query)
        if not 4 <= len(compact) <= _FUZZY_MAX + 1 or not compact.isalpha():
            return
        candidates: set[str] = set(self._deletes.get(compact, ()))
        for variant in _deletions(compact):
            candidates |= self._deletes.get(variant, set())
            if variant in self._name_words:
                candidates.add(variant)
        for word in sorted(candidates):
            if _within_one_edit(compact, word):
                for idx in self._name_whole.get(word, ()):
                    add(idx, FUZZY + 10, f"close to {self.entries[idx].pinyin}")
                for idx in self._english.get(word, ()):
                    add(idx, FUZZY + 5, f"close to {self.entries[idx].english}")
                for idx in self._tokens.get(word, ()):
                    add(idx, FUZZY, f"close to '{word}'")


def suggest(index: SearchIndex, text: str, limit: int = 5) -> list[str]:
    """Codes close to a code that names no point: same meridian, nearest numbers first."""
    key = code_key(text)
    if not key:
        return [h.code for h in index.search(text, limit=limit)]
    letters = key.rstrip("0123456789")
    number = int(key[len(letters) :])
    family: dict[str, int] = {}
    for other, idx in index._code_keys:
        other_letters = other.rstrip("0123456789")
        if other_letters == letters:
            family[index.entries[idx].code] = abs(int(other[len(other_letters) :]) - number)
    return sorted(family, key=lambda c: (family[c], c))[:limit]


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", fold(text))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or adjacent swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def index_from_reference(reference) -> SearchIndex:
    """Build the index for a loaded :class:`pointmap.core.reference.Reference`."""
    prefixes: dict[str, tuple[str, ...]] = {}
    for code, meridian in reference.meridians.items():
        prefixes[code] = (meridian.name, *_meridian_prefixes(reference, code))
    entries = []
    for p in reference.points.values():
        group = p.meridian or p.group
        entries.append(
            SearchEntry(
                code=p.code,
                pinyin=p.pinyin,
                hanzi=p.hanzi,
                english=p.english,
                aliases=p.aliases,
                group=group,
                group_aliases=prefixes.get(group, ()),
                text=" ".join((p.location, p.indications, p.actions, p.cosmetic)),
            )
        )
    return SearchIndex(entries)


def _meridian_prefixes(reference, code: str) -> tuple[str, ...]:
    prefixes = set()
    for p in reference.points.values():
        if p.meridian != code:
            continue
        for alias in p.aliases:
            key = code_key(alias)
            letters = key.rstrip("0123456789")
            if letters and letters != code:
                prefixes.add(letters)
    return tuple(sorted(prefixes))
