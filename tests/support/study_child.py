"""Child process of tests/e2e/test_study_durability.py: the real window, a student answering locate questions.

    python study_child.py USER_FOLDER

It starts study mode on a hand-picked deck of arm points, clicks on the diagram for each question, waits
until the Study tab shows the verdict (the answer is recorded by then), prints "ack <n> <code>", and goes
on with Next. The parent kills it hard (SIGKILL; TerminateProcess on Windows) at a random moment, mid-answer
or not, and checks that every acknowledged answer is in the database and that each card's state agrees
with its last answer.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from pointmap.core.paths import Config
    from pointmap.core.reference import Reference
    from pointmap.state.operations import study as ops
    from pointmap.ui.main_window import MainWindow

    folder = Path(sys.argv[1])
    app = QApplication([])
    config = Config.from_environment(user_dir=folder)
    window = MainWindow(Reference.load(), QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat), config)
    window.resize(1200, 800)
    window.show()
    window.build_panels()
    codes = tuple(p.code for p in window.reference.points_in(region="arm"))
    chosen = replace(
        ops.settings(window.user), deck=("picked", "set"), picked=codes, kinds=("locate",), new_per_day=1000
    )
    ops.save_settings(window.user, chosen)
    mode = window.study_mode
    mode.show_setup()
    mode.start()
    print("ready", flush=True)
    n = 0
    while mode.question is not None:
        n += 1
        viewport = window.view.viewport()
        spot = viewport.rect().center()
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
        app.processEvents()
        if mode.question.answered and mode.panel.verdict.text():
            print(f"ack {n} {mode.question.code}", flush=True)
        mode.ask_next()
        app.processEvents()


if __name__ == "__main__":
    main()
