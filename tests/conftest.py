"""Shared fixtures. Qt runs offscreen; nothing reads or writes the developer's real settings."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")

REPO = Path(__file__).resolve().parent.parent
DB = REPO / "data" / "points.db"

WINDOWS = sys.platform == "win32"


def posix_only(reason: str):
    """Skip a test on Windows only, saying why the behaviour it checks does not exist there (file
    modes, chmod-made read-only folders, a POSIX shell, byte arguments). It always runs on Linux and macOS."""
    return pytest.mark.skipif(WINDOWS, reason=f"POSIX only: {reason}")


# The reasons shared by several tests.
FILE_MODES = "Windows has no rwx file modes (os.chmod sets only the read-only flag; stat reports 0o666 or 0o444)"
READ_ONLY_FOLDER = "Windows ignores chmod on a folder, so a read-only folder cannot be made that way"
NO_RLIMIT = "Windows has no resource module (RLIMIT_FSIZE) to make the system refuse a write"


def killed_hard(process) -> None:
    """Kill ``process`` at once, as a power cut or the task manager would: SIGKILL on POSIX,
    TerminateProcess on Windows (Popen.kill() is both); no handler, finally block or atexit runs.
    Asserts that it was still running, so the kill and nothing else ended it."""
    assert process.poll() is None, f"the child ended by itself with status {process.returncode}"
    process.kill()
    process.wait(10)
    # POSIX: killed by signal 9. Windows: TerminateProcess gives the exit code Popen.kill() passes, 1.
    expected = 1 if WINDOWS else -signal.SIGKILL
    assert process.returncode == expected, f"status {process.returncode}, not {expected}"


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    """Point the user store and QSettings at a fresh temp folder for every test."""
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("POINTMAP_USER_DIR", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    monkeypatch.delenv("POINTMAP_REFERENCE_DB", raising=False)
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings"))
    yield home


@pytest.fixture(scope="session")
def reference():
    from pointmap.core.reference import Reference

    return Reference.load(DB)


@pytest.fixture(scope="session")
def index(reference):
    from pointmap.core.search import index_from_reference

    return index_from_reference(reference)


# Ways to damage a copy of points.db that SQLite still opens; each with a word the message must name.
DAMAGE = {
    "a position names a point that is not in the data": (
        "INSERT INTO positions VALUES ('XX99', 'face', 'center', 0, '', 0.5, 0.5)",
        "XX99",
    ),
    "no diagrams at all": ("DELETE FROM positions; DELETE FROM grid_segments; DELETE FROM diagrams", "no diagrams"),
    "artwork outside the assets folder": (
        "UPDATE diagrams SET asset = '../../etc/passwd' WHERE id = 'face'",
        "outside",
    ),
    "artwork that is not installed": (
        "UPDATE diagrams SET asset = 'diagrams/gone.svg' WHERE id = 'abdomen'",
        "gone.svg",
    ),
    "a position without coordinates": ("UPDATE positions SET x = NULL WHERE point_code = 'ST6'", "ST6"),
    "a protocol names a missing point": ("UPDATE protocol_points SET point_code = 'ZZ1' WHERE position = 1", "ZZ1"),
}


def damaged_copy(tmp_path, sql: str):
    target = tmp_path / "points.db"
    shutil.copy(DB, target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return target


def copy_of_db(tmp_path: Path, name: str = "points.db") -> Path:
    """A private copy of the committed points.db to damage."""
    target = tmp_path / name
    shutil.copy(DB, target)
    return target


def _rewrite(path: Path, table: str, columns: list[str], typed: bool) -> None:
    """Recreate ``table`` with only ``columns`` (typeless when not ``typed``), keeping its rows."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    info = {row[1]: row[2] for row in conn.execute(f'PRAGMA table_info("{table}")')}
    listed = ", ".join(f'"{c}"' for c in columns)
    declared = ", ".join(f'"{c}" {info[c] if typed else ""}' for c in columns)
    conn.executescript(
        f'CREATE TABLE "_new" ({declared}); INSERT INTO "_new" ({listed}) SELECT {listed} FROM "{table}"; '
        f'DROP TABLE "{table}"; ALTER TABLE "_new" RENAME TO "{table}";'
    )
    conn.commit()
    conn.close()


def drop_column(path: Path, table: str, column: str) -> None:
    """Remove one column (any column: key, indexed or not) from a table of a copy."""
    conn = sqlite3.connect(path)
    columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")') if row[1] != column]
    conn.close()
    _rewrite(path, table, columns, typed=True)


def make_typeless(path: Path, table: str) -> None:
    """Recreate a table with columns of no declared type, so a number can sit in a text column."""
    conn = sqlite3.connect(path)
    columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    conn.close()
    _rewrite(path, table, columns, typed=False)


def set_in_first_row(path: Path, table: str, column: str, value) -> None:
    """Store ``value`` in ``column`` of the table's first row (constraints off, as damage would)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = (SELECT min(rowid) FROM "{table}")', (value,))
    conn.commit()
    conn.close()


def answer_next_dialog(qtbot, button_text: str | None = None, seen: list | None = None):
    """Answer the next modal dialog as a person would: press the button whose text contains
    ``button_text`` (None: the default button, as Enter would). Its text goes into ``seen``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        if seen is not None:
            seen.append(box.text())
        if button_text is None:
            (box.defaultButton() or box.buttons()[0]).click()
            return
        for button in box.buttons():
            if button_text.lower() in button.text().replace("&", "").lower():
                button.click()
                return
        raise AssertionError(f"no button '{button_text}' in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, answer)


def pytest_configure(config):
    """Give tests/core/deadline.py the real standard error (output is not captured yet) and pytest's
    faulthandler_timeout, for its Windows backstop."""
    try:
        from tests.core import deadline
    except ImportError:  # pytest run from elsewhere than the repository's folder: no deadline in use
        return
    deadline.stderr_fd = os.dup(2)
    deadline.pytest_timeout = float(config.getini("faulthandler_timeout") or 0)


def pytest_collection_modifyitems(config, items):
    """Tests under tests/ui drive widgets (marked gui); tests under tests/e2e run whole programs
    (marked slow): `pytest -m "not gui and not slow"` runs the layers below the window alone."""
    for item in items:
        parts = item.path.parts
        if "ui" in parts:
            item.add_marker(pytest.mark.gui)
        if "e2e" in parts:
            item.add_marker(pytest.mark.slow)


def act_on_next_dialog(qtbot, action, kind=None):
    """Do ``action(dialog)`` to the next modal dialog (of class ``kind``) as a person would: fill its
    fields, then accept or reject it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind or QDialog):
            QTimer.singleShot(10, act)
            return
        action(dialog)

    QTimer.singleShot(0, act)
