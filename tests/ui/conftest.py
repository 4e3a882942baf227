"""Window tests share one QApplication, and a theme sets the application's palette: each test starts
from the palette the application had before any theme was chosen, as a new PointMap does."""

from __future__ import annotations

import pytest

_FIRST_PALETTE = []  # the application's own palette, kept the first time a window test runs


@pytest.fixture(autouse=True)
def _the_applications_own_palette(qapp):
    from PySide6.QtGui import QPalette

    if not _FIRST_PALETTE:
        _FIRST_PALETTE.append(QPalette(qapp.palette()))
    qapp.setPalette(_FIRST_PALETTE[0])
    yield
    qapp.setPalette(_FIRST_PALETTE[0])
