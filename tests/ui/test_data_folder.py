"""The user database's folder: the CLI works it out without Qt, and it must be the folder Qt's
QStandardPaths.AppDataLocation names for the window, or the two would keep two databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths

from pointmap.core.paths import platform_data_dir
from pointmap.ui.app import name_application


@pytest.fixture
def named_app(qapp):
    """The application with the names the window gives it, restored afterwards."""
    before = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    name_application()
    yield
    QCoreApplication.setOrganizationName(before[0])
    QCoreApplication.setApplicationName(before[1])


@pytest.mark.parametrize("xdg", [None, "custom-share"])
def test_the_cli_and_the_window_name_the_same_data_folder(named_app, monkeypatch, tmp_path, xdg):
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / xdg))
    qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert Path(qt) == platform_data_dir()
