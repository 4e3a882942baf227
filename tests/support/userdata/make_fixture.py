"""Write the fixture user database of the CURRENT schema version: tests/support/userdata/v<N>.db.

    python tests/support/userdata/make_fixture.py

Run it once, when a new schema version is added, and commit the file it writes; it refuses to replace a
fixture that exists, because the fixture of an old version must stay as that version's code wrote it
(the code that wrote it is gone once the schema moves on). tests/core/test_userdata_migrations.py opens
every v<N>.db here through open_store and checks that the data below is still found after the upgrade.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from pointmap.core.lessons import Lesson, LessonStep  # noqa: E402
from pointmap.core.sessions import Site  # noqa: E402
from pointmap.core.userdata import (  # noqa: E402
    favourites,
    files,
    hygiene,
    lessons,
    migrations,
    notes,
    open_store,
    photos,
    protocols,
    sessions,
    set_preference,
    study,
)

TZ = timezone(timedelta(hours=1))
DAY1 = datetime(2026, 11, 30, 8, 5, 0, tzinfo=TZ)
DAY2 = datetime(2026, 12, 1, 8, 10, 0, tzinfo=TZ)


def fill(store) -> None:
    """The content every fixture holds (each version's test reads it back)."""
    # Day 1: the room set-up run, ticked 1, 2, 3 with 2 unticked again, then ended; a new run with item 5.
    for minute, (position, checked) in enumerate([(1, True), (2, True), (3, True), (2, False)]):
        hygiene.record_tick(
            store, "start-of-day-room-setup", "start-of-day", position, checked, DAY1 + timedelta(minutes=minute)
        )
    hygiene.start_new_run(store, "start-of-day-room-setup", DAY1 + timedelta(minutes=10))
    hygiene.record_tick(store, "start-of-day-room-setup", "start-of-day", 5, True, DAY1 + timedelta(minutes=11))
    # Day 2: an end-of-day run left open.
    hygiene.record_tick(store, "end-of-day-close-down", "end-of-day", 4, True, DAY2)
    hygiene.set_needle_tally(store, 12, 11, DAY2 + timedelta(hours=3))
    set_preference(store, "backups.keep", "7")
    # Version 2: notes (one rewritten the next day), favourites in the order starred, two own protocols.
    notes.set_note(store, "ST6", "Clench the jaw: it rises under the finger.", DAY1 + timedelta(minutes=20))
    notes.set_note(store, "ST6", "Clench the jaw: it rises under the finger.\nNeedle gently.", DAY2)
    notes.set_note(store, "TE5", "Two cun above the wrist, between the bones.", DAY2 + timedelta(minutes=1))
    favourites.set_favourite(store, "CV12", True, DAY1 + timedelta(minutes=30))
    favourites.set_favourite(store, "LI4", True, DAY2 + timedelta(minutes=2))
    protocols.create_protocol(
        store,
        protocols.Draft(
            "Jaw tension, my way",
            "face",
            "Ease a tight jaw.",
            "Start on the side that hurts.",
            (protocols.Step("ST6", "gentle"), protocols.Step("ST7"), protocols.Step("LI4", "distal point last")),
        ),
        DAY2 + timedelta(minutes=5),
        uid="fixture0jaw0tension0000000000001",
    )
    protocols.create_protocol(
        store,
        protocols.Draft(
            "Forehead, shorter",
            "face",
            "A brief forehead protocol.",
            "",
            (protocols.Step("EX-HN3"), protocols.Step("GB14", "both sides")),
            based_on="forehead-brow",
        ),
        DAY2 + timedelta(minutes=6),
        uid="fixture0forehead000000000000002",
    )
    # Version 3: a session closed complete (a screening answer, three needles, all out, a bruise noted
    # later) and one closed with an incident (a needle not found).
    done = sessions.start(
        store, "C-104", DAY2 + timedelta(hours=1), course_planned=10, details={"needle_gauge": "0.16 mm"}
    )
    sessions.answer(store, done.id, "pregnant", "no", "", DAY2 + timedelta(hours=1, minutes=1))
    for side in ("right", "left"):
        sessions.mark_in(store, done.id, Site("ST6", side), "face", DAY2 + timedelta(hours=1, minutes=5))
    sessions.mark_in(store, done.id, Site("CV12", "midline"), "abdomen", DAY2 + timedelta(hours=1, minutes=6))
    sessions.mark_out(store, done.id, Site("CV12", "midline"), DAY2 + timedelta(hours=1, minutes=30))
    sessions.all_out(store, done.id, 2, DAY2 + timedelta(hours=1, minutes=31))
    # Version 6 (before the session closes): a face photo kept with its landmarks (its file is not part
    # of the fixture: the test finds the row and is told the file is gone), ST6 on the left moved 0.3
    # cun inferior, then 0.4 cun inferior and 0.1 medial.
    photos.keep(
        store,
        done.id,
        photos.Photo(b"not kept in the fixture", 600, 800),
        {("pupil", "right"): (0.36, 0.42), ("pupil", "left"): (0.64, 0.42), ("glabella", "midline"): (0.5, 0.36)},
        DAY2 + timedelta(hours=1, minutes=2),
    )
    at = DAY2 + timedelta(hours=1, minutes=4)
    photos.correct(store, done.id, "ST6", "left", -0.3, 0.0, at, at=(0.61, 0.71))
    photos.correct(store, done.id, "ST6", "left", -0.4, -0.1, at + timedelta(seconds=30), at=(0.6, 0.72))
    sessions.close(store, done.id, DAY2 + timedelta(hours=1, minutes=32))
    sessions.adverse_event(
        store, done.id, "bruising", DAY2 + timedelta(hours=5), site=Site("ST6", "left"), action_taken="cold pack"
    )
    lost = sessions.start(store, "C-205", DAY2 + timedelta(hours=2))
    sessions.mark_in(store, lost.id, Site("LI4", "right"), "arm-posterior", DAY2 + timedelta(hours=2, minutes=3))
    sessions.all_out(store, lost.id, 0, DAY2 + timedelta(hours=2, minutes=40))
    sessions.close_with_incident(
        store,
        lost.id,
        DAY2 + timedelta(hours=2, minutes=50),
        kind="needle-unaccounted",
        what="One needle not found",
        where_found="not found",
        discovered_at=DAY2 + timedelta(hours=2, minutes=41),
        action_taken="Client told and checked",
    )
    # Version 4: study answers: ST6 located 0.3 cun off, then 1.4 cun off (back to the first
    # learning step), CV12 named, LI4's facts missed. Without fuzz, so the schedule is exact.
    study.record(
        store,
        "ST6",
        "locate",
        3,
        "correct",
        DAY2 + timedelta(hours=6),
        diagram="face",
        error_cun=0.3,
        answer="0.412,0.533",
        duration_ms=4200,
        fuzz=False,
    )
    study.record(
        store,
        "CV12",
        "name",
        3,
        "correct",
        DAY2 + timedelta(hours=6, minutes=1),
        diagram="abdomen",
        answer="zhongwan",
        duration_ms=3100,
        fuzz=False,
    )
    study.record(
        store,
        "LI4",
        "facts",
        1,
        "wrong",
        DAY2 + timedelta(hours=6, minutes=2),
        answer="0.1–0.2 cun",
        duration_ms=8000,
        fuzz=False,
    )
    study.record(
        store,
        "ST6",
        "locate",
        1,
        "wrong",
        DAY2 + timedelta(hours=6, minutes=20),
        diagram="face",
        error_cun=1.4,
        answer="0.47,0.6",
        duration_ms=5000,
        fuzz=False,
    )
    # Version 5: a lesson of two steps (the second zoomed, with the grid and a trainer's note).
    lessons.create_lesson(
        store,
        Lesson(
            "",
            "Jaw points for the class",
            "Two points of the jaw.",
            (
                LessonStep("face", ("ST6", "ST5"), "all", ("labels",), 1.0, "Clench: feel it rise."),
                LessonStep("face-lateral", ("ST7",), "step", ("labels", "grid"), 2.5, "Mouth closed."),
            ),
            based_on="protocol:jawline-neck",
        ),
        DAY2 + timedelta(hours=7),
        uid="fixture0lesson0jaw00000000000001",
    )


def main() -> int:
    target = HERE / f"v{migrations.SCHEMA_VERSION}.db"
    if target.exists():
        print(f"{target} exists; the fixture of a released schema is never rewritten.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        opened = open_store(Path(tmp) / "userdata.db", Path(tmp) / "backups", now=DAY1)
        fill(opened.store)
        files.copy_database(opened.store.conn, target)
        opened.store.close()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
