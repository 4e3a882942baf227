"""Shared fixtures. Qt runs offscreen; nothing reads or writes the developer's real settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")

REPO = Path(__file__).resolve().parent.parent
DB = REPO / "data" / "points.db"


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
