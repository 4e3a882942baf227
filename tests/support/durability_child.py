"""Child process of tests/e2e/test_durability.py: ticks as fast as it can, saying "ack <n>" after each commit.

    python durability_child.py FOLDER CHECKLIST_ID

Tick n is item n of CHECKLIST_ID, so the parent can tell which acknowledged ticks are in the file.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pointmap.core.userdata import hygiene, open_store


def main() -> None:
    folder, checklist = Path(sys.argv[1]), sys.argv[2]
    print("ready", flush=True)
    opened = open_store(folder / "userdata.db", folder / "backups")
    print("opened", flush=True)
    now = datetime.now().astimezone()
    n = 0
    while True:
        n += 1
        hygiene.record_tick(opened.store, checklist, "start-of-day", n, True, now)
        # Only now, with the commit returned, is the tick acknowledged.
        sys.stdout.write(f"ack {n}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
