"""Nothing acknowledged is lost to kill -9: a child ticks checklist items and is killed at random moments."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pointmap.core.userdata import open_store
from tests.conftest import killed_hard

CHILD = Path(__file__).resolve().parents[1] / "support" / "durability_child.py"
TRIALS = 100


def _run_and_kill(
    folder: Path, name: str, delay: float, *mode: str, after_opened: bool = False
) -> tuple[list[int], bool]:
    """Start the child, kill it hard (SIGKILL; TerminateProcess on Windows) ``delay`` seconds after it
    is ready (or, with ``after_opened``, after its store is open: on a busy machine opening alone can take longer than
    any delay, and the kills would never land among writes); its acknowledged writes."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(folder), name, *mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    early: list[str] = []
    try:
        assert child.stdout.readline().strip() == b"ready", child.stderr.read().decode()
        if after_opened:
            early.append(child.stdout.readline().decode().strip())
            assert early == ["opened"], child.stderr.read().decode()
        time.sleep(delay)
        killed_hard(child)
        out = child.stdout.read().decode()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    lines = early + out.splitlines()
    # A line cut short by the kill was never an acknowledgement.
    acks = [int(line.split()[1]) for line in lines if line.startswith("ack ") and line.split()[1].isdigit()]
    return acks, "opened" in lines


def test_no_acknowledged_tick_is_lost_to_sigkill(tmp_path):
    rng = random.Random(int(os.environ.get("POINTMAP_DURABILITY_SEED", "20261201")))
    folder = tmp_path / "user-0"
    stats = {"killed before the store was open": 0, "acknowledged ticks": 0}
    started = time.monotonic()
    for trial in range(TRIALS):
        # A new file every ten trials. Making it (and importing sqlite-utils for its migration) takes about
        # 60 ms here, so the first kills often land while the schema is being written.
        if trial % 10 == 0:
            folder = tmp_path / f"user-{trial}"
        delay = rng.uniform(0, 0.08)
        checklist = f"trial-{trial}"
        # Half the kills count from the start (some land while the schema is being written), half
        # from the open store (they land among the ticks, however slow the machine is).
        acks, opened = _run_and_kill(folder, checklist, delay, after_opened=trial % 2 == 1)
        stats["killed before the store was open"] += not opened
        stats["acknowledged ticks"] += len(acks)
        assert acks == list(range(1, len(acks) + 1))
        path = folder / "userdata.db"
        if not path.exists():
            assert not acks
            continue
        conn = sqlite3.connect(path)  # a plain connection first: what any tool would see after the crash
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"trial {trial}"
            if not conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'checklist_ticks'").fetchone()[0]:
                assert not acks, f"trial {trial}: ticks acknowledged but the schema is not there"
                continue
            stored = {
                row[0]
                for row in conn.execute(
                    "SELECT position FROM checklist_ticks JOIN checklist_runs ON checklist_runs.id = run_id "
                    "WHERE checklist_id = ?",
                    (checklist,),
                )
            }
        finally:
            conn.close()
        missing = set(acks) - stored
        assert not missing, f"trial {trial}: acknowledged ticks {sorted(missing)[:10]} are missing"
        assert stored <= set(range(1, len(acks) + 2)), f"trial {trial}: ticks nobody made"
    # The crashed files open as healthy stores: nothing was mistaken for damage and kept aside.
    for made in tmp_path.iterdir():
        if (made / "userdata.db").exists():
            opened = open_store(made / "userdata.db", made / "backups")
            assert opened.notices == ()
            opened.store.close()
        assert not [p.name for p in made.iterdir() if "damaged" in p.name or "orphaned" in p.name]
    elapsed = time.monotonic() - started
    print(f"\n{TRIALS} kills in {elapsed:.1f} s: {stats}")
    assert stats["acknowledged ticks"] > TRIALS  # the kills did land among writes, not only before them


def test_no_acknowledged_needle_mark_is_lost_to_sigkill(tmp_path):
    """A treatment session's needles marked in and out, the process killed at random moments."""
    rng = random.Random(int(os.environ.get("POINTMAP_DURABILITY_SEED", "20261202")))
    folder = tmp_path / "user"
    acknowledged = 0
    for trial in range(TRIALS // 2):  # half as many as for ticks: the same store code, a second table
        client = f"T-{trial}"
        acks, _opened = _run_and_kill(folder, client, rng.uniform(0, 0.05), "needles", after_opened=True)
        acknowledged += len(acks)
        assert acks == list(range(1, len(acks) + 1))
        path = folder / "userdata.db"
        if not acks:
            continue
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"trial {trial}"
            rows = dict(
                conn.execute(
                    "SELECT point_code, removed_at IS NOT NULL FROM needles JOIN sessions ON sessions.id = session_id "
                    "WHERE client_ref = ?",
                    (client,),
                )
            )
        finally:
            conn.close()
        for n in acks:
            code = f"ST{n if n % 2 else n - 1}"
            assert code in rows, f"trial {trial}: needle {code} acknowledged in, not in the record"
            if n % 2 == 0:
                assert rows[code], f"trial {trial}: needle {code} acknowledged out, still in"
    assert acknowledged > TRIALS
