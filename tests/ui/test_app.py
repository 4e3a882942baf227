"""Starting the application: where it keeps what it writes, and what a person sees when it cannot start."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from pointmap.cli import main
from pointmap.ui import main_window


def test_user_data_folder_holds_the_window_settings_and_cache(tmp_path, monkeypatch, qapp):
    created = []

    class Recorder(main_window.MainWindow):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            created.append(self)

    monkeypatch.setattr(main_window, "MainWindow", Recorder)
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    monkeypatch.delenv("POINTMAP_USER_DIR")
    assert main(["--user-data", str(tmp_path)]) == 0
    window = created[0]
    assert window.config.user_dir == tmp_path
    assert window.config.cache_dir.is_relative_to(tmp_path)
    assert window.window_settings.settings.fileName() == str(tmp_path / "settings.ini")
    window.close()
    assert (tmp_path / "settings.ini").is_file()
