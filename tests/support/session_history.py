"""Many treatment sessions in a user database, quickly (one transaction of plain INSERTs into the
tables of schema v3): for the benchmark's 10,000-session history and the tests of the history view.
Real sessions go through ``core.userdata.sessions``; these only look like them."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pointmap.core.userdata.store import UserStore

FACE = ("ST6", "ST4", "LI20", "EX-HN3", "GB14", "SI18", "ST3", "ST7", "CV24", "GV26")
SIDES = {"EX-HN3": ("midline",), "CV24": ("midline",), "GV26": ("midline",)}
# Twelve needles of one facial treatment, (point, side): the screenshots' session and the records PDF's test.
FACE_TREATMENT = (
    ("EX-HN3", "midline"),
    ("BL2", "right"),
    ("BL2", "left"),
    ("GB14", "right"),
    ("GB14", "left"),
    ("ST4", "right"),
    ("ST4", "left"),
    ("LI20", "right"),
    ("LI20", "left"),
    ("ST6", "right"),
    ("ST6", "left"),
    ("CV24", "midline"),
)


def generate(store: UserStore, count: int, end: datetime, *, clients: int = 900, seed: int = 11) -> list[int]:
    """``count`` closed sessions over the years before ``end`` (an aware datetime), about ten needles
    each, every needle out; one in 25 has a bruise, one in 200 an incident. Returns their ids."""
    rng = random.Random(seed)
    refs = [f"C-{n:04d}" for n in range(1, clients + 1)]
    start = end - timedelta(days=3650)
    step = (end - start) / max(1, count)
    ids = []
    with store.write() as conn:
        for n in range(count):
            began = start + step * n + timedelta(minutes=rng.randint(0, 30))
            at = began.isoformat(timespec="seconds")
            incident = n % 200 == 199
            closed = (began + timedelta(minutes=45)).isoformat(timespec="seconds")
            cur = conn.execute(
                "INSERT INTO sessions (client_ref, started_at, closed_at, outcome, course_planned, needle_gauge, "
                "needle_length) VALUES (?, ?, ?, ?, ?, '0.16 mm', '13 mm')",
                (rng.choice(refs), at, closed, "incident" if incident else "complete", rng.choice((None, 6, 10))),
            )
            sid = int(cur.lastrowid)
            ids.append(sid)
            conn.execute(
                "INSERT INTO screening_answers (session_id, question_id, answer, detail, at) VALUES (?, ?, ?, '', ?)",
                (sid, "pregnant", "no", at),
            )
            inn = (began + timedelta(minutes=5)).isoformat(timespec="seconds")
            out = (began + timedelta(minutes=35)).isoformat(timespec="seconds")
            for k in range(rng.randint(6, 14)):
                code = FACE[k % len(FACE)]
                side = rng.choice(SIDES.get(code, ("left", "right")))
                conn.execute(
                    "INSERT INTO needles (session_id, point_code, side, site, diagram, inserted_at, removed_at) "
                    "VALUES (?, ?, ?, 0, 'face', ?, ?)",
                    (sid, code, side, inn, None if incident and k == 0 else out),
                )
            if n % 25 == 0:
                conn.execute(
                    "INSERT INTO adverse_events (session_id, kind, point_code, side, action_taken, at) "
                    "VALUES (?, 'bruising', 'ST6', 'left', 'pressure, cold pack', ?)",
                    (sid, out),
                )
            if incident:
                conn.execute(
                    "INSERT INTO incidents (session_id, kind, what, discovered_at, at) "
                    "VALUES (?, 'needle-unaccounted', 'One needle not found', ?, ?)",
                    (sid, out[:16], closed),
                )
    return ids


def full_session(store: UserStore, start: datetime, client: str = "C-104", *, course_planned: int | None = 10) -> int:
    """One session with a bit of everything, through the real record functions: screening answers (one
    with a detail that looks like markup, a procedure date), needle details that a spreadsheet would
    read as formulas, needles in and out, a mark undone, a count that did not match and one that did,
    checklist ticks, a bruise, notes with markup, closed complete, then an amendment. Returns its id."""
    from pointmap.core.sessions import Site
    from pointmap.core.userdata import hygiene
    from pointmap.core.userdata import sessions as rec

    def at(minutes: int) -> datetime:
        return start + timedelta(minutes=minutes)

    details = {
        "needle_gauge": "0.16 mm",
        "needle_length": "13 mm",
        "needle_brand": '=HYPERLINK("http://example.com","Seirin")',
        "needle_lot": '+L2231, "batch"\nline two',
        "needle_expiry": "@2028-03",
    }
    s = rec.start(store, client, at(0), course_planned=course_planned, details=details)
    rec.answer(store, s.id, "pregnant", "no", "", at(1))
    rec.answer(store, s.id, "blood-thinners", "yes", "aspirin <b>75 mg</b>", at(1))
    rec.answer(store, s.id, "botulinum-toxin", "yes", (start - timedelta(days=10)).date().isoformat(), at(1))
    hygiene.record_tick(store, "before-patient-preparation", "before-patient", 1, True, at(2), session_id=s.id)
    hygiene.record_tick(store, "before-patient-preparation", "before-patient", 2, True, at(3), session_id=s.id)
    hygiene.record_tick(store, "before-patient-preparation", "before-patient", 2, False, at(4), session_id=s.id)
    st6r, st6l, li20 = Site("ST6", "right"), Site("ST6", "left"), Site("LI20", "right")
    rec.mark_in(store, s.id, st6r, "face", at(5))
    rec.mark_in(store, s.id, st6l, "face", at(5), confirmed_caution=True)
    mistake = rec.mark_in(store, s.id, li20, "face", at(6))
    rec.undo_mark(store, s.id, mistake.id, at(7))
    rec.mark_in(store, s.id, Site("CV12", "midline"), "abdomen", at(8))
    rec.mark_out(store, s.id, Site("CV12", "midline"), at(30))
    rec.all_out(store, s.id, 1, at(31))  # one short: nothing marked out
    rec.all_out(store, s.id, 2, at(33))  # found: both out
    rec.adverse_event(
        store, s.id, "bruising", at(34), site=st6l, action_taken="pressure, cold pack", notes="<b>small</b>"
    )
    rec.update(store, s.id, notes="Relaxed. <i>Markup</i> stays text.\nhttps://example.com is not a link.")
    rec.close(store, s.id, at(35))
    rec.amend(store, s.id, "Client phoned: the bruise went in three days.", at(60 * 24))
    return s.id
