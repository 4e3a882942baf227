"""Study cards and their reviews in the user database (schema version 4): each card's FSRS state,
every answer ever given, and the study settings. Recording an answer is one transaction (the review
row and the card's new state together), so a crash or kill -9 loses no acknowledged answer and never
leaves a card out of step with its reviews.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from pointmap.core.errors import UserDataError
from pointmap.core.study import scheduler as fsrs_rules
from pointmap.core.study.scheduler import KINDS, OUTCOMES, CardState
from pointmap.core.userdata.store import UserStore

# Schema version 4 (see migrations.py). Statements one by one: executescript would commit half-way.
TABLES = [
    """
    CREATE TABLE study_cards (
        point_code TEXT NOT NULL CHECK (length(point_code) BETWEEN 1 AND 20),
        kind TEXT NOT NULL CHECK (kind IN ('locate', 'name', 'facts')),
        state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
        step INTEGER CHECK (step IS NULL OR (typeof(step) = 'integer' AND step >= 0)),
        stability REAL CHECK (stability IS NULL OR stability > 0),
        difficulty REAL CHECK (difficulty IS NULL OR difficulty BETWEEN 1 AND 10),
        due TEXT NOT NULL,
        last_review TEXT NOT NULL,
        introduced_at TEXT NOT NULL,
        reviews INTEGER NOT NULL CHECK (typeof(reviews) = 'integer' AND reviews >= 1),
        lapses INTEGER NOT NULL DEFAULT 0 CHECK (typeof(lapses) = 'integer' AND lapses >= 0),
        PRIMARY KEY (point_code, kind)
    )
    """,
    "CREATE INDEX study_cards_due ON study_cards (due)",
    """
    CREATE TABLE study_reviews (
        id INTEGER PRIMARY KEY,
        point_code TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating IN (1, 2, 3, 4)),
        outcome TEXT NOT NULL CHECK (outcome IN ('correct', 'close', 'wrong')),
        diagram TEXT CHECK (diagram IS NULL OR length(diagram) BETWEEN 1 AND 40),
        error_cun REAL CHECK (error_cun IS NULL OR error_cun >= 0),
        answer TEXT NOT NULL DEFAULT '' CHECK (length(answer) <= 200),
        duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
        state_after INTEGER NOT NULL CHECK (state_after IN (1, 2, 3)),
        stability_after REAL,
        difficulty_after REAL,
        due_after TEXT NOT NULL,
        FOREIGN KEY (point_code, kind) REFERENCES study_cards (point_code, kind)
    )
    """,
    "CREATE INDEX study_reviews_at ON study_reviews (at)",
    "CREATE INDEX study_reviews_card ON study_reviews (point_code, kind, id)",
    """
    CREATE TRIGGER study_reviews_append_only BEFORE UPDATE ON study_reviews
    BEGIN SELECT RAISE(ABORT, 'study_reviews is append-only: an answer once given stays as it was'); END
    """,
]
TABLE_NAMES = frozenset({"study_cards", "study_reviews"})
ANSWER_MAX = 200


def create_tables(execute) -> None:
    """Run the statements of schema version 4 through ``execute`` (the migration's db.execute)."""
    for sql in TABLES:
        execute(sql)


# -- settings ---------------------------------------------------------------------------------

PROMPTS = ("code", "pinyin", "english")
PROMPT_TITLES = {"code": "Code (LI4)", "pinyin": "Pinyin (Hégǔ)", "english": "English (Union Valley)"}


@dataclass(frozen=True)
class StudySettings:
    """What a person chose for studying; kept in the preferences table under ``study.*``."""

    correct_cun: float = 0.5  # a click within this many cun is correct
    close_cun: float = 1.0  # within this, close; beyond it, wrong
    new_per_day: int = 20  # new cards introduced per day, all decks together
    prompt: str = "code"  # how a locate question names the point: code, pinyin or english
    kinds: tuple[str, ...] = KINDS  # question types asked
    deck: tuple[str, str] = ("region", "face")  # the deck last studied: (kind, key)
    picked: tuple[str, ...] = ()  # the hand-picked set

    def checked(self) -> StudySettings:
        """The same settings, or a sentence (UserDataError) saying which value cannot be used."""
        if not 0.05 <= self.correct_cun <= 5:
            raise UserDataError("The distance counted as correct must be between 0.05 and 5 cun.")
        if not self.correct_cun < self.close_cun <= 10:
            raise UserDataError(
                "The distance counted as close must be larger than the one counted as correct, at most 10 cun."
            )
        if not 0 <= self.new_per_day <= 1000:
            raise UserDataError("New cards per day must be a whole number from 0 to 1,000.")
        if self.prompt not in PROMPTS:
            raise UserDataError(f"A question names the point by {', '.join(PROMPTS)}; not by {self.prompt!r}.")
        if not self.kinds or set(self.kinds) - set(KINDS):
            raise UserDataError("Choose at least one kind of question: locate, name or facts.")
        if len(self.picked) > 2000 or any(not isinstance(c, str) or not 0 < len(c) <= 20 for c in self.picked):
            raise UserDataError("A hand-picked set holds at most 2,000 point codes.")
        return self


def _float(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def settings(store: UserStore) -> StudySettings:
    """The study settings; a value that cannot be read falls back to its default."""
    base = StudySettings()
    rows = dict(store.conn.execute("SELECT key, value FROM preferences WHERE key LIKE 'study.%'").fetchall())
    kinds = tuple(k for k in (rows.get("study.kinds") or "").split(",") if k in KINDS) or base.kinds
    try:
        deck_raw = json.loads(rows.get("study.deck") or "null")
        picked_raw = json.loads(rows.get("study.picked") or "[]")
    except ValueError:
        deck_raw, picked_raw = None, []
    deck = (
        (deck_raw[0], deck_raw[1])
        if isinstance(deck_raw, list) and len(deck_raw) == 2 and all(isinstance(v, str) for v in deck_raw)
        else base.deck
    )
    picked = tuple(c for c in picked_raw if isinstance(c, str)) if isinstance(picked_raw, list) else ()
    found = StudySettings(
        correct_cun=_float(rows.get("study.correct_cun"), base.correct_cun),
        close_cun=_float(rows.get("study.close_cun"), base.close_cun),
        new_per_day=_int(rows.get("study.new_per_day"), base.new_per_day),
        prompt=rows.get("study.prompt") or base.prompt,
        kinds=kinds,
        deck=deck,
        picked=picked,
    )
    try:
        return found.checked()
    except UserDataError:
        return replace(
            found,
            correct_cun=base.correct_cun,
            close_cun=base.close_cun,
            new_per_day=found.new_per_day if 0 <= found.new_per_day <= 1000 else base.new_per_day,
            prompt=found.prompt if found.prompt in PROMPTS else base.prompt,
            picked=found.picked[:2000],
        )


def save_settings(store: UserStore, chosen: StudySettings) -> None:
    """Keep the study settings, all in one transaction (checked first: nothing is kept otherwise)."""
    chosen = chosen.checked()
    values = {
        "study.correct_cun": f"{chosen.correct_cun:g}",
        "study.close_cun": f"{chosen.close_cun:g}",
        "study.new_per_day": str(chosen.new_per_day),
        "study.prompt": chosen.prompt,
        "study.kinds": ",".join(chosen.kinds),
        "study.deck": json.dumps(list(chosen.deck)),
        "study.picked": json.dumps(list(chosen.picked)),
    }
    with store.write() as conn:
        for key, value in values.items():
            conn.execute(
                "INSERT INTO preferences (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


# -- cards and reviews ------------------------------------------------------------------------

_CARD_COLUMNS = "point_code, kind, state, step, stability, difficulty, due, last_review, introduced_at, reviews, lapses"


def cards(store: UserStore) -> dict[tuple[str, str], CardState]:
    """Every card seen so far, by (point code, kind)."""
    cursor = store.conn.cursor()
    cursor.row_factory = None
    return {(row[0], row[1]): CardState(*row) for row in cursor.execute(f"SELECT {_CARD_COLUMNS} FROM study_cards")}


def card(store: UserStore, code: str, kind: str) -> CardState | None:
    return _card(store.conn, code, kind)


def _card(conn, code: str, kind: str) -> CardState | None:
    row = conn.execute(f"SELECT {_CARD_COLUMNS} FROM study_cards WHERE point_code = ? AND kind = ?", (code, kind))
    found = row.fetchone()
    return None if found is None else CardState(*tuple(found))


def introduced_on(store: UserStore, day: str) -> int:
    """How many cards were seen for the first time on ``day`` (YYYY-MM-DD, local): today's new cards."""
    row = store.conn.execute("SELECT count(*) FROM study_cards WHERE substr(introduced_at, 1, 10) = ?", (day,))
    return int(row.fetchone()[0])


@dataclass(frozen=True)
class Review:
    """One answer: when, to which card, how it went, and the card's state after it."""

    id: int
    point_code: str
    kind: str
    at: str  # local time with its UTC offset
    rating: int
    outcome: str
    diagram: str | None
    error_cun: float | None
    answer: str
    duration_ms: int | None
    state_after: int
    stability_after: float | None
    difficulty_after: float | None
    due_after: str


_REVIEW_COLUMNS = (
    "id, point_code, kind, at, rating, outcome, diagram, error_cun, answer, duration_ms, state_after, "
    "stability_after, difficulty_after, due_after"
)


def reviews(store: UserStore, since: str | None = None) -> list[Review]:
    """Every answer (from the day ``since``, YYYY-MM-DD, when given), oldest first."""
    cursor = store.conn.cursor()
    cursor.row_factory = None
    sql = f"SELECT {_REVIEW_COLUMNS} FROM study_reviews"
    args: list[str] = []
    if since:
        sql += " WHERE at >= ?"
        args.append(since)
    return [Review(*row) for row in cursor.execute(sql + " ORDER BY id", args)]


def review_count(store: UserStore) -> int:
    return int(store.conn.execute("SELECT count(*) FROM study_reviews").fetchone()[0])


def record(
    store: UserStore,
    code: str,
    kind: str,
    rating: int,
    outcome: str,
    now: datetime,
    *,
    diagram: str | None = None,
    error_cun: float | None = None,
    answer: str = "",
    duration_ms: int | None = None,
    fuzz: bool = True,
) -> tuple[CardState, Review]:
    """Record one answer and reschedule its card with FSRS, in one transaction. ``now`` is aware."""
    if kind not in KINDS:
        raise UserDataError(f"There is no kind of study question called {kind!r}.")
    if outcome not in OUTCOMES:
        raise UserDataError(f"An answer is correct, close or wrong, not {outcome!r}.")
    if not isinstance(code, str) or not 0 < len(code) <= 20:
        raise UserDataError("A study card needs the code of a point.")
    answer = " ".join(str(answer).split())[:ANSWER_MAX]
    at = now.isoformat(timespec="seconds")
    with store.write() as conn:
        previous = _card(conn, code, kind)
        after = fsrs_rules.review(previous, code, kind, rating, now, fuzz=fuzz)
        conn.execute(
            f"INSERT INTO study_cards ({_CARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (point_code, kind) DO UPDATE SET state = excluded.state, step = excluded.step, "
            "stability = excluded.stability, difficulty = excluded.difficulty, due = excluded.due, "
            "last_review = excluded.last_review, reviews = excluded.reviews, lapses = excluded.lapses",
            (
                after.point_code,
                after.kind,
                after.state,
                after.step,
                after.stability,
                after.difficulty,
                after.due,
                after.last_review,
                after.introduced_at,
                after.reviews,
                after.lapses,
            ),
        )
        cursor = conn.execute(
            "INSERT INTO study_reviews (point_code, kind, at, rating, outcome, diagram, error_cun, answer, "
            "duration_ms, state_after, stability_after, difficulty_after, due_after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code,
                kind,
                at,
                rating,
                outcome,
                diagram,
                None if error_cun is None else round(float(error_cun), 3),
                answer,
                duration_ms,
                after.state,
                after.stability,
                after.difficulty,
                after.due,
            ),
        )
        review_id = int(cursor.lastrowid or 0)
    made = Review(
        review_id,
        code,
        kind,
        at,
        rating,
        outcome,
        diagram,
        error_cun,
        answer,
        duration_ms,
        after.state,
        after.stability,
        after.difficulty,
        after.due,
    )
    return after, made


def codes_in_cards(states: Iterable[CardState]) -> set[str]:
    return {s.point_code for s in states}
