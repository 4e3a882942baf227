"""`pointmap sessions export --pdf` as a person runs it on a machine with no display: a program of
its own, Qt started offscreen by the command, a PDF written."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

from pointmap.core.userdata import open_store
from tests.support.session_history import full_session


def test_the_pdf_export_runs_without_a_display(tmp_path):
    folder = tmp_path / "user"
    now = datetime.now().astimezone().replace(microsecond=0)
    store = open_store(folder / "userdata.db", folder / "backups", now=now).store
    full_session(store, now - timedelta(days=3))
    store.close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    target = tmp_path / "record.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "pointmap.cli", "--user-data", str(folder), "sessions", "export", "--pdf", str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote 1 session to" in done.stdout
    assert target.read_bytes().startswith(b"%PDF")
