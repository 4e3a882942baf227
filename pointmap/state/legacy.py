"""What older PointMaps kept in the settings file and now belongs in the user database: the
hygiene ticks and needle counts (undated JSON under ``hygiene/state``), carried over once."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from pointmap.core.reference import Reference
from pointmap.state.operations import hygiene as ops
from pointmap.state.userdata import UserData

LEGACY_KEY = "hygiene/state"
MAX_LEGACY_BYTES = 1_000_000  # far more than any real state; a bigger value is not ours


def carry_over_hygiene(settings: QSettings, user: UserData, reference: Reference) -> int:
    """Move the old hygiene state into the user database, then remove it from the settings file.
    Malformed values (not JSON, huge, deeply nested, wrong types) are dropped, never fatal.
    Returns the number of ticks carried over."""
    if not settings.contains(LEGACY_KEY) or not user.is_open:
        return 0
    raw = settings.value(LEGACY_KEY)
    state: object = {}
    if isinstance(raw, str) and len(raw) <= MAX_LEGACY_BYTES:
        try:
            state = json.loads(raw)
        except (ValueError, RecursionError):
            state = {}
    imported = ops.carry_over_legacy(user, state, reference)
    settings.remove(LEGACY_KEY)
    settings.sync()
    return imported


def open_user_data(user: UserData, settings: QSettings, reference: Reference) -> bool:
    """Open the user database (after the first frame) and carry the old settings-file state over;
    False when it could not be opened (``user.unavailable`` says why)."""
    if not user.open():
        return False
    carry_over_hygiene(settings, user, reference)
    return True
