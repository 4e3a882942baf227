"""Child process of tests/e2e/test_note_durability.py: the real window, a person typing a note on ST6.

    python note_child.py USER_FOLDER

It types " w1", " w2", … into the note editor, one word at a time, waits each time until the editor says the
note is saved (the line under it reads "Saved"), and only then prints "ack <n>". The parent kills it with
SIGKILL (TerminateProcess on Windows) at a random moment and checks that every acknowledged word is in the database.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from pointmap.core.paths import Config
    from pointmap.core.reference import Reference
    from pointmap.ui.main_window import MainWindow

    folder = Path(sys.argv[1])
    app = QApplication([])
    config = Config.from_environment(user_dir=folder)
    window = MainWindow(Reference.load(), QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat), config)
    window.show()
    window.build_panels()
    window.state.select("ST6")
    editor = window.own.note_editor
    editor.edit.setFocus()
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        QTest.keyClicks(editor.edit, f" w{n}")
        while not editor.status.text().startswith("Saved"):  # the acknowledgement a person sees
            app.processEvents()
            time.sleep(0.005)
        sys.stdout.write(f"ack {n}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
