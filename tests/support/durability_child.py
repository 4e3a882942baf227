"""Child process of tests/e2e/test_durability.py: writes as fast as it can, saying "ack <n>" after each commit.

    python durability_child.py FOLDER CHECKLIST_ID            ticks: tick n is item n of CHECKLIST_ID
    python durability_child.py FOLDER CLIENT_REF needles      a session's needles: write n marks a needle in at
                                                              ST<n> (odd n) or marks the last one out (even n)

so the parent can tell which acknowledged writes are in the file.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pointmap.core.sessions import Site
from pointmap.core.userdata import hygiene, open_store, sessions


def main() -> None:
    folder, name = Path(sys.argv[1]), sys.argv[2]
    needles = sys.argv[3:] == ["needles"]
    print("ready", flush=True)
    opened = open_store(folder / "userdata.db", folder / "backups")
    now = datetime.now().astimezone()
    if needles:
        session = sessions.open_session(opened.store)
        if session is not None:  # the last trial's, left open by its kill: an incident closes it
            sessions.close_with_incident(
                opened.store,
                session.id,
                now,
                kind="other",
                what="test",
                where_found="",
                discovered_at=now,
                action_taken="",
            )
        session_id = sessions.start(opened.store, name, now).id
    print("opened", flush=True)
    n = 0
    while True:
        n += 1
        if not needles:
            hygiene.record_tick(opened.store, name, "start-of-day", n, True, now)
        elif n % 2:
            sessions.mark_in(opened.store, session_id, Site(f"ST{n}", "right"), "face", now)
        else:
            sessions.mark_out(opened.store, session_id, Site(f"ST{n - 1}", "right"), now)
        # Only now, with the commit returned, is the tick acknowledged.
        sys.stdout.write(f"ack {n}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
