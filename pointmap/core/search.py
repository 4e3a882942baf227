"""Find points by whatever a person types: any code form or alias (also "stomach 36"), pinyin
with or without tone marks, hanzi, English names, and words of the location, cautions, notes,
actions and indications, and of the person's own note on the point, best match first.

The index lives in memory (sorted arrays and dictionaries) so that a keystroke costs well
under a millisecond with the real data. No user text ever reaches SQL, so quotes or FTS
operators in a query are just characters: a query returns hits or none, never an error.
Every step is linear in the length of the query, and the index grows linearly with its text.

Words are ranked by where they stand (see ``WORD_FIELDS``): a word of the point's name first,
then the landmark the point lies at, the first clause of its location, the rest of the location,
the person's own note ("your note"), its cautions, its notes, and last its actions and
indications; a whole word ranks above the beginning of a word anywhere.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import itertools
import operator
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from pointmap.core.text import (
    cjk_chars,
    code_key,
    fold,
    fold_uncached,
    long_word_keys,
    split_code,
    word_keys,
    words,
)

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
FUZZY = 150

# Where a word of the query was found, best first, with the label shown for it.
WORD_FIELDS = (
    "name",
    "landmark",  # the landmark the point lies at (CV8: the umbilicus)
    "location",  # the first clause of the location
    "location",
    "your note",  # what the person wrote about the point (userdata point_notes)
    "cautions",
    "notes",
    "actions and indications",
)
NAME, LANDMARK, LOCATION_FIRST, LOCATION, OWN_NOTE, CAUTIONS, NOTES, TEXT = range(len(WORD_FIELDS))
WORD_EXACT = 500  # a whole word of the name; each field further down the list takes FIELD_STEP off
WORD_PREFIX = 290  # the beginning of a word of the name: below every whole word in any field
FIELD_STEP = 20

# English names of the meridians that people say besides the ones in the data ("stomach 36").
MERIDIAN_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "LU": ("Lungs",),
    "LI": ("Large Bowel",),
    "SP": ("Spleen Pancreas",),
    "SI": ("Small Bowel",),
    "BL": ("Urinary Bladder",),
    "KI": ("Kidneys",),
    "PC": ("Heart Protector", "Heart Constrictor", "Circulation Sex"),
    "TE": ("Triple Energiser", "Triple Burner", "Triple Warmer", "Triple Heater", "San Jiao", "Sanjiao"),
    "GB": ("Gall Bladder",),
    "GV": ("Governing Vessel", "Du Mai"),
    "CV": ("Ren Mai",),
}
_CHANNEL_WORDS = ("MERIDIAN", "CHANNEL")

_MAX_QUERY = 200  # a query is cut to this many characters: no point has a longer name or phrase
_NAME_BUDGET = 400  # name beginnings and insides looked at per query, at most: "zh" starts thousands
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
        "s",  # the possessive of "Calf's Nose" and "the patient's finger", split off at the apostrophe
    ]
)
_SEPARATORS = re.compile(r"[\s\-_.']+")
_CLAUSE_END = re.compile(r"[.;:,(]")


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
    text: str = ""  # actions, indications, cosmetic use: searched by word, ranked last
    location: str = ""
    landmark: str = ""  # the landmark the point lies at, when it lies at one ("umbilicus")
    cautions: str = ""
    notes: str = ""
    own_note: str = ""  # the person's own note on the point


# The texts searched by word, worst field first (the location's first clause and the landmark follow).
_TEXT_FIELDS = (TEXT, NOTES, CAUTIONS, OWN_NOTE, LOCATION)
_texts_of = operator.attrgetter("text", "notes", "cautions", "own_note", "location")


@dataclass(frozen=True)
class Hit:
    code: str
    score: int
    why: str  # what matched, for a tooltip or the CLI


@dataclass(frozen=True)
class Found:
    """The best hits and how many points matched in all (more than ``len(hits)`` when cut)."""

    hits: list[Hit]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.hits)


@dataclass(frozen=True)
class _Term:
    word: str
    exact: str | None  # the same word in the index, if any
    prefixes: tuple[str, ...]  # longer words of the index that begin with it


class SearchIndex:
    def __init__(self, entries: Iterable[SearchEntry]):
        self.entries = list(entries)
        # Every table below holds tuples, strings and ints once built, never a list or set per key:
        # such tuples are no work for Python's garbage collector, whose full pass would otherwise walk
        # a container per word of the index (100 ms at 20,000 points: a keystroke that stalls).
        self._codes: dict[str, int] = {}  # code key -> the first point with a form of it
        self._codes_more: dict[str, tuple[int, ...]] = {}  # -> the other points, when it names more
        self._code_keys: tuple[str, ...] = ()  # the code keys, sorted, for prefixes
        self._groups: dict[str, tuple[int, ...]] = {}
        self._group_letters: dict[str, str] = {}  # letters of a group alias ('TB', 'STOMACH') -> group
        # The pinyin names (and the aliases that are names, not codes) in index order, one string of
        # lines each, with where each line starts and whose it is: a part of a name is found by
        # str.find in C, so the build keeps no table of suffixes (a dozen entries per name).
        self._pinyin = _Lines((), ())
        self._alias_names = _Lines((), ())
        self._last_parts: tuple[str, tuple[tuple[int, int], ...]] = ("", ())
        self._name_whole: dict[str, tuple[int, ...]] = {}
        self._english: dict[str, tuple[int, ...]] = {}  # whole english name, folded
        self._english_words: dict[str, tuple[int, ...]] = {}
        self._hanzi_chars: dict[str, set[int]] = {}
        self._fields: dict[str, dict[int, int]] = {}  # word -> {idx: best field}
        self._postings: dict[str, tuple[tuple[int, tuple[int, ...]], ...]] = {}  # word -> ((field, sorted idx), …)
        self._best_field: dict[str, int] = {}
        self._token_sorted: tuple[str, ...] = ()
        self._name_words: frozenset[str] = frozenset()
        self._deletes: dict[str, str] = {}  # a name word with one letter left out -> the word
        self._deletes_more: dict[str, tuple[str, ...]] = {}  # -> the other words, when more than one
        self._build()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        """One pass over the entries, then each table frozen. The work per point is a few dictionary
        updates per distinct word; the words of a point's texts are merged in C (``dict.update``)
        before any Python loop sees them.

        Python's cyclic garbage collector makes no full pass meanwhile: the build makes hundreds of
        thousands of containers that all live (none of them in a cycle), and each full pass that
        their growth would trigger walks all of them again (a third of the time). The young
        generations are still collected as usual, which frees the tables of tuples, strings and
        ints from the collector's attention as they are made."""
        thresholds = gc.get_threshold()
        gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], 1 << 30))
        try:
            self._fill()
        finally:
            gc.set_threshold(*thresholds)

    def _fill(self) -> None:
        codes: dict[str, int] = {}
        codes_more: dict[str, list[int]] = defaultdict(list)
        first_with = codes.setdefault
        groups: dict[str, list[int]] = defaultdict(list)
        pinyin_names: list[str] = []
        pinyin_owners: list[int] = []
        alias_names: list[str] = []
        alias_owners: list[int] = []
        name_whole: dict[str, list[int]] = defaultdict(list)
        english_of: dict[str, list[int]] = defaultdict(list)
        english_words: dict[str, list[int]] = defaultdict(list)
        hanzi: dict[str, set[int]] = defaultdict(set)
        fields: dict[str, dict[int, int]] = defaultdict(dict)
        name_words: set[str] = set()
        letters_of: dict[str, set[str]] = defaultdict(set)
        group_forms: dict[str, tuple[str, str | None]] = {}  # group alias -> compact, letters or None
        for idx, e in enumerate(self.entries):
            for form in (e.code, *e.aliases):
                key = code_key(form)
                if key:
                    first = first_with(key, idx)
                    if first != idx and idx not in codes_more[key]:  # a key shared by points: rare
                        codes_more[key].append(idx)
                else:
                    compact = _compact(form)
                    if compact:
                        name_whole[compact].append(idx)
                        alias_names.append(compact)
                        alias_owners.append(idx)
                        name_words.add(compact)
            for g in (e.group, *e.group_aliases):
                if g:
                    known = group_forms.get(g)
                    if known is None:  # a few groups, each named by thousands of points
                        parsed = split_code(code_key(f"{g} 1"))
                        known = group_forms[g] = (_compact(g), parsed[0] if parsed else None)
                    compact, letters = known
                    groups[compact].append(idx)
                    if letters is not None:
                        letters_of[letters].add(e.group)
            # Each word of the point once, with the best field it stands in: the worst field first,
            # each better one written over it.
            mine: dict[str, int] = {}
            texts = _texts_of(e)
            if any(texts):
                for field, text in zip(_TEXT_FIELDS, texts, strict=True):
                    if text:
                        if mine:
                            mine.update(long_word_keys(text, field))
                        else:
                            mine = long_word_keys(text, field)
            if e.location:
                first_clause = _CLAUSE_END.split(e.location, maxsplit=1)[0]
                mine.update(long_word_keys(first_clause, LOCATION_FIRST))
            if e.landmark:
                mine.update(long_word_keys(e.landmark, LANDMARK))
            pinyin = fold_uncached(e.pinyin)
            plain = _SEPARATORS.sub("", pinyin)
            if plain:
                name_whole[plain].append(idx)
                name_words.add(plain)
                pinyin_names.append(plain)
                pinyin_owners.append(idx)
                mine.update(word_keys(pinyin, NAME))  # a name keeps its one-letter words
            english = fold_uncached(e.english).strip()
            if english:
                english_of[_SEPARATORS.sub("", english)].append(idx)
                said = word_keys(english, NAME)
                kept = said.keys() - _STOPWORDS
                for w in kept:
                    english_words[w].append(idx)
                name_words.update(kept)
                mine.update(said)
            for ch in e.hanzi:
                hanzi[ch].add(idx)
            for w in _STOPWORDS.intersection(mine):
                del mine[w]
            for w, field in mine.items():
                fields[w][idx] = field
        self._codes = codes
        self._codes_more = _frozen(codes_more)
        self._groups = _frozen(groups)
        self._group_letters = {
            letters: next(iter(groups)) for letters, groups in letters_of.items() if len(groups) == 1
        }
        self._code_keys = tuple(sorted(codes))
        self._pinyin = _Lines(pinyin_names, pinyin_owners)
        self._alias_names = _Lines(alias_names, alias_owners)
        self._name_whole = _frozen(name_whole)
        self._english = _frozen(english_of)
        self._english_words = _frozen(english_words)
        self._hanzi_chars = dict(hanzi)
        self._fields = dict(fields)
        self._token_sorted = tuple(sorted(fields))
        postings = self._postings
        best_field = self._best_field
        for token, found in fields.items():
            # Points were added in index order, so each field's list is sorted as it is made.
            kinds = set(found.values())
            if len(kinds) == 1:
                field = kinds.pop()
                postings[token] = ((field, tuple(found)),)
                best_field[token] = field
            else:
                ordered = sorted(kinds)
                postings[token] = tuple([(f, tuple([i for i, g in found.items() if g == f])) for f in ordered])
                best_field[token] = ordered[0]
        self._name_words = frozenset(name_words)
        # A variant is most often made by one word alone: kept as that string, the rare others apart.
        deletes: dict[str, str] = {}
        more: dict[str, list[str]] = defaultdict(list)
        keep = deletes.setdefault
        for word in name_words:
            if 4 <= len(word) <= _FUZZY_MAX:
                for i in range(len(word)):
                    variant = word[:i] + word[i + 1 :]
                    if keep(variant, word) is not word:  # another word made it first
                        others = more[variant]
                        if not others or others[-1] is not word:  # "shuu" makes "shu" twice
                            others.append(word)
        self._deletes = deletes
        self._deletes_more = _frozen(more)

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

        self._match_codes(query, add, limit)
        self._match_names(query, add)
        self._match_words(query, add, limit)
        if len(scores) < 3:
            self._match_fuzzy(query, add)
        ranked = sorted(scores, key=lambda i: (-scores[i], i))[:limit]
        return [Hit(self.entries[i].code, scores[i], why[i]) for i in ranked]

    def find(self, query: str, limit: int = 50) -> Found:
        """Like :meth:`search`, and says how many points matched in all (for "… and 33 more").

        The count is a set of points, not a ranking of all of them: a common word ("pain") matches
        most points, and ranking them all costs a keystroke tens of milliseconds at 20,000 points."""
        # At least three: with fewer, the word match may stop before three hits and let the typo
        # match in, which the list with no limit would not.
        hits = self.search(query, limit=max(limit, 3))[: max(limit, 0)]
        return Found(hits, self._count(query))

    def _count(self, query: str) -> int:
        """How many points :meth:`search` would list with no limit."""
        if not isinstance(query, str):
            return 0
        query = query.strip()[:_MAX_QUERY].strip()
        if not query:
            return 0
        matched: set[int] = set()

        def add(idx: int, score: int, reason: str) -> None:
            matched.add(idx)

        self._match_codes(query, add, len(self.entries))
        self._match_names(query, add)
        matched |= self._word_matches(query)
        if len(matched) < 3:
            self._match_fuzzy(query, add)
        return len(matched)

    def _word_matches(self, query: str) -> set[int]:
        """Every point that :meth:`_match_words` would score, with no limit: each term's points
        (its word and the longer words it begins), intersected."""
        unique = dict.fromkeys(w for w in words(query) if w not in _STOPWORDS)
        terms = [t for t in map(self._term, unique) if len(t.word) > 1 or t.exact is not None]
        if not terms or any(t.exact is None and not t.prefixes for t in terms):
            return set()
        points = [
            set().union(*(self._fields[token] for token in ((t.exact,) if t.exact else ()) + t.prefixes)) for t in terms
        ]
        points.sort(key=len)
        return points[0].intersection(*points[1:])

    def canonical_code(self, text: str) -> str:
        """The code key a text means, with meridian names and alias letters read as the meridian:
        'stomach 36' → 'ST36', 'Liv 3' → 'LR3', 'TB5' → 'TE5'; '' when the text is no code form."""
        key = code_key(text)
        if not key:
            return ""
        first = self._codes.get(key)
        if first is not None:
            return code_key(self.entries[first].code)
        return self._translate(key)

    def _translate(self, key: str) -> str:
        """A code key whose letters are a group alias, written with the group's own letters."""
        if key in self._codes:
            return key
        parsed = split_code(key)
        if parsed is None:
            return key
        letters, number = parsed
        group = self._group_letters.get(letters)
        if group is None:
            for word in _CHANNEL_WORDS:  # "stomach meridian 36"
                if letters.endswith(word) and len(letters) > len(word):
                    group = self._group_letters.get(letters[: -len(word)])
                    break
        if group is None:
            return key
        return code_key(f"{group} {number}") or key

    def _code_points(self, key: str) -> tuple[int, ...]:
        """The points with a code or alias of this code key, in index order."""
        first = self._codes.get(key)
        if first is None:
            return ()
        return (first, *self._codes_more.get(key, ()))

    def _form_of(self, idx: int, key: str) -> str:
        """The point's code, or else its first alias, written with this code key ('TB5' for TE5)."""
        entry = self.entries[idx]
        return next((form for form in (entry.code, *entry.aliases) if code_key(form) == key), entry.code)

    def _match_codes(self, query: str, add: Callable[[int, int, str], None], limit: int) -> None:
        key = code_key(query)
        if key:
            key = self._translate(key)
            for idx in self._code_points(key):
                add(idx, EXACT_CODE, f"code {self._form_of(idx, key)}")
            start = bisect.bisect_left(self._code_keys, key)
            for other in self._code_keys[start : start + 200]:
                if not other.startswith(key):
                    break
                if other != key and other[len(key) : len(key) + 1].isdigit():
                    for idx in self._code_points(other):
                        add(idx, CODE_PREFIX - min(len(other), 50), f"code {self.entries[idx].code}")
        compact = _compact(query)
        if compact.isalpha() and len(compact) <= 5:
            # Members score less the later they come, in index order: past the first ``limit`` none
            # can reach the list (the first ones outrank it on score or, tied, on index).
            members = self._groups.get(compact, ())[: max(limit, 3)]
            for rank, idx in enumerate(members):
                add(idx, GROUP - min(rank // 10, 40), f"group {self.entries[idx].group}")

    def _match_names(self, query: str, add: Callable[[int, int, str], None]) -> None:
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
            for idx, score in self._name_parts(compact):
                add(idx, score, f"name {self.entries[idx].pinyin}")
        # NFKC: a compatibility ideograph (U+F900-U+FAFF, from hanja input or old documents) is its
        # unified character, and full-width spaces are spaces.
        typed = unicodedata.normalize("NFKC", query).strip() if not query.isascii() else query
        cjk = cjk_chars(typed)
        if cjk:
            candidates = set.intersection(*(self._hanzi_chars.get(ch, set()) for ch in cjk))
            for idx in sorted(candidates):
                hanzi = self.entries[idx].hanzi
                if hanzi == typed:
                    add(idx, HANZI_EXACT, f"hanzi {hanzi}")
                elif typed in hanzi:
                    add(idx, HANZI_PART, f"hanzi {hanzi}")

    def _name_parts(self, compact: str) -> tuple[tuple[int, int], ...]:
        """(idx, score) of the names that begin with the letters typed, then of those that hold
        them further in, until ``_NAME_BUDGET`` places have been looked at. The last answer is kept:
        find() asks once for the list and once for the count."""
        if self._last_parts[0] == compact:
            return self._last_parts[1]
        found: list[tuple[int, int]] = []
        for lines, score in ((self._pinyin, NAME_PREFIX), (self._alias_names, NAME_INFIX)):
            found.extend((idx, score) for idx in lines.beginning(compact, _NAME_BUDGET - len(found)))
        found.extend((idx, NAME_INFIX) for idx in self._pinyin.inside(compact, _NAME_BUDGET - len(found)))
        parts = tuple(found)
        self._last_parts = (compact, parts)
        return parts

    def _match_words(self, query: str, add: Callable[[int, int, str], None], limit: int) -> None:
        """Every term must match a word of the point (whole, or its beginning); a point scores the
        mean of its terms' scores, each from the best field the term stands in.

        Candidates come from the rarest term's postings, best field first and in index order
        within a field, and the walk stops as soon as ``limit`` hits are certain to rank above
        anything still unseen: a common word costs ``limit`` look-ups, not one per point."""
        unique = dict.fromkeys(w for w in words(query) if w not in _STOPWORDS)  # a repeated word counts once
        # A single letter or digit that is no word of the index ("patient's", "2 cun") is left out.
        terms = [t for t in map(self._term, unique) if len(t.word) > 1 or t.exact is not None]
        if not terms:
            return
        if any(t.exact is None and not t.prefixes for t in terms):
            return  # one term matches nothing: no point has all the words
        sizes = {t.word: self._term_size(t) for t in terms}
        driver = min(terms, key=lambda t: sizes[t.word])
        others = sorted((t for t in terms if t is not driver), key=lambda t: sizes[t.word])
        # A term with many longer words, asked about many candidates, is checked through one table
        # of its points instead of through its words one by one.
        asked = dict.fromkeys(sizes, 0)
        tables: dict[str, dict[int, tuple[int, str]]] = {}
        others_best = sum(self._term_best(t) for t in others)
        n = len(terms)
        groups = self._term_groups(driver)
        found: dict[int, tuple[int, str]] = {}
        seen: set[int] = set()
        for g, (driver_score, field, token, lists) in enumerate(groups):
            bound = (driver_score + others_best) // n
            next_bound = (groups[g + 1][0] + others_best) // n if g + 1 < len(groups) else -1
            above = sum(1 for score, _ in found.values() if score > bound)
            if above >= limit:
                break
            # Hits tied with this group's best possible score rank ahead of a candidate with a larger
            # index, unless a later group can reach the same score.
            tied_before = sorted(i for i, (score, _) in found.items() if score == bound) if next_bound < bound else []
            tied_here = 0
            last = -1
            stream = heapq.merge(*lists) if len(lists) > 1 else lists[0]
            for idx in stream:
                if idx == last or idx in seen:
                    continue
                last = idx
                if next_bound < bound and above + tied_here + bisect.bisect_left(tied_before, idx) >= limit:
                    break
                seen.add(idx)
                total = driver_score
                word = token or self._term_score(driver, idx)[2]  # type: ignore[index]
                reasons = [f"{WORD_FIELDS[field]} '{word}'"]
                for term in others:
                    asked[term.word] += 1
                    if asked[term.word] == 16 and len(term.prefixes) > 4:
                        tables[term.word] = self._prefix_table(term)
                    scored = self._term_score(term, idx, tables.get(term.word))
                    if scored is None:
                        break
                    total += scored[0]
                    reasons.append(f"{WORD_FIELDS[scored[1]]} '{scored[2]}'")
                else:
                    score = total // n
                    found[idx] = (score, ", ".join(reasons))
                    if score == bound:
                        tied_here += 1
            else:
                continue
            break
        for idx, (score, reason) in found.items():
            add(idx, score, reason)

    def _term(self, word: str) -> _Term:
        exact = word if word in self._fields else None
        prefixes: list[str] = []
        if len(word) >= 2:
            start = bisect.bisect_left(self._token_sorted, word)
            for token in self._token_sorted[start : start + 300]:
                if not token.startswith(word):
                    break
                if token != word:
                    prefixes.append(token)
        return _Term(word, exact, tuple(prefixes))

    def _term_size(self, term: _Term) -> int:
        tokens = ([term.exact] if term.exact else []) + list(term.prefixes)
        return sum(len(self._fields[t]) for t in tokens)

    def _term_best(self, term: _Term) -> int:
        """The best score any point can get for this term."""
        if term.exact is not None:
            return WORD_EXACT - FIELD_STEP * self._best_field[term.exact]
        return WORD_PREFIX - FIELD_STEP * min(self._best_field[t] for t in term.prefixes)

    def _term_score(
        self, term: _Term, idx: int, table: dict[int, tuple[int, str]] | None = None
    ) -> tuple[int, int, str] | None:
        """(score, field, word of the point) for one term and one point; None when it does not match."""
        if term.exact is not None:
            field = self._fields[term.exact].get(idx)
            if field is not None:
                return WORD_EXACT - FIELD_STEP * field, field, term.exact
        if table is not None:
            found = table.get(idx)
            return None if found is None else (WORD_PREFIX - FIELD_STEP * found[0], found[0], found[1])
        best: tuple[int, str] | None = None
        for token in term.prefixes:
            field = self._fields[token].get(idx)
            if field is not None and (best is None or field < best[0]):
                best = (field, token)
                if field == NAME:
                    break
        if best is None:
            return None
        return WORD_PREFIX - FIELD_STEP * best[0], best[0], best[1]

    def _prefix_table(self, term: _Term) -> dict[int, tuple[int, str]]:
        """Every point any longer word of the term stands in: {idx: (best field, that word)}."""
        table: dict[int, tuple[int, str]] = {}
        for token in term.prefixes:
            for idx, field in self._fields[token].items():
                known = table.get(idx)
                if known is None or field < known[0]:
                    table[idx] = (field, token)
        return table

    def _term_groups(self, term: _Term) -> list[tuple[int, int, str, list[list[int]]]]:
        """The term's postings as (score, field, word, sorted lists), best score first."""
        groups: list[tuple[int, int, str, list[list[int]]]] = []
        if term.exact is not None:
            for field, postings in self._postings[term.exact]:
                groups.append((WORD_EXACT - FIELD_STEP * field, field, term.exact, [postings]))
        by_field: dict[int, list[list[int]]] = defaultdict(list)
        for token in term.prefixes:
            for field, postings in self._postings[token]:
                by_field[field].append(postings)
        for field in sorted(by_field):
            word = term.prefixes[0] if len(term.prefixes) == 1 else ""
            groups.append((WORD_PREFIX - FIELD_STEP * field, field, word, by_field[field]))
        return groups

    def _words_without_a_letter(self, variant: str) -> tuple[str, ...]:
        """The name words that are this variant with one letter more."""
        one = self._deletes.get(variant)
        if one is None:
            return ()
        return (one, *self._deletes_more.get(variant, ()))

    def _match_fuzzy(self, query: str, add: Callable[[int, int, str], None]) -> None:
        compact = _compact(query)
        if not 4 <= len(compact) <= _FUZZY_MAX + 1 or not compact.isalpha():
            return
        candidates: set[str] = set(self._words_without_a_letter(compact))
        for variant in _deletions(compact):
            candidates.update(self._words_without_a_letter(variant))
            if variant in self._name_words:
                candidates.add(variant)
        for word in sorted(candidates):
            if _within_one_edit(compact, word):
                for idx in self._name_whole.get(word, ()):
                    add(idx, FUZZY + 10, f"close to {self.entries[idx].pinyin}")
                for idx in self._english.get(word, ()):
                    add(idx, FUZZY + 5, f"close to {self.entries[idx].english}")
                for idx in self._fields.get(word, ()):
                    add(idx, FUZZY, f"close to '{word}'")


class _Lines:
    """Names as the lines of one string, each with the point it belongs to, and sorted."""

    __slots__ = ("_owners", "_sorted", "_sorted_owners", "_starts", "_text")

    def __init__(self, names: list[str] | tuple[str, ...], owners: list[int] | tuple[int, ...]):
        # "\n" before every name and after the last: no name holds one (separators are taken out).
        self._text = "\n" + "\n".join(names) + "\n" if names else ""
        self._starts = tuple(itertools.accumulate((len(n) + 1 for n in names[:-1]), initial=1)) if names else ()
        self._owners = tuple(owners)
        order = sorted(range(len(names)), key=names.__getitem__)
        self._sorted = tuple(map(names.__getitem__, order))
        self._sorted_owners = tuple(map(owners.__getitem__, order))

    def beginning(self, part: str, limit: int) -> Iterator[int]:
        """The owner of each name that begins with ``part``, at most ``limit``, alphabetically."""
        names = self._sorted
        k = bisect.bisect_left(names, part)
        end = min(len(names), k + limit)
        while k < end and names[k].startswith(part):
            yield self._sorted_owners[k]
            k += 1

    def inside(self, part: str, limit: int) -> Iterator[int]:
        """The owner of each name that holds ``part`` after its first letter (once per place it
        stands), in index order, at most ``limit``: str.find in C walks the lines."""
        if limit <= 0:
            return  # the beginnings used the budget up: no walk through every name
        text, starts, owners = self._text, self._starts, self._owners
        pos = text.find(part)
        while pos >= 0 and limit > 0:
            k = bisect.bisect_right(starts, pos) - 1
            if pos > starts[k]:
                yield owners[k]
                limit -= 1
            pos = text.find(part, pos + 1)


def suggest(index: SearchIndex, text: str, limit: int = 5) -> list[str]:
    """Codes close to a code that names no point: same meridian, nearest numbers first."""
    key = index.canonical_code(text)
    parsed = split_code(key) if key else None
    if parsed is None:
        return [h.code for h in index.search(text, limit=limit)]
    letters, number = parsed
    family: dict[str, int] = {}
    for other in index._code_keys:
        other_parsed = split_code(other)
        if other_parsed and other_parsed[0] == letters:
            for idx in index._code_points(other):
                code = index.entries[idx].code
                family[code] = min(family.get(code, 1 << 62), abs(other_parsed[1] - number))
    return sorted(family, key=lambda c: (family[c], c))[:limit]


def _frozen(table: Mapping[str, list]) -> dict[str, tuple]:
    return {key: tuple(found) for key, found in table.items()}


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


def index_from_reference(reference, own_notes: Mapping[str, str] | None = None) -> SearchIndex:
    """Build the index for a loaded :class:`pointmap.core.reference.Reference`, with the person's own
    notes by point code (a word found there is reported as "your note")."""
    own_notes = own_notes or {}
    prefixes: dict[str, tuple[str, ...]] = {}
    for code, meridian in reference.meridians.items():
        names = (meridian.name, *MERIDIAN_ALTERNATIVES.get(code, ()), *_meridian_prefixes(reference, code))
        prefixes[code] = tuple(dict.fromkeys(names))
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
                text=" ".join((p.indications, p.actions, p.cosmetic)),
                location=p.location,
                landmark=_landmark_at(p.definition, reference.points),
                cautions=p.cautions,
                notes=p.notes,
                own_note=own_notes.get(p.code, ""),
            )
        )
    return SearchIndex(entries)


def _landmark_at(definition, points) -> str:
    """The landmark a point lies at, in words ('umbilicus'), when its definition is that landmark
    alone (no cun offset from it); '' otherwise, or when it lies at another point."""
    if not isinstance(definition, dict) or set(definition) != {"at"}:
        return ""
    at = definition["at"]
    if not isinstance(at, str) or at in points:
        return ""
    return at.replace("-", " ")


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
