"""`pointmap --self-test` prints what it found, not the offscreen platform's chatter."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QMessageLogger

from pointmap.ui.selftest import known_qt_noise_dropped

NOISE = "This plugin does not support propagateSizeHints()"


def run(args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_MESSAGE_PATTERN", None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)


def test_self_test_output_has_no_offscreen_plugin_chatter():
    result = run(["-m", "pointmap", "--self-test"])
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stdout
    assert "propagateSizeHints" not in result.stderr


def test_other_qt_messages_still_reach_stderr():
    code = (
        "from PySide6.QtCore import QMessageLogger\n"
        "from pointmap.ui.selftest import known_qt_noise_dropped\n"
        "with known_qt_noise_dropped():\n"
        f"    QMessageLogger().warning({NOISE!r})\n"
        "    QMessageLogger().warning('a warning that matters')\n"
        f"QMessageLogger().warning({NOISE!r})\n"
    )
    result = run(["-c", code])
    assert result.returncode == 0, result.stderr
    # Inside: the known line dropped, the other one shown; after: Qt's own handler again.
    assert result.stderr.splitlines() == ["a warning that matters", NOISE]


@pytest.mark.qt_log_level_fail("CRITICAL")
def test_the_handler_passes_other_messages_to_the_one_before(qtlog):
    with known_qt_noise_dropped():
        QMessageLogger().warning(NOISE)
        QMessageLogger().warning("a warning that matters")
    assert [record.message for record in qtlog.records] == ["a warning that matters"]
