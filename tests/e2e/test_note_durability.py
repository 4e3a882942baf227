"""A note typed in the window and shown as saved survives kill -9: a child types into the note editor
and is killed at random moments; every word it saw acknowledged is in the database afterwards."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import killed_hard

CHILD = Path(__file__).resolve().parents[1] / "support" / "note_child.py"
TRIALS = 8


def test_no_note_shown_as_saved_is_lost_to_sigkill(tmp_path):
    rng = random.Random(int(os.environ.get("POINTMAP_DURABILITY_SEED", "20261201")))
    acknowledged = 0
    for trial in range(TRIALS):
        folder = tmp_path / f"user-{trial}"
        folder.mkdir()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POINTMAP_USER_DIR": str(folder)}
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(folder)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        try:
            assert child.stdout.readline().strip() == b"ready"
            time.sleep(rng.uniform(0.3, 2.0))
            killed_hard(child)
            out = child.stdout.read().decode()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        acks = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack ") and line[4:].isdigit()]
        acknowledged += len(acks)
        conn = sqlite3.connect(folder / "userdata.db")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            row = conn.execute("SELECT text FROM point_notes WHERE point_code = 'ST6'").fetchone()
        finally:
            conn.close()
        words = set((row[0] if row else "").split())
        missing = [n for n in acks if f"w{n}" not in words]
        assert not missing, f"trial {trial}: words acknowledged as saved but missing: {missing[:10]}"
    print(f"\n{TRIALS} kills; {acknowledged} acknowledged saves, none lost")
    assert acknowledged > TRIALS  # the kills landed among saves, not only before them
